"""Plot a resumable run's training curve: loss and dev F1 against steps (PNG).

    python training/plot_curve.py RUN_DIR OUT.png [--title TITLE]

Reads RUN_DIR/log.jsonl, which `quotes.trainer.train_resumable` writes (one line per evaluation).
Needs matplotlib (`pip install matplotlib`; not a dependency of the package).
"""
import argparse
import json
from pathlib import Path

ROLES = [("attribution", "attribution"), ("attribution_quoted", "attribution, quoted"), ("content", "content, exact"),
         ("cue", "cue"), ("speaker", "speaker")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--title", default=None)
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [json.loads(line) for line in (args.run_dir / "log.jsonl").read_text(encoding="utf8").splitlines() if line.strip()]
    steps = [r["step"] for r in rows]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    for name in sorted({k for r in rows for k in r["loss"]}):
        ax1.plot(steps, [r["loss"].get(name) for r in rows], marker="o", label=f"{name} loss")
    ax1.set_xlabel("step")
    ax1.set_ylabel("mean training loss since the last evaluation")
    ax1.legend()
    ax1b = ax1.twinx()
    ax1b.plot(steps, [r["learn_rate"] for r in rows], color="grey", linestyle=":", label="learning rate")
    ax1b.set_ylabel("learning rate")
    for key, label in ROLES:
        ax2.plot(steps, [100 * (r["scores"].get(f"quotes_{key}_f") or 0) for r in rows], marker="o", label=label)
    ax2.set_xlabel("step")
    ax2.set_ylabel("F1 on the dev part (PolNeAR conventions)")
    ax2.legend(fontsize="small")
    ax2.grid(alpha=0.3)
    fig.suptitle(args.title or args.run_dir.name)
    fig.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=100)
    print(args.out)


if __name__ == "__main__":
    main()
