"""PolNeAR (brat standoff) to corpus records.

One split folder holds `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann`; `../metadata.tsv` beside
it gives publisher, date and title. Each attribution relation (`E` line) becomes one quote:

- content: the fragments of every `Content` argument (`Content`, `Content2`, ...), sorted, with
  touching or overlapping fragments merged;
- speaker: the `Source` argument, or None for `Attribution-no-source` relations;
- cue: the `Cue` argument; where a relation has none, the relation's anchor (the `Attribution` span,
  which PolNeAR places on the cue);
- type: derived from quotation marks (`marks.quote_type_of`); score 1.0; `speaker.resolved` null.

A discontinuous Source or Cue (rare) is replaced by its envelope, and counted. Span edges are
trimmed of whitespace, so that a span never starts or ends on a space (which would snap to the
neighbouring token when aligned to a Doc).

What is dropped, and why: a relation with no Content argument (an annotation left unfinished:
PolNeAR train has 36 of them in the first annotator's files, dev 1) cannot be a quote. It is not
dropped silently: `ImportReport.dropped` lists each one with its file and line, and the importer logs
one warning naming them. `Discuss` and `Discard` spans are not quotes; a relation that uses a
`Discard` span as an argument is dropped the same way, while a `Discuss` span (a note for discussion)
used as an argument is kept, as the relation says. So quotes + dropped relations = `E` lines, always.
"""
import csv
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from .errors import QuotesError
from .markup import write_jsonl
from .items import quote_record

logger = logging.getLogger(__name__)

RELATIONS = ("Attribution", "Attribution-no-source")
ROLES = ("Content", "Cue", "Source")
IGNORED_LABELS = ("Discuss", "Discard")
# brat line kinds that carry nothing PolNeAR uses: notes, attributes, normalizations, plain
# relations, equivalences.
_IGNORED_IDS = re.compile(r"#\d*|[AMNR]\d+|\*")

Offsets = Tuple[int, int]


class PolnearError(QuotesError):
    """A brat file that cannot be read; the message names the file and line."""


