"""Reliability: a document's quotes do not depend on the documents batched beside it, memory and
pieces stay bounded on texts of any shape, and output faults are one-line errors. (The long
version, with kills at random points and texts of many megabytes, is benchmarks/faults.py.)"""
import json
from pathlib import Path

import pytest

import quotes
from quotes.batch import InputRecord, extract_records

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def default_nlp():
    """The shipped default pipeline (the trained model), loaded once for this module."""
    return quotes.load()


def corpus_records(n):
    """The first `n` documents of the project's corpus (test, then dev): real news of every length."""
    records = []
    for name in ("test.jsonl", "dev.jsonl"):
        for line in (ROOT / "corpus" / name).open(encoding="utf8"):
            if len(records) < n and line.strip():
                doc = json.loads(line)
                records.append(InputRecord(doc["id"], doc["text"], f"{name}:{len(records) + 1}"))
    return records


def assert_same_records(a, b):
    """The same records: ids, quotes and offsets equal, scores within 1e-5."""
    assert [r["id"] for r in a] == [r["id"] for r in b]
    for ra, rb in zip(a, b):
        qa, qb = ra["quotes"], rb["quotes"]
        strip = lambda qs: [{k: v for k, v in q.items() if k != "score"} for q in qs]  # noqa: E731
        assert strip(qa) == strip(qb), ra["id"]
        assert all(abs(x["score"] - y["score"]) <= 1e-5 for x, y in zip(qa, qb)), ra["id"]


# --- the same quotes whatever the batch -------------------------------------------------------

@pytest.mark.parametrize("model", ["default", "rules"])
def test_batch_size_does_not_change_any_record(model, default_nlp, rules_nlp):
    nlp = default_nlp if model == "default" else rules_nlp
    records = corpus_records(20)
    by_size = {size: list(extract_records(nlp, records, batch_size=size)) for size in (1, 7, 32)}
    assert sum(len(r["quotes"]) for r in by_size[1]) > 100
    assert_same_records(by_size[1], by_size[7])
    assert_same_records(by_size[1], by_size[32])


def test_model_scores_do_not_depend_on_the_batch(default_nlp):
    """The quote model's own scores, every window token of every cue: one doc at a time equals
    the docs in one batch (the role scorer reads each window on its own)."""
    with default_nlp.select_pipes(disable=["quotes"]):
        docs = list(default_nlp.pipe([r.text for r in corpus_records(8)]))
    model = default_nlp.get_pipe("quotes").model
    together = model.predict((docs, None))
    for doc, batched in zip(docs, together):
        (alone,) = model.predict(([doc], None))
        assert alone.cues == batched.cues and alone.windows == batched.windows
        assert len(alone.cues) > 0
        for a, b in zip(alone.role_probs, batched.role_probs):
            assert abs(a - b).max() <= 1e-5


def test_a_worker_restart_does_not_change_the_other_records(default_nlp):
    """A worker that dies makes the records it held be done again one at a time: the others'
    quotes are those of an uninterrupted run (it used to re-batch them and change them)."""
    from quotes.batch import extract_records as run
    from spacy.language import Language

    @Language.component("test_reliability_crash")
    def crash(doc):
        if "CRASH" in doc.text:
            import os

            os._exit(3)
        return doc

    records = corpus_records(12)
    records[5] = InputRecord("boom", "CRASH. " + records[5].text, "text 5")
    default_nlp.add_pipe("test_reliability_crash")
    try:
        out = list(run(default_nlp, records, batch_size=4, n_process=2))
    finally:
        default_nlp.remove_pipe("test_reliability_crash")
    assert "the worker process died" in out[5]["error"]
    clean = list(run(default_nlp, records[:5] + records[6:], batch_size=4))
    assert_same_records(out[:5] + out[6:], clean)


# --- bounded memory, pieces that keep quotes across a cut --------------------------------------

def test_batches_hold_at_most_max_chars(rules_nlp, monkeypatch):
    """What bounds memory: however long a text, and however many pieces a batch could take, a
    batch that reaches `nlp.pipe` holds at most `max_chars` characters beyond its first piece."""
    seen = []
    pipe = rules_nlp.pipe

    def spy(items, **kwargs):
        if kwargs.get("as_tuples"):  # the batch job's batches (not the pipes' own calls)
            items = list(items)
            seen.append([len(text) for text, _ in items])
        return pipe(items, **kwargs)

    monkeypatch.setattr(rules_nlp, "pipe", spy)
    long_line = " ".join(f"“Item {i} is fine,” he said of the {i}th one." for i in range(600))
    records = [InputRecord("short", "“Yes,” he said.", "t0"), InputRecord("long", long_line, "t1"),
               InputRecord("short2", "“No,” she said.", "t2")]
    (a, b, c) = list(extract_records(rules_nlp, records, batch_size=32, max_chars=2_000))
    assert len(long_line) > 10 * 2_000 and len(seen) > 10
    assert all(n <= 2_000 for batch in seen for n in batch)
    assert all(sum(batch[1:]) <= 2_000 and len(batch) <= 32 for batch in seen)
    assert len(b["quotes"]) == 600 and len(a["quotes"]) == len(c["quotes"]) == 1


