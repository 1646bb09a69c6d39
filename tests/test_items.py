"""The data model: Doc._.quotes over span groups, JSON records, and serialisation round-trips."""
import json

import pytest
import spacy
from spacy.tokens import Doc, DocBin

from quotes.items import (
    Quote, doc_to_record, get_quotes, record_to_doc, register_extensions, set_quotes, speaker_kind,
)

TEXT = "“We tried,” she said, “but the money ran out.” Officials said talks would resume."


@pytest.fixture
def doc():
    register_extensions()
    nlp = spacy.blank("en")
    doc = nlp(TEXT)
    q1 = Quote(content=[doc[0:5], doc[8:16]], speaker=doc[5:6], cue=doc[6:7], type="direct",
               score=0.9)
    q2 = Quote(content=[doc[18:21]], speaker=doc[16:17], cue=doc[17:18], type="indirect",
               score=0.7, resolved=None)
    set_quotes(doc, [q2, q1])
    return doc


def check(doc):
    quotes = doc._.quotes
    assert [q.text for q in quotes] == ["“We tried,” … “but the money ran out.”", "talks would resume"]
    assert [q.speaker.text for q in quotes] == ["she", "Officials"]
    assert [q.cue.text for q in quotes] == ["said", "said"]
    assert [q.type for q in quotes] == ["direct", "indirect"]
    assert quotes[0].score == pytest.approx(0.9)


def test_quotes_in_text_order(doc):
    check(doc)
    assert [s.label_ for s in doc.spans["quotes"]] == ["direct", "direct", "indirect"]
    assert [s.text for s in doc.spans["quote_speakers"]] == ["she", "Officials"]


def test_doc_bytes_round_trip(doc):
    check(Doc(doc.vocab).from_bytes(doc.to_bytes()))


def test_docbin_round_trip(doc):
    data = DocBin(docs=[doc], store_user_data=False).to_bytes()
    (back,) = DocBin().from_bytes(data).get_docs(doc.vocab)
    check(back)


def test_json_schema(doc):
    record = doc_to_record(doc, "d1")
    assert json.loads(json.dumps(record)) == record
    assert set(record) == {"id", "quotes"}
    q = record["quotes"][0]
    assert set(q) == {"type", "content", "speaker", "cue", "score"}
    assert set(q["content"]) == {"start", "end", "text", "fragments"}
    assert set(q["speaker"]) == {"start", "end", "text", "resolved"}
    assert set(q["cue"]) == {"start", "end", "text"}
    for s, e in q["content"]["fragments"]:
        assert 0 <= s < e <= len(TEXT)
    assert q["content"]["text"] == TEXT[q["content"]["start"] : q["content"]["end"]]
    assert TEXT[q["speaker"]["start"] : q["speaker"]["end"]] == "she"
    assert [TEXT[s:e] for s, e in q["content"]["fragments"]] == ["“We tried,”", "“but the money ran out.”"]


def test_record_round_trip(doc):
    record = doc_to_record(doc, "d1", with_text=True)
    other = spacy.blank("en")(TEXT)
    assert doc_to_record(record_to_doc(other, record), "d1", with_text=True) == record


def test_record_offsets_snap_to_tokens():
    register_extensions()
    doc = spacy.blank("en")("He said it was fine.")
    record = {"quotes": [{"type": "indirect", "content": {"start": 9, "end": 17},
                          "speaker": {"start": 0, "end": 2, "resolved": None},
                          "cue": {"start": 3, "end": 5}, "score": 1.0}]}
    (q,) = record_to_doc(doc, record)._.quotes
    assert q.content[0].text == "it was fine" and q.cue.text == "said"


def test_empty_doc():
    register_extensions()
    doc = spacy.blank("en")("")
    assert doc._.quotes == []
    set_quotes(doc, [])
    assert doc_to_record(doc, 0) == {"id": 0, "quotes": []}
    assert Doc(doc.vocab).from_bytes(doc.to_bytes())._.quotes == []


def test_bad_type_is_refused():
    doc = spacy.blank("en")("He said so.")
    with pytest.raises(ValueError, match="type"):
        set_quotes(doc, [Quote(content=[doc[2:3]], type="rumour")])


@pytest.mark.parametrize(
    "text,kind",
    [(None, "none"), ("He", "pronoun"), ("they", "pronoun"),
     ("Israeli Prime Minister Benjamin Netanyahu", "name"), ("Trump", "name"),
     ("The Israeli leader", "description"), ("his office", "description"),
     ("a senior official", "description"), ("The White House", "name")],
)
def test_speaker_kind(text, kind):
    assert speaker_kind(text) == kind


def test_pipeline_to_disk_round_trip(tmp_path, rules_nlp):
    text = "“It works,” said Ann Lee."
    rules_nlp.to_disk(tmp_path / "p")
    nlp2 = spacy.load(tmp_path / "p")
    assert "quote_rules" in nlp2.pipe_names
    assert doc_to_record(nlp2(text)) == doc_to_record(rules_nlp(text))
    assert len(nlp2(text)._.quotes) == 1


def test_speaker_kind_looks_at_the_head_phrase():
    assert speaker_kind("Reyburn, a Calder County Democrat who chairs the panel,") == "name"
    assert speaker_kind("the spokesman, who declined to be named") == "description"
