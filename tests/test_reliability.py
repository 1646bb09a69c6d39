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