FILLER = " ".join(f"apples, pears{i}" for i in range(40))  # no sentence end, so cuts fall at spaces
TWO_FRAGMENTS = "“The bridge will be rebuilt by spring,” Mayor Ellen Park said, “and the city will pay for it.”"


def test_a_quote_across_a_cut_is_found_whole(rules_nlp, monkeypatch):
    import quotes.batch as batch

    text = FILLER + " " + TWO_FRAGMENTS + " " + FILLER
    second = text.index("“and the city")
    # the smallest pieces whose first cut falls between the quote's two fragments (the best cut
    # in reach: there is no sentence end before it)
    size = next(n for n in range(len(FILLER), 2 * len(FILLER))
                if text.index("Mayor Ellen") < batch.plan_pieces(text, n)[0].keep_end <= second)
    assert batch.plan_pieces(text, size)[0].end > second + 30  # the piece reaches past the quote
    (whole,) = extract_records(rules_nlp, [InputRecord(0, text, "t")])
    (cut_up,) = extract_records(rules_nlp, [InputRecord(0, text, "t")], max_chars=size)
    (q,) = whole["quotes"]
    assert len(q["content"]["fragments"]) == 2
    assert cut_up["quotes"] == whole["quotes"]
    # the same cut without the pieces' overlap: the quote loses its second fragment
    core, cut = size - 2 * batch.overlap_for(size), batch.plan_pieces(text, size)[0].keep_end
    monkeypatch.setattr(batch, "OVERLAP_CHARS", 0)
    assert batch.plan_pieces(text, core)[0] == (0, cut, 0, cut)
    (no_overlap,) = extract_records(rules_nlp, [InputRecord(0, text, "t")], max_chars=core)
    assert [len(q["content"]["fragments"]) for q in no_overlap["quotes"]] != [2]


def test_pieces_cover_the_text_once_and_stay_within_size():
    from quotes.batch import plan_pieces

    text = (FILLER + ". " + TWO_FRAGMENTS + "\n\n") * 30 + FILLER
    for size in (300, 1_000, 5_000):
        pieces = plan_pieces(text, size)
        assert pieces[0].keep_start == 0 and pieces[-1].keep_end == len(text)
        assert all(a.keep_end == b.keep_start for a, b in zip(pieces, pieces[1:]))
        for p in pieces:
            assert p.start <= p.keep_start < p.keep_end <= p.end and p.end - p.start <= size
            # a piece reaches only to whole lines or sentences
            assert p.start == p.keep_start or text[p.start - 1] in "\n " and text[p.start - 2] in "\n.”"
    assert plan_pieces("short", 10) == [(0, 5, 0, 5)]


def test_a_long_run_without_whitespace_goes_in_short_pieces(rules_nlp):
    """spaCy's tokenizer takes time in the square of a run of punctuation with no whitespace: no
    piece holds more than MAX_RUN_CHARS of one, and the quotes around it are found as ever."""
    from quotes.batch import MAX_RUN_CHARS, plan_pieces

    run = ",.;!?" * 2_000
    text = TWO_FRAGMENTS + " " + run + " " + TWO_FRAGMENTS + "\n\n" + run
    a = text.index(run)
    for p in plan_pieces(text, 5_000):
        for start in (a, text.rindex(run)):
            inside = min(p.end, start + len(run)) - max(p.start, start)
            assert inside <= MAX_RUN_CHARS
    (rec,) = extract_records(rules_nlp, [InputRecord(0, text, "t")], max_chars=5_000)
    assert [q["content"]["text"] for q in rec["quotes"]].count(TWO_FRAGMENTS.split(" Mayor")[0] + " Mayor Ellen Park said, “and the city will pay for it.”") == 2


