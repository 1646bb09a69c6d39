"""`quotes show`: one self-contained HTML page that shows who said what.

Each quote fragment is highlighted (coloured by type: direct, indirect, mixed), its speaker and cue
are marked, and all three are linked by the quote's id: hovering or clicking any of them highlights
the others. A speaker summary (`speakers.speakers_from_records`) follows each document; several
documents get a table of contents. CSS and JS are inline, nothing is fetched: the page opens offline
in any browser.

`render` takes docs (with `Doc._.quotes`) or output records (`{"id", "text", "quotes"}`, the schema
of `quotes extract` plus the text).
"""
import html
from typing import Any, Dict, Iterable, Iterator, List, Sequence, Tuple, Union

from spacy.tokens import Doc

from .items import doc_to_record
from .speakers import speakers_from_records

CSS = """
body{font:16px/1.6 Georgia,serif;color:#222;max-width:60em;margin:2em auto;padding:0 1em;background:#fdfdfb}
h1{font:600 1.4em system-ui,sans-serif}h2{font:600 1.15em system-ui,sans-serif;margin-top:2em;border-bottom:1px solid #ddd}
nav ol{font:14px system-ui,sans-serif}.legend{font:13px system-ui,sans-serif;color:#555}
.legend span{margin-right:1em;padding:0 .3em}
.text{white-space:pre-wrap}
.q{border-radius:3px;padding:1px 0;cursor:pointer}
.q.direct{background:#d6e9ff}.q.indirect{background:#e4f5d4}.q.mixed{background:#fde8c8}
.sp{border-bottom:3px solid #7a3db8;font-weight:600;cursor:pointer}
.cue{border-bottom:3px dotted #c0392b;font-style:italic;cursor:pointer}
.on{outline:2px solid #222;outline-offset:1px}
.q.on.direct{background:#9cc8ff}.q.on.indirect{background:#bfe6a0}.q.on.mixed{background:#fbc98a}
sup.qid{font:10px system-ui,sans-serif;color:#777}
table{border-collapse:collapse;font:14px system-ui,sans-serif;margin:1em 0}
td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f0}td.n{text-align:right}
.unresolved{color:#777;font-style:italic}
"""

JS = """
document.addEventListener('mouseover',function(e){var t=e.target.closest('[data-q]');
 document.querySelectorAll('.on').forEach(function(x){x.classList.remove('on')});
 if(!t)return;t.getAttribute('data-q').split(' ').forEach(function(id){
 document.querySelectorAll('[data-q~="'+id+'"]').forEach(function(x){x.classList.add('on')})})});
document.addEventListener('click',function(e){var t=e.target.closest('[data-q]');if(!t)return;
 var id=t.getAttribute('data-q').split(' ')[0];var f=document.getElementById(id+'-0');
 if(f&&t.classList.contains('q')===false)f.scrollIntoView({block:'center'})});
"""

Record = Dict[str, Any]


def render(items: Union[Doc, Record, Sequence[Union[Doc, Record]]], title: str = "Who said what") -> str:
    """Render documents and their quotes as one HTML page.

    items (Union[Doc, Dict, Sequence]): a doc, a record, or several; records need `"text"`;
        records with an `"error"` are listed with the error.
    title (str): the page title.
    RETURNS (str): the HTML page.
    """
    if isinstance(items, (Doc, dict)):
        items = [items]
    records = [_as_record(x, i) for i, x in enumerate(items)]
    body: List[str] = [f"<h1>{_e(title)}</h1>", _legend()]
    if len(records) > 1:
        body.append("<nav><h2>Contents</h2><ol>")
        for i, r in enumerate(records):
            n = len(r.get("quotes") or [])
            body.append(f'<li><a href="#doc{i}">{_e(str(r.get("id")))}</a> ({n} quotes)</li>')
        body.append("</ol></nav>")
    for i, r in enumerate(records):
        body.append(_render_record(r, f"doc{i}", heading=len(records) > 1))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + f"<script>{JS}</script></body></html>\n")


def _as_record(item: Union[Doc, Record], i: int) -> Record:
    if isinstance(item, Doc):
        return doc_to_record(item, doc_id=i, with_text=True)
    return item


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _legend() -> str:
    return ('<p class="legend"><span class="q direct">direct</span><span class="q indirect">indirect'
            '</span><span class="q mixed">mixed</span><span class="sp">speaker</span>'
            '<span class="cue">cue</span> Hover or click a quote, speaker or cue to see its parts.</p>')


def _render_record(r: Record, anchor: str, heading: bool) -> str:
    out = [f'<section id="{anchor}">']
    if heading:
        out.append(f"<h2>{_e(str(r.get('id')))}</h2>")
    if "error" in r:
        out.append(f"<p><strong>error:</strong> {_e(str(r['error']))}</p></section>")
        return "".join(out)
    text = r.get("text")
    if text is None:
        out.append("<p><strong>error:</strong> the record has no text to show</p></section>")
        return "".join(out)
    quotes = r.get("quotes") or []
    out.append(f'<div class="text">{_markup(text, quotes, anchor)}</div>')
    out.append(_summary_table(quotes, anchor))
    out.append("</section>")
    return "".join(out)


