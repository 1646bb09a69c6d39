"""Batch extraction: many documents in, one JSON record out per document, in input order.

Every input record gives exactly one output record: a result `{"id", "quotes"}` or an error
`{"id", "error"}` that says what was wrong and where (file, line, record id). The job goes on.

- Bad input (malformed JSON, no text or a text that is not a string, invalid UTF-8, binary
  garbage) gives an error record in its place.
- A repeated id is not an error: both records are kept, in input order, and the summary says how
  many ids repeated and where the first repeat was (a warning, once).
- A text longer than the chunk size (`max_chars`, at most the pipeline's `max_length`) is
  processed in pieces (`plan_pieces`) cut at paragraph breaks where possible (else at line
  breaks, else after a sentence end outside any quotation marks, else at a space, else anywhere).
  Each piece reaches up to `OVERLAP_CHARS` into the text before and after the part it keeps, so
  a quote that crosses a cut (where no cut outside quotation marks was in reach) or whose speaker
  is named just before it is seen whole by the piece that keeps it; a quote is kept by the piece
  its content starts in, once. Offsets are mapped back to the whole text.
- Memory stays bounded whatever the input: records are read, processed and written as a stream,
  and a batch holds at most `batch_size` pieces and at most `max_chars` characters, so a text of
  any length (20 MB on one line) costs what one piece of `max_chars` does.
- A document's output depends on its own text only, never on the documents batched beside it
  (nor on the batch size, the number of processes, or a worker's restart).
- With `n_process` > 1, worker processes take chunks of records (about a batch each, a few per
  worker in flight), run the pipeline and send back finished output records (with
  `extract_lines`, JSON lines), so the parent only reads and writes. The output is the same as
  with one process. A record that fails inside a worker gets its error record; a worker that dies
  (killed, out of memory, a crash in native code) is replaced and the records it held are done
  again one at a time, so that the one that kills a worker again gets an error record.
"""
import json
import logging
import os
import re
import sys
import time
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import (
    IO, Any, Deque, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple,
)

from spacy.language import Language
from spacy.tokens import Doc

from .items import doc_to_record
from .marks import scan, top_level

logger = logging.getLogger("quotes")
ERROR_KEY = "quotes_error"
# Pieces of at most this many characters: the parser needs about 1 GB per 100,000 characters.
DEFAULT_CHUNK_CHARS = 100_000
# How far a piece of a long text reaches into the text before and after the part whose quotes it
# keeps: more than a long quote with its speaker and cue (a few hundred characters in news).
OVERLAP_CHARS = 2_000
# Runs of more than this many characters with no whitespace are cut into pieces of this many: the
# tokenizer's time grows with the square of such a run of punctuation (2,000 characters of
# ",.;!?" take 0.7 s, 500 take 0.05 s: docs/bench.md).
MAX_RUN_CHARS = 500
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


class InputError(ValueError):
    """Inputs that hold nothing to read (a folder with no input files, a pattern that matches no
    file): the message is one line saying which."""