def test_nlp_on_a_huge_text_says_how_to_process_it(rules_nlp):
    from quotes.pipeline import MAX_TEXT_CHARS

    text = ("“We will rebuild,” she said. " + "x" * 990 + " ") * (MAX_TEXT_CHARS // 1000 + 1)
    assert len(text) > rules_nlp.max_length == MAX_TEXT_CHARS
    with pytest.raises(ValueError) as e:
        rules_nlp(text)
    message = str(e.value)
    assert "\n" not in message and "quotes.extract" in message and f"{MAX_TEXT_CHARS:,}" in message
    (rec,) = quotes.extract([text], nlp=rules_nlp)
    assert len(rec["quotes"]) == text.count("“We will rebuild,”")


# --- output faults and empty inputs: one line, the right exit status --------------------------

def cli(*args, limit=None):
    """`python -m quotes extract ...` in a subprocess (optionally with a file-size limit, which
    makes writes fail past it as on a full disk): exit status, stdout, stderr lines."""
    import os
    import resource
    import subprocess
    import sys

    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    preexec = (lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))) if limit else None
    proc = subprocess.run([sys.executable, "-m", "quotes", "extract", "--no-progress", *args],
                          env=env, capture_output=True, text=True, preexec_fn=preexec)
    return proc.returncode, proc.stdout, proc.stderr.splitlines()


def write_docs(path, n):
    with path.open("w", encoding="utf8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"d{i}", "text": f"“Item {i} is done,” she said. He said it was."}) + "\n")


@pytest.mark.parametrize("kind", ["folder", "missing folder", "input"])
def test_bad_outputs_stop_before_any_work(tmp_path, kind):
    docs = tmp_path / "docs.jsonl"
    write_docs(docs, 3)
    (tmp_path / "out").mkdir()
    output = {"folder": tmp_path / "out", "missing folder": tmp_path / "nowhere" / "x.jsonl",
              "input": docs}[kind]
    # a model that does not exist: the output is checked before the pipeline is loaded
    code, _, err = cli(str(docs), "-o", str(output), "--model", str(tmp_path / "no-model"))
    assert code == 2 and len(err) == 1, err
    assert str(output) in err[0] and {"folder": "is a folder", "missing folder": "does not exist",
                                      "input": "is also an input"}[kind] in err[0]
    assert docs.read_text(encoding="utf8").count("\n") == 3


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_is_one_line(tmp_path):
    docs = tmp_path / "docs.jsonl"
    write_docs(docs, 3)
    code, _, err = cli(str(docs), "-o", "/dev/full", "--model", "rules")
    assert code == 2 and err == ["quotes extract: error: /dev/full: cannot write: No space left on device, at record 1"]


def test_a_disk_that_fills_mid_run_leaves_a_file_resume_continues(tmp_path):
    docs = tmp_path / "docs.jsonl"
    write_docs(docs, 150)
    full = tmp_path / "full.jsonl"
    assert cli(str(docs), "-o", str(full), "--model", "rules", "--batch-size", "4")[0] == 0
    expected = full.read_bytes()
    out = tmp_path / "out.jsonl"
    code, _, err = cli(str(docs), "-o", str(out), "--model", "rules", "--batch-size", "4",
                       limit=len(expected) // 2)
    assert code == 2 and len(err) == 1 and "cannot write: File too large" in err[0] and "--resume" in err[0]
    assert 0 < len(out.read_bytes()) <= len(expected) // 2 and expected.startswith(out.read_bytes())
    code, _, err = cli(str(docs), "-o", str(out), "--model", "rules", "--batch-size", "4", "--resume")
    assert code == 0, err
    assert out.read_bytes() == expected


def test_nothing_to_read_is_one_line_and_exit_1(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.csv").write_text("a,b\n", encoding="utf8")
    code, _, err = cli(str(tmp_path / "empty"), "--model", str(tmp_path / "no-model"))
    assert code == 1 and len(err) == 1 and "holds no input files" in err[0]
    code, _, err = cli(str(tmp_path / "news-*.jsonl"), "--model", str(tmp_path / "no-model"))
    assert code == 1 and len(err) == 1 and "no file matches this pattern" in err[0]
    (tmp_path / "blank.jsonl").write_text("\n\n", encoding="utf8")
    code, out, err = cli(str(tmp_path / "blank.jsonl"), "--model", "rules")
    assert code == 1 and out == "" and err[-1].endswith("hold no records")
    # a quoted pattern that matches is expanded, in sorted order
    for name in ("news-b.jsonl", "news-a.jsonl"):
        write_docs(tmp_path / name, 1)
    code, out, _ = cli(str(tmp_path / "news-*.jsonl"), "--model", "rules")
    assert code == 0 and len(out.splitlines()) == 2
