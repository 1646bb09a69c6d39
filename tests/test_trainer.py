"""The resumable training loop (quotes/trainer.py): a run stopped and resumed ends where an
uninterrupted one does, weights, optimizer and schedule alike."""
import json

import numpy
import pytest
import spacy

from quotes.markup import write_jsonl
from quotes.trainer import batches, learn_rate, train_resumable

from .test_component import TRAIN_DATA

CONFIG = """
[paths]
train = null
dev = null

[system]
seed = 0
gpu_allocator = null

[nlp]
lang = "en"
pipeline = ["quotes"]
batch_size = 8

[components]

[components.quotes]
factory = "quotes"

[components.quotes.model]
@architectures = "quotes.QuoteModel.v1"
hidden_width = 16
max_window = 60

[components.quotes.model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 16
depth = 1
embed_size = 300
window_size = 1
maxout_pieces = 2
subword_features = false

[corpora]

[corpora.train]
@readers = "quotes.Corpus.v1"
path = ${paths.train}

[corpora.dev]
@readers = "quotes.Corpus.v1"
path = ${paths.dev}

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${system.seed}
dropout = 0.1
patience = 0
max_steps = 8
eval_frequency = 2
frozen_components = []
annotating_components = []

[training.optimizer]
@optimizers = "Adam.v1"
use_averages = true

[training.optimizer.learn_rate]
@schedules = "warmup_linear.v1"
warmup_steps = 2
total_steps = 8
initial_rate = 0.01

[training.score_weights]
quotes_attribution_f = 1.0
"""


@pytest.fixture
def setup(tmp_path):
    data = tmp_path / "train.jsonl"
    write_jsonl(({"id": str(i), "text": t, "quotes": q} for i, (t, q) in enumerate(TRAIN_DATA)), data)
    cfg = tmp_path / "tiny.cfg"
    cfg.write_text(CONFIG, encoding="utf8")
    return cfg, {"paths.train": str(data), "paths.dev": str(data)}


def weights(folder):
    nlp = spacy.load(folder / "last")
    return nlp.get_pipe("quotes").model.to_bytes()


def test_learn_rate_warms_up_then_decays_to_zero():
    rates = [learn_rate(s, 0.01, 2, 8) for s in range(9)]
    assert rates[0] < rates[1] == pytest.approx(0.01)
    assert all(a >= b for a, b in zip(rates[1:], rates[2:]))
    assert rates[8] == 0.0


def test_batches_are_a_function_of_seed_and_epoch():
    class Eg:
        def __init__(self, n):
            self.reference = [0] * n

    egs = [Eg(n) for n in (5, 9, 3, 7, 4, 6)]
    a = [[id(e) for e in b] for b in batches(egs, 10, seed=0, epoch=1)]
    assert a == [[id(e) for e in b] for b in batches(egs, 10, seed=0, epoch=1)]
    assert a != [[id(e) for e in b] for b in batches(egs, 10, seed=0, epoch=2)]
    assert sorted(i for b in a for i in b) == sorted(id(e) for e in egs)


def test_a_resumed_run_ends_where_an_uninterrupted_one_does(tmp_path, setup):
    cfg, overrides = setup
    straight, split = tmp_path / "straight", tmp_path / "split"
    train_resumable(cfg, straight, overrides, batch_words=40, progress=False)
    train_resumable(cfg, split, overrides, batch_words=40, progress=False, stop_after=4)
    state = json.loads((split / "log.jsonl").read_text().splitlines()[-1])
    assert state["step"] == 4
    train_resumable(cfg, split, overrides, batch_words=40, progress=False)
    assert weights(straight) == weights(split)
    a = [json.loads(line) for line in (straight / "log.jsonl").read_text().splitlines()]
    b = [json.loads(line) for line in (split / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in a] == [r["step"] for r in b] == [2, 4, 6, 8]
    assert [r["learn_rate"] for r in a] == [r["learn_rate"] for r in b]
    numpy.testing.assert_allclose([r["loss"]["quotes"] for r in a], [r["loss"]["quotes"] for r in b], rtol=1e-5)
    assert (straight / "best" / "config.cfg").exists()
