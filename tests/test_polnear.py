import logging
from pathlib import Path

import pytest

from quotes.polnear import ImportReport, PolnearError, import_polnear, read_ann, read_polnear

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"

# Offsets:   0         1         2         3         4         5         6         7         8
#            0123456789012345678901234567890123456789012345678901234567890123456789012345678901234
TEXT = (
    "“We will win,” Smith said, “and soon.”\n"
    "Officials believe the plan works.\n"
    "The talks, it was reported, failed.\n"
)
# content 1: “We will win,” [0, 14] + “and soon.” [27, 38]; source Smith [15, 20]; cue said [21, 25]
# content 2: the plan works [57, 71]; source Officials [39, 48]; cue believe [49, 56]
# no-source: The talks ... failed: content [73, 82] + [101, 108]; cue "was reported" [87, 99]
ANN = "\n".join(
    [
        "T1\tContent 0 14;27 38\t“We will win,” “and soon.”",
        "T2\tSource 15 20\tSmith",
        "T3\tCue 21 25\tsaid",
        "T4\tAttribution 21 25\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
        # arguments in another order, and a relation given before its spans
        "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
        "T5\tSource 39 48\tOfficials",
        "T6\tCue 49 56\tbelieve",
        "T7\tContent 57 71\tthe plan works",
        "T8\tAttribution 49 56\tbelieve",
        "T9\tContent 73 82;101 108\tThe talks failed.",
        "T10\tCue 87 99\twas reported",
        "T11\tAttribution-no-source 87 99\twas reported",
        "E3\tAttribution-no-source:T11 Content:T9 Cue:T10",
        "T12\tDiscard 0 3\t“We",
        "T13\tDiscuss 39 48\tOfficials",
        "#1\tAnnotatorNotes T13\tcheck this",
        "",
    ]
)


def test_text_offsets():
    assert TEXT[0:14] == "“We will win,”" and TEXT[27:38] == "“and soon.”"
    assert TEXT[15:20] == "Smith" and TEXT[21:25] == "said"
    assert TEXT[39:48] == "Officials" and TEXT[57:71] == "the plan works"
    assert TEXT[73:82] == "The talks" and TEXT[87:99] == "was reported"
    assert TEXT[101:108] == "failed."


def test_read_ann():
    report = ImportReport()
    quotes = read_ann(TEXT, ANN, doc_id="t", report=report)
    assert report.relations == 3 and report.quotes == 3 and not report.dropped
    assert [q["content"]["fragments"] for q in quotes] == [[[0, 14], [27, 38]], [[57, 71]], [[73, 82], [101, 108]]]
    direct, belief, no_source = quotes
    assert direct["type"] == "direct"
    assert direct["content"]["text"] == TEXT[0:38]
    assert direct["speaker"] == {"start": 15, "end": 20, "text": "Smith", "resolved": None}
    assert direct["cue"] == {"start": 21, "end": 25, "text": "said"}
    assert direct["score"] == 1.0
    assert belief["type"] == "indirect" and belief["speaker"]["text"] == "Officials"
    assert no_source["speaker"] is None and no_source["cue"]["text"] == "was reported"
    assert report.counts["discontinuous_content"] == 2


def test_discontinuous_content_is_sorted():
    ann = "T1\tContent 27 38;0 14\tx\nT2\tCue 21 25\tsaid\nT3\tAttribution 21 25\tsaid\nE1\tAttribution-no-source:T3 Content:T1 Cue:T2\n"
    # the .ann text field does not match: checked against the .txt
    with pytest.raises(PolnearError, match=r"t.ann:1: the text of T1"):
        read_ann(TEXT, ann, path="t.ann")
    ann = ann.replace("\tx\n", "\t“and soon.” “We will win,”\n")
    (quote,) = read_ann(TEXT, ann)
    assert quote["content"]["fragments"] == [[0, 14], [27, 38]]


def test_two_content_arguments_and_discontinuous_source():
    ann = (
        "T1\tContent 0 14\t“We will win,”\nT2\tContent 27 38\t“and soon.”\n"
        "T3\tSource 15 20;39 48\tSmith Officials\nT4\tAttribution 21 25\tsaid\n"
        "E1\tAttribution:T4 Content:T1 Content2:T2 Source:T3\n"
    )
    report = ImportReport()
    (quote,) = read_ann(TEXT, ann, report=report)
    assert quote["content"]["fragments"] == [[0, 14], [27, 38]]
    # the envelope of a discontinuous source; the anchor stands in for the missing cue
    assert (quote["speaker"]["start"], quote["speaker"]["end"]) == (15, 48)
    assert quote["cue"]["text"] == "said"
    assert report.counts["discontinuous_source"] == 1 and report.counts["cue_from_anchor"] == 1


def test_dropped_relations_are_reported(caplog):
    ann = (
        "T1\tAttribution-no-source 21 25\tsaid\nE1\tAttribution-no-source:T1\n"
        "T2\tDiscard 57 71\tthe plan works\nT3\tCue 49 56\tbelieve\nT4\tAttribution 49 56\tbelieve\n"
        "E2\tAttribution:T4 Content:T2 Cue:T3\n"
    )
    with caplog.at_level(logging.WARNING, logger="quotes.polnear"):
        assert read_ann(TEXT, ann, path="x.ann") == []
    assert "x.ann:2" in caplog.text and "no Content" in caplog.text
    assert "x.ann:6" in caplog.text and "Discard" in caplog.text


