"""`quotes show` and `quotes extract --summary` (issue 6): the page's structure, parsed with
html.parser, and the commands through typer's CliRunner."""
import json
import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.display import JS, LEVEL_PX, TYPE_COLOURS, layout, quote_levels, render

TEXT = ("Mayor Ellen Park met Tom Reyes on Monday.\n\n“We will rebuild the bridge,” Park said, "
        "“and we will start in May.”\n\nReyes said the money was there.")


class Page(HTMLParser):
    """Collects the elements of a rendered page that the tests look at."""

    def __init__(self):
        super().__init__()
        self.elements = []  # (tag, attrs)
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def by_class(self, cls):
        return [a for _, a in self.elements if cls in (a.get("class") or "").split()]


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    return p


def test_page_structure(rules_nlp):
    doc = rules_nlp(TEXT)
    quotes = doc._.quotes
    assert quotes, "the rule component should find the quotes of the test text"
    page = parse(render(doc))
    fragments = page.by_class("q")
    # one highlighted element with an id per fragment (the legend's samples have neither id nor data-q)
    with_ids = [a for a in fragments if "id" in a]
    assert len(with_ids) == sum(len(q.content) for q in quotes)
    assert len({a["id"] for a in with_ids}) == len(with_ids)
    qids = {a["data-q"] for a in with_ids}
    assert len(qids) == len(quotes)
    # speakers and cues are linked to the ids of their quotes
    for cls, role in (("sp", "speaker"), ("cue", "cue")):
        marks = [a for a in page.by_class(cls) if "data-q" in a]
        assert len(marks) == len({(getattr(q, role).start, getattr(q, role).end) for q in quotes
                                  if getattr(q, role) is not None})
        for a in marks:
            assert set(a["data-q"].split()) <= qids
    # the two-fragment quote shares its id between both fragments
    two = [q for q in quotes if len(q.content) == 2]
    assert two and sum(1 for a in with_ids if a["data-q"] == "doc0-q" + str(quotes.index(two[0]))) == 2
    # the speaker summary is there, with the resolved name
    assert any(t == "table" and "speakers" in a.get("class", "") for t, a in page.elements)
    assert "Ellen Park" in "".join(page.text)
    # self-contained: no external resources
    raw = render(doc)
    assert not re.search(r"(src|href)=\"(https?:)?//", raw)
    assert "http://" not in raw and "https://" not in raw
    assert [t for t, _ in page.elements if t in ("link", "img", "iframe")] == []


def test_render_records_with_contents_and_errors(rules_nlp):
    from quotes.items import doc_to_record

    records = [doc_to_record(rules_nlp(TEXT), "one", with_text=True),
               {"id": "bad", "error": "in.jsonl:2: malformed JSON"},
               doc_to_record(rules_nlp("“No,” she said."), "two", with_text=True)]
    page = parse(render(records))
    links = [a["href"] for t, a in page.elements if t == "a"]
    assert links == ["#doc0", "#doc1", "#doc2"]
    assert "malformed JSON" in "".join(page.text)


def test_show_cli_text_and_jsonl(tmp_path):
    txt = tmp_path / "park.txt"
    txt.write_text(TEXT, encoding="utf8")
    out = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["show", str(txt), "-o", str(out), "--model", "rules"])
    assert result.exit_code == 0, result.output
    page = parse(out.read_text(encoding="utf8"))
    assert [a for a in page.by_class("q") if "id" in a]
    assert not [t for t, a in page.elements if t == "nav"]  # one document: no contents

    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in
                               [("a", TEXT), ("b", "“Yes,” Reyes said.")]) + "\n", encoding="utf8")
    out2 = tmp_path / "batch.html"
    result = CliRunner().invoke(app, ["show", str(batch), "-o", str(out2), "--model", "rules"])
    assert result.exit_code == 0, result.output
    page = parse(out2.read_text(encoding="utf8"))
    assert [a["href"] for t, a in page.elements if t == "a"] == ["#doc0", "#doc1"]
    assert len([a for t, a in page.elements if t == "section"]) == 2


