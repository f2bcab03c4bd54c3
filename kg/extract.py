"""Extraction: input records → exchange-format records (ANNOTATION.md).

This is where a Doc's entities and relation candidates (found on the
normalised text) become spans of the *original* text, and where every
relation is validated by :mod:`kg.models`.  A candidate that fails
validation is not dropped silently: it is yielded as a *reject* with the
reason, and ``kg extract --rejects FILE`` writes it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from kg.fileio import atomic_write
from kg.models import Mention, Relation
from kg.nlp.components import DOC_ID_KEY
from kg.nlp.pipeline import DEFAULT_PIPELINE, load_pipeline
from kg.nlp.relation_rules import RelationCandidate
from kg.nlp.tokenizer import normalized_text
from kg.normalize import is_pinyin
from kg.problems import ProblemLog
from kg.quantities import UnparsableAmount, parse_money, parse_years
from kg.records import InputRecord, read_records

DROPPED_INPUT_KEYS = frozenset({"entities", "relations", "ignore"})

_MENTIONS = TypeAdapter(list[Mention])
"""Validates a record's mentions in one call instead of one per mention."""


@dataclass
class Extraction:
    """What one record yields: its exchange record, validated relations and rejects."""

    record: dict[str, Any]
    mentions: list[Mention]
    relations: list[Relation] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)


class Extractor:
    """Runs a kg pipeline over records.

    >>> from kg.records import InputRecord
    >>> ex = Extractor("rules")
    >>> rec = InputRecord("r1", "上海市嘉定区对口帮扶云南省楚雄州。", "-", 1, doc="d")
    >>> out = next(ex.extract([rec])).record
    >>> [(e["text"], e["label"]) for e in out["entities"]]
    [('上海市', 'PLACE'), ('嘉定区', 'PLACE'), ('云南省', 'PLACE'), ('楚雄州', 'PLACE')]
    >>> sorted((out["entities"][r["head"]]["text"], r["label"], out["entities"][r["tail"]]["text"]) for r in out["relations"])[:2]
    [('嘉定区', 'ASSISTS', '楚雄州'), ('嘉定区', 'LOCATED_IN', '上海市')]
    """

    def __init__(self, pipeline: str | Language = DEFAULT_PIPELINE, batch_size: int = 64) -> None:
        self.nlp = load_pipeline(pipeline) if isinstance(pipeline, str) else pipeline
        self.batch_size = batch_size

    def docs(self, records: Iterable[InputRecord]) -> Iterator[tuple[Doc, InputRecord]]:
        """Each record's Doc, not yet through the pipeline, carrying its document id (what components need)."""
        for record in records:
            doc = self.nlp.make_doc(record.text)
            doc.user_data[DOC_ID_KEY] = record.doc
            yield doc, record

    def extract(self, records: Iterable[InputRecord]) -> Iterator[Extraction]:
        """Yield one :class:`Extraction` per input record, in input order."""
        pairs = self.docs(records)
        for doc, record in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield self.to_extraction(doc, record)

    def to_extraction(self, doc: Doc, record: InputRecord) -> Extraction:
        norm = normalized_text(doc)
        rows = []
        for ent in doc.ents:
            start, end = ent.start_char, ent.end_char
            name = norm.text[start:end]  # ent.text would join one Token per character
            ostart, oend = norm.to_original(start, end)
            oend = _past_trailing_gloss(record.text, oend)
            surface = record.text[ostart:oend]
            row = {"start": ostart, "end": oend, "label": ent.label_, "text": surface}
            if name != surface:
                row["norm"] = name
            rows.append(row)
        mentions = _MENTIONS.validate_python(rows)
        result = Extraction(record={}, mentions=mentions)
        seen: set[tuple] = set()
        for cand in doc._.kg_relations or ():
            relation = self._validate(cand, norm, record, mentions, result)
            if relation is not None and _identity(relation) not in seen:
                seen.add(_identity(relation))
                result.relations.append(relation)
        result.record = self._exchange_record(record, rows, mentions, result.relations)
        return result

    @staticmethod
    def _validate(
        cand: RelationCandidate, norm, record: InputRecord, mentions: list[Mention], result: Extraction
    ) -> Relation | None:
        """The candidate as a validated :class:`Relation`, or None with a reject added to ``result``."""
        ev_start, ev_end = norm.to_original(cand.sentence_start, cand.sentence_end)
        try:
            if cand.doubt:
                raise ValueError(cand.doubt)
            amount = None
            if cand.amount is not None:
                money = parse_money(cand.amount)
                if money is None:
                    raise UnparsableAmount(f"unparsable amount {cand.amount!r}")
                amount = {"text": money.text, "yuan": money.yuan}
            years = parse_years(cand.years) if cand.years else None
            # Nested parts as dicts: Relation validates them in the same call, as Evidence, Money and Years.
            relation = Relation(
                head=mentions[cand.head], tail=mentions[cand.tail], label=cand.label,
                evidence={"doc": record.doc, "record": record.id, "start": ev_start, "end": ev_end, "trigger": cand.trigger},
                amount=amount,
                years={"text": years.text, "start": years.start, "end": years.end} if years else None,
            )
        except (ValidationError, ValueError, IndexError) as err:
            reason = err.errors()[0]["msg"] if isinstance(err, ValidationError) else str(err)
            result.rejects.append({
                "id": record.id, "doc": record.doc, "label": cand.label,
                "head": mentions[cand.head].model_dump() if cand.head < len(mentions) else None,
                "tail": mentions[cand.tail].model_dump() if cand.tail < len(mentions) else None,
                "trigger": cand.trigger, "reason": reason,
            })
            return None
        return relation

    @staticmethod
    def _exchange_record(
        record: InputRecord, entities: list[dict[str, Any]], mentions: list[Mention], relations: list[Relation]
    ) -> dict[str, Any]:
        """The exchange record; ``entities`` are the rows ``mentions`` were validated from, already in its format."""
        index = {id(m): i for i, m in enumerate(mentions)}  # a Relation keeps the Mention instances it was given
        rels = []
        for rel in relations:
            evidence = rel.evidence
            ref: dict[str, Any] = {
                "head": index[id(rel.head)],
                "tail": index[id(rel.tail)],
                "label": rel.label,
                "evidence": {"start": evidence.start, "end": evidence.end, "trigger": evidence.trigger},
            }
            if rel.amount is not None:
                ref["amount"] = rel.amount.text
                ref["amount_yuan"] = rel.amount.yuan
            if rel.years is not None:
                ref["years"] = [rel.years.start, rel.years.end]
            rels.append(ref)
        out: dict[str, Any] = {
            "id": record.id,
            "text": record.text,
            "entities": entities,
            "relations": rels,
        }
        out.update({k: v for k, v in record.extra.items() if k not in DROPPED_INPUT_KEYS and k not in out})
        out.setdefault("doc", record.doc)
        return out


