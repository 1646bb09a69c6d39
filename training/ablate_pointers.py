"""Ablation of a v2 pipeline's pointers on PolNeAR dev (in PolNeAR's conventions): decode the same
scores with the start/end pointers for both roles, for the content only, for the speaker only, and
for neither (v1's runs of flagged tokens), at each given cue threshold.

    python training/ablate_pointers.py PIPELINE [CUE_THRESHOLDS, e.g. 0.4,0.5]

Needs training/output/data/dev.spacy (`python training/train.py data`)."""
import sys, json
sys.path.insert(0, '.')
import spacy, numpy
import quotes.component as C
from quotes import items
from quotes.scorer import score_quotes
from quotes.pipeline import set_conventions
from spacy.training import Corpus
nlp = spacy.load(sys.argv[1])
set_conventions(nlp, "polnear")
pipe = nlp.get_pipe("quotes")
examples = list(Corpus("training/output/data/dev.spacy")(nlp))
docs = list(nlp.pipe((eg.predicted for eg in examples), disable=["quotes"], batch_size=16))
cue_thresholds = [float(x) for x in sys.argv[2].split(",")] if len(sys.argv) > 2 else [0.5]
orig_span, orig_frag = C._pointed_span, C._pointed_fragments
for ct in cue_thresholds:
    pipe.model.attrs["cue_threshold"] = ct
    scores = []
    for i in range(0, len(docs), 8):
        scores.extend(pipe.predict(docs[i:i+8]))
    for variant in ("both", "content", "speaker", "none"):
        C._pointed_span = orig_span if variant in ("both", "speaker") else (lambda probs, role, run, max_len, avoid: run)
        C._pointed_fragments = orig_frag if variant in ("both", "content") else (lambda probs, threshold, runs, separators: runs)
        if variant == "content":
            # content pointers still need the span chooser
            C._pointed_span = lambda probs, role, run, max_len, avoid: orig_span(probs, role, run, max_len, avoid) if role == 0 else run
        for eg, doc, s in zip(examples, docs, scores):
            items.set_quotes(doc, pipe.decode(doc, s))
            eg.predicted = doc
        r = score_quotes(examples)
        print(ct, variant, {k: round(100 * (r.get(f"quotes_{k}_f") or 0), 1) for k in ("attribution", "attribution_quoted", "content", "content_overlap", "cue", "speaker")}, flush=True)
