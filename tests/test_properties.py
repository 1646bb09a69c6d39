"""Properties over generated text: the scanner, the rule component and the batch job's pieces never
raise, and every offset they give lies inside the text and points at the text it claims."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.batch import InputRecord, extract_records, split_text
from quotes.items import doc_to_record
from quotes.marks import scan, top_level

MARKS = list("“”‘’„‚‟‛«»‹›\"'＂")
WORDS = ["said", "told", "says", "according to", "he", "she", "The mayor", "Ellen Park", "Trump's",
         "’90s", "rock ’n’ roll", "it", "was", "not", "we", "will", "win", "the", "players’", "union",
         "Reuters", "added", "claimed", "that", "no"]
PIECES = st.one_of(
    st.sampled_from(MARKS),
    st.sampled_from(WORDS),
    st.sampled_from([" ", " ", " ", ", ", ". ", ": ", "\n", "\n\n", " — ", "?", "!", "-", "(", ")"]),
    st.text(max_size=3),  # anything at all, now and then
)
TEXTS = st.lists(PIECES, max_size=60).map("".join)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def check_span(text, span):
    assert 0 <= span["start"] <= span["end"] <= len(text)
    assert text[span["start"] : span["end"]] == span["text"]


def check_record(text, rec):
    assert "error" not in rec, rec
    for q in rec["quotes"]:
        content = q["content"]
        check_span(text, content)
        for s, e in content["fragments"]:
            assert content["start"] <= s < e <= content["end"]
            assert text[s:e] in content["text"]
        assert q["type"] in ("direct", "indirect", "mixed")
        for role in ("speaker", "cue"):
            if q[role] is not None:
                check_span(text, q[role])
        if q["speaker"] is not None and q["speaker"]["resolved"] is not None:
            check_span(text, q["speaker"]["resolved"])


@FAST
@given(TEXTS)
def test_scan_offsets_inside_text(text):
    spans = scan(text)
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.depth >= 0
        a, b = s.inner
        assert s.start <= a and b <= s.end
        assert text[s.start] in MARKS or not s.closed or s.start == 0 or text[s.start - 1] in "\n\r \t"
    tops = top_level(spans)
    assert all(a.end <= b.start or a.start < b.start for a, b in zip(tops, tops[1:]))


@FAST
@given(text=TEXTS)
def test_rule_component_offsets(rules_nlp, text):
    doc = rules_nlp(text)
    check_record(text, doc_to_record(doc, 0))


@FAST
@given(text=TEXTS, size=st.integers(min_value=1, max_value=120))
def test_split_text_covers(text, size):
    pieces = split_text(text, size)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(e - s <= size for s, e in pieces)
    assert all(e > s for s, e in pieces) or text == ""


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=TEXTS, size=st.integers(min_value=10, max_value=80))
def test_batch_pieces_map_offsets_back(rules_nlp, text, size):
    (rec,) = list(extract_records(rules_nlp, [InputRecord("x", text, "t")], max_chars=size))
    check_record(text, rec)
