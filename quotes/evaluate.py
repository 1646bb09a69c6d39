"""Evaluation: run a pipeline over gold records, score it, and report its errors.

Plain functions that return data; `quotes evaluate` in `quotes/cli.py` only prints what they return.
The data flow: `load_gold` (JSONL records, a `.spacy` DocBin or a PolNeAR folder) -> `evaluate` (runs
`nlp.pipe`, matches each document with `scorer.match_records`, scores with `scorer.score_matches`) ->
`format_table` / `write_errors_report`. `agreement` measures human agreement with the same scorer.
"""
import itertools
import json
import re
import sys
import time
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from .items import doc_to_record, plural, register_extensions
from .lexicon import SPEECH_VERBS
from .scorer import (
    PREFIX,
    QUOTE_TYPES,
    SPEAKER_KINDS,
    DocumentMatch,
    ScoredQuote,
    greedy_pairs,
    match_records,
    score_matches,
)

Record = Dict[str, Any]
PathLike = Union[str, Path]


GOLD_KINDS = "project JSONL (.jsonl, a file or a folder of them), a .spacy file or a PolNeAR split folder"


def load_gold(path: PathLike, nlp: Optional[Language] = None) -> Iterator[Record]:
    """Read gold records from a JSONL file (or a folder of them), a `.spacy` DocBin or a PolNeAR
    split folder. The path is checked at once, the records are read as they are iterated.

    path (Union[str, Path]): a `.jsonl` file of records (`{"id", "text", "quotes"}`, one per line)
        or a folder of such files, a `.spacy` file of docs whose quotes are set (the id is
        `doc.user_data["id"]` where set, else "FILE#N"), or a PolNeAR split folder holding `text/`
        and `attributions/`.
    nlp (Optional[Language]): gives the vocab to read a `.spacy` file with (default: a new one).
    RETURNS (Iterator[Dict[str, Any]]): records in the schema of `quotes extract`, with the text. A
        path that is none of these raises a `CorpusError` saying what is accepted.
    """
    from .corpus import CorpusError, iter_records

    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder; gold data is {GOLD_KINDS}")
    if path.suffix == ".spacy":
        return _docbin_records(path, nlp.vocab if nlp is not None else Vocab())
    if path.is_file() and path.suffix not in (".jsonl", ".json"):
        raise CorpusError(f"{path}: gold data must be {GOLD_KINDS}, not a {path.suffix or 'suffix-less'} file")
    # JSONL files, folders of them and PolNeAR split folders: the corpus reader's own dispatch
    return (record for _, record in iter_records(path))


def _docbin_records(path: Path, vocab: Vocab) -> Iterator[Record]:
    register_extensions()
    for i, doc in enumerate(DocBin().from_disk(path).get_docs(vocab)):
        yield doc_to_record(doc, doc.user_data.get("id", f"{path.name}#{i}"), with_text=True)


