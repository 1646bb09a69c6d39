"""Quotation marks as news really prints them: find quoted passages in raw text.

The scanner works on characters, before and apart from any parse, so it can run on any text and its
output is a list of character spans. It knows curly and straight double quotes, single quotes (told
apart from apostrophes: "Trump's", "’90s", "rock ’n’ roll"), guillemets, low-9 marks, mismatched pairs
(“ ... "), nesting (“He said: ‘I heard “no”.’”), and the newspaper convention for a quote that runs over
several paragraphs: each new paragraph opens with a mark, and only the last one closes.
"""
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

DOUBLE_OPEN = "“„‟"
DOUBLE_CLOSE = "”"
SINGLE_OPEN = "‘‚‛"
SINGLE_CLOSE = "’"
GUILLEMET_OPEN = "«‹"
GUILLEMET_CLOSE = "»›"
STRAIGHT_DOUBLE = '"＂'
STRAIGHT_SINGLE = "'"
ALL_MARKS = (
    DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + GUILLEMET_OPEN + GUILLEMET_CLOSE
    + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
)
# Marks that can only be quotation marks (never apostrophes).
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + GUILLEMET_OPEN + GUILLEMET_CLOSE + STRAIGHT_DOUBLE
# Elisions written with a leading apostrophe: ’90s, ’n’, ’em, ’til, ’tis, ’cause.
_ELISIONS = ("n’", "n'", "em", "til", "tis", "twas", "cause", "bout", "round", "nuff", "ol")