def test_show_cli_says_which_records_it_could_not_show(tmp_path, caplog):
    """An extract output (no "text" field) and a missing file given to `quotes show`: as with
    `quotes extract`, one record per input, each error logged with its file, line and record, the
    page lists them, and the exit status is 1."""
    batch = tmp_path / "extracted.jsonl"
    batch.write_text(json.dumps({"id": "doc-7", "quotes": []}) + "\n", encoding="utf8")
    txt = tmp_path / "park.txt"
    txt.write_text(TEXT, encoding="utf8")
    out = tmp_path / "page.html"
    inputs = [str(batch), str(tmp_path / "nosuch.txt"), str(txt)]
    result = CliRunner().invoke(app, ["show", *inputs, "-o", str(out), "--model", "rules", "--no-progress"])
    assert result.exit_code == 1, result.output
    assert "3 documents, 2 errors" in result.stderr
    logged = caplog.text  # the lines extract and show write to stderr as records fail
    assert "extracted.jsonl:1" in logged and "doc-7" in logged and "'text'" in logged
    assert "nosuch.txt: no such file" in logged
    page = out.read_text(encoding="utf8")
    assert "doc-7" in page and "nosuch.txt: no such file" in page
    assert len([a for t, a in parse(page).elements if t == "section"]) == 3
    extracted = CliRunner().invoke(app, ["extract", *inputs, "--model", "rules", "--no-progress"])
    assert extracted.exit_code == 1
    assert [("error" in json.loads(line)) for line in extracted.stdout.splitlines()] == [True, True, False]


