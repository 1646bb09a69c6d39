"""Corpus files: reading and checking JSONL records, statistics, `datasets` and `.spacy` conversion,
building `corpus/*.jsonl` from the source format, and the `quotes.Corpus.v1` reader for `spacy train`.

A record is one document: `{"id", "text", "quotes": [...], "meta": {...}}`, the quotes in the schema
of `quotes extract` (see `items.Quote.to_dict`), with Python string offsets into `text`.
"""
import glob
import json
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import spacy
from spacy.language import Language
from spacy.tokens import DocBin
from spacy.training import Example

from .errors import QuotesError
from .items import QUOTE_TYPES, record_to_doc, register_extensions, speaker_kind
from .marks import has_quote_mark
from .markup import compile_folder, write_jsonl

PathLike = Union[str, Path]
SPLITS = ("train", "dev", "test")


class CorpusError(QuotesError):
    """A corpus file or record that cannot be used; the message names the file and line or the id."""


# ---------------------------------------------------------------------------------------------
# JSONL records


def _check_span(value: Any, text: str, where: str, name: str) -> None:
    if not isinstance(value, dict):
        raise CorpusError(f"{where}: {name} is not an object")
    start, end = value.get("start"), value.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise CorpusError(f"{where}: {name} [{start}, {end}] is not a span within the text")


def check_record(record: Any, where: str = "<record>") -> Dict[str, Any]:
    """Check that a record has the corpus schema and that its offsets fit its text.

    record (Any): the parsed JSON value.
    where (str): where it came from ("FILE:LINE"), for messages.
    RETURNS (Dict[str, Any]): the record.
    """
    if not isinstance(record, dict):
        raise CorpusError(f"{where}: a record must be a JSON object, not {type(record).__name__}")
    for key, kind in (("id", (str, int)), ("text", str), ("quotes", list)):
        if not isinstance(record.get(key), kind):
            raise CorpusError(f"{where}: the record has no {key!r} of the right type")
    text = record["text"]
    where = f"{where} (id {record['id']!r})"
    for n, q in enumerate(record["quotes"]):
        at = f"{where}: quote {n}"
        if not isinstance(q, dict):
            raise CorpusError(f"{at} is not an object")
        if q.get("type") not in QUOTE_TYPES:
            raise CorpusError(f"{at}: type {q.get('type')!r} is not one of {QUOTE_TYPES}")
        _check_span(q.get("content"), text, at, "content")
        for start, end in q["content"].get("fragments") or [[q["content"]["start"], q["content"]["end"]]]:
            if not q["content"]["start"] <= start < end <= q["content"]["end"]:
                raise CorpusError(f"{at}: fragment [{start}, {end}] is not within the content")
        for role in ("speaker", "cue"):
            if q.get(role) is not None:
                _check_span(q[role], text, at, role)
        speaker = q.get("speaker")
        if speaker is not None and speaker.get("resolved") is not None:
            _check_span(speaker["resolved"], text, at, "speaker.resolved")
    return record


def _read_jsonl_lines(path: PathLike) -> Iterator[Tuple[int, Dict[str, Any]]]:
    path = Path(path)
    with path.open(encoding="utf8") as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as e:
                raise CorpusError(f"{path}:{line_no}: not valid JSON: {e}") from None
            yield line_no, check_record(value, f"{path}:{line_no}")


def read_jsonl(path: PathLike) -> Iterator[Dict[str, Any]]:
    """Read a JSONL file of records, checking each one.

    path (PathLike): the file.
    YIELDS (Dict[str, Any]): the records, in file order; blank lines are skipped. A line that is not
        a record raises a `CorpusError` naming the file and line.
    """
    for _, record in _read_jsonl_lines(path):
        yield record


def write_records(records: Iterable[Dict[str, Any]], out: PathLike) -> int:
    """Write records as JSONL (one per line, UTF-8).

    records (Iterable[Dict[str, Any]]): the records.
    out (PathLike): the file to write.
    RETURNS (int): how many were written.
    """
    return write_jsonl(records, Path(out))


