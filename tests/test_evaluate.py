"""Evaluation on a tiny pipeline whose output is known: a test-only component copies the gold quotes,
dropping or damaging some on request, so every figure can be worked out by hand."""
import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import DocBin

from quotes.corpus import convert
from quotes.evaluate import agreement, evaluate, format_table, load_gold, write_errors_report
from quotes.items import record_to_doc, register_extensions
from quotes.scorer import match_records

TEXT_1 = "“We will win,” Smith said. Jones added that taxes would fall."
TEXT_2 = "The minister said the plan was sound. “Nobody asked us,” a farmer told reporters."


def _span(text: str, sub: str) -> Dict[str, Any]:
    start = text.index(sub)
    return {"start": start, "end": start + len(sub), "text": sub}


def _quote(text: str, content: str, speaker: Optional[str], cue: Optional[str], type: str) -> Dict[str, Any]:
    c = _span(text, content)
    sp = _span(text, speaker) if speaker else None
    if sp is not None:
        sp["resolved"] = None
    return {
        "type": type,
        "content": dict(c, fragments=[[c["start"], c["end"]]]),
        "speaker": sp,
        "cue": _span(text, cue) if cue else None,
        "score": 1.0,
    }


GOLD = [
    {
        "id": "doc-1",
        "text": TEXT_1,
        "quotes": [
            _quote(TEXT_1, "“We will win,”", "Smith", "said", "direct"),
            _quote(TEXT_1, "that taxes would fall", "Jones", "added", "indirect"),
        ],
    },
    {
        "id": "doc-2",
        "text": TEXT_2,
        "quotes": [
            _quote(TEXT_2, "the plan was sound", "The minister", "said", "indirect"),
            _quote(TEXT_2, "“Nobody asked us,”", "a farmer", "told", "direct"),
        ],
    },
]
GOLD_BY_TEXT = {r["text"]: r for r in GOLD}


@Language.factory(
    "quotes_test_copy_gold",
    default_config={"drop": [], "no_cue": []},
)
def make_copy_gold(nlp: Language, name: str, drop: List[str], no_cue: List[str]):
    """Test-only: set the gold quotes of a known text, leaving out those whose content text is in
    `drop` and removing the cue of those in `no_cue`."""
    register_extensions()

    def copy_gold(doc):
        gold = GOLD_BY_TEXT.get(doc.text, {"quotes": []})
        quotes = []
        for q in gold["quotes"]:
            if q["content"]["text"] in drop:
                continue
            if q["content"]["text"] in no_cue:
                q = dict(q, cue=None)
            quotes.append(q)
        return record_to_doc(doc, {"quotes": quotes})

    return copy_gold


def pipeline(**config) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("quotes_test_copy_gold", config=config)
    return nlp


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf8")
    return path


def test_load_gold_jsonl(tmp_path):
    path = write_jsonl(tmp_path / "gold.jsonl", GOLD)
    assert list(load_gold(path)) == GOLD
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(GOLD[0]) + "\n{not json\n", encoding="utf8")
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        list(load_gold(bad))
    with pytest.raises(ValueError, match="gold data must be"):
        list(load_gold(write_jsonl(tmp_path / "gold.txt", GOLD)))


def test_load_gold_docbin(tmp_path):
    nlp = spacy.blank("en")
    register_extensions()
    doc_bin = DocBin(store_user_data=True)
    for record in GOLD:
        doc = record_to_doc(nlp(record["text"]), record)
        doc.user_data["id"] = record["id"]
        doc_bin.add(doc)
    doc_bin.to_disk(tmp_path / "gold.spacy")
    records = list(load_gold(tmp_path / "gold.spacy", nlp))
    assert [r["id"] for r in records] == ["doc-1", "doc-2"]
    # Token-aligned spans come back as they went in.
    assert [r["quotes"] for r in records] == [r["quotes"] for r in GOLD]


def test_evaluate_perfect_pipeline_writes_metrics(tmp_path):
    out = tmp_path / "metrics" / "metrics.json"
    scores = evaluate(pipeline(), GOLD, output=out, progress=False)
    assert scores["quotes_attribution_f"] == 1.0
    assert scores["quotes_attribution_quoted_f"] == 1.0
    assert scores["quotes_docs_n"] == 2
    assert json.loads(out.read_text(encoding="utf8")) == scores


