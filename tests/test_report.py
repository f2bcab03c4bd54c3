"""``kg report``: the numbers behind the plots, the files written, and the CLI.

Most tests use the hand-made contract graph (``tests/graphs.py``), whose
answers are known; one builds the sample corpus end to end.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.export import write_graph_files
from kg.report import cjk_font, edges_per_year, pairings, top_entities, write_report
from graphs import add_node, contract_graph  # tests/graphs.py

REPO = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FIGURES = ("degree_distribution", "top_entities", "pairing_heatmap", "edges_per_year")


def _build_dir(G: nx.MultiDiGraph, path: Path) -> Path:
    """A folder that looks like a build: the graph files and a report.json."""
    write_graph_files(G, path)
    (path / "report.json").write_text(json.dumps({"records": 12, "rejects": 2, "problems": 0}), encoding="utf-8")
    return path


def test_top_entities_rank_by_neighbours_then_mentions() -> None:
    top = top_entities(contract_graph())
    assert top["PLACE"][0] == ("楚雄州", 4, 7)  # ties with 禄丰市 at 4 neighbours, mentioned more
    assert top["PLACE"][1] == ("禄丰市", 4, 1)
    assert [name for name, *_ in top["FIRM"]] == ["隆基绿能科技股份有限公司"]


def test_edges_per_year_counts_each_stated_year() -> None:
    per_year, undated = edges_per_year(contract_graph())
    assert {year: sum(c.values()) for year, c in per_year.items()} == {2019: 1, 2020: 2, 2021: 5, 2022: 3, 2023: 3}
    assert per_year[2021]["ASSISTS"] == 2 and per_year[2021]["FUNDS"] == 1
    assert undated == 6  # 广东省→云南省 ASSISTS and five LOCATED_IN


def test_pairings_roll_up_to_provinces_and_name_missing_ones() -> None:
    G = contract_graph()
    rows = pairings(G)
    assert [(r["donor_name"], r["recipient_name"], r["edges"], r["weight"]) for r in rows] == [
        ("上海市", "云南省", 3, 6), ("广东省", "云南省", 1, 1),
    ]
    G.remove_node("PLACE:310000000000")  # only 嘉定区 is left of 上海: the province is named from the gazetteer
    assert pairings(G)[0]["donor_name"] == "上海市"


def test_report_writes_figures_and_two_matching_summaries(tmp_path: Path) -> None:
    written = write_report(_build_dir(contract_graph(), tmp_path / "build"))
    assert written.out == tmp_path / "build" / "report"
    for stem in FIGURES:
        data = written.figures[stem].read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 5_000, stem
    markdown = written.markdown.read_text(encoding="utf-8")
    assert "13 entities and 17 relations from 2 documents." in markdown
    assert "12 sentence records extracted; 2 relation candidates rejected" in markdown
    assert "| 上海市 | 云南省 | 3 | 6 | 0 |" in markdown
    assert "| 2021 | 5 |" in markdown
    assert all(f"]({stem}.png)" in markdown for stem in FIGURES)
    page = written.html.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == len(FIGURES)
    assert not re.search(r"https?://", page), "the HTML summary must not load anything"
    assert "<td>上海市</td><td>云南省</td><td>3</td><td>6</td>" in page


def test_chinese_labels_draw_without_missing_glyphs(tmp_path: Path) -> None:
    if not cjk_font():
        pytest.skip("no CJK font installed; run scripts/install_fonts.sh")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_report(_build_dir(contract_graph(), tmp_path / "build"))
    assert not [w for w in caught if "Glyph" in str(w.message)]


def test_report_of_a_graph_without_relations(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    G.graph["documents"] = {}
    add_node(G, "PERSON", "张勇")
    written = write_report(_build_dir(G, tmp_path / "build"), tmp_path / "out")
    assert written.out == tmp_path / "out"
    assert all(path.is_file() for path in written.figures.values())
    assert "0 relations state no year" in written.markdown.read_text(encoding="utf-8")


def test_cli_writes_report_of_the_sample_corpus(tmp_path: Path) -> None:
    build = tmp_path / "sample"
    G = kg.build([REPO / "seeds" / "corpus"], build)
    result = CliRunner().invoke(app, ["report", str(build), "-o", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report" / "report.html").is_file()
    markdown = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert f"{G.number_of_nodes()} entities and {G.number_of_edges()} relations" in markdown


def test_cli_names_a_folder_without_a_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 1
    assert "kg build" in result.output
