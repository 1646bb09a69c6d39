"""The public data model: `Quote`, stored in native span groups and read back as `Doc._.quotes`.

Storage (what `Doc.to_bytes`, `DocBin` and `nlp.to_disk` keep by themselves):
- `doc.spans["quotes"]`: one span per content fragment, labelled with the quote's type, so that
  displaCy's span style and spancat-style tooling see the quotes directly;
- `doc.spans["quotes"].attrs["quotes"]`: one plain record per quote that links its parts by token
  offsets: `{"content": [[start, end], ...], "speaker": [start, end] | None, "cue": [start, end] |
  None, "type": str, "score": float, "resolved": [start, end] | None}`;
- `doc.spans["quote_speakers"]` and `doc.spans["quote_cues"]`: the speaker and cue spans, for
  display and role-level tooling.

`Doc._.quotes` is a getter over that storage, so there is one source of truth.
"""
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy
from spacy.attrs import LOWER, ORTH, SENT_START

from spacy.tokens import Doc, Span

from .marks import QuoteSpan, quote_type_of, scan, top_level

QUOTES_KEY = "quotes"
SPEAKERS_KEY = "quote_speakers"
CUES_KEY = "quote_cues"
QUOTE_TYPES = ("direct", "indirect", "mixed")


@dataclass
class Quote:
    """A quote: what was said, who said it, and the words that say so.

    content (List[Span]): the fragments of what was said, in text order (one for most quotes).
    speaker (Optional[Span]): the source as the text names it ("He", "his office"), or None.
    cue (Optional[Span]): the speech verb or phrase ("said", "according to"), or None.
    type (str): "direct", "indirect" or "mixed".
    score (float): the component's confidence, 0 to 1.
    resolved (Optional[Span]): where the speaker is a pronoun, a description or a short name, the
        document's fullest mention of whom it refers to ("Benjamin Netanyahu"), else None.
    """

    content: List[Span]
    speaker: Optional[Span] = None
    cue: Optional[Span] = None
    type: str = "direct"
    score: float = 1.0
    resolved: Optional[Span] = field(default=None)

    @property
    def doc(self) -> Doc:
        """RETURNS (Doc): the document the quote is in."""
        return self.content[0].doc

    @property
    def start_char(self) -> int:
        """RETURNS (int): where the first fragment starts."""
        return self.content[0].start_char

    @property
    def end_char(self) -> int:
        """RETURNS (int): where the last fragment ends."""
        return self.content[-1].end_char

    @property
    def text(self) -> str:
        """RETURNS (str): the content, fragments joined by " … "."""
        return " … ".join(span.text for span in self.content)

    @property
    def speaker_name(self) -> Optional[str]:
        """RETURNS (Optional[str]): the resolved name where there is one, else the speaker's text."""
        if self.resolved is not None:
            return self.resolved.text
        return self.speaker.text if self.speaker is not None else None

    def to_dict(self) -> Dict[str, Any]:
        """The quote in the JSON schema of `quotes extract`, with character offsets.

        RETURNS (Dict[str, Any]): `{"type", "content": {"start", "end", "text", "fragments"},
            "speaker": {"start", "end", "text", "resolved"} | None, "cue": {...} | None, "score"}`.
        """
        # the content's own text: `Doc.text` is built anew at each call (quadratic over many quotes)
        start, end = self.start_char, self.end_char
        text = self.doc[self.content[0].start : self.content[-1].end].text
        speaker = None
        if self.speaker is not None:
            speaker = _char_span(self.speaker)
            speaker["resolved"] = _char_span(self.resolved) if self.resolved is not None else None
        return {
            "type": self.type,
            "content": {
                "start": start,
                "end": end,
                "text": text,
                "fragments": [[s.start_char, s.end_char] for s in self.content],
            },
            "speaker": speaker,
            "cue": _char_span(self.cue) if self.cue is not None else None,
            "score": round(float(self.score), 4),
        }

    def __repr__(self) -> str:
        who = self.speaker.text if self.speaker is not None else None
        cue = self.cue.text if self.cue is not None else None
        return f"Quote({self.type}, {self.text!r}, speaker={who!r}, cue={cue!r})"