def expand_inputs(paths: Sequence[str]) -> List[str]:
    """The inputs as `read_inputs` takes them, checked before any work: a pattern the shell left
    as it is (`'news/*.jsonl'`, or one that matched nothing) gives the files it matches, sorted; a
    folder must hold input files (or be an Arrow folder). A missing file is left in: it becomes an
    error record in its place, and the job goes on.

    paths (Sequence[str]): files, folders, patterns or "-".
    RETURNS (List[str]): the inputs, patterns expanded.
    RAISES (InputError): for a pattern that matches no file or a folder with no input file in it.
    """
    import glob

    out: List[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and not path.exists() and glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                raise InputError(f"{p}: no file matches this pattern")
            out.extend(matches)
            continue
        if p != "-" and path.is_dir() and not is_arrow_dataset(path):
            if not any(f.suffix in INPUT_SUFFIXES and f.is_file() for f in path.rglob("*")):
                raise InputError(f"{p}: the folder holds no input files "
                                 f"({', '.join('*' + s for s in INPUT_SUFFIXES)}, or an Arrow folder)")
        out.append(p)
    return out


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
    exactly at `size` characters. A run of more than `MAX_RUN_CHARS` characters with no whitespace
    is cut every `MAX_RUN_CHARS` characters besides: spaCy's tokenizer takes time in the square of
    such a run's length when it is punctuation (",.;!?" * 20,000 would take hours).

    text (str): the text.
    size (int): the longest piece, in characters.
    RETURNS (List[Tuple[int, int]]): `(start, end)` offsets of consecutive pieces covering the text.
    """
    return _split(text, size, _long_runs(text))


def _long_runs(text: str) -> List[Tuple[int, int]]:
    """The runs of more than `MAX_RUN_CHARS` characters with no whitespace, in order."""
    return [m.span() for m in re.finditer(r"\S{%d,}" % (MAX_RUN_CHARS + 1), text)]


def _in_run(runs: List[Tuple[int, int]], start: int, end: int) -> bool:
    """Whether `text[start:end]` holds a character of one of `runs`."""
    i = bisect_right(runs, (end, end)) - 1
    return i >= 0 and runs[i][1] > start and runs[i][0] < end


def _split(text: str, size: int, runs: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    if size < 1:
        raise ValueError(f"Pieces must hold at least one character, not {size}")
    pieces: List[Tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        end = _boundary(text, start, start + size, True, _CUTS)
        pieces.append((start, end if end is not None else start + size))
        start = pieces[-1][1]
    pieces.append((start, n))
    if not runs:
        return pieces
    cuts = [a + k for a, b in runs for k in range(MAX_RUN_CHARS, b - a, MAX_RUN_CHARS)]
    out: List[Tuple[int, int]] = []
    i = 0
    for s, e in pieces:
        while i < len(cuts) and cuts[i] <= s:
            i += 1
        while i < len(cuts) and cuts[i] < e:
            out.append((s, cuts[i]))
            s = cuts[i]
            i += 1
        out.append((s, e))
    return out


class Piece(NamedTuple):
    """A piece of a long text as the pipeline sees it: `text[start:end]`, of which it keeps the
    quotes that start in `text[keep_start:keep_end]` (the pieces' keep ranges cover the text one
    after another; `start`/`end` reach past them into the pieces before and after)."""

    start: int
    end: int
    keep_start: int
    keep_end: int


def overlap_for(size: int) -> int:
    """How far a piece of at most `size` characters reaches into its neighbours: `OVERLAP_CHARS`,
    or a tenth of the piece where that is less."""
    return min(OVERLAP_CHARS, size // 10)


def plan_pieces(text: str, size: int, overlap: Optional[int] = None) -> List[Piece]:
    """Plan the pieces of a text that go through the pipeline one at a time, each at most `size`
    characters long. The keep ranges are `split_text`'s pieces (cut at paragraph breaks, else line
    breaks, else sentence ends or spaces outside quotation marks) of `size - 2 * overlap`
    characters. Each piece reaches up to `overlap` characters into the text before and after its
    keep range, to a whole paragraph, line or sentence there: a quote that crosses a cut inside
    a quotation, or whose speaker is named in the sentence or paragraph before, is then seen whole
    by the piece that keeps it. Past a cut at a line break (which no quotation crosses) a piece
    reaches only to a line break or a sentence end outside quotation marks; past other cuts, to a
    sentence end anywhere; never into part of a sentence (whose parse would mislead).

    text (str): the text.
    size (int): the longest piece, in characters.
    overlap (Optional[int]): the most a piece reaches past its keep range on each side; None for
        `overlap_for(size)`.
    RETURNS (List[Piece]): the pieces, in text order; one `Piece(0, len(text), 0, len(text))`
        for a text of at most `size` characters.
    """
    if size < 1:
        raise ValueError(f"Pieces must hold at least one character, not {size}")
    n = len(text)
    if n <= size:
        return [Piece(0, n, 0, n)]
    overlap = overlap_for(size) if overlap is None else max(0, min(overlap, (size - 1) // 2))
    runs = _long_runs(text)
    pieces = []
    for ks, ke in _split(text, size - 2 * overlap, runs):
        start = end = None
        if ks > 0 and overlap:
            kinds = _REACH_PAST_BREAK if text[ks - 1] == "\n" else _REACH
            start = _boundary(text, max(0, ks - overlap), ks, False, kinds)
        if ke < n and overlap:
            kinds = _REACH_PAST_BREAK if text[ke - 1] == "\n" else _REACH
            end = _boundary(text, ke, min(n, ke + overlap), True, kinds)
        # a piece never reaches into a long run without whitespace (what `_split` cuts up)
        start = ks if start is None or _in_run(runs, start, ks) else start
        end = ke if end is None or _in_run(runs, ke, end) else end
        pieces.append(Piece(start, end, ks, ke))
    return pieces


# Kinds of boundary, best first, as (kind, outside quotation marks only): where `split_text` cuts,
# and where a piece may reach to past a cut elsewhere and past a cut at a line break.
_CUTS = (("paragraph", False), ("line", False), ("sentence", True), ("space", True),
         ("sentence", False), ("space", False))
_REACH = (("paragraph", False), ("line", False), ("sentence", True), ("sentence", False))
_REACH_PAST_BREAK = (("paragraph", False), ("line", False), ("sentence", True))
_BREAK = re.compile(r"\n(?:[ \t\r]*\n)*")


def _boundary(text: str, lo: int, hi: int, last: bool, kinds: Sequence[Tuple[str, bool]]) -> Optional[int]:
    """The best place to cut `text[lo:hi]` among `kinds`: of the best kind present, the last
    place (`last`; in `(lo, hi]`) or the first (in `[lo, hi)`); None where there is none. Breaks
    are cut after their last newline, sentence ends and spaces after their whitespace."""
    window = text[lo:hi]
    found: Dict[str, List[int]] = {"paragraph": [], "line": []}
    for m in _BREAK.finditer(window):
        found["line"].append(m.end())
        if m.group().count("\n") > 1:
            found["paragraph"].append(m.end())
    found["sentence"] = [m.end() for m in _SENTENCE_END.finditer(window)]
    found["space"] = [m.end() for m in _SPACE.finditer(window)] if any(k == "space" for k, _ in kinds) else []
    starts: List[int] = []
    reach: List[int] = []  # reach[i]: the furthest end of the quoted passages 0..i
    if any(outside for _, outside in kinds):
        for q in top_level(scan(window)):
            starts.append(q.start)
            reach.append(max(q.end, reach[-1]) if reach else q.end)

    def fits(p: int, outside: bool) -> bool:
        if not (0 < p <= len(window) if last else 0 < p < len(window)):
            return False
        i = bisect_right(starts, p - 1) - 1
        return not outside or i < 0 or reach[i] <= p

    for kind, outside in kinds:
        for p in (reversed(found[kind]) if last else found[kind]):
            if fits(p, outside):
                return lo + p
    return None


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
    """A record in a chunk: its pieces go through the pipeline, its output waits for all of them."""

    index: int
    rec: InputRecord
    pieces: int = 0
    done: int = 0
    words: int = 0
    # the quotes of each piece done, as the UTF-8 JSON of their list without its brackets: a
    # fifth of the memory of the dicts, which a 20 MB text (70,000 quotes) would feel
    parts: List[bytes] = field(default_factory=list)
    error: Optional[str] = None
    reach: int = 0  # the furthest content end of the quotes kept from the pieces done

    def quotes(self) -> List[Dict[str, Any]]:
        """RETURNS (List[Dict[str, Any]]): the quote records of the pieces done, in order."""
        return json.loads(b"[" + b", ".join(self.parts) + b"]") if self.parts else []

    def reset(self) -> None:
        self.done = self.words = self.reach = 0
        self.parts = []
        self.error = None


@dataclass(frozen=True)
class _Settings:
    """What a chunk's processing needs besides the pipeline (sent once to each worker)."""

    size: int  # the longest piece, in characters
    batch_size: int
    speaker_summary: bool
    as_json: bool  # output records as JSON texts (else dicts)


