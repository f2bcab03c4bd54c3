"""``kg view``: one self-contained HTML page for exploring a built graph offline.

Researchers open the page from a file, mail it, or put it on a share without a
server, so everything is inlined: the stylesheet, the renderer (a small
hand-written canvas script in ``kg/assets/view.js``) and the graph itself as
JSON.  The page never loads anything from the network.

The layout is computed here, not in the browser: each connected part of the
graph gets a networkx spring layout of its own and the parts are packed in
rows, largest first, so a graph with many small islands stays readable and the
same build always gives the same picture (fixed seed).

Evidence is shown in context: for each evidence item the full sentence is taken
from the build's ``extractions.jsonl`` (when present) and the evidence span
``start:end`` is highlighted inside it.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kg.analysis.simple import undirected_simple
from kg.analysis.timeline import edge_years
from kg.builder import load_graph
from kg.fileio import atomic_write

LAYOUT_SEED = 7
"""Seed of the spring layout, so rebuilding a view of the same graph gives the same picture."""

LARGE_PART = 500
"""Parts with more nodes start from a spectral layout and take fewer spring steps, each O(n²):
about 10 s for a 2,000-node part instead of 30."""

PART_GAP = 1.6
"""Space left between packed parts of the graph, in layout units (a two-node part is about 1.4 wide)."""

EXTRACTIONS_NAME = "extractions.jsonl"
"""The build file holding every sentence record (``id``, ``text``), read for evidence context."""

MARKERS = re.compile(r"<!--kg:title-->|/\*kg:(?:css|data|js)\*/")
"""Placeholders in ``kg/assets/view.html``, each replaced by its inlined part."""

Point = tuple[float, float]


def sentence_texts(path: str | Path, wanted: Iterable[str] | None = None) -> dict[str, str]:
    """Map record id → text from an extraction JSONL file, keeping only ``wanted`` ids if given.

    A missing file gives an empty map (the view then shows evidence spans without context).
    """
    path = Path(path)
    if not path.is_file():
        return {}
    keep = set(wanted) if wanted is not None else None
    texts: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not JSON ({err.msg}); rebuild with `kg build`") from err
            if keep is None or record.get("id") in keep:
                texts[record["id"]] = record["text"]
    return texts


def _component_layout(H: nx.Graph, nodes: list[str]) -> dict[str, Point]:
    """Spring layout of one connected part, centred on 0 with radius about sqrt(size)."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    part = H.subgraph(nodes)
    start, iterations = None, 50
    if len(nodes) > LARGE_PART:
        start = nx.spectral_layout(part)
        iterations = max(10, 50 * LARGE_PART // len(nodes))
    positions = nx.spring_layout(part, pos=start, iterations=iterations, seed=LAYOUT_SEED, scale=math.sqrt(len(nodes)), weight=None)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def layout(G: nx.Graph) -> dict[str, Point]:
    """Node positions: each connected part laid out alone, parts packed in rows, largest first."""
    H = undirected_simple(G)
    parts = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(c)))
    row_width = max(8.0, 2.2 * math.sqrt(H.number_of_nodes()))
    positions: dict[str, Point] = {}
    x = y = row_height = 0.0
    for part in parts:
        local = _component_layout(H, sorted(part))
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        width, height = max(xs) - min(xs) + PART_GAP, max(ys) - min(ys) + PART_GAP
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in local.items():
            positions[node] = (x + px - min(xs), y + py - min(ys))
        x += width
        row_height = max(row_height, height)
    return positions


def _evidence(raw: str, sentences: Mapping[str, str]) -> list[dict[str, Any]]:
    """An edge's evidence items, each with ``context``: the full sentence when it is known."""
    items = json.loads(raw) if raw else []
    for item in items:
        text = sentences.get(item.get("sentence", ""))
        span_matches = text is not None and text[item.get("start", 0):item.get("end", 0)] == item.get("text")
        item["context"] = text if span_matches else None
    return items


def view_data(G: nx.MultiDiGraph, sentences: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON the page draws: nodes with positions and attributes, edges with parsed evidence.

    Edges refer to nodes by index.  ``sentences`` (record id → text) gives
    evidence its surrounding sentence.
    """
    sentences = sentences or {}
    positions = layout(G)
    index = {node: i for i, node in enumerate(G.nodes)}
    degree = dict(undirected_simple(G).degree())
    nodes = [
        {"x": round(positions[node][0], 3), "y": round(positions[node][1], 3), "degree": degree[node], "attrs": dict(data)}
        for node, data in G.nodes(data=True)
    ]
    edges = []
    for u, v, key, data in G.edges(keys=True, data=True):
        attrs = {name: value for name, value in data.items() if name != "evidence"}
        edges.append({
            "source": index[u], "target": index[v], "type": str(key), "years": edge_years(data),
            "attrs": attrs, "evidence": _evidence(data.get("evidence", ""), sentences),
        })
    return {
        "nodes": nodes,
        "edges": edges,
        "nodeTypes": sorted({str(d.get("type", "")) for _, d in G.nodes(data=True)}),
        "relationTypes": sorted({e["type"] for e in edges}),
        "years": sorted({year for e in edges for year in e["years"]}),
        "documents": G.graph.get("documents", {}),
    }


def _asset(name: str) -> str:
    return resources.files("kg").joinpath("assets", name).read_text(encoding="utf-8")


def _script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>`` or ``<!--`` can appear."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render_html(G: nx.MultiDiGraph, sentences: Mapping[str, str] | None = None, title: str = "kg graph") -> str:
    """The complete page for ``G``: CSS, script and data inlined, nothing fetched."""
    page = _asset("view.html")
    parts = {
        "<!--kg:title-->": html.escape(title),
        "/*kg:css*/": _asset("view.css"),
        "/*kg:data*/": _script_json(view_data(G, sentences)),
        "/*kg:js*/": _asset("view.js"),
    }
    missing = [marker for marker in parts if marker not in page]
    if missing:
        raise RuntimeError(f"kg/assets/view.html lacks {', '.join(missing)}; the package is damaged, reinstall kg")
    # One pass, so a marker-like string inside the data or the script is never replaced.
    return MARKERS.sub(lambda match: parts[match.group()], page)


def write_view(directory: str | Path, out: str | Path | None = None, title: str | None = None) -> Path:
    """Write the page for the build in ``directory`` to ``out`` (default ``DIRECTORY/graph.html``); return it."""
    directory = Path(directory)
    G = load_graph(directory)
    wanted = {item["sentence"] for *_, raw in G.edges(data="evidence") for item in json.loads(raw or "[]")}
    sentences = sentence_texts(directory / EXTRACTIONS_NAME, wanted)
    target = Path(out) if out is not None else directory / "graph.html"
    with atomic_write(target) as handle:
        handle.write(render_html(G, sentences, title or f"kg: {directory.resolve().name}"))
    return target