def content_type(content: Sequence[Span]) -> str:
    """`marks.quote_type_of` over the text the fragments cover only: `Doc.text` is built anew at
    each call, which made documents with thousands of quotes quadratic.

    content (Sequence[Span]): a quote's content fragments, in order.
    RETURNS (str): "direct", "indirect" or "mixed".
    """
    doc = content[0].doc
    start, end = min(c.start for c in content), max(c.end for c in content)
    base = doc[start].idx
    return quote_type_of(doc[start:end].text, [(c.start_char - base, c.end_char - base) for c in content])


def quoted_passages(doc: Doc) -> List[Tuple[Span, QuoteSpan]]:
    """The doc's top-level quoted passages (`marks.scan`) as token spans, each with the passage it
    comes from; of two passages that share a token, the first.

    doc (Doc): the doc.
    RETURNS (List[Tuple[Span, QuoteSpan]]): the passages, in text order, neither overlapping.
    """
    out: List[Tuple[Span, QuoteSpan]] = []
    for q in top_level(scan(doc.text)):
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        if out and span.start < out[-1][0].end:
            continue  # two passages sharing a token: keep the first
        out.append((span, q))
    return out


def _char_span(span: Span) -> Dict[str, Any]:
    return {"start": span.start_char, "end": span.end_char, "text": span.text}


def _offsets(span: Optional[Span]) -> Optional[List[int]]:
    return None if span is None else [span.start, span.end]


def set_quotes(doc: Doc, quotes: Sequence[Quote]) -> None:
    """Write quotes into the doc's span groups, replacing what was there.

    doc (Doc): the document.
    quotes (Sequence[Quote]): the quotes, whose spans belong to `doc`.
    """
    quotes = sorted(quotes, key=lambda q: (q.content[0].start, q.content[-1].end))
    fragments: List[Span] = []
    records: List[Dict[str, Any]] = []
    for q in quotes:
        if q.type not in QUOTE_TYPES:
            raise ValueError(f"Quote type {q.type!r} is not one of {QUOTE_TYPES}")
        if not q.content:
            raise ValueError("A quote needs at least one content fragment")
        for frag in q.content:
            fragments.append(Span(doc, frag.start, frag.end, label=q.type))
        records.append(
            {
                "content": [[s.start, s.end] for s in q.content],
                "speaker": _offsets(q.speaker),
                "cue": _offsets(q.cue),
                "type": q.type,
                "score": float(q.score),
                "resolved": _offsets(q.resolved),
            }
        )
    doc.spans[QUOTES_KEY] = fragments
    doc.spans[QUOTES_KEY].attrs[QUOTES_KEY] = records
    doc.spans[SPEAKERS_KEY] = _unique(Span(doc, q.speaker.start, q.speaker.end, label="SPEAKER")
                                      for q in quotes if q.speaker is not None)
    doc.spans[CUES_KEY] = _unique(Span(doc, q.cue.start, q.cue.end, label="CUE")
                                  for q in quotes if q.cue is not None)


def _unique(spans) -> List[Span]:
    seen: Dict[Tuple[int, int], Span] = {}
    for s in spans:
        seen.setdefault((s.start, s.end), s)
    return sorted(seen.values(), key=lambda s: (s.start, s.end))


def get_quotes(doc: Doc) -> List[Quote]:
    """Read the quotes stored in a doc (the getter of `Doc._.quotes`).

    doc (Doc): the document.
    RETURNS (List[Quote]): its quotes in text order; empty where none were set.
    """
    if QUOTES_KEY not in doc.spans:
        return []
    records = doc.spans[QUOTES_KEY].attrs.get(QUOTES_KEY, [])

    def span(offsets: Optional[Sequence[int]]) -> Optional[Span]:
        return None if offsets is None else doc[offsets[0] : offsets[1]]

    return [
        Quote(
            content=[doc[s:e] for s, e in r["content"]],
            speaker=span(r["speaker"]),
            cue=span(r["cue"]),
            type=r["type"],
            score=r["score"],
            resolved=span(r.get("resolved")),
        )
        for r in records
    ]


def register_extensions() -> None:
    """Register `Doc._.quotes` once (called by the components, never at import time)."""
    if not Doc.has_extension("quotes"):
        Doc.set_extension("quotes", getter=get_quotes)


