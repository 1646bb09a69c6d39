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
import quotes.model  # noqa: F401  (registers quotes.QuoteModel.v1 and v2)
import quotes.scorer  # noqa: F401  (registers quotes.scorer.v1)
from quotes import items
from quotes.component import DEFAULT_MODEL_CONFIG, QuoteFinder, TextLayout
from quotes.model import N_FEATURES, POINTERS, ROLES, QuoteScores, decode_cues

# The v2 architecture (BiLSTM windows and pointers), without and with the cue tagger's BiLSTM.
V2_MODEL_CONFIG = DEFAULT_MODEL_CONFIG.replace(
    "quotes.QuoteModel.v1", "quotes.QuoteModel.v2"
).replace("hidden_width = 128\n", "hidden_width = 128\nlstm_depth = 1\ncue_lstm_depth = 0\n")
V2_CUE_LSTM_CONFIG = V2_MODEL_CONFIG.replace("cue_lstm_depth = 0", "cue_lstm_depth = 1")
ARCHITECTURES = pytest.mark.parametrize(
    "model_config", [DEFAULT_MODEL_CONFIG, V2_MODEL_CONFIG, V2_CUE_LSTM_CONFIG], ids=["v1", "v2", "v2-cue-lstm"]
)


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
    assert quotes_pipe.cfg == {
        "threshold": 0.5, "min_content_tokens": 2, "max_gap": 3, "snap": 0.0, "fit_structure": True,
        "conventions": "guide", "document_decode": True,
    }
    assert nlp.get_pipe_meta("quotes").assigns == ["doc.spans"]
    weights = nlp.config["training"]["score_weights"]
    assert weights["quotes_attribution_f"] == 0.5
    assert quotes_pipe.scorer is quotes.scorer.score_quotes


@ARCHITECTURES
def test_overfitting_IO(nlp, model_config):
    fix_random_seed(0)
    nlp.add_pipe("quotes", config=Config().from_str(model_config))
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


@ARCHITECTURES
def test_model_from_registry(nlp, model_config):
    """The architecture alone: built through the registry, initialized from docs, predicting."""
    model = registry.resolve(Config().from_str(model_config))["model"]
    n_columns = len(ROLES) + (len(POINTERS) if "QuoteModel.v2" in model_config else 0)
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
            assert probs.shape == (we - ws, n_columns)
            if n_columns > len(ROLES):
                # each pointer column is a distribution over the window's tokens
                assert_almost_equal(probs[:, len(ROLES) :].sum(axis=0), numpy.ones(len(POINTERS)), decimal=5)
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


def test_predicted_roles_equal_the_role_scorer(nlp, monkeypatch):
    """At prediction, v1's first role layer is computed per token and per cue
    (`_predict_roles`); the probabilities equal those of the role scorer run on the full rows."""
    model = registry.resolve(Config().from_str(DEFAULT_MODEL_CONFIG))["model"]
    docs = [nlp.make_doc(text) for text, _ in TRAIN_DATA]
    for doc in docs:  # sentences, so that every feature (sentence offsets and starts) varies
        for token in doc:
            token.is_sent_start = token.i == 0 or doc[token.i - 1].text == "."
    model.initialize(X=(docs, [[(9, 10)], [(7, 8)], [(2, 3)]]))
    # random weights and biases everywhere (fresh biases are zero), and a cue scorer that makes
    # every token a cue, so that windows overlap and every row is scored
    rng = numpy.random.default_rng(0)
    for node in model.get_ref("role_scorer").walk():
        for name in node.param_names:
            if node.has_param(name):
                value = node.get_param(name)
                node.set_param(name, rng.normal(0.0, 0.5, value.shape).astype("f"))
    output = [node for node in model.get_ref("cue_scorer").walk() if node.name == "linear"][-1]
    output.set_param("b", numpy.asarray([-4.0, 4.0, 0.0], dtype="f"))
    fast = model.predict((docs, None))
    assert sum(len(s.cues) for s in fast) > len(docs)
    monkeypatch.setattr(quotes.model, "_first_maxout", lambda role_scorer: None)
    plain = model.predict((docs, None))
    for a, b in zip(fast, plain):
        assert a.cues == b.cues and a.windows == b.windows
        for pa, pb in zip(a.role_probs, b.role_probs):
            assert_almost_equal(pa, pb, decimal=5)


