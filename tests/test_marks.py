"""The quotation-mark scanner on the marks news really prints."""
import pytest

from quotes.marks import has_quote_mark, quote_type_of, scan, top_level


def quoted(text):
    return [text[s.start : s.end] for s in top_level(scan(text))]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("“We will win,” she said.", ["“We will win,”"]),
        ('"We will win," she said.', ['"We will win,"']),
        # mismatched pair, as in the seed article
        ('“I have no guarantees," Trump said.', ['“I have no guarantees,"']),
        ("«Nous gagnerons», a-t-il dit.", ["«Nous gagnerons»"]),
        ("‘It is over,’ he said.", ["‘It is over,’"]),
        ("'It is over,' he said.", ["'It is over,'"]),
        ("„Wir schaffen das“, sagte sie.", ["„Wir schaffen das“"]),
    ],
)
def test_quote_marks(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Trump’s plan and the players’ union met in the ’90s to play rock ’n’ roll.",
        "Trump's plan and the players' union met in the '90s to play rock 'n' roll.",
        "Hamas’ slain military chief was named.",
        "It's Netanyahu's first trip; they don't know.",
    ],
)
def test_apostrophes_are_not_quotes(text):
    assert quoted(text) == []
    assert not has_quote_mark(text)


def test_nested_quotes():
    text = "He said: ‘I heard “no”.’ Then he left."
    spans = scan(text)
    assert [text[s.start : s.end] for s in spans] == ["‘I heard “no”.’", "“no”"]
    assert [s.depth for s in spans] == [0, 1]


def test_apostrophe_inside_quote():
    text = "“Trump’s people don’t call,” she said. ‘Rock ’n’ roll,’ he replied."
    assert quoted(text) == ["“Trump’s people don’t call,”", "‘Rock ’n’ roll,’"]


def test_multi_paragraph_quote():
    text = "“The first paragraph ends open.\n\n“The second closes,” she said."
    spans = top_level(scan(text))
    assert [text[s.start : s.end] for s in spans] == [
        "“The first paragraph ends open.",
        "“The second closes,”",
    ]
    assert spans[0].continued and not spans[0].closed
    assert spans[1].closed and not spans[1].continued


def test_unclosed_quote_stops_at_paragraph_end():
    text = "He said “this never closes\n\nNew paragraph without marks."
    spans = top_level(scan(text))
    assert [text[s.start : s.end] for s in spans] == ["“this never closes"]
    assert not spans[0].continued


def test_scare_quotes_are_found_by_the_scanner():
    # The scanner finds them; whether they are speech is the rules' decision (test_rules).
    assert quoted("the so-called “woke” policies") == ["“woke”"]


@pytest.mark.parametrize(
    "text,frags,expected",
    [
        ("“A,” he said, “B.”", [(0, 4), (14, 18)], "direct"),
        ("said he is the victim of a “witch hunt.”", [(5, 40)], "mixed"),
        ("said he would go", [(5, 16)], "indirect"),
        ("“A” and “B”", [(0, 11)], "mixed"),
        ("said Trump’s team would go", [(5, 26)], "indirect"),
    ],
)
def test_quote_type_of(text, frags, expected):
    assert quote_type_of(text, frags) == expected


def test_scanner_offsets_inside_text():
    text = "\"\"\" ' ‘ ’ “ ” « » \n\n\"a\" 'b"
    for s in scan(text):
        assert 0 <= s.start < s.end <= len(text)
