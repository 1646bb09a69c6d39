"""Tests of the trained quote component ("quotes") and its model, in the style of spaCy's test_spancat."""
import numpy
import pytest
from numpy.testing import assert_almost_equal
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, load_model_from_path, make_tempdir, registry
from thinc.api import Config

import quotes.component  # noqa: F401  (registers the "quotes" factory)
import quotes.model  # noqa: F401  (registers quotes.QuoteModel.v1)
import quotes.scorer  # noqa: F401  (registers quotes.scorer.v1)
from quotes import items
from quotes.component import DEFAULT_MODEL_CONFIG, QuoteFinder
from quotes.model import N_FEATURES, QuoteScores, decode_cues


def _q(content, speaker, cue, type_):
    return {
        "type": type_,
        "content": {"start": content[0][0], "end": content[-1][1], "fragments": content},
        "speaker": None if speaker is None else {"start": speaker[0], "end": speaker[1]},
        "cue": None if cue is None else {"start": cue[0], "end": cue[1]},
    }


TRAIN_DATA = [
    (
        "“We will not back down,” Mayor Ann Smith said on Monday. She added that talks with the "
        "union would resume next week.",
        [
            _q([[0, 24]], [25, 40], [41, 45], "direct"),
            _q([[72, 115]], [57, 60], [61, 66], "indirect"),
        ],
    ),
    (
        "“The plan is dead,” the minister said, “and nobody will revive it.” Critics, however, "
        "argued that the budget left room for a deal.",
        [
            _q([[0, 19], [39, 67]], [20, 32], [33, 37], "direct"),
            _q([[98, 129]], [68, 75], [86, 92], "indirect"),
        ],
    ),
    (
        "The company said in a statement that profits rose sharply. According to the report, sales "
        "doubled.",
        [
            _q([[37, 57]], [0, 11], [12, 16], "indirect"),
            _q([[84, 97]], [72, 82], [59, 71], "indirect"),
        ],
    ),
]


def make_examples(nlp: Language):
    return [
        Example(nlp.make_doc(text), items.record_to_doc(nlp.make_doc(text), {"quotes": quotes}))
        for text, quotes in TRAIN_DATA
    ]


def as_tuples(doc: Doc):
    """A doc's quotes as comparable tuples of character offsets."""
    out = []
    for q in items.get_quotes(doc):
        out.append(
            (
                tuple((s.start_char, s.end_char) for s in q.content),
                None if q.speaker is None else (q.speaker.start_char, q.speaker.end_char),
                None if q.cue is None else (q.cue.start_char, q.cue.end_char),
                q.type,
            )
        )
    return out


def gold_tuples(i: int):
    return [
        (
            tuple(tuple(f) for f in q["content"]["fragments"]),
            None if q["speaker"] is None else (q["speaker"]["start"], q["speaker"]["end"]),
            None if q["cue"] is None else (q["cue"]["start"], q["cue"]["end"]),
            q["type"],
        )
        for q in TRAIN_DATA[i][1]
    ]


@pytest.fixture
def nlp():
    return English()


def test_train_data_offsets():
    """The hand-written offsets cover the words they are meant to (guards the fixtures)."""
    text, quotes_ = TRAIN_DATA[1]
    assert text[20:32] == "the minister" and text[33:37] == "said"
    assert text[39:67] == "“and nobody will revive it.”"
    assert TRAIN_DATA[2][0][59:71] == "According to"


def test_add_pipe_defaults(nlp):
    quotes_pipe = nlp.add_pipe("quotes")
    assert isinstance(quotes_pipe, QuoteFinder)
    assert quotes_pipe.cfg == {"threshold": 0.5, "min_content_tokens": 2, "max_gap": 3, "snap": 0.0}
    assert nlp.get_pipe_meta("quotes").assigns == ["doc.spans"]
    weights = nlp.config["training"]["score_weights"]
    assert weights["quotes_attribution_f"] == 0.5
    assert quotes_pipe.scorer is quotes.scorer.score_quotes


