"""``kg report``: the plots and tables a researcher looks at first, from a build folder.

Four PNGs (degree distribution, the best-connected entities of each type, the
province × province pairing heat map, relations per year) and one summary in
two forms: ``report.md`` beside the PNGs, and ``report.html`` with the PNGs
inlined so it can be mailed as one file.  Both are rendered from the same
list of :class:`Section` objects, so they always say the same thing.

Plots use matplotlib's object API with the Agg canvas (no display, no global
pyplot state).  Chinese labels need a CJK font: :func:`cjk_font` registers one
from the system (Debian: ``fonts-noto-cjk``, installed by
``scripts/install_fonts.sh``); without one the report is still written, the
labels show as boxes, and :attr:`Report.cjk_font` is empty so the caller can say so.
"""

from __future__ import annotations

import base64
import html
import json
import shutil
import statistics
import subprocess
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.analysis import edge_years, pairing_matrix, pairing_rows, undirected_simple
from kg.builder import load_graph
from kg.fileio import atomic_write

PREFERRED_CJK_FONTS = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Microsoft YaHei", "PingFang SC", "SimHei", "Heiti SC",
)
"""CJK fonts in order of preference (simplified-Chinese forms first)."""

TOP_PER_TYPE = 10
"""Entities per type in the top-entities figure; the tables show half as many."""

PAIRING_RELATIONS = ("ASSISTS",)
"""The relation whose donor → recipient provinces the heat map counts."""

RELATION_COLORS = {
    "ASSISTS": "#d62728", "FUNDS": "#bcbd22", "INVESTS_IN": "#ff7f0e", "LOCATED_IN": "#b0b7c0",
    "CO_BUILDS": "#2ca02c", "COOPERATES_WITH": "#1f77b4", "IMPLEMENTS": "#17becf", "ISSUES": "#8c564b",
}
"""The relation colours of ``kg view``, so a figure and the interactive page read alike."""

DPI = 130


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str | int]]


@dataclass
class Section:
    """One part of the summary: a heading, some sentences, optionally a table and a figure."""

    title: str
    text: list[str] = field(default_factory=list)
    table: Table | None = None
    figure: str | None = None


@dataclass
class Report:
    """What :func:`write_report` wrote, and the CJK font it drew with ('' when none was found)."""

    out: Path
    figures: dict[str, Path]
    markdown: Path
    html: Path
    cjk_font: str


# ---------- fonts ----------


def _system_cjk_files() -> list[str]:
    """Regular-weight font files fontconfig lists for Chinese (none without fontconfig)."""
    if shutil.which("fc-list") is None:
        return []
    listed = subprocess.run(["fc-list", ":lang=zh:style=Regular", "file"], capture_output=True, text=True, check=False)
    return sorted({line.split(":")[0].strip() for line in listed.stdout.splitlines() if line.strip()})


def cjk_font() -> str:
    """Register the system's CJK fonts with matplotlib and return the family to use, '' if none.

    Fonts installed after matplotlib built its font cache are not in it, so
    the files fontconfig knows are added explicitly.
    """
    from matplotlib import font_manager

    for path in _system_cjk_files():
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue  # a font file matplotlib cannot read: try the next one
    known = {font.name for font in font_manager.fontManager.ttflist}
    for name in PREFERRED_CJK_FONTS:
        if name in known:
            return name
    return next((name for name in sorted(known) if "CJK" in name), "")


def font_families(font: str) -> list[str]:
    """The font.family list that draws Latin text with DejaVu Sans and Chinese with ``font``.

    A list in font.family (not font.sans-serif) makes matplotlib fall back glyph by glyph.
    """
    return ["DejaVu Sans", font] if font else ["DejaVu Sans"]


@contextmanager
def plot_style(font: str | None = None) -> Iterator[str]:
    """matplotlib settings for figures with Chinese labels, undone afterwards; yields the CJK font ('' if none).

    ``font`` defaults to :func:`cjk_font`.  Without a CJK font the labels show
    as boxes and matplotlib's per-glyph warnings are silenced (the caller
    reports the missing font once).

    >>> with plot_style() as font:                      # doctest: +SKIP
    ...     pairing_figure(G).savefig("pairing.png")
    """
    import matplotlib

    font = cjk_font() if font is None else font
    with matplotlib.rc_context({"font.family": font_families(font), "axes.unicode_minus": False}):
        with warnings.catch_warnings():
            if not font:
                warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
            yield font


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _count_axis(axis) -> None:
    """Whole numbers only on an axis of counts."""
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


