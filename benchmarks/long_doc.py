"""Does the cost of one document grow linearly with its length? Builds a document of N repeated
paragraphs (three quotes each) and one of 4N, runs the pipeline's components up to the quote
component once, then times, for each document, the quote component (without its resolver), the
resolver, and the output record, and prints each stage's time ratio (4N against N: 4.0 is linear).

    python benchmarks/long_doc.py [--model rules|trained] [--paragraphs 100]
"""
import argparse
import time

UNIT = ("“We will win,” she said. “It is over,” he added, and the mayor said that “nothing” would "
        "change.\n\n")


def stage_times(nlp, name: str, text: str):
    from quotes.items import doc_to_record

    pipe = nlp.get_pipe(name)
    doc = nlp.make_doc(text)
    for other, proc in nlp.pipeline:
        if other != name:
            doc = proc(doc)
    resolver, pipe.resolver = pipe.resolver, None
    try:
        t0 = time.perf_counter()
        pipe(doc)
        t1 = time.perf_counter()
    finally:
        pipe.resolver = resolver
    found = list(doc._.quotes)
    resolver(doc, found)
    t2 = time.perf_counter()
    doc_to_record(doc, "long")
    t3 = time.perf_counter()
    return len(doc), len(found), (t1 - t0, t2 - t1, t3 - t2)


def main() -> None:
    import quotes

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="rules", help="'rules' or 'trained'")
    parser.add_argument("--paragraphs", type=int, default=100)
    args = parser.parse_args()
    nlp = quotes.load(args.model)
    nlp.max_length = 10**8
    name = "quotes" if "quotes" in nlp.pipe_names else "quote_rules"
    rows = [stage_times(nlp, name, UNIT * n) for n in (args.paragraphs, 4 * args.paragraphs)]
    print(f"{args.model}: {'tokens':>8} {'quotes':>7} {'component':>10} {'resolver':>9} {'record':>7}")
    for tokens, found, times in rows:
        print(f"{'':{len(args.model) + 1}} {tokens:8d} {found:7d} " + " ".join(f"{t:8.3f}s" for t in times))
    ratios = [b / a if a > 0 else float("nan") for a, b in zip(rows[0][2], rows[1][2])]
    print("ratio 4N/N (4.0 = linear): " + ", ".join(
        f"{stage} {r:.1f}" for stage, r in zip(("component", "resolver", "record"), ratios)))


if __name__ == "__main__":
    main()
