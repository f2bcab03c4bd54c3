"""The closed sets of names kg writes into Neo4j, and the schema file.

Neo4j cannot take a label or relationship type as a query parameter, so those
are the only words kg puts into Cypher text.  They come from the fixed tables
below (never from document text) and every one is checked here before use.
Constraints and indexes are data: ``schemas/neo4j/constraints.cypher``.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.neo4j.errors import KgNeo4jError

ENTITY_LABELS: dict[str, str] = {
    "PLACE": "Place",
    "AGENCY": "Agency",
    "ORG": "Org",
    "FIRM": "Firm",
    "PARK": "Park",
    "PROGRAM": "Program",
    "POLICY": "Policy",
    "PERSON": "Person",
}
"""Entity type of the graph contract → Neo4j label (every entity also has :Entity)."""

RELATION_TYPES: frozenset[str] = frozenset(
    {"ASSISTS", "FUNDS", "INVESTS_IN", "LOCATED_IN", "CO_BUILDS", "COOPERATES_WITH", "IMPLEMENTS", "ISSUES"}
)
"""Relation labels of the graph contract; each is its own relationship type."""

ENTITY = "Entity"
DOCUMENT = "Document"
MENTIONED_IN = "MENTIONED_IN"

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schemas" / "neo4j" / "constraints.cypher"


def entity_label(entity_type: str, where: str) -> str:
    """The Neo4j label of an entity type, or an error naming the bad node."""
    try:
        return ENTITY_LABELS[entity_type]
    except KeyError:
        raise KgNeo4jError(
            f"{where}: entity type {entity_type!r} is not one of {', '.join(ENTITY_LABELS)}; "
            "rebuild the graph with `kg build`"
        ) from None


def relation_type(label: str, where: str) -> str:
    """A relation label checked against the closed set, or an error naming the bad edge."""
    if label not in RELATION_TYPES:
        raise KgNeo4jError(
            f"{where}: relation {label!r} is not one of {', '.join(sorted(RELATION_TYPES))}; "
            "rebuild the graph with `kg build`"
        )
    return label


def schema_statements(path: Path = SCHEMA_FILE) -> list[str]:
    """The Cypher statements of a schema file: ``;``-terminated, ``//`` comments dropped."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise KgNeo4jError(f"{path}: cannot read the Neo4j schema ({error.strerror}); restore it from git") from None
    code = "\n".join(re.sub(r"//.*$", "", line) for line in text.splitlines())
    return [statement.strip() for statement in code.split(";") if statement.strip()]
