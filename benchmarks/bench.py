"""Speed and peak memory of the quote pipelines, as ratios to the base pipeline alone.

    python benchmarks/bench.py [--repeat 2] [--limit 0]

Texts: PolNeAR dev (../shared/data/polnear/dev/text/*.txt) where present, else the project's
corpus/*.jsonl texts; read in place, never copied. Each setup runs in its own subprocess (so peak
RSS is its own: `resource.getrusage(RUSAGE_SELF).ru_maxrss`, plus its children for n_process=2):

  (a) base        the base pipeline alone (`quotes.pipeline.base_pipeline_name()`)
  (b) rules       base + quote_rules (`quotes.load("rules")`)
  (b2) rules x2   the same with n_process=2 (scaling against (b))
  (c) trained     `quotes.load("trained")` when a shipped model exists under quotes/models/, else skipped
  (c2) accurate   `quotes.load("accurate")` (the quote model over a frozen transformer), likewise
  (d) textacy     the base pipeline, then `textacy.extract.triples.direct_quotations` on each doc
  (e) job, job x2 the batch job as `quotes extract --n-process 1|2` runs it (`batch.extract_lines`
                  with the default pipeline: JSON lines built where the pipeline runs, in the
                  worker processes for x2): the scaling of `--n-process 2` against 1

Words are the base tokenizer's tokens that are not punctuation or space. Times are the best of
`--repeat` passes over all texts after one warm-up document (model loading is not counted).
"""
import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
SETUPS = ["base", "rules", "rules_x2", "trained", "accurate", "textacy", "split", "job", "job_x2"]


def load_texts(limit: int = 0) -> (List[str], str):
    if POLNEAR_DEV.exists():
        texts = [p.read_text(encoding="utf8") for p in sorted(POLNEAR_DEV.glob("*.txt"))]
        source = f"PolNeAR dev ({POLNEAR_DEV})"
    else:
        texts = []
        for p in sorted((ROOT / "corpus").glob("*.jsonl")):
            texts += [json.loads(line)["text"] for line in p.open(encoding="utf8") if line.strip()]
        source = "corpus/*.jsonl"
    return (texts[:limit] if limit else texts), source