@dataclass
class ImportReport:
    """What an import read, kept and dropped.

    documents (int): articles read.
    relations (int): `E` lines read (attribution relations).
    quotes (int): quotes made from them.
    dropped (List[str]): the relations not made into quotes, as "FILE:LINE: reason".
    counts (Counter): notable cases: "discontinuous_content", "discontinuous_source",
        "discontinuous_cue", "cue_from_anchor", "merged_fragments", "trimmed_spans",
        "discuss_argument", "no_annotation" (an article with no .ann, or none by the annotator asked
        for).
    """

    documents: int = 0
    relations: int = 0
    quotes: int = 0
    dropped: List[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def warn(self) -> None:
        """Log one warning listing the dropped relations, if any."""
        if self.dropped:
            shown = "\n  ".join(self.dropped[:50])
            more = f"\n  ... and {len(self.dropped) - 50} more" if len(self.dropped) > 50 else ""
            logger.warning(
                "PolNeAR: %d of %d relations are not quotes:\n  %s%s",
                len(self.dropped), self.relations, shown, more,
            )


@dataclass
class _TextSpan:
    label: str
    spans: List[Offsets]
    line: int


def _parse_ann(text: str, ann: str, path: str) -> Tuple[Dict[str, _TextSpan], List[Tuple[int, List[Tuple[str, str]]]]]:
    """Parse the T and E lines of a brat file. RETURNS: (T id -> span, [(line, [(role, T id)])])."""
    spans: Dict[str, _TextSpan] = {}
    relations: List[Tuple[int, List[Tuple[str, str]]]] = []
    # Split on "\n" only: str.splitlines would also break on characters such as U+2028 that can
    # occur inside a span's text.
    lines = ann.split("\n")
    i = 0
    while i < len(lines):
        line_no = i + 1
        line = lines[i].rstrip("\r")
        i += 1
        where = f"{path}:{line_no}"
        if not line.strip():
            continue
        fields = line.split("\t")
        ident = fields[0]
        if ident.startswith("T") and ident[1:].isdigit():
            if len(fields) < 2 or " " not in fields[1]:
                raise PolnearError(f"{where}: a T line needs 'ID<TAB>LABEL START END[;START END]': {line!r}")
            label, offsets = fields[1].split(" ", 1)
            try:
                frags = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            except ValueError:
                raise PolnearError(f"{where}: offsets {offsets!r} are not integers") from None
            for frag in frags:
                if len(frag) != 2 or not 0 <= frag[0] <= frag[1] <= len(text):
                    raise PolnearError(
                        f"{where}: offsets {offsets!r} are not 'START END' pairs within the text "
                        f"(length {len(text)})"
                    )
            if ident in spans:
                raise PolnearError(f"{where}: {ident} is defined twice (first at line {spans[ident].line})")
            spans[ident] = _TextSpan(label, [(f[0], f[1]) for f in frags], line_no)
            if len(fields) > 2:
                # brat writes a span's text as is, so a span over a line break continues on the
                # next lines of the file; discontinuous fragments are joined by a space.
                expected = " ".join(text[s:e] for s, e in frags)
                n_more = expected.count("\n")
                written = "\n".join([fields[2]] + [l.rstrip("\r") for l in lines[i : i + n_more]])
                if written != expected:
                    raise PolnearError(
                        f"{where}: the text of {ident}, {fields[2][:60]!r}, is not the text at "
                        f"{offsets} in the .txt ({expected[:60]!r}): wrong .txt for this .ann?"
                    )
                i += n_more
            continue
        if ident.startswith("E") and ident[1:].isdigit():
            args = fields[1].split() if len(fields) > 1 else []
            if not args or any(a.count(":") != 1 for a in args):
                raise PolnearError(f"{where}: an E line needs 'ID<TAB>TYPE:Tn ROLE:Tn ...': {line!r}")
            pairs = [tuple(a.split(":")) for a in args]
            if pairs[0][0] not in RELATIONS:
                raise PolnearError(f"{where}: relation type {pairs[0][0]!r} is not one of {RELATIONS}")
            for role, _ in pairs[1:]:
                if role.rstrip("0123456789") not in ROLES:
                    raise PolnearError(f"{where}: argument role {role!r} is not one of {ROLES}")
            relations.append((line_no, [(r, t) for r, t in pairs]))
            continue
        if _IGNORED_IDS.fullmatch(ident):
            continue
        raise PolnearError(f"{where}: not a brat annotation line: {line[:80]!r}")
    for line_no, args in relations:
        for role, ref in args:
            if ref not in spans:
                raise PolnearError(f"{path}:{line_no}: {role}:{ref} refers to no T line")
    return spans, relations


def _trim(text: str, start: int, end: int) -> Offsets:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _role_span(text: str, frags: List[Offsets]) -> Dict[str, Any]:
    start, end = min(s for s, _ in frags), max(e for _, e in frags)
    return {"start": start, "end": end, "text": text[start:end]}


def read_ann(
    text: str,
    ann: str,
    doc_id: Any = None,
    path: Optional[str] = None,
    report: Optional[ImportReport] = None,
) -> List[Dict[str, Any]]:
    """Read one brat file's attribution relations as quotes.

    text (str): the article (the .txt file's content, read with `newline=""`).
    ann (str): the .ann file's content.
    doc_id (Any): the document's id, for messages.
    path (Optional[str]): the .ann file's path, for messages (default: the doc id).
    report (Optional[ImportReport]): filled with what was read and dropped; where None, one warning
        is logged for the dropped relations of this file.
    RETURNS (List[Dict[str, Any]]): quotes in the schema of `quotes extract`, in text order.
    """
    path = path or str(doc_id or "<ann>")
    own_report = report is None
    report = ImportReport() if report is None else report
    spans, relations = _parse_ann(text, ann, path)
    counts = report.counts
    quotes = []
    for line_no, args in relations:
        report.relations += 1
        where = f"{path}:{line_no}"
        relation, anchor = args[0]
        by_role: Dict[str, List[Offsets]] = {}
        n_args: Counter = Counter()
        bad = None
        for role, ref in args[1:]:
            span = spans[ref]
            if span.label == "Discard":
                bad = f"its {role} {ref} is a Discard span"
            elif span.label == "Discuss":
                counts["discuss_argument"] += 1
            base = role.rstrip("0123456789")
            n_args[base] += 1
            by_role.setdefault(base, []).extend(span.spans)
        if bad is None and "Content" not in by_role:
            bad = "it has no Content"
        if bad is not None:
            report.dropped.append(f"{where}: {relation} relation dropped: {bad}")
            continue
        frags = []
        for s, e in sorted(by_role["Content"]):
            t = _trim(text, s, e)
            if t != (s, e):
                counts["trimmed_spans"] += 1
            if t[0] == t[1]:
                continue
            if frags and t[0] <= frags[-1][1]:
                counts["merged_fragments"] += 1
                frags[-1] = (frags[-1][0], max(frags[-1][1], t[1]))
            else:
                frags.append(t)
        if not frags:
            report.dropped.append(f"{where}: {relation} relation dropped: its Content is blank")
            continue
        if len(frags) > 1:
            counts["discontinuous_content"] += 1
        roles: Dict[str, Optional[Dict[str, Any]]] = {}
        for role in ("Source", "Cue"):
            if role not in by_role and role == "Cue":
                counts["cue_from_anchor"] += 1
                by_role["Cue"] = spans[anchor].spans
            if role not in by_role:
                roles[role] = None
                continue
            role_frags = [_trim(text, s, e) for s, e in by_role[role]]
            if role_frags != by_role[role]:
                counts["trimmed_spans"] += 1
            role_frags = [f for f in role_frags if f[0] < f[1]]
            if not role_frags:
                counts[f"blank_{role.lower()}"] += 1
                roles[role] = None
                continue
            if len(role_frags) > 1:
                counts[f"discontinuous_{role.lower()}"] += 1
            roles[role] = _role_span(text, role_frags)
        speaker = roles["Source"]
        if speaker is not None:
            speaker["resolved"] = None
        quotes.append(quote_record(text, frags, speaker, roles["Cue"]))
    report.quotes += len(quotes)
    if own_report:
        report.warn()
    quotes.sort(key=lambda q: (q["content"]["start"], q["content"]["end"]))
    return quotes


def _metadata(folder: Path) -> Dict[str, Dict[str, str]]:
    path = folder.parent / "metadata.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf8", newline="") as f:
        return {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}


