"""Extraction: input records → exchange-format records (ANNOTATION.md).

This is the one place where a Doc's entities (found on the normalised text)
become spans of the *original* text, and where document-level knowledge is
applied: a firm named in full earlier in a document makes its short names
FIRMs later in that document.  Relation extraction plugs in here too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.gazetteer import Gazetteer
from kg.nlp.firm_names import short_names
from kg.nlp.pipeline import DEFAULT_PIPELINE, load_pipeline
from kg.nlp.tokenizer import normalized_text
from kg.fileio import atomic_write
from kg.problems import ProblemLog
from kg.records import InputRecord, read_records

DROPPED_INPUT_KEYS = frozenset({"entities", "relations", "ignore"})


@dataclass
class _FirmMemory:
    """Short firm names learned so far in the current document."""

    doc: str | None = None
    names: set[str] = field(default_factory=set)

    def switch(self, doc: str) -> None:
        if doc != self.doc:
            self.doc, self.names = doc, set()


class Extractor:
    """Runs a kg pipeline over records and yields exchange-format dicts.

    >>> from kg.fileio import atomic_write
from kg.problems import ProblemLog
from kg.records import InputRecord, read_records
    >>> ex = Extractor("rules")
    >>> rec = InputRecord("r1", "上海市嘉定区对口帮扶云南省楚雄州。", "-", 1, doc="d")
    >>> [(e["text"], e["label"]) for e in next(ex.extract([rec]))["entities"]]
    [('上海市', 'PLACE'), ('嘉定区', 'PLACE'), ('云南省', 'PLACE'), ('楚雄州', 'PLACE')]
    """

    def __init__(self, pipeline: str | Language = DEFAULT_PIPELINE, batch_size: int = 64) -> None:
        self.nlp = load_pipeline(pipeline) if isinstance(pipeline, str) else pipeline
        self.batch_size = batch_size
        self._memory = _FirmMemory()
        self._gazetteer = Gazetteer.default()

    def extract(self, records: Iterable[InputRecord]) -> Iterator[dict[str, Any]]:
        """Yield one exchange record per input record, in input order."""
        pairs = ((r.text, r) for r in records)
        for doc, record in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            yield self.to_record(doc, record)

    def to_record(self, doc: Doc, record: InputRecord) -> dict[str, Any]:
        self._memory.switch(record.doc)
        spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        spans = self._add_short_firm_names(doc.text, spans)
        norm = normalized_text(doc)
        entities = []
        for start, end, label in spans:
            ostart, oend = norm.to_original(start, end)
            entity = {"start": ostart, "end": oend, "label": label, "text": record.text[ostart:oend]}
            if oend - ostart != end - start or entity["text"] != doc.text[start:end]:
                entity["norm"] = doc.text[start:end]
            entities.append(entity)
        out: dict[str, Any] = {"id": record.id, "text": record.text, "entities": entities, "relations": []}
        out.update({k: v for k, v in record.extra.items() if k not in DROPPED_INPUT_KEYS and k not in out})
        out.setdefault("doc", record.doc)
        return out

    def _add_short_firm_names(self, text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Learn short names from full firm names, then mark their later uses."""
        memory = self._memory
        for start, end, label in spans:
            if label == "FIRM":
                memory.names |= short_names(text[start:end], self._place_prefix_len)
        if not memory.names:
            return spans
        taken = [False] * (len(text) + 1)
        for start, end, _ in spans:
            for i in range(start, end):
                taken[i] = True
        added = []
        for name in sorted(memory.names, key=len, reverse=True):
            pos = text.find(name)
            while pos >= 0:
                end = pos + len(name)
                if not any(taken[pos:end]):
                    added.append((pos, end, "FIRM"))
                    for i in range(pos, end):
                        taken[i] = True
                pos = text.find(name, end)
        return sorted(spans + added)

    def _place_prefix_len(self, name: str) -> int:
        matches = self._gazetteer.find(name)
        return matches[0].end if matches and matches[0].start == 0 else 0


def extract_files(
    paths: Iterable[str],
    out_path: str,
    pipeline: str = DEFAULT_PIPELINE,
    problems: ProblemLog | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Extract every record of ``paths`` into the JSONL file ``out_path``.

    Returns the number of records written; bad input goes to ``problems``.
    The output is written to a temporary file and moved into place at the end,
    so an interrupted run never leaves a half-written file behind.
    """
    problems = problems if problems is not None else ProblemLog()
    extractor = Extractor(pipeline)
    written = 0
    with atomic_write(out_path) as out:
        for record in extractor.extract(read_records(paths, problems)):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
            if progress is not None:
                progress(written)
    return written