def test_overfitting_IO(nlp):
    fix_random_seed(0)
    nlp.add_pipe("quotes")
    train_examples = make_examples(nlp)
    optimizer = nlp.initialize(get_examples=lambda: train_examples)
    losses = {}
    for _ in range(60):
        losses = {}
        nlp.update(train_examples, sgd=optimizer, losses=losses)
    assert losses["quotes"] < 0.01

    texts = [text for text, _ in TRAIN_DATA]
    docs = [nlp(text) for text in texts]
    for i, doc in enumerate(docs):
        assert as_tuples(doc) == gold_tuples(i)
        for q in doc._.quotes:
            assert 0.5 < q.score <= 1.0
            assert q.resolved is None

    # disk round-trip
    with make_tempdir() as tmp_dir:
        nlp.to_disk(tmp_dir)
        nlp2 = load_model_from_path(tmp_dir)
        for i, text in enumerate(texts):
            assert as_tuples(nlp2(text)) == gold_tuples(i)
        assert nlp2.get_pipe("quotes").cfg == nlp.get_pipe("quotes").cfg

    # pipe equals __call__, scores included
    piped = list(nlp.pipe(texts, batch_size=2))
    for doc, doc2 in zip(docs, piped):
        assert as_tuples(doc) == as_tuples(doc2)
        assert_almost_equal(
            [q.score for q in doc._.quotes], [q.score for q in doc2._.quotes], decimal=5
        )

    scores = nlp.evaluate(make_examples(nlp))
    assert scores["quotes_attribution_f"] == 1.0
    assert scores["quotes_attribution_quoted_f"] == 1.0
    for role in ("content", "cue", "speaker"):
        assert scores[f"quotes_{role}_f"] == 1.0


def test_model_from_registry(nlp):
    """The architecture alone: built through the registry, initialized from docs, predicting."""
    model = registry.resolve(Config().from_str(DEFAULT_MODEL_CONFIG))["model"]
    docs = [nlp.make_doc(text) for text, _ in TRAIN_DATA]
    cues = [[(9, 10)], [(7, 8)], [(2, 3)]]
    model.initialize(X=(docs, cues))
    assert model.get_ref("tok2vec").get_dim("nO") == 96
    scores, backprop = model.begin_update((docs, cues))
    assert len(scores) == len(docs)
    for doc, s, doc_cues in zip(docs, scores, cues):
        assert s.cue_probs.shape == (len(doc), 3)
        assert_almost_equal(s.cue_probs.sum(axis=1), numpy.ones(len(doc)), decimal=5)
        assert s.cues[: len(doc_cues)] == doc_cues
        for (ws, we), probs, cue in zip(s.windows, s.role_probs, s.cues):
            assert ws <= cue[0] < cue[1] <= we
            assert probs.shape == (we - ws, 2)
    grads = [
        quotes.model.QuoteGradients(
            d_cue=model.ops.alloc2f(*s.cue_probs.shape), d_roles=[p * 0 + 0.1 for p in s.role_probs]
        )
        for s in scores
    ]
    d_docs = backprop(grads)
    assert isinstance(d_docs, list)
    # predicting (no gold cues) works and never touches the docs
    predicted = model.predict((docs, None))
    assert len(predicted) == len(docs)
    assert all("quotes" not in doc.spans for doc in docs)


def test_window_is_capped(nlp):
    """A cue's window stays within `max_window` tokens however long the document."""
    model = registry.resolve(Config().from_str(DEFAULT_MODEL_CONFIG.replace("max_window = 120", "max_window = 10")))["model"]
    doc = nlp.make_doc(" ".join(["word"] * 200))
    model.initialize(X=([doc], [[(100, 101)]]))
    scores = model.predict(([doc], None))
    scores, _ = model.begin_update(([doc], [[(100, 101)]]))
    ws, we = scores[0].windows[0]
    assert we - ws == 10 and ws <= 100 < we


def test_decode_cues():
    probs = numpy.asarray(
        [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.2, 0.1, 0.7], [0.9, 0.05, 0.05], [0.3, 0.6, 0.1], [0.2, 0.7, 0.1]],
        dtype="f",
    )
    assert decode_cues(probs, 0.5) == [(1, 3), (4, 5), (5, 6)]
    assert decode_cues(probs[:0], 0.5) == []


