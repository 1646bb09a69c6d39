"""Batch extraction: many documents in, one JSON record out per document, in input order.

Every input record gives exactly one output record: a result `{"id", "quotes"}` or an error
`{"id", "error"}` that says what was wrong and where (file, line, record id). The job goes on.

- Bad input (malformed JSON, no text or a text that is not a string, invalid UTF-8, binary
  garbage) gives an error record in its place.
- A repeated id is not an error: both records are kept, in input order, and the summary says how
  many ids repeated and where the first repeat was (a warning, once).
- A text longer than the chunk size (`max_chars`, at most the pipeline's `max_length`) is
  processed in pieces cut at paragraph breaks where possible (else at line breaks, else after a
  sentence end outside any quotation marks, else at a space, else anywhere), and its quotes'
  offsets are mapped back to the whole text. Quotes never cross a line break (see `marks.scan`),
  so a cut at a line break never splits one; what a piece loses is context across the cut (a
  speaker named in the paragraph before, a name the resolver would have found earlier).
- Memory stays bounded: records are read, processed and written as a stream.
"""
import json
import logging
import re
import sys
import time
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Deque, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from .items import doc_to_record
from .marks import scan, top_level

logger = logging.getLogger("quotes")
ERROR_KEY = "quotes_error"
# Pieces of at most this many characters: the parser needs about 1 GB per 100,000 characters.
DEFAULT_CHUNK_CHARS = 100_000
INPUT_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".parquet")
INPUT_FORMATS = ("auto", "text", "jsonl", "parquet", "arrow")
# Ids are checked for repeats (as 64-bit hashes) over the first this many records only, so that
# memory stays bounded on endless streams.
MAX_CHECKED_IDS = 1_000_000
_SENTENCE_END = re.compile(r"[.!?…][”\"’')\]]*\s+")
_SPACE = re.compile(r"\s+")


@dataclass
class InputRecord:
    """One document to process, or the reason it cannot be.

    id (Any): the record's id.
    text (Optional[str]): the text, or None where `error` says why there is none.
    where (str): "file:line" for messages.
    error (Optional[str]): what was wrong.
    extra (Dict[str, Any]): other fields to keep alongside the quotes.
    """

    id: Any
    text: Optional[str]
    where: str
    error: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict)


def _decode(data: bytes, where: str) -> Tuple[Optional[str], Optional[str]]:
    try:
        return data.decode("utf8"), None
    except UnicodeDecodeError as e:
        return None, f"{where}: invalid UTF-8 at byte {e.start}: {e.reason}"


def read_jsonl(
    stream: IO[bytes], name: str, text_field: str = "text", id_field: str = "id",
    keep_fields: Sequence[str] = (), first_line: int = 1,
) -> Iterator[InputRecord]:
    """Read documents from JSONL, one per line. Blank lines are skipped; every other line gives one
    record, a bad one (not JSON, not an object, no string text) an error record.

    stream (IO[bytes]): the open file.
    name (str): its name, for messages.
    text_field (str): the field holding the text.
    id_field (str): the field holding the id; the line number where it is missing.
    keep_fields (Sequence[str]): fields to copy to the output record.
    first_line (int): the number of the stream's first line (a part of a file starts later).
    YIELDS (InputRecord): the records.
    """
    for lineno, raw in enumerate(stream, start=first_line):
        where = f"{name}:{lineno}"
        if not raw.strip():
            continue
        line, err = _decode(raw, where)
        if err:
            yield InputRecord(lineno, None, where, err)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputRecord(lineno, None, where, f"{where}: malformed JSON: {e.msg} at column {e.colno}")
            continue
        if not isinstance(obj, dict):
            yield InputRecord(lineno, None, where, f"{where}: expected a JSON object, got {type(obj).__name__}")
            continue
        yield _from_row(obj, lineno, where, text_field, id_field, keep_fields)


def _from_row(obj: Dict[str, Any], n: int, where: str, text_field: str, id_field: str,
              keep_fields: Sequence[str]) -> InputRecord:
    """One input record from a JSON object or a table row (id: the line or row number where none)."""
    doc_id = obj.get(id_field)
    doc_id = n if doc_id is None else doc_id
    extra = {k: obj[k] for k in keep_fields if k in obj}
    text = obj.get(text_field)
    if text is None:
        return InputRecord(doc_id, None, where, f"{where}: record {doc_id!r} has no {text_field!r} field", extra)
    if not isinstance(text, str):
        return InputRecord(doc_id, None, where,
                           f"{where}: record {doc_id!r}: {text_field!r} is a {type(text).__name__}, not a string", extra)
    return InputRecord(doc_id, text, where, None, extra)


def is_arrow_dataset(path: Path) -> bool:
    """Whether a folder was written by `datasets`' `save_to_disk` (a Dataset or a DatasetDict)."""
    return path.is_dir() and any((path / f).exists() for f in ("state.json", "dataset_dict.json"))


