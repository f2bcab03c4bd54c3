"""Read the graph that ``kg build --out DIR`` wrote.

One function, so that the loader depends on the build layer's reader
(``kg.load_graph``) in exactly one place and reports a missing build the way
the rest of kg's Neo4j layer reports errors.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

import kg
from kg.neo4j.errors import KgNeo4jError


def read_build(directory: str | Path) -> nx.MultiDiGraph:
    """The resolved graph of a build directory."""
    try:
        return kg.load_graph(directory)
    except FileNotFoundError as error:
        raise KgNeo4jError(str(error)) from None
