"""The thinc model of the trained quote component: cue tagging, then per-cue content and speaker.

Data flow for a batch of docs:
1. `tok2vec` gives one vector per token.
2. The cue scorer gives each token P(O), P(B-CUE), P(I-CUE); cue spans are decoded from it (or, in
   training, the gold cues are given, plus the predicted cues that match none of them, which teach
   the role scorer to find nothing around a false cue).
3. Each cue gets a window: its sentence plus up to `window_sents` sentences on each side, cut to
   `max_window` tokens around the cue, so the cost per document is linear in its length.
4. For each window token the role scorer sees [token vector, cue vector, their product, and
   one-hot features of the token's relation to the cue: signed distance, sentence offset, the
   dependency path to the cue (which child subtree of the cue it is in), whether it is inside
   quotation marks or is one], and gives two independent probabilities: "in the content of this
   cue's quote" and "in its speaker". Each window is scored on its own: what the scorer reads of
   a token's neighbours stops at the window's edges, so a doc's scores never depend on the other
   cues' windows or on the docs batched beside it.

The model only scores; turning scores into `Quote` objects is the pipe's job (`component.py`).
"""
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    LSTM, Linear, Maxout, Model, chain, concatenate, expand_window, residual, with_array, with_padded,
)
from thinc.types import Floats2d

from .items import paragraph_ids, sentence_bounds, sentence_numbers, token_flags
from .marks import ALL_MARKS, scan, top_level

Cue = Tuple[int, int]
QuoteInput = Tuple[List[Doc], Optional[List[List[Cue]]]]

# Dependency labels of spaCy's English pipelines (ClearNLP style); any other label maps to "other".
DEP_LABELS = (
    "ROOT", "acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux", "auxpass",
    "case", "cc", "ccomp", "compound", "conj", "csubj", "csubjpass", "dative", "dep", "det", "dobj",
    "expl", "intj", "mark", "meta", "neg", "nmod", "npadvmod", "nsubj", "nsubjpass", "nummod", "oprd",
    "parataxis", "pcomp", "pobj", "poss", "preconj", "predet", "prep", "prt", "punct", "quantmod",
    "relcl", "xcomp",
)
_DEP_INDEX = {label: i for i, label in enumerate(DEP_LABELS)}
_N_DEP = len(DEP_LABELS) + 1  # + other
_DIST_EXACT = 5
_DIST_BOUNDS = (8, 12, 20, 35, 60)
_N_DIST = 1 + 2 * (_DIST_EXACT + len(_DIST_BOUNDS) + 1)
_SENT_RANGE = 2
_N_SENT = 2 * _SENT_RANGE + 1
# Relation of a token to the cue in the parse: in the cue, in the subtree of a child of the cue
# (by that child's label), an ancestor of the cue, in the subtree of a sibling of the cue (by the
# sibling's label), or none of these.
_REL_CUE, _REL_ANC, _REL_NONE = 0, 1, 2
_REL_CHILD = 3
_REL_SIB = _REL_CHILD + _N_DEP
_N_REL = _REL_SIB + _N_DEP
_N_FLAGS = 5  # in quotes, is a quotation mark, cue in quotes, same quoted passage as cue, sentence start
N_FEATURES = _N_DIST + _N_SENT + _N_REL + _N_DEP + _N_FLAGS
_OFF_SENT = _N_DIST
_OFF_REL = _OFF_SENT + _N_SENT
_OFF_CUEDEP = _OFF_REL + _N_REL
_OFF_FLAGS = _OFF_CUEDEP + _N_DEP

CUE_LABELS = ("O", "B-CUE", "I-CUE")
ROLES = ("content", "speaker")
# The v2 model's role columns: the two membership flags of ROLES (sigmoids), then where each role's
# span starts and ends in the window (a softmax over the window's tokens per column).
POINTERS = ("content_start", "content_end", "speaker_start", "speaker_end")


@dataclass
class QuoteScores:
    """The model's output for one doc.

    cue_probs (Floats2d): (len(doc), 3) probabilities of O, B-CUE, I-CUE per token.
    cues (List[Tuple[int, int]]): the cue spans the roles were scored for, token offsets.
    windows (List[Tuple[int, int]]): each cue's window, token offsets.
    role_probs (List[Floats2d]): per cue, (window length, 2) probabilities of content and speaker
        (v1), or (window length, 6) with the four POINTERS distributions after them (v2): column 2
        sums to 1 over the window and gives where the content starts, and so on.
    """

    cue_probs: Floats2d
    cues: List[Cue]
    windows: List[Cue]
    role_probs: List[Floats2d]