def evaluate(
    nlp: Language,
    gold_records: Iterable[Record],
    errors_path: Optional[PathLike] = None,
    output: Optional[PathLike] = None,
    n_process: int = 1,
    batch_size: int = 32,
    progress: bool = True,
) -> Dict[str, Any]:
    """Run a pipeline over the gold texts and score its quotes against the gold ones.

    nlp (Language): the pipeline, with a component that sets quotes.
    gold_records (Iterable[Dict[str, Any]]): gold records (see `load_gold`).
    errors_path (Optional[Union[str, Path]]): where to write the errors report (Markdown), if given.
    output (Optional[Union[str, Path]]): where to write the figures as JSON, if given.
    n_process (int): processes for `nlp.pipe`.
    batch_size (int): batch size for `nlp.pipe`.
    progress (bool): show a progress bar on stderr.
    RETURNS (Dict[str, Any]): the `quotes_*` figures of `scorer.score_matches`, plus `speed`
        (tokens per second through the pipeline).
    """
    from tqdm import tqdm

    records = list(gold_records)
    texts = (r["text"] for r in records)
    docs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
    matches: List[DocumentMatch] = []
    n_tokens = 0
    start = time.perf_counter()
    bar = tqdm(docs, total=len(records), desc="Evaluating", unit="doc", file=sys.stderr,
               disable=not progress)
    kinds: Dict[str, List[int]] = {k: [0, 0, 0, 0] for k in CUE_KINDS}  # right_p, n_p, right_g, n_g
    categories: Dict[str, int] = {}
    for gold, doc in zip(records, bar):
        n_tokens += len(doc)
        match = match_records(gold, doc_to_record(doc, gold.get("id"), with_text=True))
        matches.append(match)
        _count_cue_kinds(doc, match, kinds)
        _count_error_categories(doc, match, categories)
    seconds = time.perf_counter() - start
    scores = score_matches(matches)
    for kind, (rp, n_p, rg, n_g) in kinds.items():
        scores[f"{PREFIX}_cue_p_{kind}"] = rp / n_p if n_p else None
        scores[f"{PREFIX}_cue_r_{kind}"] = rg / n_g if n_g else None
        scores[f"{PREFIX}_counts"][f"cue_{kind}"] = {"right_pred": rp, "n_pred": n_p, "right_gold": rg, "n_gold": n_g}
    scores[f"{PREFIX}_error_categories"] = dict(sorted(categories.items(), key=lambda kv: -kv[1]))
    scores["speed"] = n_tokens / seconds if seconds > 0 else None
    if output is not None:
        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf8")
    if errors_path is not None:
        write_errors_report(errors_path, matches)
    return scores


# Kinds of cue, by the part of speech of the cue's head word (`cue_kind`).
CUE_KINDS = ("speech verb", "other verb", "noun", "preposition or phrase", "punctuation")


