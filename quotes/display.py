"""`quotes show`: one self-contained HTML page that shows who said what.

Each quote fragment is highlighted and underlined in its type's colour (direct, indirect, mixed);
quotes that overlap are underlined at different depths, an enclosing quote below the quotes it holds,
so that an over-long quote shows where it ends. Speakers and cues are marked, and all three are linked
by the quote's id: hovering or clicking any of them highlights the others and shows a box with the
quote's type, score, speaker (with the name it resolves to) and cue; `page.html#doc0-q3` opens with
that quote shown. A headline and a dateline (`LAYOUT`) are set apart from the body. A speaker summary
(`speakers.speakers_from_records`) follows each document; several documents get a table of
contents. CSS and JS are inline, nothing is fetched: the page opens offline in any browser.

`render` takes docs (with `Doc._.quotes`) or output records (`{"id", "text", "quotes"}`, the schema
of `quotes extract` plus the text). `DISPLACY_OPTIONS` colours displaCy's span view of the same
quotes: `displacy.render(doc, style="span", options=quotes.DISPLACY_OPTIONS)`.
"""
import html
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from spacy.tokens import Doc

from .items import QUOTES_KEY, doc_to_record, plural
from .speakers import speakers_from_records

# One colour per quote type, for the page and for displaCy's span view.
TYPE_COLOURS: Dict[str, str] = {"direct": "#5b9cf0", "indirect": "#5fb34a", "mixed": "#f0962e"}
DISPLACY_OPTIONS: Dict[str, Any] = {"spans_key": QUOTES_KEY, "colors": TYPE_COLOURS}
# How far below the text each depth of overlapping quotes is underlined (px).
LEVEL_PX = 6
# Layout of a news text. A headline: a first paragraph of one line, at most HEADLINE_CHARS long
# and not a sentence (no final full stop), with more text after it. A dateline: a place in capitals
# opening the next paragraph, as a line of its own ("WASHINGTON") or before a dash ("KORSHAVN — ",
# "PORTO SALVA, Oct 27 (Nordwire) - ").
HEADLINE_CHARS = 160
SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")
DATELINE = re.compile(r"[A-Z][A-Z.'’ ]*[A-Z](?:, [^\n—–]{1,30}?)?(?: \([^)\n]{1,30}\))?(?:[ \t]*$|[ \t]?[—–-][ \t])", re.M)
PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")

CSS = """
body{font:17px/1.6 Georgia,serif;color:#222;max-width:46em;margin:1.5em auto;padding:0 1em;background:#fdfdfb}
h1{font:600 1.35em system-ui,sans-serif;margin:.4em 0}h2{font:600 1.1em system-ui,sans-serif;margin-top:2.2em;border-bottom:1px solid #ddd}
nav ol{font:14px system-ui,sans-serif}
.legend{font:13px/2.2 system-ui,sans-serif;color:#555;margin:.3em 0 1.2em}.legend>span{margin-right:.9em;padding:0 .3em}
.text{white-space:pre-wrap;overflow-wrap:break-word}
.headline{display:block;font:700 1.55em/1.25 system-ui,sans-serif;margin:.2em 0 .1em}
.gap{display:block;height:.7em}
.dateline{font:600 .8em system-ui,sans-serif;letter-spacing:.08em;color:#555}
.q{cursor:pointer;border-bottom:3px solid var(--c);background:var(--bg);padding-bottom:calc(1px + var(--lv,0) * %(level)dpx)}
%(types)s
.sp{box-shadow:inset 0 -2px #7a3db8;font-weight:600;cursor:pointer}
.cue{text-decoration:underline dotted #c0392b 2px;text-underline-offset:2px;font-style:italic;cursor:pointer}
.on{outline:2px solid #222;outline-offset:1px}.q.on{background:var(--on)}
.tip{position:absolute;display:none;z-index:10;max-width:min(24em,calc(100vw - 2em));background:#fff;
 border:1px solid #aaa;border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,.2);padding:.4em .7em;
 font:14px/1.5 system-ui,sans-serif;color:#222}
.tip hr{border:0;border-top:1px solid #ddd;margin:.3em 0}.tip .t{font-weight:600;padding:0 .3em;border-radius:3px;background:var(--bg)}
.tip .k{color:#666}
.scroll{overflow-x:auto}
table{border-collapse:collapse;font:14px system-ui,sans-serif;margin:1em 0}
caption{text-align:left;font-weight:600;padding:.2em 0}
td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f0}td.n{text-align:right}td:first-child{white-space:nowrap}
.unresolved{color:#777;font-style:italic}
""" % {"level": LEVEL_PX, "types": "\n".join(
    f".{t}{{--c:{c};--bg:{c}2e;--on:{c}7a}}" for t, c in TYPE_COLOURS.items())}

