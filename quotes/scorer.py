"""The scorer: how quote extraction and attribution are measured, the same way everywhere.

Spans are compared by the set of alphanumeric character offsets they cover (positions `i` inside the
span with `text[i].isalnum()`; a content's fragments are unioned), so edge punctuation, spacing and
quotation marks never decide. A span that covers no alphanumeric character is ignored: a speaker or
cue like that counts as absent, and a quote whose content is like that is left out of the counts.

Figures (all fractions 0..1, flat keys prefixed `quotes_`):
- Per role (content, cue, speaker), on the unique spans of each document (deduplicated by their
  offset sets): exact match P/R/F. Content also with overlap: one-to-one pairs whose Dice
  coefficient `2|A∩B| / (|A|+|B|)` is at least 0.5.
- Attribution: predicted quotes are paired with gold quotes one-to-one by content overlap (Dice >=
  0.5). A predicted quote is right when it has a gold partner and its speaker and its cue each cover
  the same characters as the partner's, or are both absent. P = right / predicted quotes, R = right /
  gold quotes. The same over the "quoted" slice (P over predicted quotes whose content holds a
  quotation mark, R over gold quotes whose content holds one; pairing is still done over all quotes),
  and sliced by quote type and by speaker kind (`items.speaker_kind`): P over the predicted quotes of
  the slice, R over the gold quotes of the slice.
- Resolved speakers: among right attributions whose gold speaker has a `resolved` name, the share
  whose predicted name (its `resolved`, else the speaker's own text) equals the gold `resolved` text
  once lowercased and stripped of punctuation: the same person is often named in several places, so
  the name, not its position, is compared.

For `spacy evaluate PIPELINE DATA.spacy --spans-key quotes`, which prints a fixed set of keys,
`score_quotes` (the components' scorer) adds spaCy's span keys for the `doc.spans["quotes"]` group:
`spans_quotes_p`/`_r`/`_f` (printed as SPAN P/R/F) are attribution's, and `spans_quotes_per_type`
(printed as the "SPANS (per type)" table) holds each measure's P/R/F by name.

Pairing is greedy: candidate pairs are taken by highest Dice first (ties: a pair whose speaker and cue
match first, then text order), each gold and predicted item used once. With Dice >= 0.5 a span can
only have a near-duplicate partner, so greedy and optimal assignment differ only in rare ties.

Undefined figures follow `spacy.scorer.Scorer.score_spans`: None when there is nothing to score at
all (no gold and no predicted items in that row), otherwise spaCy's `PRFScore` convention of 0.0 where
a denominator is zero (for instance P with no predictions but some gold).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

import spacy
from spacy.training import Example

from .items import QUOTE_TYPES, QUOTES_KEY, doc_to_record, speaker_kind
from .marks import has_quote_mark

PREFIX = "quotes"
MIN_DICE = 0.5
ROLES = ("content", "content_overlap", "cue", "speaker")
SPEAKER_KINDS = ("name", "pronoun", "description", "none")
Offsets = FrozenSet[int]


def alnum_offsets(text: str, start: int, end: int) -> Offsets:
    """The alphanumeric character offsets inside a span.

    text (str): the document text.
    start (int): the span's start offset.
    end (int): the span's end offset.
    RETURNS (FrozenSet[int]): the positions `i` in `[start, end)` where `text[i].isalnum()`.
    """
    return frozenset(i for i in range(max(start, 0), min(end, len(text))) if text[i].isalnum())


def dice(a: Offsets, b: Offsets) -> float:
    """The Dice coefficient of two offset sets.

    a (FrozenSet[int]): one set.
    b (FrozenSet[int]): the other.
    RETURNS (float): `2|a∩b| / (|a|+|b|)`, 0.0 when both are empty.
    """
    if not a and not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _fragments(quote: Dict[str, Any]) -> List[Tuple[int, int]]:
    content = quote["content"]
    frags = content.get("fragments") or [[content["start"], content["end"]]]
    return [(int(s), int(e)) for s, e in frags]


def _content_offsets(text: str, quote: Dict[str, Any]) -> Offsets:
    out: FrozenSet[int] = frozenset()
    for s, e in _fragments(quote):
        out |= alnum_offsets(text, s, e)
    return out


def _role_offsets(text: str, value: Optional[Dict[str, Any]]) -> Optional[Offsets]:
    if not value:
        return None
    offsets = alnum_offsets(text, int(value["start"]), int(value["end"]))
    return offsets or None


def _role_text(text: str, value: Optional[Dict[str, Any]]) -> Optional[str]:
    if not value:
        return None
    return text[int(value["start"]) : int(value["end"])]


def normalize_name(name: Optional[str]) -> str:
    """A name as the resolved-speaker figure compares it.

    name (Optional[str]): a name as the text writes it ("Benjamin Netanyahu's").
    RETURNS (str): lowercased, punctuation and a leading "the" removed, whitespace collapsed
        ("the National Association of Property Owners" and "National Association of Property
        Owners" name the same body).
    """
    if not name:
        return ""
    words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass
class ScoredQuote:
    """A quote as the scorer sees it: its record plus the offset sets it is compared by.

    record (Dict[str, Any]): the quote record (schema of `quotes extract`).
    index (int): its position in the record's `quotes` list.
    content (FrozenSet[int]): the alnum offsets of its content fragments, unioned.
    speaker (Optional[FrozenSet[int]]): its speaker's alnum offsets, or None when absent.
    cue (Optional[FrozenSet[int]]): its cue's alnum offsets, or None when absent.
    quoted (bool): whether a content fragment holds a quotation mark.
    type (str): its type (direct, indirect or mixed).
    speaker_kind (str): `items.speaker_kind` of its speaker's text.
    name (str): the normalised name it attributes the quote to: `resolved` text, else speaker text.
    resolved (Optional[str]): the normalised `resolved` text, or None.
    """

    record: Dict[str, Any]
    index: int
    content: Offsets
    speaker: Optional[Offsets]
    cue: Optional[Offsets]
    quoted: bool
    type: str
    speaker_kind: str
    name: str
    resolved: Optional[str]


def _scored_quotes(text: str, quotes: Sequence[Dict[str, Any]]) -> List[ScoredQuote]:
    out = []
    for i, q in enumerate(quotes):
        content = _content_offsets(text, q)
        if not content:
            continue
        speaker_value = q.get("speaker")
        speaker = _role_offsets(text, speaker_value)
        speaker_text = _role_text(text, speaker_value) if speaker is not None else None
        resolved_value = speaker_value.get("resolved") if speaker_value else None
        resolved_text = _role_text(text, resolved_value)
        if resolved_value and resolved_value.get("text") and not resolved_text:
            resolved_text = resolved_value["text"]
        resolved = normalize_name(resolved_text) or None
        out.append(
            ScoredQuote(
                record=q,
                index=i,
                content=content,
                speaker=speaker,
                cue=_role_offsets(text, q.get("cue")),
                quoted=any(has_quote_mark(text[s:e]) for s, e in _fragments(q)),
                type=q.get("type", "direct"),
                speaker_kind=speaker_kind(speaker_text),
                name=resolved or normalize_name(speaker_text),
                resolved=resolved,
            )
        )
    return out


@dataclass
class QuotePair:
    """A gold quote and the predicted quote paired with it by content overlap.

    gold (int): index into `DocumentMatch.gold`.
    pred (int): index into `DocumentMatch.pred`.
    dice (float): the Dice coefficient of their contents (>= 0.5).
    speaker_ok (bool): the speakers cover the same characters, or both are absent.
    cue_ok (bool): the cues cover the same characters, or both are absent.
    """

    gold: int
    pred: int
    dice: float
    speaker_ok: bool
    cue_ok: bool

    @property
    def right(self) -> bool:
        """RETURNS (bool): whether the attribution is right (speaker and cue both match)."""
        return self.speaker_ok and self.cue_ok


@dataclass
class RoleCounts:
    """Counts for a precision/recall row where P and R can have different numerators.

    right_pred (int): predicted items counted right.
    n_pred (int): predicted items.
    right_gold (int): gold items found.
    n_gold (int): gold items.
    """

    right_pred: int = 0
    n_pred: int = 0
    right_gold: int = 0
    n_gold: int = 0

    def add(self, other: "RoleCounts") -> None:
        self.right_pred += other.right_pred
        self.n_pred += other.n_pred
        self.right_gold += other.right_gold
        self.n_gold += other.n_gold

    def prf(self) -> Tuple[Optional[float], Optional[float], Optional[float]]:
        """RETURNS (Tuple[Optional[float], ...]): P, R, F; all None when there is nothing to
        score, and 0.0 for a zero denominator otherwise (spaCy's convention)."""
        if self.n_pred == 0 and self.n_gold == 0:
            return None, None, None
        p = self.right_pred / self.n_pred if self.n_pred else 0.0
        r = self.right_gold / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class DocumentMatch:
    """How one document's predicted quotes meet its gold quotes (the errors report reads this).

    id (Any): the record's id.
    text (str): the document text.
    gold (List[ScoredQuote]): the gold quotes that are scored (content with an alnum character).
    pred (List[ScoredQuote]): the predicted quotes that are scored.
    pairs (List[QuotePair]): one-to-one content pairs, in gold text order.
    missed (List[int]): indices of gold quotes with no predicted partner.
    false_alarms (List[int]): indices of predicted quotes with no gold partner.
    roles (Dict[str, RoleCounts]): role-level counts on unique spans, keyed by ROLES.
    """

    id: Any
    text: str
    gold: List[ScoredQuote]
    pred: List[ScoredQuote]
    pairs: List[QuotePair] = field(default_factory=list)
    missed: List[int] = field(default_factory=list)
    false_alarms: List[int] = field(default_factory=list)
    roles: Dict[str, RoleCounts] = field(default_factory=dict)

    @property
    def right(self) -> List[QuotePair]:
        """RETURNS (List[QuotePair]): the pairs whose attribution is right."""
        return [p for p in self.pairs if p.right]

    @property
    def partial(self) -> List[QuotePair]:
        """RETURNS (List[QuotePair]): the pairs whose content matched but speaker or cue did not."""
        return [p for p in self.pairs if not p.right]

    @property
    def n_errors(self) -> int:
        """RETURNS (int): misses, false alarms and partial errors."""
        return len(self.missed) + len(self.false_alarms) + len(self.partial)


def _same(a: Optional[Offsets], b: Optional[Offsets]) -> bool:
    return a == b  # both None (absent) or the same characters


def greedy_pairs(
    gold: Sequence[Offsets],
    pred: Sequence[Offsets],
    min_dice: float = MIN_DICE,
    prefer: Optional[Callable[[int, int], bool]] = None,
) -> List[Tuple[int, int, float]]:
    """Pair gold and predicted offset sets one-to-one, greedily by highest Dice.

    gold (Sequence[FrozenSet[int]]): gold sets.
    pred (Sequence[FrozenSet[int]]): predicted sets.
    min_dice (float): the lowest Dice a pair may have.
    prefer (Optional[Callable[[int, int], bool]]): breaks Dice ties in favour of pairs for which it
        returns True.
    RETURNS (List[Tuple[int, int, float]]): (gold index, predicted index, Dice), by gold index.
    """
    candidates = []
    for g, a in enumerate(gold):
        for p, b in enumerate(pred):
            if a.isdisjoint(b):
                continue
            d = dice(a, b)
            if d >= min_dice:
                bonus = 0 if prefer is None or prefer(g, p) else 1
                candidates.append((-d, bonus, g, p))
    candidates.sort()
    used_g, used_p, out = set(), set(), []
    for neg_d, _, g, p in candidates:
        if g in used_g or p in used_p:
            continue
        used_g.add(g)
        used_p.add(p)
        out.append((g, p, -neg_d))
    return sorted(out)


def _unique(sets: Iterable[Optional[Offsets]]) -> List[Offsets]:
    seen: Dict[Offsets, None] = {}
    for s in sets:
        if s:
            seen.setdefault(s, None)
    return list(seen)


def _exact_counts(gold: List[Offsets], pred: List[Offsets]) -> RoleCounts:
    tp = len(set(gold) & set(pred))
    return RoleCounts(tp, len(pred), tp, len(gold))


def _record_text(gold: Dict[str, Any], pred: Dict[str, Any]) -> str:
    text = gold.get("text")
    pred_text = pred.get("text")
    if text is None:
        text = pred_text
    if text is None:
        raise ValueError(f"Record {gold.get('id')!r}: neither the gold nor the predicted record has a text")
    if pred_text is not None and pred_text != text:
        raise ValueError(
            f"Record {gold.get('id')!r}: the predicted record's text differs from the gold text"
        )
    return text


def match_records(gold: Dict[str, Any], pred: Dict[str, Any]) -> DocumentMatch:
    """Match one document's predicted quotes to its gold quotes.

    This is the one matching implementation: the scores and the errors report both read it.

    gold (Dict[str, Any]): the gold record (`{"id", "text", "quotes"}`).
    pred (Dict[str, Any]): the predicted record for the same text (its `text` may be left out).
    RETURNS (DocumentMatch): pairs, misses, false alarms and role-level counts.
    """
    text = _record_text(gold, pred)
    g_quotes = _scored_quotes(text, gold.get("quotes") or [])
    p_quotes = _scored_quotes(text, pred.get("quotes") or [])

    def attribution_ok(g: int, p: int) -> bool:
        return _same(g_quotes[g].speaker, p_quotes[p].speaker) and _same(g_quotes[g].cue, p_quotes[p].cue)

    pairs = [
        QuotePair(
            gold=g,
            pred=p,
            dice=d,
            speaker_ok=_same(g_quotes[g].speaker, p_quotes[p].speaker),
            cue_ok=_same(g_quotes[g].cue, p_quotes[p].cue),
        )
        for g, p, d in greedy_pairs(
            [q.content for q in g_quotes], [q.content for q in p_quotes], prefer=attribution_ok
        )
    ]
    paired_g = {pair.gold for pair in pairs}
    paired_p = {pair.pred for pair in pairs}
    roles: Dict[str, RoleCounts] = {}
    g_content = _unique(q.content for q in g_quotes)
    p_content = _unique(q.content for q in p_quotes)
    roles["content"] = _exact_counts(g_content, p_content)
    n_overlap = len(greedy_pairs(g_content, p_content))
    roles["content_overlap"] = RoleCounts(n_overlap, len(p_content), n_overlap, len(g_content))
    for role in ("cue", "speaker"):
        roles[role] = _exact_counts(
            _unique(getattr(q, role) for q in g_quotes), _unique(getattr(q, role) for q in p_quotes)
        )
    return DocumentMatch(
        id=gold.get("id", pred.get("id")),
        text=text,
        gold=g_quotes,
        pred=p_quotes,
        pairs=pairs,
        missed=[i for i in range(len(g_quotes)) if i not in paired_g],
        false_alarms=[i for i in range(len(p_quotes)) if i not in paired_p],
        roles=roles,
    )


def _slice_counts(match: DocumentMatch, key: Callable[[ScoredQuote], Any]) -> Dict[Any, RoleCounts]:
    """Attribution counts sliced by a property: P over predicted quotes with it, R over gold ones."""
    counts: Dict[Any, RoleCounts] = defaultdict(RoleCounts)
    right_by_pred = {pair.pred: pair for pair in match.right}
    right_by_gold = {pair.gold: pair for pair in match.right}
    for i, q in enumerate(match.pred):
        c = counts[key(q)]
        c.n_pred += 1
        c.right_pred += i in right_by_pred
    for i, q in enumerate(match.gold):
        c = counts[key(q)]
        c.n_gold += 1
        c.right_gold += i in right_by_gold
    return counts


def score_matches(matches: Iterable[DocumentMatch]) -> Dict[str, Any]:
    """Score documents already matched by `match_records`.

    matches (Iterable[DocumentMatch]): one per document.
    RETURNS (Dict[str, Any]): the flat `quotes_*` figures (see the module docstring), plus
        `quotes_counts`: the counts behind each row, `{row: {"right_pred", "n_pred", "right_gold",
        "n_gold"}}`, and `quotes_resolved_n`: how many right attributions the resolved accuracy is
        over.
    """
    rows: Dict[str, RoleCounts] = defaultdict(RoleCounts)
    resolved_right = resolved_n = n_docs = 0
    for match in matches:
        n_docs += 1
        rows["attribution"].add(_slice_counts(match, lambda q: True)[True])
        rows["attribution_quoted"].add(_slice_counts(match, lambda q: q.quoted).get(True, RoleCounts()))
        for kind, c in _slice_counts(match, lambda q: q.type).items():
            rows[f"attribution_{kind}"].add(c)
        for kind, c in _slice_counts(match, lambda q: q.speaker_kind).items():
            rows[f"attribution_{kind}"].add(c)
        for role, c in match.roles.items():
            rows[role].add(c)
        for pair in match.right:
            gold = match.gold[pair.gold]
            if gold.resolved is not None:
                resolved_n += 1
                resolved_right += match.pred[pair.pred].name == gold.resolved
    scores: Dict[str, Any] = {}
    for row in ("attribution", "attribution_quoted", *ROLES):
        p, r, f = rows[row].prf()
        scores[f"{PREFIX}_{row}_p"] = p
        scores[f"{PREFIX}_{row}_r"] = r
        scores[f"{PREFIX}_{row}_f"] = f
    for kind in (*QUOTE_TYPES, *SPEAKER_KINDS):
        p, r, f = rows[f"attribution_{kind}"].prf()
        scores[f"{PREFIX}_attribution_p_{kind}"] = p
        scores[f"{PREFIX}_attribution_r_{kind}"] = r
        scores[f"{PREFIX}_attribution_f_{kind}"] = f
    scores[f"{PREFIX}_resolved_acc"] = resolved_right / resolved_n if resolved_n else None
    scores[f"{PREFIX}_resolved_n"] = resolved_n
    scores[f"{PREFIX}_docs_n"] = n_docs
    order = ["attribution", "attribution_quoted", *ROLES]
    order += [f"attribution_{k}" for k in (*QUOTE_TYPES, *SPEAKER_KINDS)]
    scores[f"{PREFIX}_counts"] = {row: vars(rows[row]).copy() for row in order}
    return scores


def score_records(pairs: Iterable[Tuple[Dict[str, Any], Dict[str, Any]]]) -> Dict[str, Any]:
    """Score predicted quote records against gold ones.

    pairs (Iterable[Tuple[Dict[str, Any], Dict[str, Any]]]): (gold record, predicted record) per
        document, in the schema of `quotes extract` with the text (`{"id", "text", "quotes"}`).
    RETURNS (Dict[str, Any]): the `quotes_*` figures (see `score_matches`).
    """
    return score_matches(match_records(gold, pred) for gold, pred in pairs)


def spacy_span_scores(scores: Dict[str, Any], key: str = QUOTES_KEY) -> Dict[str, Any]:
    """The figures of `score_matches` under the keys `spacy evaluate --spans-key KEY` prints.

    scores (Dict[str, Any]): what `score_matches` returned.
    key (str): the span group the quotes are in.
    RETURNS (Dict[str, Any]): `spans_KEY_p`, `_r`, `_f` (attribution) and `spans_KEY_per_type`
        (`{measure: {"p", "r", "f"}}`: attribution, quoted, by quote type, and per role).
    """
    table = {stem.replace("_", " "): {x: scores[f"{PREFIX}_{stem}_{x}"] for x in "prf"}
             for stem in ("attribution", "attribution_quoted", *ROLES)}
    for kind in QUOTE_TYPES:
        table[f"attribution {kind}"] = {x: scores[f"{PREFIX}_attribution_{x}_{kind}"] for x in "prf"}
    out: Dict[str, Any] = {f"spans_{key}_{x}": v for x, v in table["attribution"].items()}
    out[f"spans_{key}_per_type"] = table
    return out


def score_quotes(examples: Iterable[Example], **kwargs: Any) -> Dict[str, Any]:
    """Score the quotes of spaCy examples (the component's scorer, used by `nlp.evaluate`).

    examples (Iterable[Example]): examples whose reference docs carry the gold quotes.
    kwargs (Any): accepted for spaCy's scorer interface and ignored.
    RETURNS (Dict[str, Any]): the `quotes_*` figures (see `score_matches`), and the same under the
        keys that `spacy evaluate --spans-key quotes` prints (`spacy_span_scores`).
    """
    scores = score_records(
        (doc_to_record(eg.reference, i, with_text=True), doc_to_record(eg.predicted, i, with_text=True))
        for i, eg in enumerate(examples)
    )
    return {**scores, **spacy_span_scores(scores)}


# The weights of the scores in spaCy's training and `nlp.evaluate` (keys of `score_quotes`): both
# quote components declare these as their `default_score_weights`.
SCORE_WEIGHTS: Dict[str, Optional[float]] = {
    "quotes_attribution_f": 0.5,
    "quotes_content_f": 0.2,
    "quotes_cue_f": 0.15,
    "quotes_speaker_f": 0.15,
    "quotes_attribution_p": None,
    "quotes_attribution_r": None,
    "quotes_attribution_quoted_f": None,
    "quotes_content_overlap_f": None,
    "quotes_content_p": None,
    "quotes_content_r": None,
    "quotes_cue_p": None,
    "quotes_cue_r": None,
    "quotes_speaker_p": None,
    "quotes_speaker_r": None,
}


@spacy.registry.scorers("quotes.scorer.v1")
def make_quote_scorer() -> Callable[..., Dict[str, Any]]:
    """RETURNS (Callable[..., Dict[str, Any]]): `score_quotes`."""
    return score_quotes
