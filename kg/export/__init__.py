"""Graph exports: GraphML and GEXF for Gephi, CSV for ``neo4j-admin import``, and reading back.

Every writer validates the graph contract first (:func:`validate_graph`) and
replaces its file atomically.
"""

from kg.export.contract import GraphContractError, validate_graph
from kg.export.directory import read_graph, write_graph_files
from kg.export.gexf import read_gexf, write_gexf
from kg.export.graphml import read_graphml, write_graphml
from kg.export.neo4j_csv import write_neo4j_csv

__all__ = [
    "GraphContractError",
    "read_gexf",
    "read_graph",
    "read_graphml",
    "validate_graph",
    "write_gexf",
    "write_graph_files",
    "write_graphml",
    "write_neo4j_csv",
]