JS = """
(function(){
var tip=document.createElement('div');tip.className='tip';tip.setAttribute('role','tooltip');
document.body.appendChild(tip);var pinned=null;
function add(box,cls,text){var e=document.createElement('div');if(cls)e.className=cls;e.textContent=text;box.appendChild(e);return e}
function info(id){var f=document.getElementById(id+'-0');if(!f)return null;var d=f.dataset,box=document.createElement('div');
 var head=add(box,'','');var t=document.createElement('span');t.className='t '+d.type;t.textContent=d.type;
 head.appendChild(t);head.appendChild(document.createTextNode(' quote '+d.n+(d.score?' · score '+d.score:'')));
 var who=d.speaker?d.speaker+(d.resolved&&d.resolved!==d.speaker?' → '+d.resolved:''):'none';
 add(box,'','speaker: '+who);add(box,'','cue: '+(d.cue||'none'));return box}
function clear(){document.querySelectorAll('.on').forEach(function(x){x.classList.remove('on')});tip.style.display='none'}
function show(t){clear();if(!t)return;var ids=t.getAttribute('data-q').split(' ');
 ids.forEach(function(id){document.querySelectorAll('[data-q~="'+id+'"]').forEach(function(x){x.classList.add('on')})});
 if(t.tagName==='TR')return;tip.innerHTML='';
 ids.forEach(function(id,i){var b=info(id);if(!b)return;if(tip.childNodes.length)tip.appendChild(document.createElement('hr'));tip.appendChild(b)});
 if(!tip.childNodes.length)return;tip.style.display='block';
 var rs=t.getClientRects(),r=rs[rs.length-1]||t.getBoundingClientRect(),w=tip.offsetWidth,vw=document.documentElement.clientWidth;
 tip.style.left=Math.max(8,Math.min(r.left,vw-w-8))+window.scrollX+'px';
 tip.style.top=r.bottom+window.scrollY+8+'px'}
document.addEventListener('mouseover',function(e){var t=e.target.closest('[data-q]');show(t||pinned)});
document.addEventListener('click',function(e){var t=e.target.closest('[data-q]');pinned=t;show(t);if(!t)return;
 var f=document.getElementById(t.getAttribute('data-q').split(' ')[0]+'-0');
 if(f&&!t.classList.contains('q'))f.scrollIntoView({block:'center'})});
function fromHash(){var h=location.hash.slice(1),f=h&&document.getElementById(h+'-0');
 if(f){pinned=f;f.scrollIntoView({block:'nearest'});show(f)}}
window.addEventListener('load',fromHash);window.addEventListener('hashchange',fromHash);
window.addEventListener('resize',function(){if(pinned)show(pinned)});
})();
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
            what = "error" if "error" in r else plural(len(r.get("quotes") or []), "quote")
            body.append(f'<li><a href="#doc{i}">{_e(str(r.get("id")))}</a> ({what})</li>')
        body.append("</ol></nav>")
    for i, r in enumerate(records):
        body.append(_render_record(r, f"doc{i}", heading=len(records) > 1))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + f"<script>{JS}</script></body></html>\n")


def _as_record(item: Union[Doc, Record], i: int) -> Record:
    if isinstance(item, Doc):
        return doc_to_record(item, doc_id=i, with_text=True)
    return item


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _legend() -> str:
    samples = "".join(f'<span class="q {t}">{t}</span>' for t in TYPE_COLOURS)
    return (f'<p class="legend">{samples}<span class="sp">speaker</span><span class="cue">cue</span> '
            "Overlapping quotes are underlined at different depths. Hover or click a quote, speaker or "
            "cue to see its parts, type, score and resolved speaker.</p>")


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
    levels = quote_levels(quotes)
    style = f' style="line-height:calc(1.65em + {max(levels, default=0) * LEVEL_PX}px)"' if any(levels) else ""
    out.append(f'<div class="text"{style}>{_markup(text, quotes, anchor, levels)}</div>')
    out.append(_summary_table(quotes, anchor))
    out.append("</section>")
    return "".join(out)


def _fragments(quote: Record) -> List[Tuple[int, int]]:
    content = quote["content"]
    return [tuple(f) for f in content.get("fragments") or [[content["start"], content["end"]]]]


def quote_levels(quotes: Sequence[Record]) -> List[int]:
    """The depth at which each quote is underlined: 0 for a quote that overlaps no other, and for
    overlapping ones the lowest depth that no overlapping quote holds, shorter quotes first, so that
    an enclosing quote is underlined below the quotes inside it.

    quotes (Sequence[Dict[str, Any]]): quote records. RETURNS (List[int]): one depth per quote.
    """
    frags = [_fragments(q) for q in quotes]
    levels: List[Optional[int]] = [None] * len(quotes)
    for i in sorted(range(len(quotes)), key=lambda i: (sum(e - s for s, e in frags[i]), frags[i][0])):
        taken = {levels[j] for j in range(len(quotes)) if levels[j] is not None
                 and any(s < e2 and s2 < e for s, e in frags[i] for s2, e2 in frags[j])}
        levels[i] = next(n for n in range(len(quotes) + 1) if n not in taken)
    return [n or 0 for n in levels]


def layout(text: str) -> List[Tuple[int, int, str]]:
    """The headline and dateline of a news text (see `HEADLINE_CHARS`, `DATELINE`).

    text (str): the text. RETURNS (List[Tuple[int, int, str]]): (start, end, "headline" or
        "dateline"), the headline's end taking in the blank lines after it.
    """
    paragraphs = [m.span() for m in PARAGRAPH.finditer(text)]
    if len(paragraphs) < 2:
        return []
    found = []
    (start, end), body = paragraphs[0], 0
    first = text[start:end]
    if "\n" not in first and len(first.strip()) <= HEADLINE_CHARS and not SENTENCE_END.search(first):
        found.append((start, end, "headline"))
        body = 1
    m = DATELINE.match(text, paragraphs[body][0], paragraphs[body][1])
    if m:
        found.append((m.start(), m.end(), "dateline"))
    return found


@dataclass
class _Mark:
    """An element of the page's text: its extent, its opening tag (with its id, the first time)."""

    start: int
    end: int
    first: str
    again: str
    rank: int  # at the same extent, the lower rank is the outer element


