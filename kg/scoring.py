"""Score predicted records against gold records, exactly as ANNOTATION.md says.

Entities match on ``(start, end, label)``; a predicted entity overlapping a gold
``ignore`` span is neither a hit nor a false alarm.  Relations match on
``(head text, label, tail text)`` per record (either order for the symmetric
``COOPERATES_WITH``), so a relation counts once however often its names repeat.

Like :mod:`spacy.scorer`, :func:`score` returns a flat dict of floats
(``ents_p``, ``ents_r``, ``ents_f``, ``ents_per_type``, ``rels_p`` …) that the
CLI, the tests and the notebooks all read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

SYMMETRIC_RELATIONS = frozenset({"COOPERATES_WITH"})

Record = Mapping[str, Any]


class RecordMismatch(ValueError):
    """A predicted record's text differs from the gold record with the same id."""


class _Tally:
    """True positives, false positives and false negatives per label."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])

    def add(self, gold: set[tuple], pred: set[tuple], label_of) -> None:
        for key in gold | pred:
            slot = 0 if key in gold and key in pred else (1 if key in pred else 2)
            self.counts[label_of(key)][slot] += 1

    def prf(self, prefix: str) -> dict[str, Any]:
        totals = [sum(c[i] for c in self.counts.values()) for i in range(3)]
        p, r, f = _prf(*totals)
        return {
            f"{prefix}_p": p,
            f"{prefix}_r": r,
            f"{prefix}_f": f,
            f"{prefix}_tp": totals[0],
            f"{prefix}_fp": totals[1],
            f"{prefix}_fn": totals[2],
            f"{prefix}_per_type": {
                label: dict(zip(("p", "r", "f"), _prf(*c)), tp=c[0], fp=c[1], fn=c[2])
                for label, c in sorted(self.counts.items())
            },
        }


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def relation_keys(record: Record) -> set[tuple[str, str, str]]:
    """The ``(head text, label, tail text)`` triples a record states."""
    entities = record.get("entities", [])
    keys = set()
    for rel in record.get("relations", []):
        try:
            head, tail = entities[rel["head"]]["text"], entities[rel["tail"]]["text"]
        except (IndexError, KeyError, TypeError):
            continue
        if rel["label"] in SYMMETRIC_RELATIONS and tail < head:
            head, tail = tail, head
        keys.add((head, rel["label"], tail))
    return keys


def _entity_keys(gold: Record, pred: Record, labels: set[str] | None) -> tuple[set, set]:
    def keep(entity: Mapping[str, Any]) -> bool:
        return labels is None or entity["label"] in labels

    ignore = [(s["start"], s["end"]) for s in gold.get("ignore", [])]
    gold_keys = {(e["start"], e["end"], e["label"]) for e in gold.get("entities", []) if keep(e)}
    pred_keys = set()
    for entity in filter(keep, pred.get("entities", [])):
        key = (entity["start"], entity["end"], entity["label"])
        if key not in gold_keys and any(entity["start"] < b and a < entity["end"] for a, b in ignore):
            continue
        pred_keys.add(key)
    return gold_keys, pred_keys


def score(
    gold: Iterable[Record] | Mapping[str, Record],
    pred: Iterable[Record] | Mapping[str, Record],
    labels: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Micro and per-label P/R/F1 of ``pred`` against ``gold`` (records keyed by ``id``).

    A gold record with no prediction counts as predicting nothing
    (``missing_records`` says how many).  ``labels`` restricts entity scoring
    to those labels on both sides.
    """
    gold_by_id = _by_id(gold)
    pred_by_id = _by_id(pred)
    wanted = set(labels) if labels is not None else None
    entities, relations = _Tally(), _Tally()
    missing = 0
    for rid, g in gold_by_id.items():
        p = pred_by_id.get(rid)
        if p is None:
            missing += 1
            p = {}
        if p.get("text", g["text"]) != g["text"]:
            raise RecordMismatch(f"{rid}: predicted record text differs from gold text")
        entities.add(*_entity_keys(g, p, wanted), label_of=lambda k: k[2])
        relations.add(relation_keys(g), relation_keys(p), label_of=lambda k: k[1])
    return {
        "records": len(gold_by_id),
        "missing_records": missing,
        **entities.prf("ents"),
        **relations.prf("rels"),
    }


def _by_id(records: Iterable[Record] | Mapping[str, Record]) -> dict[str, Record]:
    if isinstance(records, Mapping):
        return dict(records)
    return {r["id"]: r for r in records}


def format_table(scores: Mapping[str, Any]) -> str:
    """A per-label table of P/R/F1 in the manner of ``spacy evaluate``."""
    lines = []
    for prefix, title in (("ents", "entities"), ("rels", "relations")):
        lines.append(f"{title:10s} {'label':16s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>5s} {'fp':>5s} {'fn':>5s}")
        rows = [("micro", {k: scores[f"{prefix}_{k}"] for k in ("p", "r", "f", "tp", "fp", "fn")})]
        rows += list(scores[f"{prefix}_per_type"].items())
        for label, v in rows:
            lines.append(
                f"{'':10s} {label:16s} {v['p']:6.3f} {v['r']:6.3f} {v['f']:6.3f} {v['tp']:5d} {v['fp']:5d} {v['fn']:5d}"
            )
    lines.append(f"missing records: {scores['missing_records']} of {scores['records']}")
    return "\n".join(lines)