def plural(n: int, noun: str) -> str:
    """n (int): a count. noun (str): what is counted, singular. RETURNS (str): "1 quote", "2 quotes"."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def doc_to_record(doc: Doc, doc_id: Any = None, with_text: bool = False) -> Dict[str, Any]:
    """A doc's quotes as one JSON record, as `quotes extract` writes it.

    doc (Doc): the document.
    doc_id (Any): the record's id.
    with_text (bool): include the text (the corpus schema).
    RETURNS (Dict[str, Any]): `{"id", "quotes": [...]}` (plus `"text"`).
    """
    record: Dict[str, Any] = {"id": doc_id}
    if with_text:
        record["text"] = doc.text
    record["quotes"] = [q.to_dict() for q in get_quotes(doc)]
    return record


def record_to_doc(doc: Doc, record: Dict[str, Any]) -> Doc:
    """Set a JSON record's quotes on a doc of the same text (gold annotations for training/scoring).

    Character offsets are snapped outwards to token boundaries.

    doc (Doc): a doc whose text is the record's text.
    record (Dict[str, Any]): `{"quotes": [...]}` in the schema of `quotes extract`.
    RETURNS (Doc): the same doc, with its quotes set.
    """
    if "text" in record and record["text"] != doc.text:
        raise ValueError(f"Record {record.get('id')!r}: its text differs from the doc's text")

    def span(start: int, end: int) -> Span:
        s = doc.char_span(start, end, alignment_mode="expand")
        if s is None or len(s) == 0:
            raise ValueError(
                f"Record {record.get('id')!r}: span [{start}, {end}] covers no token"
            )
        return s

    def role(value: Optional[Dict[str, Any]]) -> Optional[Span]:
        return None if value is None else span(value["start"], value["end"])

    quotes = []
    for q in record.get("quotes", []):
        frags = q["content"].get("fragments") or [[q["content"]["start"], q["content"]["end"]]]
        content = _merge_touching([span(s, e) for s, e in frags])
        speaker = q.get("speaker")
        quotes.append(
            Quote(
                content=content,
                speaker=role(speaker),
                cue=role(q.get("cue")),
                type=q.get("type", "direct"),
                score=float(q.get("score", 1.0)),
                resolved=role(speaker.get("resolved")) if speaker else None,
            )
        )
    set_quotes(doc, quotes)
    return doc


def _merge_touching(spans: List[Span]) -> List[Span]:
    spans = sorted(spans, key=lambda s: s.start)
    out: List[Span] = []
    for s in spans:
        if out and s.start <= out[-1].end:
            prev = out.pop()
            s = prev.doc[prev.start : max(prev.end, s.end)]
        out.append(s)
    return out


PRONOUNS = {
    "i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "one",
    "this", "that", "these", "those", "who", "which", "someone", "somebody", "everyone", "both",
    "some", "many", "others", "himself", "herself", "themselves", "itself", "myself", "ourselves",
}
_FUNCTION_WORDS = {"the", "of", "and", "for", "in", "at", "on", "de", "van", "von", "a", "an", "to", "&"}


def speaker_kind(text: Optional[str]) -> str:
    """Classify a speaker's text for slicing scores and corpus statistics.

    text (Optional[str]): the speaker span's text, or None.
    RETURNS (str): "none", "pronoun" ("he", "they"), "name" (every content word capitalised:
        "Israeli Prime Minister Benjamin Netanyahu") or "description" ("the Israeli leader",
        "his office", "a senior official").
    """
    if text is None or not text.strip():
        return "none"
    # An appositive or relative clause describes the speaker; the kind is the head phrase's
    # ("Reyburn, a county Democrat who ..." is a name).
    head = text.split(",")[0] if text.split(",")[0].strip() else text
    words = [w.strip(".,;:“”\"'‘’()") for w in head.split()]
    words = [w for w in words if w]
    if len(words) == 1 and words[0].lower() in PRONOUNS:
        return "pronoun"
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if content and all(w[:1].isupper() or w[:1].isdigit() for w in content):
        if words[0].lower() not in ("the", "a", "an") or len(content) > 1 and all(
            w[:1].isupper() for w in words[1:]
        ):
            return "name"
    return "description"


def quote_record(
    text: str, fragments: Sequence[Sequence[int]], speaker: Optional[Dict[str, Any]] = None,
    cue: Optional[Dict[str, Any]] = None, type: Optional[str] = None, score: float = 1.0,
) -> Dict[str, Any]:
    """One quote as a JSON record from character offsets (the schema of `quotes extract`).

    text (str): the document text.
    fragments (Sequence[Sequence[int]]): the content's `[start, end]` pieces, in text order.
    speaker (Optional[Dict[str, Any]]): `{"start", "end", "text", "resolved"}` or None.
    cue (Optional[Dict[str, Any]]): `{"start", "end", "text"}` or None.
    type (Optional[str]): the type; None to derive it from the quotation marks.
    score (float): the score.
    RETURNS (Dict[str, Any]): the quote record.
    """
    start, end = fragments[0][0], fragments[-1][1]
    return {
        "type": type or quote_type_of(text, fragments),
        "content": {"start": start, "end": end, "text": text[start:end],
                    "fragments": [list(f) for f in fragments]},
        "speaker": speaker,
        "cue": cue,
        "score": score,
    }


def token_flags(doc: Doc, predicate: Callable[[str], bool]) -> numpy.ndarray:
    """Whether each token's text satisfies `predicate`, asking it once per distinct text rather
    than once per token (and creating no `Token` objects): a doc of 1,000 tokens has a few hundred
    distinct texts.

    doc (Doc): the doc. predicate (Callable[[str], bool]): a test of a token's text.
    RETURNS (numpy.ndarray): (len(doc),) bools.
    """
    if not len(doc):
        return numpy.zeros((0,), dtype=bool)
    orth = doc.to_array(ORTH)
    distinct, inverse = numpy.unique(orth, return_inverse=True)
    strings = doc.vocab.strings
    answers = numpy.asarray([bool(predicate(strings[int(o)])) for o in distinct], dtype=bool)
    return answers[inverse.reshape(-1)]


def token_positions(doc: Doc, attr: int = LOWER) -> Dict[str, List[int]]:
    """The positions of each distinct value of a token attribute (by default the lower-case form),
    read from one array rather than a `Token` per token.

    doc (Doc): the doc. attr (int): a string attribute id (`spacy.attrs.LOWER`, `ORTH`, `LEMMA`).
    RETURNS (Dict[str, List[int]]): each value's token indices, in order.
    """
    if not len(doc):
        return {}
    values = doc.to_array(attr)
    order = numpy.argsort(values, kind="stable")
    distinct, first = numpy.unique(values[order], return_index=True)
    bounds = list(first) + [len(order)]
    strings = doc.vocab.strings
    return {strings[int(v)]: order[bounds[k] : bounds[k + 1]].tolist() for k, v in enumerate(distinct)}


def sentence_numbers(doc: Doc) -> numpy.ndarray:
    """The sentence each token is in, numbered from 0, from the stored sentence starts (a parse or
    a sentencizer; all one sentence when there are none).

    doc (Doc): the doc. RETURNS (numpy.ndarray): (len(doc),) ints.
    """
    if not len(doc):
        return numpy.zeros((0,), dtype="i")
    starts = doc.to_array([SENT_START]).reshape(-1) == 1
    starts[0] = True
    return (numpy.cumsum(starts) - 1).astype("i")


def sentence_bounds(doc: Doc, numbers: Optional[numpy.ndarray] = None) -> List[Tuple[int, int]]:
    """Each sentence's first token and end, from `sentence_numbers`.

    doc (Doc): the doc.
    numbers (Optional[numpy.ndarray]): `sentence_numbers(doc)`, where the caller has it already.
    RETURNS (List[Tuple[int, int]]): (start, end) token offsets, in order.
    """
    numbers = sentence_numbers(doc) if numbers is None else numbers
    starts = numpy.flatnonzero(numpy.r_[True, numbers[1:] != numbers[:-1]]).tolist() if len(doc) else []
    return list(zip(starts, starts[1:] + [len(doc)]))


def paragraph_ids(doc: Doc) -> numpy.ndarray:
    """The paragraph of each token: paragraphs are numbered from 0 and a token holding a line break
    (spaCy keeps "\\n\\n" as a whitespace token) ends one; line-break tokens themselves get -1.

    doc (Doc): the doc.
    RETURNS (numpy.ndarray): (len(doc),) ints.
    """
    breaks = token_flags(doc, lambda text: "\n" in text).astype("i")
    return numpy.where(breaks == 1, -1, numpy.cumsum(breaks) - breaks).astype("i")