# One output record as a chunk returns it: the record (a JSON text or a dict), its number of quotes,
# its words, and its error (None for a result). Summaries and messages are the parent's job.
_Output = Tuple[Any, int, int, Any]


def _prepare(nlp: Language) -> None:
    """Give the pipes that take one (our components and other Python pipes) `_record_error`."""
    for _, pipe in nlp.pipeline:
        # Cython pipes (the parser) cannot take a handler in spaCy 3.8; ours and Python pipes can.
        try:
            pipe.set_error_handler(_record_error)
        except AttributeError:
            pass


def _pack(out: Dict[str, Any], words: int, settings: _Settings) -> _Output:
    error = out["error"] if "error" in out else None
    quotes = len(out["quotes"]) if error is None else 0
    value = json.dumps(out, ensure_ascii=False, default=str) if settings.as_json else out
    return value, quotes, words, error


def _failed(rec: InputRecord, message: str, settings: _Settings) -> _Output:
    """The error record for `rec`, with its kept fields where they can be written."""
    error = f"{rec.where}: record {rec.id!r}: {message}"
    try:
        return _pack({"id": rec.id, "error": error, **rec.extra}, 0, settings)
    except Exception as e:  # a kept field that JSON cannot hold
        return _pack({"id": rec.id, "error": f"{error}; its kept fields could not be written: "
                      f"{type(e).__name__}: {e}"}, 0, settings)


