"""Cypher from Python: rows as plain dicts, or the matched subgraph as networkx.

Queries run read-only unless ``write=True``, so a typo in an ad-hoc query
cannot change the graph.  Values come back as plain Python (nodes and
relationships become dicts of their properties plus ``_labels`` / ``_type``),
ready for JSON, CSV or pandas.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
from neo4j import graph as neo4j_graph
from neo4j import time as neo4j_time

from kg.neo4j.connection import Connection, open_driver, resolve
from kg.neo4j.stats import Counts, database_counts


def to_plain(value: Any) -> Any:
    """A driver value as JSON-ready Python (recursively)."""
    if isinstance(value, neo4j_graph.Node):
        return {"_labels": sorted(value.labels), **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j_graph.Relationship):
        return {
            "_type": value.type,
            "_start": value.start_node.get("id") if value.start_node else None,
            "_end": value.end_node.get("id") if value.end_node else None,
            **{k: to_plain(v) for k, v in value.items()},
        }
    if isinstance(value, neo4j_graph.Path):
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [to_plain(r) for r in value.relationships],
        }
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, neo4j_time.Date | neo4j_time.DateTime | neo4j_time.Time | date | datetime | time):
        return value.isoformat()
    if isinstance(value, neo4j_time.Duration):
        return str(value)
    return value


def _run(
    connection: Connection, cypher: str, params: Mapping[str, Any] | None, database: str | None, write: bool
) -> tuple[list[neo4j.Record], neo4j_graph.Graph]:
    """Run in an auto-commit transaction (so ``CALL { … } IN TRANSACTIONS`` works)."""
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    with open_driver(connection) as driver, driver.session(database=database, default_access_mode=mode) as session:
        result = session.run(cypher, dict(params or {}))
        records = list(result)
        return records, result.graph()


def query(
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    home: str | Path | None = None,
    database: str | None = None,
    write: bool = False,
) -> list[dict[str, Any]]:
    """Run ``cypher`` with ``params``; one plain dict per result row."""
    records, _ = _run(resolve(uri, user, password, home), cypher, params, database, write)
    return [{key: to_plain(value) for key, value in record.items()} for record in records]


def query_graph(
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    home: str | Path | None = None,
    database: str | None = None,
    write: bool = False,
) -> nx.MultiDiGraph:
    """The nodes and relationships a query returns, as a graph in kg's contract shape.

    Nodes are keyed by their ``id`` property (the element id when they have
    none) and carry their properties plus ``labels`` ("|"-joined); edges are
    keyed by relationship type and carry their properties plus ``type``.
    """
    _, found = _run(resolve(uri, user, password, home), cypher, params, database, write)
    graph = nx.MultiDiGraph()

    def key(node: neo4j_graph.Node) -> str:
        return str(node.get("id", node.element_id))

    for node in found.nodes:
        graph.add_node(key(node), **(dict(node.items()) | {"labels": "|".join(sorted(node.labels))}))
    for relationship in found.relationships:
        assert relationship.start_node is not None and relationship.end_node is not None
        graph.add_edge(
            key(relationship.start_node),
            key(relationship.end_node),
            key=relationship.type,
            **(dict(relationship.items()) | {"type": relationship.type}),
        )
    return graph


def counts(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    *,
    home: str | Path | None = None,
    database: str | None = None,
) -> Counts:
    """Nodes per label and relationships per type in the database."""
    connection = resolve(uri, user, password, home)
    with open_driver(connection) as driver:
        return database_counts(driver, database)
