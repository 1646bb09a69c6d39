"""The trained quote component: factory "quotes", a `TrainablePipe` around `quotes.QuoteModel.v1`
(the default and the shipped model's) or `quotes.QuoteModel.v2` (BiLSTM windows and pointers).

It finds cues, and for each cue the content (one or more fragments) and the speaker in a window
around it, and writes `Quote` objects through `items.set_quotes`, like the rule component.
"""
from bisect import bisect_left
from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples, validate_get_examples
from thinc.api import Config, Model, Optimizer, set_dropout_rate

from . import items
from .errors import QuotesError
from .items import paragraph_ids
from .lexicon import NAMING_VERBS, NOT_SPEECH_VERBS, PARTICLE_CUES, SPEECH_VERBS
from .marks import has_quote_mark
from .model import ROLES, QuoteGradients, QuoteScores
from .decode import decode_document
from .rules import cut_sentence_appositive

# Weight of the v2 model's pointer losses (per cue) against the membership flags' (per token).
POINTER_WEIGHT = 0.5
# Weight of the cue tags' loss in the v2 model, whose pointer losses also train the shared encoder.
CUE_WEIGHT = 2.0
# Values of the component's `conventions` setting (see `make_quotes`).
CONVENTIONS = ("guide", "polnear")
# Tokens a cue starts with in PolNeAR but not in the guide: auxiliaries, negation, adverbs.
_CUE_HEAD_DEPS = {"aux", "auxpass", "neg", "advmod"}
# Labels of verb-tagged cue tokens that are not the cue's verb: those, and a prepositional
# "According" (to).
_NOT_THE_VERB_DEPS = _CUE_HEAD_DEPS | {"prep"}
# Complementizers that open an indirect content in PolNeAR but not in the guide.
_COMPLEMENTIZERS = {"that", "whether", "if"}
# Longest speaker span the v2 pointers may choose, in tokens.
MAX_SPEAKER_TOKENS = 12
# Forms of the verbs whose cue is the bare verb (`fit_cue`).
_SAY_FORMS = {"say", "says", "said", "saying", "tell", "tells", "told", "telling"}
# Dependents after a speaker run that its fitting in PolNeAR's conventions adds only where the run
# reaches into them.
_LEFT_OUT_DEPS = {"relcl", "acl"}
# Longest noun phrase a speaker is fitted to (`fit_speaker`), in tokens.
MAX_FITTED_SPEAKER_TOKENS = 40
from .scorer import SCORE_WEIGHTS

DEFAULT_MODEL_CONFIG = """
[model]
@architectures = "quotes.QuoteModel.v1"
hidden_width = 128
window_sents = 1
max_window = 120
cue_threshold = 0.5
max_extra_cues = 8
dropout = 0.1

[model.tok2vec]
@architectures = "spacy.HashEmbedCNN.v2"
pretrained_vectors = null
width = 96
depth = 4
embed_size = 2000
window_size = 1
maxout_pieces = 3
subword_features = true
"""
DEFAULT_MODEL = Config().from_str(DEFAULT_MODEL_CONFIG)["model"]



@Language.factory(
    "quotes",
    assigns=["doc.spans"],
    default_config={
        "model": DEFAULT_MODEL,
        "threshold": 0.5,
        "min_content_tokens": 2,
        "max_gap": 3,
        "snap": 0.0,
        "fit_structure": True,
        "document_decode": True,
        "conventions": "guide",
        "resolver": {"@misc": "quotes.resolver.v1"},
        "scorer": {"@scorers": "quotes.scorer.v1"},
    },
    default_score_weights=SCORE_WEIGHTS,
)
def make_quotes(
    nlp: Language,
    name: str,
    model: Model,
    threshold: float,
    min_content_tokens: int,
    max_gap: int,
    snap: float,
    fit_structure: bool,
    conventions: str,
    resolver: Optional[Callable[[Doc, List[items.Quote]], None]],
    scorer: Optional[Callable],
    document_decode: bool = True,
) -> "QuoteFinder":
    """Create a trained quote finder.

    model (Model[Tuple[List[Doc], Optional[List[List[Tuple[int, int]]]]], List[QuoteScores]]):
        the quote model (`quotes.QuoteModel.v1`).
    threshold (float): a window token is in the content (speaker) when its probability reaches this.
    min_content_tokens (int): quotes whose content has fewer tokens are dropped.
    max_gap (int): two content runs are joined when the tokens between them hold no cue or speaker
        token and are at most this many, or score at least half the threshold on average.
    snap (float): a content fragment is replaced by the parse subtree of a child of the cue, or by
        a quoted passage, whose tokens overlap it with at least this Jaccard index (0: never).
    fit_structure (bool): fit the model's per-token spans to the text: content fragments to its
        paragraphs, quoted passages and other cues (`fit_structure`), speakers to their noun phrase
        in the parse (`fit_speaker`), "said"/"told" cues to the bare verb (`fit_cue`).
    document_decode (bool): choose the document's quotes in one decode over all its cues'
        candidates (`quotes.decode`: no two contents crossing, no content across a sentence end
        outside quotation marks, cue-less continuations joined to the quote before them); False
        keeps each cue's quote as the per-cue decoding gives it.
    conventions (str): the annotation conventions of the output. "guide": the project's corpus
        guide (corpus/GUIDE.md; the rule component's too): speech and writing only (no quote whose
        cue is not one of speaking or writing, `is_speech_cue`), a cue is the speech verb without
        auxiliaries, negation, adverbs or a following "in a statement"/":", and an indirect content
        starts after its complementizer ("that", "whether", "if") and ends before a sentence
        appositive (`guide_content`). "polnear": as the model gives
        them, in the conventions of PolNeAR, most of its training data, which keeps all of those.
    resolver (Optional[Callable[[Doc, List[Quote]], None]]): fills `Quote.resolved` (the rule
        component's `quotes.resolver.v1` by default); None for none.
    scorer (Optional[Callable]): the scoring method (`quotes.scorer.v1`).
    RETURNS (QuoteFinder): the component.
    """
    return QuoteFinder(
        nlp.vocab,
        model,
        name,
        threshold=threshold,
        min_content_tokens=min_content_tokens,
        max_gap=max_gap,
        snap=snap,
        fit_structure=fit_structure,
        conventions=conventions,
        resolver=resolver,
        scorer=scorer,
        document_decode=document_decode,
    )


