"""The document decode (quotes/decode.py): constraints over a document's candidate quotes."""
import pytest
import spacy

from quotes import items
from quotes.component import TextLayout
from quotes.decode import attach_continuations, choose, cut_at_sentence_ends, decode_document


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def span(doc, text, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    s = doc.char_span(start, start + len(text), alignment_mode="expand")
    assert s is not None and s.text == text
    return s


def quote(doc, contents, speaker=None, cue=None, score=0.9):
    content = [span(doc, c) for c in contents]
    return items.Quote(content=content, speaker=span(doc, speaker) if speaker else None,
                       cue=span(doc, cue) if cue else None, type=items.content_type(content), score=score)


def texts(q):
    return [f.text for f in q.content]


def layout_of(doc, quotes_):
    return TextLayout.of(doc, [(q.cue.start, q.cue.end) for q in quotes_ if q.cue is not None])


def test_crossing_candidates_keep_the_better_and_trim_the_other(nlp):
    doc = nlp("Smith said the vote was rigged and Jones argued the count was fair and final.")
    good = quote(doc, ["the count was fair and final"], "Jones", "argued", score=0.9)
    bad = quote(doc, ["the vote was rigged and Jones argued the count"], "Smith", "said", score=0.6)
    out = choose([bad, good])
    assert [texts(q) for q in out] == [["the vote was rigged and"], ["the count was fair and final"]]
    covered = [i for q in out for f in q.content for i in range(f.start, f.end)]
    assert len(covered) == len(set(covered)), "no token in two contents"


def test_a_candidate_that_loses_the_piece_by_its_cue_is_dropped(nlp):
    doc = nlp("He said “we will win this race” and “nothing else matters,” she added.")
    first = quote(doc, ["“we will win this race” and “nothing else matters,”"], "He", "said", score=0.5)
    second = quote(doc, ["“we will win this race” and “nothing else matters,”"], "she", "added", score=0.9)
    out = choose([first, second])
    assert len(out) == 1 and out[0].cue.text == "added"


def test_nested_quotes_are_kept(nlp):
    doc = nlp("“He told me, ‘never again,’ and I believed him,” she said.")
    outer = quote(doc, ["“He told me, ‘never again,’ and I believed him,”"], "she", "said", score=0.9)
    inner = quote(doc, ["‘never again,’"], "He", "told", score=0.7)
    out = choose([outer, inner])
    assert len(out) == 2
    assert {q.cue.text for q in out} == {"said", "told"}


def test_content_does_not_cross_a_sentence_end_outside_quotes(nlp):
    doc = nlp("The mayor said the bridge would close. Traffic will move to the ring road.")
    q = quote(doc, ["the bridge would close. Traffic will move to the ring road"], "The mayor", "said")
    lay = layout_of(doc, [q])
    cut = cut_at_sentence_ends(q, lay.sentence, lay.passage_of)
    assert texts(cut) == ["the bridge would close"]


def test_a_quoted_passage_may_run_over_sentences(nlp):
    doc = nlp("She said: “We lost. We will be back. Count on it.” Then she left.")
    q = quote(doc, ["“We lost. We will be back. Count on it.”"], "She", "said")
    lay = layout_of(doc, [q])
    assert texts(cut_at_sentence_ends(q, lay.sentence, lay.passage_of)) == ["“We lost. We will be back. Count on it.”"]


def test_a_cueless_quoted_sentence_continues_the_quote_before_it(nlp):
    doc = nlp("“We lost,” she said. “We will be back next year.”")
    q = quote(doc, ["“We lost,”"], "she", "said")
    out = decode_document(doc, [q], layout_of(doc, [q]))
    assert len(out) == 1
    assert texts(out[0]) == ["“We lost,”", "“We will be back next year.”"]
    assert out[0].type == "direct"


def test_a_continuation_with_its_own_cue_is_not_joined(nlp):
    doc = nlp("“We lost,” she said. “We will be back,” she added.")
    a = quote(doc, ["“We lost,”"], "she", "said")
    b = quote(doc, ["“We will be back,”"], "she", "added")
    out = decode_document(doc, [a, b], layout_of(doc, [a, b]))
    assert [texts(q) for q in out] == [["“We lost,”"], ["“We will be back,”"]]


def test_a_quoted_phrase_inside_a_sentence_is_no_continuation(nlp):
    doc = nlp("“We lost,” she said. Residents call the mill “the Beast” these days.")
    q = quote(doc, ["“We lost,”"], "she", "said")
    lay = layout_of(doc, [q])
    out = attach_continuations([q], lay.passages, lay.sentence, lay.paragraph, lambda s, e: False)
    assert texts(out[0]) == ["“We lost,”"]


def test_a_new_paragraph_is_a_new_turn(nlp):
    doc = nlp("“We lost,” she said.\n\n“Audited by whom?”")
    q = quote(doc, ["“We lost,”"], "she", "said")
    out = decode_document(doc, [q], layout_of(doc, [q]))
    assert texts(out[0]) == ["“We lost,”"]


def test_shipped_pipeline_never_writes_crossing_quotes():
    import quotes

    nlp = quotes.load()
    text = ("“Rates will stay where they are until inflation is beaten,” the chair said, calling the outlook "
            "“uncertain, but improving.” “We will not move early,” she told reporters. Analysts said the "
            "decision was expected. “It was priced in,” said one trader.")
    doc = nlp(text)
    toks = {}
    for k, q in enumerate(doc._.quotes):
        for f in q.content:
            for i in range(f.start, f.end):
                toks.setdefault(i, []).append(k)
    for i, ks in toks.items():
        if len(ks) > 1:  # only nesting may share tokens
            a, b = (doc._.quotes[k] for k in ks[:2])
            inner, outer = (a, b) if len(a.text) < len(b.text) else (b, a)
            assert any(f.start <= inner.content[0].start and inner.content[-1].end <= f.end for f in outer.content)
