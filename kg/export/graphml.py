"""GraphML export and import with one typed key per attribute, as Gephi and networkx expect.

Written by hand (streamed by :mod:`kg.export.xmlfile`) rather than ``nx.write_graphml`` for Gephi's
sake: Gephi maps GraphML key *ids* ``d3``/``d7`` (yEd's defaults) to node and
edge labels, so networkx's sequential ``d0, d1 …`` ids make one arbitrary
attribute vanish into the label.  Here key ids are spelled out
(``node_aliases``), the canonical ``name`` uses key id ``label`` and the
relation ``type`` key id ``edgelabel`` so Gephi shows names and relation labels,
and every key has ``attr.type`` (``long`` for ints, ``string`` for text).
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from kg.export.contract import attribute_types, documents_json, restore_graph, validate_graph
from kg.export.xmlfile import XmlStream, xml_file

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XML_TYPES = {int: "long", str: "string"}
GEPHI_LABEL_KEYS = {("node", "name"): "label", ("edge", "type"): "edgelabel"}
"""Key ids Gephi's GraphML importer maps to the node label and the edge label."""


def _key_id(scope: str, name: str) -> str:
    return GEPHI_LABEL_KEYS.get((scope, name), f"{scope}_{name}")


def _declare_keys(xml: XmlStream, G: nx.MultiDiGraph) -> None:
    xml.leaf("key", {"id": "graph_documents", "for": "graph", "attr.name": "documents", "attr.type": "string"})
    for scope in ("node", "edge"):
        for name, kind in attribute_types(G, scope).items():
            if scope == "node" and name == "id":
                continue  # the node element's own id
            xml.leaf("key", {"id": _key_id(scope, name), "for": scope, "attr.name": name, "attr.type": XML_TYPES[kind]})


def _write_data(xml: XmlStream, scope: str, data: dict) -> None:
    for name, value in data.items():
        if not (scope == "node" and name == "id"):
            xml.leaf("data", {"key": _key_id(scope, name)}, str(value))


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` to ``path`` as typed GraphML, atomically; refuse a graph that breaks the contract.

    ``G.graph["documents"]`` travels as one JSON string in the graph-level key ``documents``.
    """
    validate_graph(G)
    with xml_file(path) as xml, xml.element("graphml", {"xmlns": GRAPHML_NS}):
        _declare_keys(xml, G)
        with xml.element("graph", {"id": "kg", "edgedefault": "directed"}):
            xml.leaf("data", {"key": "graph_documents"}, documents_json(G))
            for node, data in G.nodes(data=True):
                with xml.element("node", {"id": node}):
                    _write_data(xml, "node", data)
            for index, (u, v, data) in enumerate(G.edges(data=True)):
                with xml.element("edge", {"id": f"e{index}", "source": u, "target": v}):
                    _write_data(xml, "edge", data)
    return Path(path)


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """Read a GraphML file written by :func:`write_graphml` back into a contract graph."""
    H = nx.read_graphml(path, force_multigraph=True)
    documents = json.loads(H.graph.pop("documents", "{}") or "{}")
    return restore_graph(H, documents)