class QuoteFinder(TrainablePipe):
    """Find quotes, their cues and speakers with a trained model; writes `doc.spans` and
    `Doc._.quotes` as `items.set_quotes` does."""

    def __init__(
        self,
        vocab,
        model: Model,
        name: str = "quotes",
        *,
        threshold: float = 0.5,
        min_content_tokens: int = 2,
        max_gap: int = 3,
        snap: float = 0.0,
        fit_structure: bool = True,
        conventions: str = "guide",
        resolver: Optional[Callable[[Doc, List[items.Quote]], None]] = None,
        scorer: Optional[Callable] = None,
        document_decode: bool = True,
    ) -> None:
        """Initialize the component.

        vocab (Vocab): the shared vocabulary.
        model (Model): the quote model.
        name (str): the component's name in the pipeline.
        threshold (float): see `make_quotes`.
        min_content_tokens (int): see `make_quotes`.
        max_gap (int): see `make_quotes`.
        snap (float): see `make_quotes`.
        fit_structure (bool): see `make_quotes`.
        conventions (str): see `make_quotes`.
        document_decode (bool): see `make_quotes`.
        resolver (Optional[Callable]): fills resolved speakers in place; None for none.
        scorer (Optional[Callable]): the scoring method.
        """
        check_conventions(conventions, name)
        self.vocab = vocab
        self.model = model
        self.name = name
        self.scorer = scorer
        self.resolver = resolver
        self.cfg: Dict[str, Any] = {
            "threshold": threshold,
            "min_content_tokens": min_content_tokens,
            "max_gap": max_gap,
            "snap": snap,
            "fit_structure": fit_structure,
            "conventions": conventions,
            "document_decode": document_decode,
        }
        items.register_extensions()

    def predict(self, docs: Iterable[Doc]) -> List[QuoteScores]:
        """Score the cues, contents and speakers of a batch of docs, without changing them.

        docs (Iterable[Doc]): the docs.
        RETURNS (List[QuoteScores]): the model's scores, one per doc.
        """
        docs = list(docs)
        self._require_initialized()
        scores = self.model.predict((docs, None))
        return scores

    def set_annotations(self, docs: Iterable[Doc], scores: List[QuoteScores]) -> None:
        """Write the quotes that the scores describe into the docs.

        docs (Iterable[Doc]): the docs.
        scores (List[QuoteScores]): the output of `predict`.
        """
        for doc, doc_scores in zip(docs, scores):
            quotes = self.decode(doc, doc_scores)
            # the resolver reads the parse (sentences) and entities: a pipeline without them
            # (a blank one in tests) gets no resolution
            if self.resolver is not None and quotes and doc.has_annotation("DEP"):
                self.resolver(doc, quotes)
            items.set_quotes(doc, quotes)

    def decode(self, doc: Doc, scores: QuoteScores) -> List[items.Quote]:
        """Turn one doc's scores into quotes.

        Content fragments are the maximal runs of window tokens whose content probability reaches
        the threshold (so “A,” he said, “B.” gives one quote in two fragments); the speaker is the
        run of speaker tokens with the highest mean probability; a cue with no content gives no quote.
        With a v2 model the runs only say whether a role is there and roughly where: its start and
        end come from the pointers (`_pointed_span`, `_pointed_fragments`).

        doc (Doc): the doc.
        scores (QuoteScores): its scores.
        RETURNS (List[Quote]): the quotes.
        """
        threshold = self.cfg["threshold"]
        ops = self.model.ops
        cue_probs = ops.to_numpy(scores.cue_probs)
        fit = self.cfg.get("fit_structure", False)
        layout = TextLayout.of(doc, scores.cues) if (fit or self.cfg.get("snap", 0.0) > 0) and scores.cues else None
        passages = layout.passages if layout is not None else []
        quotes = []
        for cue, (ws, _), probs in zip(scores.cues, scores.windows, scores.role_probs):
            probs = ops.to_numpy(probs)
            cue_tokens = (cue[0] - ws, cue[1] - ws)
            speaker_runs = _runs(probs[:, 1] >= threshold)
            speaker_run = None
            if speaker_runs:
                speaker_run = max(speaker_runs, key=lambda r: float(probs[r[0] : r[1], 1].mean()))
                if probs.shape[1] > len(ROLES):
                    speaker_run = _pointed_span(probs, 1, speaker_run, MAX_SPEAKER_TOKENS, cue_tokens)
            if fit and speaker_run is not None and layout.parsed:
                fitted_speaker = fit_speaker(doc, cue, (speaker_run[0] + ws, speaker_run[1] + ws), layout,
                                             clauses=self.cfg.get("conventions", "guide") == "guide")
                speaker_run = (fitted_speaker[0] - ws, fitted_speaker[1] - ws)
            # Tokens that may separate the fragments of one quote: the cue and the speaker.
            separators = set(range(*cue_tokens))
            if speaker_run is not None:
                separators.update(range(*speaker_run))
            content_runs = self._join_runs(_runs(probs[:, 0] >= threshold), probs[:, 0], separators)
            if probs.shape[1] > len(ROLES) and content_runs:
                content_runs = _pointed_fragments(probs, threshold, content_runs, separators)
            content_runs = [(s, e) for s, e in content_runs if any(c.isalnum() for c in doc[ws + s : ws + e].text)]
            if self.cfg.get("snap", 0.0) > 0 and content_runs:
                content_runs = self._snap(doc, cue, ws, content_runs, separators, passages)
            if fit and content_runs:
                fitted = fit_structure(
                    doc, cue, [(s + ws, e + ws) for s, e in content_runs], {t + ws for t in separators}, layout
                )
                content_runs = [(s - ws, e - ws) for s, e in fitted]
            if sum(e - s for s, e in content_runs) < self.cfg["min_content_tokens"]:
                continue
            content = [doc[ws + s : ws + e] for s, e in content_runs]
            speaker: Optional[Span] = None
            if speaker_run is not None:
                speaker = doc[ws + speaker_run[0] : ws + speaker_run[1]]
            cue_span = doc[cue[0] : cue[1]]
            if fit:
                cue_span = fit_cue(cue_span)
            if self.cfg.get("conventions", "guide") == "guide":
                if not is_speech_cue(cue_span, any(has_quote_mark(span.text) for span in content)):
                    continue
                cue_span = guide_cue(cue_span)
                content = guide_content(content)
            cue_p = float(1.0 - cue_probs[cue[0] : cue[1], 0].mean())
            # snapped fragments may reach outside the window, where there are no scores
            inside = [probs[max(s, 0) : min(e, len(probs)), 0] for s, e in content_runs]
            inside = [p for p in inside if len(p)]
            content_p = float(numpy.mean([p.mean() for p in inside])) if inside else threshold
            quotes.append(
                items.Quote(
                    content=content,
                    speaker=speaker,
                    cue=cue_span,
                    type=items.content_type(content),
                    score=cue_p * content_p,
                    resolved=None,
                )
            )
        if self.cfg.get("document_decode", True) and quotes:
            if layout is None:
                layout = TextLayout.of(doc, scores.cues)
            quotes = decode_document(doc, quotes, layout, self.cfg["min_content_tokens"])
        return quotes

    def _snap(
        self,
        doc: Doc,
        cue: Tuple[int, int],
        ws: int,
        runs: List[Tuple[int, int]],
        separators: set,
        passages: List[Tuple[int, int]],
    ) -> List[Tuple[int, int]]:
        """Snap content fragments (window offsets) to the nearest parse subtree of a child of the cue
        (with or without its complementizer: "that ...") or quoted passage, when they overlap enough.
        PolNeAR's indirect contents are most often exactly such a subtree."""
        candidates = list(passages)
        if doc.has_annotation("DEP"):
            for i in range(*cue):
                for child in doc[i].children:
                    if cue[0] <= child.i < cue[1]:
                        continue
                    left, right = child.left_edge.i, child.right_edge.i + 1
                    candidates.append((left, right))
                    if doc[left].dep_ == "mark" and left + 1 < right:
                        candidates.append((left + 1, right))
        out = []
        for s, e in runs:
            s, e = s + ws, e + ws
            best, best_j = (s, e), self.cfg["snap"]
            for cs, ce in candidates:
                inter = max(0, min(e, ce) - max(s, cs))
                if not inter:
                    continue
                jaccard = inter / (max(e, ce) - min(s, cs))
                if jaccard >= best_j and not any(cs <= t + ws < ce for t in separators):
                    best, best_j = (cs, ce), jaccard
            out.append((best[0] - ws, best[1] - ws))
        # snapped fragments may now overlap or touch: merge them
        return merge_touching(out)

    def _join_runs(
        self, runs: List[Tuple[int, int]], probs: numpy.ndarray, separators: set
    ) -> List[Tuple[int, int]]:
        """Join content runs split by a few weak tokens: a quote's fragments are separated by its
        cue or speaker ("“A,” he said, “B.”"), rarely by anything else."""
        joined: List[Tuple[int, int]] = []
        for s, e in runs:
            if joined:
                ps, pe = joined[-1]
                gap = range(pe, s)
                weak = len(gap) <= self.cfg["max_gap"] or float(probs[pe:s].mean()) >= self.cfg["threshold"] / 2
                if weak and not any(i in separators for i in gap):
                    joined[-1] = (ps, e)
                    continue
            joined.append((s, e))
        return joined

    def update(
        self,
        examples: Iterable[Example],
        *,
        drop: float = 0.0,
        sgd: Optional[Optimizer] = None,
        losses: Optional[Dict[str, float]] = None,
    ) -> Dict[str, float]:
        """Learn from a batch of examples.

        examples (Iterable[Example]): the batch.
        drop (float): the dropout rate.
        sgd (Optional[Optimizer]): the optimizer.
        losses (Optional[Dict[str, float]]): the losses so far, updated in place.
        RETURNS (Dict[str, float]): the updated losses.
        """
        if losses is None:
            losses = {}
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        validate_examples(examples, "QuoteFinder.update")
        docs = [eg.predicted for eg in examples]
        gold_cues = [self._gold_cues(eg) for eg in examples]
        set_dropout_rate(self.model, drop)
        scores, backprop = self.model.begin_update((docs, gold_cues))
        loss, d_scores = self.get_loss(examples, scores)
        backprop(d_scores)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def get_loss(
        self, examples: Iterable[Example], scores: List[QuoteScores]
    ) -> Tuple[float, List[QuoteGradients]]:
        """Cross-entropy of the cue tags and of the content and speaker flags per window token.

        examples (Iterable[Example]): the batch, whose reference docs hold the gold quotes.
        scores (List[QuoteScores]): the model's scores for the batch.
        RETURNS (Tuple[float, List[QuoteGradients]]): the loss, and the gradients with respect to
            the logits, normalised by the number of tokens of each task.
        """
        ops = self.model.ops
        examples = list(examples)
        n_tokens = max(1, sum(len(eg.predicted) for eg in examples))
        n_window = max(1, sum(len(p) for s in scores for p in s.role_probs))
        n_cues = max(1, sum(len(s.role_probs) for s in scores))
        n_flags = len(ROLES)
        cue_weight = CUE_WEIGHT if self.model.attrs.get("sequential") else 1.0
        loss = 0.0
        grads = []
        for eg, s in zip(examples, scores):
            cue_gold, roles_by_cue = self._gold_targets(eg)
            probs = ops.to_numpy(s.cue_probs)
            d_cue = probs.copy()
            if len(probs):
                d_cue[numpy.arange(len(probs)), cue_gold] -= 1.0
                d_cue *= cue_weight
                loss += cue_weight * float(-numpy.log(probs[numpy.arange(len(probs)), cue_gold] + 1e-8).sum()) / n_tokens
            d_roles = []
            for cue, (ws, we), p in zip(s.cues, s.windows, s.role_probs):
                p = ops.to_numpy(p)
                roles = roles_by_cue.get(cue, ((), ()))
                target = numpy.zeros_like(p[:, :n_flags])
                for role, tokens in enumerate(roles):
                    for t in tokens:
                        if ws <= t < we:
                            target[t - ws, role] = 1.0
                d = numpy.zeros_like(p)
                d[:, :n_flags] = (p[:, :n_flags] - target) / n_window
                pc = numpy.clip(p[:, :n_flags], 1e-7, 1 - 1e-7)
                loss += float(-(target * numpy.log(pc) + (1 - target) * numpy.log(1 - pc)).sum()) / n_window
                if p.shape[1] > n_flags:
                    # pointers: softmax cross-entropy at the role's first and last token, when the
                    # cue has that role and both ends lie in the window
                    for role, tokens in enumerate(roles):
                        if not tokens or min(tokens) < ws or max(tokens) >= we:
                            continue
                        for k, t in enumerate((min(tokens), max(tokens))):
                            col = n_flags + 2 * role + k
                            d[:, col] = p[:, col] * POINTER_WEIGHT / n_cues
                            d[t - ws, col] -= POINTER_WEIGHT / n_cues
                            loss += -float(numpy.log(p[t - ws, col] + 1e-8)) * POINTER_WEIGHT / n_cues
                d_roles.append(ops.asarray2f(d))
            grads.append(QuoteGradients(d_cue=ops.asarray2f(d_cue / n_tokens), d_roles=d_roles))
        return loss, grads

    def _gold_quotes(self, eg: Example) -> List[Tuple[Optional[Tuple[int, int]], List[Tuple[int, int]], Optional[Tuple[int, int]]]]:
        """The reference quotes as (cue, content fragments, speaker) token offsets in the predicted doc."""
        doc = eg.predicted
        out = []

        def align(span: Optional[Span]) -> Optional[Tuple[int, int]]:
            if span is None:
                return None
            aligned = doc.char_span(span.start_char, span.end_char, alignment_mode="expand")
            if aligned is None or len(aligned) == 0:
                return None
            return (aligned.start, aligned.end)

        for q in items.get_quotes(eg.reference):
            frags = [f for f in (align(s) for s in q.content) if f is not None]
            out.append((align(q.cue), frags, align(q.speaker)))
        return out

    def _gold_cues(self, eg: Example) -> List[Tuple[int, int]]:
        return sorted({cue for cue, _, _ in self._gold_quotes(eg) if cue is not None})

    def _gold_targets(self, eg: Example) -> Tuple[numpy.ndarray, Dict[Tuple[int, int], Tuple[set, set]]]:
        cue_gold = numpy.zeros((len(eg.predicted),), dtype="i")
        roles: Dict[Tuple[int, int], Tuple[set, set]] = {}
        for cue, frags, speaker in self._gold_quotes(eg):
            if cue is None:
                continue
            if not cue_gold[cue[0]]:
                cue_gold[cue[0]] = 1
                cue_gold[cue[0] + 1 : cue[1]] = 2
            content, source = roles.setdefault(cue, (set(), set()))
            for s, e in frags:
                content.update(range(s, e))
            if speaker is not None:
                source.update(range(*speaker))
        return cue_gold, roles

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Optional[Language] = None,
    ) -> None:
        """Initialize the model from a sample of examples.

        get_examples (Callable[[], Iterable[Example]]): returns the training examples.
        nlp (Optional[Language]): the pipeline.
        """
        validate_get_examples(get_examples, "QuoteFinder.initialize")
        sample = list(islice(get_examples(), 10))
        docs = [eg.predicted for eg in sample]
        self.model.initialize(X=(docs, [self._gold_cues(eg) for eg in sample]))

    def _require_initialized(self) -> None:
        output = [node for node in self.model.get_ref("role_scorer").walk() if node.name == "linear"][-1]
        if not output.has_param("W"):
            raise ValueError(
                f"The '{self.name}' component is not initialized: call nlp.initialize() (or train it) "
                "before using it, or load a trained pipeline."
            )


