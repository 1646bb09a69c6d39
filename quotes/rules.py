"""Quote attribution by rules over the dependency parse.

Data flow: quotation marks (`marks.scan`) and cue verbs (`lexicon`) give candidates; each cue takes
its speaker from its subject and its content from its clausal complement, snapped to the quoted
passages it touches; quoted passages left over take a cue from their own sentence, or continue
the quote before them, or (without any speech context: scare quotes, nicknames) are dropped.
Everything here reads a parsed `Doc` and returns `Quote`s; the component writes them.
"""
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from .items import Quote, content_type, quoted_passages
from .lexicon import NEEDS_QUOTE, PARTICLE_CUES, PHRASE_CUES, SPEECH_VERBS

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Dependents of a speaker's head that are not part of its noun phrase.
EDGE_PUNCT = set(",;:—–-")
QUOTE_CHARS = set("“”\"„‟«»‹›‘’'")


@dataclass
class Candidates:
    """What the rules start from.

    marks (List[Span]): top-level quoted passages (quotation marks included), as token spans.
    continued (Set[int]): indexes into `marks` of passages left open at a paragraph's end whose
        next paragraph opens a new mark (a multi-paragraph quote).
    cues (List[Span]): cue spans ("said", "pointed out", "according to").
    """

    marks: List[Span] = field(default_factory=list)
    continued: Set[int] = field(default_factory=set)
    cues: List[Span] = field(default_factory=list)


@registry.misc("quotes.candidates.v1")
def make_candidate_finder(
    cue_verbs: Optional[List[str]] = None,
) -> Callable[[Doc], Candidates]:
    """Build the candidate generator (a registered callable, like spaCy's span suggesters).

    cue_verbs (Optional[List[str]]): lemmas of cue verbs; None for the built-in lexicon.
    RETURNS (Callable[[Doc], Candidates]): finds quoted passages and cues in a parsed doc.
    """
    verbs = frozenset(cue_verbs) if cue_verbs is not None else SPEECH_VERBS

    def find_candidates(doc: Doc) -> Candidates:
        marks: List[Span] = []
        continued: Set[int] = set()
        for span, q in quoted_passages(doc):
            if q.continued:
                continued.add(len(marks))
            marks.append(span)
        inside = _covered(doc, marks)
        cues = [c for c in find_cues(doc, verbs) if not any(inside[t.i] for t in c)]
        return Candidates(marks, continued, cues)

    return find_candidates


def _covered(doc: Doc, spans: Iterable[Span]) -> List[bool]:
    flags = [False] * len(doc)
    for s in spans:
        for i in range(s.start, s.end):
            flags[i] = True
    return flags


def find_cues(doc: Doc, verbs: frozenset = SPEECH_VERBS) -> List[Span]:
    """Find cue spans: speech verbs (with their particle) and phrases such as "according to".

    doc (Doc): a parsed doc.
    verbs (frozenset): cue verb lemmas.
    RETURNS (List[Span]): the cues in text order.
    """
    cues = []
    for tok in doc:
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            cues.append(doc[tok.i : tok.i + 2])
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in verbs:
            continue
        if tok.dep_ in ("amod", "compound") or tok.tag_ == "VBN" and tok.dep_ == "acl":
            continue  # "the said agreement", "a widely reported case"
        lemma = tok.lemma_.lower()
        prts = [c for c in tok.children if c.dep_ == "prt"]
        if lemma in PARTICLE_CUES:
            if not any(p.lower_ in PARTICLE_CUES[lemma] for p in prts):
                continue
            end = max(p.i for p in prts) + 1
            cues.append(doc[tok.i : end] if end == tok.i + 2 else doc[tok.i : tok.i + 1])
            continue
        cues.append(doc[tok.i : tok.i + 1])
    return cues


def _subject(verb: Token) -> Optional[Token]:
    """The subject of a cue verb. A verb without one borrows it: a conjunct from its first
    conjunct ("has decried ... and said"), a participle from the speech verb it hangs on ("said
    the plan was dead, saying ..."), skipping reported clauses, whose subjects are not speakers."""
    tok = verb
    for _ in range(5):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if tok is verb or tok.lemma_.lower() in SPEECH_VERBS or tok.dep_ != "ccomp":
                    return child
        if tok.head is tok or tok.dep_ not in ("conj", "advcl", "xcomp", "ccomp"):
            return None
        if tok.dep_ == "ccomp" and tok is verb:
            return None
        tok = tok.head
    return None