# ---------- numbers ----------


def degrees(G: nx.MultiDiGraph) -> dict[str, int]:
    """Each node's number of distinct neighbours (direction and parallel relations ignored)."""
    return dict(undirected_simple(G).degree())


def top_entities(G: nx.MultiDiGraph, per_type: int = TOP_PER_TYPE) -> dict[str, list[tuple[str, int, int]]]:
    """Per node type, the best-connected entities as (name, neighbours, mentions), most neighbours first."""
    degree = degrees(G)
    by_type: dict[str, list[tuple[str, int, int]]] = {}
    for node, data in G.nodes(data=True):
        by_type.setdefault(data["type"], []).append((data["name"], degree[node], data["mentions"]))
    return {
        kind: sorted(items, key=lambda item: (-item[1], -item[2], item[0]))[:per_type]
        for kind, items in sorted(by_type.items())
    }


def pairings(G: nx.MultiDiGraph, relations: str | tuple[str, ...] = PAIRING_RELATIONS) -> list[dict[str, str | int]]:
    """:func:`kg.analysis.pairing_rows` of ``relations`` (default ASSISTS), every province named.

    A province that is no node of the graph (only its counties were
    mentioned) is named from the gazetteer instead of by its id.
    """
    from kg.gazetteer import Gazetteer

    rows = pairing_rows(G, pairing_matrix(G, relations))
    for row in rows:
        for side in ("donor", "recipient"):
            if row[f"{side}_name"] == row[side]:
                try:
                    row[f"{side}_name"] = Gazetteer.default().division(str(row[side]).removeprefix("PLACE:")).name
                except KeyError:
                    pass  # not an adcode the gazetteer knows: keep the id
    return rows


def edges_per_year(G: nx.MultiDiGraph) -> tuple[dict[int, Counter[str]], int]:
    """Relations stated for each year, by relation type, and the number of relations with no year.

    A relation stated for 2019 and 2021 counts in both years.
    """
    per_year: dict[int, Counter[str]] = {}
    undated = 0
    for _, _, key, data in G.edges(keys=True, data=True):
        years = edge_years(data)
        undated += not years
        for year in years:
            per_year.setdefault(year, Counter())[key] += 1
    return dict(sorted(per_year.items())), undated


# ---------- figures ----------


def degree_figure(G: nx.MultiDiGraph):
    """Bar chart: how many nodes have each number of neighbours."""
    counts = Counter(degrees(G).values())
    fig = _figure(6.5, 3.6)
    ax = fig.add_subplot()
    ax.bar(list(counts), list(counts.values()), color="#1f77b4")
    ax.set_xlabel("neighbours (distinct, any relation)")
    ax.set_ylabel("nodes")
    _count_axis(ax.xaxis)
    ax.set_title("Degree distribution")
    if counts and max(counts.values()) > 100 * min(counts.values()):
        ax.set_yscale("log")
    return fig


