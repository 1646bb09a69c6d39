"""`quotes evaluate` and `quotes corpus ...` through typer's test runner."""
import json

from typer.testing import CliRunner

from quotes.cli import app
from quotes.markup import write_jsonl

runner = CliRunner()
TEXT = "“We will rebuild the bridge,” Mayor Ellen Park said.\n\nThe council said costs had doubled."
GOLD = {
    "id": "g1", "text": TEXT,
    "quotes": [
        {"type": "direct", "content": {"start": 0, "end": 29, "fragments": [[0, 29]]},
         "speaker": {"start": 30, "end": 46, "resolved": None}, "cue": {"start": 47, "end": 51}},
        {"type": "indirect", "content": {"start": 71, "end": 88, "fragments": [[71, 88]]},
         "speaker": {"start": 54, "end": 65, "resolved": None}, "cue": {"start": 66, "end": 70}},
        # a quote the rules cannot find (no speech context), so recall is 2/3
        {"type": "direct", "content": {"start": 0, "end": 4, "fragments": [[0, 4]]},
         "speaker": None, "cue": None},
    ],
}


def test_evaluate_writes_table_metrics_and_errors(tmp_path):
    assert (TEXT[30:46], TEXT[47:51], TEXT[54:65], TEXT[71:88]) == (
        "Mayor Ellen Park", "said", "The council", "costs had doubled")
    gold = tmp_path / "gold.jsonl"
    write_jsonl([GOLD], gold)
    result = runner.invoke(app, ["evaluate", "rules", str(gold), "-o", str(tmp_path / "m.json"),
                                 "--errors", str(tmp_path / "errors.md")])
    assert result.exit_code == 0, result.output
    assert "Attribution" in result.stdout
    metrics = json.loads((tmp_path / "m.json").read_text())
    assert metrics["quotes_attribution_p"] == 1.0
    assert abs(metrics["quotes_attribution_r"] - 2 / 3) < 1e-9
    assert "Missed" in (tmp_path / "errors.md").read_text(encoding="utf8")


def test_corpus_build_stats_convert(tmp_path):
    src = tmp_path / "src" / "train"
    src.mkdir(parents=True)
    (src / "a.txt").write_text("id: a\nkind: local\n---\n<q1>“Yes,”</q1> <s1>she</s1> <cue1>said</cue1>.\n",
                               encoding="utf8")
    result = runner.invoke(app, ["corpus", "build", str(tmp_path / "src"), str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 documents" in result.stdout
    result = runner.invoke(app, ["corpus", "stats", str(tmp_path / "train.jsonl")])
    assert result.exit_code == 0 and "direct" in result.stdout
    result = runner.invoke(app, ["corpus", "convert", str(tmp_path / "train.jsonl"), str(tmp_path / "t.spacy")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t.spacy").stat().st_size > 0