def _speaker_span(head: Token, avoid: Sequence[Span]) -> Span:
    """The speaker's noun phrase: its head's subtree (PolNeAR keeps appositives and relative
    clauses), cut where it would run into the content or the cue, trimmed of edge punctuation."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    for s in avoid:
        if s.start <= head.i < s.end:
            continue
        if s.start >= head.i and s.start < end:
            end = s.start
        if s.end <= head.i and s.end > start:
            start = s.end
    while end - 1 > head.i and (doc[end - 1].text in EDGE_PUNCT or doc[end - 1].is_quote):
        end -= 1
    while start < head.i and (doc[start].text in EDGE_PUNCT or doc[start].is_quote):
        start += 1
    return doc[start:end]


def _trim(doc: Doc, start: int, end: int, keep_quotes: bool = True) -> Tuple[int, int]:
    """Trim edge punctuation and spaces off a token range (quotation marks stay when asked)."""
    def strip(tok: Token) -> bool:
        if tok.is_space:
            return True
        if tok.is_punct and not (keep_quotes and tok.is_quote):
            return True
        return False

    while end > start and strip(doc[end - 1]):
        end -= 1
    while start < end and (strip(doc[start]) or doc[start].lower_ == "that" and
                           doc[start].dep_ == "mark"):
        start += 1
    return start, end


def cut_sentence_appositive(doc: Doc, start: int, end: int, root: Token) -> int:
    """Where a reported clause ends without the writer's comment on it: in "said he would send a
    delegation ..., the first confirmation that ..." the parser hangs the sentence appositive on
    the reported verb, as a second object (or an appositive of the clause's root) after a comma.

    doc (Doc): the doc. start, end (int): the clause's token offsets. root (Token): its root.
    RETURNS (int): the end, before the comma of the first such phrase, or `end` when there is none.
    """
    for tok in doc[start:end]:
        seen: Dict[str, int] = {}
        for child in tok.children:
            if child.dep_ in ("dobj", "appos", "npadvmod", "attr"):
                prev = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
                if (
                    child.dep_ in seen or child.dep_ == "appos" and tok is root
                ) and prev is not None and prev.text == "," and child.i > tok.i:
                    end = min(end, prev.i)
                seen[child.dep_] = child.i
    return end


class _CueIndex:
    """A doc's cues by the token index of their roots, so that the cues rooted in a range are found
    without reading them all (which made documents with many quotes quadratic)."""

    def __init__(self, cues: Sequence[Span]) -> None:
        self.entries = sorted((c.root.i, n, c) for n, c in enumerate(cues))
        self.roots = [e[0] for e in self.entries]

    def rooted_in(self, lo: int, hi: int) -> List[Span]:
        """The cues whose root lies in [lo, hi), in the order they were given."""
        i, j = bisect_left(self.roots, lo), bisect_left(self.roots, hi)
        return [c for _, _, c in sorted(self.entries[i:j], key=lambda e: e[1])]


def _clause_content(verb: Token, cue: Span, other_cues: _CueIndex) -> Optional[Tuple[int, int]]:
    """The reported clause of a cue verb: its clausal complement, minus the complementizer, minus
    trailing sentence appositives ("..., the first confirmation that ...") and nested cues."""
    comps = [c for c in verb.children if c.dep_ in ("ccomp",)]
    if not comps:
        # "said in a statement that ...": the parser often hangs the reported clause on the noun
        comps = [
            clause
            for prep in verb.children if prep.dep_ == "prep"
            for obj in prep.children if obj.dep_ == "pobj"
            for clause in obj.children
            if clause.dep_ in ("acl", "relcl") and clause.i > obj.i
            and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
        ]
    if not comps:
        return None
    comp = comps[-1] if comps[-1].i > verb.i else comps[0]
    start, end = comp.left_edge.i, comp.right_edge.i + 1
    doc = verb.doc
    if comp.i < verb.i:
        # "CLAUSE, the source added.": the reported clause is all of the sentence before the
        # frame, even where the parser hangs only one of its conjuncts on the verb.
        sent_start = verb.sent.start
        if start > sent_start and not any(o is not cue for o in other_cues.rooted_in(sent_start, start)):
            start = sent_start
        end = min([verb.i] + [c.left_edge.i for c in verb.children
                              if c.dep_ in ("nsubj", "nsubjpass") and c.i > comp.i])
    end = cut_sentence_appositive(doc, start, end, comp)
    for other in other_cues.rooted_in(start, end):
        o = other.root
        if other is cue or not (start <= o.i < end):
            continue
        if not any(c.dep_ == "ccomp" for c in o.children):
            continue  # "to continue talks": a cue verb without a reported clause of its own
        # a nested cue with its own clause ("..., saying it was too costly"): cut it off the end
        if o.dep_ in ("advcl", "conj", "xcomp") and o.i > comp.i:
            cut = o.left_edge.i
            while cut > start and doc[cut - 1].is_punct:
                cut -= 1
            end = min(end, cut)
    start, end = _trim(doc, start, end)
    if end <= start:
        return None
    return start, end


def _according_to(cue: Span) -> Tuple[Optional[Span], Optional[Tuple[int, int]]]:
    """Speaker and content of "according to X": X, and the clause the phrase modifies."""
    doc = cue.doc
    to = cue[-1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    speaker = _speaker_span(objs[0], [cue]) if objs else None
    head = cue[0].head
    while head.dep_ not in ("ROOT", "ccomp", "conj") and head.head is not head:
        head = head.head
    sent = cue[0].sent
    if head.i == cue[0].i:
        return speaker, None
    # The clause: the sentence without the according-to phrase.
    phrase_start = cue.start
    phrase_end = objs[0].right_edge.i + 1 if objs else cue.end
    if phrase_start > sent.start + 1:
        start, end = sent.start, phrase_start
    else:
        start, end = phrase_end, sent.end
    start, end = _trim(doc, start, end)
    return speaker, ((start, end) if end > start else None)


def _snap_to_marks(
    doc: Doc, start: int, end: int, marks: Sequence[Span], cue: Span
) -> Tuple[int, int]:
    """Extend a content range to cover every quoted passage it touches (but never the cue)."""
    for m in marks:
        if m.end <= start or m.start >= end:
            continue
        if m.start <= cue.start < m.end:
            continue
        start, end = min(start, m.start), max(end, m.end)
    return start, end


def _mark_near(cue: Span, marks: Sequence[Span], used: Set[int],
               starts: Optional[Sequence[int]] = None) -> List[int]:
    """The unused quoted passages inside the cue's sentence (`_frames` then decides which of them
    stand next to the cue's frame). `starts` (the marks' starts, sorted as the marks are) lets a
    long document skip to the sentence instead of walking every mark for every cue."""
    sent = cue.root.sent
    out = []
    first = bisect_left(starts, sent.start) if starts is not None else 0
    for k in range(first, len(marks)):
        m = marks[k]
        if starts is not None and m.start >= sent.end:
            break
        if k in used or m.start < sent.start or m.end > sent.end:
            continue
        out.append(k)
    return out


def _score(kind: str, speaker: Optional[Span], cue: Optional[Span]) -> float:
    base = {"direct": 0.9, "mixed": 0.8, "indirect": 0.7}[kind]
    if speaker is None:
        base -= 0.2
    if cue is None:
        base -= 0.2
    return round(base, 2)


def extract_quotes(doc: Doc, candidates: Candidates) -> List[Quote]:
    """Attribute quotes in a parsed doc.

    doc (Doc): a doc with a dependency parse.
    candidates (Candidates): its quoted passages and cues.
    RETURNS (List[Quote]): the quotes, in text order.
    """
    marks = candidates.marks
    # The built-in finder gives sorted marks that never overlap: search them by start then.
    ordered = all(a.end <= b.start for a, b in zip(marks, marks[1:]))
    starts = [m.start for m in marks] if ordered else None
    used_marks: Set[int] = set()
    quotes: List[Quote] = []
    idle: List[Tuple[Span, Optional[Span]]] = []  # cues that found no content of their own
    cue_index = _CueIndex(candidates.cues)
    # Cues whose sentence is a bare "he said." frame (no content of their own) can take the quoted
    # passage next to them.
    for cue in candidates.cues:
        verb = cue[0]
        if (verb.lower_, cue[-1].lower_) in PHRASE_CUES:
            if any(c.root.i == verb.head.i for c in candidates.cues):
                continue  # "X said ..., according to Y": the speech verb's quote stands
            speaker, rng = _according_to(cue)
        else:
            subj = _subject(verb)
            rng = _clause_content(verb, cue, cue_index)
            speaker = None
            if subj is not None:
                avoid = [cue] + ([doc[rng[0] : rng[1]]] if rng else [])
                speaker = _speaker_span(subj, avoid)
        frag_ranges: List[Tuple[int, int]] = []
        if rng is not None:
            start, end = _snap_to_marks(doc, rng[0], rng[1], marks, cue)
            frag_ranges.append((start, end))
        # Quoted passages in the cue's sentence that the parse did not put under the cue: the quote
        # before the frame and, for "“A,” she said, “B.”", the one after it.
        near = _mark_near(cue, marks, used_marks, starts)
        for k in near:
            m = marks[k]
            if any(s <= m.start and m.end <= e for s, e in frag_ranges):
                used_marks.add(k)
                continue
            if any(m.start < e and s < m.end for s, e in frag_ranges):
                continue
            if speaker is not None and speaker.start < m.end and m.start < speaker.end:
                continue
            if not _frames(doc, m, cue, speaker):
                continue
            frag_ranges.append((m.start, m.end))
        if not frag_ranges:
            idle.append((cue, speaker))
            continue
        if verb.lemma_.lower() in NEEDS_QUOTE and not any(
            any(m.start <= s and e <= m.end or s <= m.start < e for m in marks)
            for s, e in frag_ranges
        ):
            continue
        frag_ranges.sort()
        if starts is None:
            used_marks.update(k for k, m in enumerate(marks)
                              if any(s <= m.start and m.end <= e for s, e in frag_ranges))
        for s, e in frag_ranges if starts is not None else ():
            for k in range(bisect_left(starts, s), bisect_left(starts, e)):
                if marks[k].end <= e:
                    used_marks.add(k)
        quotes.append(_make_quote(doc, frag_ranges, speaker, cue))
    _attach_leftover_marks(doc, candidates, quotes, used_marks, idle)
    quotes.sort(key=lambda q: q.content[0].start)
    return quotes


def _frames(doc: Doc, mark: Span, cue: Span, speaker: Optional[Span]) -> bool:
    """Whether a quoted passage stands next to the cue's frame ("“...,” he said" / "he said:
    “...”" / "said Smith, “...”"), with only punctuation between them."""
    frame_start = min([cue.start] + ([speaker.start] if speaker is not None else []))
    frame_end = max([cue.end] + ([speaker.end] if speaker is not None else []))
    if mark.end <= frame_start:
        gap = doc[mark.end : frame_start]
    elif mark.start >= frame_end:
        gap = doc[frame_end : mark.start]
    else:
        return False
    # Short gaps of punctuation or a few words ("told reporters on Feb. 3") are frames; a gap
    # holding another clause is not.
    words = [t for t in gap if not t.is_punct and not t.is_space]
    if not words:
        return True
    if mark.start >= frame_end:
        # after the frame: "he told reporters: “...”", allow an object/adverbial but no verb
        return len(words) <= 6 and not any(t.pos_ in ("VERB", "AUX") for t in words) and any(
            t.text in (":", ",") for t in gap
        )
    return False


