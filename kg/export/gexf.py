"""GEXF 1.3 export for Gephi, with edge years on the timeline and relation types as edge kinds.

Written by hand (streamed by :mod:`kg.export.xmlfile`) because ``nx.write_gexf`` turns an edge's
``type`` attribute into GEXF's direction field (Gephi rejects ``ASSISTS`` as a
direction) and cannot write ``kind``.  Gephi 0.10's importer (checked against
its ``ImporterGEXF``) reads:

* ``label`` → node/edge label: the canonical ``name`` and the relation ``type``;
* ``kind`` → the edge type, so a ``FUNDS`` and an ``INVESTS_IN`` edge between
  the same two nodes stay two edges instead of being merged as parallel edges;
* ``start``/``end`` on an edge with ``timeformat="double"`` → the edge's
  interval on the timeline (years as numbers); edges without years have none
  and so are always visible;
* typed ``<attribute>`` declarations (``long``, ``string``) → typed columns.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.export.contract import attribute_types, restore_graph, validate_graph
from kg.export.xmlfile import XmlStream, xml_file

GEXF_NS = "http://gexf.net/1.3"
XML_TYPES = {int: "long", str: "string"}
NODE_AS_XML = ("id", "name")
"""Node attributes written as the node element's ``id`` and ``label``, not as columns."""
EDGE_AS_XML = ("type", "weight", "start", "end")
"""Edge attributes written on the edge element itself (label/kind, weight, interval)."""


def _declare(xml: XmlStream, scope: str, types: dict[str, type], skip: tuple[str, ...]) -> None:
    with xml.element("attributes", {"class": scope, "mode": "static"}):
        for name, kind in types.items():
            if name not in skip:
                xml.leaf("attribute", {"id": f"{scope}_{name}", "title": name, "type": XML_TYPES[kind]})


def _write_item(xml: XmlStream, tag: str, attrs: dict[str, str], scope: str, data: dict, skip: tuple[str, ...]) -> None:
    """A node or edge element with its ``<attvalues>``."""
    values = [(name, value) for name, value in data.items() if name not in skip]
    with xml.element(tag, attrs):
        if not values:
            xml.leaf("attvalues")
            return
        with xml.element("attvalues"):
            for name, value in values:
                xml.leaf("attvalue", {"for": f"{scope}_{name}", "value": str(value)})


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` to ``path`` as GEXF 1.3 for Gephi, atomically; refuse a graph that breaks the contract.

    The graph is ``dynamic`` when any edge has ``start``/``end``, so Gephi
    offers its timeline.  ``G.graph["documents"]`` is not written (GEXF has no
    graph attributes); the GraphML file keeps it.
    """
    validate_graph(G)
    timed = any("start" in data for *_, data in G.edges(data=True))
    graph_attrs = {"defaultedgetype": "directed", "mode": "dynamic" if timed else "static"}
    if timed:
        graph_attrs.update(timeformat="double", timerepresentation="interval")
    with xml_file(path) as xml, xml.element("gexf", {"xmlns": GEXF_NS, "version": "1.3"}):
        with xml.element("meta"):
            xml.leaf("creator", text="kg")
        with xml.element("graph", graph_attrs):
            _declare(xml, "node", attribute_types(G, "node"), NODE_AS_XML)
            _declare(xml, "edge", attribute_types(G, "edge"), EDGE_AS_XML)
            with xml.element("nodes"):
                for node, data in G.nodes(data=True):
                    _write_item(xml, "node", {"id": node, "label": data["name"]}, "node", data, NODE_AS_XML)
            with xml.element("edges"):
                for index, (u, v, data) in enumerate(G.edges(data=True)):
                    attrs = {"id": f"e{index}", "source": u, "target": v, "label": data["type"], "kind": data["type"]}
                    attrs["weight"] = str(data["weight"])
                    attrs.update({bound: str(data[bound]) for bound in ("start", "end") if bound in data})
                    _write_item(xml, "edge", attrs, "edge", data, EDGE_AS_XML)
    return Path(path)


def read_gexf(path: str | Path) -> nx.MultiDiGraph:
    """Read a GEXF file written by :func:`write_gexf` back into a contract graph (without ``documents``)."""
    H = nx.read_gexf(path, version="1.3")
    for _, data in H.nodes(data=True):
        data["name"] = data.pop("label")
    for *_, data in H.edges(data=True):
        data["type"] = data.pop("label")
    return restore_graph(H)