def _finish(job: _Job, settings: _Settings) -> _Output:
    rec = job.rec
    error = rec.error or job.error
    try:
        out: Dict[str, Any] = {"id": rec.id}
        if error is not None:
            out["error"] = error
        else:
            out["quotes"] = job.quotes()
            if settings.speaker_summary:  # issue 6: who speaks, most quoted first
                from .speakers import speakers_from_records

                out["speakers"] = speakers_from_records(out["quotes"])
        out.update(rec.extra)
        return _pack(out, job.words, settings)
    except Exception as e:
        if error is not None:
            return _pack({"id": rec.id, "error": error}, 0, settings)
        return _failed(rec, f"building the output: {type(e).__name__}: {e}", settings)


def _take(job: _Job, doc: Optional[Doc], piece: Piece, error: Optional[str] = None) -> None:
    """Add one processed piece (a doc, or the error that stopped it) to its record: the quotes
    that start in its keep range and overlap no quote kept from an earlier piece (which saw them
    too, from their start), and the words of its keep range. Pieces come in text order."""
    job.done += 1
    if error is None and doc is not None and ERROR_KEY in doc.user_data:
        error = doc.user_data[ERROR_KEY]
    if error is None and job.error is None:
        try:
            quotes = doc_to_record(doc)["quotes"]
        except Exception as e:
            error = f"building the record: {type(e).__name__}: {e}"
        else:
            offset = piece.start
            if offset:
                quotes = [_shift(q, offset) for q in quotes]
            if job.pieces > 1:
                quotes = [q for q in quotes if piece.keep_start <= q["content"]["start"] < piece.keep_end
                          and q["content"]["start"] >= job.reach]
                job.reach = max([job.reach] + [q["content"]["end"] for q in quotes])
            if quotes:
                job.parts.append(", ".join(json.dumps(q, ensure_ascii=False) for q in quotes).encode("utf8"))
            lo, hi = piece.keep_start - offset, piece.keep_end - offset
            job.words += sum(1 for t in doc if lo <= t.idx < hi and not (t.is_punct or t.is_space))
    if error is not None:
        where = f" (piece at character {piece.keep_start:,})" if job.pieces > 1 else ""
        job.error = job.error or f"{job.rec.where}: record {job.rec.id!r}{where}: {error}"


def _one(nlp: Language, text: str) -> Tuple[Optional[Doc], Optional[str]]:
    """Run the pipeline on one text pipe by pipe: the doc and the error that stopped it, if any."""
    name, doc = "tokenizer", None
    try:
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            result = proc(doc)
            if ERROR_KEY in doc.user_data:  # the pipe's error handler caught it
                return doc, None
            if result is None:
                raise ValueError("the pipe returned None")
            doc = result
        return doc, None
    except Exception as e:
        return doc, f"{name}: {type(e).__name__}: {e}"


def _batches(pieces: List[Tuple[str, Piece, Any]], settings: _Settings) -> Iterator[List[Tuple[str, Any]]]:
    """Consecutive batches of pieces, as `(text, context)` pairs for `nlp.pipe`: at most
    `settings.batch_size` pieces and, beyond the first piece, at most `settings.size`
    characters, so that the memory a batch takes is bounded by the longest piece, however long
    the texts and the batches. A piece's text is cut from its record's only when its batch is
    made. `pieces` are `(whole text, piece, context)`."""
    batch: List[Tuple[str, Any]] = []
    chars = 0
    for text, piece, context in pieces:
        n = piece.end - piece.start
        if batch and (len(batch) >= settings.batch_size or chars + n > settings.size):
            yield batch
            batch, chars = [], 0
        batch.append((text[piece.start : piece.end], context))
        chars += n
    if batch:
        yield batch