@dataclass
class QuoteGradients:
    """Gradients for one doc, with respect to the logits behind `QuoteScores`' probabilities.

    d_cue (Floats2d): (len(doc), 3).
    d_roles (List[Floats2d]): per cue, (window length, 2 or 6).
    """

    d_cue: Floats2d
    d_roles: List[Floats2d]


@registry.architectures("quotes.SharedTok2Vec.v1")
def build_shared_tok2vec(
    shared: Model[List[Doc], List[Floats2d]],
    own: Model[List[Doc], List[Floats2d]],
    width: int = 96,
    features: Optional[Model[List[Doc], List[Floats2d]]] = None,
) -> Model[List[Doc], List[Floats2d]]:
    """A token encoder that reuses the base pipeline's: the base tok2vec's vectors (`shared`, a
    `spacy.Tok2VecListener.v1` to the sourced, frozen "tok2vec", which reads them from
    `doc.tensor`) beside a small trainable encoder of the quote model's own (`own`: the parse
    labels, entity types, and whatever else it embeds), mixed per token into `width` dimensions.

    The base vectors are computed once for the tagger, the parser and this model, so the quote
    component adds only `own` and the mixing to the base pipeline's cost.

    shared (Model[List[Doc], List[Floats2d]]): the base encoder's vectors.
    own (Model[List[Doc], List[Floats2d]]): the quote model's own encoder.
    width (int): output width.
    features (Optional[Model[List[Doc], List[Floats2d]]]): per-token features without weights
        (`quotes.QuoteFeatures.v1`: the cue lexicon and the rules' candidates), mixed in too.
    RETURNS (Model[List[Doc], List[Floats2d]]): one vector per token.
    """
    parts = [shared, own] + ([features] if features is not None else [])
    model = chain(concatenate(*parts), with_array(Maxout(nO=width, nP=2, normalize=True)))
    model.set_dim("nO", width)
    return model


@registry.architectures("quotes.QuoteModel.v1")
def build_quote_model(
    tok2vec: Model[List[Doc], List[Floats2d]],
    hidden_width: int = 128,
    window_sents: int = 1,
    max_window: int = 120,
    cue_threshold: float = 0.5,
    max_extra_cues: int = 8,
    dropout: float = 0.1,
    paragraph_windows: bool = False,
) -> Model[QuoteInput, List[QuoteScores]]:
    """Build the quote model.

    tok2vec (Model[List[Doc], List[Floats2d]]): the token encoder (a listener in configs).
    hidden_width (int): width of the cue and role scorers' hidden layers.
    window_sents (int): sentences on each side of the cue's sentence in its window.
    max_window (int): most tokens in a cue's window.
    cue_threshold (float): a token is in a cue when 1 - P(O) reaches this.
    max_extra_cues (int): in training, how many predicted cues that match no gold cue each doc
        adds as negative examples for the role scorer.
    dropout (float): dropout of the hidden layers.
    paragraph_windows (bool): at prediction, keep each window within the cue's paragraph and the
        paragraphs a quotation can continue into (the next ones that open with a quotation mark
        and hold no cue, or the next one after a paragraph ending in a colon), which is where
        the component's span fitting (`fit_structure`) keeps contents and speakers anyway; the
        role scorer then scores about half as many tokens. Training always uses the whole windows.
    RETURNS (Model[Tuple[List[Doc], Optional[List[List[Tuple[int, int]]]]], List[QuoteScores]]):
        given docs and, in training, their gold cue spans (None to predict them), the scores.
    """
    cue_scorer = chain(
        Maxout(nO=hidden_width, nP=2, dropout=dropout, normalize=True),
        Linear(nO=len(CUE_LABELS), nI=hidden_width),
    )
    role_scorer = chain(
        Maxout(nO=hidden_width, nP=3, dropout=dropout, normalize=True),
        residual(
            chain(
                expand_window(window_size=1),
                Maxout(nO=hidden_width, nI=3 * hidden_width, nP=2, dropout=dropout, normalize=True),
            )
        ),
        Linear(nO=len(ROLES), nI=hidden_width),
    )
    return _assemble(
        "quote_model", tok2vec, cue_scorer, role_scorer,
        window_sents=window_sents, max_window=max_window, cue_threshold=cue_threshold,
        max_extra_cues=max_extra_cues, paragraph_windows=paragraph_windows,
    )


