"""The first acceptance test: the default pipeline finds the seed article's five gold quotes with
exactly the gold speaker and cue spans and the gold type."""
import json

import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.scorer import alnum_offsets

from .conftest import SEED, needs_seed


@needs_seed
@pytest.mark.parametrize("model", [None, "rules", "trained"])
def test_seed_quotes(tmp_path, model):
    gold = json.loads((SEED / "seed_gold.jsonl").read_text(encoding="utf8"))
    text = gold["text"]
    args = ["extract", str(SEED / "netanyahu_visit.txt"), "-o", str(tmp_path / "out.jsonl"),
            "--no-progress"] + (["--model", model] if model else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    predicted = record["quotes"]

    def alnum(spans):
        out = set()
        for s, e in spans:
            out |= alnum_offsets(text, s, e)
        return out

    for g in gold["quotes"]:
        matches = [p for p in predicted if alnum(p["content"]["fragments"]) == alnum(g["content"])]
        assert len(matches) == 1, f"gold quote not found: {text[g['content'][0][0]:g['content'][-1][1]]!r}"
        p = matches[0]
        assert [[p["speaker"]["start"], p["speaker"]["end"]]] == g["speaker"]
        assert [[p["cue"]["start"], p["cue"]["end"]]] == g["cue"]
        assert p["type"] == g["type"]
