"""Write a built graph into Neo4j so that loading again changes nothing.

Order: schema (constraints and indexes from ``schemas/neo4j``), documents,
entities by label, ``MENTIONED_IN``, relationships by type.  Every write is
``UNWIND $rows AS row MERGE … SET … += row.props`` with the data in parameters,
one transaction per batch.  Keys: ``(:Entity {id})``, ``(:Document {id})`` and
(start, type, end) for relationships, so a reload only re-sets the aggregated
properties (weight, docs, years, evidence …), a build with one more document
adds only what is new, and a load cut short is completed by running it again.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import neo4j
import networkx as nx
from pydantic import BaseModel

from kg.neo4j.connection import Connection, open_driver, resolve
from kg.neo4j.rows import LoadPlan, Row, batches, plan
from kg.neo4j.schema import DOCUMENT, ENTITY, MENTIONED_IN, schema_statements
from kg.neo4j.source import read_build
from kg.neo4j.stats import database_counts, plan_counts

Progress = Callable[[str, int, int], None]
"""Called after each batch with (stage, rows done in the stage, rows in the stage)."""

DOCUMENTS_CYPHER = f"UNWIND $rows AS row MERGE (d:{DOCUMENT} {{id: row.id}}) SET d += row.props"
MENTIONS_CYPHER = (
    f"UNWIND $rows AS row MATCH (e:{ENTITY} {{id: row.entity}}) MATCH (d:{DOCUMENT} {{id: row.doc}}) "
    f"MERGE (e)-[:{MENTIONED_IN}]->(d)"
)


def nodes_cypher(label: str) -> str:
    """MERGE entities on the common key, then add the (checked) type label."""
    return f"UNWIND $rows AS row MERGE (n:{ENTITY} {{id: row.id}}) SET n:{label} SET n += row.props"


def relationships_cypher(rel_type: str) -> str:
    """MERGE one relationship type between entities already loaded."""
    return (
        f"UNWIND $rows AS row MATCH (a:{ENTITY} {{id: row.start}}) MATCH (b:{ENTITY} {{id: row.end}}) "
        f"MERGE (a)-[r:{rel_type}]->(b) SET r += row.props"
    )


class LoadReport(BaseModel):
    """What a load wrote and what the database holds afterwards."""

    uri: str
    database: str | None
    nodes: int
    relationships: int
    documents: int
    mentions: int
    batches: int
    seconds: float
    relationship_seconds: float
    created: dict[str, int]
    graph_counts: dict[str, dict[str, int]]
    database_counts: dict[str, dict[str, int]]

    @property
    def relationships_per_second(self) -> float:
        return self.relationships / self.relationship_seconds if self.relationship_seconds else 0.0

    @property
    def matches_database(self) -> bool:
        """Whether the database holds exactly this graph: same counts per label and type."""
        return self.graph_counts == self.database_counts


class _Writer:
    """Runs batches, one transaction each, and adds up what they changed."""

    def __init__(self, driver: neo4j.Driver, database: str | None, batch_size: int, progress: Progress | None):
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self.progress = progress
        self.batches = 0
        self.created: Counter[str] = Counter()

    def run(self, cypher: str, **parameters: object) -> None:
        summary = self.driver.execute_query(cypher, parameters, database_=self.database).summary
        for name in (
            "nodes_created",
            "relationships_created",
            "properties_set",
            "labels_added",
            "constraints_added",
            "indexes_added",
        ):
            self.created[name] += getattr(summary.counters, name)

    def write(self, stage: str, cypher: str, rows: Sequence[Row]) -> None:
        done = 0
        for batch in batches(rows, self.batch_size):
            self.run(cypher, rows=list(batch))
            self.batches += 1
            done += len(batch)
            if self.progress is not None:
                self.progress(stage, done, len(rows))


def _write_plan(writer: _Writer, load_plan: LoadPlan) -> float:
    """Write everything; returns the seconds spent on relationships."""
    for statement in schema_statements():
        writer.run(statement)
    writer.run("CALL db.awaitIndexes(300)")
    writer.write("documents", DOCUMENTS_CYPHER, load_plan.documents)
    for label, rows in sorted(load_plan.nodes.items()):
        writer.write(f"nodes :{label}", nodes_cypher(label), rows)
    writer.write(f"relationships :{MENTIONED_IN}", MENTIONS_CYPHER, load_plan.mentions)
    started = time.perf_counter()
    for rel_type, rows in sorted(load_plan.relationships.items()):
        writer.write(f"relationships :{rel_type}", relationships_cypher(rel_type), rows)
    return time.perf_counter() - started


def load(
    graph_or_dir: nx.MultiDiGraph | str | Path,
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    *,
    home: str | Path | None = None,
    database: str | None = None,
    batch_size: int = 10_000,
    progress: Progress | None = None,
) -> LoadReport:
    """Load a graph (or the build directory holding one) into Neo4j, idempotently.

    The server is chosen by :func:`kg.neo4j.connection.resolve` (arguments,
    ``NEO4J_*`` variables, or kg's own server).  ``progress`` may raise to stop
    the load; running it again completes it.
    """
    graph = graph_or_dir if isinstance(graph_or_dir, nx.Graph) else read_build(graph_or_dir)
    load_plan = plan(graph)
    connection: Connection = resolve(uri, user, password, home)
    started = time.perf_counter()
    with open_driver(connection) as driver:
        writer = _Writer(driver, database, batch_size, progress)
        relationship_seconds = _write_plan(writer, load_plan)
        in_database = database_counts(driver, database)
    return LoadReport(
        uri=connection.uri,
        database=database,
        nodes=load_plan.node_count(),
        relationships=load_plan.relationship_count(),
        documents=len(load_plan.documents),
        mentions=len(load_plan.mentions),
        batches=writer.batches,
        seconds=time.perf_counter() - started,
        relationship_seconds=relationship_seconds,
        created=dict(writer.created),
        graph_counts=plan_counts(load_plan),
        database_counts=in_database,
    )