def test_span_over_a_line_break():
    # brat writes a span's text as is: a span over a newline continues on the next line of the file
    ann = "T1\tContent 27 48\t“and soon.”\nOfficials\nT2\tCue 21 25\tsaid\nE1\tAttribution-no-source:T2 Content:T1 Cue:T2\n"
    (quote,) = read_ann(TEXT, ann)
    assert quote["content"]["text"] == "“and soon.”\nOfficials"


@pytest.mark.parametrize(
    "line,message",
    [
        ("T9\tContent 5\tx", "offsets"),
        ("T9\tContent a b\tx", "not integers"),
        ("T9\tContent 0 999\tx", "within the text"),
        ("E9\tAttribution:T4 Content:T99", "T99 refers to no T line"),
        ("E9\tAttribution:T4 Speaker:T1", "argument role 'Speaker'"),
        ("E9\tQuote:T4 Content:T1", "relation type 'Quote'"),
        ("E9\tAttribution T4", "an E line needs"),
        ("hello world", "not a brat annotation line"),
        ("Apple\tpie", "not a brat annotation line"),
        ("T1\tContent 0 14\t“We will win,”", "T1 is defined twice"),
    ],
)
def test_malformed_line(line, message):
    with pytest.raises(PolnearError, match=message) as e:
        read_ann(TEXT, ANN.rstrip("\n") + "\n" + line + "\n", path="bad.ann")
    assert "bad.ann:18:" in str(e.value)


def _folder(tmp_path: Path) -> Path:
    split = tmp_path / "train"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "art-one.txt").write_text(TEXT, encoding="utf8")
    (split / "text" / "art_two.txt").write_text("Nothing was said.\n", encoding="utf8")
    (split / "attributions" / "art-one_aaaa.ann").write_text(ANN, encoding="utf8")
    # a second annotator, whose file comes later by name
    (split / "attributions" / "art-one_bbbb.ann").write_text(ANN.split("\nE2")[0] + "\n", encoding="utf8")
    (split / "attributions" / "art_two_aaaa.ann").write_text("", encoding="utf8")
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tpublisher\tpublication_date\ttitle\n"
        "train\tart-one\tThe Daily\t2016-01-02\tA title\n",
        encoding="utf8",
    )
    return split


def test_read_polnear(tmp_path):
    split = _folder(tmp_path)
    report = ImportReport()
    records = list(read_polnear(split, report=report))
    assert [r["id"] for r in records] == ["art-one", "art_two"]
    one, two = records
    assert one["text"] == TEXT and len(one["quotes"]) == 3
    assert one["meta"] == {
        "annotator": "aaaa", "split": "train", "publisher": "The Daily", "date": "2016-01-02", "title": "A title",
    }
    assert two["quotes"] == [] and two["meta"] == {"annotator": "aaaa", "split": "train"}
    assert report.documents == 2 and report.relations == report.quotes == 3
    (b,) = read_polnear(split, annotator="bbbb")
    assert b["id"] == "art-one" and len(b["quotes"]) == 1 and b["meta"]["annotator"] == "bbbb"


def test_read_polnear_errors(tmp_path):
    split = _folder(tmp_path)
    with pytest.raises(PolnearError, match="not a PolNeAR split folder"):
        list(read_polnear(tmp_path))
    (split / "attributions" / "art-one_aaaa.ann").write_text(ANN + "X1\tjunk\n", encoding="utf8")
    with pytest.raises(PolnearError, match=r"art-one_aaaa.ann:18: not a brat annotation line"):
        list(read_polnear(split))
    (split / "attributions" / "missing_aaaa.ann").write_text("", encoding="utf8")
    with pytest.raises(PolnearError, match="missing_aaaa.ann: there is no"):
        list(read_polnear(split))


def test_import_polnear(tmp_path):
    split = _folder(tmp_path)
    report = import_polnear(split, tmp_path / "out.jsonl")
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf8").splitlines()
    assert len(lines) == 2 and report.quotes == 3


def _e_lines(folder: Path) -> int:
    """E lines in the first .ann file by name of each article, counted straight from the files."""
    first = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        first.setdefault(path.stem.rsplit("_", 1)[0], path)
    return sum(
        1
        for path in first.values()
        for line in path.read_text(encoding="utf8").split("\n")
        if line.startswith("E")
    )


@pytest.mark.skipif(not POLNEAR.is_dir(), reason=f"PolNeAR is not at {POLNEAR}")
@pytest.mark.parametrize("split", ["train", "dev"])
def test_polnear_counts(split):
    folder = POLNEAR / split
    report = ImportReport()
    records = list(read_polnear(folder, report=report))
    n_texts = len(list((folder / "text").glob("*.txt")))
    assert len(records) == report.documents == n_texts
    relations = _e_lines(folder)
    assert report.relations == relations
    # every relation is a quote or is reported as dropped, with its file and line
    assert sum(len(r["quotes"]) for r in records) + len(report.dropped) == relations
    assert all(".ann:" in d for d in report.dropped)
    # PolNeAR leaves only a handful of relations without a Content
    assert len(report.dropped) < 0.01 * relations
    for record in records:
        for q in record["quotes"]:
            for s, e in q["content"]["fragments"]:
                assert 0 <= s < e <= len(record["text"])
