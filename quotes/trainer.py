"""A training loop that checkpoints and resumes exactly where it stopped, for runs longer than one
sitting (a transformer's heads on a CPU).

`train_resumable(config, run_dir)` trains the components a spaCy config does not freeze, and every
`eval_frequency` steps writes into `run_dir`:

- `last/`: the pipeline (weights), `state.pkl`: the optimizer's moments and update counts (keyed
  by each parameter's place in the model, not thinc's per-process ids), the step, the epoch and the
  position in it, and the random state; written to a temporary folder and swapped in, so a kill at
  any moment leaves the previous checkpoint whole;
- `best/`: the pipeline with the best dev score so far;
- `log.jsonl`: one line per evaluation (step, epoch, mean training loss since the last line,
  learning rate, words per second, the dev scores).

Run it again with the same arguments and it goes on from `last/`. The learning rate warms up
linearly, then decays linearly to zero at `max_steps` (the config's `[training.optimizer.learn_rate]`
`warmup_steps`, `initial_rate`, and `[training] max_steps`): a function of the step alone, so a
resumed run follows the same curve. The order of the training data is a function of the seed and
the epoch, so a resumed run sees the same batches as an uninterrupted one.
"""
import json
from contextlib import nullcontext
import logging
import pickle
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple, Union

import numpy
import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import registry, resolve_dot_names
from thinc.api import Config, Optimizer, fix_random_seed

PathLike = Union[str, Path]
logger = logging.getLogger("quotes.trainer")


@registry.readers("quotes.ParsedCorpus.v1")
def parsed_corpus(path: PathLike) -> Callable[[Language], Iterator[Example]]:
    """A reader of documents already parsed by the base pipeline (`training/train.py data` writes
    them): the predicted doc is a copy of the parsed one without the quotes. With the base
    components frozen and not annotating, the trained component sees the very parse that the
    pipeline computes at run time, without parsing every document again in every epoch.

    path (PathLike): the .spacy file. RETURNS (Callable[[Language], Iterator[Example]]): the corpus.
    """
    from spacy.tokens import DocBin

    def read(nlp: Language) -> Iterator[Example]:
        for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
            predicted = doc.copy()
            for key in list(predicted.spans):
                del predicted.spans[key]
            yield Example(predicted, doc)

    return read


def learn_rate(step: int, peak: float, warmup: int, total: int) -> float:
    """Linear warm-up to `peak` over `warmup` steps, then linear decay to 0 at `total`."""
    if step < warmup:
        return peak * (step + 1) / max(warmup, 1)
    return peak * max(0.0, (total - step) / max(total - warmup, 1))


def batches(examples: List[Example], words: int, seed: int, epoch: int) -> List[List[Example]]:
    """The epoch's batches: the examples shuffled by (seed, epoch), cut into runs of about
    `words` words (a document longer than that is a batch of its own)."""
    order = list(range(len(examples)))
    random.Random(seed * 100_003 + epoch).shuffle(order)
    out: List[List[Example]] = []
    current: List[Example] = []
    size = 0
    for i in order:
        n = len(examples[i].reference)
        if current and size + n > words:
            out.append(current)
            current, size = [], 0
        current.append(examples[i])
        size += n
    if current:
        out.append(current)
    return out


def _param_keys(nlp: Language, names: Iterable[str]) -> Dict[int, str]:
    """thinc model id -> a stable name (component, node index in walk order), for the optimizer's
    state to outlive the process whose ids it was keyed by."""
    keys = {}
    for name in names:
        proc = nlp.get_pipe(name)
        if hasattr(proc, "model"):
            for i, node in enumerate(proc.model.walk()):
                keys[node.id] = f"{name}/{i}"
    return keys


def optimizer_state(optimizer: Optimizer, keys: Dict[int, str]) -> Dict[str, Any]:
    def remap(d):
        return {(keys[k[0]], k[1]): v for k, v in d.items() if k[0] in keys}

    return {
        "mom1": remap(optimizer.mom1),
        "mom2": remap(optimizer.mom2),
        "nr_update": remap(optimizer.nr_update),
        "last_seen": remap(optimizer.last_seen),
        "averages": remap(optimizer.averages) if optimizer.averages is not None else None,
    }


