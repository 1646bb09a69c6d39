"""`quotes.load`: the default, the rules, the shipped trained pipeline, and any saved pipeline."""
import spacy

import quotes
from quotes.pipeline import DEFAULT_PIPELINE, MODELS_DIR, TRAINED_MODEL


def test_default_is_the_trained_pipeline():
    nlp = quotes.load()
    assert DEFAULT_PIPELINE == "trained" and nlp.pipe_names[-1] == "quotes"
    rules = quotes.load("rules")
    assert rules.pipe_names[-1] == "quote_rules"


def test_trained_pipeline_ships_and_runs():
    assert (MODELS_DIR / TRAINED_MODEL / "MODEL_CARD.md").exists()
    nlp = quotes.load("trained")
    assert "quotes" in nlp.pipe_names and "parser" in nlp.pipe_names
    doc = nlp("“We will win,” the coach said on Sunday.")
    for q in doc._.quotes:
        assert q.type in ("direct", "indirect", "mixed") and 0.0 <= q.score <= 1.0


def test_saved_pipeline_without_quote_component_gets_rules(tmp_path):
    base = spacy.load(quotes.pipeline.base_pipeline_name())
    base.to_disk(tmp_path / "base")
    nlp = quotes.load(tmp_path / "base")
    assert nlp.pipe_names[-1] == "quote_rules"
    assert len(nlp("“Yes,” she said.")._.quotes) == 1
