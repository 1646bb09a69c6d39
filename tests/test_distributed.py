"""`quotes.distributed.extract_dask` on a two-process LocalCluster gives the same records as the
single-process batch job."""
import json

import pytest

pytest.importorskip("dask.distributed", reason="the dask extra is not installed")

from dask.distributed import Client, LocalCluster  # noqa: E402

from quotes.batch import extract_records, read_inputs  # noqa: E402
from quotes.distributed import extract_dask, plan_partitions  # noqa: E402

TEXTS = [
    "“We will rebuild the bridge,” Mayor Ellen Park said on Tuesday.",
    "The council said costs had doubled.",
    "Nothing was said about the schedule.",
    "“It is too early,” a spokeswoman told reporters, “to say more.”",
]


@pytest.fixture
def inputs(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    jsonl = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": f"j{i}", "text": " ".join(TEXTS[i % 4 :] + TEXTS[: i % 3]), "src": "j"})
             for i in range(45)]
    lines[7] = "{broken"
    lines[20] = json.dumps({"text": TEXTS[0]})  # no id: the line number, counted over the file
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf8")
    parquet = tmp_path / "docs.parquet"
    pq.write_table(pa.table({"id": [f"p{i}" for i in range(25)], "text": [TEXTS[i % 4] for i in range(25)],
                             "src": ["p"] * 25}), parquet, row_group_size=10)
    return [str(jsonl), str(parquet)]


def test_plan_partitions(inputs):
    parts = plan_partitions(inputs, lines_per_partition=10)
    assert [(p.kind, p.first) for p in parts] == [("jsonl", 1), ("jsonl", 11), ("jsonl", 21), ("jsonl", 31),
                                                  ("jsonl", 41), ("parquet", 1), ("parquet", 11),
                                                  ("parquet", 21)]


def test_local_cluster_equals_single_process(rules_nlp, inputs, tmp_path):
    expected = list(extract_records(rules_nlp, read_inputs(inputs, keep_fields=("src",))))
    expected = json.loads(json.dumps(expected))
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        summary = extract_dask(inputs, str(tmp_path / "out"), model="rules", keep_fields=("src",),
                               lines_per_partition=10, client=client)
    got = []
    for part in summary.parts:
        got += [json.loads(line) for line in open(part, encoding="utf8")]
    assert len(summary.parts) == 8
    assert len(got) == 70 and got == expected
    assert got[7]["id"] == 8 and "docs.jsonl:8" in got[7]["error"]
    assert got[20]["id"] == 21
    assert (summary.documents, summary.errors) == (70, 1)
    assert summary.quotes == sum(len(r.get("quotes", [])) for r in expected)


def test_a_stopped_job_resumes_to_the_same_parts(rules_nlp, inputs, tmp_path):
    """Resume, as the CLI does it (`batch.extract_file`): complete parts are kept, a part cut
    short goes on from its complete records, a missing part is done; the parts end as an
    uninterrupted run's. (Dask's local threads: what is tested is the parts' bookkeeping.)"""
    import dask

    out = tmp_path / "out"
    with dask.config.set(scheduler="synchronous"):
        first = extract_dask(inputs, str(out), model="rules", lines_per_partition=10)
        expected = [open(p, "rb").read() for p in first.parts]
        kept = out / "part-00000.jsonl"
        kept_time = kept.stat().st_mtime_ns
        cut = out / "part-00003.jsonl"
        cut.with_suffix(".jsonl.tmp").write_bytes(expected[3][: len(expected[3]) // 2])  # a partial line too
        cut.unlink()
        (out / "part-00006.jsonl").unlink()
        again = extract_dask(inputs, str(out), model="rules", lines_per_partition=10, resume=True)
    assert [open(p, "rb").read() for p in again.parts] == expected
    assert kept.stat().st_mtime_ns == kept_time  # left as it was
    assert not list(out.glob("*.tmp"))
    done_again = 10 - expected[3][: len(expected[3]) // 2].count(b"\n") + 10
    assert again.documents == done_again and again.resumed + again.documents == first.documents
    assert again.resumed_errors + again.errors == first.errors == 1