@registry.architectures("quotes.QuoteModel.v2")
def build_quote_model_v2(
    tok2vec: Model[List[Doc], List[Floats2d]],
    hidden_width: int = 128,
    lstm_depth: int = 1,
    cue_lstm_depth: int = 0,
    window_sents: int = 1,
    max_window: int = 120,
    cue_threshold: float = 0.5,
    max_extra_cues: int = 8,
    dropout: float = 0.1,
) -> Model[QuoteInput, List[QuoteScores]]:
    """Build the quote model, v2: v1's cue tagger and window features, but the role scorer reads
    each cue's window as a sequence (a bidirectional LSTM over the window, so a token's scores see
    where the sentence, the quotation or the clause ends), and besides the content and speaker
    flags it points at where each role's span starts and ends. Optionally the cue tagger reads each
    doc through a bidirectional LSTM too (`cue_lstm_depth`; on PolNeAR it did not help: 62.2 cue F
    after 3,000 steps against 67.1 without).

    tok2vec (Model[List[Doc], List[Floats2d]]): the token encoder (a listener in configs).
    hidden_width (int): width of the hidden layers; each LSTM direction has half of it.
    lstm_depth (int): stacked bidirectional LSTM layers over each window.
    cue_lstm_depth (int): stacked bidirectional LSTM layers over each doc for the cue tagger; 0
        for none (a token's cue tag then sees the encoder's context only, as in v1).
    window_sents, max_window, cue_threshold, max_extra_cues, dropout: as in v1.
    RETURNS (Model[Tuple[List[Doc], Optional[List[List[Tuple[int, int]]]]], List[QuoteScores]]):
        given docs and, in training, their gold cue spans (None to predict them), the scores.
    """
    cue_layers = [with_array(Maxout(nO=hidden_width, nP=2, dropout=dropout, normalize=True))]
    if cue_lstm_depth:
        lstm = LSTM(nO=hidden_width, nI=hidden_width, bi=True, depth=cue_lstm_depth, dropout=dropout)
        cue_layers.append(residual(with_padded(lstm)))
    cue_scorer = chain(*cue_layers, with_array(Linear(nO=len(CUE_LABELS), nI=hidden_width)))
    role_scorer = chain(
        with_array(Maxout(nO=hidden_width, nP=3, dropout=dropout, normalize=True)),
        residual(with_padded(LSTM(nO=hidden_width, nI=hidden_width, bi=True, depth=lstm_depth, dropout=dropout))),
        with_array(Maxout(nO=hidden_width, nI=hidden_width, nP=2, dropout=dropout, normalize=True)),
        with_array(Linear(nO=len(ROLES) + len(POINTERS), nI=hidden_width)),
    )
    return _assemble(
        "quote_model_v2", tok2vec, cue_scorer, role_scorer,
        window_sents=window_sents, max_window=max_window, cue_threshold=cue_threshold,
        max_extra_cues=max_extra_cues, sequential=True,
    )


def _assemble(name: str, tok2vec: Model, cue_scorer: Model, role_scorer: Model, **attrs) -> Model:
    """The quote model around its three parts; `attrs` are the settings `forward` reads."""
    return Model(
        name,
        forward,
        init=init,
        layers=[tok2vec, cue_scorer, role_scorer],
        refs={"tok2vec": tok2vec, "cue_scorer": cue_scorer, "role_scorer": role_scorer},
        attrs=attrs,
    )


def init(model: Model, X: Optional[QuoteInput] = None, Y=None) -> None:
    """Infer the scorers' input widths from the encoder's, and initialize the layers."""
    tok2vec = model.get_ref("tok2vec")
    if X is not None:
        docs = list(X[0])
        tok2vec.initialize(X=docs)
    else:
        tok2vec.initialize()
    width = tok2vec.get_dim("nO")
    cue_scorer = model.get_ref("cue_scorer")
    role_scorer = model.get_ref("role_scorer")
    # Sample inputs of the right widths let the scorers infer their input dimensions.
    sequential = model.attrs.get("sequential", False)
    cue_sample = model.ops.alloc2f(2, width)
    cue_scorer.initialize(X=[cue_sample] if sequential else cue_sample)
    role_sample = model.ops.alloc2f(2, 3 * width + N_FEATURES)
    role_scorer.initialize(X=[role_sample] if sequential else role_sample)
    # Start from the prior that few tokens are cues: an untrained model that calls every token a
    # cue would score a window per token (quadratic work in the first evaluations).
    output = [node for node in cue_scorer.walk() if node.name == "linear"][-1]
    b = output.get_param("b").copy()
    b[0] = 4.0
    output.set_param("b", b)


