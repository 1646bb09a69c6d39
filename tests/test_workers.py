"""The batch job with worker processes (`n_process` > 1): the same output as one process, byte for
byte; a record that fails in a worker gets its error record; a worker that dies loses nothing;
input is read a bounded number of chunks ahead."""
import json
import os

import pytest
from spacy.language import Language
from spacy.pipeline import Pipe
from typer.testing import CliRunner

import quotes
import quotes.batch as batch
from quotes.batch import InputRecord, Summary, extract_lines, extract_records
from quotes.cli import app

SENTENCES = [
    "“We will rebuild the bridge,” Mayor Ellen Park said on Tuesday.",
    "The council said costs had doubled since the spring.",
    "“It is too early,” a spokeswoman told reporters, “to say more.”",
    "Nothing was said about the schedule.",
    "According to the minister, the plan “will not survive the winter.”",
]


@Language.component("test_workers_raise")
def raise_on_boom(doc):
    """A function component: it takes no error handler, so its error ends `nlp.pipe`."""
    if "BOOM" in doc.text:
        raise RuntimeError("boom")
    return doc


class Dropper(Pipe):
    """A pipe whose error handler makes spaCy drop the doc from `nlp.pipe`'s stream."""

    def __init__(self, name):
        self.name = name

    def __call__(self, doc):
        if "DROP" in doc.text:
            raise ValueError("dropped")
        return doc


@Language.factory("test_workers_dropper")
def make_dropper(nlp, name):
    return Dropper(name)


@Language.component("test_workers_crash")
def crash_on_marker(doc):
    """Kills the process, as a crash in native code or the out-of-memory killer would."""
    if "CRASH" in doc.text:
        os._exit(3)
    return doc


@pytest.fixture(scope="module")
def faulty_nlp():
    """The rule pipeline plus components that fail on marked texts (a pipeline of its own)."""
    nlp = quotes.load("rules")
    nlp.add_pipe("test_workers_raise")
    nlp.add_pipe("test_workers_dropper")
    nlp.add_pipe("test_workers_crash")
    return nlp