def run_setup(name: str, repeat: int, limit: int, batch_size: int = 32) -> dict:
    """Run one setup in this process and return its figures."""
    import spacy

    import quotes
    from quotes.pipeline import MODELS_DIR, TRAINED_MODEL, base_pipeline_name

    texts, _ = load_texts(limit)
    n_process = 1
    extra = None
    if name == "base":
        nlp = spacy.load(base_pipeline_name())
    elif name in ("job", "job_x2"):
        from quotes.batch import InputRecord, Summary, extract_lines

        nlp = quotes.load()
        nlp(texts[0])
        best = None
        for _ in range(repeat):
            records = (InputRecord(i, t, f"text {i}") for i, t in enumerate(texts))
            summary = Summary()
            start = time.perf_counter()
            for line in extract_lines(nlp, records, batch_size=batch_size, summary=summary,
                                      n_process=2 if name == "job_x2" else 1):
                pass  # the CLI writes each line; the parent does nothing else
            seconds = time.perf_counter() - start
            best = seconds if best is None else min(best, seconds)
        words = sum(len(t.split()) for t in texts)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return {"setup": name, "docs": len(texts), "words": words, "seconds": best,
                "words_per_second": words / best, "quotes": summary.quotes,
                "peak_rss_mb": rss / 1024, "peak_rss_children_mb": rss_children / 1024}
    elif name in ("rules", "rules_x2"):
        nlp = quotes.load("rules")
        n_process = 2 if name == "rules_x2" else 1
    elif name == "trained":
        if not (MODELS_DIR / TRAINED_MODEL / "config.cfg").exists():
            return {"setup": name, "skipped": f"no shipped model at {MODELS_DIR / TRAINED_MODEL}"}
        nlp = quotes.load("trained")
    elif name == "accurate":
        from quotes.pipeline import ACCURATE_MODEL

        if not (MODELS_DIR / ACCURATE_MODEL / "config.cfg").exists():
            return {"setup": name, "skipped": f"no shipped model at {MODELS_DIR / ACCURATE_MODEL}"}
        nlp = quotes.load("accurate")
    elif name == "textacy":
        from textacy.extract.triples import direct_quotations

        nlp = spacy.load(base_pipeline_name())
        bailed = []

        def extra(doc):
            try:
                return list(direct_quotations(doc))
            except ValueError:  # textacy gives up on a doc with an odd number of quote marks
                bailed.append(1)
                return []
    elif name == "split":
        # In one process, the same period: the base pipeline, then quote_rules alone on its docs.
        # Less sensitive to a busy machine than two subprocesses measured minutes apart.
        nlp = quotes.load("rules")
        rules = nlp.get_pipe("quote_rules")
        nlp(texts[0])
        base_s, rules_s = [], []
        for _ in range(repeat):
            with nlp.select_pipes(disable=["quote_rules"]):
                start = time.perf_counter()
                docs = list(nlp.pipe(texts, batch_size=batch_size))
                base_s.append(time.perf_counter() - start)
            start = time.perf_counter()
            for doc in docs:
                rules(doc)
            rules_s.append(time.perf_counter() - start)
        return {"setup": name, "base_seconds": min(base_s), "rules_seconds": min(rules_s)}
    else:
        raise ValueError(name)
    nlp(texts[0])  # warm-up
    best = None
    words = quotes_found = 0
    for _ in range(repeat):
        start = time.perf_counter()
        words = quotes_found = 0
        for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            if extra is not None:
                quotes_found += len(extra(doc))
            elif doc.has_extension("quotes"):
                quotes_found += len(doc._.quotes)
            words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
    failed = len(bailed) // repeat if name == "textacy" else 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"setup": name, "docs": len(texts), "words": words, "seconds": best,
            "words_per_second": words / best, "quotes": quotes_found, "docs_failed": failed,
            "peak_rss_mb": rss / 1024, "peak_rss_children_mb": rss_children / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2, help="passes per setup; the best counts")
    parser.add_argument("--limit", type=int, default=0, help="first N texts only (0: all)")
    parser.add_argument("--setup", help=argparse.SUPPRESS)  # internal: run one setup, print JSON
    parser.add_argument("--only", default=",".join(SETUPS), help="comma-separated setups to run")
    parser.add_argument("--batch-size", type=int, default=32,
                        help="documents per batch; n_process=2 deals batches out to its workers in "
                             "turn, so a small text set needs small batches to keep both busy")
    args = parser.parse_args()
    if args.setup:
        print(json.dumps(run_setup(args.setup, args.repeat, args.limit, args.batch_size)))
        return
    texts, source = load_texts(args.limit)
    print(f"texts: {source}: {len(texts)} documents, {sum(len(t) for t in texts):,} characters; "
          f"batch size {args.batch_size}")
    results = {}
    for name in args.only.split(","):
        proc = subprocess.run([sys.executable, __file__, "--setup", name, "--repeat", str(args.repeat),
                               "--limit", str(args.limit), "--batch-size", str(args.batch_size)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{name}: failed: " + proc.stderr.strip().splitlines()[-1])
            continue
        results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    base = results.get("base")
    print(f"{'setup':10} {'words/s':>9} {'ratio':>6} {'peak RSS MB':>12} {'ratio':>6} {'quotes':>7}")
    for name, r in results.items():
        if name == "split":
            b, q = r["base_seconds"], r["rules_seconds"]
            print(f"split      base pipeline {b:.1f}s, quote_rules alone on its docs {q:.1f}s: "
                  f"base + rules speed ratio {b / (b + q):.2f}")
            continue
        if name in ("job", "job_x2"):
            continue  # whitespace words, not comparable with (a): reported as a scaling below
        if "skipped" in r:
            print(f"{name:10} skipped: {r['skipped']}")
            continue
        rss = max(r["peak_rss_mb"], r["peak_rss_children_mb"]) if name == "rules_x2" else r["peak_rss_mb"]
        speed_ratio = r["words_per_second"] / base["words_per_second"] if base else float("nan")
        rss_ratio = rss / base["peak_rss_mb"] if base else float("nan")
        print(f"{name:10} {r['words_per_second']:9,.0f} {speed_ratio:6.2f} {rss:12,.0f} {rss_ratio:6.2f} "
              f"{r['quotes']:7}" + (f"  ({r['docs_failed']} docs raised, counted as none)"
                                    if r.get("docs_failed") else ""))
    if "rules" in results and "rules_x2" in results:
        scale = results["rules_x2"]["words_per_second"] / results["rules"]["words_per_second"]
        print(f"n_process=2 against 1 for base + quote_rules: {scale:.2f}x "
              "(peak RSS for x2 is the largest single process: the parent or one worker)")
    if "job" in results and "job_x2" in results:
        one, two = results["job"], results["job_x2"]
        print(f"batch job (quotes extract): --n-process 1 {one['seconds']:.1f}s, --n-process 2 "
              f"{two['seconds']:.1f}s: {one['seconds'] / two['seconds']:.2f}x; peak RSS "
              f"{one['peak_rss_mb']:,.0f} MB / {max(two['peak_rss_mb'], two['peak_rss_children_mb']):,.0f} MB")


if __name__ == "__main__":
    main()
