"""Quote extraction on a Dask cluster (the optional extra: `pip install "quotes[dask]"`).

    from dask.distributed import Client, LocalCluster
    from quotes.distributed import extract_dask

    with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster) as client:
        summary = extract_dask(["news.jsonl", "more.parquet"], "out/", model="rules", client=client)
    print(summary)  # documents, quotes, errors, and the part files written

The inputs are cut into partitions (JSONL: runs of `lines_per_partition` lines, found by one
pass over the file's bytes; Parquet: row groups), one Dask task each, mapped with `dask.bag`.
Each worker loads the pipeline once (a module-level cache keyed by model name) and runs
`quotes.batch.extract_file` over its partition, writing `output_dir/part-00000.jsonl`, ... in
input order: read one after another, the parts hold the same records as `quotes extract` writes
for the same inputs (same schema, same ids, line and row numbers counted over the whole file).
A part is written as `part-NNNNN.jsonl.tmp` and renamed when complete; with `resume=True` a job
that was stopped goes on: complete parts are kept, a part cut short goes on from its complete
records (as `quotes extract --resume` does), the others are done.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .batch import DEFAULT_CHUNK_CHARS, Summary, _from_row, extract_file, read_jsonl, resume_output

# One pipeline per worker process and model name: loading takes seconds, a partition may not.
_PIPELINES: Dict[str, Any] = {}


@dataclass(frozen=True)
class Partition:
    """A slice of one input file.

    path (str): the file.
    kind (str): "jsonl" or "parquet".
    start (int): JSONL: first byte; Parquet: row group index.
    end (int): JSONL: byte after the last line; Parquet: unused (-1).
    first (int): number of the first line or row in the file (from 1).
    """

    path: str
    kind: str
    start: int
    end: int
    first: int


@dataclass
class DaskSummary:
    """What `extract_dask` did: totals over all partitions and the files it wrote."""

    documents: int = 0
    quotes: int = 0
    errors: int = 0
    words: int = 0
    parts: List[str] = field(default_factory=list)
    resumed: int = 0  # records already in the output (resume), not counted above
    resumed_errors: int = 0

    def __str__(self) -> str:
        text = (f"{self.documents} documents, {self.quotes} quotes, {self.errors} errors, "
                f"{self.words} words, in {len(self.parts)} part files")
        if self.resumed:
            text += f"; resumed after {self.resumed} records already written ({self.resumed_errors} errors)"
        return text


def get_pipeline(model: Optional[str]):
    """The pipeline for `model`, loaded once per process.

    model (Optional[str]): as for `quotes.load` (None: the shipped default).
    RETURNS (Language): the cached pipeline.
    """
    key = model or "default"
    if key not in _PIPELINES:
        from .pipeline import load

        _PIPELINES[key] = load(model)
    return _PIPELINES[key]


def plan_partitions(inputs: Sequence[str], lines_per_partition: int = 10_000) -> List[Partition]:
    """Cut the inputs into partitions, in input order.

    inputs (Sequence[str]): JSONL (`.jsonl`, `.ndjson`) and Parquet (`.parquet`) files.
    lines_per_partition (int): lines per JSONL partition (Parquet partitions are row groups).
    RETURNS (List[Partition]): the partitions.
    """
    parts: List[Partition] = []
    for p in inputs:
        path = Path(p)
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq

            meta = pq.ParquetFile(path).metadata
            first = 1
            for g in range(meta.num_row_groups):
                parts.append(Partition(str(path), "parquet", g, -1, first))
                first += meta.row_group(g).num_rows
        elif path.suffix in (".jsonl", ".ndjson"):
            with path.open("rb") as f:
                start, line, first = 0, 0, 1
                offset = 0
                for raw in f:
                    line += 1
                    offset += len(raw)
                    if line - first + 1 == lines_per_partition:
                        parts.append(Partition(str(path), "jsonl", start, offset, first))
                        start, first = offset, line + 1
                if offset > start:
                    parts.append(Partition(str(path), "jsonl", start, offset, first))
        else:
            raise ValueError(f"{path}: extract_dask reads .jsonl, .ndjson and .parquet files")
    return parts


def _records(part: Partition, text_field: str, id_field: str, keep_fields: Sequence[str]):
    if part.kind == "jsonl":
        import io

        with open(part.path, "rb") as f:
            f.seek(part.start)
            data = f.read(part.end - part.start)
        yield from read_jsonl(io.BytesIO(data), part.path, text_field, id_field, keep_fields,
                              first_line=part.first)
    else:
        import pyarrow.parquet as pq

        rows = pq.ParquetFile(part.path).read_row_group(part.start).to_pylist()
        for k, row in enumerate(rows):
            n = part.first + k
            yield _from_row(row, n, f"{part.path}:row {n}", text_field, id_field, keep_fields)


def _run_partition(item: Tuple[int, Partition], output_dir: str, model: Optional[str],
                   text_field: str, id_field: str, keep_fields: Sequence[str], batch_size: int,
                   max_chars: int, resume: bool = False) -> Dict[str, Any]:
    index, part = item
    out_path = Path(output_dir) / f"part-{index:05d}.jsonl"
    tmp = out_path.with_suffix(".jsonl.tmp")
    if resume and out_path.exists():  # a part that was complete
        records, errors = resume_output(out_path)
        return {"path": str(out_path), "documents": 0, "quotes": 0, "errors": 0, "words": 0,
                "resumed": records, "resumed_errors": errors}
    nlp = get_pipeline(model)
    summary = extract_file(nlp, _records(part, text_field, id_field, keep_fields), tmp,
                           resume=resume and tmp.exists(), batch_size=batch_size, max_chars=max_chars)
    tmp.replace(out_path)  # a retried task never leaves half a part behind
    return {"path": str(out_path), "documents": summary.documents, "quotes": summary.quotes,
            "errors": summary.errors, "words": summary.words, "resumed": summary.resumed,
            "resumed_errors": summary.resumed_errors}


def extract_dask(
    inputs: Sequence[str], output_dir: str, model: Optional[str] = None, *,
    text_field: str = "text", id_field: str = "id", keep_fields: Sequence[str] = (),
    lines_per_partition: int = 10_000, batch_size: int = 32, max_chars: int = DEFAULT_CHUNK_CHARS,
    client: Any = None, resume: bool = False,
) -> DaskSummary:
    """Extract quotes from JSONL and Parquet files with Dask, one part file per partition.

    inputs (Sequence[str]): `.jsonl`/`.ndjson` and `.parquet` files.
    output_dir (str): where to write `part-00000.jsonl`, ... (created; in input order).
    model (Optional[str]): the pipeline, as for `quotes.load` (None: the shipped default).
    text_field (str): the field or column holding the text.
    id_field (str): the field or column holding the id (the line or row number where missing).
    keep_fields (Sequence[str]): fields or columns to copy to the output records.
    lines_per_partition (int): JSONL lines per partition.
    batch_size (int): documents per `nlp.pipe` batch on a worker.
    max_chars (int): piece size for long texts (see `quotes.batch.extract_records`).
    client (Optional[distributed.Client]): the cluster's client; None for Dask's current default
        scheduler (a `Client` made before the call, else local threads).
    resume (bool): go on with a job that was stopped, with the same inputs and settings: keep the
        complete parts, go on with the parts cut short, do the others.
    RETURNS (DaskSummary): totals and the part files written.
    """
    import dask.bag as db

    Path(output_dir).mkdir(parents=True, exist_ok=True)
    parts = list(enumerate(plan_partitions(inputs, lines_per_partition)))
    if not parts:
        return DaskSummary()
    bag = db.from_sequence(parts, npartitions=len(parts))
    done = bag.map(_run_partition, output_dir=output_dir, model=model, text_field=text_field,
                   id_field=id_field, keep_fields=tuple(keep_fields), batch_size=batch_size,
                   max_chars=max_chars, resume=resume)
    results = client.compute(done).result() if client is not None else done.compute()
    summary = DaskSummary()
    for r in sorted(results, key=lambda r: r["path"]):
        summary.documents += r["documents"]
        summary.quotes += r["quotes"]
        summary.errors += r["errors"]
        summary.words += r["words"]
        summary.resumed += r["resumed"]
        summary.resumed_errors += r["resumed_errors"]
        summary.parts.append(r["path"])
    return summary