def test_paragraph_windows_end_where_the_span_fitting_ends(nlp):
    """With `paragraph_windows`, a cue's window keeps to its paragraph, the next paragraphs that
    continue a quotation (open with a quotation mark, hold no cue), and the paragraph after a
    colon; without it, the windows are whole sentences around the cue, across paragraphs."""
    from quotes.model import _DocContext

    text = ("Ann said it would rain.\n\n“It will pour. Take a coat.\n\n“And boots,” she added.\n\n"
            "Bob said:\n\n“No.”\n\nThe end.")
    doc = nlp(text)
    cues = [(t.i, t.i + 1) for t in doc if t.text in ("said", "added")]
    bounds = _DocContext(doc).paragraph_bounds(cues)
    assert [doc[s:e].text for s, e in bounds] == [
        "Ann said it would rain.\n\n“It will pour. Take a coat.",
        "“And boots,” she added.",
        "Bob said:\n\n“No.”",
    ]
    config = Config().from_str(DEFAULT_MODEL_CONFIG.replace("dropout = 0.1", "dropout = 0.1\nparagraph_windows = true"))
    model = registry.resolve(config)["model"]
    for token in doc:
        token.is_sent_start = token.i == 0 or doc[token.i - 1].text in (".", ":", "\n\n")
    model.initialize(X=([doc], [cues]))
    output = [node for node in model.get_ref("cue_scorer").walk() if node.name == "linear"][-1]
    output.set_param("b", numpy.asarray([-4.0, 4.0, 0.0], dtype="f"))  # every token a cue
    scores = model.predict(([doc], None))[0]
    paragraph = quotes.component.paragraph_ids(doc)
    assert len(scores.cues) > 3
    for cue, (ws, we) in zip(scores.cues, scores.windows):
        if paragraph[cue[0]] < 0:
            continue  # a "cue" on a paragraph break (every token is one here)
        kept = {int(p) for p in paragraph[ws:we] if p >= 0}
        assert int(paragraph[cue[0]]) in kept
        assert all(p >= paragraph[cue[0]] for p in kept)  # never the paragraph before
    model.attrs["paragraph_windows"] = False
    plain = model.predict(([doc], None))[0]
    assert any(len({int(p) for p in paragraph[ws:we] if p >= 0}) > 1 for ws, we in plain.windows)
    assert sum(we - ws for ws, we in scores.windows) < sum(we - ws for ws, we in plain.windows)


SHARED_MODEL_CONFIG = DEFAULT_MODEL_CONFIG.split("[model.tok2vec]")[0] + """
[model.tok2vec]
@architectures = "quotes.SharedTok2Vec.v1"
width = 64

[model.tok2vec.shared]
@architectures = "spacy.Tok2VecListener.v1"
width = 96
upstream = "tok2vec"

[model.tok2vec.own]
@architectures = "spacy.Tok2Vec.v2"

[model.tok2vec.own.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 32
attrs = ["NORM","SHAPE"]
rows = [500,50]
include_static_vectors = false

[model.tok2vec.own.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 32
depth = 1
window_size = 1
maxout_pieces = 3
"""


def test_shared_tok2vec_reads_a_frozen_base_encoder(nlp):
    """quotes.SharedTok2Vec.v1, as configs/quotes_cpu_shared.cfg trains it: the base "tok2vec" is
    frozen and annotating (its vectors reach the quote model through doc.tensor), the quote model
    learns its own encoder and the mixing; the base weights do not move."""
    fix_random_seed(0)
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("quotes", config=Config().from_str(SHARED_MODEL_CONFIG))
    train_examples = make_examples(nlp)
    optimizer = nlp.initialize(get_examples=lambda: train_examples)
    assert nlp.get_pipe("quotes").model.get_ref("tok2vec").get_dim("nO") == 64
    base_before = nlp.get_pipe("tok2vec").to_bytes()
    first = None
    for step in range(80):
        losses = {}
        nlp.update(train_examples, sgd=optimizer, losses=losses, exclude=["tok2vec"], annotates=["tok2vec"])
        first = losses["quotes"] if first is None else first
    assert losses["quotes"] < first / 10
    assert nlp.get_pipe("tok2vec").to_bytes() == base_before
    texts = [text for text, _ in TRAIN_DATA]
    for i, text in enumerate(texts):
        assert as_tuples(nlp(text)) == gold_tuples(i)
    with make_tempdir() as tmp_dir:
        nlp.to_disk(tmp_dir)
        nlp2 = load_model_from_path(tmp_dir)
        for i, text in enumerate(texts):
            assert as_tuples(nlp2(text)) == gold_tuples(i)


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