def extract_files(
    paths: Iterable[str],
    out_path: str,
    pipeline: str = DEFAULT_PIPELINE,
    problems: ProblemLog | None = None,
    rejects_path: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Extract every record of ``paths`` into the JSONL file ``out_path``.

    Returns the number of records written; bad input goes to ``problems``,
    relation candidates that fail validation to ``rejects_path`` (if given).
    Outputs are written to temporary files and moved into place at the end,
    so an interrupted run never leaves a half-written file behind.
    """
    problems = problems if problems is not None else ProblemLog()
    extractor = Extractor(pipeline)
    written = 0
    with atomic_write(out_path) as out, _optional_writer(rejects_path) as rejects:
        for extraction in extractor.extract(read_records(paths, problems)):
            out.write(json.dumps(extraction.record, ensure_ascii=False) + "\n")
            for reject in extraction.rejects:
                rejects.write(json.dumps(reject, ensure_ascii=False) + "\n")
            written += 1
            if progress is not None:
                progress(written)
    return written


def _identity(relation: Relation) -> tuple:
    """What makes two relations of one record equal, cheaper to hash than the model.

    The mentions of a record are distinct spans, so a head or tail is identified by
    the object (Relation keeps the given Mention instances).
    """
    return (id(relation.head), id(relation.tail), relation.label, relation.evidence, relation.amount, relation.years)


_GLOSS_AFTER = re.compile(r"[(（]([^()（）]{1,30})[)）]")


def _past_trailing_gloss(text: str, end: int) -> int:
    """Extend a span over a pinyin gloss right after it (rule 7: ``新區(qū)`` keeps its gloss)."""
    match = _GLOSS_AFTER.match(text, end)
    return match.end() if match and is_pinyin(match.group(1)) else end


class _NullWriter:
    def write(self, _text: str) -> None:
        return None


def _optional_writer(path: str | None) -> AbstractContextManager:
    return atomic_write(path) if path else nullcontext(_NullWriter())
