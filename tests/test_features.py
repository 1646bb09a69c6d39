"""quotes.QuoteFeatures.v1: the cue lexicon and the rules' candidates as per-token features."""
import numpy
import pytest
import spacy

from quotes import items
from quotes.features import FEATURES, CueLexicon, build_quote_features, doc_features


@pytest.fixture(scope="module")
def parsed():
    from quotes.pipeline import base_pipeline_name

    return spacy.load(base_pipeline_name())


def test_lexicon_counts_cue_words_and_pairs():
    nlp = spacy.blank("en")
    items.register_extensions()
    text = "Critics called for a recount. He called the office. Officials said it was over."
    doc = items.record_to_doc(nlp.make_doc(text), {"quotes": [
        {"type": "indirect", "content": {"start": 17, "end": 28, "fragments": [[17, 28]]},
         "speaker": {"start": 0, "end": 7}, "cue": {"start": 8, "end": 16}},
        {"type": "indirect", "content": {"start": 65, "end": 76, "fragments": [[65, 76]]},
         "speaker": {"start": 50, "end": 59}, "cue": {"start": 60, "end": 64}},
    ]})
    lex = CueLexicon.from_docs([doc])
    assert lex.counts["called"] == (1, 2)  # a cue once in two uses
    assert lex.counts["called for"] == (1, 1)
    assert lex.counts["said"] == (1, 1)
    assert "office" not in lex.counts
    assert lex.rate("called for")[0] > 0 and lex.rate("office") == (0.0, 0.0)


def test_lexicon_round_trip(tmp_path):
    lex = CueLexicon({"said": (10, 11), "according to": (4, 4)})
    lex.to_disk(tmp_path / "lex.json")
    assert CueLexicon.from_disk(tmp_path / "lex.json").counts == lex.counts


def test_features_read_the_rules_candidates(parsed):
    doc = parsed("“We will rebuild,” Mayor Ellen Park said on Monday.")
    lex = CueLexicon({"said": (10, 11)})
    feats = doc_features(doc, lex)
    assert feats.shape == (len(doc), len(FEATURES))
    col = {name: i for i, name in enumerate(FEATURES)}
    said = [t.i for t in doc if t.text == "said"][0]
    park = [t.i for t in doc if t.text == "Park"][0]
    rebuild = [t.i for t in doc if t.text == "rebuild"][0]
    assert feats[said, col["word_cue_rate"]] == pytest.approx(10 / 13)
    assert feats[said, col["rule_cue"]] == 1 and feats[park, col["rule_speaker"]] == 1
    assert feats[rebuild, col["rule_content"]] == 1 and feats[rebuild, col["rule_quoted"]] == 1
    assert feats[park, col["rule_cue"]] == 0


def test_the_lexicon_is_saved_with_the_model(tmp_path, parsed):
    path = tmp_path / "lex.json"
    CueLexicon({"said": (10, 11)}).to_disk(path)
    model = build_quote_features(str(path))
    model.initialize()
    data = model.to_bytes()
    other = build_quote_features(None).from_bytes(data)
    doc = parsed("Officials said the vote was close.")
    numpy.testing.assert_array_equal(model.predict([doc])[0], other.predict([doc])[0])
    assert other.predict([doc])[0][:, 0].max() > 0