def _cue_probs(n, cue):
    """Cue scores (n, 3) with a one-token cue at `cue` and no other."""
    probs = numpy.zeros((n, 3), dtype="f")
    probs[:, 0] = 1.0
    probs[cue] = [0.0, 1.0, 0.0]
    return probs


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


def _pointer_columns(n, spans):
    """v2 pointer columns (n, 4) putting 0.9 of each distribution on the given token."""
    cols = numpy.full((n, len(POINTERS)), 0.1 / (n - 1), dtype="f")
    for k, t in enumerate(spans):
        cols[t, k] = 0.9
    return cols


def test_set_annotations_v2_pointers_set_the_boundaries(nlp):
    """With v2 scores, the pointers decide where content and speaker start and end: the flags'
    ragged runs (a hole inside the content, a speaker run that takes a stray token) do not."""
    quotes_pipe = nlp.add_pipe("quotes")
    doc = nlp.make_doc("Officials of the city said that the plan would fail badly in the end.")
    n = len(doc)
    cue_probs = _cue_probs(n, 4)
    flags = numpy.zeros((n, 2), dtype="f")
    flags[6:14, 0] = 0.9  # the plan would fail badly in the end (".": 13 is left out below)
    flags[8:10, 0] = 0.1  # a hole: "would fail"
    flags[1:4, 1] = 0.8  # "of the city" only
    # content 6..13 ("the" .. "end"), speaker 0..3 ("Officials of the city")
    role = numpy.hstack([flags, _pointer_columns(n, [6, 13, 0, 3])])
    scores = QuoteScores(cue_probs=cue_probs, cues=[(4, 5)], windows=[(0, n)], role_probs=[role])
    quotes_pipe.set_annotations([doc], [scores])
    (q,) = doc._.quotes
    assert [s.text for s in q.content] == ["the plan would fail badly in the end"]
    assert q.speaker.text == "Officials of the city"


def test_set_annotations_v2_fragments_around_cue_and_speaker(nlp):
    """A v2 content span that encloses its cue and speaker splits around them, and around the
    tokens next to them that the content flags reject ("he said *in a statement*")."""
    quotes_pipe = nlp.add_pipe("quotes")
    doc = nlp.make_doc("“We are done,” he said in a statement, “and we are proud.”")
    words = [t.text for t in doc]
    assert words[6:12] == ["he", "said", "in", "a", "statement", ","]
    n = len(doc)
    cue_probs = _cue_probs(n, 7)
    flags = numpy.zeros((n, 2), dtype="f")
    flags[0:6, 0] = 0.9
    flags[12:, 0] = 0.9
    flags[6, 1] = 0.9
    role = numpy.hstack([flags, _pointer_columns(n, [0, n - 1, 6, 6])])
    scores = QuoteScores(cue_probs=cue_probs, cues=[(7, 8)], windows=[(0, n)], role_probs=[role])
    quotes_pipe.set_annotations([doc], [scores])
    (q,) = doc._.quotes
    assert [s.text for s in q.content] == ["“We are done,”", "“and we are proud.”"]
    assert q.speaker.text == "he"
    assert q.type == "direct"


def test_pointed_span_keeps_clear_of_the_cue():
    """The pointers' best pair is ignored where it would overlap the cue or miss the flags' run."""
    n = 6
    probs = numpy.zeros((n, 6), dtype="f")
    probs[:, 2:] = _pointer_columns(n, [0, 0, 1, 4])
    probs[2, 5] = 0.5  # the speaker's second-best end
    # the best speaker pair 1..4 would cross the cue at 3: the best pair that does not is 1..2
    assert quotes.component._pointed_span(probs, 1, (1, 2), 12, (3, 4)) == (1, 3)
    # the chosen span must overlap the flags' run: with a run at 5 and spans of one token, it is 5
    assert quotes.component._pointed_span(probs, 1, (5, 6), 1, (3, 4)) == (5, 6)


