import os
from pathlib import Path

import pytest

# Tests never reach a model hub: everything they load ships in an installed package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed"
POLNEAR = SHARED / "data" / "polnear"

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