def _run_chunk(nlp: Language, recs: Sequence[InputRecord], settings: _Settings) -> List[_Output]:
    """Process a chunk of records and build their output records, in order.

    The pieces of the chunk's texts (`plan_pieces`) go through `nlp.pipe` in batches of at most
    `settings.batch_size` pieces and `settings.size` characters (`_batches`). A pipe that takes no
    error handler (spaCy's Cython pipes, function components) ends `nlp.pipe` when it raises, and
    a batched pipe's handler drops the whole batch: then the chunk is done again a piece at a
    time, pipe by pipe, so that only the failing records get error records.
    """
    jobs: List[_Job] = []
    pieces: List[Tuple[str, Piece, Tuple[int, Piece]]] = []
    for k, rec in enumerate(recs):
        job = _Job(k, rec)
        jobs.append(job)
        if rec.error is not None or rec.text is None:
            continue
        try:
            planned = plan_pieces(rec.text, settings.size)
        except Exception as e:
            job.error = f"{rec.where}: record {rec.id!r}: cutting the text: {type(e).__name__}: {e}"
            continue
        job.pieces = len(planned)
        pieces.extend((rec.text, p, (k, p)) for p in planned)
    try:
        for batch in _batches(pieces, settings):
            for doc, (k, piece) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
                _take(jobs[k], doc, piece)
        complete = all(job.done == job.pieces for job in jobs)
    except Exception:
        complete = False
    if not complete:
        for job in jobs:
            if job.pieces:
                job.reset()
        for text, piece, (k, _) in pieces:
            doc, error = _one(nlp, text[piece.start : piece.end])
            _take(jobs[k], doc, piece, error)
    return [_finish(job, settings) for job in jobs]


def _run_safely(nlp: Language, recs: Sequence[InputRecord], settings: _Settings) -> List[_Output]:
    """`_run_chunk`, and where it raises, each record on its own (one that raises again: an error)."""
    try:
        return _run_chunk(nlp, recs, settings)
    except Exception as e:
        if len(recs) == 1:
            return [_failed(recs[0], f"{type(e).__name__}: {e}", settings)]
        return [out for rec in recs for out in _run_safely(nlp, [rec], settings)]