DOUBLE, SINGLE, GUILLEMET = "double", "single", "guillemet"


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted passage found in the text.

    start (int): offset of the opening mark (or of the paragraph start for a continuation).
    end (int): offset just after the closing mark (or the paragraph end when left open).
    depth (int): 0 for a top-level quote, 1 for a quote inside it, and so on.
    closed (bool): whether a closing mark ends it (False: the paragraph ended first).
    continued (bool): whether the next paragraph opens a mark that continues this quote.
    """

    start: int
    end: int
    depth: int = 0
    closed: bool = True
    continued: bool = False

    @property
    def inner(self) -> Tuple[int, int]:
        """RETURNS (Tuple[int, int]): the span without its marks."""
        return (self.start + 1, self.end - 1 if self.closed else self.end)


def _is_word(c: str) -> bool:
    return c.isalnum()


def _kind_at(text: str, i: int) -> Optional[Tuple[str, str]]:
    """Classify the character at i. RETURNS: (family, role) with role in open|close|either, or None
    when it is not a quotation mark here (an apostrophe, say)."""
    c = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if c in DOUBLE_OPEN:
        return (DOUBLE, "open")
    if c in DOUBLE_CLOSE:
        # ” used as an opening mark after a space, as some typesetting does.
        if prev.isspace() and _is_word(nxt):
            return (DOUBLE, "either")
        return (DOUBLE, "close")
    if c in GUILLEMET_OPEN:
        return (GUILLEMET, "open")
    if c in GUILLEMET_CLOSE:
        return (GUILLEMET, "close")
    if c in STRAIGHT_DOUBLE:
        if prev.isspace() or prev in "([{—–-/" + ALL_MARKS or i == 0:
            return (DOUBLE, "open")
        if nxt.isspace() or nxt in ".,;:!?)]}—–-" + ALL_MARKS or i + 1 == len(text):
            return (DOUBLE, "close")
        return (DOUBLE, "either")
    if c in SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_SINGLE:
        if _is_word(prev) and _is_word(nxt):
            return None  # Trump’s, don’t
        if i >= 2 and text[i - 1] in "nN" and text[i - 2] in SINGLE_CLOSE + STRAIGHT_SINGLE + SINGLE_OPEN:
            return None  # the closing mark of rock ’n’ roll
        rest = text[i + 1 : i + 6].lower()
        if (not _is_word(prev)) and (rest[:2].isdigit() or rest.startswith(_ELISIONS)):
            if not (rest.startswith(("n’", "n'")) and rest[2:3].isalpha()):
                return None  # ’90s, ’n’, ’em
        if c in SINGLE_OPEN:
            return (SINGLE, "open")
        if c in SINGLE_CLOSE or c in STRAIGHT_SINGLE:
            if _is_word(prev) or prev in ".,;:!?" + ALL_MARKS:
                # closing mark, or the plural possessive apostrophe (Hamas’ slain chief): the
                # scanner decides by whether a single quote is open.
                return (SINGLE, "close")
            if prev.isspace() or i == 0 or prev in "([{—–-":
                return (SINGLE, "open")
            return (SINGLE, "close")
    return None


def scan(text: str) -> List[QuoteSpan]:
    """Find the quoted passages of a text.

    text (str): the raw text.
    RETURNS (List[QuoteSpan]): quoted passages, ordered by start, nested ones included (depth > 0).
        A quote never crosses a paragraph break (a blank line, or a newline followed by a new
        opening mark); one left open at a paragraph's end stops there, with `continued` set when the
        next paragraph opens a mark.
    """
    spans: List[QuoteSpan] = []
    # stack of (family, start offset, opened-by-straight-mark)
    stack: List[Tuple[str, int, bool]] = []
    n = len(text)
    i = 0

    def close_paragraph(end: int, next_start: int) -> None:
        # Quotes open at a paragraph's end stop there. A double quote continues when the next
        # paragraph opens a mark (the newspaper convention for multi-paragraph quotes).
        j = next_start
        while j < n and text[j] in " \t":
            j += 1
        opens_next = j < n and (_kind_at(text, j) or ("", ""))[1] in ("open", "either")
        while stack:
            family, start, _ = stack.pop()
            depth = len(stack)
            spans.append(
                QuoteSpan(start, end, depth, closed=False, continued=opens_next and depth == 0)
            )
            _ = family

    while i < n:
        c = text[i]
        if c == "\n":
            # A paragraph ends at a blank line, or at a newline when the text uses single newlines
            # between paragraphs: we treat every newline as a paragraph end, because a quotation
            # mark is never meant to run over a line break without re-opening.
            end = i
            while end > 0 and text[end - 1] in " \t\r":
                end -= 1
            j = i
            while j < n and text[j] in "\n\r \t":
                j += 1
            if stack:
                close_paragraph(end, j)
            i = j
            continue
        kind = _kind_at(text, i) if c in ALL_MARKS else None
        if kind is None:
            i += 1
            continue
        family, role = kind
        open_families = [f for f, _, _ in stack]
        if role == "either":
            role = "close" if family in open_families else "open"
        if role == "close" and family == SINGLE and SINGLE not in open_families:
            i += 1  # a possessive apostrophe, or a stray mark
            continue
        if c == "“" and stack and stack[-1][0] == DOUBLE and text[stack[-1][1]] in "„‚":
            role = "close"  # German style: „ ... “
        if role == "close" or (role == "open" and c in STRAIGHT_DOUBLE and family in open_families):
            if family in open_families or (family == DOUBLE and GUILLEMET in open_families):
                # Close the innermost quote of this family; any quote opened inside it and still
                # open was not a real quote: drop it.
                target = family if family in open_families else GUILLEMET
                while stack:
                    f, start, _ = stack.pop()
                    if f == target:
                        spans.append(QuoteSpan(start, i + 1, len(stack)))
                        break
            # a closing mark with nothing open: stray, ignore
            i += 1
            continue
        if family == DOUBLE and stack and stack[-1][0] == DOUBLE and c in DOUBLE_OPEN:
            # “ while a double quote is open: most often the closing mark was mistyped. Close the
            # open one only if it is straight-opened, else treat this as a nested quote.
            pass
        stack.append((family, i, c in STRAIGHT_DOUBLE))
        i += 1
    if stack:
        end = n
        while end > 0 and text[end - 1].isspace():
            end -= 1
        close_paragraph(end, n)
    spans.sort(key=lambda s: (s.start, -s.end))
    return [s for s in spans if s.end > s.start + 1]


def top_level(spans: Iterable[QuoteSpan]) -> List[QuoteSpan]:
    """RETURNS (List[QuoteSpan]): the spans not inside another one."""
    out: List[QuoteSpan] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and s.start >= out[-1].start and s.end <= out[-1].end:
            continue
        out.append(s)
    return out


def has_quote_mark(text: str) -> bool:
    """Whether a text holds a quotation mark (not an apostrophe).

    text (str): the text, usually a quote's content.
    RETURNS (bool): True where any character is a quotation mark in its context.
    """
    if any(c in DOUBLE_MARKS for c in text):
        return True
    # Single marks count only when they pair up: a lone ’ is an apostrophe (the players’ union).
    return bool(scan(text))


_EDGE_PUNCT = " \t\n.,;:!?—–-…"


def quote_type_of(text: str, fragments: Sequence[Sequence[int]]) -> str:
    """Derive a quote's type from its quotation marks.

    text (str): the document text.
    fragments (Sequence[Sequence[int]]): the content's character spans.
    RETURNS (str): "direct" when every fragment is one quoted passage from edge to edge (punctuation
        aside), "mixed" when the content holds a quotation mark otherwise, else "indirect".
    """
    direct = True
    marked = False
    for start, end in fragments:
        frag = text[start:end]
        if not has_quote_mark(frag):
            direct = False
            continue
        marked = True
        a, b = 0, len(frag)
        while a < b and frag[a] in _EDGE_PUNCT:
            a += 1
        while b > a and frag[b - 1] in _EDGE_PUNCT:
            b -= 1
        core = frag[a:b]
        tops = top_level(scan(core))
        if not (len(tops) == 1 and tops[0].start == 0 and tops[0].end >= len(core) - 1):
            direct = False
    if not marked:
        return "indirect"
    return "direct" if direct else "mixed"
