"""The rule component on each construction of news quoting, with examples written for this project."""
import pytest
import spacy
from spacy.lang.en import English

from quotes.items import get_quotes


def found(nlp, text):
    return [
        (q.text, q.speaker.text if q.speaker else None, q.cue.text if q.cue else None, q.type)
        for q in get_quotes(nlp(text))
    ]


CASES = [
    # cue after the quote
    ("“We will not back down,” Mayor Ellen Park said on Tuesday.",
     [("“We will not back down,”", "Mayor Ellen Park", "said", "direct")]),
    # straight quotes, and a mismatched pair as in the seed article
    ('"The plant stays open," the company said.',
     [('"The plant stays open,"', "the company", "said", "direct")]),
    ('“I have no guarantees that the deal will hold," Ortiz told reporters on Feb. 3.',
     [('“I have no guarantees that the deal will hold,"', "Ortiz", "told", "direct")]),
    # inverted order, with a relative clause on the speaker
    ("“We were never consulted,” said the spokesman, who declined to be named.",
     [("“We were never consulted,”", "the spokesman, who declined to be named", "said", "direct")]),
    ("“It is a fair price,” said Tom Reyes.",
     [("“It is a fair price,”", "Tom Reyes", "said", "direct")]),
    # cue before the quote, colon introduction
    ("The minister told reporters on Monday: “There will be no deal.”",
     [("“There will be no deal.”", "The minister", "told", "direct")]),
    ("He said: “I heard nothing.”", [("“I heard nothing.”", "He", "said", "direct")]),
    # cue inside the quote: one quote, two fragments
    ("“We tried,” she said, “but the money ran out.”",
     [("“We tried,” … “but the money ran out.”", "she", "said", "direct")]),
    # a continuation sentence with no cue of its own
    ("“It was a disaster,” the coach said of the game. “We have to do better.”",
     [("“It was a disaster,” … “We have to do better.”", "the coach", "said", "direct")]),
    # indirect, with and without "that"
    ("The Israeli leader said he would send a delegation to Qatar.",
     [("he would send a delegation to Qatar", "The Israeli leader", "said", "indirect")]),
    ("The company said in a statement that profits fell sharply.",
     [("profits fell sharply", "The company", "said", "indirect")]),
    # mixed
    ("Park said the meeting was “positive and friendly.”",
     [("the meeting was “positive and friendly.”", "Park", "said", "mixed")]),
    ("Lee tweeted that the vote had been “rigged from the start.”",
     [("the vote had been “rigged from the start.”", "Lee", "tweeted", "mixed")]),
    # according to
    ("The deal is off, according to two officials.",
     [("The deal is off", "two officials", "according to")]),
    # speech verbs in their forms
    ("The union warned that strikes would follow.",
     [("strikes would follow", "The union", "warned", "indirect")]),
    ("Dr. Amal Reed, a spokeswoman for the court, pointed out that nothing was decided.",
     [("nothing was decided", "Dr. Amal Reed, a spokeswoman for the court", "pointed out", "indirect")]),
    ("Critics insisted the rules were unfair, adding that they would appeal.",
     [("the rules were unfair", "Critics", "insisted", "indirect"),
      ("they would appeal", "Critics", "adding", "indirect")]),
    ("He has decried the charges and said he is the victim of a “witch hunt.”",
     [("he is the victim of a “witch hunt.”", "He", "said", "mixed")]),
    # descriptions and possessive organisations
    ("His office said the visit was postponed.",
     [("the visit was postponed", "His office", "said", "indirect")]),
    ("A senior official wrote that talks had stalled.",
     [("talks had stalled", "A senior official", "wrote", "indirect")]),
    # nested quotes stay inside the outer one
    ("“He told me, ‘never again,’ and he meant it,” she said.",
     [("“He told me, ‘never again,’ and he meant it,”", "she", "said", "direct")]),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_construction(rules_nlp, text, expected):
    got = found(rules_nlp, text)
    if expected and len(expected[0]) == 3:  # type left to the marks
        got = [g[:3] for g in got]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "Critics attacked the so-called “woke” policies of the board.",
        "The film “Night Train” opens on Friday at the Rialto.",
        "Fans call him “The Hammer” and he likes it.",
        "The senator’s aides met the players’ union in the ’90s.",
        "Officials believe the bridge will reopen in May.",
        "",
    ],
)
def test_no_speech_no_quote(rules_nlp, text):
    assert found(rules_nlp, text) == []


def test_multi_paragraph_quote(rules_nlp):
    text = ("“The first paragraph runs on without a closing mark.\n\n"
            "“The second one does too.\n\n"
            "“And the third closes it,” said Councillor Jo Bell.")
    (q,) = get_quotes(rules_nlp(text))
    assert len(q.content) == 3
    assert q.content[0].text.startswith("“The first") and q.content[-1].text.endswith("closes it,”")
    assert q.speaker.text == "Councillor Jo Bell" and q.cue.text == "said" and q.type == "direct"


def test_two_speakers_in_a_row(rules_nlp):
    text = "“Yes,” said Ann Cole. “No,” said Bob Dean."
    got = found(rules_nlp, text)
    assert [(g[0], g[1]) for g in got] == [("“Yes,”", "Ann Cole"), ("“No,”", "Bob Dean")]


def test_resolution_of_pronouns_and_descriptions(rules_nlp):
    text = ("Israeli Prime Minister Benjamin Netanyahu met Donald Trump on Tuesday. "
            "Trump said the talks were good. He said he would return. "
            "The Israeli leader said a delegation would travel to Qatar.")
    quotes = get_quotes(rules_nlp(text))
    resolved = {q.speaker.text: q.resolved.text if q.resolved else None for q in quotes}
    assert resolved["Trump"] == "Donald Trump"
    assert resolved["The Israeli leader"] == "Benjamin Netanyahu"


def test_needs_a_parser():
    nlp = English()
    nlp.add_pipe("quote_rules")
    with pytest.raises(ValueError, match="dependency parse"):
        nlp("He said it would rain.")


def test_scores_are_probabilities(rules_nlp):
    for q in get_quotes(rules_nlp("“Fine,” she said. The firm said profits rose.")):
        assert 0.0 < q.score <= 1.0


@pytest.mark.parametrize(
    "text,speaker,cue",
    [
        ("Park did not hold back when she spoke to reporters on Monday. “This deal is dead and everyone knows it.”",
         "she", "spoke"),
        ("“We will be back next season, stronger than ever.” So said the coach.", "the coach", "said"),
    ],
)
def test_cue_in_the_sentence_before_or_after(rules_nlp, text, speaker, cue):
    (q,) = get_quotes(rules_nlp(text))
    assert q.type == "direct" and q.speaker.text == speaker and q.cue.text == cue


def test_quote_alone_without_frame_is_not_attributed(rules_nlp):
    assert found(rules_nlp, "The council met on Monday. “Nothing was decided at all today.”") == []
