"""The distribution: its name (the import name `quotes` is another project's distribution on PyPI),
and the shipped pipeline's meta agreeing with pyproject.toml on it and on spaCy."""
import json
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import quotes
from quotes.about import __distribution__, __version__
from quotes.pipeline import MODELS_DIR, TRAINED_MODEL

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf8"))["project"]
META = json.loads((MODELS_DIR / TRAINED_MODEL / "meta.json").read_text(encoding="utf8"))


def requirement(name: str) -> Requirement:
    (found,) = [r for r in map(Requirement, PROJECT["dependencies"]) if r.name == name]
    return found


def test_distribution_name():
    assert PROJECT["name"] == __distribution__ != "quotes"


def test_meta_requires_this_distribution_and_the_same_spacy():
    (req,) = map(Requirement, META["requirements"])
    assert req.name == PROJECT["name"] and req.specifier.contains(__version__)
    assert str(requirement("spacy").specifier) == ",".join(sorted(META["spacy_version"].split(",")))


def _installed_from_here() -> bool:
    """Whether the module `quotes` imported here belongs to the installed distribution of this name
    (as `spacy package` finds it), not to an install of another tree."""
    names = metadata.packages_distributions().get("quotes", [])
    return __distribution__ in names and Path(quotes.__file__).resolve().is_relative_to(ROOT)


@pytest.mark.skipif(not _installed_from_here(), reason=f"{__distribution__} is not installed from {ROOT}")
def test_spacy_package_requires_this_distribution():
    """What `spacy package` writes into a packaged pipeline's requirements for the components."""
    from spacy.cli.package import get_third_party_dependencies

    nlp = quotes.load("trained")
    names = [Requirement(r).name for r in get_third_party_dependencies(nlp.config)]
    assert __distribution__ in names and "quotes" not in names
