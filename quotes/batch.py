"""Batch extraction: many documents in, one JSON record out per document, in input order.

Every input record gives exactly one output record: a result `{"id", "quotes"}` or an error
`{"id", "error"}` that says what was wrong and where (file, line, record id). The job goes on.
"""
import json
import logging
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Deque, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from .items import doc_to_record

logger = logging.getLogger("quotes")
ERROR_KEY = "quotes_error"


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
    keep_fields: Sequence[str] = (),
) -> Iterator[InputRecord]:
    """Read documents from JSONL, one per line. Blank lines are skipped; every other line gives one
    record, a bad one (not JSON, not an object, no string text) an error record.

    stream (IO[bytes]): the open file.
    name (str): its name, for messages.
    text_field (str): the field holding the text.
    id_field (str): the field holding the id; the line number where it is missing.
    keep_fields (Sequence[str]): fields to copy to the output record.
    YIELDS (InputRecord): the records.
    """
    for lineno, raw in enumerate(stream, start=1):
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
        doc_id = obj.get(id_field, lineno)
        extra = {k: obj[k] for k in keep_fields if k in obj}
        text = obj.get(text_field)
        if text is None:
            yield InputRecord(doc_id, None, where, f"{where}: record {doc_id!r} has no {text_field!r} field", extra)
        elif not isinstance(text, str):
            yield InputRecord(doc_id, None, where,
                              f"{where}: record {doc_id!r}: {text_field!r} is a {type(text).__name__}, not a string", extra)
        else:
            yield InputRecord(doc_id, text, where, None, extra)


def read_inputs(
    paths: Sequence[str], fmt: str = "auto", text_field: str = "text", id_field: str = "id",
    keep_fields: Sequence[str] = (), stdin: Optional[IO[bytes]] = None,
) -> Iterator[InputRecord]:
    """Read documents from files: `.jsonl`/`.ndjson` as JSONL, anything else as one text document
    (id = file stem), `-` for standard input (JSONL when its first character is `{`, else text).

    paths (Sequence[str]): files, folders (their `*.txt` and `*.jsonl`, sorted) or "-".
    fmt (str): "auto", "text" or "jsonl".
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
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.suffix in (".txt", ".jsonl", ".ndjson"))
            yield from read_inputs([str(f) for f in files], fmt, text_field, id_field, keep_fields)
            continue
        if not path.exists():
            yield InputRecord(path.stem, None, str(path), f"{path}: no such file")
            continue
        kind = fmt
        if kind == "auto":
            kind = "jsonl" if path.suffix in (".jsonl", ".ndjson") else "text"
        if kind == "jsonl":
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
        if path.is_dir():
            files = [f for f in path.rglob("*") if f.suffix in (".txt", ".jsonl", ".ndjson")]
            sub = count_inputs([str(f) for f in files])
            if sub is None:
                return None
            total += sub
        elif path.suffix in (".jsonl", ".ndjson") and path.exists():
            with path.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        else:
            total += 1
    return total


@dataclass
class Summary:
    """What a job did: documents, quotes, errors, words, seconds."""

    documents: int = 0
    quotes: int = 0
    errors: int = 0
    words: int = 0
    seconds: float = 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        return (
            f"{self.documents} documents, {self.quotes} quotes, {self.errors} errors, "
            f"{self.words} words in {self.seconds:.1f}s ({self.words_per_second:,.0f} words/s)"
        )


def _record_error(proc_name: str, proc: Any, docs: List[Doc], e: Exception) -> None:
    """Pipeline error handler: mark the doc as failed instead of stopping the job."""
    for doc in docs:
        doc.user_data[ERROR_KEY] = f"{proc_name}: {type(e).__name__}: {e}"


def extract_records(
    nlp: Language, records: Iterable[InputRecord], batch_size: int = 32, n_process: int = 1,
    summary: Optional[Summary] = None,
) -> Iterator[Dict[str, Any]]:
    """Run a pipeline over input records, yielding one output record per input, in order.

    nlp (Language): a pipeline with a quote component.
    records (Iterable[InputRecord]): the inputs.
    batch_size (int): documents per batch.
    n_process (int): processes for `nlp.pipe`.
    summary (Optional[Summary]): updated as records go out.
    YIELDS (Dict[str, Any]): `{"id", "quotes"}` or `{"id", "error"}`, plus kept fields.
    """
    summary = summary if summary is not None else Summary()
    pending: Deque[Tuple[int, InputRecord]] = deque()
    for _, pipe in nlp.pipeline:
        # Cython pipes (the parser) cannot take a handler in spaCy 3.8; ours and Python pipes can.
        try:
            pipe.set_error_handler(_record_error)
        except AttributeError:
            pass
    start = time.perf_counter()

    def good_texts() -> Iterator[Tuple[str, int]]:
        for i, rec in enumerate(records):
            if rec.error is None and rec.text is not None and len(rec.text) > nlp.max_length:
                rec.error = (f"{rec.where}: record {rec.id!r} has {len(rec.text):,} characters, "
                             f"more than the pipeline's max_length ({nlp.max_length:,})")
            pending.append((i, rec))
            if rec.error is None:
                yield rec.text, i

    def emit(rec: InputRecord, out: Dict[str, Any]) -> Dict[str, Any]:
        out.update(rec.extra)
        summary.documents += 1
        summary.seconds = time.perf_counter() - start
        if "error" in out:
            summary.errors += 1
            logger.warning(out["error"])
        else:
            summary.quotes += len(out["quotes"])
        return out

    for doc, i in nlp.pipe(good_texts(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        while pending and pending[0][0] < i:
            _, rec = pending.popleft()
            yield emit(rec, {"id": rec.id, "error": rec.error})
        _, rec = pending.popleft()
        summary.words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        if ERROR_KEY in doc.user_data:
            yield emit(rec, {"id": rec.id, "error": f"{rec.where}: record {rec.id!r}: {doc.user_data[ERROR_KEY]}"})
        else:
            yield emit(rec, doc_to_record(doc, rec.id))
    while pending:
        _, rec = pending.popleft()
        yield emit(rec, {"id": rec.id, "error": rec.error})
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
