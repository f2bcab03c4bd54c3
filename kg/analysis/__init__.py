"""Network analysis of kg graphs as plain functions of a graph, networkx style.

Nothing here prints, reads files or talks to Neo4j: each function takes a
graph (``kg.build(...)`` or ``kg.load_graph(DIR)``) and returns plain Python
or networkx results.
"""

from kg.analysis.centrality import centrality
from kg.analysis.communities import communities
from kg.analysis.ego import ego
from kg.analysis.link_prediction import holdout_evaluation, predict_links
from kg.analysis.pairing import pairing_matrix, pairing_rows, province_of
from kg.analysis.projection import bipartite, project
from kg.analysis.simple import directed_simple, undirected_simple
from kg.analysis.timeline import edge_years, time_slice, time_slices

__all__ = [
    "bipartite",
    "centrality",
    "communities",
    "directed_simple",
    "edge_years",
    "ego",
    "holdout_evaluation",
    "pairing_matrix",
    "pairing_rows",
    "predict_links",
    "project",
    "province_of",
    "time_slice",
    "time_slices",
    "undirected_simple",
]