def _marks(text: str, quotes: List[Record], anchor: str, levels: Sequence[int]) -> List[_Mark]:
    marks = [_Mark(s, e, f'<span class="{kind}">', f'<span class="{kind}">', 0) for s, e, kind in layout(text)]
    roles: Dict[Tuple[int, int, str], List[str]] = {}
    for n, (q, level) in enumerate(zip(quotes, levels)):
        qid = f"{anchor}-q{n}"
        typ = q.get("type", "direct")
        again = f'<span class="q {typ}" data-q="{qid}" style="--lv:{level}">'
        for k, (s, e) in enumerate(_fragments(q)):
            info = _quote_info(q, n) if k == 0 else ""
            marks.append(_Mark(s, e, again.replace(" data-q=", f' id="{qid}-{k}"{info} data-q=', 1), again, 1))
        for role, kind in (("speaker", "sp"), ("cue", "cue")):
            v = q.get(role)
            if v:
                roles.setdefault((v["start"], v["end"], kind), []).append(qid)
    for (s, e, kind), qids in roles.items():
        tag = f'<span class="{kind}" data-q="{" ".join(qids)}">'
        marks.append(_Mark(s, e, tag, tag, 2))
    return marks


def _quote_info(q: Record, n: int) -> str:
    """The data attributes that the page's info box reads from a quote's first fragment."""
    speaker, cue = q.get("speaker") or {}, q.get("cue") or {}
    resolved = speaker.get("resolved") or {}
    values = {"type": q.get("type", "direct"), "n": str(n), "score": f"{q['score']:.2f}" if q.get("score") is not None else "",
              "speaker": speaker.get("text", ""), "resolved": resolved.get("text", ""), "cue": cue.get("text", "")}
    return "".join(f' data-{k}="{_e(v)}"' for k, v in values.items())


def _markup(text: str, quotes: List[Record], anchor: str, levels: Sequence[int]) -> str:
    """The text with its headline and dateline, quote fragments, speakers and cues wrapped in
    elements, the last three linked by their quotes' ids.

    Quotes can nest and a speaker can serve several quotes; every boundary becomes an open or close
    event, and elements are closed and reopened where they would otherwise overlap, so the HTML
    stays well nested while each fragment keeps one element with its id.
    """
    marks = _marks(text, quotes, anchor, levels)
    # Outer first: at the same start the longer span opens first.
    marks.sort(key=lambda m: (m.start, -(m.end - m.start), m.rank))
    bounds = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out: List[str] = []
    stack: List[_Mark] = []
    for pos, nxt in zip(bounds, bounds[1:] + [None]):
        if any(m.end == pos for m in stack):
            # Close what ends here; an element that crosses one of them is closed and reopened.
            reopen = []
            while any(m.end == pos for m in stack):
                m = stack.pop()
                out.append("</span>")
                if m.end != pos:
                    reopen.append(m)
            for m in reversed(reopen):
                out.append(m.again)
                stack.append(m)
        for m in marks:
            if m.start == pos and m.end > pos:
                out.append(m.first)
                stack.append(m)
        if nxt is not None:
            out.append(_text(text[pos:nxt], inside=bool(stack)))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def _text(text: str, inside: bool) -> str:
    """Escaped text; outside every element a paragraph break is a gap rather than a blank line, which
    would be as tall as a line of text with its underlines."""
    if inside:
        return _e(text)
    return '<span class="gap"></span>'.join(_e(part) for part in PARAGRAPH_BREAK.split(text))


def _summary_table(quotes: List[Record], anchor: str) -> str:
    speakers = speakers_from_records(quotes)
    no_speaker = sum(1 for q in quotes if not q.get("speaker"))
    rows = [f'<div class="scroll"><table class="speakers"><caption>Speakers ({plural(len(quotes), "quote")})</caption>'
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
    rows.append("</table></div>")
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
