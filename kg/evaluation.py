"""``kg evaluate``: score a pipeline (or a prediction file) against gold.

The gold file is exchange-format JSONL; records are re-extracted from their
``text`` unless a prediction file is given.  Scores are those of
:func:`kg.scoring.score`, which follows ANNOTATION.md exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.extract import Extractor
from kg.nlp.pipeline import DEFAULT_PIPELINE
from kg.problems import ProblemLog
from kg.records import read_records
from kg.scoring import score


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read exchange-format records (gold or predictions)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(
    gold_path: str | Path,
    pred_path: str | Path | None = None,
    pipeline: str = DEFAULT_PIPELINE,
    labels: list[str] | None = None,
) -> dict[str, Any]:
    """P/R/F1 of ``pred_path`` (or of ``pipeline`` run on the gold texts) against ``gold_path``."""
    gold = load_jsonl(gold_path)
    if pred_path is not None:
        pred = load_jsonl(pred_path)
    else:
        problems = ProblemLog()
        pred = [x.record for x in Extractor(pipeline).extract(read_records([gold_path], problems))]
    return score(gold, pred, labels=labels)