def _runs(mask: numpy.ndarray) -> List[Tuple[int, int]]:
    runs = []
    start = None
    for i, flag in enumerate(mask):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(mask)))
    return runs


def _pointed_span(
    probs: numpy.ndarray,
    role: int,
    run: Tuple[int, int],
    max_len: int,
    avoid: Tuple[int, int],
) -> Tuple[int, int]:
    """The v2 model's span for a role: the (start, end) pair with the highest product of the
    role's start and end pointer probabilities, at most `max_len` tokens long, that overlaps the
    run the membership flags found and not the `avoid` span (the cue). Falls back to `run`."""
    n = len(probs)
    col = len(ROLES) + 2 * role
    log_start = numpy.log(probs[:, col] + 1e-9)
    log_end = numpy.log(probs[:, col + 1] + 1e-9)
    pair = log_start[:, None] + log_end[None, :]  # pair[s, e]: the span s..e inclusive
    s_idx, e_idx = numpy.indices((n, n))
    ok = (e_idx >= s_idx) & (e_idx - s_idx < max_len)
    ok &= (e_idx >= run[0]) & (s_idx < run[1])  # overlaps the run
    ok &= (e_idx < avoid[0]) | (s_idx >= avoid[1])  # does not overlap the cue
    if not ok.any():
        return run
    best = int(numpy.argmax(numpy.where(ok, pair, -numpy.inf)))
    s, e = divmod(best, n)
    return (s, e + 1)