def test_set_annotations_from_scores(nlp):
    """Hand-written scores become one quote in two fragments, with its speaker and cue."""
    quotes_pipe = nlp.add_pipe("quotes")
    text = TRAIN_DATA[1][0]
    doc = nlp.make_doc(text)
    # tokens: “ The plan is dead , ” the minister said , “ and nobody will revive it . ” Critics ...
    assert [t.text for t in doc[:10]] == ["“", "The", "plan", "is", "dead", ",", "”", "the", "minister", "said"]
    n = len(doc)
    cue_probs = numpy.zeros((n, 3), dtype="f")
    cue_probs[:, 0] = 1.0
    cue_probs[9] = [0.1, 0.9, 0.0]
    role = numpy.zeros((n, 2), dtype="f")
    role[0:7, 0] = 0.9  # “The plan is dead,”
    role[11:19, 0] = 0.8  # “and nobody will revive it.”
    role[7:9, 1] = 0.7  # the minister
    role[20, 1] = 0.6  # a weaker speaker run: "," after Critics
    scores = QuoteScores(cue_probs=cue_probs, cues=[(9, 10)], windows=[(0, n)], role_probs=[role])
    quotes_pipe.set_annotations([doc], [scores])
    (q,) = doc._.quotes
    assert [s.text for s in q.content] == ["“The plan is dead,”", "“and nobody will revive it.”"]
    assert q.speaker.text == "the minister"
    assert q.cue.text == "said"
    assert q.type == "direct"
    assert 0.7 < q.score < 0.9
    assert [s.text for s in doc.spans["quote_cues"]] == ["said"]


def test_set_annotations_joins_runs_split_by_weak_tokens(nlp):
    """A content run broken by two weak tokens is one fragment; one broken by the cue is two."""
    quotes_pipe = nlp.add_pipe("quotes")
    doc = nlp.make_doc("Officials said that the plan, which was new, would fail badly in the end.")
    n = len(doc)
    cue_probs = numpy.zeros((n, 3), dtype="f")
    cue_probs[:, 0] = 1.0
    cue_probs[1] = [0.0, 1.0, 0.0]
    role = numpy.zeros((n, 2), dtype="f")
    role[0, 1] = 0.9  # Officials
    role[3:16, 0] = 0.9  # the plan, which was new, would fail badly in the end
    role[7:9, 0] = 0.2  # "was new" scored weakly
    scores = QuoteScores(cue_probs=cue_probs, cues=[(1, 2)], windows=[(0, n)], role_probs=[role])
    quotes_pipe.set_annotations([doc], [scores])
    (q,) = doc._.quotes
    assert [s.text for s in q.content] == ["the plan, which was new, would fail badly in the end"]
    assert q.speaker.text == "Officials"


def test_set_annotations_snaps_to_quoted_passage(nlp):
    """With `snap`, a fragment that covers most of a quoted passage becomes the whole passage."""
    quotes_pipe = nlp.add_pipe("quotes", config={"snap": 0.6})
    doc = nlp.make_doc("He said: “We will never, ever give up on this town.”")
    n = len(doc)
    cue_probs = numpy.zeros((n, 3), dtype="f")
    cue_probs[:, 0] = 1.0
    cue_probs[1] = [0.0, 1.0, 0.0]
    role = numpy.zeros((n, 2), dtype="f")
    role[0, 1] = 0.9  # He
    role[4:12, 0] = 0.9  # We will never, ever give up on (the rest is missed)
    scores = QuoteScores(cue_probs=cue_probs, cues=[(1, 2)], windows=[(0, n)], role_probs=[role])
    quotes_pipe.set_annotations([doc], [scores])
    (q,) = doc._.quotes
    assert [s.text for s in q.content] == ["“We will never, ever give up on this town.”"]
    assert q.type == "direct"


def test_set_annotations_drops_cue_without_content(nlp):
    quotes_pipe = nlp.add_pipe("quotes")
    doc = nlp.make_doc("He said nothing at all.")
    cue_probs = numpy.tile(numpy.asarray([[0.0, 1.0, 0.0]], dtype="f"), (len(doc), 1))
    role = numpy.zeros((len(doc), 2), dtype="f")
    role[0, 1] = 0.9
    scores = QuoteScores(cue_probs=cue_probs, cues=[(1, 2)], windows=[(0, len(doc))], role_probs=[role])
    quotes_pipe.set_annotations([doc], [scores])
    assert doc._.quotes == []
    assert len(doc.spans["quotes"]) == 0


def test_empty_doc(nlp):
    nlp.add_pipe("quotes")
    train_examples = make_examples(nlp)
    nlp.initialize(get_examples=lambda: train_examples)
    doc = nlp("")
    assert doc._.quotes == []
    docs = list(nlp.pipe(["", "No quotes here.", ""]))
    assert len(docs) == 3 and docs[0]._.quotes == [] and docs[2]._.quotes == []
    assert nlp.get_pipe("quotes").predict([]) == []


def test_uninitialized_pipe_raises(nlp):
    nlp.add_pipe("quotes")
    with pytest.raises(ValueError, match="not initialized"):
        nlp("“Hello,” she said.")


def test_features_width():
    """The feature block the role scorer sees has the documented width."""
    assert N_FEATURES == 23 + 5 + (3 + 2 * 46) + 46 + 5
