import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin
from spacy.training import Example

from quotes import corpus
from quotes.corpus import CorpusError
from quotes.items import doc_to_record, get_quotes

#       0         1         2         3         4         5         6         7
#       01234567890123456789012345678901234567890123456789012345678901234567890123
TEXT1 = "“We will win,” Smith said, “and soon.” He added that taxes would fall."
TEXT2 = "The mayor's office thinks the “plan” works, according to a memo."
TEXT3 = "Nothing was said."


def _span(text, start, end):
    return {"start": start, "end": end, "text": text[start:end]}


def _quote(text, frags, type_, speaker=None, cue=None, resolved=None):
    sp = None
    if speaker is not None:
        sp = {**_span(text, *speaker), "resolved": _span(text, *resolved) if resolved else None}
    return {
        "type": type_,
        "content": {**_span(text, frags[0][0], frags[-1][1]), "fragments": [list(f) for f in frags]},
        "speaker": sp,
        "cue": _span(text, *cue) if cue else None,
        "score": 1.0,
    }


RECORDS = [
    {
        "id": "one",
        "text": TEXT1,
        "quotes": [
            _quote(TEXT1, [(0, 14), (27, 38)], "direct", speaker=(15, 20), cue=(21, 25)),
            _quote(TEXT1, [(53, 69)], "indirect", speaker=(39, 41), cue=(42, 47), resolved=(15, 20)),
        ],
        "meta": {"kind": "politics"},
    },
    {
        "id": "two",
        "text": TEXT2,
        "quotes": [
            _quote(TEXT2, [(26, 42)], "mixed", speaker=(0, 18), cue=(44, 56)),
            _quote(TEXT2, [(26, 42)], "indirect"),
        ],
        "meta": {"pages": 3},
    },
    {"id": "three", "text": TEXT3, "quotes": [], "meta": {}},
]


def test_offsets():
    assert TEXT1[15:20] == "Smith" and TEXT1[39:41] == "He" and TEXT1[42:47] == "added"
    assert TEXT1[53:69] == "taxes would fall"
    assert TEXT2[0:18] == "The mayor's office" and TEXT2[26:42] == "the “plan” works"
    assert TEXT2[44:56] == "according to"


def _write(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf8")
    return path


@pytest.fixture
def nlp():
    return spacy.blank("en")


def test_read_jsonl(tmp_path):
    path = _write(tmp_path / "c.jsonl", RECORDS)
    assert list(corpus.read_jsonl(path)) == RECORDS


@pytest.mark.parametrize(
    "line,message",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"id": "x", "quotes": []}', "no 'text'"),
        ('{"id": "x", "text": "abc", "quotes": [{"type": "odd", "content": {"start": 0, "end": 1}}]}', "type 'odd'"),
        ('{"id": "x", "text": "abc", "quotes": [{"type": "direct", "content": {"start": 0, "end": 9}}]}', r"content \[0, 9\]"),
        (
            '{"id": "x", "text": "abc", "quotes": [{"type": "direct", "content": {"start": 0, "end": 2}, '
            '"cue": {"start": 2, "end": 2}}]}',
            "cue",
        ),
    ],
)
def test_read_jsonl_errors(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(RECORDS[0]) + "\n\n" + line + "\n", encoding="utf8")
    with pytest.raises(CorpusError, match=message) as e:
        list(corpus.read_jsonl(path))
    assert f"{path}:3" in str(e.value)


def test_stats():
    st = corpus.stats(RECORDS)
    assert st["documents"] == 3 and st["quotes"] == 4
    assert st["by_type"] == {"direct": 1, "indirect": 2, "mixed": 1}
    assert st["by_speaker_kind"] == {"name": 1, "description": 1, "pronoun": 1, "none": 1}
    assert st["no_cue"] == 1
    assert st["fragments"] == {1: 3, 2: 1}
    assert st["quoted"] == 3 and st["quoted_share"] == 0.75
    assert st["top_cues"] == [["said", 1], ["added", 1], ["according to", 1]]
    report = corpus.format_stats(st)
    assert "according to" in report and "75.0%" in report
    assert corpus.stats([])["quoted_share"] == 0.0


def test_convert_round_trip(tmp_path, nlp):
    out = tmp_path / "sub" / "c.spacy"
    assert corpus.convert(RECORDS, out, nlp) == 3
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    for doc, record in zip(docs, RECORDS):
        assert doc.user_data["id"] == record["id"]
        back = doc_to_record(doc, record["id"], with_text=True)
        key = lambda q: (q["content"]["start"], q["type"])
        assert sorted(back["quotes"], key=key) == sorted(record["quotes"], key=key)


def test_convert_unalignable_span_names_the_record(tmp_path, nlp):
    bad = {"id": "blank-span", "text": "He said it.", "quotes": [_quote("He said it.", [(2, 3)], "indirect")]}
    with pytest.raises(ValueError, match="blank-span"):
        corpus.convert([bad], tmp_path / "c.spacy", nlp)


