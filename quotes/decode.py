"""One decode over a document: of the candidate quotes a component scored, the best set that is
consistent with the guide (corpus/GUIDE.md), chosen for the whole document at once.

Candidates come from a component's per-cue decoding (each cue proposes one quote, scored) and, where
the component asks for them, from the rules (`quotes.rules`). `decode_document` keeps the set that
honours these constraints, preferring the higher-scored candidate wherever two conflict:

1. **A content does not cross a sentence end outside a quoted passage** (a quoted passage may run
   over sentences and paragraphs): a fragment is cut at such an end, and the piece nearest the cue
   is kept (`cut_at_sentence_ends`).
2. **No character belongs to two quotes' contents**, except a quote nested inside another's
   content, cue, speaker and all ("“He told me, ‘never again,’” she said": two quotes), and no
   content takes in another quote's cue or speaker but by nesting. A candidate that crosses a
   better one loses the crossing tokens, and is dropped when too little is left or
   when it loses the cue's side of its content (`choose`).
3. **Each quoted passage belongs to at most one quote**: a passage split between two quotes is a
   crossing in the sense of 2.
4. **A quoted passage with no cue of its own right after a quote is its continuation**: it becomes
   another fragment of that quote ("“A,” she said. “B.”": one quote, two fragments), where it
   opens its sentence, holds no cue and belongs to no quote (`attach_continuations`).
5. **The type follows from the fragments** (`items.content_type`).

The decoder reads the doc's layout (paragraphs, quoted passages, sentence ends outside quotation
marks: `component.TextLayout`) and nothing of the model, so it serves any component.
"""
from typing import Callable, List, Optional, Sequence, Set, Tuple

from spacy.tokens import Doc, Span

from . import items

Run = Tuple[int, int]


def _tokens(q: items.Quote) -> Set[int]:
    return {i for f in q.content for i in range(f.start, f.end)}


def _frame(q: items.Quote) -> Set[int]:
    """The tokens of a quote's cue and speaker."""
    return {i for span in (q.cue, q.speaker) if span is not None for i in range(span.start, span.end)}


def _extent(q: items.Quote) -> Run:
    """The token extent of everything the quote marks: content, cue and speaker."""
    spans = list(q.content) + [s for s in (q.cue, q.speaker) if s is not None]
    return min(s.start for s in spans), max(s.end for s in spans)


def _anchor(q: items.Quote) -> Optional[Run]:
    """Where the quote is said from: its cue, else its speaker."""
    span = q.cue if q.cue is not None else q.speaker
    return (span.start, span.end) if span is not None else None


def _distance(run: Run, anchor: Optional[Run]) -> int:
    if anchor is None:
        return 0
    return max(0, anchor[0] - run[1], run[0] - anchor[1])


def _rebuild(q: items.Quote, runs: Sequence[Run]) -> items.Quote:
    doc = q.doc
    content = [doc[s:e] for s, e in runs]
    return items.Quote(content=content, speaker=q.speaker, cue=q.cue, type=items.content_type(content),
                       score=q.score, resolved=q.resolved)


def _strip(doc: Doc, run: Run) -> Optional[Run]:
    """A run without edge whitespace and punctuation other than quotation marks; None when it holds
    no letter or digit."""
    s, e = run
    while s < e and (doc[s].is_space or (doc[s].is_punct and not doc[s].is_quote)):
        s += 1
    while e > s and (doc[e - 1].is_space or (doc[e - 1].is_punct and not doc[e - 1].is_quote)):
        e -= 1
    if s >= e or not any(c.isalnum() for c in doc[s:e].text):
        return None
    return s, e