def read_table(path: Path, kind: str, text_field: str = "text", id_field: str = "id",
               keep_fields: Sequence[str] = ()) -> Iterator[InputRecord]:
    """Read documents from a Parquet file (streamed through `datasets`, a row group at a time) or an
    Arrow folder from `Dataset.save_to_disk` (memory-mapped: rows are read as they are iterated;
    a DatasetDict gives its splits one after another).

    path (Path): the file or folder.
    kind (str): "parquet" or "arrow".
    YIELDS (InputRecord): one per row; rows are numbered from 1 for messages and missing ids.
    """
    import datasets

    if kind == "parquet":
        parts = [("", datasets.load_dataset("parquet", data_files=str(path), split="train",
                                            streaming=True))]
    else:
        ds = datasets.load_from_disk(str(path))
        parts = list(ds.items()) if isinstance(ds, datasets.DatasetDict) else [("", ds)]
    for split, ds in parts:
        name = f"{path}[{split}]" if split else str(path)
        for n, row in enumerate(ds, start=1):
            yield _from_row(row, n, f"{name}:row {n}", text_field, id_field, keep_fields)


def _table_rows(path: Path, kind: str) -> int:
    if kind == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    import datasets

    ds = datasets.load_from_disk(str(path))
    return sum(len(d) for d in ds.values()) if isinstance(ds, datasets.DatasetDict) else len(ds)


def read_inputs(
    paths: Sequence[str], fmt: str = "auto", text_field: str = "text", id_field: str = "id",
    keep_fields: Sequence[str] = (), stdin: Optional[IO[bytes]] = None,
) -> Iterator[InputRecord]:
    """Read documents from files: `.jsonl`/`.ndjson` as JSONL, `.parquet` as Parquet, a folder
    written by `Dataset.save_to_disk` as Arrow, anything else as one text document (id = file
    stem), `-` for standard input (JSONL when its first character is `{`, else text).

    paths (Sequence[str]): files, folders (their `*.txt`, `*.jsonl` and `*.parquet`, sorted) or "-".
    fmt (str): "auto", "text", "jsonl", "parquet" or "arrow".
    keep_fields (Sequence[str]): JSONL fields or table columns to copy to the output records.
    YIELDS (InputRecord): the records in input order.
    """
    for p in paths:
        if p == "-":
            stream = stdin or sys.stdin.buffer
            data = stream.read()
            kind = fmt
            if kind == "auto":
                kind = "jsonl" if data.lstrip()[:1] == b"{" else "text"
            if kind == "jsonl":
                import io

                yield from read_jsonl(io.BytesIO(data), "<stdin>", text_field, id_field, keep_fields)
            else:
                text, err = _decode(data, "<stdin>")
                yield InputRecord("stdin", text, "<stdin>", err)
            continue
        path = Path(p)
        if fmt == "arrow" or (fmt == "auto" and is_arrow_dataset(path)):
            yield from read_table(path, "arrow", text_field, id_field, keep_fields)
            continue
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.suffix in INPUT_SUFFIXES)
            yield from read_inputs([str(f) for f in files], fmt, text_field, id_field, keep_fields)
            continue
        if not path.exists():
            yield InputRecord(path.stem, None, str(path), f"{path}: no such file")
            continue
        kind = fmt
        if kind == "auto":
            kind = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}.get(path.suffix, "text")
        if kind == "parquet":
            yield from read_table(path, "parquet", text_field, id_field, keep_fields)
        elif kind == "jsonl":
            with path.open("rb") as f:
                yield from read_jsonl(f, str(path), text_field, id_field, keep_fields)
        else:
            text, err = _decode(path.read_bytes(), str(path))
            yield InputRecord(path.stem, text, str(path), err)


def count_inputs(paths: Sequence[str]) -> Optional[int]:
    """How many records the inputs hold, for the progress bar (None when unknown: stdin)."""
    total = 0
    for p in paths:
        if p == "-":
            return None
        path = Path(p)
        if is_arrow_dataset(path):
            total += _table_rows(path, "arrow")
        elif path.is_dir():
            files = [f for f in path.rglob("*") if f.suffix in INPUT_SUFFIXES]
            sub = count_inputs([str(f) for f in files])
            if sub is None:
                return None
            total += sub
        elif path.suffix == ".parquet" and path.exists():
            total += _table_rows(path, "parquet")
        elif path.suffix in (".jsonl", ".ndjson") and path.exists():
            with path.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        else:
            total += 1
    return total