def test_load_dataset_offline(tmp_path, monkeypatch):
    import datasets

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    # the first rows have no speaker and no cue: Arrow's inference alone would type them null
    first = {"id": "zero", "text": TEXT3, "quotes": [_quote(TEXT3, [(0, 7)], "indirect")]}
    train = _write(tmp_path / "train.jsonl", [first] + RECORDS[:2])
    dev = _write(tmp_path / "dev.jsonl", RECORDS[2:])
    ds = corpus.load_dataset({"train": train, "dev": str(dev)}, cache_dir=tmp_path / "cache")
    assert ds["train"].num_rows == 3 and ds["dev"].num_rows == 1
    row = ds["train"][1]
    assert row["quotes"][0]["speaker"]["text"] == "Smith"
    assert row["quotes"][0]["speaker"]["resolved"] is None
    assert row["quotes"][1]["speaker"]["resolved"]["text"] == "Smith"
    assert ds["train"][0]["quotes"][0]["speaker"] is None and ds["train"][0]["quotes"][0]["cue"] is None
    assert row["meta"] == {"kind": "politics", "pages": None}
    assert ds["train"][2]["meta"]["pages"] == 3
    quoted = ds["train"].filter(lambda r: any(q["type"] != "indirect" for q in r["quotes"]))
    assert quoted["id"] == ["one", "two"]
    # a single file or a list gives a Dataset; the rows read back as records
    one = corpus.load_dataset(str(train), cache_dir=tmp_path / "cache")
    assert one.num_rows == 3
    assert one[1]["quotes"] == RECORDS[0]["quotes"]
    with pytest.raises(CorpusError, match="no such file"):
        corpus.load_dataset(tmp_path / "missing.jsonl")


def test_load_dataset_rejects_nested_meta(tmp_path):
    path = _write(tmp_path / "m.jsonl", [{**RECORDS[2], "meta": {"tags": ["a"]}}])
    with pytest.raises(CorpusError, match=r"m.jsonl:1: meta 'tags'"):
        corpus.load_dataset(path, cache_dir=tmp_path / "cache")


def test_reader_registered(tmp_path, nlp):
    path = _write(tmp_path / "c.jsonl", RECORDS)
    reader = spacy.registry.resolve({"r": {"@readers": "quotes.Corpus.v1", "path": str(path), "limit": 2}})["r"]
    examples = list(reader(nlp))
    assert len(examples) == 2 and all(isinstance(e, Example) for e in examples)
    ex = examples[0]
    assert ex.predicted.text == ex.reference.text == TEXT1
    assert get_quotes(ex.predicted) == []
    gold = ex.reference._.quotes
    assert [q.type for q in gold] == ["direct", "indirect"]
    assert gold[0].speaker.text == "Smith" and gold[0].cue.text == "said"
    assert [s.text for s in gold[0].content] == ["“We will win,”", "“and soon.”"]
    assert gold[1].resolved.text == "Smith"
    assert len(list(corpus.create_quote_corpus(tmp_path)(nlp))) == 3  # a folder of JSONL files


def test_reader_errors(tmp_path, nlp):
    with pytest.raises(CorpusError, match="no path given"):
        list(corpus.create_quote_corpus(None)(nlp))
    bad = {"id": "blank-span", "text": "He said it.", "quotes": [_quote("He said it.", [(2, 3)], "indirect")]}
    path = _write(tmp_path / "c.jsonl", [RECORDS[0], bad])
    with pytest.raises(CorpusError, match=r"c.jsonl:2: .*blank-span"):
        list(corpus.create_quote_corpus(path)(nlp))


def test_reader_polnear_folder(tmp_path, nlp):
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "a.txt").write_text(TEXT1, encoding="utf8")
    (split / "attributions" / "a_0001.ann").write_text(
        "T1\tContent 0 14;27 38\t“We will win,” “and soon.”\nT2\tSource 15 20\tSmith\n"
        "T3\tCue 21 25\tsaid\nT4\tAttribution 21 25\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n",
        encoding="utf8",
    )
    (ex,) = corpus.create_quote_corpus(split)(nlp)
    (q,) = ex.reference._.quotes
    assert q.type == "direct" and q.speaker.text == "Smith" and len(q.content) == 2


SOURCE = "id: {id}\nkind: test\n---\n<q1>“Yes,”</q1> <s1>she</s1> <cue1>said</cue1>.\n"


def test_build_corpus(tmp_path):
    src = tmp_path / "src"
    for split, ids in {"train": ["a", "b"], "dev": ["c"]}.items():
        (src / split).mkdir(parents=True)
        for i in ids:
            (src / split / f"{i}.txt").write_text(SOURCE.format(id=i), encoding="utf8")
    out = tmp_path / "corpus"
    assert corpus.build_corpus(src, out) == {"train": 2, "dev": 1}
    assert not (out / "test.jsonl").exists()
    train = list(corpus.read_jsonl(out / "train.jsonl"))
    assert [r["id"] for r in train] == ["a", "b"]
    (q,) = train[0]["quotes"]
    assert q["type"] == "direct" and q["speaker"]["text"] == "she" and q["cue"]["text"] == "said"
    assert train[0]["meta"] == {"kind": "test"}
    # an id in two splits would leak test data into training
    (src / "dev" / "a.txt").write_text(SOURCE.format(id="a"), encoding="utf8")
    with pytest.raises(CorpusError, match="'a' is in split 'train' too"):
        corpus.build_corpus(src, out)
    with pytest.raises(CorpusError, match="none of the split folders"):
        corpus.build_corpus(tmp_path / "nowhere", out)
