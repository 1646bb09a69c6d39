"""Words that introduce reported speech: the cue lexicon of the rule component."""

# Lemmas of verbs of speaking and writing. Verbs of thinking ("believe", "think") are left out on
# purpose: the project's guide annotates communication, not belief (PolNeAR annotates both).
SPEECH_VERBS = frozenset(
    """
    say tell add warn insist tweet write post claim argue note explain state announce ask reply
    respond declare acknowledge admit deny suggest predict report confirm stress emphasize emphasise
    urge complain recall vow promise pledge testify allege assert contend maintain observe remark
    comment concede caution reveal disclose joke quip boast counter retort shout whisper mutter
    exclaim answer agree repeat reiterate propose recommend advise demand inform assure threaten
    forecast speculate concur continue describe lament grumble hint indicate point mention
    clarify conclude affirm charge accuse blog text email told speak
    """.split()
)

# Verbs of naming, cues of the guide's mixed quotes ("*called* the ruling “a disgrace”").
NAMING_VERBS = frozenset("call name nickname dub label brand dismiss describe term".split())

# Lemmas of verbs of thinking, knowing, perceiving, expecting and intending. PolNeAR annotates
# their attributions ("voters *believe* ...", "officials *expect* ..."); the guide does not.
NOT_SPEECH_VERBS = frozenset(
    """
    think believe know expect want feel fear hope understand learn find need plan seem consider
    doubt suspect assume wish intend aim see hear notice realize realise recognize recognise
    remember forget worry estimate show appear anticipate imagine suppose guess trust prefer
    """.split()
)

# Verbs that are cues only with a particle ("point out").
PARTICLE_CUES = {"point": {"out"}}

# Verbs that introduce speech only with a clause or a quote (never with a plain object): "continue"
# is a cue in "“...,” he continued." but not in "continue talks".
NEEDS_QUOTE = frozenset({"continue", "describe", "indicate", "charge", "accuse", "conclude"})

# Multi-word cues whose speaker is the object of their preposition.
PHRASE_CUES = {("according", "to")}