@dataclass
class Summary:
    """What a job did: documents (results and errors), quotes, errors, words, seconds, and ids
    seen more than once."""

    documents: int = 0
    quotes: int = 0
    errors: int = 0
    words: int = 0
    seconds: float = 0.0
    repeated_ids: int = 0
    first_repeat: Optional[str] = None
    resumed: int = 0
    resumed_errors: int = 0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        text = (
            f"{self.documents} documents, {self.quotes} quotes, {self.errors} errors, "
            f"{self.words} words in {self.seconds:.1f}s ({self.words_per_second:,.0f} words/s)"
        )
        if self.repeated_ids:
            text += (f"; warning: {self.repeated_ids} records repeat an earlier id (first: "
                     f"{self.first_repeat}); all records were kept")
        if self.resumed:
            text += (f"; resumed after the {self.resumed} records already in the output "
                     f"({self.resumed_errors} errors among them)")
        return text


def resume_output(path: Path) -> Tuple[int, int]:
    """Make an interrupted job's output ready to append to: cut a trailing partial line (a job
    killed mid-write leaves one), then count the complete records, which stand for the first input
    records (inputs are read in a fixed order, so the job goes on after them).

    path (Path): the output JSONL; a missing file counts as empty.
    RETURNS (Tuple[int, int]): the complete records and how many of them are errors.
    """
    if not path.exists():
        return 0, 0
    records = errors = 0
    with path.open("r+b") as f:
        size = f.seek(0, 2)
        # Find the last newline from the end, a block at a time.
        end = size
        while end > 0:
            start = max(0, end - (1 << 16))
            f.seek(start)
            k = f.read(end - start).rfind(b"\n")
            if k >= 0:
                end = start + k + 1
                break
            end = start
        if end < size:
            f.truncate(end)
        f.seek(0)
        for line in f:
            records += 1
            if b'"error"' in line and "error" in json.loads(line):
                errors += 1
    return records, errors


def _record_error(proc_name: str, proc: Any, docs: List[Doc], e: Exception) -> None:
    """Pipeline error handler: mark the doc as failed instead of stopping the job."""
    for doc in docs:
        doc.user_data[ERROR_KEY] = f"{proc_name}: {type(e).__name__}: {e}"