def test_set_annotations_joins_runs_split_by_weak_tokens(nlp):
    """A content run broken by two weak tokens is one fragment; one broken by the cue is two."""
    quotes_pipe = nlp.add_pipe("quotes")
    doc = nlp.make_doc("Officials said that the plan, which was new, would fail badly in the end.")
    n = len(doc)
    cue_probs = _cue_probs(n, 1)
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
    quotes_pipe = nlp.add_pipe("quotes", config={"snap": 0.6, "fit_structure": False})
    doc = nlp.make_doc("He said: “We will never, ever give up on this town.”")
    n = len(doc)
    cue_probs = _cue_probs(n, 1)
    role = numpy.zeros((n, 2), dtype="f")
    role[0, 1] = 0.9  # He
    role[4:12, 0] = 0.9  # We will never, ever give up on (the rest is missed)
    scores = QuoteScores(cue_probs=cue_probs, cues=[(1, 2)], windows=[(0, n)], role_probs=[role])
    quotes_pipe.set_annotations([doc], [scores])
    (q,) = doc._.quotes
    assert [s.text for s in q.content] == ["“We will never, ever give up on this town.”"]
    assert q.type == "direct"


def _content_of(nlp, text, cue, content, speaker=None, other_cues=(), **config):
    """The content fragments decoded from hand-written scores: the one-token cue at `cue`, content
    probability 0.9 on the tokens in range `content` (a range or a list of them) but the cue and
    speaker, speaker on range `speaker`; one-token `other_cues` with no content or speaker."""
    quotes_pipe = nlp.add_pipe("quotes", config=config)
    doc = nlp.make_doc(text)
    n = len(doc)
    role = numpy.zeros((n, 2), dtype="f")
    for start, end in [content] if isinstance(content, tuple) else content:
        role[start:end, 0] = 0.9
    role[cue, 0] = 0.0
    if speaker is not None:
        role[speaker[0] : speaker[1], 0] = 0.0
        role[speaker[0] : speaker[1], 1] = 0.9
    cues = [(cue, cue + 1)] + [(c, c + 1) for c in other_cues]
    roles = [role] + [numpy.zeros((n, 2), dtype="f") for _ in other_cues]
    scores = QuoteScores(cue_probs=_cue_probs(n, cue), cues=cues, windows=[(0, n)] * len(cues), role_probs=roles)
    quotes_pipe.set_annotations([doc], [scores])
    return doc, [[s.text for s in q.content] for q in doc._.quotes]


def test_fit_structure_keeps_the_cues_paragraph(nlp):
    """A content run that starts in the headline above is cut at the paragraph break; without
    `fit_structure` it is not."""
    text = "Cabin crew vote to strike\n\nCabin crew will walk out in March, the union said."
    words = [t.text for t in nlp.make_doc(text)]
    cue = words.index("said")
    for fit, expected in ((True, ["Cabin crew will walk out in March"]),
                          (False, ["Cabin crew vote to strike\n\nCabin crew will walk out in March"])):
        nlp = English()
        _, contents = _content_of(nlp, text, cue, (0, cue - 3), (cue - 2, cue), fit_structure=fit)
        assert contents == [expected]


def test_fit_structure_takes_the_next_paragraph_after_a_colon(nlp):
    """With nothing in the cue's paragraph, the content is the nearest paragraph's."""
    text = "The mayor said:\n\n“We will rebuild the bridge.”\n\nWork starts in May."
    doc, contents = _content_of(nlp, text, 2, (3, 15), (0, 2))
    assert contents == [["“We will rebuild the bridge.”"]]


def test_fit_structure_continues_a_quotation_into_following_paragraphs(nlp):
    """Paragraphs that each open with a quotation continue the cue paragraph's quote (the guide's
    multi-paragraph quotes); the first paragraph that does not ends it."""
    text = "“We passed the target,” he said. “We are thrilled.\n\n“The village did it.”\n\nThe sale ends in May."
    doc = nlp.make_doc(text)
    words = [t.text for t in doc]
    cue = words.index("said")
    _, contents = _content_of(nlp, text, cue, [(0, cue - 1), (cue + 2, len(doc) - 1)], (cue - 1, cue))
    assert contents == [["“We passed the target,”", "“We are thrilled.", "“The village did it.”"]]


