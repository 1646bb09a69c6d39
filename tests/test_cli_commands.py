"""`quotes evaluate` and `quotes corpus ...` through typer's test runner, and the one-line errors and
help of every command."""
import json
import re

import pytest

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


def test_corpus_stats_reads_a_spacy_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    write_jsonl([GOLD], gold)
    assert runner.invoke(app, ["corpus", "convert", str(gold), str(tmp_path / "g.spacy")]).exit_code == 0
    result = runner.invoke(app, ["corpus", "stats", str(tmp_path / "g.spacy")])
    assert result.exit_code == 0, result.output
    assert "documents        1" in result.stdout and "quotes           3" in result.stdout


# A wrong name, file or option: one line on stderr saying what was wrong and what is accepted,
# exit status 2, and nothing run (no table, no output file).
WRONG = [
    (["extract", "{txt}", "--model", "nosuch"], "no pipeline 'nosuch'", "accepted: 'default'"),
    (["extract", "{txt}", "--model", "{tmp}"], "not a saved spaCy pipeline", "accepted: 'default'"),
    (["extract", "{txt}", "--format", "bogus"], "'--format'", "auto, text, jsonl, parquet, arrow"),
    (["extract", "{txt}", "--resume"], "--resume", "needs --output"),
    (["extract", "{txt}", "--batch-size", "0"], "'--batch-size'", "greater than or equal to 1"),
    (["show", "{txt}", "--model", "nosuch"], "no pipeline 'nosuch'", "installed pipeline packages"),
    (["evaluate", "nosuch", "{gold}"], "no pipeline 'nosuch'", "accepted: 'default'"),
    (["evaluate", "rules", "{gold}", "--conventions", "bogus"], "'bogus'", "use one of guide, polnear"),
    (["evaluate", "rules", "{txt}"], "a.txt: gold data must be", "a .spacy file or a PolNeAR split folder"),
    (["evaluate", "rules", "{tmp}/nosuch.jsonl"], "'DATA'", "does not exist"),
    (["evaluate", "rules", "{empty}"], "no JSONL file or PolNeAR split folder", "text/ and attributions/"),
    (["corpus", "stats", "{txt}"], "a.txt: gold data must be", "project JSONL"),
    (["corpus", "convert", "{txt}", "{tmp}/o.spacy"], "a.txt: gold data must be", "project JSONL"),
    (["corpus", "convert", "{gold}", "{tmp}/o.spacy", "--model", "nosuch"], "no pipeline 'nosuch'", "accepted"),
    (["corpus", "import-polnear", "{empty}", "{tmp}/o.jsonl"], "not a PolNeAR split folder", "text/ and attributions/"),
    (["corpus", "build", "{empty}", "{tmp}/o"], "none of the split folders", "'train', 'dev', 'test'"),
    (["nosuch"], "No such command 'nosuch'", ""),
]


@pytest.mark.parametrize("args, what, accepted", WRONG, ids=lambda a: " ".join(a) if isinstance(a, list) else None)
def test_wrong_input_is_one_line_and_exit_2(args, what, accepted, tmp_path):
    (tmp_path / "a.txt").write_text("He said it would rain.", encoding="utf8")
    write_jsonl([GOLD], tmp_path / "gold.jsonl")
    (tmp_path / "empty").mkdir()
    paths = {"txt": tmp_path / "a.txt", "gold": tmp_path / "gold.jsonl", "tmp": tmp_path, "empty": tmp_path / "empty"}
    before = sorted(tmp_path.iterdir())
    result = runner.invoke(app, [a.format(**paths) for a in args])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"quotes {' '.join(args[:2 if args[0] == 'corpus' else 1])}: error: ") or args == ["nosuch"]
    assert what in line and accepted in line, line
    assert result.stdout == "" and sorted(tmp_path.iterdir()) == before


COMMANDS = [[], ["extract"], ["show"], ["evaluate"], ["train"], ["corpus"], ["corpus", "build"],
            ["corpus", "import-polnear"], ["corpus", "stats"], ["corpus", "convert"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "quotes")
def test_help_reads_cleanly(command):
    """Metavars as click and spaCy show them (INPUT..., PATH, TEXT, INTEGER; none on a flag), not
    typer's <list[str]>, <bool> or {inputs}."""
    result = runner.invoke(app, command + ["--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert not re.search(r"<\w+(\[\w+\])?>|\{\w+\}", result.stdout), result.stdout
    assert "--help" in result.stdout


def test_extract_help_names_every_input_kind():
    text = " ".join(runner.invoke(app, ["extract", "--help"], terminal_width=200).stdout.split())
    assert "Usage: quotes extract [OPTIONS] INPUT..." in text
    for kind in ("Text files", "JSONL", "Parquet", "Arrow", "folders", "stdin"):
        assert kind in text


@pytest.mark.parametrize("args", [
    ["extract", "{txt}", "--model", "rules", "--no-progress", "-o", "{tmp}/no/such/folder/out.jsonl"],
    ["show", "{txt}", "--model", "rules", "--no-progress", "-o", "{tmp}/no/such/folder/page.html"],
    ["show", "{txt}", "--model", "rules", "--no-progress", "-o", "{tmp}"],
    ["corpus", "convert", "{gold}", "{tmp}/gold.jsonl/x.spacy"],
], ids=lambda a: " ".join(a[:2]))
def test_output_that_cannot_be_written_is_one_line_and_exit_2(args, tmp_path):
    (tmp_path / "a.txt").write_text("He said it would rain.", encoding="utf8")
    write_jsonl([GOLD], tmp_path / "gold.jsonl")
    paths = {"txt": tmp_path / "a.txt", "gold": tmp_path / "gold.jsonl", "tmp": tmp_path}
    result = runner.invoke(app, [a.format(**paths) for a in args])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert ": error: " in line and str(tmp_path) in line
    assert re.search(r"(No such file or directory|Is a directory|File exists|does not exist|is a folder)", line), line