def _pointed_fragments(
    probs: numpy.ndarray,
    threshold: float,
    runs: List[Tuple[int, int]],
    separators: set,
) -> List[Tuple[int, int]]:
    """The v2 model's content fragments: the span the content pointers choose (among those that
    cover some of the runs the flags found), less the separators (cue and speaker) and the tokens
    next to them that the flags leave out ("he said *in a statement*")."""
    n = len(probs)
    lo, hi = runs[0][0], runs[-1][1]
    span = _pointed_span(probs, 0, (lo, hi), n, (n, n))
    s, e = span
    out = numpy.zeros((n,), dtype=bool)
    out[s:e] = True
    for t in separators:
        out[t] = False
    # widen each separator over the adjacent tokens the content flags reject
    for t in sorted(separators):
        for step in (-1, 1):
            k = t + step
            while s <= k < e and out[k] and probs[k, 0] < threshold:
                out[k] = False
                k += step
    return _runs(out)


@dataclass
class TextLayout:
    """What the span fitting reads of a doc, computed once per doc (`TextLayout.of`) so that fitting
    each quote costs time in its own spans, not in the doc's length.

    paragraph (numpy.ndarray): per token, `paragraph_ids`.
    passages (List[Tuple[int, int]]): the top-level quoted passages, token offsets, in order.
    passage_of (numpy.ndarray): per token, the index of its passage in `passages`, or -1.
    sentence (numpy.ndarray): per token, the number of its sentence, sentences ending at ".", "!"
        or "?" outside quotation marks (so that docs need no parse).
    cues (List[Tuple[int, int]]): the doc's cues, token offsets, by start.
    cued_paragraphs (Set[int]): the paragraphs that hold a cue.
    parsed (bool): whether the doc has a dependency parse.
    """

    paragraph: numpy.ndarray
    passages: List[Tuple[int, int]]
    passage_of: numpy.ndarray
    sentence: numpy.ndarray
    cues: List[Tuple[int, int]]
    cued_paragraphs: Set[int]
    parsed: bool

    @classmethod
    def of(
        cls, doc: Doc, cues: Sequence[Tuple[int, int]] = (), passages: Optional[Sequence[Tuple[int, int]]] = None
    ) -> "TextLayout":
        """The layout of a doc.

        doc (Doc): the doc. cues (Sequence[Tuple[int, int]]): its cues, token offsets.
        passages (Optional[Sequence[Tuple[int, int]]]): its quoted passages, token offsets; None to
            find them (`items.quoted_passages`).
        RETURNS (TextLayout): the layout.
        """
        if passages is None:
            passages = [(span.start, span.end) for span, _ in items.quoted_passages(doc)]
        passages = list(passages)
        passage_of = numpy.full((len(doc),), -1, dtype="i")
        for k, (start, end) in enumerate(passages):
            passage_of[start:end] = k
        ends = items.token_flags(doc, lambda text: text in (".", "!", "?")).astype("i") * (passage_of < 0)
        paragraph = paragraph_ids(doc)
        cues = sorted((int(c[0]), int(c[1])) for c in cues)
        return cls(paragraph, passages, passage_of, numpy.cumsum(ends) - ends, cues,
                   {int(paragraph[c[0]]) for c in cues}, doc.has_annotation("DEP"))

    def passage(self, i: int) -> Optional[Tuple[int, int]]:
        """The quoted passage token i is in, if any."""
        k = int(self.passage_of[i])
        return self.passages[k] if k >= 0 else None

    def opens_paragraph(self, passage: Tuple[int, int]) -> bool:
        """Whether a passage starts its paragraph."""
        i = passage[0]
        return i == 0 or self.paragraph[i - 1] != self.paragraph[i]

    def cues_in(self, start: int, end: int) -> List[Tuple[int, int]]:
        """The cues that start in [start, end)."""
        i = bisect_left(self.cues, (start, -1))
        j = bisect_left(self.cues, (end, -1))
        return self.cues[i:j]

    def cue_before(self, start: int, exclude: Tuple[int, int]) -> Optional[Tuple[int, int]]:
        """The last cue but `exclude` that starts before `start`."""
        i = bisect_left(self.cues, (start, -1)) - 1
        while i >= 0 and self.cues[i] == tuple(exclude):
            i -= 1
        return self.cues[i] if i >= 0 else None

    def cue_after(self, end: int, exclude: Tuple[int, int]) -> Optional[Tuple[int, int]]:
        """The first cue but `exclude` that starts at or after `end`."""
        i = bisect_left(self.cues, (end, -1))
        while i < len(self.cues) and self.cues[i] == tuple(exclude):
            i += 1
        return self.cues[i] if i < len(self.cues) else None