def top_entities_figure(G: nx.MultiDiGraph, per_type: int = TOP_PER_TYPE):
    """One horizontal bar chart per node type: its best-connected entities."""
    top = top_entities(G, per_type)
    columns = 2
    rows = max(1, -(-len(top) // columns))
    fig = _figure(11, 2.6 * rows)
    for i, (kind, items) in enumerate(top.items(), 1):
        ax = fig.add_subplot(rows, columns, i)
        names = [name if len(name) <= 16 else name[:15] + "…" for name, _, _ in reversed(items)]
        ax.barh(names, [neighbours for _, neighbours, _ in reversed(items)], color="#ff7f0e")
        ax.set_title(kind)
        ax.set_xlabel("neighbours")
        ax.set_xlim(0, max(1, *(neighbours for _, neighbours, _ in items)) * 1.05)
        _count_axis(ax.xaxis)
    if not top:
        fig.text(0.5, 0.5, "the graph has no nodes", ha="center")
    return fig


def pairing_figure(G: nx.MultiDiGraph):
    """Heat map of supporting sentences of ASSISTS between provinces: donors down, recipients across."""
    rows = pairings(G)
    donors = sorted({r["donor_name"] for r in rows})
    recipients = sorted({r["recipient_name"] for r in rows})
    fig = _figure(max(5.0, 1.0 + 0.8 * len(recipients)), max(3.0, 1.2 + 0.45 * len(donors)))
    ax = fig.add_subplot()
    if not rows:
        ax.text(0.5, 0.5, "no ASSISTS relations between places of known provinces", ha="center", va="center")
        ax.set_axis_off()
        return fig
    grid = [[0] * len(recipients) for _ in donors]
    for r in rows:
        grid[donors.index(r["donor_name"])][recipients.index(r["recipient_name"])] = r["weight"]
    image = ax.imshow(grid, cmap="Reds", aspect="auto")
    ax.set_xticks(range(len(recipients)), recipients, rotation=45, ha="right")
    ax.set_yticks(range(len(donors)), donors)
    peak = max(max(row) for row in grid)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", color="white" if value > peak / 2 else "black")
    ax.set_xlabel("recipient province")
    ax.set_ylabel("donor province")
    ax.set_title("Pairing: sentences stating ASSISTS")
    _count_axis(fig.colorbar(image, ax=ax, label="sentences").ax.yaxis)
    return fig


def edges_per_year_figure(G: nx.MultiDiGraph):
    """Stacked bars: relations stated for each year, by relation type."""
    per_year, undated = edges_per_year(G)
    fig = _figure(7, 3.8)
    ax = fig.add_subplot()
    if not per_year:
        ax.text(0.5, 0.5, f"no relation has a year ({undated} undated)", ha="center", va="center")
        ax.set_axis_off()
        return fig
    years = list(per_year)
    bottom = [0] * len(years)
    for relation in sorted({r for counts in per_year.values() for r in counts}):
        heights = [per_year[year][relation] for year in years]
        ax.bar([str(y) for y in years], heights, bottom=bottom, label=relation, color=RELATION_COLORS.get(relation))
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_ylabel("relations")
    _count_axis(ax.yaxis)
    ax.set_title(f"Relations per year ({undated} without a year not shown)")
    ax.legend(fontsize=8, ncols=2)
    return fig


FIGURES = {
    "degree_distribution": degree_figure,
    "top_entities": top_entities_figure,
    "pairing_heatmap": pairing_figure,
    "edges_per_year": edges_per_year_figure,
}
"""File stem → figure function of a graph."""


# ---------- summary ----------


def _counts_table(counter: Counter[str], label: str) -> Table:
    return Table([label, "count"], [[key, value] for key, value in sorted(counter.items())])


def sections(G: nx.MultiDiGraph, build: dict | None = None) -> list[Section]:
    """The summary's content; ``build`` is the build's ``report.json`` when there is one."""
    node_types = Counter(data["type"] for _, data in G.nodes(data=True))
    relations = Counter(key for _, _, key in G.edges(keys=True))
    overview = [
        f"{G.number_of_nodes()} entities and {G.number_of_edges()} relations "
        f"from {len(G.graph.get('documents', {}))} documents."
    ]
    if build:
        overview.append(
            f"{build.get('records', 0)} sentence records extracted; {build.get('rejects', 0)} relation candidates "
            f"rejected by validation; {build.get('problems', 0)} input problems skipped."
        )
    degree = degrees(G)
    hub = max(sorted(degree), key=degree.get) if degree else None
    degree_text = [
        f"Median {statistics.median(degree.values()) if degree else 0:g} neighbours; "
        f"{sum(1 for d in degree.values() if d == 0)} entities have no relation."
    ]
    if hub is not None:
        degree_text.append(f"Best connected: {G.nodes[hub]['name']} ({G.nodes[hub]['type']}, {degree[hub]} neighbours).")
    top_rows = [[kind, name, neighbours, mentions]
                for kind, items in top_entities(G, TOP_PER_TYPE // 2).items() for name, neighbours, mentions in items]
    pairs = pairings(G)
    per_year, undated = edges_per_year(G)
    return [
        Section("Overview", overview, _counts_table(node_types, "entity type")),
        Section("Relations", [f"{sum(relations.values())} relations of {len(relations)} types."],
                _counts_table(relations, "relation")),
        Section("Degree distribution", degree_text, figure="degree_distribution"),
        Section("Top entities per type", ["Ranked by distinct neighbours, then by mentions."],
                Table(["type", "name", "neighbours", "mentions"], top_rows), "top_entities"),
        Section("Province pairing",
                ["Donor → recipient provinces of ASSISTS relations (counties and agencies rolled up to their "
                 "province), weighted by supporting sentences."],
                Table(["donor", "recipient", "relations", "sentences", "amount_yuan"],
                      [[r["donor_name"], r["recipient_name"], r["edges"], r["weight"], r["amount_yuan"]] for r in pairs[:20]]),
                "pairing_heatmap"),
        Section("Relations per year",
                [f"{undated} relations state no year. A relation stated for several years counts in each."],
                Table(["year", "relations"], [[year, sum(counts.values())] for year, counts in per_year.items()]),
                "edges_per_year"),
    ]


def _md_cell(value: str | int) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_markdown(title: str, parts: list[Section]) -> str:
    """The summary as Markdown, with the figures linked as PNG files beside it."""
    lines = [f"# {title}", ""]
    for part in parts:
        lines += [f"## {part.title}", ""]
        lines += [*part.text, ""] if part.text else []
        if part.figure:
            lines += [f"![{part.title}]({part.figure}.png)", ""]
        if part.table and part.table.rows:
            lines.append("| " + " | ".join(part.table.headers) + " |")
            lines.append("|" + "---|" * len(part.table.headers))
            lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in part.table.rows]
            lines.append("")
    return "\n".join(lines)


def render_html(title: str, parts: list[Section], images: dict[str, bytes]) -> str:
    """The summary as one HTML file with the figures inlined as data URIs."""
    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>"]
    for part in parts:
        body.append(f"<h2>{esc(part.title)}</h2>")
        body += [f"<p>{esc(text)}</p>" for text in part.text]
        if part.figure and part.figure in images:
            data = base64.b64encode(images[part.figure]).decode("ascii")
            body.append(f'<img alt="{esc(part.title)}" src="data:image/png;base64,{data}">')
        if part.table and part.table.rows:
            head = "".join(f"<th>{esc(h)}</th>" for h in part.table.headers)
            rows = "".join("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>" for row in part.table.rows)
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    style = (
        "body{font:15px/1.5 system-ui,'Noto Sans CJK SC',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1f2328}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #d0d7de;padding:3px 10px;text-align:left}"
        "th{background:#f6f8fa}img{max-width:100%;display:block;margin:.5em 0}"
    )
    return (f'<!DOCTYPE html>\n<html lang="zh-Hans"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def write_report(directory: str | Path, out: str | Path | None = None) -> Report:
    """Write the PNGs, ``report.md`` and ``report.html`` for the build in ``directory``.

    ``out`` defaults to ``DIRECTORY/report/``.
    """
    directory = Path(directory)
    G = load_graph(directory)
    build_file = directory / "report.json"
    build = json.loads(build_file.read_text(encoding="utf-8")) if build_file.is_file() else None
    target = Path(out) if out is not None else directory / "report"
    target.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Path] = {}
    images: dict[str, bytes] = {}
    with plot_style() as font:
        for stem, make in FIGURES.items():
            path = target / f"{stem}.png"
            make(G).savefig(path)
            figures[stem] = path
            images[stem] = path.read_bytes()
    title = f"kg report: {directory.resolve().name}"
    parts = sections(G, build)
    markdown, page = target / "report.md", target / "report.html"
    with atomic_write(markdown) as handle:
        handle.write(render_markdown(title, parts))
    with atomic_write(page) as handle:
        handle.write(render_html(title, parts, images))
    return Report(target, figures, markdown, page, font)