def cue_kind(doc: Doc, start: int, end: int) -> str:
    """The kind of the cue covering characters [start, end) of a parsed doc: "speech verb" (a
    verb of the speech lexicon: said, told), "other verb" (believes, backed), "noun" (concerns
    about, calls for), "preposition or phrase" (according to, as ... put it) or "punctuation" (a
    colon or dash introducing a quote)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "preposition or phrase"
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not words:
        return "punctuation"
    verbs = [t for t in words if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")]
    if any(t.lemma_.lower() in SPEECH_VERBS or t.lower_ in SPEECH_VERBS for t in verbs):
        return "speech verb"
    if verbs:
        return "other verb"
    head = span.root if span.root in words else words[0]
    if head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return "noun"
    return "preposition or phrase"


def _count_cue_kinds(doc: Doc, match: DocumentMatch, kinds: Dict[str, List[int]]) -> None:
    """Add one document's cues to the per-kind counts: a gold quote's cue is found when a predicted
    quote has the same cue (by letters and digits), and a predicted one is right when a gold quote has."""
    if not doc.has_annotation("POS"):
        return
    gold_cues = {q.cue for q in match.gold if q.cue}
    pred_cues = {q.cue for q in match.pred if q.cue}
    for quotes_, other, right, total in ((match.gold, pred_cues, 2, 3), (match.pred, gold_cues, 0, 1)):
        seen = set()
        for q in quotes_:
            if not q.cue or q.cue in seen:
                continue
            seen.add(q.cue)
            kind = _cue_kind_of(doc, q)
            if kind not in kinds:
                continue
            k = kinds[kind]
            k[total] += 1
            k[right] += q.cue in other


def _cue_kind_of(doc: Doc, quote: ScoredQuote) -> str:
    cue = quote.record.get("cue") or {}
    if cue.get("start") is None:
        return "no cue"
    if not doc.has_annotation("POS"):
        return "cue"
    return cue_kind(doc, cue["start"], cue["end"])


def _count_error_categories(doc: Doc, match: DocumentMatch, counts: Dict[str, int]) -> None:
    """Add one document's errors to the counts by category: a gold quote missed (by the kind of
    its cue), found with the wrong speaker, cue or both, or right with a content that is not exact;
    a false alarm (by the kind of its cue)."""
    def add(key: str) -> None:
        counts[key] = counts.get(key, 0) + 1

    for g in match.missed:
        add(f"missed, cue {_cue_kind_of(doc, match.gold[g])}")
    for pair in match.pairs:
        if not pair.speaker_ok and not pair.cue_ok:
            add("found, speaker and cue wrong")
        elif not pair.speaker_ok:
            add("found, speaker wrong")
        elif not pair.cue_ok:
            add("found, cue wrong")
        elif match.gold[pair.gold].content != match.pred[pair.pred].content:
            add("right, content edges not exact")
    for p in match.false_alarms:
        add(f"false alarm, cue {_cue_kind_of(doc, match.pred[p])}")


# Rows of the table: (label, key stem).
_ROWS: List[Tuple[str, str]] = [
    ("Attribution", "attribution"),
    ("Attribution, quoted", "attribution_quoted"),
    ("Content, exact", "content"),
    ("Content, overlap", "content_overlap"),
    ("Cue", "cue"),
    ("Speaker", "speaker"),
]
_SLICES: List[Tuple[str, Sequence[str]]] = [
    ("Attribution by quote type", QUOTE_TYPES),
    ("Attribution by speaker kind", SPEAKER_KINDS),
]


def _pct(value: Optional[float]) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def format_table(scores: Dict[str, Any]) -> str:
    """Format the figures as a readable table: P, R and F in percent, and the counts behind them.

    scores (Dict[str, Any]): the figures from `evaluate` or `scorer.score_records`.
    RETURNS (str): the table; "-" marks a figure with nothing to score.
    """
    counts = scores.get(f"{PREFIX}_counts", {})
    lines: List[Tuple[str, ...]] = []

    def row(label: str, stem: str, p: str, r: str, f: str) -> None:
        c = counts.get(stem, {})
        right_p = f"{c.get('right_pred', 0)}/{c.get('n_pred', 0)}" if c else ""
        right_r = f"{c.get('right_gold', 0)}/{c.get('n_gold', 0)}" if c else ""
        lines.append((label, _pct(scores.get(p)), _pct(scores.get(r)), _pct(scores.get(f)), right_p, right_r))

    for label, stem in _ROWS:
        row(label, stem, f"{PREFIX}_{stem}_p", f"{PREFIX}_{stem}_r", f"{PREFIX}_{stem}_f")
    for title, kinds in _SLICES:
        lines.append(("",) * 6)
        lines.append((title,) + ("",) * 5)
        for kind in kinds:
            row(f"  {kind}", f"attribution_{kind}", *(f"{PREFIX}_attribution_{m}_{kind}" for m in "prf"))
    if any(f"cue_{k}" in counts for k in CUE_KINDS):
        lines.append(("",) * 6)
        lines.append(("Cue by kind (exact)",) + ("",) * 5)
        for kind in CUE_KINDS:
            row(f"  {kind}", f"cue_{kind}", f"{PREFIX}_cue_p_{kind}", f"{PREFIX}_cue_r_{kind}", "")
    header = ("", "P", "R", "F", "right/pred", "found/gold")
    widths = [max(len(x[i]) for x in [header] + lines) for i in range(6)]

    def fmt(cells: Tuple[str, ...]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first] + [c.rjust(w) for c, w in zip(cells[1:], widths[1:])]).rstrip()

    out = [fmt(header), "-" * len(fmt(header))]
    out += [fmt(cells) if any(cells) else "" for cells in lines]
    categories = scores.get(f"{PREFIX}_error_categories")
    if categories:
        out += ["", "Errors by category (gold quotes missed or found wrong; false alarms)"]
        width = max(len(k) for k in categories)
        out += [f"  {k.ljust(width)}  {v:5d}" for k, v in categories.items()]
    acc = scores.get(f"{PREFIX}_resolved_acc")
    n = scores.get(f"{PREFIX}_resolved_n", 0)
    out += ["", f"Resolved speaker accuracy: {_pct(acc)} (over {n} right attributions with a gold name)"]
    docs = scores.get(f"{PREFIX}_docs_n")
    if docs is not None:
        out.append(f"Documents: {docs}")
    if scores.get("speed"):
        out.append(f"Speed: {scores['speed']:.0f} tokens/s")
    return "\n".join(out)


# Errors report -------------------------------------------------------------------------------

CONTENT_MARKS = ("⟦", "⟧")
SPEAKER_MARKS = ("⟨", "⟩")
CUE_MARKS = ("⟪", "⟫")
_PARAGRAPHS = re.compile(r"\s*\n\s*")
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_<|#"})


def _md(text: str) -> str:
    text = text.translate(_MD_SPECIAL).replace("\r", "")
    return " ¶ ".join(part.strip(" ") for part in _PARAGRAPHS.split(text)) if "\n" in text else text


def _spans(quote: ScoredQuote) -> List[Tuple[int, int, Tuple[str, str]]]:
    q = quote.record
    frags = q["content"].get("fragments") or [[q["content"]["start"], q["content"]["end"]]]
    out = [(int(s), int(e), CONTENT_MARKS) for s, e in frags]
    for role, marks in (("speaker", SPEAKER_MARKS), ("cue", CUE_MARKS)):
        value = q.get(role)
        if value:
            out.append((int(value["start"]), int(value["end"]), marks))
    return out


def context(text: str, quote: ScoredQuote, window: int = 160) -> str:
    """The passage around a quote with its content, speaker and cue marked (Markdown-escaped).

    text (str): the document text.
    quote (ScoredQuote): the quote.
    window (int): characters of context on each side, extended to a word boundary.
    RETURNS (str): one line: "… before ⟦content⟧ ⟨speaker⟩ ⟪cue⟫ after …".
    """
    spans = _spans(quote)
    start = max(0, min(s for s, _, _ in spans) - window)
    end = min(len(text), max(e for _, e, _ in spans) + window)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    # At one position, closing marks go before opening ones; outer spans open first, close last.
    events = []
    for s, e, (open_mark, close_mark) in spans:
        events.append((s, 1, -(e - s), open_mark))
        events.append((e, 0, e - s, close_mark))
    events.sort()
    parts, pos = [], start
    for at, _, _, mark in events:
        parts.append(_md(text[pos:at]))
        parts.append(mark)
        pos = at
    parts.append(_md(text[pos:end]))
    line = "".join(parts).strip()
    return ("… " if start > 0 else "") + line + (" …" if end < len(text) else "")


def _cell(text: Optional[str], limit: int = 200) -> str:
    if text is None:
        return "—"
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit // 2 - 1] + " … " + text[-(limit // 2 - 1) :]
    return _md(text)


def _role_cell(text: str, quote: Optional[ScoredQuote], role: str) -> str:
    if quote is None:
        return ""
    if role == "content":
        frags = quote.record["content"].get("fragments") or [
            [quote.record["content"]["start"], quote.record["content"]["end"]]
        ]
        return _cell(" … ".join(text[int(s) : int(e)] for s, e in frags))
    value = quote.record.get(role)
    if not value:
        return "(none)"
    cell = _cell(text[int(value["start"]) : int(value["end"])])
    resolved = value.get("resolved") if role == "speaker" else None
    if resolved:
        cell += f" → {_cell(text[int(resolved['start']) : int(resolved['end'])])}"
    return cell


def _table(text: str, gold: Optional[ScoredQuote], pred: Optional[ScoredQuote],
           verdicts: Dict[str, str]) -> List[str]:
    lines = ["| | gold | predicted |", "|---|---|---|"]
    for role in ("content", "speaker", "cue"):
        label = f"{role} {verdicts.get(role, '')}".rstrip()
        lines.append(f"| {label} | {_role_cell(text, gold, role) or '—'} | {_role_cell(text, pred, role) or '—'} |")
    return lines


def _describe(quote: ScoredQuote) -> str:
    return f"{quote.type}, speaker: {quote.speaker_kind}"


def _entries(match: DocumentMatch) -> List[Tuple[int, List[str]]]:
    """The errors of one document as (text position, Markdown lines), one entry per error."""
    text = match.text
    entries: List[Tuple[int, List[str]]] = []
    for pair in match.partial:
        gold, pred = match.gold[pair.gold], match.pred[pair.pred]
        wrong = [r for r, ok in (("speaker", pair.speaker_ok), ("cue", pair.cue_ok)) if not ok]
        title = f"### Partial: wrong {' and '.join(wrong)} ({_describe(gold)}; content Dice {pair.dice:.2f})"
        verdicts = {"content": "✓" if pair.dice == 1.0 else "≈",
                    "speaker": "✓" if pair.speaker_ok else "✗", "cue": "✓" if pair.cue_ok else "✗"}
        lines = [title, "", "> " + context(text, gold), ""] + _table(text, gold, pred, verdicts)
        entries.append((min(gold.content), lines))
    # A miss and a false alarm whose contents overlap, too little to pair: one boundary error.
    near = greedy_pairs([match.gold[i].content for i in match.missed],
                        [match.pred[i].content for i in match.false_alarms], min_dice=1e-9)
    near_gold = {match.missed[g]: (match.false_alarms[p], d) for g, p, d in near}
    near_pred = {match.false_alarms[p] for _, p, _ in near}
    for i in match.missed:
        gold = match.gold[i]
        if i in near_gold:
            j, d = near_gold[i]
            pred = match.pred[j]
            title = (f"### Missed, content boundaries differ ({_describe(gold)}; Dice {d:.2f} < 0.5: "
                     "a miss and a false alarm)")
            lines = [title, "", "> gold: " + context(text, gold), ">", "> predicted: " + context(text, pred), ""]
            lines += _table(text, gold, pred, {"content": "✗"})
        else:
            lines = [f"### Missed ({_describe(gold)})", "", "> " + context(text, gold), ""]
            lines += _table(text, gold, None, {})
        entries.append((min(gold.content), lines))
    for j in match.false_alarms:
        if j in near_pred:
            continue
        pred = match.pred[j]
        lines = [f"### False alarm ({_describe(pred)})", "", "> " + context(text, pred), ""]
        lines += _table(text, None, pred, {})
        entries.append((min(pred.content), lines))
    entries.sort(key=lambda e: e[0])
    return entries


def write_errors_report(path: PathLike, details: Iterable[DocumentMatch], max_docs: Optional[int] = None) -> Path:
    """Write a Markdown report of the misses, false alarms and partial errors, per document.

    Each error shows the passage around the quote with its parts marked (content ⟦…⟧, speaker ⟨…⟩,
    cue ⟪…⟫: the gold parts for misses and partial errors, the predicted ones for false alarms),
    then gold against predicted, role by role.

    path (Union[str, Path]): the file to write.
    details (Iterable[DocumentMatch]): per-document matches from `scorer.match_records`.
    max_docs (Optional[int]): report at most this many documents with errors (all by default).
    RETURNS (Path): the path written.
    """
    matches = list(details)
    n_gold = sum(len(m.gold) for m in matches)
    n_pred = sum(len(m.pred) for m in matches)
    n_right = sum(len(m.right) for m in matches)
    n_partial = sum(len(m.partial) for m in matches)
    n_missed = sum(len(m.missed) for m in matches)
    n_false = sum(len(m.false_alarms) for m in matches)
    with_errors = [m for m in matches if m.n_errors]
    lines = [
        "# Quote errors",
        "",
        f"{len(matches)} documents, {len(with_errors)} with errors. {n_gold} gold quotes, {n_pred} "
        f"predicted: {n_right} right, {n_partial} partial (content found, speaker or cue wrong), "
        f"{n_missed} missed, {plural(n_false, 'false alarm')}.",
        "",
        f"Marks in the passages: content {'…'.join(CONTENT_MARKS)}, speaker {'…'.join(SPEAKER_MARKS)}, "
        f"cue {'…'.join(CUE_MARKS)}; the gold parts for misses and partial errors, the predicted "
        "parts for false alarms; ¶ is a line break. Spans are compared by their letters and digits, "
        "so punctuation and quotation marks never make an error; contents pair when their Dice "
        "overlap is at least 0.5 (≈: paired, boundaries differ).",
        "",
    ]
    shown = with_errors if max_docs is None else with_errors[:max_docs]
    for m in shown:
        summary = ", ".join(
            plural(n, label) if label == "false alarm" else f"{n} {label}" for n, label in (
                (len(m.missed), "missed"), (len(m.false_alarms), "false alarm"),
                (len(m.partial), "partial"), (len(m.right), "right"),
            ) if n
        )
        lines += [f"## `{m.id}`", "", summary + ".", ""]
        for _, entry in _entries(m):
            lines += entry + [""]
    if len(shown) < len(with_errors):
        lines.append(f"({len(with_errors) - len(shown)} more documents with errors not shown.)")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf8")
    return out


# Human agreement ------------------------------------------------------------------------------


def agreement(folder: PathLike) -> Dict[str, Any]:
    """Human agreement on a PolNeAR folder where several annotators annotated the same articles.

    Every ordered pair of annotators is scored with the project's scorer, one as gold and the other
    as predicted, over the articles both annotated; the figures are averaged over the pairs (so P
    and R come out equal: each pair's P is the reverse pair's R).

    folder (Union[str, Path]): a split folder with `text/NAME.txt` and
        `attributions/NAME_ANNOTATOR.ann` (PolNeAR's annotator-training).
    RETURNS (Dict[str, Any]): the mean of each numeric `quotes_*` figure over the pairs (pairs where
        a figure is None are left out of its mean), plus `annotators` (their ids), `articles` (how
        many), `pairs` (how many ordered pairs) and `per_pair` (`{"A->B": attribution F}`).
    """
    from .polnear import ImportReport, read_polnear  # imported here: only this function needs it

    folder = Path(folder)
    ann_dir = folder / "attributions"
    if not ann_dir.is_dir():
        raise ValueError(f"{folder}: not a PolNeAR split folder (needs text/ and attributions/)")
    annotators = sorted({p.stem.rpartition("_")[2] for p in ann_dir.glob("*.ann")})
    if len(annotators) < 2:
        raise ValueError(f"{ann_dir}: agreement needs at least two annotators, found {annotators}")
    report = ImportReport()
    by_annotator = {
        a: {r["id"]: r for r in read_polnear(folder, annotator=a, report=report)} for a in annotators
    }
    sums: Dict[str, float] = {}
    ns: Dict[str, int] = {}
    per_pair: Dict[str, Optional[float]] = {}
    articles = set()
    for a, b in itertools.permutations(annotators, 2):
        common = sorted(set(by_annotator[a]) & set(by_annotator[b]))
        articles.update(common)
        scores = score_matches(match_records(by_annotator[a][d], by_annotator[b][d]) for d in common)
        per_pair[f"{a}->{b}"] = scores[f"{PREFIX}_attribution_f"]
        for key, value in scores.items():
            if isinstance(value, (int, float)) and not key.endswith("_n"):
                sums[key] = sums.get(key, 0.0) + value
                ns[key] = ns.get(key, 0) + 1
    result: Dict[str, Any] = {key: sums[key] / ns[key] for key in sums}
    result.update(
        annotators=annotators,
        articles=len(articles),
        pairs=len(per_pair),
        per_pair=per_pair,
    )
    return result
