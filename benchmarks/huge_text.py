"""Peak memory and time of `quotes extract` on one huge text with no paragraph break.

    python benchmarks/huge_text.py [--mb 1,2,5] [--model default] [--max-chars 100000] [--batch-size 32]

For each size, the project's corpus texts (corpus/*.jsonl), their line breaks turned into spaces,
are joined and repeated into one single-line text of that many million characters (about 175,000
words per million), written to a temporary file, and run through `python -m quotes extract` in a
subprocess of its own. Its peak RSS is the subprocess's own (`os.wait4`, `ru_maxrss`), its time
the wall clock of the whole command (model loading included). Prints one row per size, and the
time per million characters (flat = linear) and the peak's growth from the smallest size.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parents[1]


def single_line_text(chars: int) -> str:
    """A text of about `chars` characters with no line break: the corpus texts, joined, repeated."""
    texts = []
    for p in sorted((ROOT / "corpus").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in p.open(encoding="utf8") if line.strip()]
    unit = " ".join(" ".join(t.split()) for t in texts) + " "
    text = (unit * (chars // len(unit) + 1))[:chars]
    return text[: text.rfind(" ")]


def run_extract(path: Path, out: Path, model: str, max_chars: int, batch_size: int,
                extra=()) -> Dict[str, float]:
    """Run `python -m quotes extract` on one file; its wall time, peak RSS and summary line."""
    env = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    cmd = [sys.executable, "-m", "quotes", "extract", str(path), "-o", str(out), "--no-progress",
           "--model", model, "--max-chars", str(max_chars), "--batch-size", str(batch_size), *extra]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf8", "replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    summary = [line for line in stderr.splitlines() if line.startswith("quotes extract:")]
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "exit": proc.returncode,
            "summary": summary[-1] if summary else stderr.strip().splitlines()[-1:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", default="1,2,5", help="comma-separated sizes, in millions of characters")
    parser.add_argument("--model", default="default")
    parser.add_argument("--max-chars", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    sizes = [float(x) for x in args.mb.split(",")]
    print(f"model {args.model}, --max-chars {args.max_chars:,}, --batch-size {args.batch_size}")
    print(f"{'M chars':>8} {'words':>10} {'quotes':>7} {'seconds':>8} {'s/M chars':>9} {'peak RSS MB':>11}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes:
            text = single_line_text(int(mb * 1_000_000))
            path = Path(tmp) / f"line-{mb}.txt"
            path.write_text(text, encoding="utf8")
            words = len(text.split())
            del text
            out = Path(tmp) / "out.jsonl"
            r = run_extract(path, out, args.model, args.max_chars, args.batch_size)
            quotes = len(json.loads(out.read_text(encoding="utf8"))["quotes"]) if r["exit"] == 0 else -1
            rows.append((mb, r))
            print(f"{mb:8.2f} {words:10,} {quotes:7,} {r['seconds']:8.1f} {r['seconds'] / mb:9.1f} "
                  f"{r['peak_mb']:11,.0f}" + ("" if r["exit"] == 0 else f"  exit {r['exit']}: {r['summary']}"),
                  flush=True)
            path.unlink()
    if len(rows) > 1:
        (m0, r0), (m1, r1) = rows[0], rows[-1]
        print(f"from {m0:g} to {m1:g} M chars: time x{r1['seconds'] / r0['seconds']:.2f} for x{m1 / m0:.2f} "
              f"the text; peak RSS {r1['peak_mb'] - r0['peak_mb']:+,.0f} MB")


if __name__ == "__main__":
    main()
