"""Who speaks in a document: its quotes grouped by speaker, most quoted first.

    >>> import quotes
    >>> nlp = quotes.load()
    >>> doc = nlp(text)
    >>> for s in quotes.speakers(doc):
    ...     print(s.name, s.count)

A speaker is keyed by its resolved name (`Quote.resolved`: "He" and "Netanyahu" both count for
"Benjamin Netanyahu"), else by the speaker's own text; quotes with no speaker are left out.
"""
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from spacy.tokens import Doc

from .items import Quote, get_quotes, speaker_kind
from .scorer import normalize_name


@dataclass
class Speaker:
    """One speaker of a document and what they said.

    name (str): the resolved name, else the speaker's text as the text first writes it.
    resolved (bool): whether `name` is a resolved name (False: nobody named, e.g. "a senior official").
    quotes (List[Quote]): their quotes in text order.
    mentions (List[str]): the distinct ways the text names them as a speaker ("He", "Netanyahu").
    """

    name: str
    resolved: bool
    quotes: List[Quote] = field(default_factory=list)
    mentions: List[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """RETURNS (int): how many quotes they have."""
        return len(self.quotes)

    def counts(self) -> Dict[str, int]:
        """RETURNS (Dict[str, int]): quotes per type (direct, indirect, mixed), all types present."""
        out = {"direct": 0, "indirect": 0, "mixed": 0}
        for q in self.quotes:
            out[q.type] = out.get(q.type, 0) + 1
        return out


def speakers(doc: Doc) -> List[Speaker]:
    """Summarise a document's quotes by speaker.

    doc (Doc): a doc processed by a quote component (or with quotes set).
    RETURNS (List[Speaker]): the speakers, most quotes first (ties: first quoted first).
    """
    groups: Dict[str, Speaker] = {}
    first: Dict[str, int] = {}
    for i, q in enumerate(get_quotes(doc)):
        if q.speaker is None:
            continue
        name = q.speaker_name or q.speaker.text
        key = normalize_name(name) or name
        sp = groups.get(key)
        if sp is None:
            sp = groups[key] = Speaker(name=name, resolved=q.resolved is not None
                                       or speaker_kind(q.speaker.text) == "name")
            first[key] = i
        sp.quotes.append(q)
        if q.speaker.text not in sp.mentions:
            sp.mentions.append(q.speaker.text)
    return sorted(groups.values(), key=lambda s: (-s.count, first[normalize_name(s.name) or s.name]))


def speakers_to_dict(doc_or_speakers: Any) -> List[Dict[str, Any]]:
    """The speaker summary in JSON form, as `quotes extract --summary` writes it.

    doc_or_speakers (Union[Doc, List[Speaker]]): a doc, or the result of `speakers(doc)`.
    RETURNS (List[Dict[str, Any]]): `[{"name", "resolved", "count", "counts": {type: n},
        "mentions": [...], "quotes": [index into the record's "quotes" list, ...]}]`.
    """
    if isinstance(doc_or_speakers, Doc):
        doc: Optional[Doc] = doc_or_speakers
        groups = speakers(doc_or_speakers)
    else:
        groups = list(doc_or_speakers)
        doc = groups[0].quotes[0].doc if groups and groups[0].quotes else None
    # Quotes are referred to by their position in the record's quote list (the order of get_quotes).
    index: Dict[Any, int] = {}
    if doc is not None:
        for i, q in enumerate(get_quotes(doc)):
            index[_quote_key(q)] = i
    return [
        {
            "name": s.name,
            "resolved": s.resolved,
            "count": s.count,
            "counts": s.counts(),
            "mentions": list(s.mentions),
            "quotes": [index.get(_quote_key(q)) for q in s.quotes],
        }
        for s in groups
    ]


def _quote_key(q: Quote) -> Any:
    return tuple((s.start, s.end) for s in q.content)


def speakers_from_records(quotes: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The speaker summary computed from quote records (the `"quotes"` of an output record), for
    batch jobs that process a long document in pieces and never hold one doc for it.

    quotes (List[Dict[str, Any]]): quote records in the schema of `quotes extract`.
    RETURNS (List[Dict[str, Any]]): the same form as `speakers_to_dict`.
    """
    groups: Dict[str, Dict[str, Any]] = {}
    for i, q in enumerate(quotes):
        sp = q.get("speaker")
        if not sp:
            continue
        resolved = sp.get("resolved")
        name = resolved["text"] if resolved else sp["text"]
        key = normalize_name(name) or name
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"name": name, "resolved": bool(resolved) or speaker_kind(sp["text"]) == "name",
                               "count": 0, "counts": {"direct": 0, "indirect": 0, "mixed": 0},
                               "mentions": [], "quotes": [], "_first": i}
        g["count"] += 1
        g["counts"][q.get("type", "direct")] = g["counts"].get(q.get("type", "direct"), 0) + 1
        if sp["text"] not in g["mentions"]:
            g["mentions"].append(sp["text"])
        g["quotes"].append(i)
    out = sorted(groups.values(), key=lambda g: (-g["count"], g["_first"]))
    for g in out:
        del g["_first"]
    return out
