"""Bipartite views between two node types, and projections onto one of them.

``bipartite(G, "FIRM", "PLACE")`` keeps only firm–place ties;
``project(G, "FIRM", "PLACE")`` links two firms when they are tied to the same
place (co-investors), ``project(G, "AGENCY", "PROGRAM")`` two agencies that
implement the same programme.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx


def bipartite(G: nx.Graph, a: str, b: str) -> nx.Graph:
    """Return the undirected simple graph of ties between ``a``-type and ``b``-type nodes.

    Nodes keep their attributes and get ``bipartite`` = 0 (type ``a``) or 1
    (type ``b``), as ``networkx.algorithms.bipartite`` expects.  An edge's
    ``weight`` sums the weights of all relations between the two nodes, in
    either direction, and ``relations`` "|"-joins their types.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("隆基", {"type": "FIRM"}), ("禄丰", {"type": "PLACE"}), ("楚雄", {"type": "PLACE"})])
    >>> G.add_edge("隆基", "禄丰", key="INVESTS_IN", type="INVESTS_IN", weight=2)
    'INVESTS_IN'
    >>> G.add_edge("禄丰", "楚雄", key="LOCATED_IN", type="LOCATED_IN", weight=1)
    'LOCATED_IN'
    >>> B = bipartite(G, "FIRM", "PLACE")
    >>> sorted(B.edges(data=True))
    [('隆基', '禄丰', {'weight': 2, 'relations': 'INVESTS_IN'})]
    >>> B.nodes["楚雄"]["bipartite"]
    1
    """
    side = {a: 0, b: 1}
    B = nx.Graph()
    B.add_nodes_from((n, {**d, "bipartite": side[d["type"]]}) for n, d in G.nodes(data=True) if d.get("type") in side)
    for u, v, data in G.edges(data=True):
        if u in B and v in B and B.nodes[u]["bipartite"] != B.nodes[v]["bipartite"]:
            relation = data.get("type", "")
            if B.has_edge(u, v):
                tie = B[u][v]
                tie["weight"] += data.get("weight", 1)
                tie["relations"] = "|".join(sorted(set(tie["relations"].split("|")) | {relation}))
            else:
                B.add_edge(u, v, weight=data.get("weight", 1), relations=relation)
    return B


def project(G: nx.Graph, onto: str, via: str) -> nx.Graph:
    """Project the ``onto``–``via`` bipartite graph onto the ``onto`` nodes.

    Two ``onto`` nodes are linked when they share at least one ``via``
    neighbour; ``weight`` is the number of shared neighbours and ``shared``
    "|"-joins their ids (GraphML-safe, so the result exports as is).  Every
    node of type ``onto`` is kept, isolated or not.

    Parameters
    ----------
    G : networkx graph
        A kg graph with a ``type`` attribute on every node.
    onto : str
        The node type to keep, e.g. ``"FIRM"`` or ``"AGENCY"``.
    via : str
        The node type that links them, e.g. ``"PLACE"`` or ``"PROGRAM"``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("隆基", {"type": "FIRM"}), ("晶科", {"type": "FIRM"}), ("宇泽", {"type": "FIRM"}),
    ...                   ("楚雄", {"type": "PLACE"}), ("禄丰", {"type": "PLACE"})])
    >>> for firm, place in [("隆基", "楚雄"), ("晶科", "楚雄"), ("隆基", "禄丰"), ("晶科", "禄丰")]:
    ...     _ = G.add_edge(firm, place, key="INVESTS_IN", type="INVESTS_IN", weight=1)
    >>> P = project(G, "FIRM", "PLACE")
    >>> sorted(P.edges(data=True))
    [('隆基', '晶科', {'weight': 2, 'shared': '楚雄|禄丰'})]
    >>> sorted(nx.isolates(P))
    ['宇泽']
    """
    B = bipartite(G, onto, via)
    P = nx.Graph()
    P.add_nodes_from((n, G.nodes[n]) for n, d in G.nodes(data=True) if d.get("type") == onto)
    shared: defaultdict[tuple, list] = defaultdict(list)
    for hub, data in sorted(B.nodes(data=True), key=lambda item: str(item[0])):
        if data["bipartite"] == 1:
            for u, v in combinations(sorted(B[hub], key=str), 2):
                shared[u, v].append(hub)
    for (u, v), hubs in shared.items():
        P.add_edge(u, v, weight=len(hubs), shared="|".join(map(str, hubs)))
    return P