# ---------------------------------------------------------------------------------------------
# Hugging Face datasets


def _span_features() -> Dict[str, Any]:
    from datasets import Value

    return {"start": Value("int64"), "end": Value("int64"), "text": Value("string")}


def record_features(meta: Optional[Mapping[str, str]] = None):
    """The Arrow schema of a record, for `datasets`.

    Schema inference on JSON turns a field that is null in the first rows into a null column and
    then fails on the first speaker or cue it meets, so the schema is given in full.

    meta (Optional[Mapping[str, str]]): meta key -> value type ("string", "int64", "float64", "bool").
    RETURNS (datasets.Features): the features.
    """
    from datasets import Features, List, Value

    span = _span_features()
    quote = {
        "type": Value("string"),
        "content": {**_span_features(), "fragments": List(List(Value("int64")))},
        "speaker": {**span, "resolved": _span_features()},
        "cue": _span_features(),
        "score": Value("float64"),
    }
    return Features(
        {
            "id": Value("string"),
            "text": Value("string"),
            "quotes": List(quote),
            "meta": {k: Value(v) for k, v in sorted((meta or {}).items())},
        }
    )


_META_TYPES = {bool: "bool", int: "int64", float: "float64", str: "string"}


def _meta_types(paths: Iterable[Path]) -> Dict[str, str]:
    """Scan files for their meta keys and the scalar type of each."""
    types: Dict[str, str] = {}
    for path in paths:
        for line_no, record in _read_jsonl_lines(path):
            for key, value in (record.get("meta") or {}).items():
                if value is None:
                    continue
                kind = _META_TYPES.get(type(value))
                if kind is None:
                    raise CorpusError(
                        f"{path}:{line_no}: meta {key!r} is a {type(value).__name__}; "
                        "load_dataset takes strings, numbers and booleans only"
                    )
                if types.setdefault(key, kind) != kind:
                    if {types[key], kind} == {"int64", "float64"}:
                        types[key] = "float64"
                    else:
                        types[key] = "string"
    return types


def _expand(paths: Union[PathLike, Sequence[PathLike]]) -> List[str]:
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    out: List[str] = []
    for p in paths:
        p = str(p)
        found = sorted(glob.glob(p)) if glob.has_magic(p) else [p]
        if not found or not all(Path(f).is_file() for f in found):
            raise CorpusError(f"{p}: no such file")
        out.extend(found)
    return out


def load_dataset(
    data_files: Union[PathLike, Sequence[PathLike], Mapping[str, Union[PathLike, Sequence[PathLike]]]],
    cache_dir: Optional[PathLike] = None,
):
    """Load JSONL record files as a Hugging Face dataset (offline: local files only).

    data_files: a file, a list of files or globs (one "train" split, returned as a `Dataset`), or a
        dict split name -> files (returned as a `DatasetDict`).
    cache_dir (Optional[PathLike]): where `datasets` keeps its Arrow cache (default: its own).
    RETURNS (Union[datasets.Dataset, datasets.DatasetDict]): rows in the record schema, null
        speakers and cues kept as None; `meta` holds every meta key of the files (None where absent).
    """
    import datasets

    if isinstance(data_files, Mapping):
        files = {split: _expand(p) for split, p in data_files.items()}
    else:
        files = {"train": _expand(data_files)}
    meta = _meta_types(Path(p) for ps in files.values() for p in ps)
    result = datasets.load_dataset(
        "json",
        data_files=files,
        features=record_features(meta),
        cache_dir=str(cache_dir) if cache_dir is not None else None,
    )
    return result if isinstance(data_files, Mapping) else result["train"]


# ---------------------------------------------------------------------------------------------
# Statistics