def texts(n):
    return [" ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3)) for i in range(n)]


def run(nlp, records, **kwargs):
    summary = Summary()
    out = list(extract_records(nlp, records, summary=summary, **kwargs))
    return out, summary


def counts(summary):
    return (summary.documents, summary.quotes, summary.errors, summary.words, summary.repeated_ids)


def write_mixed_input(path):
    long_text = "\n\n".join(SENTENCES * 6)
    lines = [json.dumps({"id": f"d{i}", "text": t, "source": f"s{i % 3}"}).encode()
             for i, t in enumerate(texts(14))]
    lines[3:3] = [
        b"{not json",
        json.dumps({"id": "no-text", "body": "x", "source": "web"}).encode(),
        json.dumps({"id": "list", "text": ["a", "list"]}).encode(),
        b'{"id": "utf", "text": "caf\xe9 \xff"}',
        json.dumps({"id": "long", "text": long_text, "source": "print"}).encode(),
        json.dumps({"id": "empty", "text": ""}).encode(),
        json.dumps({"id": "d1", "text": SENTENCES[0]}).encode(),  # a repeated id
        bytes(b for b in range(256) if b not in (10, 13)),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return len(lines)


def test_cli_output_is_byte_identical_with_two_processes(tmp_path):
    docs = tmp_path / "docs.jsonl"
    n = write_mixed_input(docs)
    outputs, summaries = {}, {}
    for procs in ("1", "2"):
        out = tmp_path / f"out{procs}.jsonl"
        result = CliRunner().invoke(app, [
            "extract", str(docs), "--model", "rules", "--no-progress", "-o", str(out), "--batch-size",
            "3", "--n-process", procs, "--max-chars", "200", "--keep-fields", "source", "--summary"])
        assert result.exit_code == 1, result.output  # bad records: the exit status says so
        outputs[procs] = out.read_bytes()
        (line,) = [x for x in result.output.splitlines() if x.startswith("quotes extract:")]
        summaries[procs] = line.split(" in ")[0]  # counts, not the time
    assert outputs["1"] == outputs["2"]
    assert summaries["1"] == summaries["2"]
    assert summaries["1"].startswith(f"quotes extract: {n} documents") and "5 errors" in summaries["1"]
    recs = [json.loads(line) for line in outputs["2"].decode("utf8").splitlines()]
    assert len(recs) == n
    assert [r["id"] for r in recs][:11] == ["d0", "d1", "d2", 4, "no-text", "list", 7, "long", "empty",
                                           "d1", 11]
    assert ["error" in r for r in recs].count(True) == 5
    long = recs[7]
    long_text = "\n\n".join(SENTENCES * 6)  # in pieces of at most 200 characters
    assert len(long["quotes"]) == 4 * 6 and long["source"] == "print" and "speakers" in long
    assert all(long_text[q["content"]["start"]:q["content"]["end"]] == q["content"]["text"]
               for q in long["quotes"])
    assert recs[0]["source"] == "s0" and recs[4]["source"] == "web"


def test_failing_documents_give_error_records_in_both_modes(faulty_nlp):
    items = texts(20)
    items[3] = "BOOM. " + items[3]
    items[11] = "DROP. " + items[11]
    records = [InputRecord(i, t, f"text {i}") for i, t in enumerate(items)]
    records[7] = InputRecord(7, None, "text 7", "text 7: no text")
    one, s1 = run(faulty_nlp, records, batch_size=4)
    two, s2 = run(faulty_nlp, records, batch_size=4, n_process=2)
    assert one == two and counts(s1) == counts(s2)
    assert [r["id"] for r in two] == list(range(20))
    assert [i for i, r in enumerate(two) if "error" in r] == [3, 7, 11]
    assert two[3]["error"] == "text 3: record 3: test_workers_raise: RuntimeError: boom"
    # spaCy drops a doc whose pipe's handler caught an error: that is an error, not an empty result
    assert two[11]["error"] == "text 11: record 11: test_workers_dropper: ValueError: dropped"
    # the other records of the failing chunks are untouched
    clean, _ = run(quotes.load("rules"), [r for i, r in enumerate(records) if i not in (3, 7, 11)],
                   batch_size=4)
    assert [r for i, r in enumerate(two) if i not in (3, 7, 11)] == clean
    assert s2.errors == 3 and s2.documents == 20


def test_lines_are_the_records_as_json(rules_nlp):
    records = [InputRecord(i, t, f"text {i}", extra={"n": i}) for i, t in enumerate(texts(9))]
    lines = list(extract_lines(rules_nlp, records, batch_size=2, n_process=2))
    recs = list(extract_records(rules_nlp, records, batch_size=2))
    assert lines == [json.dumps(r, ensure_ascii=False, default=str) for r in recs]


def test_a_worker_that_dies_loses_no_record(faulty_nlp):
    items = texts(30)
    items[13] = "CRASH. " + items[13]
    records = [InputRecord(i, t, f"text {i}") for i, t in enumerate(items)]
    out, summary = run(faulty_nlp, records, batch_size=3, n_process=2)
    assert [r["id"] for r in out] == list(range(30))
    assert [i for i, r in enumerate(out) if "error" in r] == [13]
    assert out[13]["error"].startswith("text 13: record 13: the worker process died")
    clean, _ = run(faulty_nlp, records[:13] + records[14:], batch_size=3)
    assert out[:13] + out[14:] == clean
    assert summary.errors == 1 and summary.documents == 30


def test_workers_that_keep_dying_stop_the_job(faulty_nlp, monkeypatch):
    monkeypatch.setattr(batch, "MAX_WORKER_DEATHS", 2)
    records = [InputRecord(i, ("CRASH. " if i > 2 else "") + t, f"text {i}")
               for i, t in enumerate(texts(8))]
    out = []
    with pytest.raises(RuntimeError, match="2 worker processes in a row died, the last on text 4"):
        for rec in extract_records(faulty_nlp, records, batch_size=2, n_process=2):
            out.append(rec)
    # nothing lost silently: every record before the one that stopped the job was given out
    assert [r["id"] for r in out] == [0, 1, 2, 3] and "error" in out[3]


def test_reads_a_bounded_number_of_chunks_ahead(rules_nlp):
    read = []

    def records():
        for i in range(1000):
            read.append(i)
            yield InputRecord(i, SENTENCES[i % len(SENTENCES)], f"text {i}")

    it = extract_records(rules_nlp, records(), batch_size=4, n_process=2)
    assert next(it)["id"] == 0
    assert len(read) <= (batch.CHUNKS_PER_PROCESS * 2 + 1) * 4
    it.close()  # stops the workers


def test_spawned_workers_rebuild_the_pipeline(rules_nlp, monkeypatch):
    monkeypatch.setattr(batch, "START_METHOD", "spawn")
    records = [InputRecord(i, t, f"text {i}") for i, t in enumerate(texts(8))]
    one, s1 = run(rules_nlp, records, batch_size=2)
    two, s2 = run(rules_nlp, records, batch_size=2, n_process=2)
    assert one == two and counts(s1) == counts(s2)