def test_evaluate_docbin_path(tmp_path):
    nlp = pipeline(drop=["“Nobody asked us,”"])
    doc_bin = DocBin(store_user_data=True)
    for record in GOLD:
        doc_bin.add(record_to_doc(spacy.blank("en")(record["text"]), record))
    doc_bin.to_disk(tmp_path / "gold.spacy")
    scores = evaluate(nlp, load_gold(tmp_path / "gold.spacy", nlp), progress=False)
    # 3 of 4 gold quotes predicted, all right: P = 3/3, R = 3/4.
    assert scores["quotes_attribution_p"] == 1.0
    assert scores["quotes_attribution_r"] == 0.75
    # Quoted: gold "We will win" and "Nobody asked us", one found: R = 1/2.
    assert scores["quotes_attribution_quoted_r"] == 0.5


def test_errors_report(tmp_path):
    nlp = pipeline(drop=["that taxes would fall"], no_cue=["the plan was sound"])
    report = tmp_path / "errors.md"
    scores = evaluate(nlp, load_gold(write_jsonl(tmp_path / "g.jsonl", GOLD)), errors_path=report,
                      progress=False)
    # Predicted 3: two right, one without its cue (partial). P = 2/3, R = 2/4.
    assert scores["quotes_attribution_p"] == pytest.approx(2 / 3)
    assert scores["quotes_attribution_r"] == 0.5
    text = report.read_text(encoding="utf8")
    assert "## `doc-1`" in text and "## `doc-2`" in text
    assert "### Missed" in text and "that taxes would fall" in text
    # The missed quote is shown in context with its parts marked.
    assert "⟨Jones⟩ ⟪added⟫ ⟦that taxes would fall⟧" in text
    assert "### Partial: wrong cue" in text
    assert "| cue ✗ | said | (none) |" in text


def test_errors_report_false_alarm_and_boundaries(tmp_path):
    gold = GOLD[0]
    pred = {
        "id": "doc-1",
        "quotes": [
            # "would fall" against "that taxes would fall": Dice 2*9/(9+18) = 0.67, paired.
            _quote(TEXT_1, "would fall", "Jones", "added", "indirect"),
            # "win" against "We will win": Dice 2*3/(3+9) = 0.5, paired.
            _quote(TEXT_1, "win", "Smith", "said", "direct"),
        ],
    }
    match = match_records(gold, pred)
    assert len(match.right) == 2
    # "We" against "We will win": Dice 2*2/(2+9) = 0.36: a miss and a false alarm, reported together.
    pred["quotes"][1] = _quote(TEXT_1, "We", "Smith", "said", "direct")
    # And a false alarm with no gold overlap at all.
    pred["quotes"].append(_quote(TEXT_1, "Jones", None, None, "indirect"))
    path = write_errors_report(tmp_path / "e.md", [match_records(gold, pred)])
    text = path.read_text(encoding="utf8")
    assert "### Missed, content boundaries differ" in text
    assert "Dice 0.36" in text
    assert "### False alarm" in text
    assert "1 missed, 2 false alarms" in text


def test_format_table():
    scores = evaluate(pipeline(drop=["“Nobody asked us,”"]), GOLD, progress=False)
    table = format_table(scores)
    lines = {line.split("  ")[0].strip(): line for line in table.splitlines()}
    assert lines["Attribution"].split()[1:] == ["100.0", "75.0", "85.7", "3/3", "3/4"]
    assert "mixed" in table and "pronoun" in table
    assert "Resolved speaker accuracy: -" in table


def write_brat(folder: Path, name: str, text: str, annotators: Dict[str, List[Dict[str, str]]]) -> None:
    """A tiny PolNeAR-style folder: one article, one .ann file per annotator."""
    (folder / "text").mkdir(parents=True, exist_ok=True)
    (folder / "attributions").mkdir(exist_ok=True)
    (folder / "text" / f"{name}.txt").write_text(text, encoding="utf8")
    for who, relations in annotators.items():
        lines, t = [], 0
        for e, rel in enumerate(relations, 1):
            args = []
            for label in ("Source", "Cue", "Content"):
                if rel.get(label):
                    t += 1
                    s = text.index(rel[label])
                    lines.append(f"T{t}\t{label} {s} {s + len(rel[label])}\t{rel[label]}")
                    args.append(f"{label}:T{t}")
            t += 1
            s = text.index(rel["Cue"])
            lines.append(f"T{t}\tAttribution {s} {s + len(rel['Cue'])}\t{rel['Cue']}")
            lines.append(f"E{e}\tAttribution:T{t} " + " ".join(args))
        (folder / "attributions" / f"{name}_{who}.ann").write_text("\n".join(lines) + "\n", encoding="utf8")


