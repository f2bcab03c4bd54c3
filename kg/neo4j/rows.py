"""A built graph as batches of query parameters, grouped the way Neo4j writes fastest.

Pure data shaping, no server: every node becomes ``{"id", "props"}`` under its
label, every edge ``{"start", "end", "props"}`` under its relationship type,
each document ``{"id", "props"}``, and each (entity, document) pair of a node's
``docs`` one ``MENTIONED_IN`` row.  Labels and types are checked against the
closed sets here, so nothing unchecked ever reaches Cypher text.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.neo4j.schema import entity_label, relation_type

Row = dict[str, Any]


@dataclass
class LoadPlan:
    """Everything one load writes, in write order."""

    documents: list[Row] = field(default_factory=list)
    nodes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    mentions: list[Row] = field(default_factory=list)
    relationships: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))

    def node_count(self) -> int:
        return sum(map(len, self.nodes.values()))

    def relationship_count(self) -> int:
        return sum(map(len, self.relationships.values()))


def _properties(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """Neo4j cannot store null, so a missing value is simply no property."""
    return {key: value for key, value in attributes.items() if value is not None}


def _split(joined: Any) -> list[str]:
    return [part for part in str(joined or "").split("|") if part]


def graph_documents(graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """``G.graph["documents"]`` as a dict (GraphML round trips may leave it as JSON text)."""
    documents = graph.graph.get("documents") or {}
    if isinstance(documents, str):
        documents = json.loads(documents)
    return {str(doc_id): dict(info) for doc_id, info in documents.items()}


def plan(graph: nx.MultiDiGraph) -> LoadPlan:
    """The rows that load ``graph``: nodes by label, relationships by type."""
    result = LoadPlan()
    documents = graph_documents(graph)
    node_ids: dict[Any, str] = {}
    for key, attributes in graph.nodes(data=True):
        node_id = str(attributes.get("id", key))
        node_ids[key] = node_id
        label = entity_label(str(attributes.get("type", "")), f"node {node_id}")
        result.nodes[label].append({"id": node_id, "props": _properties(attributes) | {"id": node_id}})
        for doc in sorted(set(_split(attributes.get("docs")))):
            documents.setdefault(doc, {})
            result.mentions.append({"entity": node_id, "doc": doc})
    for start, end, key, attributes in graph.edges(keys=True, data=True):
        where = f"edge {node_ids[start]} -[{key}]-> {node_ids[end]}"
        rel_type = relation_type(str(attributes.get("type", key)), where)
        result.relationships[rel_type].append(
            {"start": node_ids[start], "end": node_ids[end], "props": _properties(attributes) | {"type": rel_type}}
        )
        for doc in _split(attributes.get("docs")):
            documents.setdefault(doc, {})
    result.documents = [
        {"id": doc, "props": _properties(info) | {"id": doc}} for doc, info in sorted(documents.items())
    ]
    return result


def batches(rows: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    """``rows`` cut into consecutive slices of at most ``size``."""
    for begin in range(0, len(rows), size):
        yield rows[begin : begin + size]