def test_fit_structure_leaves_another_cues_passage_to_it(nlp):
    """Of two quoted passages, the one nearer to another cue of its paragraph is that cue's; a
    following paragraph with a cue of its own is no continuation either."""
    text = "“We lost,” she said. “We will be back,” he added.\n\n“It hurts,” the coach said."
    doc = nlp.make_doc(text)
    words = [t.text for t in doc]
    said, added, said2 = words.index("said"), words.index("added"), len(words) - 2
    passages = [(0, said - 1), (said + 2, added - 1), (added + 3, said2 - 2)]
    for others, expected in (((added, said2), ["“We lost,”"]),
                             ((), ["“We lost,”", "“We will be back,”", "“It hurts,”"])):
        nlp = English()
        _, contents = _content_of(nlp, text, said, passages, (said - 1, said), other_cues=others)
        assert contents == [expected]


def test_fit_structure_ends_before_a_coordinated_cue():
    """In a parsed doc, "said A but insisted B": A is the first cue's content, B the second's."""
    words = ["He", "said", "jobs", "would", "go", "but", "insisted", "pay", "would", "rise"]
    doc = _parsed(words, ["PRON", "VERB", "NOUN", "AUX", "VERB", "CCONJ", "VERB", "NOUN", "AUX", "VERB"],
                  ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "cc", "conj", "nsubj", "aux", "ccomp"],
                  [1, 1, 4, 4, 1, 1, 1, 9, 9, 6])
    both = TextLayout.of(doc, [(1, 2), (6, 7)])
    fit = quotes.component.fit_structure
    assert fit(doc, (1, 2), [(2, 10)], {0, 1}, both) == [(2, 5)]
    # the second cue's own content is left whole, and without the second cue nothing is cut
    assert fit(doc, (6, 7), [(7, 10)], {6}, both) == [(7, 10)]
    assert fit(doc, (1, 2), [(2, 10)], {0, 1}, TextLayout.of(doc, [(1, 2)])) == [(2, 10)]


@pytest.mark.parametrize(
    "text,cue,expected",
    [("He said Friday it was over", (1, 3), "said"), ("She told reporters so", (1, 3), "told"),
     ("They called for calm", (1, 3), "called for"), ("He said", (1, 2), "said")],
)
def test_fit_cue_keeps_say_and_tell_bare(text, cue, expected):
    doc = English().make_doc(text)
    assert quotes.component.fit_cue(doc[cue[0] : cue[1]]).text == expected


def test_fit_speaker_takes_the_whole_noun_phrase():
    """A speaker run is fitted to its head's subtree: a relative clause whole, a trailing
    preposition of the verb out; a run whose head is no noun is left as it is."""
    words = ["Pelham", ",", "who", "will", "leave", "in", "May", ",", "said", "on", "Monday", "it", "was", "over"]
    doc = _parsed(words, ["PROPN", "PUNCT", "PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT", "VERB", "ADP", "PROPN",
                          "PRON", "AUX", "ADV"],
                  ["nsubj", "punct", "nsubj", "aux", "relcl", "prep", "pobj", "punct", "ROOT", "prep", "pobj",
                   "nsubj", "ccomp", "advmod"],
                  [8, 0, 4, 4, 0, 4, 5, 0, 8, 8, 9, 12, 8, 12])
    fit = quotes.component.fit_speaker
    plain = TextLayout.of(doc, [(8, 9)])
    assert fit(doc, (8, 9), (0, 5), plain) == (0, 7)  # "Pelham, who will leave" -> "... in May"
    assert fit(doc, (8, 9), (9, 11), plain) == (9, 11)  # "on Monday": its head is a preposition
    # a subtree that would take in a quoted passage the run does not reach is left alone
    assert fit(doc, (8, 9), (0, 5), TextLayout.of(doc, [(8, 9)], passages=[(5, 7)])) == (0, 5)
    # in PolNeAR's conventions a relative clause the run leaves out stays out; one it reaches into
    # is taken whole
    assert fit(doc, (8, 9), (0, 1), plain, clauses=False) == (0, 1)
    assert fit(doc, (8, 9), (0, 3), plain, clauses=False) == (0, 7)


