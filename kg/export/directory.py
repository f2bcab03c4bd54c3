"""The export files of a build directory, written and read together.

``kg build --out DIR`` and ``kg.load_graph(DIR)`` agree on these names through
this module, so no caller spells a file name twice.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.export.gexf import write_gexf
from kg.export.graphml import read_graphml, write_graphml
from kg.export.neo4j_csv import write_neo4j_csv

GRAPHML_NAME = "graph.graphml"
GEXF_NAME = "graph.gexf"
NODES_CSV_NAME = "nodes.csv"
EDGES_CSV_NAME = "edges.csv"


def write_graph_files(G: nx.MultiDiGraph, out_dir: str | Path) -> dict[str, Path]:
    """Write GraphML, GEXF and the two Neo4j CSVs of ``G`` into ``out_dir``; return them by name."""
    out = Path(out_dir)
    nodes, edges = write_neo4j_csv(G, out / NODES_CSV_NAME, out / EDGES_CSV_NAME)
    return {
        GRAPHML_NAME: write_graphml(G, out / GRAPHML_NAME),
        GEXF_NAME: write_gexf(G, out / GEXF_NAME),
        NODES_CSV_NAME: nodes,
        EDGES_CSV_NAME: edges,
    }


def read_graph(directory: str | Path) -> nx.MultiDiGraph:
    """Read the graph a build wrote into ``directory`` (its ``graph.graphml``), with int types restored."""
    path = Path(directory) / GRAPHML_NAME
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no {GRAPHML_NAME} here; run `kg build PATHS --out {directory}` first")
    return read_graphml(path)