def _make_quote(doc: Doc, ranges: Sequence[Tuple[int, int]], speaker: Optional[Span],
                cue: Optional[Span]) -> Quote:
    content = [doc[s:e] for s, e in sorted(ranges)]
    kind = content_type(content)
    return Quote(content=content, speaker=speaker, cue=cue, type=kind,
                 score=_score(kind, speaker, cue))


def _attach_leftover_marks(doc: Doc, candidates: Candidates, quotes: List[Quote],
                           used: Set[int], idle: Sequence[Tuple[Span, Optional[Span]]] = ()) -> None:
    """Quoted passages no cue took: a passage that fills its own sentence continues the quote just
    before it (“A,” she said. “B.”) or a multi-paragraph quote; a passage after a sentence that
    ends in a colon with a cue takes that cue. Anything else (a nickname, a scare quote, a title)
    has no speech context and is left alone."""
    marks = candidates.marks

    def quote_of(k: int) -> Optional[Quote]:
        m = marks[k]
        return next((q for q in quotes if any(c.start <= m.start and m.end <= c.end
                                              for c in q.content)), None)

    def add(q: Quote, k: int) -> None:
        q.content.append(marks[k])
        q.content.sort(key=lambda s: s.start)
        q.type = content_type(q.content)
        used.add(k)

    # A paragraph left open whose next paragraph re-opens the quote belongs to the quote the
    # next paragraph belongs to (walk backwards so chains of paragraphs follow the last one).
    for k in sorted(candidates.continued, reverse=True):
        if k in used or k + 1 >= len(marks):
            continue
        q = quote_of(k + 1)
        if q is not None:
            add(q, k)
    for k, m in enumerate(marks):
        if k in used:
            continue
        if not _fills_sentences(doc, m):
            continue
        framed = _adjacent_frame(doc, m, idle)
        if framed is not None:
            cue, speaker = framed
            quotes.append(_make_quote(doc, [(m.start, m.end)], speaker, cue))
            used.add(k)
            continue
        prev = _previous_quote(quotes, m)
        if prev is None:
            continue
        q, last = prev
        # Only passages that follow the previous quote closely continue it: nothing but the rest
        # of its frame sentence (or the paragraph break) between them.
        between = doc[last.end : m.start]
        if k - 1 in candidates.continued or _only_frame(between, q):
            add(q, k)


