"""Communities of actors that cooperate more among themselves than with the rest.

Louvain comes with networkx.  Leiden (which guarantees connected communities)
needs ``python-igraph`` and ``leidenalg``, the ``kg[analysis]`` extra.  Both
run on the undirected simple graph weighted by supporting sentences.
"""

from __future__ import annotations

import networkx as nx

from kg.analysis.simple import undirected_simple

METHODS = ("louvain", "leiden")


def communities(G: nx.Graph, method: str = "louvain", seed: int = 0) -> list[set[str]]:
    """Partition the nodes of ``G`` into communities, largest first.

    Parameters
    ----------
    G : networkx graph
        A kg graph (multigraphs are collapsed, directions ignored).
    method : {"louvain", "leiden"}
        Louvain (networkx) or Leiden (``leidenalg``, modularity objective).
    seed : int
        Random seed; the same seed gives the same partition.

    Returns
    -------
    list of set
        Every node in exactly one set; sets ordered by size, then smallest member.

    Raises
    ------
    ValueError
        For an unknown ``method``.
    ImportError
        For ``method="leiden"`` without ``leidenalg``/``igraph`` installed.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("上海", "楚雄"), ("楚雄", "嘉定"), ("上海", "嘉定"),
    ...                      ("广东", "怒江"), ("怒江", "珠海"), ("广东", "珠海"), ("嘉定", "珠海")])
    >>> [sorted(c) for c in communities(G, seed=1)]
    [['上海', '嘉定', '楚雄'], ['广东', '怒江', '珠海']]
    """
    if method not in METHODS:
        raise ValueError(f"unknown community method {method!r}; choose one of {', '.join(METHODS)}")
    H = undirected_simple(G)
    if method == "louvain":
        found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    else:
        found = _leiden(H, seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


def _leiden(H: nx.Graph, seed: int) -> list[set]:
    try:
        import igraph as ig
        import leidenalg
    except ImportError as err:
        raise ImportError(
            f"communities(method='leiden') needs python-igraph and leidenalg ({err}); "
            "install them with: pip install 'kg[analysis]', or use method='louvain'"
        ) from err
    nodes = list(H.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in H.edges])
    weights = [w for *_, w in H.edges(data="weight")]
    partition = leidenalg.find_partition(graph, leidenalg.ModularityVertexPartition, weights=weights, seed=seed)
    return [{nodes[i] for i in members} for members in partition]
