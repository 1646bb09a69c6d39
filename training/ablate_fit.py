"""Ablation of the trained component's span fitting (`fit_structure`): score the same pipeline on
PolNeAR data (in PolNeAR's conventions) with the fitting off and on.

    python training/ablate_fit.py [PIPELINE] [DATA]

PIPELINE defaults to the shipped model ("trained"); DATA to training/output/data/dev-rest.spacy,
the three quarters of PolNeAR dev outside dev-quarter.spacy (`python training/train.py data`)."""
import sys

sys.path.insert(0, ".")
import quotes  # noqa: E402
from quotes.evaluate import evaluate, load_gold  # noqa: E402
from quotes.pipeline import set_conventions  # noqa: E402

KEYS = ("attribution", "attribution_quoted", "content", "content_overlap", "cue", "speaker")

nlp = quotes.load(sys.argv[1] if len(sys.argv) > 1 else "trained")
set_conventions(nlp, "polnear")
gold = list(load_gold(sys.argv[2] if len(sys.argv) > 2 else "training/output/data/dev-rest.spacy", nlp))
pipe = nlp.get_pipe("quotes")
print("fit_structure " + " ".join(f"{k:>18s}" for k in KEYS))
for fit in (False, True):
    pipe.cfg["fit_structure"] = fit
    scores = evaluate(nlp, gold, progress=False)
    print(f"{str(fit):13s} " + " ".join(f"{100 * scores[f'quotes_{k}_f']:18.1f}" for k in KEYS), flush=True)