def _adjacent_frame(doc: Doc, mark: Span, idle: Sequence[Tuple[Span, Optional[Span]]]
                    ) -> Optional[Tuple[Span, Optional[Span]]]:
    """A cue with no content of its own in the sentence just before a quoted passage that fills
    its own sentence ("Park put it simply: ..." / "Park spoke to reporters.") or just after it
    ("So said the coach.")."""
    first, last = mark[0].sent, mark[-1].sent
    before = doc[first.start - 1].sent if first.start > 0 else None
    after = doc[last.end].sent if last.end < len(doc) else None
    for cue, speaker in idle:
        sent = cue.root.sent
        if before is not None and sent.start == before.start and speaker is not None:
            return cue, speaker
    for cue, speaker in idle:
        sent = cue.root.sent
        if after is not None and sent.start == after.start and speaker is not None:
            return cue, speaker
    return None


def _fills_sentences(doc: Doc, mark: Span) -> bool:
    """Whether a quoted passage is whole sentences: nothing but punctuation beside it in its first
    and last sentences."""
    first, last = mark[0].sent, mark[-1].sent
    before = [t for t in doc[first.start : mark.start] if not (t.is_punct or t.is_space)]
    after = [t for t in doc[mark.end : last.end] if not (t.is_punct or t.is_space)]
    return not before and not after and len(mark) >= 4


def _previous_quote(quotes: Sequence[Quote], mark: Span) -> Optional[Tuple[Quote, Span]]:
    best = None
    for q in quotes:
        last = q.content[-1]
        if last.end <= mark.start and (best is None or last.end > best[1].end):
            best = (q, last)
    return best


def _only_frame(between: Span, q: Quote) -> bool:
    """Whether the text between a quote's last fragment and a new passage is just that quote's
    own frame ("she said." / "said Smith, a spokeswoman.")."""
    frame = set()
    for s in (q.speaker, q.cue):
        if s is not None:
            frame.update(range(s.start, s.end))
    for t in between:
        if t.is_punct or t.is_space or t.i in frame:
            continue
        if q.speaker is not None and t.head.i in frame:
            continue  # "told reporters", "said on Tuesday"
        if q.cue is not None and any(a.i in frame for a in t.ancestors) and t.i > q.cue.start:
            continue
        return False
    return len(between) < 40