def forward(
    model: Model, inputs: QuoteInput, is_train: bool
) -> Tuple[List[QuoteScores], Callable[[List[QuoteGradients]], List[Doc]]]:
    docs, gold_cues = inputs
    ops = model.ops
    tok2vec = model.get_ref("tok2vec")
    cue_scorer = model.get_ref("cue_scorer")
    role_scorer = model.get_ref("role_scorer")
    lengths = [len(doc) for doc in docs]
    n_total = int(sum(lengths))
    if n_total == 0:
        # nothing to encode (the encoders do not accept a batch of empty docs)
        empty = [QuoteScores(ops.alloc2f(0, len(CUE_LABELS)), [], [], []) for _ in docs]
        return empty, lambda d_outputs: []
    tokvecs, bp_tokvecs = tok2vec(docs, is_train)
    width = tok2vec.get_dim("nO")
    starts = numpy.cumsum([0] + lengths[:-1])
    flat = ops.flatten(tokvecs) if n_total else ops.alloc2f(0, width)
    if model.attrs.get("sequential"):
        cue_logits, bp_cue = _per_window(cue_scorer, flat, lengths, is_train)
    else:
        cue_logits, bp_cue = cue_scorer(flat, is_train)
    cue_probs = ops.softmax(cue_logits) if n_total else ops.alloc2f(0, len(CUE_LABELS))
    cue_probs_np = ops.to_numpy(cue_probs)

    all_cues: List[List[Cue]] = []
    all_windows: List[List[Cue]] = []
    rows: List[numpy.ndarray] = []
    feats: List[numpy.ndarray] = []
    cue_members: List[numpy.ndarray] = []
    for i, doc in enumerate(docs):
        start = int(starts[i])
        predicted = decode_cues(cue_probs_np[start : start + len(doc)], model.attrs["cue_threshold"])
        if gold_cues is None:
            cues = predicted
        else:
            gold = [tuple(c) for c in gold_cues[i]]
            extra = [c for c in predicted if not any(c[0] < g[1] and g[0] < c[1] for g in gold)]
            cues = sorted(set(gold)) + extra[: model.attrs["max_extra_cues"]]
        context = _DocContext(doc) if cues else None
        bounds = context.paragraph_bounds(cues) if cues and not is_train and model.attrs.get("paragraph_windows") else None
        windows = []
        for k, cue in enumerate(cues):
            ws, we = context.window(cue, model.attrs["window_sents"], model.attrs["max_window"])
            if bounds is not None:
                ws, we = max(ws, min(bounds[k][0], cue[0])), min(we, max(bounds[k][1], cue[1]))
            windows.append((ws, we))
            rows.append(numpy.arange(start + ws, start + we, dtype="i"))
            cue_members.append(numpy.arange(start + cue[0], start + cue[1], dtype="i"))
            feats.append(context.features(cue, ws, we))
        all_cues.append(cues)
        all_windows.append(windows)

    n_cues = len(rows)
    win_lengths = [len(r) for r in rows]
    if n_cues:
        row_idx = ops.asarray1i(numpy.concatenate(rows))
        H = flat[row_idx]
        cue_vecs = ops.xp.stack([flat[ops.asarray1i(m)].mean(axis=0) for m in cue_members])
        C = ops.xp.repeat(cue_vecs, ops.asarray1i(win_lengths), axis=0) if n_cues else cue_vecs
        F = ops.asarray2f(numpy.concatenate(feats))
        first = None if is_train or model.attrs.get("sequential") else _first_maxout(role_scorer)
        if first is not None:  # prediction with v1's scorer: the same logits, less work
            role_logits = _predict_roles(role_scorer, first, flat, row_idx, cue_vecs, H, C, F, win_lengths)
            bp_role = None
        elif model.attrs.get("sequential"):
            role_logits, bp_role = _per_window(role_scorer, ops.xp.hstack([H, C, H * C, F]), win_lengths, is_train)
        else:
            role_logits, bp_role = _each_window(role_scorer, ops.xp.hstack([H, C, H * C, F]), win_lengths, is_train)
        role_probs = _role_probs(ops, role_logits, win_lengths)
    else:
        role_probs = ops.alloc2f(0, len(ROLES) + (len(POINTERS) if model.attrs.get("sequential") else 0))
        bp_role = None
    split_roles = _split(role_probs, win_lengths)

    outputs = []
    k = 0
    for i, doc in enumerate(docs):
        start = int(starts[i])
        n = len(all_cues[i])
        outputs.append(
            QuoteScores(
                cue_probs=cue_probs[start : start + len(doc)],
                cues=all_cues[i],
                windows=all_windows[i],
                role_probs=split_roles[k : k + n],
            )
        )
        k += n

    def backprop(d_outputs: List[QuoteGradients]) -> List[Doc]:
        d_cue = (
            ops.xp.vstack([d.d_cue for d in d_outputs]) if n_total else ops.alloc2f(0, len(CUE_LABELS))
        )
        d_flat = bp_cue(ops.asarray2f(d_cue)) if n_total else ops.alloc2f(0, width)
        if n_cues:
            d_roles = ops.xp.vstack([r for d in d_outputs for r in d.d_roles])
            dX = bp_role(ops.asarray2f(d_roles))
            dH = dX[:, :width]
            dC = dX[:, width : 2 * width]
            dHC = dX[:, 2 * width : 3 * width]
            dH = dH + dHC * C
            dC = dC + dHC * H
            ops.scatter_add(d_flat, row_idx, dH)
            offset = 0
            for members, n_rows in zip(cue_members, win_lengths):
                d_cue_vec = dC[offset : offset + n_rows].sum(axis=0) / len(members)
                ops.scatter_add(
                    d_flat,
                    ops.asarray1i(members),
                    ops.xp.tile(d_cue_vec, (len(members), 1)),
                )
                offset += n_rows
        return bp_tokvecs(ops.unflatten(d_flat, lengths) if n_total else [ops.alloc2f(0, width) for _ in docs])

    return outputs, backprop