def _chunks(records: Iterable[InputRecord], size: int, batch_size: int) -> Iterator[List[InputRecord]]:
    """Cut the input into chunks of about one batch: records up to `batch_size` pieces (a long text
    counts as the pieces it will at least be cut into), at most `batch_size` records."""
    chunk: List[InputRecord] = []
    pieces = 0
    for rec in records:
        chunk.append(rec)
        if rec.error is None and isinstance(rec.text, str):
            pieces += max(1, -(-len(rec.text) // size))
        if pieces >= batch_size or len(chunk) >= batch_size:
            yield chunk
            chunk, pieces = [], 0
    if chunk:
        yield chunk


# --- worker processes (n_process > 1) ---------------------------------------------------------

# How worker processes start: None for "fork" where the platform has it (the workers inherit the
# loaded pipeline), else "spawn" (each worker rebuilds the pipeline from the parent's config and
# weights). Set it to force one.
START_METHOD: Optional[str] = None
# Chunks queued or running per worker: enough to keep it busy, few enough to bound memory.
CHUNKS_PER_PROCESS = 4
# A job stops (with an exception, nothing lost silently) when this many worker processes in a
# row die on single records: the workers cannot run at all (a pipeline that does not load there).
MAX_WORKER_DEATHS = 5
_WORKER: Dict[str, Any] = {}


def _pipeline_spec(nlp: Language) -> Dict[str, Any]:
    """What a spawned worker needs to rebuild the pipeline: config, meta, weights, limits."""
    return {"config": nlp.config.to_str(), "meta": nlp.meta, "bytes": nlp.to_bytes(),
            "disabled": list(nlp.disabled), "max_length": nlp.max_length}


def _build_pipeline(spec: Dict[str, Any]) -> Language:
    from spacy.util import load_model_from_config
    from thinc.api import Config

    from .items import register_extensions
    from .pipeline import limit_text_length

    register_extensions()
    nlp = load_model_from_config(Config().from_str(spec["config"]), meta=spec["meta"],
                                 disable=spec["disabled"], auto_fill=False)
    nlp.from_bytes(spec["bytes"])
    return limit_text_length(nlp, spec["max_length"])


def _init_worker(nlp: Optional[Language], spec: Optional[Dict[str, Any]], settings: _Settings) -> None:
    """Worker initializer: the pipeline (inherited through fork, else rebuilt once) and settings."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent = os.getppid()

    def watch() -> None:  # a killed parent (kill -9) leaves no worker behind
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="quotes-parent-watch", daemon=True).start()
    if nlp is None:
        nlp = _build_pipeline(spec)
    _prepare(nlp)
    _WORKER["nlp"] = nlp
    _WORKER["settings"] = settings


def _work(recs: List[InputRecord]) -> List[_Output]:
    """A worker's task: one chunk, processed and built into output records."""
    return _run_chunk(_WORKER["nlp"], recs, _WORKER["settings"])


class _Pool:
    """Worker processes, each with the pipeline loaded once, taking chunks in turn."""

    def __init__(self, nlp: Language, n_process: int, settings: _Settings) -> None:
        import multiprocessing

        method = START_METHOD or ("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        self.context = multiprocessing.get_context(method)
        if method == "fork":
            self.initargs = (nlp, None, settings)
        else:
            self.initargs = (None, _pipeline_spec(nlp), settings)
        self.n_process = n_process
        self.executor = self._start()

    def _start(self):
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(self.n_process, mp_context=self.context,
                                   initializer=_init_worker, initargs=self.initargs)

    def submit(self, recs: List[InputRecord]):
        return self.executor.submit(_work, recs)

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def close(self, finished: bool) -> None:
        """Let the workers exit (`finished`), or stop them at once (the job was interrupted)."""
        if finished:
            self.executor.shutdown(wait=True)
            return
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            p.terminate()
        for p in processes:
            p.join(5)


def _pooled(nlp: Language, chunks: Iterable[List[InputRecord]], n_process: int,
            settings: _Settings) -> Iterator[Tuple[List[InputRecord], List[_Output]]]:
    """Run chunks in worker processes, at most `CHUNKS_PER_PROCESS * n_process` in flight, and
    yield each chunk with its output records, in input order.

    A worker that dies (killed, out of memory, a crash in native code) loses every chunk in flight:
    new workers start and those chunks are done again a record at a time, one record in flight, so
    that a record that kills a worker again gets an error record and the job goes on.
    """
    from concurrent.futures.process import BrokenProcessPool

    pool = _Pool(nlp, n_process, settings)
    in_flight: Deque[Tuple[List[InputRecord], Any]] = deque()
    deaths = 0
    finished = False

    def alone(rec: InputRecord) -> _Output:
        nonlocal deaths
        try:
            (out,) = pool.submit([rec]).result()
        except BrokenProcessPool as e:
            deaths += 1
            if deaths >= MAX_WORKER_DEATHS:
                raise RuntimeError(f"{deaths} worker processes in a row died, the last on {rec.where} "
                                   f"(record {rec.id!r}); the output holds every record before it") from e
            pool.restart()
            return _failed(rec, "the worker process died while processing it (killed, out of memory, "
                           "or a crash in native code)", settings)
        except Exception as e:
            return _failed(rec, f"{type(e).__name__}: {e}", settings)
        deaths = 0
        return out

    try:
        chunks = iter(chunks)
        more = True
        while True:
            while more and len(in_flight) < CHUNKS_PER_PROCESS * n_process:
                recs = next(chunks, None)
                if recs is None:
                    more = False
                else:
                    in_flight.append((recs, pool.submit(recs)))
            if not in_flight:
                break
            recs, future = in_flight.popleft()
            try:
                outs = future.result()
            except BrokenProcessPool:
                lost = [recs] + [r for r, _ in in_flight]
                in_flight.clear()
                pool.restart()
                for rec in (rec for recs in lost for rec in recs):
                    yield [rec], [alone(rec)]
                continue
            except Exception:  # the chunk itself failed (as `_run_safely` does in one process)
                for rec in recs:
                    yield [rec], [alone(rec)]
                continue
            deaths = 0
            yield recs, outs
        finished = True
    finally:
        pool.close(finished)


def _extract(nlp: Language, records: Iterable[InputRecord], batch_size: int, n_process: int,
             summary: Optional[Summary], max_chars: int, speaker_summary: bool,
             as_json: bool) -> Iterator[Any]:
    summary = summary if summary is not None else Summary()
    if n_process < 1:
        n_process = os.cpu_count() or 1
    settings = _Settings(max(1, min(max_chars, nlp.max_length)), max(1, batch_size),
                         speaker_summary, as_json)
    seen_ids: Set[int] = set()
    checked = 0
    _prepare(nlp)
    start = time.perf_counter()
    chunks = _chunks(records, settings.size, settings.batch_size)
    if n_process == 1:
        done: Iterator[Tuple[List[InputRecord], List[_Output]]] = (
            (recs, _run_safely(nlp, recs, settings)) for recs in chunks)
    else:
        done = _pooled(nlp, chunks, n_process, settings)
    try:
        for recs, outs in done:
            for rec, (value, quotes, words, error) in zip(recs, outs):
                summary.documents += 1
                summary.words += words
                summary.seconds = time.perf_counter() - start
                if error is not None:
                    summary.errors += 1
                    logger.warning(error)
                else:
                    summary.quotes += quotes
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
                yield value
    finally:
        done.close()
    summary.seconds = time.perf_counter() - start


def extract_records(
    nlp: Language, records: Iterable[InputRecord], batch_size: int = 32, n_process: int = 1,
    summary: Optional[Summary] = None, max_chars: int = DEFAULT_CHUNK_CHARS,
    speaker_summary: bool = False,
) -> Iterator[Dict[str, Any]]:
    """Run a pipeline over input records, yielding one output record per input, in order.

    Records are read in chunks of about a batch. With `n_process` 1 each chunk goes through
    `nlp.pipe` here; with more, worker processes (forked where the platform can, so they share the
    loaded pipeline; else spawned, rebuilding it once each) take chunks in turn, at most
    `CHUNKS_PER_PROCESS` each in flight, and send back finished output records. The output is the
    same either way.

    nlp (Language): a pipeline with a quote component.
    records (Iterable[InputRecord]): the inputs (read lazily: only the records in flight are held).
    batch_size (int): documents (pieces) per batch, and per chunk of work.
    n_process (int): processes (below 1: one per CPU).
    summary (Optional[Summary]): updated as records go out.
    max_chars (int): texts longer than this (or than `nlp.max_length`) are processed in pieces of
        at most this many characters, cut by `split_text`; offsets refer to the whole text.
    speaker_summary (bool): add `"speakers"`, the per-speaker summary (`speakers.speakers_from_records`).
    YIELDS (Dict[str, Any]): `{"id", "quotes"}` or `{"id", "error"}`, plus kept fields.
    """
    yield from _extract(nlp, records, batch_size, n_process, summary, max_chars, speaker_summary,
                        as_json=False)


def extract_lines(
    nlp: Language, records: Iterable[InputRecord], batch_size: int = 32, n_process: int = 1,
    summary: Optional[Summary] = None, max_chars: int = DEFAULT_CHUNK_CHARS,
    speaker_summary: bool = False,
) -> Iterator[str]:
    """`extract_records`, each record as one line of JSON (no newline), as `quotes extract` writes
    it: `json.dumps(record, ensure_ascii=False, default=str)`. With worker processes the lines are
    made in the workers, so the parent only writes them.

    YIELDS (str): one JSON text per input record, in input order.
    """
    yield from _extract(nlp, records, batch_size, n_process, summary, max_chars, speaker_summary,
                        as_json=True)


class OutputError(OSError):
    """An output that cannot be written (a folder, a missing folder, no room left): the message
    is one line saying what and where."""


def check_output(path: Path, inputs: Sequence[str] = ()) -> None:
    """Check, before any work, that `path` can take a job's output: not a folder, in a folder that
    exists, writable, not one of the inputs, on a device with room left.

    path (Path): the output file.
    inputs (Sequence[str]): the job's inputs.
    RAISES (OutputError): saying what is wrong with it.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; the output is one JSONL file (such as {path / 'quotes.jsonl'})")
    folder = path.parent
    if not folder.exists():
        raise OutputError(f"{path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(f"{path}: {folder} is not a folder")
    target = path if path.exists() else folder
    if not os.access(target, os.W_OK):
        raise OutputError(f"{path}: {'the file' if target == path else 'its folder'} is not writable")
    if path.exists():
        for p in inputs:
            if p != "-" and Path(p).is_file() and os.path.samefile(p, path):
                raise OutputError(f"{path}: is also an input; writing the output would overwrite it")
    if not path.exists() or path.is_file():
        stat = os.statvfs(folder)
        free = stat.f_bfree if os.geteuid() == 0 else stat.f_bavail  # root may use the reserve
        if free == 0 and stat.f_blocks > 0:
            raise OutputError(f"{path}: no space left on the device that holds {folder}")


def extract_file(
    nlp: Language, records: Iterable[InputRecord], output: Optional[Path], *, resume: bool = False,
    batch_size: int = 32, n_process: int = 1, summary: Optional[Summary] = None,
    max_chars: int = DEFAULT_CHUNK_CHARS, speaker_summary: bool = False,
    progress: Optional[Any] = None,
) -> Summary:
    """Run a job into a JSONL file (or standard output), as `quotes extract` does: one line per
    input record, in input order, flushed after the first record and then every `batch_size`
    records, so a job killed at any moment leaves complete records and at most a partial last
    line. With `resume`, an interrupted job goes on: the complete records already in `output`
    are kept, a partial last line is cut (`resume_output`), as many input records are skipped,
    and the rest are appended, so the file ends as an uninterrupted run's would.

    nlp (Language): the pipeline.
    records (Iterable[InputRecord]): the inputs, in the same order as the first run's.
    output (Optional[Path]): the JSONL file; None for standard output (no resume).
    resume (bool): go on with the records already in `output`.
    batch_size, n_process, max_chars, speaker_summary: as for `extract_lines`.
    summary (Optional[Summary]): updated as records go out; `resumed` counts the records kept.
    progress (Optional[Callable[[int], Any]]): called with the number of records done: once with
        the records kept on resume, then with 1 for each record written.
    RETURNS (Summary): what the job did.
    RAISES (OutputError): when the output cannot be written, at the start or on the way (a disk
        that fills up): one line; what was written before is complete records and at most a
        partial line, which `resume` continues.
    """
    import itertools

    summary = summary if summary is not None else Summary()
    if resume and output is None:
        raise ValueError("resume needs an output file: it goes on with the records in it")
    where = str(output) if output is not None else "standard output"
    if output is not None:
        check_output(output)
    try:
        if resume:
            summary.resumed, summary.resumed_errors = resume_output(Path(output))
            records = itertools.islice(records, summary.resumed, None)
        out = Path(output).open("ab" if resume else "wb") if output is not None else sys.stdout.buffer
    except OSError as e:
        raise OutputError(f"{where}: cannot open it: {e.strerror or e}") from None
    if progress is not None and summary.resumed:
        progress(summary.resumed)
    written = 0
    try:
        for line in extract_lines(nlp, records, batch_size=batch_size, n_process=n_process,
                                  summary=summary, max_chars=max_chars, speaker_summary=speaker_summary):
            out.write(line.encode("utf8") + b"\n")
            written += 1
            if written == 1 or written % batch_size == 0:
                out.flush()  # a killed job loses at most a batch, and resume redoes it
            if progress is not None:
                progress(1)
        out.flush()
    except OSError as e:
        if output is None and isinstance(e, BrokenPipeError):
            # nobody reads standard output any more: let the interpreter's last flush go nowhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        then = ("; run the same command with --resume, once there is room, to go on from the "
                "complete records in it" if output is not None and Path(output).is_file() else "")
        raise OutputError(f"{where}: cannot write: {e.strerror or e}, at record "
                          f"{summary.resumed + max(written, 1):,}{then}") from None
    finally:
        if output is not None:
            try:
                out.close()
            except OSError:
                pass  # the error that stopped the writes has been raised
    return summary


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
