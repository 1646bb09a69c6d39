"""`quotes extract` through typer's test runner: inputs, one output record per input, errors."""
import json

import pytest
from typer.testing import CliRunner

from quotes.cli import app

runner = CliRunner()
ARTICLE = "“We will rebuild the bridge,” Mayor Ellen Park said on Tuesday.\n\nThe council said costs had doubled.\n"


def run(*args, input=None):
    return runner.invoke(app, ["extract", "--model", "rules", "--no-progress", *args], input=input)


def lines(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_text_file(tmp_path):
    (tmp_path / "bridge.txt").write_text(ARTICLE, encoding="utf8")
    result = run(str(tmp_path / "bridge.txt"))
    assert result.exit_code == 0, result.output
    (rec,) = lines(result.stdout)
    assert rec["id"] == "bridge"
    assert [(q["speaker"]["text"], q["cue"]["text"]) for q in rec["quotes"]] == [
        ("Mayor Ellen Park", "said"), ("The council", "said")]
    for q in rec["quotes"]:
        for s, e in q["content"]["fragments"]:
            assert ARTICLE[s:e] in q["content"]["text"]
        assert ARTICLE[q["cue"]["start"] : q["cue"]["end"]] == q["cue"]["text"]
    assert "1 documents, 2 quotes, 0 errors" in result.stderr


def test_jsonl_keeps_order_and_reports_bad_lines(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": ARTICLE}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "body": "no text field"}) + "\n"
        + "\n"
        + json.dumps({"id": "d", "text": 42}) + "\n"
        + json.dumps({"text": ""}) + "\n",
        encoding="utf8",
    )
    result = run(str(path), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1  # some records failed: the exit status says so
    recs = lines((tmp_path / "out.jsonl").read_text(encoding="utf8"))
    assert [r["id"] for r in recs] == ["a", 2, "c", "d", 6]
    assert len(recs[0]["quotes"]) == 2
    assert "docs.jsonl:2" in recs[1]["error"] and "malformed JSON" in recs[1]["error"]
    assert "docs.jsonl:3" in recs[2]["error"] and "'text'" in recs[2]["error"]
    assert "not a string" in recs[3]["error"]
    assert recs[4] == {"id": 6, "quotes": []}  # the empty document is a result, not an error
    assert "5 documents, 2 quotes, 3 errors" in result.stderr


def test_custom_fields(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"doc_id": "x1", "body": ARTICLE}) + "\n", encoding="utf8")
    result = run(str(path), "--text-field", "body", "--id-field", "doc_id")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[0]["id"] == "x1"


def test_stdin_text_and_jsonl():
    result = run("-", input=ARTICLE)
    assert result.exit_code == 0, result.output
    (rec,) = lines(result.stdout)
    assert rec["id"] == "stdin" and len(rec["quotes"]) == 2
    result = run("-", input=json.dumps({"id": 7, "text": ARTICLE}) + "\n")
    assert lines(result.stdout)[0]["id"] == 7


def test_missing_file_and_invalid_utf8(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"He said \xff\xfe it was fine.")
    result = run(str(tmp_path / "nope.txt"), str(bad))
    recs = lines(result.stdout)
    assert [r["id"] for r in recs] == ["nope", "bad"]
    assert "no such file" in recs[0]["error"]
    assert "invalid UTF-8" in recs[1]["error"] and "bad.txt" in recs[1]["error"]


def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf8")
    result = run(str(tmp_path / "empty.txt"), str(tmp_path / "empty.jsonl"))
    assert result.exit_code == 0
    assert lines(result.stdout) == [{"id": "empty", "quotes": []}]


def test_progress_bar_on_stderr(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf8")
    result = runner.invoke(app, ["extract", "--model", "rules", str(tmp_path / "a.txt")])
    assert result.exit_code == 0
    assert "doc" in result.stderr and "1/1" in result.stderr
    assert len(lines(result.stdout)) == 1


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "extract" in result.stdout