def _first_maxout(role_scorer: Model) -> Optional[Model]:
    """v1's role scorer starts with `maxout>>layernorm>>dropout`: the maxout node, or None for
    any other structure (v2's sequence layers)."""
    head = role_scorer.layers[0] if role_scorer.layers else None
    if head is None or not head.layers or head.layers[0].name != "maxout>>layernorm":
        return None
    maxout = head.layers[0].layers[0]
    return maxout if maxout.name == "maxout" else None


def _predict_roles(
    role_scorer: Model,
    maxout: Model,
    flat: Floats2d,
    row_idx,
    cue_vecs: Floats2d,
    H: Floats2d,
    C: Floats2d,
    F: Floats2d,
    win_lengths: List[int],
) -> Floats2d:
    """The role scorer's logits at prediction time, the same as `role_scorer.predict` of the rows
    [H, C, H * C, F] with less work: the first layer is linear in each of the four blocks, so its
    token block is computed once per token (not once per window the token is in), its cue block
    once per cue; the feature block is read from tables (`_feature_block`)."""
    ops = maxout.ops
    nO, nP, nI = maxout.get_dim("nO"), maxout.get_dim("nP"), maxout.get_dim("nI")
    width = H.shape[1]
    W = ops.reshape2f(maxout.get_param("W"), nO * nP, nI)
    b = ops.reshape1f(maxout.get_param("b"), nO * nP)
    per_token = ops.gemm(flat, ops.as_contig(W[:, :width]), trans2=True)
    per_cue = ops.gemm(cue_vecs, ops.as_contig(W[:, width : 2 * width]), trans2=True) + b
    Y = per_token[row_idx]
    Y += ops.xp.repeat(per_cue, ops.asarray1i(win_lengths), axis=0)
    Y += ops.gemm(H * C, ops.as_contig(W[:, 2 * width : 3 * width]), trans2=True)
    Y += _feature_block(ops.to_numpy(W[:, 3 * width :]), ops.to_numpy(F), win_lengths, ops)
    best, _ = ops.maxout(ops.reshape3f(Y, Y.shape[0], nO, nP))
    # the rest of the first block (its layer norm; dropout does nothing at prediction), then the
    # scorer's other layers, each window on its own (`_each_window`)
    out = role_scorer.layers[0].layers[0].layers[1].predict(best)
    for layer in role_scorer.layers[1:]:
        out, _ = _each_window(layer, out, win_lengths, False)
    return out