def restore_optimizer(optimizer: Optimizer, state: Dict[str, Any], keys: Dict[int, str]) -> None:
    back = {v: k for k, v in keys.items()}

    def remap(d):
        return {(back[k[0]], k[1]): v for k, v in d.items() if k[0] in back}

    optimizer.mom1 = remap(state["mom1"])
    optimizer.mom2 = remap(state["mom2"])
    optimizer.nr_update.update(remap(state["nr_update"]))
    optimizer.last_seen.update(remap(state["last_seen"]))
    if state.get("averages") is not None and optimizer.averages is not None:
        optimizer.averages = remap(state["averages"])


def _save(nlp: Language, folder: Path, state: Optional[Dict[str, Any]] = None) -> None:
    """Write a pipeline (and the training state) to `folder` atomically: into a sibling, then swap."""
    tmp = folder.with_name(folder.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    nlp.to_disk(tmp)
    if state is not None:
        with (tmp / "state.pkl").open("wb") as f:
            pickle.dump(state, f)
    old = folder.with_name(folder.name + ".old")
    if folder.exists():
        if old.exists():
            shutil.rmtree(old)
        folder.rename(old)
    tmp.rename(folder)
    if old.exists():
        shutil.rmtree(old)


def _weighted(scores: Dict[str, Any], weights: Dict[str, float]) -> float:
    return sum(w * float(scores.get(k) or 0.0) for k, w in weights.items() if w)


def train_resumable(
    config_path: PathLike,
    run_dir: PathLike,
    overrides: Optional[Dict[str, Any]] = None,
    batch_words: int = 1000,
    progress: bool = True,
    stop_after: Optional[int] = None,
) -> Path:
    """Train (or go on training) a config; see the module's docstring for what `run_dir` holds.

    config_path (PathLike): a spaCy training config.
    run_dir (PathLike): the run's folder (keep it outside a checkout that may be laid anew).
    overrides (Dict[str, Any]): config overrides, as `spacy train` takes them.
    batch_words (int): words per batch.
    progress (bool): log a line per evaluation on stderr.
    stop_after (Optional[int]): stop (with a checkpoint) after this many steps in this call, to
        leave the machine to other work; None to go on to `max_steps` or the patience.
    RETURNS (Path): the folder of the best pipeline.
    """
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    last = run_dir / "last"
    config = spacy.util.load_config(config_path, overrides=overrides or {}, interpolate=False)
    # the defaults of every section a config leaves out, as `spacy init fill-config` gives them
    from spacy.language import DEFAULT_CONFIG

    config = DEFAULT_CONFIG.merge(config)
    config.to_disk(run_dir / "config.cfg")
    resumed = (last / "state.pkl").exists()
    if resumed:
        nlp = spacy.load(last)
        with (last / "state.pkl").open("rb") as f:
            state = pickle.load(f)
    else:
        from spacy.training.initialize import init_nlp

        # spaCy's own initialization: the frozen (sourced) components keep their weights and data
        fix_random_seed(config.interpolate()["training"].get("seed") or 0)
        nlp = init_nlp(config, use_gpu=-1)
        state = None
    interpolated = config.interpolate()
    T = registry.resolve(interpolated["training"], schema=None)
    dot_names = [T["train_corpus"], T["dev_corpus"]]
    train_corpus, dev_corpus = resolve_dot_names(interpolated, dot_names)
    frozen = list(T["frozen_components"])
    annotating = list(T["annotating_components"])
    trained = [name for name, proc in nlp.pipeline if name not in frozen and hasattr(proc, "update")]
    weights = {k: v for k, v in T["score_weights"].items() if v}
    seed = T["seed"] or 0
    lr_cfg = config["training"]["optimizer"].get("learn_rate", {})
    peak = float(lr_cfg.get("initial_rate", 0.001)) if isinstance(lr_cfg, dict) else float(lr_cfg)
    warmup = int(lr_cfg.get("warmup_steps", 0)) if isinstance(lr_cfg, dict) else 0
    max_steps = int(T["max_steps"]) or 20000
    eval_every = int(T["eval_frequency"])
    patience = int(T["patience"] or 0)
    dropout = float(T["dropout"])
    optimizer: Optimizer = T["optimizer"]
    optimizer.schedules.pop("learn_rate", None)

    logger.info("reading the training data ...")
    train_examples = list(train_corpus(nlp))
    dev_examples = list(dev_corpus(nlp))
    if not resumed:
        step, epoch, pos, best_score, best_step = 0, 0, 0, -1.0, 0
    else:
        keys = _param_keys(nlp, trained)
        restore_optimizer(optimizer, state["optimizer"], keys)
        step, epoch, pos = state["step"], state["epoch"], state["pos"]
        best_score, best_step = state["best_score"], state["best_step"]
        random.setstate(state["random"])
        numpy.random.set_state(state["numpy_random"])
        logger.info(f"resumed {run_dir} at step {step} (epoch {epoch}, batch {pos}); best {best_score:.4f} at {best_step}")
    keys = _param_keys(nlp, trained)
    exclude = frozen  # frozen components are not updated; those in `annotating` still annotate
    losses_sum: Dict[str, float] = {}
    n_batches = 0
    words = 0
    t0 = time.time()
    steps_here = 0

    def checkpoint() -> None:
        _save(nlp, last, {
            "optimizer": optimizer_state(optimizer, keys),
            "step": step, "epoch": epoch, "pos": pos,
            "best_score": best_score, "best_step": best_step,
            "random": random.getstate(), "numpy_random": numpy.random.get_state(),
        })

    while step < max_steps:
        epoch_batches = batches(train_examples, batch_words, seed, epoch)
        while pos < len(epoch_batches) and step < max_steps:
            batch = epoch_batches[pos]
            optimizer.learn_rate = learn_rate(step, peak, warmup, max_steps)
            losses: Dict[str, float] = {}
            nlp.update(batch, drop=dropout, losses=losses, sgd=False, exclude=exclude, annotates=annotating)
            for name in trained:
                nlp.get_pipe(name).finish_update(optimizer)
            for k, v in losses.items():
                losses_sum[k] = losses_sum.get(k, 0.0) + v
            n_batches += 1
            words += sum(len(eg.reference) for eg in batch)
            step += 1
            pos += 1
            steps_here += 1
            if step % eval_every == 0 or step == max_steps:
                averages = optimizer.averages
                with nlp.use_params(averages) if averages else nullcontext():
                    scores = nlp.evaluate(dev_examples, batch_size=8)
                    score = _weighted(scores, weights)
                    if score > best_score:
                        _save(nlp, run_dir / "best")
                elapsed = time.time() - t0
                row = {
                    "step": step, "epoch": epoch,
                    "loss": {k: round(v / max(n_batches, 1), 4) for k, v in losses_sum.items()},
                    "learn_rate": optimizer.learn_rate, "words_per_second": round(words / max(elapsed, 1e-9)),
                    "score": round(score, 4),
                    "scores": {k: v for k, v in scores.items() if isinstance(v, (int, float)) and k.startswith("quotes_")},
                }
                with (run_dir / "log.jsonl").open("a", encoding="utf8") as f:
                    f.write(json.dumps(row) + "\n")
                if progress:
                    print(f"step {step} epoch {epoch} loss {row['loss']} lr {optimizer.learn_rate:.2e} "
                          f"score {score:.4f} (best {max(best_score, score):.4f})", file=sys.stderr, flush=True)
                if score > best_score:
                    best_score, best_step = score, step
                losses_sum, n_batches, words, t0 = {}, 0, 0, time.time()
                checkpoint()
                if patience and step - best_step >= patience:
                    logger.info(f"no better score for {patience} steps: stopping at {step}")
                    return run_dir / "best"
                if stop_after is not None and steps_here >= stop_after:
                    return run_dir / "best"
        if pos >= len(epoch_batches):
            epoch += 1
            pos = 0
    checkpoint()
    return run_dir / "best"