def merge_touching(runs: Iterable[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Token runs sorted, with those that overlap or touch merged."""
    merged: List[Tuple[int, int]] = []
    for s, e in sorted(runs):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def fit_structure(
    doc: Doc,
    cue: Tuple[int, int],
    fragments: List[Tuple[int, int]],
    separators: Set[int],
    layout: TextLayout,
) -> List[Tuple[int, int]]:
    """Fit a quote's content fragments (token offsets) to the text's structure, which a per-token
    model does not see whole:

    - a fragment does not cross a paragraph break: it is cut there, and of the pieces, those in the
      cue's paragraph are kept (those of the nearest paragraph when it has none), plus the pieces
      that continue a quotation of the cue's paragraph into later paragraphs that each open with a
      quoted passage and hold no cue (the guide's multi-paragraph quotes and cue-less
      continuations);
    - a quoted passage is covered wholly or not at all: a fragment inside a passage, or covering at
      least half of it, grows to the whole passage; one covering less than half of it is cut back
      to its edge. Passages holding the cue or speaker are left alone;
    - in a parsed doc, a fragment ends before another cue that the parse hangs on this one ("said
      A *but insisted* B", "said A, *blaming* B"): what follows is that cue's;
    - a fragment nearer to another cue of its paragraph than to this one (fewer sentence ends
      between them, then fewer tokens) is that cue's ("“A,” she said. *“B,”* he added."; "“A,”
      Warren said. *“B” to C*, she said"), unless it is the only one.

    doc (Doc): the doc. cue (Tuple[int, int]): the cue's token offsets.
    fragments (List[Tuple[int, int]]): the content fragments, token offsets, in order.
    separators (Set[int]): the cue's and speaker's tokens.
    layout (TextLayout): the doc's layout, with its cues.
    RETURNS (List[Tuple[int, int]]): the fitted fragments, in order, neither overlapping nor
        touching; the input when nothing would be left.
    """
    pieces = _paragraph_pieces(doc, fragments, layout.paragraph)
    if not pieces:
        return fragments
    kept = _keep_paragraphs(cue, pieces, layout)
    fitted = [f for f in (_cover_passages(doc, cue, f, separators, layout) for f in kept) if f]
    if layout.parsed:
        fitted = [f for f in (_cut_coordinated_cue(doc, cue, f, layout) for f in fitted) if f]
    merged = merge_touching(fitted)
    if len(merged) > 1:
        others = [f for f in merged if not _nearer_to_another_cue(cue, f, layout)]
        merged = others or [min(merged, key=lambda f: _gap(f, cue, layout.sentence))]
    return merged or fragments


def _paragraph_pieces(doc: Doc, fragments: List[Tuple[int, int]], paragraph: numpy.ndarray) -> List[Tuple[int, int]]:
    """The fragments cut at paragraph breaks, without edge whitespace, pieces with no letter or
    digit left out."""
    pieces: List[Tuple[int, int]] = []
    for s, e in fragments:
        i = s
        while i < e:
            if paragraph[i] < 0:
                i += 1
                continue
            j = i
            while j < e and paragraph[j] == paragraph[i]:
                j += 1
            end = j
            while end > i + 1 and doc[end - 1].is_space:
                end -= 1
            pieces.append((i, end))
            i = j
    return [(s, e) for s, e in pieces if any(c.isalnum() for c in doc[s:e].text)]


def _keep_paragraphs(cue: Tuple[int, int], pieces: List[Tuple[int, int]], layout: TextLayout) -> List[Tuple[int, int]]:
    """The pieces in the cue's paragraph (or the nearest one), and the quoted continuations."""
    paragraph = layout.paragraph
    cue_paragraph = int(paragraph[cue[0]])
    home = [p for p in pieces if paragraph[p[0]] == cue_paragraph]
    if not home:
        nearest = min(pieces, key=lambda p: abs(int(paragraph[p[0]]) - cue_paragraph))
        return [p for p in pieces if paragraph[p[0]] == paragraph[nearest[0]]]
    kept = list(home)
    if not any((layout.passage_of[s:e] >= 0).any() for s, e in home):
        return kept
    following = cue_paragraph + 1
    for s, e in pieces:
        if paragraph[s] != following:
            continue
        if following in layout.cued_paragraphs:
            break
        p = layout.passage(s)
        if p is not None and e <= p[1] and layout.opens_paragraph(p):
            kept.append((s, e))
            following += 1
    return kept


def _cover_passages(
    doc: Doc, cue: Tuple[int, int], fragment: Tuple[int, int], separators: Set[int], layout: TextLayout
) -> Optional[Tuple[int, int]]:
    """A fragment grown over or cut back from the passages it partly covers (only those at its
    edges can be); None when nothing with a letter or digit is left."""
    s, e = fragment
    edges = [int(layout.passage_of[s])]
    if int(layout.passage_of[e - 1]) != edges[0]:
        edges.append(int(layout.passage_of[e - 1]))
    for k in edges:
        if k < 0:
            continue
        ps, pe = layout.passages[k]
        inter = min(e, pe) - max(s, ps)
        if inter <= 0 or (s <= ps and pe <= e):
            continue
        if any(ps <= t < pe for t in range(*cue)) or any(ps <= t < pe for t in separators):
            continue
        if (ps <= s and e <= pe) or inter * 2 >= pe - ps:
            s, e = min(s, ps), max(e, pe)
        elif s > ps:
            s = pe
        else:
            e = ps
    if e <= s or not any(c.isalnum() for c in doc[s:e].text):
        return None
    return (s, e)


def _cut_coordinated_cue(
    doc: Doc, cue: Tuple[int, int], fragment: Tuple[int, int], layout: TextLayout
) -> Optional[Tuple[int, int]]:
    """A fragment without another cue, outside quotation marks, that is a conjunct or adverbial
    clause of this cue's verb ("said A but *insisted* B"), and what follows it; None when nothing
    with a letter or digit is left."""
    s, e = fragment
    for c in layout.cues_in(s + 1, e):
        if c == tuple(cue) or layout.passage_of[c[0]] >= 0:
            continue
        root = doc[c[0] : c[1]].root
        if root.dep_ in ("conj", "advcl") and cue[0] <= root.head.i < cue[1]:
            cut = min(root.left_edge.i, c[0])
            while cut > s and (doc[cut - 1].is_punct or doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_space):
                cut -= 1
            e = min(e, cut)
    if e <= s or not any(ch.isalnum() for ch in doc[s:e].text):
        return None
    return (s, e)


def _gap(f: Tuple[int, int], c: Tuple[int, int], sentence: numpy.ndarray) -> Tuple[int, int]:
    """Sentence ends, then tokens, between a fragment and a cue."""
    near, far = (f[1] - 1, c[0]) if f[0] < c[0] else (c[1] - 1, f[0])
    return (abs(int(sentence[far]) - int(sentence[near])), max(0, c[0] - f[1], f[0] - c[1]))


def _nearer_to_another_cue(cue: Tuple[int, int], f: Tuple[int, int], layout: TextLayout) -> bool:
    """Whether a fragment is nearer to another cue of its paragraph than to this one. Only the
    nearest cue on each side can be nearer."""
    mine = _gap(f, cue, layout.sentence)
    for c in (layout.cue_before(f[0], cue), layout.cue_after(f[1], cue)):
        if c is not None and layout.paragraph[c[0]] == layout.paragraph[f[0]] and _gap(f, c, layout.sentence) < mine:
            return True
    return False


def fit_cue(cue: Span) -> Span:
    """A cue that starts with "say" or "tell" is that verb alone ("*said* Friday", "*said* in the",
    "*says* of"): PolNeAR's cues that start with a form of them are the bare verb in 95% of cases
    (5,214 of 5,495 in PolNeAR train), as the guide's are always.

    cue (Span): the cue. RETURNS (Span): the fitted cue.
    """
    if len(cue) > 1 and cue[0].lower_ in _SAY_FORMS:
        return cue[:1]
    return cue


def fit_speaker(
    doc: Doc, cue: Tuple[int, int], run: Tuple[int, int], layout: TextLayout, clauses: bool = True
) -> Tuple[int, int]:
    """Fit a speaker run (token offsets) to the noun phrase of the parse it is in: the whole
    subtree of its head noun or pronoun, so appositives and relative clauses are in or out whole
    ("Pelham, who will step down *when the deal completes*,"; "the Aircrew Association *on*"), as
    both the guide and PolNeAR take them, and within one paragraph. Left as it is when its head is
    no noun or pronoun, or the subtree would take in the cue, a quoted passage the run does not
    reach into, or another sentence.

    doc (Doc): a parsed doc. cue (Tuple[int, int]): the cue's token offsets.
    run (Tuple[int, int]): the speaker's token offsets. layout (TextLayout): the doc's layout.
    clauses (bool): take in relative and participial clauses after the run too (the guide's
        conventions), else only those the run reaches into (PolNeAR's).
    RETURNS (Tuple[int, int]): the fitted token offsets.
    """
    breaks = [t.i for t in doc[run[0] : run[1]] if "\n" in t.text]
    if breaks:
        # a speaker does not cross a paragraph break ("11:05 a.m.\n\nDonald Trump"): keep the
        # piece nearest to the cue
        pieces = [(a, b) for a, b in zip([run[0]] + [i + 1 for i in breaks], breaks + [run[1]]) if b > a]
        run = min(pieces, key=lambda p: max(0, cue[0] - p[1], p[0] - cue[1])) if pieces else run
    head = doc[run[0] : run[1]].root
    if head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
        return run
    s, e = head.left_edge.i, head.right_edge.i + 1
    s = max([s] + [t.i + 1 for t in doc[s : run[0]] if "\n" in t.text])
    e = min([e] + [t.i for t in doc[run[1] : e] if "\n" in t.text])
    if s < cue[1] and cue[0] < e or e - s > MAX_FITTED_SPEAKER_TOKENS:
        return run
    if doc[s].sent.start != doc[e - 1].sent.start:
        return run
    for k in set(layout.passage_of[s:e].tolist()) - {-1}:
        ps, pe = layout.passages[k]
        if not (ps < run[1] and run[0] < pe):
            return run
    # Without `clauses`, a relative or participial clause the model left out stays out (PolNeAR
    # is not consistent about them; the guide always takes them in).
    for t in doc[run[1] : e] if not clauses else ():
        if t.dep_ in _LEFT_OUT_DEPS and t.head.i < t.i and t.left_edge.i >= run[1]:
            e = t.left_edge.i
            break
    while e > s + 1 and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    while s < e - 1 and (doc[s].is_punct or doc[s].is_space):
        s += 1
    return (s, e)


def check_conventions(conventions: str, component: str = "quotes") -> None:
    """Raise a `QuotesError` naming the component unless `conventions` is one of CONVENTIONS."""
    if conventions not in CONVENTIONS:
        raise QuotesError(
            f"Unknown conventions {conventions!r} for the '{component}' component: use one of {', '.join(CONVENTIONS)}"
        )


def is_speech_cue(cue: Span, quoted: bool) -> bool:
    """Whether a cue reports speech or writing, which is all the guide annotates (PolNeAR also
    annotates beliefs, perceptions and acts: "voters *believe* ...", "*declined* to be named",
    "*sued* the company"). It does when it has no verb ("according to", "In a statement", a noun
    cue), when one of its verbs is one of speaking, writing or naming (`lexicon.SPEECH_VERBS`,
    `lexicon.NAMING_VERBS`), or, for a content with a quotation mark, when its verbs are not all
    ones of thinking or perceiving (`lexicon.NOT_SPEECH_VERBS`). It reads lemmas: in a doc without
    them (a pipeline with no lemmatizer) every cue counts.

    cue (Span): the cue. quoted (bool): whether the content holds a quotation mark.
    RETURNS (bool): whether the quote is one in the guide's sense.
    """
    if not cue.doc.has_annotation("LEMMA"):
        return True
    lemmas = [t.lemma_.lower() for t in cue if t.pos_ in ("VERB", "AUX") and t.dep_ not in _NOT_THE_VERB_DEPS]
    if not lemmas or any(lemma in SPEECH_VERBS or lemma in NAMING_VERBS or lemma in PARTICLE_CUES for lemma in lemmas):
        return True
    return quoted and not all(lemma in NOT_SPEECH_VERBS for lemma in lemmas)


def guide_cue(cue: Span) -> Span:
    """A cue in the guide's conventions: without the auxiliaries, negation and adverbs before the
    verb ("has also *said*", "did not *identify*") and without what follows the verb and its
    particles when it is a preposition or a colon ("*said* in a statement", "*said*:"). A cue with
    no verb ("according to", "In a statement") is left as it is.
    """
    verbs = [t for t in cue if t.pos_ in ("VERB", "AUX") and t.dep_ not in _NOT_THE_VERB_DEPS]
    if len(cue) < 2 or not verbs:
        return cue
    start = cue.start
    while start < verbs[0].i and (cue.doc[start].dep_ in _CUE_HEAD_DEPS or cue.doc[start].pos_ in ("AUX", "PART", "ADV")):
        start += 1
    end = verbs[0].i + 1
    while end < cue.end and not (cue.doc[end].pos_ in ("ADP", "PUNCT") and cue.doc[end].dep_ != "prt"):
        end += 1
    return cue.doc[start:end]


def guide_content(content: List[Span]) -> List[Span]:
    """Content fragments in the guide's conventions: an indirect content starts after its
    complementizer ("said *that* ...", "asked *whether* ..."), and a reported clause ends before a
    sentence appositive, the writer's comment on it ("said he would send a delegation, *the first
    confirmation that ...*"; `rules.cut_sentence_appositive`), unless that is quoted."""
    if not content:
        return content
    first = content[0]
    if len(first) > 1 and first[0].text.lower() in _COMPLEMENTIZERS and first[0].dep_ in ("mark", "") and not first[1].is_punct:
        content = [first[1:]] + content[1:]
    last = content[-1]
    doc = last.doc
    if len(last) > 1 and doc.has_annotation("DEP"):
        end = cut_sentence_appositive(doc, last.start, last.end, last.root)
        if last.start < end < last.end and not has_quote_mark(doc[end : last.end].text):
            content = content[:-1] + [doc[last.start : end]]
    return content
