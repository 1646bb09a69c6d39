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

# Verbs that are cues only with a particle ("point out").
PARTICLE_CUES = {"point": {"out"}}

# Verbs that introduce speech only with a clause or a quote (never with a plain object): "continue"
# is a cue in "“...,” he continued." but not in "continue talks".
NEEDS_QUOTE = frozenset({"continue", "describe", "indicate", "charge", "accuse", "conclude"})

# Multi-word cues whose speaker is the object of their preposition.
PHRASE_CUES = {("according", "to")}