def _markup(text: str, quotes: List[Record], anchor: str) -> str:
    """The text with quote fragments, speakers and cues wrapped in linked elements.

    Quotes can nest and a speaker can serve several quotes; every boundary becomes an open or close
    event, and elements are closed and reopened where they would otherwise overlap, so the HTML
    stays well nested while each fragment keeps one element with its id.
    """
    # (start, end, kind, qids, type, fragment index)
    marks: List[Tuple[int, int, str, List[str], str, int]] = []
    roles: Dict[Tuple[int, int, str], List[str]] = {}
    for n, q in enumerate(quotes):
        qid = f"{anchor}-q{n}"
        frags = q["content"].get("fragments") or [[q["content"]["start"], q["content"]["end"]]]
        for k, (s, e) in enumerate(frags):
            marks.append((s, e, "q", [qid], q.get("type", "direct"), k))
        for role, kind in (("speaker", "sp"), ("cue", "cue")):
            v = q.get(role)
            if v:
                roles.setdefault((v["start"], v["end"], kind), []).append(qid)
    for (s, e, kind), qids in roles.items():
        marks.append((s, e, kind, qids, "", 0))
    # Outer first: at the same start the longer span opens first.
    marks.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    bounds = sorted({0, len(text)} | {m[0] for m in marks} | {m[1] for m in marks})
    out: List[str] = []
    stack: List[Tuple[int, int, str, List[str], str, int]] = []

    def open_tag(m, first: bool) -> str:
        s, e, kind, qids, typ, k = m
        if kind == "q":
            ident = f' id="{qids[0]}-{k}"' if first else ""
            return (f'<span class="q {typ}"{ident} data-q="{qids[0]}" '
                    f'title="{typ} quote {qids[0].rsplit("-q", 1)[1]}">')
        return f'<span class="{kind}" data-q="{" ".join(qids)}">'

    for pos, nxt in zip(bounds, bounds[1:] + [None]):
        if any(m[1] == pos for m in stack):
            # Close what ends here; an element that crosses one of them is closed and reopened.
            reopen = []
            while any(m[1] == pos for m in stack):
                m = stack.pop()
                out.append("</span>")
                if m[1] != pos:
                    reopen.append(m)
            for m in reversed(reopen):
                out.append(open_tag(m, first=False))
                stack.append(m)
        for m in marks:
            if m[0] == pos and m[1] > pos:
                out.append(open_tag(m, first=True))
                stack.append(m)
        if nxt is not None:
            out.append(_e(text[pos:nxt]))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def _summary_table(quotes: List[Record], anchor: str) -> str:
    speakers = speakers_from_records(quotes)
    no_speaker = sum(1 for q in quotes if not q.get("speaker"))
    rows = [f'<table class="speakers"><caption>Speakers ({len(quotes)} quotes)</caption>'
            "<tr><th>speaker</th><th>quotes</th><th>direct</th><th>indirect</th><th>mixed</th>"
            "<th>named as</th></tr>"]
    for s in speakers:
        qids = " ".join(f"{anchor}-q{i}" for i in s["quotes"])
        name = _e(s["name"]) if s["resolved"] else f'<span class="unresolved">{_e(s["name"])}</span>'
        c = s["counts"]
        rows.append(f'<tr data-q="{qids}"><td>{name}</td><td class="n">{s["count"]}</td>'
                    f'<td class="n">{c["direct"]}</td><td class="n">{c["indirect"]}</td>'
                    f'<td class="n">{c["mixed"]}</td><td>{_e(", ".join(s["mentions"]))}</td></tr>')
    if no_speaker:
        rows.append(f'<tr><td class="unresolved">no speaker</td><td class="n">{no_speaker}</td>'
                    "<td></td><td></td><td></td><td></td></tr>")
    rows.append("</table>")
    return "".join(rows)


def page_records(nlp, records: Iterable[Any]) -> Iterator[Record]:
    """Run a pipeline over input records (`batch.InputRecord`): one output record per input, in
    order, with its text (for `render`), or with the `"error"` that says why it has none.

    nlp (Language): a pipeline with a quote component.
    records (Iterable[InputRecord]): the inputs.
    YIELDS (Dict[str, Any]): `{"id", "text", "quotes"}` or `{"id", "error"}`.
    """
    from .batch import extract_records

    records = list(records)
    for rec, out in zip(records, extract_records(nlp, iter(records))):
        if rec.text is not None and "error" not in out:
            out = {**out, "text": rec.text}
        yield out
