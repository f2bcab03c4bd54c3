"""Node and relationship CSV files with ``neo4j-admin database import`` headers.

Headers follow the import tool's convention: ``id:ID`` and ``:LABEL`` for
nodes (the kg ``type`` becomes the node label), ``:START_ID``, ``:END_ID`` and
``:TYPE`` for relationships, and typed columns for numbers (``mentions:int``,
``weight:int``, ``start:int``, ``amount_yuan:long``; other ints ``:long``).
An empty numeric cell (an edge without years) imports as no property.  Pass
``--multiline-fields=true`` if names may hold line breaks.

    neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg.export.contract import attribute_types, validate_graph
from kg.fileio import atomic_write

NEO4J_INT_TYPES = {"mentions": "int", "weight": "int", "start": "int", "end": "int"}
"""Columns that fit a 32-bit int; every other int column is ``long`` (money overflows int)."""


def _header(name: str, kind: type) -> str:
    if kind is str:
        return name
    return f"{name}:{NEO4J_INT_TYPES.get(name, 'long')}"


def _write_rows(path: str | Path, header: list[str], rows: Iterable[list[object]]) -> None:
    with atomic_write(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_neo4j_csv(G: nx.MultiDiGraph, nodes_path: str | Path, edges_path: str | Path) -> tuple[Path, Path]:
    """Write ``G`` as ``neo4j-admin`` node and relationship CSVs, atomically.

    Returns the two paths.  Refuses a graph that breaks the contract.
    """
    validate_graph(G)
    node_cols = [name for name in attribute_types(G, "node") if name not in ("id", "type")]
    node_types = attribute_types(G, "node")
    node_header = ["id:ID", ":LABEL"] + [_header(name, node_types[name]) for name in node_cols]
    node_rows = ([node, data["type"]] + [data.get(name, "") for name in node_cols] for node, data in G.nodes(data=True))
    _write_rows(nodes_path, node_header, node_rows)

    edge_types = attribute_types(G, "edge")
    edge_cols = [name for name in edge_types if name != "type"]
    edge_header = [":START_ID", ":END_ID", ":TYPE"] + [_header(name, edge_types[name]) for name in edge_cols]
    edge_rows = ([u, v, data["type"]] + [data.get(name, "") for name in edge_cols] for u, v, data in G.edges(data=True))
    _write_rows(edges_path, edge_header, edge_rows)
    return Path(nodes_path), Path(edges_path)
