"""The corpus source format: plain text with inline tags, compiled to JSONL records.

A source document is a small header, a line of three dashes, and the article text with tags around
the annotated spans, so that nobody computes character offsets by hand:

    id: pol-001
    kind: politics
    resolve 2: Benjamin Netanyahu
    ---
    <q1>“We will not back down,”</q1> <s1>Smith</s1> <cue1>said</cue1>.
    <s2>He</s2> <cue2>added</cue2> that <q2>talks would resume</q2>.

Tags: `<qN>` content (repeat it for each fragment of a discontinuous quote), `<sN>` speaker,
`<cueN>` cue, where N numbers the quote within the document. One span can serve several quotes:
`<s1,2>He</s1,2>`. Tags nest (a quote inside another quote's content). Header lines:
`id:` (required), any `key: value` kept as metadata, `resolve N: NAME` (the name the speaker of
quote N refers to: its first occurrence in the text becomes `speaker.resolved`), and
`type N: direct|indirect|mixed` to override the type derived from quotation marks.
"""
import json
import re
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, List, Tuple

from .errors import QuotesError
from .items import quote_record
from .marks import quote_type_of

TAG = re.compile(r"<(/?)(q|s|cue)(\d+(?:,\d+)*)>")
ROLES = {"q": "content", "s": "speaker", "cue": "cue"}


class MarkupError(QuotesError):
    """A source document that cannot be compiled; the message names the file and line."""


def _where(path: str, source: str, offset: int) -> str:
    line = source.count("\n", 0, offset) + 1
    return f"{path}:{line}"


def parse_markup(source: str, path: str = "<string>") -> Dict[str, Any]:
    """Compile one source document into a record.

    source (str): the document, header and tagged text.
    path (str): where it came from, for error messages.
    RETURNS (Dict[str, Any]): `{"id", "text", "quotes", "meta"}` in the schema of `quotes extract`
        plus `text`.
    """
    if "\n---\n" not in source:
        raise MarkupError(f"{path}: no '---' line between the header and the text")
    header, body = source.split("\n---\n", 1)
    body_offset = len(header) + 5
    meta: Dict[str, str] = {}
    resolve: Dict[int, str] = {}
    types: Dict[int, str] = {}
    for i, line in enumerate(header.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"\s*(resolve|type)\s+(\d+)\s*:\s*(.+?)\s*$", line)
        if m:
            (resolve if m.group(1) == "resolve" else types)[int(m.group(2))] = m.group(3)
            continue
        if ":" not in line:
            raise MarkupError(f"{path}:{i}: header line is not 'key: value': {line!r}")
        key, value = line.split(":", 1)
        meta[key.strip()] = value.strip()
    if "id" not in meta:
        raise MarkupError(f"{path}:1: the header has no 'id:' line")
    body = body.rstrip("\n")
    text_parts: List[str] = []
    pos = 0
    out_len = 0
    stack: List[Tuple[str, str, int, int]] = []  # (tag, ids, start in text, offset in source)
    spans: Dict[int, Dict[str, List[Tuple[int, int]]]] = {}
    for m in TAG.finditer(body):
        text_parts.append(body[pos : m.start()])
        out_len += m.start() - pos
        pos = m.end()
        closing, role, ids = m.group(1), m.group(2), m.group(3)
        src_off = body_offset + m.start()
        if not closing:
            stack.append((role, ids, out_len, src_off))
            continue
        open_idx = next(
            (k for k in range(len(stack) - 1, -1, -1) if stack[k][:2] == (role, ids)), None
        )
        if open_idx is None:
            raise MarkupError(f"{_where(path, source, src_off)}: </{role}{ids}> closes no open tag")
        _, _, start, _ = stack.pop(open_idx)
        if start == out_len:
            raise MarkupError(f"{_where(path, source, src_off)}: <{role}{ids}> is empty")
        for n in ids.split(","):
            spans.setdefault(int(n), {}).setdefault(ROLES[role], []).append((start, out_len))
    if stack:
        role, ids, _, src_off = stack[-1]
        raise MarkupError(f"{_where(path, source, src_off)}: <{role}{ids}> is never closed")
    text_parts.append(body[pos:])
    text = "".join(text_parts)
    quotes = []
    for n in sorted(spans):
        roles = spans[n]
        where = f"{path}: quote {n}"
        if "content" not in roles:
            raise MarkupError(f"{where} has a speaker or cue but no <q{n}> content")
        for role in ("speaker", "cue"):
            if len(roles.get(role, [])) > 1:
                raise MarkupError(f"{where} has more than one <{role[0] if role == 'speaker' else 'cue'}{n}>")
        frags = sorted(roles["content"])
        qtype = types.get(n) or quote_type_of(text, frags)
        if qtype not in ("direct", "indirect", "mixed"):
            raise MarkupError(f"{where}: type {qtype!r} is not direct, indirect or mixed")
        speaker = _span(text, roles["speaker"][0]) if "speaker" in roles else None
        if n in resolve:
            if speaker is None:
                raise MarkupError(f"{where}: 'resolve {n}' but the quote has no speaker")
            name = resolve[n]
            at = text.find(name)
            if at < 0:
                raise MarkupError(f"{where}: 'resolve {n}: {name}' does not occur in the text")
            speaker["resolved"] = _span(text, (at, at + len(name)))
        elif speaker is not None:
            speaker["resolved"] = None
        cue = _span(text, roles["cue"][0]) if "cue" in roles else None
        quotes.append(quote_record(text, frags, speaker, cue, qtype))
    for n in list(resolve) + list(types):
        if n not in spans:
            raise MarkupError(f"{path}: the header names quote {n}, which the text does not tag")
    doc_id = meta.pop("id")
    return {"id": doc_id, "text": text, "quotes": quotes, "meta": meta}


def _span(text: str, span: Tuple[int, int]) -> Dict[str, Any]:
    return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def compile_folder(src: Path) -> Iterable[Dict[str, Any]]:
    """Compile every `*.txt` source under a folder, sorted by path.

    src (Path): the folder.
    YIELDS (Dict[str, Any]): one record per document.
    """
    seen: Dict[str, Path] = {}
    for path in sorted(Path(src).rglob("*.txt")):
        record = parse_markup(path.read_text(encoding="utf8"), str(path))
        if record["id"] in seen:
            raise MarkupError(f"{path}: id {record['id']!r} is used already by {seen[record['id']]}")
        seen[record["id"]] = path
        yield record


def write_jsonl(records: Iterable[Dict[str, Any]], out: Path) -> int:
    """Write records as JSONL. RETURNS (int): how many."""
    n = 0
    with Path(out).open("w", encoding="utf8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


if __name__ == "__main__":  # python -m quotes.markup FILE...: check source documents
    for p in sys.argv[1:]:
        rec = parse_markup(Path(p).read_text(encoding="utf8"), p)
        print(f"{p}: {len(rec['quotes'])} quotes")