def stats(records: Iterable[Dict[str, Any]], top: int = 20) -> Dict[str, Any]:
    """Count what a corpus holds.

    records (Iterable[Dict[str, Any]]): the records (with "text").
    top (int): how many cues to list.
    RETURNS (Dict[str, Any]): `{"documents", "quotes", "by_type", "by_speaker_kind", "no_cue",
        "fragments" (number of fragments -> quotes), "quoted" (quotes whose content holds a
        quotation mark), "quoted_share", "top_cues" ([[cue, count], ...], lowercased cue text)}`.
    """
    documents = quotes = quoted = no_cue = 0
    by_type: Counter = Counter()
    by_speaker: Counter = Counter()
    fragments: Counter = Counter()
    cues: Counter = Counter()
    for record in records:
        documents += 1
        text = record["text"]
        for q in record["quotes"]:
            quotes += 1
            by_type[q["type"]] += 1
            speaker = q.get("speaker")
            by_speaker[speaker_kind(speaker["text"] if speaker else None)] += 1
            frags = q["content"].get("fragments") or [[q["content"]["start"], q["content"]["end"]]]
            fragments[len(frags)] += 1
            if any(has_quote_mark(text[s:e]) for s, e in frags):
                quoted += 1
            cue = q.get("cue")
            if cue is None:
                no_cue += 1
            else:
                cues[" ".join(cue["text"].lower().split())] += 1
    return {
        "documents": documents,
        "quotes": quotes,
        "by_type": {t: by_type[t] for t in QUOTE_TYPES},
        "by_speaker_kind": {k: by_speaker[k] for k in ("name", "description", "pronoun", "none")},
        "no_cue": no_cue,
        "fragments": dict(sorted(fragments.items())),
        "quoted": quoted,
        "quoted_share": round(quoted / quotes, 4) if quotes else 0.0,
        "top_cues": [[c, n] for c, n in cues.most_common(top)],
    }


def format_stats(st: Dict[str, Any]) -> str:
    """The statistics as a plain-text report.

    st (Dict[str, Any]): what `stats` returned.
    RETURNS (str): the report, one fact a line.
    """
    n = st["quotes"] or 1

    def share(k: int) -> str:
        return f"{k:>7}  {100 * k / n:5.1f}%"

    lines = [f"documents  {st['documents']:>7}", f"quotes     {st['quotes']:>7}", "", "type"]
    lines += [f"  {t:<12}{share(k)}" for t, k in st["by_type"].items()]
    lines += ["", "speaker"]
    lines += [f"  {t:<12}{share(k)}" for t, k in st["by_speaker_kind"].items()]
    lines += ["", f"no cue       {share(st['no_cue'])}", f"quoted       {share(st['quoted'])}"]
    lines += ["", "fragments"]
    lines += [f"  {k:<12}{share(v)}" for k, v in st["fragments"].items()]
    lines += ["", "top cues"]
    lines += [f"  {c:<24}{k:>7}" for c, k in st["top_cues"]]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Conversion to Docs


def record_to_example(nlp: Language, record: Dict[str, Any]) -> Example:
    """A record as a training example: the predicted doc is `nlp.make_doc(text)`, the reference
    the same with the gold quotes set.

    nlp (Language): the pipeline whose tokenizer is used.
    record (Dict[str, Any]): the record.
    RETURNS (Example): the example.
    """
    register_extensions()
    reference = record_to_doc(nlp.make_doc(record["text"]), record)
    return Example(nlp.make_doc(record["text"]), reference)


def convert(records: Iterable[Dict[str, Any]], out: PathLike, nlp: Language) -> int:
    """Write records as a `.spacy` DocBin, the quotes set on `nlp.make_doc(text)`.

    The record id is kept in `doc.user_data["id"]`.

    records (Iterable[Dict[str, Any]]): the records.
    out (PathLike): the `.spacy` file to write.
    nlp (Language): the pipeline whose tokenizer is used.
    RETURNS (int): how many docs were written. A span that covers no token raises a ValueError
        naming the record id.
    """
    register_extensions()
    db = DocBin(store_user_data=True)
    n = 0
    for record in records:
        doc = record_to_doc(nlp.make_doc(record["text"]), record)
        doc.user_data["id"] = record.get("id")
        db.add(doc)
        n += 1
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    return n


