"""The graph as it stood in one year, read from the ``years`` every edge carries.

Edges without a known year belong to no slice.  A slice holds the edges and
the nodes they connect, so node counts show who was active that year.
"""

from __future__ import annotations

import networkx as nx


def edge_years(data: dict) -> list[int]:
    """The years of one edge's attribute dict (``years`` is "|"-joined, '' if unknown).

    Examples
    --------
    >>> edge_years({"years": "2019|2021"})
    [2019, 2021]
    >>> edge_years({"years": ""})
    []
    """
    return [int(year) for year in str(data.get("years", "")).split("|") if year]


def time_slice(G: nx.MultiDiGraph, year: int, cumulative: bool = False) -> nx.MultiDiGraph:
    """Return the edges of ``year`` (or of every year up to it) with the nodes they connect.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A kg graph.
    year : int
        The year to keep.
    cumulative : bool
        Keep edges with any year up to and including ``year`` (the network as
        built so far) instead of edges active in ``year`` only.

    Returns
    -------
    networkx.MultiDiGraph
        An independent copy with all attributes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("上海", "云南", key="ASSISTS", years="2019|2020")
    'ASSISTS'
    >>> G.add_edge("隆基", "禄丰", key="INVESTS_IN", years="2021")
    'INVESTS_IN'
    >>> G.add_edge("广东", "云南", key="ASSISTS", years="")
    'ASSISTS'
    >>> sorted(time_slice(G, 2020).edges())
    [('上海', '云南')]
    >>> time_slice(G, 2021, cumulative=True).number_of_edges()
    2
    """
    keep = [
        (u, v, key)
        for u, v, key, data in G.edges(keys=True, data=True)
        if any(y <= year if cumulative else y == year for y in edge_years(data))
    ]
    return G.edge_subgraph(keep).copy()


def time_slices(G: nx.MultiDiGraph, cumulative: bool = False) -> dict[int, nx.MultiDiGraph]:
    """Return :func:`time_slice` for every year that occurs on an edge, in year order.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("上海", "云南", key="ASSISTS", years="2019|2021")
    'ASSISTS'
    >>> {year: H.number_of_edges() for year, H in time_slices(G).items()}
    {2019: 1, 2021: 1}
    """
    years = sorted({y for *_, data in G.edges(data=True) for y in edge_years(data)})
    return {year: time_slice(G, year, cumulative) for year in years}