BRAT_TEXT = "Smith said the plan would fail. Jones thinks it would work, an aide said."
SMITH = {"Source": "Smith", "Cue": "said", "Content": "the plan would fail"}
JONES = {"Source": "Jones", "Cue": "thinks", "Content": "it would work"}
AIDE = {"Source": "an aide", "Cue": "thinks", "Content": "it would work"}


def test_load_gold_polnear_folder(tmp_path):
    write_brat(tmp_path / "dev", "art", BRAT_TEXT, {"aaaa": [SMITH, JONES]})
    records = list(load_gold(tmp_path / "dev"))
    assert [r["id"] for r in records] == ["art"]
    assert [q["speaker"]["text"] for q in records[0]["quotes"]] == ["Smith", "Jones"]
    with pytest.raises(ValueError, match="PolNeAR"):
        list(load_gold(tmp_path))


def test_agreement(tmp_path):
    # A and C agree; B gives the second quote another source.
    # A->B and B->A: 1 right of 2 each way: F = 0.5; same for B->C and C->B; A->C, C->A: F = 1.
    # Mean over the 6 ordered pairs: (4 * 0.5 + 2 * 1) / 6 = 2/3.
    write_brat(tmp_path, "art", BRAT_TEXT, {"a": [SMITH, JONES], "b": [SMITH, AIDE], "c": [SMITH, JONES]})
    result = agreement(tmp_path)
    assert result["annotators"] == ["a", "b", "c"]
    assert result["pairs"] == 6 and result["articles"] == 1
    assert result["per_pair"]["a->b"] == 0.5 and result["per_pair"]["a->c"] == 1.0
    assert result["quotes_attribution_f"] == pytest.approx(2 / 3)
    # Contents and cues all agree; speakers: {Smith, Jones} vs {Smith, an aide}: F = 0.5 for 4 pairs.
    assert result["quotes_content_f"] == 1.0
    assert result["quotes_cue_f"] == 1.0
    assert result["quotes_speaker_f"] == pytest.approx(2 / 3)
    # Pairwise figures are symmetric, so mean P equals mean R.
    assert result["quotes_attribution_p"] == pytest.approx(result["quotes_attribution_r"])


POLNEAR_TRAINING = Path(__file__).parent.parent.parent / "shared" / "data" / "polnear" / "annotator-training"


@pytest.mark.skipif(not POLNEAR_TRAINING.is_dir(), reason="../shared/data/polnear is not beside the project")
def test_agreement_on_polnear_annotator_training():
    result = agreement(POLNEAR_TRAINING)
    assert result["pairs"] == 30 and result["articles"] == 4
    # DEVELOPERS.md quotes human agreement of about 69 attribution F1 (81 quoted).
    assert 0.6 < result["quotes_attribution_f"] < 0.8
    assert result["quotes_attribution_quoted_f"] > result["quotes_attribution_f"]


def test_spacy_evaluate_prints_the_quote_scores(tmp_path, capsys):
    """`spacy evaluate` of the shipped pipeline prints fixed keys only (TOK, ..., SPAN P/R/F for
    --spans-key, and its per-type table): with `--spans-key quotes` the quote scores are there."""
    from spacy.cli.evaluate import evaluate as spacy_evaluate

    from quotes.pipeline import MODELS_DIR, TRAINED_MODEL, load

    shipped = MODELS_DIR / TRAINED_MODEL
    data = tmp_path / "gold.spacy"
    nlp = load("trained")
    convert(GOLD, data, nlp)
    ours = evaluate(nlp, GOLD, progress=False)
    spacy_evaluate(str(shipped), data, spans_key="quotes", silent=False)
    printed = capsys.readouterr().out
    f = ours["quotes_attribution_f"]
    assert re.search(rf"SPAN F\s+{100 * f:.2f}", printed), printed
    for row, key in (("attribution quoted", "attribution_quoted"), ("cue", "cue"), ("speaker", "speaker")):
        p, r, f = (ours[f"quotes_{key}_{x}"] for x in "prf")
        assert re.search(rf"{row}\s+{100 * p:.2f}\s+{100 * r:.2f}\s+{100 * f:.2f}", printed), printed
