"""The project's own corpus: the committed JSONL is what the sources compile to, and it has what
the guide promises."""
import json
from pathlib import Path

import pytest

from quotes.corpus import build_corpus
from quotes.items import speaker_kind

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def load(split):
    return [json.loads(line) for line in (CORPUS / f"{split}.jsonl").read_text(encoding="utf8").splitlines()]


def test_committed_jsonl_is_up_to_date(tmp_path):
    build_corpus(CORPUS / "src", tmp_path)
    for split in ("train", "dev", "test"):
        assert (tmp_path / f"{split}.jsonl").read_text(encoding="utf8") == (
            CORPUS / f"{split}.jsonl").read_text(encoding="utf8"), (
            f"corpus/{split}.jsonl is stale: run `quotes corpus build`")


def test_size_and_splits():
    splits = {s: load(s) for s in ("train", "dev", "test")}
    docs = [r for rs in splits.values() for r in rs]
    assert len(docs) >= 60
    assert sum(len(r["quotes"]) for r in docs) >= 400
    assert all(len(rs) >= 8 for rs in splits.values())
    ids = [r["id"] for r in docs]
    assert len(ids) == len(set(ids)), "an id is in two splits"
    assert sum(1 for r in docs if not r["quotes"]) >= 4, "documents with no quotes at all"


def test_types_fragments_and_resolution():
    docs = [r for s in ("train", "dev", "test") for r in load(s)]
    quotes = [q for r in docs for q in r["quotes"]]
    assert {q["type"] for q in quotes} == {"direct", "indirect", "mixed"}
    assert sum(len(q["content"]["fragments"]) > 1 for q in quotes) >= 20
    pronouns = [q for q in quotes if q["speaker"] and speaker_kind(q["speaker"]["text"]) == "pronoun"]
    resolved = [q for q in pronouns if q["speaker"]["resolved"]]
    assert len(resolved) >= 0.9 * len(pronouns)
    for r in docs:
        for q in r["quotes"]:
            for s, e in q["content"]["fragments"]:
                assert 0 <= s < e <= len(r["text"])
