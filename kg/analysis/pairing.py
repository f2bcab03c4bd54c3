"""Who assists whom, province by province: the donor × recipient pairing matrix.

East–West cooperation pairs eastern provinces with western ones (上海→云南,
广东→广西 …).  The matrix rolls every place up to its province through the
``province`` node attribute (an adcode), and an agency, firm or org to the
province of the place it is ``LOCATED_IN``, so county-level ties
(嘉定区→楚雄州) count for their provinces (上海市→云南省).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

Cell = dict[str, int]
"""One pair's totals: ``edges`` (relations), ``weight`` (supporting sentences), ``amount_yuan``."""


def province_of(G: nx.Graph, node: str) -> str | None:
    """The node id ``PLACE:<province adcode>`` of ``node``'s province, or ``None`` if unknown.

    Places use their ``province`` attribute; other nodes follow their
    ``LOCATED_IN`` edges to a place that has one (the first in id order).
    Regions and places without an adcode have no province.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PLACE:310114000000", type="PLACE", province="310000000000")
    >>> G.add_node("AGENCY:嘉定区合作交流办", type="AGENCY", province="")
    >>> G.add_edge("AGENCY:嘉定区合作交流办", "PLACE:310114000000", key="LOCATED_IN")
    'LOCATED_IN'
    >>> province_of(G, "AGENCY:嘉定区合作交流办")
    'PLACE:310000000000'
    """
    data = G.nodes[node]
    if data.get("province"):
        return f"PLACE:{data['province']}"
    if data.get("type") == "PLACE":
        return None
    located = sorted(v for _, v, key in G.out_edges(node, keys=True) if key == "LOCATED_IN")
    for place in located:
        if G.nodes[place].get("province"):
            return f"PLACE:{G.nodes[place]['province']}"
    return None


def pairing_matrix(G: nx.MultiDiGraph, relation: str | Iterable[str] = "ASSISTS") -> dict[str, dict[str, Cell]]:
    """Count ``relation`` edges between provinces: ``matrix[donor][recipient]``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A kg graph (edges keyed by relation label).
    relation : str or iterable of str
        The relation(s) to count, e.g. ``("ASSISTS", "FUNDS")`` to add the money
        that ``FUNDS`` edges carry.

    Returns
    -------
    dict of dict
        Donor province id → recipient province id → ``{"edges", "weight",
        "amount_yuan"}``.  Edges with an end whose province is unknown are left
        out.  Use :func:`pairing_rows` for a flat, named table.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PLACE:310114000000", type="PLACE", province="310000000000")
    >>> G.add_node("PLACE:532300000000", type="PLACE", province="530000000000")
    >>> G.add_edge("PLACE:310114000000", "PLACE:532300000000", key="ASSISTS", weight=2, amount_yuan=0)
    'ASSISTS'
    >>> G.add_edge("PLACE:310114000000", "PLACE:532300000000", key="FUNDS", weight=1, amount_yuan=30000000)
    'FUNDS'
    >>> pairing_matrix(G, ("ASSISTS", "FUNDS"))
    {'PLACE:310000000000': {'PLACE:530000000000': {'edges': 2, 'weight': 3, 'amount_yuan': 30000000}}}
    """
    relations = {relation} if isinstance(relation, str) else set(relation)
    matrix: dict[str, dict[str, Cell]] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        if key not in relations:
            continue
        donor, recipient = province_of(G, u), province_of(G, v)
        if donor is None or recipient is None:
            continue
        cell = matrix.setdefault(donor, {}).setdefault(recipient, {"edges": 0, "weight": 0, "amount_yuan": 0})
        cell["edges"] += 1
        cell["weight"] += data.get("weight", 1)
        cell["amount_yuan"] += data.get("amount_yuan", 0)
    return matrix


def pairing_rows(G: nx.Graph, matrix: dict[str, dict[str, Cell]]) -> list[dict[str, str | int]]:
    """Flatten a pairing matrix into rows with province names, heaviest pairs first.

    Names come from the province nodes of ``G``; a province without a node
    keeps its id.  The rows suit ``csv.DictWriter`` or ``pandas.DataFrame``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PLACE:310000000000", name="上海市")
    >>> pairing_rows(G, {"PLACE:310000000000": {"PLACE:530000000000": {"edges": 1, "weight": 2, "amount_yuan": 0}}})
    [{'donor': 'PLACE:310000000000', 'donor_name': '上海市', 'recipient': 'PLACE:530000000000', 'recipient_name': 'PLACE:530000000000', 'edges': 1, 'weight': 2, 'amount_yuan': 0}]
    """

    def name(node: str) -> str:
        return G.nodes[node].get("name", node) if node in G else node

    rows = [
        {"donor": donor, "donor_name": name(donor), "recipient": recipient, "recipient_name": name(recipient), **cell}
        for donor, row in matrix.items()
        for recipient, cell in row.items()
    ]
    return sorted(rows, key=lambda r: (-r["weight"], -r["amount_yuan"], r["donor"], r["recipient"]))
