"""The batch job on bad input and long documents: one output record per input record, in order,
and long texts processed in pieces whose offsets map back to the whole text."""
import io
import json
import random

import pytest

from quotes.batch import InputRecord, Summary, extract_records, read_inputs, read_jsonl, split_text
from quotes.marks import scan, top_level

PARAGRAPH = "“We will rebuild the bridge,” Mayor Ellen Park said on Tuesday."
OTHER = "The council said costs had doubled since the spring."


def run(nlp, records, **kwargs):
    summary = Summary()
    out = list(extract_records(nlp, records, summary=summary, **kwargs))
    return out, summary


def records_of(*texts):
    return [InputRecord(i, t, f"text {i}") for i, t in enumerate(texts)]


def check_offsets(text, rec):
    for q in rec["quotes"]:
        c = q["content"]
        assert text[c["start"] : c["end"]] == c["text"]
        for s, e in c["fragments"]:
            assert c["start"] <= s < e <= c["end"]
        for role in ("speaker", "cue"):
            if q[role]:
                assert text[q[role]["start"] : q[role]["end"]] == q[role]["text"]


# --- split_text ------------------------------------------------------------------------------

def test_split_covers_text_and_prefers_paragraph_breaks():
    text = "\n\n".join(f"Paragraph {i}. " + "word " * 15 for i in range(20))
    pieces = split_text(text, 300)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert all(0 < e - s <= 300 for s, e in pieces)
    # every cut falls right after a paragraph break
    assert all(text[s - 2 : s] == "\n\n" for s, _ in pieces[1:])


def test_split_single_paragraph_cuts_outside_quotes():
    text = " ".join(f"“Sentence {i} is quoted. And goes on,” he said. Then a plain one." for i in range(60))
    quotes = top_level(scan(text))
    pieces = split_text(text, 250)
    assert all(e - s <= 250 for s, e in pieces) and pieces[-1][1] == len(text)
    for s, _ in pieces[1:]:
        assert not any(q.start < s < q.end for q in quotes), text[s - 30 : s + 30]
        assert text[s - 2 : s] == ". "  # a sentence end, not a hard cut


