"""README.md as a newcomer reads it: every ```python block runs as written, the table of what the
default pipeline finds in examples/article.txt is what it finds, and every shell command it shows
exists with the options it gives (the cheap ones are run, from a folder laid out like a clone)."""
import importlib.util
import json
import re
import shlex
import shutil
import tomllib
from pathlib import Path
from typing import List, Tuple

import pytest
import typer.main
from typer.testing import CliRunner

from quotes.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
BLOCKS: List[Tuple[str, int, str]] = [
    (m.group(1), README.count("\n", 0, m.start()) + 1, m.group(2)) for m in FENCE.finditer(README)]
PYTHON = [(line, code) for lang, line, code in BLOCKS if lang == "python"]
SHELL = [(line, code) for lang, line, code in BLOCKS if lang in ("", "bash", "sh")]
# The set-up steps around the project's own commands, which the tests cannot redo (a venv, pytest).
SETUP = {("python3", "-m", "venv"), (".",), ("python", "-m", "pytest")}
# Words of the synopsis that stand for a value (INPUT..., CONFIG, OUT.spacy) mark a line not to run.
PLACEHOLDER = re.compile(r"^\[?[A-Z][A-Z_.]*(\.\.\.|\.spacy)?\]?$")


@pytest.fixture
def clone(tmp_path, monkeypatch):
    """A working folder with the clone's data folders, as README's commands expect to run in."""
    for name in ("corpus", "examples", "configs"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_readme_has_blocks():
    assert len(PYTHON) >= 3 and len(SHELL) >= 4


@pytest.mark.parametrize("line, code", PYTHON, ids=[f"README.md:{n}" for n, _ in PYTHON])
def test_python_block_runs(line, code, clone, capsys):
    if "dask" in code and importlib.util.find_spec("distributed") is None:
        pytest.skip("dask[distributed] is not installed (README installs it with the dask extra)")
    exec(compile(code, f"README.md:{line}", "exec"), {"__name__": "__readme__"})
    if "print(" in code:
        assert capsys.readouterr().out.strip()


def _table_after(marker: str) -> List[List[str]]:
    rows = README[README.index(marker):].split("\n\n")[2].strip().splitlines()
    return [[c.strip() for c in row.strip("|").split("|")] for row in rows[2:]]


def test_article_table_is_what_the_default_pipeline_finds(clone):
    result = CliRunner().invoke(app, ["extract", "examples/article.txt", "--no-progress"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    table = _table_after("$ quotes extract examples/article.txt")
    assert len(table) == len(record["quotes"])
    for (typ, content, speaker, resolved, cue), q in zip(table, record["quotes"]):
        assert (typ, speaker, resolved, cue) == (
            q["type"], q["speaker"]["text"], q["speaker"]["resolved"]["text"], q["cue"]["text"])
        head, _, tail = content.partition(" … ")
        assert q["content"]["text"].startswith(head.rstrip("…")) and q["content"]["text"].endswith(tail)


def _commands() -> List[Tuple[int, List[str]]]:
    found: List[Tuple[int, List[str]]] = []
    for line, code in SHELL:
        for n, text in enumerate(code.splitlines()):
            text = re.sub(r"^\$ ", "", text).split("  #")[0]
            if text.startswith(" ") and found:  # the synopsis goes on under the command's name
                found[-1][1].extend(shlex.split(text))
                continue
            for command in filter(None, (c.strip() for c in text.split("&&"))):
                found.append((line + 1 + n, shlex.split(command)))
    return found


COMMANDS = _commands()


def _find(words: List[str]):
    """The click command that `quotes WORDS...` names, and the words after its name."""
    command = typer.main.get_command(app)
    while words and hasattr(command, "commands") and words[0] in command.commands:
        command, words = command.commands[words[0]], words[1:]
    return command, words


@pytest.mark.parametrize("line, words", COMMANDS, ids=[f"README.md:{n}" for n, _ in COMMANDS])
def test_shell_command_exists(line, words):
    if words[0] == "quotes":
        command, rest = _find(words[1:])
        assert not hasattr(command, "commands"), f"README.md:{line}: no such command: {' '.join(words)}"
        options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        for word in rest:
            name = word.strip("[]").split("=")[0]
            if name.startswith("-") and name != "-" and not (command.name == "train" and "." in name):
                assert name in options, f"README.md:{line}: quotes {command.name} has no option {name}"
    elif words[:2] == ["pip", "install"]:
        constraints = words[words.index("-c") + 1]
        assert (ROOT / constraints).is_file()
        extras = re.fullmatch(r"\.(?:\[([\w,]+)\])?", words[-1])
        assert extras, f"README.md:{line}: installs {words[-1]!r}, not this project"
        declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf8"))["project"]["optional-dependencies"]
        assert set(filter(None, (extras.group(1) or "").split(","))) <= set(declared)
    else:
        assert any(tuple(words[:len(s)]) == s for s in SETUP), f"README.md:{line}: an unknown command {words}"
        assert words[0] == "." or shutil.which(words[0]) is not None


RUNNABLE = [(n, w) for n, w in COMMANDS if w[0] == "quotes" and not any(PLACEHOLDER.match(x) for x in w[1:])]


@pytest.mark.parametrize("line, words", RUNNABLE, ids=[f"README.md:{n}" for n, _ in RUNNABLE])
def test_shell_command_runs(line, words, clone):
    result = CliRunner().invoke(app, words[1:])
    assert result.exit_code == 0, f"README.md:{line}: {result.output}"
    if "-o" in words:
        assert (clone / words[words.index("-o") + 1]).stat().st_size > 0
