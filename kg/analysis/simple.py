"""Collapse a kg multigraph into the simple graph most network measures are defined on.

A kg graph can hold several relations between two nodes (``ASSISTS`` and
``FUNDS``) and both directions.  Centralities, communities and link
prediction work on who is tied to whom, so those relations become one edge
whose ``weight`` is the sum of their supporting sentences.
"""

from __future__ import annotations

import networkx as nx


def undirected_simple(G: nx.Graph, weight: str = "weight") -> nx.Graph:
    """Return an undirected simple graph of ``G`` with edge weights summed; node attributes kept.

    Edges without ``weight`` count 1.  Self-loops are dropped.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="ASSISTS", weight=2)
    'ASSISTS'
    >>> G.add_edge("a", "b", key="FUNDS", weight=1)
    'FUNDS'
    >>> G.add_edge("b", "a", key="COOPERATES_WITH", weight=1)
    'COOPERATES_WITH'
    >>> undirected_simple(G).edges(data=True)
    EdgeDataView([('a', 'b', {'weight': 4})])
    """
    return _collapse(G, nx.Graph(), weight)


def directed_simple(G: nx.Graph, weight: str = "weight") -> nx.DiGraph:
    """Return a directed simple graph of ``G`` with parallel edges' weights summed; self-loops dropped.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "a")])
    >>> sorted(directed_simple(G).edges(data="weight"))
    [('a', 'b', 2), ('b', 'a', 1)]
    """
    return _collapse(G, nx.DiGraph(), weight)


def _collapse(G: nx.Graph, H: nx.Graph, weight: str) -> nx.Graph:
    """Copy ``G``'s nodes into the empty ``H`` and add its edges once each, summing weights."""
    H.add_nodes_from(G.nodes(data=True))
    for u, v, w in G.edges(data=weight, default=1):
        if u == v:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H
