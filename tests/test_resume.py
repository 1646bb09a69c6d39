"""`quotes extract --resume`: a job killed at any moment and started again with the same arguments
ends with the same output as a run that was never interrupted."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from quotes.batch import resume_output
from quotes.cli import app

SENTENCES = [
    "“We will rebuild the bridge,” Mayor Ellen Park said on Tuesday.",
    "The council said costs had doubled.",
    "Nothing was said about the schedule.",
    "“It is too early,” a spokeswoman told reporters, “to say more.”",
]


def write_docs(path, n=200):
    with path.open("w", encoding="utf8") as f:
        for i in range(n):
            text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3))
            f.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
        f.write("{broken line\n")  # an error record too: the resumed run must keep its exit status


def extract_args(docs, out):
    return [sys.executable, "-m", "quotes", "extract", str(docs), "--model", "rules", "--no-progress",
            "--batch-size", "4", "-o", str(out), "--resume"]


def test_resume_output_drops_partial_line(tmp_path):
    out = tmp_path / "out.jsonl"
    assert resume_output(out) == (0, 0)
    out.write_bytes(b'{"id": 1, "quotes": []}\n{"id": 2, "error": "x"}\n{"id": 3, "quo')
    assert resume_output(out) == (2, 1)
    assert out.read_bytes() == b'{"id": 1, "quotes": []}\n{"id": 2, "error": "x"}\n'
    out.write_bytes(b'{"id": 1, "quo')
    assert resume_output(out) == (0, 0) and out.read_bytes() == b""


def test_resume_needs_an_output_file(tmp_path):
    (tmp_path / "a.txt").write_text("He said so.", encoding="utf8")
    result = CliRunner().invoke(app, ["extract", "--model", "rules", "--resume", str(tmp_path / "a.txt")])
    assert result.exit_code != 0 and "--resume needs --output" in result.output


def test_killed_job_resumes_to_the_same_output(tmp_path):
    docs = tmp_path / "docs.jsonl"
    write_docs(docs)
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    full = tmp_path / "full.jsonl"
    done = subprocess.run(extract_args(docs, full), env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # the broken line is an error record
    expected = full.read_bytes()
    assert expected.count(b"\n") == 201

    out = tmp_path / "out.jsonl"
    kills = 0
    for _ in range(1):  # (more kills test nothing new and cost a model load each)
        proc = subprocess.Popen(extract_args(docs, out), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        start_size = out.stat().st_size if out.exists() else 0
        deadline = time.time() + 120
        while proc.poll() is None and time.time() < deadline:
            if out.exists() and out.stat().st_size > start_size:
                proc.send_signal(signal.SIGKILL)
                kills += 1
                break
            time.sleep(0.02)
        proc.wait()
    assert kills >= 1, "the job finished before it could be killed"
    assert len(out.read_bytes()) < len(expected)
    resumed = subprocess.run(extract_args(docs, out), env=env, capture_output=True, text=True)
    assert resumed.returncode == 1, resumed.stderr
    assert "resumed after the" in resumed.stderr
    assert out.read_bytes() == expected


def test_killed_two_process_job_resumes_and_leaves_no_worker(tmp_path):
    psutil = pytest.importorskip("psutil")
    docs = tmp_path / "docs.jsonl"
    write_docs(docs, n=120)
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    full = tmp_path / "full.jsonl"
    done = subprocess.run(extract_args(docs, full), env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    expected = full.read_bytes()

    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(extract_args(docs, out) + ["--n-process", "2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = []
    deadline = time.time() + 120
    while proc.poll() is None and time.time() < deadline:
        if out.exists() and out.stat().st_size > 0:
            workers = psutil.Process(proc.pid).children()
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait()
    assert workers, "the job finished before it could be killed"
    assert len(out.read_bytes()) < len(expected)
    # the workers see their parent gone and exit
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive
    resumed = subprocess.run(extract_args(docs, out) + ["--n-process", "2"], env=env,
                             capture_output=True, text=True)
    assert resumed.returncode == 1, resumed.stderr
    assert "resumed after the" in resumed.stderr
    assert out.read_bytes() == expected
