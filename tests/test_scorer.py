"""The scorer on hand-made cases whose figures are worked out by hand in the comments."""
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import pytest
import spacy
from spacy.training import Example

from quotes.items import record_to_doc, register_extensions
from quotes.scorer import (
    alnum_offsets,
    dice,
    greedy_pairs,
    make_quote_scorer,
    match_records,
    score_quotes,
    score_records,
)

TEXT = (
    "“We will win,” Benjamin Netanyahu said on Monday. “We will not stop.” "
    "He added that taxes would fall, according to his office. Netanyahu spoke for an hour."
)
Where = Union[str, Tuple[str, int]]


def at(text: str, where: Where) -> Tuple[int, int]:
    """Offsets of a substring (optionally its n-th occurrence), so no test counts characters."""
    sub, n = (where, 0) if isinstance(where, str) else where
    start = -1
    for _ in range(n + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def span(text: str, where: Optional[Where]) -> Optional[Dict[str, Any]]:
    if where is None:
        return None
    s, e = at(text, where)
    return {"start": s, "end": e, "text": text[s:e]}


def quote(
    content: Union[Where, Sequence[Where]],
    speaker: Optional[Where] = None,
    cue: Optional[Where] = None,
    type: str = "direct",
    resolved: Optional[Where] = None,
    text: str = TEXT,
) -> Dict[str, Any]:
    parts = [content] if isinstance(content, (str, tuple)) else list(content)
    frags = [list(at(text, p)) for p in parts]
    sp = span(text, speaker)
    if sp is not None:
        sp["resolved"] = span(text, resolved)
    start, end = frags[0][0], frags[-1][1]
    return {
        "type": type,
        "content": {"start": start, "end": end, "text": text[start:end], "fragments": frags},
        "speaker": sp,
        "cue": span(text, cue),
        "score": 1.0,
    }


def record(quotes: List[Dict[str, Any]], text: str = TEXT, id: str = "d1") -> Dict[str, Any]:
    return {"id": id, "text": text, "quotes": quotes}


WIN = quote("“We will win,”", "Benjamin Netanyahu", "said")
TAXES = quote("that taxes would fall", "He", "added", "indirect", resolved="Benjamin Netanyahu")
OFFICE = quote("that taxes would fall", "his office", "according to", "indirect")
GOLD = record([WIN, TAXES])


def test_alnum_offsets_and_dice():
    assert alnum_offsets("“a-b,”", 0, 6) == frozenset({1, 3})
    assert alnum_offsets("...", 0, 3) == frozenset()
    # |A|=4, |B|=2, |A∩B|=2: 2*2/(4+2)
    assert dice(frozenset({1, 2, 3, 4}), frozenset({3, 4})) == pytest.approx(4 / 6)
    assert dice(frozenset(), frozenset()) == 0.0


def test_exact_match_scores_one():
    scores = score_records([(GOLD, record([WIN, TAXES]))])
    for key in (
        "attribution", "attribution_quoted", "content", "content_overlap", "cue", "speaker"
    ):
        for m in "prf":
            assert scores[f"quotes_{key}_{m}"] == 1.0, key
    assert scores["quotes_attribution_f_direct"] == 1.0
    assert scores["quotes_attribution_f_indirect"] == 1.0
    # No mixed quote on either side: nothing to score.
    assert scores["quotes_attribution_f_mixed"] is None
    assert scores["quotes_attribution_f_name"] == 1.0
    assert scores["quotes_attribution_f_pronoun"] == 1.0
    assert scores["quotes_counts"]["attribution"] == {
        "right_pred": 2, "n_pred": 2, "right_gold": 2, "n_gold": 2
    }


def test_edge_punctuation_and_quote_marks_do_not_decide():
    # The same alnum characters: "We will win" without marks and comma, "Monday" vs "Monday.".
    pred = record([quote("We will win", "Benjamin Netanyahu", " said"), TAXES])
    scores = score_records([(GOLD, pred)])
    assert scores["quotes_content_f"] == 1.0
    assert scores["quotes_cue_f"] == 1.0
    assert scores["quotes_attribution_f"] == 1.0


def test_overlap_versus_exact_content():
    # Gold "that taxes would fall" has 4+5+5+4 = 18 alnum chars, predicted "taxes would fall" 14:
    # Dice = 2*14/(18+14) = 0.875 >= 0.5: an overlap match but not an exact one.
    pred = record([WIN, quote("taxes would fall", "He", "added", "indirect")])
    scores = score_records([(GOLD, pred)])
    # exact content: 1 of 2 on each side
    assert scores["quotes_content_p"] == 0.5 and scores["quotes_content_r"] == 0.5
    assert scores["quotes_content_overlap_f"] == 1.0
    assert scores["quotes_attribution_f"] == 1.0
    match = match_records(GOLD, pred)
    assert [round(p.dice, 3) for p in match.pairs] == [1.0, 0.875]

    # Predicted "fall" (4) against 18: Dice = 8/22 = 0.36 < 0.5: a miss and a false alarm.
    pred = record([WIN, quote("fall", "He", "added", "indirect")])
    scores = score_records([(GOLD, pred)])
    assert scores["quotes_content_overlap_p"] == 0.5
    assert scores["quotes_attribution_p"] == 0.5 and scores["quotes_attribution_r"] == 0.5
    match = match_records(GOLD, pred)
    assert match.missed == [1] and match.false_alarms == [1]


def test_fragments_are_unioned():
    # One quote in two fragments around "Benjamin Netanyahu said on Monday.".
    two = quote(["“We will win,”", "“We will not stop.”"], "Benjamin Netanyahu", "said")
    gold = record([two])
    # The same alnum characters split differently (the second fragment in two pieces): exact.
    split = quote(["“We will win,”", ("“We will", 1), "not stop.”"], "Benjamin Netanyahu", "said")
    assert score_records([(gold, record([split]))])["quotes_content_f"] == 1.0

    # One span from "We" to "stop" also covers "Benjamin Netanyahu said on Monday":
    # fragments: We will win (9) + We will not stop (13) = 22; the span adds
    # Benjamin(8) Netanyahu(9) said(4) on(2) Monday(6) = 29, so 51.
    # Dice = 2*22/(22+51) = 44/73 = 0.603: overlap yes, exact no; attribution right.
    start = at(TEXT, "“We will win,”")[0]
    end = at(TEXT, "“We will not stop.”")[1]
    one = quote("“We will win,”", "Benjamin Netanyahu", "said")
    one["content"]["end"] = end
    one["content"]["fragments"] = [[start, end]]
    scores = score_records([(gold, record([one]))])
    assert scores["quotes_content_f"] == 0.0
    assert scores["quotes_content_overlap_f"] == 1.0
    assert scores["quotes_attribution_f"] == 1.0
    assert match_records(gold, record([one])).pairs[0].dice == pytest.approx(44 / 73)


def test_absent_speaker():
    no_speaker = quote("that taxes would fall", None, "added", "indirect")
    gold = record([no_speaker])
    # Both absent: right.
    assert score_records([(gold, record([no_speaker]))])["quotes_attribution_f"] == 1.0
    # Gold absent, predicted present: wrong (P = R = 0), though the content is found.
    scores = score_records([(gold, record([quote("that taxes would fall", "He", "added")]))])
    assert scores["quotes_attribution_f"] == 0.0
    assert scores["quotes_content_f"] == 1.0
    # Gold present, predicted absent: wrong, and a partial error in the details.
    match = match_records(GOLD, record([WIN, no_speaker]))
    assert [(p.speaker_ok, p.cue_ok) for p in match.pairs] == [(True, True), (False, True)]
    assert len(match.partial) == 1
    # 1 right of 2 predicted, of 2 gold.
    assert score_records([(GOLD, record([WIN, no_speaker]))])["quotes_attribution_f"] == 0.5
    # The speaker-kind slices: the gold "He" quote is in "pronoun" (R = 0/1), the predicted
    # speakerless quote in "none" (P = 0/1).
    scores = score_records([(GOLD, record([WIN, no_speaker]))])
    assert scores["quotes_attribution_r_pronoun"] == 0.0
    assert scores["quotes_attribution_p_pronoun"] == 0.0  # no predicted pronoun: 0.0, not None
    assert scores["quotes_attribution_p_none"] == 0.0
    assert scores["quotes_attribution_r_none"] == 0.0


def test_span_without_alnum_is_ignored():
    # A speaker covering only a dash counts as absent; a content covering only a mark is dropped.
    dash = "“We will win,” — said"
    gold = record([quote("“We will win,”", None, "said", text=dash)], text=dash)
    pred = record(
        [quote("“We will win,”", "—", "said", text=dash), quote("“", None, None, text=dash)],
        text=dash,
    )
    scores = score_records([(gold, pred)])
    assert scores["quotes_attribution_f"] == 1.0
    assert scores["quotes_speaker_p"] is None  # no speaker span on either side
    assert scores["quotes_counts"]["attribution"]["n_pred"] == 1


def test_duplicates():
    # The same predicted quote twice: content, cue and speaker count it once (P = R = 1);
    # attribution pairs one with the gold quote and the other is a false alarm: P = 1/2, R = 1/1.
    gold = record([WIN])
    scores = score_records([(gold, record([WIN, WIN]))])
    assert scores["quotes_content_p"] == 1.0 and scores["quotes_speaker_p"] == 1.0
    assert scores["quotes_attribution_p"] == 0.5
    assert scores["quotes_attribution_r"] == 1.0
    assert scores["quotes_attribution_f"] == pytest.approx(2 / 3)
    match = match_records(gold, record([WIN, WIN]))
    assert len(match.pairs) == 1 and match.false_alarms == [1]


def test_pairing_prefers_the_right_attribution_on_ties():
    # Two predicted quotes over the same gold content, the wrong speaker listed first: the right one
    # is paired, the wrong one is the false alarm.
    wrong = quote("that taxes would fall", "his office", "added", "indirect")
    match = match_records(record([TAXES]), record([wrong, TAXES]))
    assert [(p.gold, p.pred, p.right) for p in match.pairs] == [(0, 1, True)]
    assert match.false_alarms == [0]


def test_greedy_pairs_takes_highest_dice_first():
    a = frozenset(range(10))
    b = frozenset(range(4, 10))
    # gold a; pred a (Dice 1) and b (Dice 12/16): a pairs with a.
    assert greedy_pairs([a], [b, a]) == [(0, 1, 1.0)]


def test_quoted_slice():
    # Gold: WIN (quoted) and TAXES (not quoted). Predicted: WIN with the wrong cue (quoted, wrong),
    # TAXES right, and a false alarm "We will not stop" (quoted).
    stop = quote("“We will not stop.”", "Benjamin Netanyahu", "said")
    pred = record([quote("“We will win,”", "Benjamin Netanyahu", "added"), TAXES, stop])
    scores = score_records([(GOLD, pred)])
    # Quoted: P = 0 right / 2 quoted predicted; R = 0 / 1 quoted gold.
    assert scores["quotes_attribution_quoted_p"] == 0.0
    assert scores["quotes_attribution_quoted_r"] == 0.0
    # All: P = 1/3, R = 1/2, F = 2*(1/3)(1/2)/(5/6) = 0.4.
    assert scores["quotes_attribution_p"] == pytest.approx(1 / 3)
    assert scores["quotes_attribution_r"] == 0.5
    assert scores["quotes_attribution_f"] == pytest.approx(0.4)
    # Cue: gold {said, added}, predicted {added, added, said}: unique {added, said}: P = R = 1.
    assert scores["quotes_cue_f"] == 1.0
    # Content: gold {win, taxes}, predicted {win, taxes, stop}: P = 2/3, R = 1.
    assert scores["quotes_content_p"] == pytest.approx(2 / 3)
    assert scores["quotes_content_r"] == 1.0
    # Right quoted prediction: P = R = 1 on the slice.
    scores = score_records([(GOLD, record([WIN]))])
    assert scores["quotes_attribution_quoted_f"] == 1.0
    assert scores["quotes_attribution_r"] == 0.5


def test_type_slices_by_gold_and_predicted_type():
    # TAXES predicted right but typed "mixed": the indirect slice has R = 1/1 and no predictions
    # (P = 0.0), the mixed slice has P = 1/1 and no gold (R = 0.0).
    mistyped = dict(TAXES, type="mixed")
    scores = score_records([(record([TAXES]), record([mistyped]))])
    assert scores["quotes_attribution_r_indirect"] == 1.0
    assert scores["quotes_attribution_p_indirect"] == 0.0
    assert scores["quotes_attribution_p_mixed"] == 1.0
    assert scores["quotes_attribution_r_mixed"] == 0.0
    assert scores["quotes_attribution_f"] == 1.0


def test_resolved_speaker():
    # Gold "He" resolved to the first "Benjamin Netanyahu"; a prediction resolved to the later
    # "Netanyahu" is a different name ("netanyahu" != "benjamin netanyahu"): 0/1.
    late = quote("that taxes would fall", "He", "added", "indirect", resolved=("Netanyahu", 1))
    scores = score_records([(record([TAXES]), record([late]))])
    assert scores["quotes_resolved_acc"] == 0.0 and scores["quotes_resolved_n"] == 1
    # The same name at another place is right: a text whose name occurs twice in full.
    text = "Benjamin Netanyahu said so. He added that taxes would fall. Benjamin Netanyahu left."
    gold = record(
        [quote("that taxes would fall", "He", "added", resolved="Benjamin Netanyahu", text=text)],
        text=text,
    )
    pred = record(
        [quote("that taxes would fall", "He", "added", resolved=("Benjamin Netanyahu", 1), text=text)],
        text=text,
    )
    scores = score_records([(gold, pred)])
    assert scores["quotes_resolved_acc"] == 1.0
    # No resolved name predicted: the speaker's own text ("he") is compared: wrong.
    unresolved = quote("that taxes would fall", "He", "added", text=text)
    assert score_records([(gold, record([unresolved], text=text))])["quotes_resolved_acc"] == 0.0
    # No gold resolved name: nothing to measure.
    assert score_records([(record([WIN]), record([WIN]))])["quotes_resolved_acc"] is None


def test_empty_document():
    empty = record([], text="Nothing was said.")
    scores = score_records([(empty, empty)])
    # Nothing to score: every figure is None, as spaCy's span scorer does.
    assert scores["quotes_attribution_f"] is None
    assert scores["quotes_content_p"] is None
    assert scores["quotes_docs_n"] == 1
    # Beside a scored document it changes nothing.
    assert score_records([(empty, empty), (GOLD, GOLD)]) == dict(
        score_records([(GOLD, GOLD)]), quotes_docs_n=2
    )
    # No predictions against gold: P = R = F = 0.0 (spaCy's PRFScore convention).
    scores = score_records([(GOLD, record([]))])
    assert scores["quotes_attribution_p"] == 0.0 and scores["quotes_attribution_r"] == 0.0
    assert score_records([])["quotes_attribution_f"] is None


def test_texts_must_agree():
    with pytest.raises(ValueError, match="d1"):
        score_records([(GOLD, record([], text="Another text."))])
    # A predicted record may leave its text out.
    assert score_records([(GOLD, {"id": "d1", "quotes": [WIN, TAXES]})])["quotes_attribution_f"] == 1.0


@pytest.fixture
def nlp():
    register_extensions()
    return spacy.blank("en")


def test_score_quotes_on_examples(nlp):
    gold_doc = record_to_doc(nlp(TEXT), GOLD)
    pred_doc = record_to_doc(nlp(TEXT), record([WIN]))
    scores = score_quotes([Example(pred_doc, gold_doc)])
    # WIN right, TAXES missed: P = 1/1, R = 1/2.
    assert scores["quotes_attribution_p"] == 1.0
    assert scores["quotes_attribution_r"] == 0.5
    assert scores["quotes_resolved_acc"] is None  # the only resolved gold speaker was missed
    perfect = score_quotes([Example(record_to_doc(nlp(TEXT), GOLD), gold_doc)])
    assert perfect["quotes_attribution_f"] == 1.0
    assert perfect["quotes_resolved_acc"] == 1.0
    # Docs without quotes set.
    assert score_quotes([Example(nlp(TEXT), nlp(TEXT))])["quotes_attribution_f"] is None


def test_score_quotes_under_spacy_evaluate_keys(nlp):
    """`spacy evaluate --spans-key quotes` prints spans_quotes_p/r/f and spans_quotes_per_type."""
    gold_doc = record_to_doc(nlp(TEXT), GOLD)
    scores = score_quotes([Example(record_to_doc(nlp(TEXT), record([WIN])), gold_doc)])
    assert (scores["spans_quotes_p"], scores["spans_quotes_r"]) == (1.0, 0.5)  # attribution's
    assert scores["spans_quotes_f"] == scores["quotes_attribution_f"]
    table = scores["spans_quotes_per_type"]
    assert list(table) == ["attribution", "attribution quoted", "content", "content overlap", "cue",
                           "speaker", "attribution direct", "attribution indirect", "attribution mixed"]
    assert table["cue"] == {x: scores[f"quotes_cue_{x}"] for x in "prf"}
    assert table["attribution indirect"] == {"p": 0.0, "r": 0.0, "f": 0.0}  # TAXES missed
    assert table["attribution mixed"] == {"p": None, "r": None, "f": None}  # none either side


def test_registered_scorer():
    assert spacy.registry.scorers.get("quotes.scorer.v1") is make_quote_scorer
    assert make_quote_scorer() is score_quotes


@pytest.mark.parametrize(
    "a,b,same",
    [("the National Association of Property Owners", "National Association of Property Owners", True),
     ("Benjamin Netanyahu", "benjamin  netanyahu.", True),
     ("The Hague", "Hague", True),
     ("Donald Trump", "Donald Trump Jr", False),
     ("the", "The", True)],
)
def test_normalize_name(a, b, same):
    from quotes.scorer import normalize_name

    assert (normalize_name(a) == normalize_name(b)) is same