def _feature_block(W_F: numpy.ndarray, F: numpy.ndarray, win_lengths: List[int], ops) -> Floats2d:
    """F @ W_F.T for feature rows made of one-hot groups and flags, without the multiplication:
    each row has one distance bucket, one sentence offset, one parse relation and one cue label,
    and five flags, so its product is a sum of weight columns. The distance and sentence columns
    are summed into one table of their pairs, the relation and the four per-row flags into one
    table of their combinations, and the cue's label and its "in quotes" flag once per window; a
    row then costs two table lookups. Rows that are not of this form (never, for `features`) are
    multiplied."""
    n_rows = F.shape[0]
    if n_rows == 0:
        return ops.alloc2f(0, W_F.shape[0])
    groups = ((0, _N_DIST), (_OFF_SENT, _OFF_REL), (_OFF_REL, _OFF_CUEDEP), (_OFF_CUEDEP, _OFF_FLAGS))
    if not (F[:, :_OFF_FLAGS].sum(axis=1) == len(groups)).all() or not numpy.isin(F[:, _OFF_FLAGS:], (0.0, 1.0)).all():
        return ops.asarray2f(F @ W_F.T)
    dist, sent, rel, cuedep = (F[:, a:b].argmax(axis=1) for a, b in groups)
    Wt = W_F.T  # (features, outputs)
    # distance x sentence offset
    pair_table = (Wt[:_N_DIST][:, None, :] + Wt[_OFF_SENT:_OFF_REL][None, :, :]).reshape(-1, Wt.shape[1])
    Y = pair_table[dist * _N_SENT + sent]
    # relation x the per-row flags (in quotes, a mark, same passage as the cue, sentence start)
    row_flags = (_OFF_FLAGS, _OFF_FLAGS + 1, _OFF_FLAGS + 3, _OFF_FLAGS + 4)
    codes = numpy.arange(1 << len(row_flags))
    bits = (codes[:, None] >> numpy.arange(len(row_flags))[None, :]) & 1
    flag_table = bits.astype(Wt.dtype) @ Wt[list(row_flags)]
    rel_table = (Wt[_OFF_REL:_OFF_CUEDEP][:, None, :] + flag_table[None, :, :]).reshape(-1, Wt.shape[1])
    code = (F[:, list(row_flags)].astype("i") << numpy.arange(len(row_flags))).sum(axis=1)
    Y += rel_table[rel * len(codes) + code]
    # per window: the cue's label and whether the cue is in quotes
    firsts = numpy.cumsum([0] + list(win_lengths[:-1]))
    per_window = Wt[_OFF_CUEDEP + cuedep[firsts]] + F[firsts, _OFF_FLAGS + 2][:, None] * Wt[_OFF_FLAGS + 2]
    Y += numpy.repeat(per_window, win_lengths, axis=0)
    return ops.asarray2f(Y)


def _each_window(layer: Model, X: Floats2d, lengths: List[int], is_train: bool):
    """Run an array layer over each window's rows (consecutive runs of X's rows) on their own;
    flat rows in and out. v1's role scorer reads each row's neighbours (`expand_window`): over
    the windows of a whole batch stacked together, a window's first and last rows would read the
    rows of the window before and after it, another cue's or another doc's, so that a doc's
    quotes changed with the docs batched beside it. Run one window at a time, the layer pads a
    window's edges with zeros, as it pads the ends of any array."""
    parts = [layer(x, is_train) for x in _split(X, lengths)]
    xp = layer.ops.xp

    def backprop(dY: Floats2d) -> Floats2d:
        return xp.vstack([bp(d) for (_, bp), d in zip(parts, _split(dY, lengths))])

    return xp.vstack([y for y, _ in parts]), backprop


def _per_window(layer: Model, X: Floats2d, lengths: List[int], is_train: bool):
    """Run a sequence layer over consecutive runs of X's rows (a doc's tokens, a window's), each
    one sequence; flat rows in and out. Empty runs are left out (the LSTM takes none)."""
    kept = [n for n in lengths if n]
    Ys, bp_Ys = layer(_split(X, kept), is_train)

    def backprop(dY: Floats2d) -> Floats2d:
        return layer.ops.xp.vstack(bp_Ys(_split(dY, kept)))

    return layer.ops.xp.vstack(Ys), backprop


def _role_probs(ops, logits: Floats2d, lengths: List[int]) -> Floats2d:
    """Sigmoids of the membership columns; each pointer column a softmax within each window."""
    probs = ops.sigmoid(logits)
    if logits.shape[1] > len(ROLES):
        start = 0
        for n in lengths:
            block = logits[start : start + n, len(ROLES) :]
            block = ops.xp.exp(block - block.max(axis=0, keepdims=True))
            probs[start : start + n, len(ROLES) :] = block / block.sum(axis=0, keepdims=True)
            start += n
    return probs


def _split(array: Floats2d, lengths: Sequence[int]) -> List[Floats2d]:
    out = []
    start = 0
    for n in lengths:
        out.append(array[start : start + n])
        start += n
    return out


