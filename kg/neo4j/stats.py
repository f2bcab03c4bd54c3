"""Counts per label and relationship type, for the graph and for the database.

Both sides use one shape, ``{"nodes": {label: n}, "relationships": {type: n}}``,
so "the database holds exactly this graph" is a plain equality.
"""

from __future__ import annotations

import neo4j

from kg.neo4j.rows import LoadPlan
from kg.neo4j.schema import DOCUMENT, ENTITY, MENTIONED_IN

Counts = dict[str, dict[str, int]]


def plan_counts(load_plan: LoadPlan) -> Counts:
    """What the database holds after loading ``load_plan`` into an empty one."""
    nodes = {label: len(rows) for label, rows in load_plan.nodes.items() if rows}
    nodes[ENTITY] = load_plan.node_count()
    nodes[DOCUMENT] = len(load_plan.documents)
    relationships = {rel_type: len(rows) for rel_type, rows in load_plan.relationships.items() if rows}
    relationships[MENTIONED_IN] = len(load_plan.mentions)
    return {
        "nodes": {k: v for k, v in sorted(nodes.items()) if v},
        "relationships": {k: v for k, v in sorted(relationships.items()) if v},
    }


def database_counts(driver: neo4j.Driver, database: str | None = None) -> Counts:
    """Nodes per label and relationships per type in the database now."""
    labels = driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label", database_=database
    ).records
    types = driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type", database_=database
    ).records
    return {
        "nodes": {record["label"]: record["n"] for record in labels},
        "relationships": {record["type"]: record["n"] for record in types},
    }