def read_polnear(
    folder: Union[str, Path],
    annotator: Optional[str] = None,
    report: Optional[ImportReport] = None,
) -> Iterator[Dict[str, Any]]:
    """Read one PolNeAR split folder as corpus records, one per article, in file name order.

    folder (Union[str, Path]): the split folder, holding `text/` and `attributions/`.
    annotator (Optional[str]): whose annotations to read ("4b22"); articles that annotator did not
        annotate are skipped. Default: per article, the first .ann file by name.
    report (Optional[ImportReport]): filled with what was read and dropped. One warning for the
        dropped relations is logged when the iteration ends.
    YIELDS (Dict[str, Any]): `{"id": NAME, "text", "quotes", "meta": {"annotator", "split",
        "publisher", "date", "title"}}`.
    """
    folder = Path(folder)
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise PolnearError(f"{folder}: not a PolNeAR split folder (needs text/ and attributions/)")
    report = ImportReport() if report is None else report
    anns: Dict[str, List[Path]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        name = path.stem.rpartition("_")[0]
        if not name:
            raise PolnearError(f"{path}: the file name is not NAME_ANNOTATOR.ann")
        anns.setdefault(name, []).append(path)
    texts = {p.stem: p for p in sorted(text_dir.glob("*.txt"))}
    for name in anns:
        if name not in texts:
            raise PolnearError(f"{anns[name][0]}: there is no {text_dir / (name + '.txt')}")
    metadata = _metadata(folder)
    for name, text_path in texts.items():
        candidates = anns.get(name, [])
        if annotator is not None:
            candidates = [p for p in candidates if p.stem.rpartition("_")[2] == annotator]
        if not candidates:
            report.counts["no_annotation"] += 1
            continue
        ann_path = candidates[0]
        with text_path.open(encoding="utf8", newline="") as f:
            text = f.read()
        with ann_path.open(encoding="utf8", newline="") as f:
            ann = f.read()
        quotes = read_ann(text, ann, doc_id=name, path=str(ann_path), report=report)
        report.documents += 1
        meta = {"annotator": ann_path.stem.rpartition("_")[2], "split": folder.name}
        row = metadata.get(name)
        if row is not None:
            meta.update(
                publisher=row.get("publisher", ""),
                date=row.get("publication_date", ""),
                title=row.get("title", ""),
            )
        yield {"id": name, "text": text, "quotes": quotes, "meta": meta}
    report.warn()


def import_polnear(
    folder: Union[str, Path], out: Union[str, Path], annotator: Optional[str] = None
) -> ImportReport:
    """Convert a PolNeAR split folder into a JSONL file of records (`quotes corpus import-polnear`).

    folder (Union[str, Path]): the split folder.
    out (Union[str, Path]): the JSONL file to write.
    annotator (Optional[str]): whose annotations to read (default: the first .ann per article).
    RETURNS (ImportReport): what was read, written and dropped.
    """
    report = ImportReport()
    records = list(read_polnear(folder, annotator=annotator, report=report))
    write_jsonl(records, Path(out))
    return report