def cut_at_sentence_ends(q: items.Quote, sentence, passage_of) -> items.Quote:
    """Constraint 1: cut each fragment where a sentence ends outside a quoted passage and keep,
    of its pieces, the one nearest the quote's cue (its speaker where it has no cue).

    sentence, passage_of: per token, the sentence number (sentence ends outside quotation marks
    only) and the quoted passage index or -1 (`TextLayout`).
    """
    doc = q.doc
    anchor = _anchor(q)
    runs: List[Run] = []
    changed = False
    for f in q.content:
        s, e = f.start, f.end
        if e - s < 2 or sentence[s] == sentence[e - 1]:
            runs.append((s, e))
            continue
        pieces, start = [], s
        for i in range(s + 1, e):
            if sentence[i] != sentence[i - 1] and passage_of[i - 1] < 0:
                pieces.append((start, i))
                start = i
        pieces.append((start, e))
        pieces = [p for p in (_strip(doc, p) for p in pieces) if p]
        if len(pieces) <= 1:
            runs.extend(pieces or [(s, e)])
            changed = changed or bool(pieces) and pieces[0] != (s, e)
            continue
        runs.append(min(pieces, key=lambda p: (_distance(p, anchor), p[0])))
        changed = True
    return _rebuild(q, runs) if changed else q


def _nested_in(inner: items.Quote, outer: items.Quote) -> bool:
    """Whether a quote lies wholly inside one fragment of another's content."""
    s, e = _extent(inner)
    return any(f.start <= s and e <= f.end for f in outer.content)


def choose(candidates: Sequence[items.Quote], min_tokens: int = 2) -> List[items.Quote]:
    """Constraints 2 and 3: take candidates best first; one that crosses a quote already taken
    (shares content tokens with it and neither is nested in the other) keeps only its tokens that
    are free, and is dropped when fewer than `min_tokens` remain or its content loses the piece
    nearest its cue. RETURNS (List[Quote]): the chosen quotes, in text order."""
    taken: List[items.Quote] = []
    order = sorted(range(len(candidates)), key=lambda k: (-candidates[k].score, k))
    for k in order:
        q = candidates[k]
        mine = _tokens(q)
        blocked: Set[int] = set()
        for other in taken:
            theirs = _tokens(other) | _frame(other)
            if not (mine & theirs) or _nested_in(q, other) or _nested_in(other, q):
                continue
            blocked |= theirs
        if blocked:
            doc = q.doc
            runs: List[Run] = []
            for f in q.content:
                start = None
                for i in range(f.start, f.end + 1):
                    free = i < f.end and i not in blocked
                    if free and start is None:
                        start = i
                    elif not free and start is not None:
                        runs.append((start, i))
                        start = None
            runs = [r for r in (_strip(doc, r) for r in runs) if r]
            anchor = _anchor(q)
            if runs and anchor is not None:
                # the piece nearest the cue must survive: what is left past another quote is not this one's
                nearest = min((_distance((f.start, f.end), anchor), f.start) for f in q.content)
                kept_nearest = min((_distance(r, anchor), r[0]) for r in runs)
                if kept_nearest[0] > nearest[0]:
                    continue
                # keep the pieces on the cue's side of the other quotes only: contiguous with the nearest
                runs = _connected(runs, anchor, blocked)
            if sum(e - s for s, e in runs) < min_tokens:
                continue
            q = _rebuild(q, runs)
        taken.append(q)
    return sorted(taken, key=lambda q: (q.content[0].start, q.content[0].end))


def _connected(runs: List[Run], anchor: Run, blocked: Set[int]) -> List[Run]:
    """Of the runs, those not separated from the one nearest the anchor by a blocked token."""
    runs = sorted(runs)
    near = min(range(len(runs)), key=lambda j: (_distance(runs[j], anchor), runs[j][0]))
    keep = [runs[near]]
    for j in range(near - 1, -1, -1):
        if any(i in blocked for i in range(runs[j][1], keep[0][0])):
            break
        keep.insert(0, runs[j])
    for j in range(near + 1, len(runs)):
        if any(i in blocked for i in range(keep[-1][1], runs[j][0])):
            break
        keep.append(runs[j])
    return keep