def split_text(text: str, size: int) -> List[Tuple[int, int]]:
    """Cut a text into pieces of at most `size` characters, at the best boundary each time: the
    last paragraph break in reach, else the last line break, else the last sentence end outside
    quotation marks, else the last space outside them, else the last sentence end or space, else
    exactly at `size` characters.

    text (str): the text.
    size (int): the longest piece, in characters.
    RETURNS (List[Tuple[int, int]]): `(start, end)` offsets of consecutive pieces covering the text.
    """
    if size < 1:
        raise ValueError(f"Pieces must hold at least one character, not {size}")
    pieces: List[Tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        end = _cut(text, start, start + size)
        pieces.append((start, end))
        start = end
    pieces.append((start, n))
    return pieces


def _cut(text: str, lo: int, hi: int) -> int:
    window = text[lo:hi]
    for sep in ("\n\n", "\n"):
        k = window.rfind(sep)
        if k > 0:
            return lo + k + len(sep)
    # One huge paragraph: cut where no quoted passage is open.
    spans = top_level(scan(window))
    starts = [q.start for q in spans]
    reach: List[int] = []  # reach[i]: the furthest end of spans[0..i]
    for q in spans:
        reach.append(max(q.end, reach[-1]) if reach else q.end)

    def outside(p: int) -> bool:
        i = bisect_right(starts, p - 1) - 1
        return i < 0 or reach[i] <= p

    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    spaces = [m.end() for m in _SPACE.finditer(window)]
    for candidates, check in ((sentence_ends, True), (spaces, True), (sentence_ends, False),
                              (spaces, False)):
        for p in reversed(candidates):
            if 0 < p < len(window) and (not check or outside(p)):
                return lo + p
    return hi


def _shift(quote: Dict[str, Any], offset: int) -> Dict[str, Any]:
    """Move a quote record's character offsets by `offset` (a piece's start in the whole text)."""
    content = quote["content"]
    content["start"] += offset
    content["end"] += offset
    content["fragments"] = [[s + offset, e + offset] for s, e in content["fragments"]]
    spans = [quote.get("speaker"), quote.get("cue")]
    if quote.get("speaker"):
        spans.append(quote["speaker"].get("resolved"))
    for span in spans:
        if span:
            span["start"] += offset
            span["end"] += offset
    return quote


@dataclass
class _Job:
    """A record in flight: its pieces go through the pipeline, its output waits for all of them."""

    index: int
    rec: InputRecord
    pieces: int
    done: int = 0
    words: int = 0
    quotes: List[Dict[str, Any]] = field(default_factory=list)
    error: Optional[str] = None


def extract_records(
    nlp: Language, records: Iterable[InputRecord], batch_size: int = 32, n_process: int = 1,
    summary: Optional[Summary] = None, max_chars: int = DEFAULT_CHUNK_CHARS,
    speaker_summary: bool = False,
) -> Iterator[Dict[str, Any]]:
    """Run a pipeline over input records, yielding one output record per input, in order.

    nlp (Language): a pipeline with a quote component.
    records (Iterable[InputRecord]): the inputs (read lazily: only the records in flight are held).
    batch_size (int): documents (pieces) per batch.
    n_process (int): processes for `nlp.pipe`.
    summary (Optional[Summary]): updated as records go out.
    max_chars (int): texts longer than this (or than `nlp.max_length`) are processed in pieces of
        at most this many characters, cut by `split_text`; offsets refer to the whole text.
    speaker_summary (bool): add `"speakers"`, the per-speaker summary (`speakers.speakers_from_records`).
    YIELDS (Dict[str, Any]): `{"id", "quotes"}` or `{"id", "error"}`, plus kept fields.
    """
    summary = summary if summary is not None else Summary()
    size = max(1, min(max_chars, nlp.max_length))
    pending: Deque[_Job] = deque()
    seen_ids: Set[int] = set()
    checked = 0
    for _, pipe in nlp.pipeline:
        # Cython pipes (the parser) cannot take a handler in spaCy 3.8; ours and Python pipes can.
        try:
            pipe.set_error_handler(_record_error)
        except AttributeError:
            pass
    start = time.perf_counter()

    def texts() -> Iterator[Tuple[str, Tuple[int, int]]]:
        for i, rec in enumerate(records):
            if rec.error is None and rec.text is not None:
                spans = split_text(rec.text, size) if len(rec.text) > size else [(0, len(rec.text))]
            else:
                spans = []
            pending.append(_Job(i, rec, len(spans)))
            if len(spans) == 1:
                yield rec.text, (i, 0)
            else:
                for s, e in spans:
                    yield rec.text[s:e], (i, s)

    def emit(job: _Job) -> Dict[str, Any]:
        nonlocal checked
        rec = job.rec
        error = rec.error or job.error
        out: Dict[str, Any] = {"id": rec.id}
        if error is not None:
            out["error"] = error
        else:
            out["quotes"] = job.quotes
            if speaker_summary:  # issue 6: who speaks, most quoted first
                from .speakers import speakers_from_records

                out["speakers"] = speakers_from_records(job.quotes)
        out.update(rec.extra)
        summary.documents += 1
        summary.words += job.words
        summary.seconds = time.perf_counter() - start
        if "error" in out:
            summary.errors += 1
            logger.warning(out["error"])
        else:
            summary.quotes += len(out["quotes"])
        if checked < MAX_CHECKED_IDS:
            checked += 1
            key = hash(repr(rec.id))
            if key in seen_ids:
                summary.repeated_ids += 1
                if summary.first_repeat is None:
                    summary.first_repeat = f"{rec.id!r} at {rec.where}"
                    logger.warning(f"{rec.where}: id {rec.id!r} was seen before; both records are kept")
            else:
                seen_ids.add(key)
        return out

    for doc, (i, offset) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size,
                                     n_process=n_process):
        while pending[0].index < i:
            yield emit(pending.popleft())
        job = pending[0]
        job.done += 1
        job.words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        if ERROR_KEY in doc.user_data:
            where = f" (piece at character {offset:,})" if job.pieces > 1 else ""
            job.error = job.error or (f"{job.rec.where}: record {job.rec.id!r}{where}: "
                                      f"{doc.user_data[ERROR_KEY]}")
        elif job.error is None:
            quotes = doc_to_record(doc)["quotes"]
            if offset:
                quotes = [_shift(q, offset) for q in quotes]
            job.quotes.extend(quotes)
        if job.done == job.pieces:
            yield emit(pending.popleft())
    while pending:
        yield emit(pending.popleft())
    summary.seconds = time.perf_counter() - start


def extract(
    texts: Iterable[Any], nlp: Optional[Language] = None, batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Dict[str, Any]]:
    """Extract quotes from texts, for batch use in Python.

    texts (Iterable[Any]): strings (ids are their positions) or `(id, text)` pairs.
    nlp (Optional[Language]): the pipeline; None for the default (`quotes.load()`).
    batch_size (int): documents per batch.
    n_process (int): processes.
    YIELDS (Dict[str, Any]): one plain dict per text, `{"id", "quotes": [...]}` or `{"id", "error"}`.
    """
    if nlp is None:
        from .pipeline import load

        nlp = load()

    def records() -> Iterator[InputRecord]:
        for i, item in enumerate(texts):
            doc_id, text = item if isinstance(item, tuple) else (i, item)
            if isinstance(text, str):
                yield InputRecord(doc_id, text, f"text {i}")
            else:
                yield InputRecord(doc_id, None, f"text {i}",
                                  f"text {i}: expected a string, got {type(text).__name__}")

    yield from extract_records(nlp, records(), batch_size=batch_size, n_process=n_process)