def decode_cues(probs: numpy.ndarray, threshold: float) -> List[Cue]:
    """Cue spans from per-token O/B/I probabilities.

    probs (numpy.ndarray): (n_tokens, 3).
    threshold (float): a token is in a cue when 1 - P(O) reaches this.
    RETURNS (List[Tuple[int, int]]): the spans; a token opens a new cue when P(B) > P(I) or the
        previous token is not in a cue.
    """
    spans: List[Cue] = []
    start = None
    for i in range(len(probs)):
        inside = 1.0 - float(probs[i, 0]) >= threshold
        if inside and (start is None or probs[i, 1] > probs[i, 2]):
            if start is not None:
                spans.append((start, i))
            start = i
        elif not inside and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(probs)))
    return spans


def _dist_bucket(d: numpy.ndarray) -> numpy.ndarray:
    a = numpy.abs(d)
    bucket = numpy.minimum(a, _DIST_EXACT)
    for bound in _DIST_BOUNDS:
        bucket = bucket + (a > bound)
    bucket = bucket + (a > _DIST_EXACT)
    return numpy.where(d < 0, _N_DIST // 2 - bucket, _N_DIST // 2 + bucket)


def _subtree_edges(head: numpy.ndarray) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """The first and last token of each token's subtree, given each token's head (a root is its
    own head): every token is carried up its chain of ancestors, all tokens a level at a time,
    widening each ancestor's edges to it. Parses are trees, so at most len(head) levels.

    head (numpy.ndarray): (n,) ints. RETURNS (Tuple[numpy.ndarray, numpy.ndarray]): left, right.
    """
    n = len(head)
    idx = numpy.arange(n, dtype="i")
    left, right = idx.copy(), idx.copy()
    current = idx.copy()
    active = head != idx
    for _ in range(n):
        if not active.any():
            break
        current = numpy.where(active, head[current], current)
        numpy.minimum.at(left, current[active], idx[active])
        numpy.maximum.at(right, current[active], idx[active])
        active &= head[current] != current
    return left, right


class _DocContext:
    """Per-doc arrays the features are read from: sentences, parse, quotation marks."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        n = len(doc)
        self.n = n
        self.sent_id = numpy.zeros((n,), dtype="i")
        self.sent_bounds: List[Tuple[int, int]] = [(0, n)]
        self.sent_start = numpy.zeros((n,), dtype="f")
        if n and (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
            # sentence starts as stored (set by the parser or a sentencizer), without iterating
            # `doc.sents`, which makes a Token per token
            self.sent_id = sentence_numbers(doc)
            self.sent_bounds = sentence_bounds(doc, self.sent_id)
            self.sent_start[[s for s, _ in self.sent_bounds]] = 1.0
        self.has_dep = n > 0 and doc.has_annotation("DEP")
        if self.has_dep:
            arr = doc.to_array([HEAD, DEP])
            self.head = numpy.arange(n, dtype="i") + arr[:, 0].astype("i")
            labels, inverse = numpy.unique(arr[:, 1], return_inverse=True)
            strings = doc.vocab.strings
            index = numpy.asarray(
                [_DEP_INDEX.get(strings[int(d)] if d else "", len(DEP_LABELS)) for d in labels], dtype="i"
            )
            self.dep = index[inverse.reshape(-1)]
            self.children: Dict[int, List[int]] = {}
            for i, h in enumerate(self.head.tolist()):
                if h != i:
                    self.children.setdefault(h, []).append(i)
            self.left, self.right = _subtree_edges(self.head)
        # quoted passage id per token (top-level passages), -1 outside; quotation-mark tokens
        self.quote_id = numpy.full((n,), -1, dtype="i")
        self.is_mark = numpy.zeros((n,), dtype="f")
        for k, span in enumerate(top_level(scan(doc.text))):
            tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is None or len(tokens) == 0:
                continue
            self.quote_id[tokens.start : tokens.end] = k
        marks = token_flags(doc, lambda text: bool(text) and all(c in ALL_MARKS for c in text))
        self.is_mark[(self.quote_id >= 0) & marks] = 1.0

    def paragraph_bounds(self, cues: Sequence[Cue]) -> List[Tuple[int, int]]:
        """Per cue, the tokens its quote's content and speaker can be in once fitted to the text
        (`component.fit_structure`): its paragraph, then the next paragraphs while each opens with
        a quotation mark and holds no cue, or the next one after a paragraph that ends in a colon."""
        doc, n = self.doc, self.n
        breaks = paragraph_ids(doc) < 0
        starts = [0] + [i + 1 for i in numpy.flatnonzero(breaks)]
        ends = [int(i) for i in numpy.flatnonzero(breaks)] + [n]
        para = numpy.searchsorted(numpy.asarray(starts), numpy.arange(n), side="right") - 1
        cued = {int(para[c[0]]) for c in cues}

        def first_word(k: int) -> int:
            i = starts[k]
            while i < ends[k] and doc[i].is_space:
                i += 1
            return i

        def last_word(k: int) -> int:
            i = ends[k] - 1
            while i >= starts[k] and doc[i].is_space:
                i -= 1
            return i

        out = []
        for cs, _ in cues:
            k = int(para[cs])
            last = k
            colon = last_word(k) >= starts[k] and doc[last_word(k)].text == ":"
            while last + 1 < len(starts) and last + 1 not in cued:
                i = first_word(last + 1)
                if i < ends[last + 1] and (colon or (self.quote_id[i] >= 0 and self.is_mark[i] > 0)):
                    last += 1
                    colon = False
                else:
                    break
            out.append((starts[k], ends[last]))
        return out

    def window(self, cue: Cue, window_sents: int, max_window: int) -> Tuple[int, int]:
        cs, ce = cue
        first = int(self.sent_id[cs]) if self.n else 0
        last = int(self.sent_id[ce - 1]) if self.n else 0
        lo = max(0, first - window_sents)
        hi = min(len(self.sent_bounds) - 1, last + window_sents)
        ws, we = self.sent_bounds[lo][0], self.sent_bounds[hi][1]
        if we - ws > max_window:
            half = max(0, (max_window - (ce - cs)) // 2)
            ws2 = max(ws, cs - half)
            we2 = min(we, ws2 + max_window)
            ws2 = max(ws, min(ws2, we2 - max_window))
            ws, we = ws2, we2
        return ws, max(we, ce)

    def _cue_root(self, cs: int, ce: int) -> int:
        for i in range(cs, ce):
            if not (cs <= self.head[i] < ce) or self.head[i] == i:
                return i
        return cs

    def features(self, cue: Cue, ws: int, we: int) -> numpy.ndarray:
        cs, ce = cue
        n = we - ws
        F = numpy.zeros((n, N_FEATURES), dtype="f")
        idx = numpy.arange(ws, we)
        rows = numpy.arange(n)
        d = numpy.where(idx < cs, idx - cs, numpy.where(idx >= ce, idx - (ce - 1), 0))
        F[rows, _dist_bucket(d)] = 1.0
        sent_off = numpy.clip(self.sent_id[ws:we] - self.sent_id[cs], -_SENT_RANGE, _SENT_RANGE)
        F[rows, _OFF_SENT + sent_off + _SENT_RANGE] = 1.0
        rel = numpy.full((n,), _REL_NONE, dtype="i")
        if self.has_dep:
            root = self._cue_root(cs, ce)
            # ancestors of the cue
            a = root
            while self.head[a] != a:
                a = int(self.head[a])
                if ws <= a < we:
                    rel[a - ws] = _REL_ANC
            # subtrees of the cue's siblings, then of its children (inner labels win)
            h = int(self.head[root])
            if h != root:
                for sib in self.children.get(h, []):
                    if sib != root:
                        self._mark(rel, sib, _REL_SIB, ws, we)
            for i in range(cs, ce):
                for child in self.children.get(i, []):
                    if not (cs <= child < ce):
                        self._mark(rel, child, _REL_CHILD, ws, we)
            F[:, _OFF_CUEDEP + self.dep[root]] = 1.0
        else:
            F[:, _OFF_CUEDEP + len(DEP_LABELS)] = 1.0
        rel[max(cs, ws) - ws : min(ce, we) - ws] = _REL_CUE
        F[rows, _OFF_REL + rel] = 1.0
        qid = self.quote_id[ws:we]
        cue_q = self.quote_id[cs]
        F[:, _OFF_FLAGS] = qid >= 0
        F[:, _OFF_FLAGS + 1] = self.is_mark[ws:we]
        F[:, _OFF_FLAGS + 2] = float(cue_q >= 0)
        F[:, _OFF_FLAGS + 3] = (qid >= 0) & (qid == cue_q)
        F[:, _OFF_FLAGS + 4] = self.sent_start[ws:we]
        return F

    def _mark(self, rel: numpy.ndarray, token: int, base: int, ws: int, we: int) -> None:
        lo = max(int(self.left[token]), ws)
        hi = min(int(self.right[token]) + 1, we)
        if lo < hi:
            rel[lo - ws : hi - ws] = base + int(self.dep[token])
