"""Per-token evidence for the trained quote model that its encoders do not learn well on their own.

`quotes.QuoteFeatures.v1` gives each token a few numbers, no weights of its own:

- **the cue lexicon** (data, `CueLexicon`): how often the token's word (its norm), and the word with
  the word after it ("calls for", "according to", "concerns about"), is a cue in the training data,
  smoothed, so that a cue seen a few times in training (most of PolNeAR's nominal and
  prepositional cues) counts as evidence beside the word's own embedding;
- **the rules' candidates** (`quotes.rules`, the `quote_rules` component's own analysis): whether the
  token is in a rule quote's cue, content or speaker, and whether the rule quote is quoted. The
  trained model so reads what the rules find as features and learns when to trust them.

The lexicon is built from training data (`CueLexicon.from_docs`, `training/train.py lexicon`) and
saved with the model (the layer's attrs), as a `span_ruler` saves its patterns.
"""
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple, Union

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model
from thinc.types import Floats2d


# The features, in column order.
FEATURES = (
    "word_cue_rate", "word_seen", "pair_cue_rate", "pair_seen",
    "rule_cue", "rule_content", "rule_speaker", "rule_quoted",
)
# Smoothing of the cue rates: a lemma seen n times as a cue in m occurrences has rate n / (m + SMOOTH).
SMOOTH = 2.0


def _lemma(tok) -> str:
    """The form the lexicon counts: the token's norm (lower case), which every pipeline sets, so
    that training docs without lemmas and run-time docs with them read the same features."""
    return tok.norm_


class CueLexicon:
    """How often lemmas (and lemma pairs) are cues in training data.

    counts (Dict[str, Tuple[int, int]]): word (or "word next") -> (times in a cue, times seen).
    """

    def __init__(self, counts: Optional[Dict[str, Tuple[int, int]]] = None):
        self.counts = counts if counts is not None else {}

    @classmethod
    def from_docs(cls, docs: Iterable[Doc], min_cue: int = 1) -> "CueLexicon":
        """Count, over docs with gold quotes (`Doc._.quotes` or `doc.spans`), the lemmas and lemma
        pairs that are cues, and how often each occurs at all. Only entries seen at least `min_cue`
        times in a cue are kept."""
        from .items import get_quotes

        in_cue: Counter = Counter()
        seen: Counter = Counter()
        for doc in docs:
            cue_tokens = set()
            for q in get_quotes(doc):
                if q.cue is not None:
                    cue_tokens.update(range(q.cue.start, q.cue.end))
            for tok in doc:
                lem = _lemma(tok)
                seen[lem] += 1
                if tok.i in cue_tokens:
                    in_cue[lem] += 1
                if tok.i + 1 < len(doc):
                    pair = f"{lem} {_lemma(doc[tok.i + 1])}"
                    seen[pair] += 1
                    if tok.i in cue_tokens and tok.i + 1 in cue_tokens:
                        in_cue[pair] += 1
        return cls({k: (n, seen[k]) for k, n in in_cue.items() if n >= min_cue})

    def rate(self, key: str) -> Tuple[float, float]:
        n, m = self.counts.get(key, (0, 0))
        return n / (m + SMOOTH), min(m, 50) / 50.0

    def to_json(self) -> Dict[str, List[int]]:
        return {k: list(v) for k, v in sorted(self.counts.items())}

    def to_disk(self, path: Union[str, Path]) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=0, ensure_ascii=False) + "\n", encoding="utf8")

    @classmethod
    def from_disk(cls, path: Union[str, Path]) -> "CueLexicon":
        data = json.loads(Path(path).read_text(encoding="utf8"))
        return cls({k: (int(v[0]), int(v[1])) for k, v in data.items()})


def rule_flags(doc: Doc) -> numpy.ndarray:
    """(len(doc), 4): per token, in a rule quote's cue, content, speaker; in a quoted rule quote."""
    from .marks import has_quote_mark
    from .rules import extract_quotes

    out = numpy.zeros((len(doc), 4), dtype="float32")
    if not len(doc) or not doc.has_annotation("DEP"):
        return out
    for q in extract_quotes(doc, _finder()(doc)):
        quoted = any(has_quote_mark(f.text) for f in q.content)
        if q.cue is not None:
            out[q.cue.start : q.cue.end, 0] = 1
        for f in q.content:
            out[f.start : f.end, 1] = 1
            if quoted:
                out[f.start : f.end, 3] = 1
        if q.speaker is not None:
            out[q.speaker.start : q.speaker.end, 2] = 1
    return out


@lru_cache(maxsize=1)
def _finder() -> Callable:
    """The rules' candidate finder, built once per process."""
    from .rules import make_candidate_finder

    return make_candidate_finder()


def doc_features(doc: Doc, lexicon: CueLexicon, rules: bool = True) -> numpy.ndarray:
    """(len(doc), len(FEATURES)) features of one doc."""
    out = numpy.zeros((len(doc), len(FEATURES)), dtype="float32")
    words = [_lemma(t) for t in doc]
    for i, word in enumerate(words):
        out[i, 0], out[i, 1] = lexicon.rate(word)
        if i + 1 < len(doc):
            out[i, 2], out[i, 3] = lexicon.rate(f"{word} {words[i + 1]}")
    # a pair's evidence is the second word's too ("calls *for*")
    if len(doc) > 1:
        out[1:, 2] = numpy.maximum(out[1:, 2], out[:-1, 2])
    if rules:
        out[:, 4:8] = rule_flags(doc)
    return out


@registry.architectures("quotes.QuoteFeatures.v1")
def build_quote_features(lexicon_path: Optional[str] = None, rules: bool = True) -> Model[List[Doc], List[Floats2d]]:
    """Per-token features (see the module's docstring), no weights.

    lexicon_path (Optional[str]): a cue lexicon JSON file (`CueLexicon.to_disk`) read at
        initialization and saved with the model; None for the package's own
        (`quotes/data/cue_lexicon.json`, counted from PolNeAR train and the corpus's train split by
        `python training/train.py lexicon`). A saved model keeps the lexicon it was trained with.
    rules (bool): include the rules' candidates.
    RETURNS (Model[List[Doc], List[Floats2d]]): (len(doc), len(FEATURES)) per doc.
    """
    return Model(
        "quote_features",
        _forward,
        init=_init,
        attrs={"lexicon": {}, "lexicon_path": lexicon_path or "", "rules": rules},
        dims={"nO": len(FEATURES)},
    )


LEXICON = Path(__file__).parent / "data" / "cue_lexicon.json"


def _init(model: Model, X=None, Y=None) -> None:
    path = model.attrs["lexicon_path"] or LEXICON
    model.attrs["lexicon"] = CueLexicon.from_disk(path).to_json()


def _forward(model: Model, docs: List[Doc], is_train: bool):
    lexicon = CueLexicon(model.attrs["lexicon"])
    outputs = [model.ops.asarray2f(doc_features(doc, lexicon, model.attrs["rules"])) for doc in docs]
    return outputs, lambda d: []