# ---------------------------------------------------------------------------------------------
# Building corpus/*.jsonl from corpus/src


def build_corpus(src: PathLike, out: PathLike, splits: Sequence[str] = SPLITS) -> Dict[str, int]:
    """Compile the source documents of each split (`SRC/train`, ...) into `OUT/SPLIT.jsonl`.

    Everything is compiled before anything is written, so a source error leaves the old files.

    src (PathLike): the source folder (`corpus/src`).
    out (PathLike): the output folder (`corpus`).
    splits (Sequence[str]): the split folders to compile; missing ones are skipped.
    RETURNS (Dict[str, int]): split -> documents written. An id used in two splits raises.
    """
    src, out = Path(src), Path(out)
    compiled: Dict[str, List[Dict[str, Any]]] = {}
    seen: Dict[str, str] = {}
    for split in splits:
        folder = src / split
        if not folder.is_dir():
            continue
        compiled[split] = list(compile_folder(folder))
        for record in compiled[split]:
            if record["id"] in seen:
                raise CorpusError(
                    f"{folder}: id {record['id']!r} is in split {seen[record['id']]!r} too"
                )
            seen[record["id"]] = split
    if not compiled:
        raise CorpusError(f"{src}: none of the split folders {list(splits)} is there")
    out.mkdir(parents=True, exist_ok=True)
    return {split: write_jsonl(records, out / f"{split}.jsonl") for split, records in compiled.items()}


# ---------------------------------------------------------------------------------------------
# spaCy corpus reader


def _is_polnear(path: Path) -> bool:
    return (path / "text").is_dir() and (path / "attributions").is_dir()


def iter_records(path: PathLike) -> Iterator[Tuple[str, Dict[str, Any]]]:
    """Read records from a JSONL file, a folder of JSONL files, or a PolNeAR split folder.

    path (PathLike): where to read; a path that is none of these raises a `CorpusError` at once.
    RETURNS (Iterator[Tuple[str, Dict[str, Any]]]): ("FILE:LINE" or the .ann file, record) pairs.
    """
    path = Path(path)
    if path.is_dir() and _is_polnear(path):
        from .polnear import read_polnear

        return ((f"{path}/{record['id']}", record) for record in read_polnear(path))
    files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
    if not files or not files[0].exists():
        raise CorpusError(f"{path}: no JSONL file or PolNeAR split folder (text/ and attributions/) there")
    return ((f"{file}:{line_no}", record) for file in files for line_no, record in _read_jsonl_lines(file))


class QuoteCorpus:
    """Iterate over the records of a corpus as `Example`s, for `spacy train` and `spacy evaluate`.

    path (Optional[Path]): a JSONL file, a folder of JSONL files, or a PolNeAR split folder.
    limit (int): read at most this many documents (0: all).
    """

    def __init__(self, path: Optional[PathLike], limit: int = 0) -> None:
        self.path = Path(path) if path is not None else None
        self.limit = limit

    def __call__(self, nlp: Language) -> Iterator[Example]:
        """nlp (Language): the pipeline being trained. YIELDS (Example): one per document."""
        if self.path is None:
            raise CorpusError("quotes.Corpus.v1: no path given (set [paths] in the config)")
        for n, (where, record) in enumerate(iter_records(self.path)):
            if self.limit and n >= self.limit:
                break
            try:
                yield record_to_example(nlp, record)
            except ValueError as e:
                raise CorpusError(f"{where}: {e}") from e


@spacy.registry.readers("quotes.Corpus.v1")
def create_quote_corpus(path: Optional[Path], limit: int = 0) -> Callable[[Language], Iterable[Example]]:
    """The `quotes.Corpus.v1` reader.

    path (Optional[Path]): a JSONL file of records, a folder of them, or a PolNeAR split folder.
    limit (int): read at most this many documents (0: all).
    RETURNS (Callable[[Language], Iterable[Example]]): the corpus.
    """
    return QuoteCorpus(path, limit=limit)
