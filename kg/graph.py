"""Assemble resolved extractions into one networkx ``MultiDiGraph``.

Nodes are resolved entities (:mod:`kg.resolve`), edges are relations keyed by
their label; repeated statements of one relation become one edge whose
``weight`` counts them and whose ``evidence`` keeps the first few, so every
edge can be traced to its documents, sentences and character offsets.  All
attribute values are GraphML-safe (str or int, never None or a list): the
contract that :mod:`kg.export` checks and writes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.models import SYMMETRIC
from kg.records import doc_of
from kg.resolve import ResolvedEntity, Resolver

MAX_EVIDENCE = 5
"""Evidence items kept per edge; ``weight`` still counts every statement."""


@dataclass
class _Edge:
    weight: int = 0
    docs: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    amount_yuan: int = 0
    evidence: list[dict[str, Any]] = field(default_factory=list)


class GraphAssembler:
    """Accumulates documents into nodes and edges; :meth:`graph` returns the result."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.edges: dict[tuple[str, str, str], _Edge] = defaultdict(_Edge)
        self.documents: dict[str, dict[str, Any]] = {}

    def add_document(self, records: list[Mapping[str, Any]]) -> None:
        """Resolve one document's records and add their relations."""
        ids_per_record = self.resolver.resolve_document(records)
        for record, ids in zip(records, ids_per_record):
            for rel in record.get("relations", []):
                self._add_relation(record, ids, rel)

    def _add_relation(self, record: Mapping[str, Any], ids: list[str], rel: Mapping[str, Any]) -> None:
        head, tail, label = ids[rel["head"]], ids[rel["tail"]], rel["label"]
        if head == tail:
            return
        if label in SYMMETRIC and tail < head:
            head, tail = tail, head
        edge = self.edges[(head, tail, label)]
        edge.weight += 1
        doc = doc_of(record)
        edge.docs.add(doc)
        if "years" in rel:
            first, last = rel["years"]
            edge.years.update(range(first, last + 1))
        edge.amount_yuan += int(rel.get("amount_yuan", 0))
        if len(edge.evidence) < MAX_EVIDENCE:
            ev = rel.get("evidence", {})
            start, end = ev.get("start", 0), ev.get("end", len(record["text"]))
            item = {
                "doc": doc, "sentence": record["id"], "start": start, "end": end,
                "text": record["text"][start:end], "trigger": ev.get("trigger", ""),
            }
            if "start" in record:
                item["doc_start"] = record["start"] + start
            edge.evidence.append(item)

    def graph(self) -> nx.MultiDiGraph:
        """The assembled graph; call it once, at the end.

        Each accumulated edge is freed as soon as it is in the graph, so a large
        build does not hold every edge twice.
        """
        G = nx.MultiDiGraph()
        G.graph["documents"] = self.documents
        for entity in self.resolver.entities.values():
            G.add_node(entity.id, **node_attributes(entity))
        for head, tail, label in sorted(self.edges):
            edge = self.edges.pop((head, tail, label))
            attrs: dict[str, Any] = {
                "type": label,
                "weight": edge.weight,
                "docs": "|".join(sorted(edge.docs)),
                "years": "|".join(map(str, sorted(edge.years))),
                "amount_yuan": edge.amount_yuan,
                "evidence": json.dumps(edge.evidence, ensure_ascii=False),
            }
            if edge.years:
                attrs["start"], attrs["end"] = min(edge.years), max(edge.years)
            G.add_edge(head, tail, key=label, **attrs)
        return G


def node_attributes(entity: ResolvedEntity) -> dict[str, Any]:
    """The contract's node attributes of one resolved entity."""
    named_by_rule = entity.type == "PLACE" and entity.adcode or entity.type == "FIRM"
    name = entity.name if named_by_rule or not entity.aliases else entity.aliases.most_common(1)[0][0]
    return {
        "id": entity.id,
        "type": entity.type,
        "name": name,
        "aliases": "|".join(sorted(entity.aliases)),
        "adcode": entity.adcode,
        "level": entity.level,
        "province": entity.province,
        "mentions": entity.mentions,
        "docs": "|".join(sorted(entity.docs)),
        "merged_by": entity.merged_by,
    }


def assemble(documents: Iterable[list[Mapping[str, Any]]], resolver: Resolver | None = None) -> nx.MultiDiGraph:
    """One graph from documents given as lists of extraction records.

    ``documents`` is iterated twice (firm aliases are learned from the whole
    corpus first), so pass a list or a re-iterable.
    """
    resolver = resolver or Resolver()
    docs = list(documents) if not isinstance(documents, list) else documents
    for records in docs:
        resolver.learn(records)
    assembler = GraphAssembler(resolver)
    for records in docs:
        assembler.add_document(records)
    return assembler.graph()
