"""Which actors are central: degree, betweenness, PageRank and eigenvector centrality.

Degree, betweenness and eigenvector centrality look at the undirected simple
graph (who is tied to whom, however many relations); PageRank keeps the
direction of assistance and investment and weights edges by their supporting
sentences, so a place that many donors assist ranks high.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from kg.analysis.simple import directed_simple, undirected_simple

KINDS: dict[str, Callable[[nx.Graph], dict]] = {
    "degree": lambda G: nx.degree_centrality(undirected_simple(G)),
    "betweenness": lambda G: nx.betweenness_centrality(undirected_simple(G)),
    "pagerank": lambda G: nx.pagerank(directed_simple(G), weight="weight"),
    "eigenvector": lambda G: nx.eigenvector_centrality_numpy(undirected_simple(G), weight="weight"),
}


def centrality(G: nx.Graph, kind: str = "degree", type: str | None = None) -> dict[str, float]:
    """Centrality of every node, highest first.

    Parameters
    ----------
    G : networkx graph
        A kg graph (any networkx graph works; multigraphs are collapsed).
    kind : {"degree", "betweenness", "pagerank", "eigenvector"}
        The measure.  Eigenvector centrality needs a connected graph to be
        meaningful; on a disconnected one it concentrates on the largest part.
    type : str, optional
        Keep only nodes whose ``type`` attribute equals this (e.g. ``"PLACE"``).
        Scores are computed on the whole graph first.

    Returns
    -------
    dict
        Node → score, ordered by descending score, then node.

    Raises
    ------
    ValueError
        If ``kind`` is not one of the measures above.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("上海", "楚雄"), ("上海", "怒江"), ("上海", "迪庆")])
    >>> nx.set_node_attributes(G, {"上海": "PLACE", "楚雄": "PLACE", "怒江": "PLACE", "迪庆": "FIRM"}, "type")
    >>> centrality(G)["上海"]
    1.0
    >>> list(centrality(G, "betweenness", type="PLACE"))
    ['上海', '怒江', '楚雄']
    """
    if kind not in KINDS:
        raise ValueError(f"unknown centrality kind {kind!r}; choose one of {', '.join(KINDS)}")
    if G.number_of_nodes() == 0:
        return {}
    scores = KINDS[kind](G)
    if type is not None:
        scores = {n: s for n, s in scores.items() if G.nodes[n].get("type") == type}
    return dict(sorted(scores.items(), key=lambda item: (-item[1], str(item[0]))))
