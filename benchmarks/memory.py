"""Is memory flat over a long stream? Streams N short generated documents through
`quotes.batch.extract_records` (the default pipeline, or `--model rules|trained|PATH`) and prints
the process's RSS every `--every` documents.

    python benchmarks/memory.py [--docs 100000] [--every 10000] [--batch-size 64] [--model M]

The documents are generated (a few sentences, most with a quote, ids repeating nothing), consumed
one by one and dropped, as `quotes extract` does when it writes them out. RSS is read with psutil.
"""
import argparse
import random
import time

import psutil

NAMES = ["Ellen Park", "the mayor", "a spokeswoman", "Senator Ruiz", "the company", "he", "she"]
VERBS = ["said", "told reporters", "added", "claimed", "wrote"]
CLAIMS = ["We will rebuild the bridge", "It is too early to say", "The plan works",
          "Costs have doubled", "Nobody asked us", "We expect more rain"]


def documents(n: int, seed: int = 0):
    from quotes.batch import InputRecord

    rng = random.Random(seed)
    for i in range(n):
        parts = []
        for _ in range(rng.randint(1, 3)):
            who, verb, claim = rng.choice(NAMES), rng.choice(VERBS), rng.choice(CLAIMS)
            if rng.random() < 0.6:
                parts.append(f"“{claim},” {who} {verb}.")
            else:
                parts.append(f"{who.capitalize()} {verb} that {claim.lower()}.")
        yield InputRecord(f"doc{i}", " ".join(parts), f"generated {i}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--model", default=None, help="pipeline for quotes.load (default: the default pipeline)")
    args = parser.parse_args()

    import quotes
    from quotes.batch import Summary, extract_records

    proc = psutil.Process()
    nlp = quotes.load(args.model)
    print(f"pipeline: {args.model or 'default'} {nlp.pipe_names}", flush=True)
    summary = Summary()
    start = time.perf_counter()
    print(f"{'docs':>8} {'RSS MB':>8} {'seconds':>8}", flush=True)
    print(f"{0:8} {proc.memory_info().rss / 2**20:8.1f} {0:8.1f}", flush=True)
    for n, _ in enumerate(extract_records(nlp, documents(args.docs), batch_size=args.batch_size,
                                          summary=summary), start=1):
        if n % args.every == 0:
            print(f"{n:8} {proc.memory_info().rss / 2**20:8.1f} {time.perf_counter() - start:8.1f}",
                  flush=True)
    print(f"summary: {summary}")


if __name__ == "__main__":
    main()
