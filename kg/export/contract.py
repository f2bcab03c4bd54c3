"""The graph contract every export checks before it writes, and restores after it reads.

A kg graph is a ``networkx.MultiDiGraph`` whose node and edge attributes are
GraphML-safe: ``str`` or ``int`` only, never ``None``, lists or dicts.  Gephi
falls back to strings for untyped keys and networkx's writers crash on lists,
so a graph that breaks the contract is refused *before* a file is half
written, with an error that names the attribute and the node or edge.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import networkx as nx

NODE_ATTRS: dict[str, type] = {
    "id": str,
    "type": str,
    "name": str,
    "aliases": str,
    "adcode": str,
    "level": str,
    "province": str,
    "mentions": int,
    "docs": str,
    "merged_by": str,
}
"""Attributes every node carries, with their types."""

EDGE_ATTRS: dict[str, type] = {
    "type": str,
    "weight": int,
    "docs": str,
    "years": str,
    "amount_yuan": int,
    "evidence": str,
}
"""Attributes every edge carries, with their types."""

OPTIONAL_EDGE_ATTRS: dict[str, type] = {"start": int, "end": int}
"""Present only when an edge's years are known (the GEXF timeline reads them)."""

SAFE_TYPES = (str, int)

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all; PDF extraction sometimes leaves them in text."""


class GraphContractError(ValueError):
    """A graph breaks the kg graph contract; the message says where and how."""


def _check_value(where: str, name: str, value: Any, expected: type | None) -> None:
    """Refuse ``None``, containers, bools and wrong types for one attribute value."""
    if value is None:
        raise GraphContractError(
            f"{where}: attribute {name!r} is None; use '' for unknown strings or 0 for unknown numbers"
        )
    if isinstance(value, bool) or not isinstance(value, SAFE_TYPES):
        kind = type(value).__name__
        hint = ' join lists with "|" or dump them as JSON' if isinstance(value, (list, tuple, set, dict)) else ""
        raise GraphContractError(
            f"{where}: attribute {name!r} is a {kind} ({value!r:.60}); GraphML and GEXF take str or int only;{hint}"
        )
    if isinstance(value, str) and (bad := _XML_ILLEGAL.search(value)):
        raise GraphContractError(
            f"{where}: attribute {name!r} holds control character {bad.group()!r} at {bad.start()},"
            " which XML cannot carry; strip it from the text before building the graph"
        )
    if expected is not None and not isinstance(value, expected):
        raise GraphContractError(
            f"{where}: attribute {name!r} must be {expected.__name__}, got {type(value).__name__} ({value!r:.60})"
        )


def _check_attrs(where: str, data: Mapping[str, Any], required: dict[str, type], optional: dict[str, type]) -> None:
    missing = [name for name in required if name not in data]
    if missing:
        raise GraphContractError(f"{where}: missing attribute(s) {', '.join(missing)}; every one of {list(required)} is required")
    for name, value in data.items():
        _check_value(where, name, value, required.get(name) or optional.get(name))


def _check_consistent(
    seen: dict[tuple[str, str], tuple[type, str]], scope: str, where: str, data: Mapping[str, Any]
) -> None:
    """One typed key per attribute: refuse an attribute that is int here and str elsewhere."""
    for name, value in data.items():
        first_type, first_where = seen.setdefault((scope, name), (type(value), where))
        if first_type is not type(value):
            raise GraphContractError(
                f"{where}: attribute {name!r} is {type(value).__name__} but {first_type.__name__} at {first_where};"
                " one attribute needs one type for a typed GraphML/GEXF key"
            )


def validate_graph(G: nx.MultiDiGraph) -> None:
    """Raise :class:`GraphContractError` unless ``G`` follows the kg graph contract.

    Extra attributes are allowed as long as they are ``str`` or ``int``.
    """
    if not (G.is_directed() and G.is_multigraph()):
        raise GraphContractError(f"graph is a {type(G).__name__}; kg graphs are networkx.MultiDiGraph")
    seen: dict[tuple[str, str], tuple[type, str]] = {}
    for node, data in G.nodes(data=True):
        where = f"node {node!r}"
        _check_attrs(where, data, NODE_ATTRS, {})
        _check_consistent(seen, "node", where, data)
        if data["id"] != node:
            raise GraphContractError(f"{where}: attribute 'id' is {data['id']!r}; it must equal the node key")
    for u, v, key, data in G.edges(keys=True, data=True):
        where = f"edge {u!r} -[{key!r}]-> {v!r}"
        _check_attrs(where, data, EDGE_ATTRS, OPTIONAL_EDGE_ATTRS)
        _check_consistent(seen, "edge", where, data)
        if data["type"] != key:
            raise GraphContractError(f"{where}: attribute 'type' is {data['type']!r}; it must equal the edge key")
    documents = G.graph.get("documents", {})
    if not isinstance(documents, Mapping):
        raise GraphContractError(f"graph attribute 'documents' is a {type(documents).__name__}; expected a dict doc_id -> info")


def documents_json(G: nx.MultiDiGraph) -> str:
    """The ``documents`` provenance as one JSON string, for formats without graph dicts."""
    return json.dumps(G.graph.get("documents", {}), ensure_ascii=False, sort_keys=True)


def restore_graph(H: nx.Graph, documents: Mapping[str, Any] | None = None) -> nx.MultiDiGraph:
    """Rebuild a contract graph from what a generic reader returned.

    Readers return ``DiGraph`` when no parallel edges happen to exist, float
    weights and years (GEXF), and extra bookkeeping keys (edge ``id``,
    ``label``).  This turns that back into a ``MultiDiGraph`` keyed by relation
    label, with the contract's int attributes as ints.
    """
    G = nx.MultiDiGraph()
    G.graph["documents"] = dict(documents or {})
    int_nodes = [name for name, kind in NODE_ATTRS.items() if kind is int]
    int_edges = [name for name, kind in {**EDGE_ATTRS, **OPTIONAL_EDGE_ATTRS}.items() if kind is int]
    for node, data in H.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k != "label"}
        attrs["id"] = str(node)
        attrs.setdefault("name", data.get("label", str(node)))
        for name in int_nodes:
            if name in attrs:
                attrs[name] = int(attrs[name])
        G.add_node(str(node), **attrs)
    for u, v, data in H.edges(data=True):
        attrs = {k: val for k, val in data.items() if k not in ("id", "label", "key")}
        attrs.setdefault("type", data.get("label", ""))
        for name in int_edges:
            if name in attrs:
                attrs[name] = int(attrs[name])
        G.add_edge(str(u), str(v), key=attrs["type"], **attrs)
    return G


def attribute_types(G: nx.MultiDiGraph, scope: str) -> dict[str, type]:
    """Each ``scope`` ("node" or "edge") attribute name with its type, contract attributes first.

    Call after :func:`validate_graph`, which guarantees one type per name.
    """
    declared = NODE_ATTRS if scope == "node" else {**EDGE_ATTRS, **OPTIONAL_EDGE_ATTRS}
    items = G.nodes(data=True) if scope == "node" else G.edges(data=True)
    types: dict[str, type] = {}
    for *_, data in items:
        for name, value in data.items():
            types.setdefault(name, type(value))
    ordered = {name: types[name] for name in declared if name in types}
    ordered.update({name: kind for name, kind in sorted(types.items()) if name not in ordered})
    return ordered
