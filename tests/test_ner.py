"""kg's trained NER: the recipe trains, the shipped default pipeline works and scores.

Training here is on 20 corpus sentences for 2 epochs: it proves the recipe
(kg's tokenizer → DocBin → spaCy's loop → a loadable model) and its
determinism, not the model's quality; quality is the dev-gold floor.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluation import evaluate
from kg.nlp.components import choose_spans
from kg.nlp.features import MissingRuleSpans, rule_tags
from kg.nlp.pipeline import load_pipeline
from kg.resources import REPO_ROOT
from kg.train import CorpusAlignmentError, reference_doc

TRAIN = REPO_ROOT / "pipelines" / "corpus" / "train.jsonl"
TINY_EPOCHS = "2"


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    lines = TRAIN.read_text(encoding="utf-8").splitlines()[:20]
    path = tmp_path_factory.mktemp("corpus") / "tiny.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def train_tiny(corpus: Path, output: Path) -> None:
    result = CliRunner().invoke(app, [
        "train", "--corpus", str(corpus), "--output", str(output), "--max-epochs", TINY_EPOCHS, "--assemble", "",
    ])
    assert result.exit_code == 0, result.output
    assert (output / "config.cfg").exists()


def test_kg_train_on_a_tiny_corpus_makes_a_loadable_deterministic_model(tiny_corpus, tmp_path):
    train_tiny(tiny_corpus, tmp_path / "a")
    train_tiny(tiny_corpus, tmp_path / "b")
    nlp = spacy.load(tmp_path / "a")
    doc = nlp("上海市嘉定区对口帮扶云南省楚雄州。")
    assert [c for c, _ in nlp.pipeline][:3] == ["kg_place_recognizer", "kg_name_recognizer", "ner"]
    assert all(e.label_ in nlp.get_pipe("ner").labels for e in doc.ents)
    assert (tmp_path / "a" / "ner" / "model").read_bytes() == (tmp_path / "b" / "ner" / "model").read_bytes()


def test_reference_doc_maps_gold_spans_onto_normalised_text():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.NormalizingCharTokenizer.v1"}}})
    text = "滬(hù)滇協作推動楚 雄州發展"
    record = {"id": "t", "text": text, "entities": [
        {"start": 0, "end": 8, "label": "PROGRAM", "text": text[0:8]},
        {"start": 10, "end": 14, "label": "PLACE", "text": text[10:14]},
    ]}
    doc = reference_doc(nlp, record)
    assert [(e.text, e.label_) for e in doc.ents] == [("沪滇协作", "PROGRAM"), ("楚雄州", "PLACE")]
    assert doc.user_data["kg.original"] == text
    with pytest.raises(CorpusAlignmentError, match="'t'"):
        reference_doc(nlp, {"id": "t", "text": "楚(chǔ)雄", "entities": [{"start": 2, "end": 4, "label": "PLACE", "text": "ch"}]})


def test_rule_tags_are_biluo_per_span_group_and_required():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.NormalizingCharTokenizer.v1"}}})
    doc = nlp("在楚雄州和沪")
    doc.spans["kg_places"] = [doc.char_span(1, 4, label="PLACE"), doc.char_span(5, 6, label="PLACE")]
    tags = rule_tags(doc, "kg_places")
    assert len(set(tags[[0, 4]])) == 1 and len(set(tags[1:4])) == 3 and tags[5] not in set(tags[:5])
    with pytest.raises(MissingRuleSpans, match="kg_names"):
        rule_tags(doc, "kg_names")


def test_merger_policies():
    doc = Doc(spacy.blank("zh").vocab, words=list("楚雄高新区"), spaces=[False] * 5)
    rule = doc.char_span(0, 5, label="PARK")
    model = doc.char_span(0, 2, label="PLACE")
    ranked = [(0, 0, model), (1, 0, rule)]
    assert [s.label_ for s in choose_spans(ranked)] == ["PARK"]
    assert [s.label_ for s in choose_spans(ranked, "priority")] == ["PLACE"]


@pytest.fixture(scope="module")
def default_nlp():
    return load_pipeline("default")


def test_default_pipeline_finds_entities_in_new_text(default_nlp):
    text = "江苏省苏州市与贵州省铜仁市签署东西部协作框架协议，苏州工业园区管委会派出干部赴铜仁挂职。"
    found = {(e.text, e.label_) for e in default_nlp(text).ents}
    assert {("江苏省", "PLACE"), ("苏州市", "PLACE"), ("贵州省", "PLACE"), ("铜仁市", "PLACE"), ("东西部协作", "PROGRAM")} <= found
    assert "ner" in default_nlp.pipe_names and "kg_place_recognizer" in default_nlp.pipe_names


def test_default_pipeline_dev_gold_entity_f1_floor(dev_gold, default_nlp):
    scores = evaluate(dev_gold, pipeline="default")
    assert scores["ents_f"] >= 0.85, json.dumps({k: scores[k] for k in ("ents_p", "ents_r", "ents_f")})


def test_no_combination_of_rules_and_model_beats_the_bound(default_nlp):
    """pipelines/bench_ner.py's upper bound is at least the F1 and recall of each source and of the default merge."""
    spec = importlib.util.spec_from_file_location("bench_ner", REPO_ROOT / "pipelines" / "bench_ner.py")
    bench_ner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_ner)
    gold = bench_ner.read_jsonl(bench_ner.HELDOUT)[:60]
    rules, model = load_pipeline("rules"), load_pipeline("ner")
    bound = bench_ner.combination_bound(rules, model, gold)
    singles = [bench_ner.entity_scores(nlp, gold) for nlp in (rules, model, default_nlp)]
    assert bound["ents_p"] == 1.0
    assert all(bound["ents_f"] >= s["ents_f"] and bound["ents_r"] >= s["ents_r"] for s in singles)