def test_text_layout_reads_the_doc_once():
    """Paragraphs, passages, sentences and cues of a doc, and the nearest cues either side."""
    doc = English().make_doc("“We lost,” she said. He left.\n\n“It hurts,” he added.")
    words = [t.text for t in doc]
    said, added = words.index("said"), words.index("added")
    layout = TextLayout.of(doc, [(added, added + 1), (said, said + 1)])
    assert layout.cues == [(said, said + 1), (added, added + 1)]
    assert [doc[s:e].text for s, e in layout.passages] == ["“We lost,”", "“It hurts,”"]
    assert layout.paragraph[said] == 0 and layout.paragraph[added] == 1 and layout.paragraph[words.index("\n\n")] == -1
    assert layout.cued_paragraphs == {0, 1}
    assert layout.sentence[said] == 0 and layout.sentence[words.index("He")] == 1
    assert layout.passage(1) == layout.passages[0] and layout.passage(said) is None
    assert layout.cue_before(added, (said, said + 1)) is None
    assert layout.cue_after(0, (said, said + 1)) == (added, added + 1)
    assert layout.cues_in(0, added) == [(said, said + 1)]
    assert quotes.component.merge_touching([(5, 7), (0, 2), (2, 3), (6, 9)]) == [(0, 3), (5, 9)]


def test_fit_speaker_stays_in_one_paragraph():
    """A live blog's time stamp the parse hangs on the name stays out of the speaker."""
    words = ["11:05", "a.m.", "\n\n", "Donald", "Trump", "is", "telling", "crowds", "it", "is", "over"]
    doc = _parsed(words, ["NUM", "NOUN", "SPACE", "PROPN", "PROPN", "AUX", "VERB", "NOUN", "PRON", "AUX", "ADV"],
                  ["nummod", "npadvmod", "dep", "compound", "nsubj", "aux", "ROOT", "dobj", "nsubj", "ccomp", "advmod"],
                  [1, 4, 1, 4, 6, 6, 6, 6, 9, 6, 9])
    assert quotes.component.fit_speaker(doc, (5, 7), (0, 5), TextLayout.of(doc, [(5, 7)])) == (3, 5)


def test_fit_structure_leaves_a_fragment_nearer_to_another_cue_to_it():
    """Quoted or not, a fragment in the next sentence beside another cue is that cue's."""
    doc = English().make_doc("Warren said banks had cheated. Fees went up, she said later.")
    words = [t.text for t in doc]
    said, said2 = words.index("said"), len(words) - 3
    layout = TextLayout.of(doc, [(said, said + 1), (said2, said2 + 1)])
    fragments = [(said + 1, words.index(".")), (words.index("Fees"), words.index("up") + 1)]
    fit = quotes.component.fit_structure
    assert fit(doc, (said, said + 1), fragments, {0, said}, layout) == fragments[:1]
    # with no other cue both stay
    assert fit(doc, (said, said + 1), fragments, {0, said}, TextLayout.of(doc, [(said, said + 1)])) == fragments


@pytest.mark.parametrize(
    "text,covered,expected",
    [
        # a fragment that ends after most of a passage grows to its end
        ("He said the plan was “a disaster for the whole town,” and left.", ("the", "town"),
         "the plan was “a disaster for the whole town,”"),
        # a fragment inside a passage grows to the whole passage
        ("He said: “We will never give up on this town.”", ("never", "on"),
         "“We will never give up on this town.”"),
        # a fragment that takes in a small tail of a passage before it is cut back to after it
        ("“We are done talking to them for now.” The talks would go on, Rivera said.", ("now", "on"),
         "The talks would go on"),
    ],
)
def test_fit_structure_covers_passages_wholly_or_not_at_all(text, covered, expected):
    nlp = English()
    words = [t.text for t in nlp.make_doc(text)]
    cue = words.index("said")
    start, end = words.index(covered[0]), len(words) - 1 - words[::-1].index(covered[1]) + 1
    _, contents = _content_of(nlp, text, cue, (start, end))
    assert contents == [[expected]]


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


def _parsed(words, pos, deps, heads):
    return Doc(English().vocab, words=words, pos=pos, deps=deps, heads=heads)