def attach_continuations(
    quotes: List[items.Quote], passages: Sequence[Run], sentence, paragraph, has_cue: Callable[[int, int], bool]
) -> List[items.Quote]:
    """Constraint 4: a quoted passage that belongs to no quote, holds no cue, is a sentence of its
    own, and follows a quote whose content ends in a quoted passage in the same paragraph (with
    nothing between but that quote's own cue and speaker, punctuation and space), is another
    fragment of that quote.

    passages: the doc's top-level quoted passages (token runs, in order).
    sentence, paragraph: per token, sentence number (ends outside quotation marks) and paragraph id.
    has_cue (Callable[[int, int], bool]): whether a cue starts in the token range.
    """
    if not quotes or not passages:
        return quotes
    by_end = sorted(range(len(quotes)), key=lambda k: quotes[k].content[-1].end)
    covered: Set[int] = set()
    for q in quotes:
        covered |= _tokens(q)
        for span in (q.cue, q.speaker):
            if span is not None:
                covered.update(range(span.start, span.end))
    out = list(quotes)
    for ps, pe in passages:
        if any(i in covered for i in range(ps, pe)) or has_cue(ps, pe):
            continue
        # the quote whose content ends last before the passage
        prev = None
        for k in by_end:
            if out[k].content[-1].end <= ps:
                prev = k
        if prev is None:
            continue
        q = out[prev]
        last = q.content[-1]
        doc = last.doc
        if not last[-1].is_quote and not (len(last) > 1 and last[-2].is_quote):
            continue  # the quote does not end in a quotation
        own = _frame(q)
        between = [t for t in doc[last.end : ps] if t.i not in own]
        if any(not (t.is_space or t.is_punct) or t.i in covered for t in between):
            continue  # something else stands between: the frame of another quote, or narration
        if paragraph[last.end - 1] != paragraph[ps]:
            continue  # a new paragraph's quote is a new turn (a multi-paragraph quotation is fitted per quote)
        if not _whole_sentence(doc, ps, pe, sentence):
            continue  # a quoted phrase inside a sentence ("the mill “the Beast”") is no continuation
        
        runs = [(f.start, f.end) for f in q.content] + [(ps, pe)]
        out[prev] = _rebuild(q, runs)
        covered.update(range(ps, pe))
    return out


def _whole_sentence(doc: Doc, start: int, end: int, sentence) -> bool:
    """Whether tokens [start, end) are a sentence of their own: nothing but space and punctuation
    before them in their sentence, and their sentence ends with them (or right after them)."""
    i = start - 1
    while i >= 0 and sentence[i] == sentence[start] and (doc[i].is_space or doc[i].is_punct):
        i -= 1
    if i >= 0 and sentence[i] == sentence[start]:
        return False
    j = end
    while j < len(doc) and sentence[j] == sentence[end - 1] and (doc[j].is_space or doc[j].is_punct):
        j += 1
    return j >= len(doc) or sentence[j] != sentence[end - 1] or "\n" in doc[j - 1].text


def decode_document(
    doc: Doc,
    candidates: Sequence[items.Quote],
    layout,
    min_tokens: int = 2,
    continuations: bool = True,
) -> List[items.Quote]:
    """The consistent set of quotes for one document (see the module's docstring).

    doc (Doc): the doc. candidates (Sequence[Quote]): scored candidate quotes, any order.
    layout (TextLayout): the doc's layout (`component.TextLayout.of`), with its cues.
    min_tokens (int): fewest content tokens a quote keeps. continuations (bool): apply constraint 4.
    RETURNS (List[Quote]): the quotes, in text order, no two crossing.
    """
    cut = [cut_at_sentence_ends(q, layout.sentence, layout.passage_of) for q in candidates if q.content]
    cut = [q for q in cut if sum(len(f) for f in q.content) >= min_tokens]
    chosen = choose(cut, min_tokens)
    if continuations:
        chosen = attach_continuations(
            chosen, layout.passages, layout.sentence, layout.paragraph,
            lambda s, e: bool(layout.cues_in(s, e)),
        )
    return chosen
