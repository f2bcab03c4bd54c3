"""The neighbourhood of one actor: everyone within a few relations of it."""

from __future__ import annotations

import networkx as nx


def ego(G: nx.Graph, node: str, radius: int = 1) -> nx.Graph:
    """Return the subgraph of nodes within ``radius`` hops of ``node``, in either direction.

    Parameters
    ----------
    G : networkx graph
        A kg graph.
    node : str
        The centre, a node id such as ``"PLACE:532300000000"``.
    radius : int
        Hops, counted ignoring edge direction (a donor and a recipient are both neighbours).

    Returns
    -------
    networkx graph
        A copy of the same class as ``G`` with every attribute and every parallel edge kept.

    Raises
    ------
    networkx.NodeNotFound
        If ``node`` is not in ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("上海", "楚雄"), ("嘉定", "上海"), ("楚雄", "禄丰"), ("广东", "怒江")])
    >>> sorted(ego(G, "上海"))
    ['上海', '嘉定', '楚雄']
    >>> sorted(ego(G, "上海", radius=2))
    ['上海', '嘉定', '楚雄', '禄丰']
    """
    if node not in G:
        raise nx.NodeNotFound(f"ego: node {node!r} is not in the graph; node ids look like 'PLACE:532300000000'")
    return nx.ego_graph(G, node, radius=radius, undirected=True)