def test_split_hard_cut_and_bad_size():
    assert split_text("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]
    assert split_text("", 10) == [(0, 0)]
    assert split_text("short", 10) == [(0, 5)]
    with pytest.raises(ValueError):
        split_text("text", 0)


# --- long documents ---------------------------------------------------------------------------

def test_long_document_in_pieces_equals_whole(rules_nlp):
    paragraphs = [PARAGRAPH if i % 2 == 0 else OTHER for i in range(12)]
    text = "\n\n".join(paragraphs) + "\n"
    (whole,), _ = run(rules_nlp, records_of(text))
    (pieces,), summary = run(rules_nlp, records_of(text), max_chars=150)
    assert len(split_text(text, 150)) > 5
    assert pieces == whole
    assert len(pieces["quotes"]) == 12
    check_offsets(text, pieces)
    assert summary.documents == 1 and summary.errors == 0


def test_quote_right_after_a_cut(rules_nlp):
    filler = "The meeting ran long. " * 8
    text = filler + "\n\n" + PARAGRAPH + "\n\n" + filler
    cut = len(filler) + 2
    size = cut + 20  # the first piece must end at the paragraph break just before the quote
    assert split_text(text, size)[0] == (0, cut)
    (rec,), _ = run(rules_nlp, records_of(text), max_chars=size)
    check_offsets(text, rec)
    (q,) = rec["quotes"]
    assert q["content"]["start"] == cut and q["content"]["text"].startswith("“We will rebuild")
    assert q["speaker"]["text"] == "Mayor Ellen Park" and q["cue"]["text"] == "said"


def test_beyond_max_length_is_chunked_not_an_error(rules_nlp):
    text = "\n\n".join([PARAGRAPH] * 20)
    old = rules_nlp.max_length
    rules_nlp.max_length = 400
    try:
        (rec,), summary = run(rules_nlp, records_of(text))
    finally:
        rules_nlp.max_length = old
    assert "error" not in rec and len(rec["quotes"]) == 20
    check_offsets(text, rec)
    assert summary.errors == 0


def test_five_megabyte_document(rules_nlp):
    # Long tokens keep the parse cheap; the text still is 5 MB and must go through in pieces.
    block = PARAGRAPH + " " + " ".join(["x" * 1000] * 50) + "\n\n"
    text = block * (5_000_000 // len(block) + 1)
    assert len(text.encode("utf8")) > 5_000_000
    (rec,), summary = run(rules_nlp, records_of(text))
    assert "error" not in rec
    assert len(rec["quotes"]) == text.count("“We will")
    check_offsets(text, rec)
    assert summary.documents == 1


def test_ten_thousand_quote_marks(rules_nlp):
    text = "“Yes,” he said. " * 5000
    assert sum(text.count(m) for m in "“”") == 10_000
    # One paragraph: the cuts fall between sentences, so no quote is lost or split. (Pieces also
    # keep it fast: the speaker resolver is quadratic in the quotes of one piece.)
    (rec,), summary = run(rules_nlp, records_of(text), max_chars=8_000)
    assert "error" not in rec and summary.errors == 0
    check_offsets(text, rec)
    assert len(rec["quotes"]) == 5000
    assert {q["content"]["text"] for q in rec["quotes"]} == {"“Yes,”"}
    assert {q["speaker"]["text"] for q in rec["quotes"]} == {"he"}
    # marks only, no words: nothing to find, nothing fails
    (rec,), _ = run(rules_nlp, records_of('"' * 2000 + "“”" * 500))
    assert rec == {"id": 0, "quotes": []}


# --- bad input --------------------------------------------------------------------------------

def test_bad_jsonl_lines_one_record_each_in_order(rules_nlp):
    lines = [
        json.dumps({"id": "a", "text": PARAGRAPH}).encode(),
        b"{not json",
        json.dumps({"id": "c", "body": "no text"}).encode(),
        json.dumps({"id": "d", "text": ["a", "list"]}).encode(),
        b'{"id": "e", "text": "caf\xe9 \xff"}',  # invalid UTF-8
        bytes(b for b in range(256) if b != 10),  # binary garbage
        b"",  # blank lines are skipped
        b"[1, 2]",
        json.dumps({"id": "a", "text": OTHER}).encode(),  # the id again
        json.dumps({"id": "h", "text": None}).encode(),
    ]
    data = b"\n".join(lines) + b"\n"
    out, summary = run(rules_nlp, read_jsonl(io.BytesIO(data), "docs.jsonl", keep_fields=("id",)))
    assert [r["id"] for r in out] == ["a", 2, "c", "d", 5, 6, 8, "a", "h"]
    assert [("error" in r) for r in out] == [False, True, True, True, True, True, True, False, True]
    assert "docs.jsonl:2" in out[1]["error"] and "malformed JSON" in out[1]["error"]
    assert "docs.jsonl:4" in out[3]["error"] and "not a string" in out[3]["error"]
    assert "docs.jsonl:5" in out[4]["error"] and "invalid UTF-8" in out[4]["error"]
    assert "docs.jsonl:6" in out[5]["error"]
    assert "expected a JSON object" in out[6]["error"]
    assert len(out[0]["quotes"]) == 1 and len(out[7]["quotes"]) == 1
    assert (summary.documents, summary.errors, summary.quotes) == (9, 7, 2)
    assert summary.repeated_ids == 1 and "'a' at docs.jsonl:9" in summary.first_repeat
    assert "1 records repeat an earlier id" in str(summary)


def test_binary_files_and_empty_files(rules_nlp, tmp_path):
    rng = random.Random(5)
    (tmp_path / "garbage.bin").write_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    # valid UTF-8 but no language: control characters, NULs, private-use and odd marks
    weird = "".join(chr(rng.choice([0, 1, 7, 27, 0x85, 0x2028, 0xE000, 0x201C, 0x201D, 0x22, 0x27,
                                    0x20, 0x0A, 0x61, 0xFEFF])) for _ in range(5000))
    (tmp_path / "weird.txt").write_text(weird, encoding="utf8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n\n  \n")
    paths = [str(tmp_path / n) for n in ("garbage.bin", "weird.txt", "empty.txt", "empty.jsonl",
                                         "blank.jsonl")]
    out, summary = run(rules_nlp, read_inputs(paths))
    assert [r["id"] for r in out] == ["garbage", "weird", "empty"]
    assert "invalid UTF-8" in out[0]["error"] and "garbage.bin" in out[0]["error"]
    assert "error" not in out[1]
    check_offsets(weird, out[1])
    assert out[2] == {"id": "empty", "quotes": []}
    assert (summary.documents, summary.errors) == (3, 1)


def test_streams_without_holding_records(rules_nlp):
    # The job reads its input lazily: after the first output only a batch or so has been read.
    read = []

    def records():
        for i in range(1000):
            read.append(i)
            yield InputRecord(i, OTHER, f"text {i}")

    it = extract_records(rules_nlp, records(), batch_size=8)
    first = next(it)
    assert first["id"] == 0 and len(read) < 100


# --- tables: Parquet and datasets' Arrow folders, and kept fields ------------------------------

def table_rows():
    return {
        "id": ["p1", "p2", None],
        "text": [PARAGRAPH, None, OTHER],
        "source": ["wire", "web", "print"],
        "year": [2024, 2025, 2026],
    }


def cli_extract(*args):
    from typer.testing import CliRunner

    from quotes.cli import app

    return CliRunner().invoke(app, ["extract", "--model", "rules", "--no-progress", *args])


def test_parquet_and_arrow_inputs_keep_fields(tmp_path):
    import datasets
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table(table_rows()), tmp_path / "docs.parquet", row_group_size=1)
    datasets.Dataset.from_dict(table_rows()).save_to_disk(str(tmp_path / "arrow"))
    datasets.DatasetDict({"a": datasets.Dataset.from_dict({"text": [OTHER]}),
                          "b": datasets.Dataset.from_dict({"text": [PARAGRAPH]})}
                         ).save_to_disk(str(tmp_path / "dict"))
    (tmp_path / "docs.jsonl").write_text(
        "\n".join(json.dumps({k: v[i] for k, v in table_rows().items()}) for i in range(3)) + "\n",
        encoding="utf8")
    outputs = {}
    for name in ("docs.parquet", "arrow", "docs.jsonl"):
        result = cli_extract(str(tmp_path / name), "--keep-fields", "source, year")
        assert result.exit_code == 1, result.output  # row 2 has no text
        outputs[name] = [json.loads(line) for line in result.stdout.splitlines()]
    recs = outputs["docs.parquet"]
    assert [r["id"] for r in recs] == ["p1", "p2", 3]
    assert [(r["source"], r["year"]) for r in recs] == [("wire", 2024), ("web", 2025), ("print", 2026)]
    assert len(recs[0]["quotes"]) == 1 and recs[2]["quotes"][0]["speaker"]["text"] == "The council"
    assert "docs.parquet:row 2" in recs[1]["error"] and "no 'text' field" in recs[1]["error"]
    # the same records whatever the container (error messages name their own file)
    for name in ("arrow", "docs.jsonl"):
        assert [{k: v for k, v in r.items() if k != "error"} for r in outputs[name]] == \
            [{k: v for k, v in r.items() if k != "error"} for r in recs]
    result = cli_extract(str(tmp_path / "dict"))
    assert result.exit_code == 0, result.output
    assert [len(json.loads(line)["quotes"]) for line in result.stdout.splitlines()] == [1, 1]
    # the progress bar's count reads table metadata, not the rows
    from quotes.batch import count_inputs

    assert count_inputs([str(tmp_path / n) for n in ("docs.parquet", "arrow", "dict")]) == 8


def test_parquet_without_text_column(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"body": ["x", "y"]}), tmp_path / "t.parquet")
    recs = list(read_inputs([str(tmp_path / "t.parquet")]))
    assert [r.id for r in recs] == [1, 2] and all("no 'text' field" in r.error for r in recs)
    recs = list(read_inputs([str(tmp_path / "t.parquet")], text_field="body", keep_fields=("body",)))
    assert [(r.text, r.extra) for r in recs] == [("x", {"body": "x"}), ("y", {"body": "y"})]
