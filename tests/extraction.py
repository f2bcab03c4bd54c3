"""Helpers shared by the rule tests: run the extractor on sentences written for a test."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kg.extract import Extractor
from kg.records import InputRecord


def run(extractor: Extractor, texts: Sequence[str], doc: str) -> list[dict[str, Any]]:
    """Exchange records for ``texts``, read as consecutive records of one document."""
    records = [InputRecord(f"r{i}", text, "test", 1, doc=doc) for i, text in enumerate(texts)]
    return [extraction.record for extraction in extractor.extract(records)]


def relations(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    """(head text, label, tail text) of every relation found in ``text``, read as a document of its own."""
    record = run(extractor, [text], doc=text)[0]
    names = [e["text"] for e in record["entities"]]
    return {(names[r["head"]], r["label"], names[r["tail"]]) for r in record["relations"]}
