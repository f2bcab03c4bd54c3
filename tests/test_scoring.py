"""kg's scorer agrees with the reference scorer of ../shared/eval/score.py."""

from __future__ import annotations

import importlib.util
import json

import pytest

from kg.evaluation import load_jsonl
from kg.extract import Extractor
from kg.problems import ProblemLog
from kg.records import read_records
from kg.scoring import RecordMismatch, score

from conftest import SHARED


def _reference():
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        pytest.skip("../shared/eval/score.py is not beside this checkout")
    spec = importlib.util.spec_from_file_location("reference_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOLD = [
    {"id": "a", "text": "上海与云南合作。", "entities": [
        {"start": 0, "end": 2, "label": "PLACE", "text": "上海"},
        {"start": 3, "end": 5, "label": "PLACE", "text": "云南"}],
     "relations": [{"head": 0, "tail": 1, "label": "COOPERATES_WITH"}],
     "ignore": [{"start": 5, "end": 7}]},
    {"id": "b", "text": "州政协。", "entities": [{"start": 0, "end": 3, "label": "AGENCY", "text": "州政协"}], "relations": []},
]
PRED = [
    {"id": "a", "text": "上海与云南合作。", "entities": [
        {"start": 0, "end": 2, "label": "PLACE", "text": "上海"},
        {"start": 3, "end": 5, "label": "PLACE", "text": "云南"},
        {"start": 5, "end": 7, "label": "PROGRAM", "text": "合作"}],
     "relations": [{"head": 1, "tail": 0, "label": "COOPERATES_WITH"}]},
]


def test_ignore_spans_symmetric_relations_and_missing_records():
    scores = score(GOLD, PRED)
    assert scores["ents_tp"] == 2 and scores["ents_fp"] == 0 and scores["ents_fn"] == 1
    assert scores["rels_tp"] == 1 and scores["rels_fp"] == 0
    assert scores["missing_records"] == 1


def test_text_mismatch_is_an_error():
    bad = [dict(PRED[0], text="别的文本")]
    with pytest.raises(RecordMismatch):
        score(GOLD, bad)


def test_agrees_with_reference_scorer_on_dev_gold(dev_gold, tmp_path):
    reference = _reference()
    pred = [x.record for x in Extractor("rules").extract(read_records([dev_gold], ProblemLog()))]
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pred), encoding="utf-8")
    ours = score(load_jsonl(dev_gold), pred)
    theirs = reference.score(reference.load(dev_gold), reference.load(pred_path))
    for prefix, part in (("ents", "entities"), ("rels", "relations")):
        for key in "prf":
            assert round(ours[f"{prefix}_{key}"], 3) == round(theirs[part]["micro"][key], 3)
        for label, values in theirs[part].items():
            if label != "micro":
                assert round(ours[f"{prefix}_per_type"][label]["f"], 3) == round(values["f"], 3)