def test_show_progress_bar_on_stderr(tmp_path):
    txt = tmp_path / "park.txt"
    txt.write_text(TEXT, encoding="utf8")
    args = ["show", str(txt), str(txt), "-o", str(tmp_path / "page.html"), "--model", "rules"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0 and "2/2" in result.stderr
    result = CliRunner().invoke(app, args + ["--no-progress"])
    assert result.exit_code == 0 and "2/2" not in result.stderr


def test_extract_summary(tmp_path):
    txt = tmp_path / "park.txt"
    txt.write_text(TEXT, encoding="utf8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(txt), "-o", str(out), "--model", "rules",
                                      "--no-progress", "--summary"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    speakers = record["speakers"]
    assert speakers and speakers[0]["count"] >= speakers[-1]["count"]
    names = {s["name"] for s in speakers}
    assert "Ellen Park" in names
    for s in speakers:
        assert s["count"] == len(s["quotes"]) == sum(s["counts"].values())
        assert all(0 <= i < len(record["quotes"]) for i in s["quotes"])
    # without the option, no summary
    out2 = tmp_path / "plain.jsonl"
    CliRunner().invoke(app, ["extract", str(txt), "-o", str(out2), "--model", "rules", "--no-progress"])
    assert "speakers" not in json.loads(out2.read_text())


def _record(text, *quotes):
    """A record whose quotes are (type, [fragments], speaker span or None, cue span or None, score)."""
    out = []
    for typ, frags, speaker, cue, score in quotes:
        sp = {"start": speaker[0], "end": speaker[1], "text": text[speaker[0]:speaker[1]], "resolved": None} if speaker else None
        out.append({"type": typ, "content": {"start": frags[0][0], "end": frags[-1][1], "fragments": frags},
                    "speaker": sp, "cue": {"start": cue[0], "end": cue[1], "text": text[cue[0]:cue[1]]} if cue else None,
                    "score": score})
    return {"id": "r", "text": text, "quotes": out}


@pytest.mark.parametrize("fragments, levels", [
    ([[(0, 5)], [(6, 9)]], [0, 0]),                      # apart
    ([[(0, 20)], [(5, 10)]], [1, 0]),                    # nested: the enclosing quote lower
    ([[(0, 30)], [(5, 25)], [(8, 12)]], [2, 1, 0]),      # three deep
    ([[(0, 10)], [(5, 15)]], [0, 1]),                    # crossing: one each
    ([[(0, 4), (10, 14)], [(5, 9)]], [0, 0]),            # inside the frame of a two-fragment quote
    ([[(0, 20)], [(2, 5)], [(8, 11)]], [1, 0, 0]),       # two inside one
])
def test_quote_levels(fragments, levels):
    quotes = [{"content": {"fragments": [list(f) for f in frags]}} for frags in fragments]
    assert quote_levels(quotes) == levels


def test_overlapping_quotes_are_underlined_at_different_depths():
    """An over-long quote that holds another is drawn below it, so both are seen; the lines of the
    text make room for the deeper underline."""
    text = "Smith said the team was “the better side.” “We lost,” he said."
    outer = (text.index("the team"), text.index(" he said"))
    inner = (text.index("“the better"), text.index(" “We lost"))
    page = parse(render(_record(text, ("mixed", [outer], (0, 5), (6, 10), 0.5),
                                ("direct", [inner], None, None, 0.9))))
    (div,) = [a for t, a in page.elements if t == "div" and "text" in a.get("class", "").split()]
    assert f"{LEVEL_PX}px" in div["style"]
    depth = {a["data-q"]: a["style"] for a in page.by_class("q") if "id" in a}
    assert depth == {"doc0-q0": "--lv:1", "doc0-q1": "--lv:0"}


def test_quote_info_for_the_hover_box():
    text = "“No,” he said. Mayor Ann Lee spoke later."
    record = _record(text, ("direct", [[0, 5]], (6, 8), (9, 13), 0.876))
    record["quotes"][0]["speaker"]["resolved"] = {"start": 21, "end": 28, "text": "Ann Lee"}
    (first,) = [a for a in parse(render(record)).by_class("q") if a.get("id") == "doc0-q0-0"]
    assert {k: first[f"data-{k}"] for k in ("type", "n", "score", "speaker", "resolved", "cue")} == {
        "type": "direct", "n": "0", "score": "0.88", "speaker": "he", "resolved": "Ann Lee", "cue": "said"}
    assert "'-0'" in JS and "location.hash" in JS  # the box reads the first fragment; page.html#doc0-q0 opens it


@pytest.mark.parametrize("text, expected", [
    ("Harbour city approves bridge rebuild\n\nPORT ELLIS\n\nThe council voted.",
     [("Harbour city approves bridge rebuild", "headline"), ("PORT ELLIS", "dateline")]),
    ("Valdrin Motors to cut 1,200 jobs\n\nKORSHAVN — Valdrin Motors said on Thursday it would cut jobs.",
     [("Valdrin Motors to cut 1,200 jobs", "headline"), ("KORSHAVN — ", "dateline")]),
    ("Aranguren wins run-off\n\nPORTO SALVA, Oct 27 (Nordwire) - Former mayor Tomás Aranguren won.",
     [("Aranguren wins run-off", "headline"), ("PORTO SALVA, Oct 27 (Nordwire) - ", "dateline")]),
    ("‘We will not be held to ransom’, says Dunmere chief\n\nDunmere Cables warned on Tuesday.",
     [("‘We will not be held to ransom’, says Dunmere chief", "headline")]),
    ("Mayor Ellen Park met Tom Reyes on Monday.\n\n“We will rebuild,” Park said.", []),  # a sentence
    ("U.S. President Donald Trump met Netanyahu.\n\nHe said so.", []),
    ("Just one paragraph, said the mayor", []),
])
def test_layout(text, expected):
    assert [(text[s:e], kind) for s, e, kind in layout(text)] == expected


def test_headline_and_dateline_are_styled(rules_nlp):
    page = render(rules_nlp("Bridge to reopen\n\nPORT ELLIS\n\n“We are ready,” the mayor said."))
    assert '<span class="headline">Bridge to reopen</span>' in page
    assert '<span class="dateline">PORT ELLIS</span>' in page
    assert ".headline{" in page and ".dateline{" in page


def test_displacy_options_colour_each_quote_type(rules_nlp):
    from spacy import displacy

    import quotes

    doc = rules_nlp(TEXT)
    labels = {span.label_ for span in doc.spans["quotes"]}
    assert labels and quotes.DISPLACY_OPTIONS["spans_key"] == "quotes"
    page = displacy.render(doc, style="span", options=quotes.DISPLACY_OPTIONS)
    for label in labels:
        assert f"background: {TYPE_COLOURS[label]}" in page
    grey = displacy.render(doc, style="span", options={"spans_key": "quotes"})
    assert all(c not in grey for c in TYPE_COLOURS.values())