@pytest.mark.parametrize(
    "words,pos,deps,cue,expected",
    [
        # "has also said in a statement" -> "said"
        (["She", "has", "also", "said", "in", "a", "statement", "that", "it", "ended"],
         ["PRON", "AUX", "ADV", "VERB", "ADP", "DET", "NOUN", "SCONJ", "PRON", "VERB"],
         ["nsubj", "aux", "advmod", "ROOT", "prep", "det", "pobj", "mark", "nsubj", "ccomp"], (1, 7), "said"),
        # "did not identify" -> "identify"
        (["He", "did", "not", "identify", "a", "location"],
         ["PRON", "AUX", "PART", "VERB", "DET", "NOUN"],
         ["nsubj", "aux", "neg", "ROOT", "det", "dobj"], (1, 4), "identify"),
        # a particle stays: "pointed out"
        (["She", "pointed", "out", "that", "it", "ended"],
         ["PRON", "VERB", "ADP", "SCONJ", "PRON", "VERB"],
         ["nsubj", "ROOT", "prt", "mark", "nsubj", "ccomp"], (1, 3), "pointed out"),
        # no verb: "According to" is left as it is
        (["According", "to", "the", "report", ",", "sales", "doubled"],
         ["VERB", "ADP", "DET", "NOUN", "PUNCT", "NOUN", "VERB"],
         ["prep", "prep", "det", "pobj", "punct", "nsubj", "ROOT"], (0, 2), "According to"),
        # a colon after the verb goes: "said:" -> "said"
        (["He", "said", ":", "no"],
         ["PRON", "VERB", "PUNCT", "INTJ"],
         ["nsubj", "ROOT", "punct", "dobj"], (1, 3), "said"),
    ],
)
def test_guide_cue(words, pos, deps, cue, expected):
    # a flat tree under the token labelled ROOT (guide_cue reads labels and tags, not heads)
    doc = _parsed(words, pos, deps, [deps.index("ROOT")] * len(words))
    assert quotes.component.guide_cue(doc[cue[0] : cue[1]]).text == expected


def test_guide_content_drops_complementizer():
    words = ["She", "said", "that", "the", "plan", "failed"]
    doc = _parsed(words, ["PRON", "VERB", "SCONJ", "DET", "NOUN", "VERB"],
                  ["nsubj", "ROOT", "mark", "det", "nsubj", "ccomp"], [1, 1, 5, 4, 5, 1])
    assert [s.text for s in quotes.component.guide_content([doc[2:6]])] == ["the plan failed"]
    # "that" as a subject is content
    doc2 = _parsed(["She", "said", "that", "failed"], ["PRON", "VERB", "PRON", "VERB"],
                   ["nsubj", "ROOT", "nsubj", "ccomp"], [1, 1, 3, 1])
    assert [s.text for s in quotes.component.guide_content([doc2[2:4]])] == ["that failed"]


@pytest.mark.parametrize(
    "words,pos,deps,lemmas,cue,quoted,expected",
    [
        # a verb of speaking, with its auxiliary
        (["He", "has", "said", "so"], ["PRON", "AUX", "VERB", "ADV"], ["nsubj", "aux", "ROOT", "advmod"],
         ["he", "have", "say", "so"], (1, 3), False, True),
        # a verb of believing: PolNeAR's attribution, not the guide's quote, quoted or not
        (["Voters", "believe", "it"], ["NOUN", "VERB", "PRON"], ["nsubj", "ROOT", "dobj"],
         ["voter", "believe", "it"], (1, 2), True, False),
        # an act that is not speech, with a plain content
        (["He", "declined", "comment"], ["PRON", "VERB", "NOUN"], ["nsubj", "ROOT", "dobj"],
         ["he", "decline", "comment"], (1, 2), False, False),
        # ... but with a quotation it counts
        (["He", "declined", "comment"], ["PRON", "VERB", "NOUN"], ["nsubj", "ROOT", "dobj"],
         ["he", "decline", "comment"], (1, 2), True, True),
        # a verb of naming
        (["He", "called", "it"], ["PRON", "VERB", "PRON"], ["nsubj", "ROOT", "dobj"],
         ["he", "call", "it"], (1, 2), False, True),
        # no verb: "according to"
        (["According", "to", "him"], ["VERB", "ADP", "PRON"], ["prep", "prep", "pobj"],
         ["accord", "to", "he"], (0, 2), False, True),
    ],
)
def test_is_speech_cue(words, pos, deps, lemmas, cue, quoted, expected):
    doc = Doc(English().vocab, words=words, pos=pos, deps=deps, heads=[0] * len(words), lemmas=lemmas)
    assert quotes.component.is_speech_cue(doc[cue[0] : cue[1]], quoted) is expected


def test_is_speech_cue_without_lemmas_keeps_every_cue():
    doc = Doc(English().vocab, words=["Voters", "believe", "it"], pos=["NOUN", "VERB", "PRON"])
    assert quotes.component.is_speech_cue(doc[1:2], False)


def test_guide_conventions_drop_quotes_that_are_not_speech(nlp):
    """In the guide's conventions a cue of believing gives no quote; in PolNeAR's it does."""
    for conventions, expected in (("guide", 0), ("polnear", 1)):
        nlp = English()
        quotes_pipe = nlp.add_pipe("quotes", config={"conventions": conventions})
        words = ["Voters", "believe", "the", "plan", "failed", "."]
        doc = Doc(nlp.vocab, words=words, pos=["NOUN", "VERB", "DET", "NOUN", "VERB", "PUNCT"],
                  lemmas=["voter", "believe", "the", "plan", "fail", "."])
        n = len(doc)
        role = numpy.zeros((n, 2), dtype="f")
        role[0, 1] = 0.9
        role[2:5, 0] = 0.9
        scores = QuoteScores(cue_probs=_cue_probs(n, 1), cues=[(1, 2)], windows=[(0, n)], role_probs=[role])
        quotes_pipe.set_annotations([doc], [scores])
        assert len(doc._.quotes) == expected


def test_guide_content_ends_before_a_sentence_appositive():
    """A second object after a comma is the writer's comment on the clause, not the speaker's."""
    words = ["He", "said", "he", "would", "send", "troops", ",", "the", "first", "sign", "of", "talks"]
    doc = _parsed(words, ["PRON", "VERB", "PRON", "AUX", "VERB", "NOUN", "PUNCT", "DET", "ADJ", "NOUN", "ADP", "NOUN"],
                  ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "dobj", "punct", "det", "amod", "dobj", "prep", "pobj"],
                  [1, 1, 4, 4, 1, 4, 4, 9, 9, 4, 9, 10])
    assert [s.text for s in quotes.component.guide_content([doc[2:12]])] == ["he would send troops"]


def test_unknown_conventions_raise(nlp):
    with pytest.raises(ValueError, match="conventions"):
        nlp.add_pipe("quotes", config={"conventions": "mine"})


def test_set_annotations_resolves_speakers_of_parsed_docs(nlp):
    """The trained component hands its quotes to its resolver (quotes.resolver.v1 by default) where
    the doc has a parse, and writes what the resolver fills in."""
    quotes_pipe = nlp.add_pipe("quotes")
    assert quotes_pipe.resolver is not None
    calls = []

    def resolver(doc, found):
        calls.append(doc)
        for q in found:
            q.resolved = doc[0:1]

    quotes_pipe.resolver = resolver
    words = ["She", "said", "the", "plan", "failed", "."]
    parsed = _parsed(words, ["PRON", "VERB", "DET", "NOUN", "VERB", "PUNCT"],
                     ["nsubj", "ROOT", "det", "nsubj", "ccomp", "punct"], [1, 1, 3, 4, 1, 1])
    blank = nlp.make_doc("She said the plan failed.")
    for doc in (parsed, blank):
        n = len(doc)
        cue_probs = _cue_probs(n, 1)
        role = numpy.zeros((n, 2), dtype="f")
        role[0, 1] = 0.9
        role[2:5, 0] = 0.9
        scores = QuoteScores(cue_probs=cue_probs, cues=[(1, 2)], windows=[(0, n)], role_probs=[role])
        quotes_pipe.set_annotations([doc], [scores])
    assert calls == [parsed]
    assert [q.resolved.text for q in parsed._.quotes] == ["She"]
    assert [q.resolved for q in blank._.quotes] == [None]
