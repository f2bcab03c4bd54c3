"""``kg view``: the page's data and markup (fast), and the page itself in headless Chromium.

The browser tests build real graphs (``../shared/seeds`` when it is beside the
checkout, and the sample corpus ``seeds/corpus``), write the page with the CLI,
open it from disk in Debian's Chromium through Playwright, and use it as a
researcher would: search, click, filter.  Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import kg
from kg.analysis import time_slice
from kg.cli import app
from kg.view import layout, render_html, view_data
from conftest import REPO, SHARED
from graphs import add_node, contract_graph  # tests/graphs.py

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
EXTERNAL = re.compile(r"<script[^>]*\bsrc=|<link\b|@import|url\(\s*['\"]?(?:https?:)?//|https?://", re.IGNORECASE)
"""Anything that would make the page load from elsewhere."""


def _page_without_data(page: str) -> str:
    """The page with the graph JSON cut out (document texts may quote web addresses)."""
    return re.sub(r'(<script id="kg-data" type="application/json">).*?(</script>)', r"\1\2", page, flags=re.DOTALL)


# ---------- the page's data and markup, without a browser ----------


def test_layout_places_every_node_and_is_deterministic() -> None:
    G = contract_graph()
    first, second = layout(G), layout(G)
    assert first == second
    assert set(first) == set(G.nodes)
    assert len(set(first.values())) == G.number_of_nodes(), "two nodes share a position"


def test_separate_parts_do_not_overlap() -> None:
    G = contract_graph()
    lonely = add_node(G, "PERSON", "张勇")
    positions = layout(G)
    main_part = [positions[n] for n in G if n != lonely]
    x, y = positions[lonely]
    inside = min(p[0] for p in main_part) <= x <= max(p[0] for p in main_part) and \
        min(p[1] for p in main_part) <= y <= max(p[1] for p in main_part)
    assert not inside, "an isolated node was packed inside the bounding box of the main part"


def test_view_data_gives_evidence_its_sentence() -> None:
    G = contract_graph()
    edge = G.edges["PLACE:310114000000", "PLACE:532300000000", "ASSISTS"]
    item = json.loads(edge["evidence"])[0]
    prefix = "据报道，"
    sentence = f"{prefix}{item['text']}。"
    item.update(start=len(prefix), end=len(prefix) + len(item["text"]))
    edge["evidence"] = json.dumps([item], ensure_ascii=False)
    data = view_data(G, {item["sentence"]: sentence})
    (shown,) = [e for e in data["edges"] if e["type"] == "ASSISTS" and e["attrs"]["weight"] == 2]
    assert shown["evidence"][0]["context"] == sentence
    assert data["years"] == [2019, 2020, 2021, 2022, 2023]
    assert data["nodeTypes"] == ["AGENCY", "FIRM", "PARK", "PLACE", "POLICY", "PROGRAM"]


def test_evidence_whose_span_does_not_match_the_sentence_gets_no_context() -> None:
    G = contract_graph()
    data = view_data(G, {json.loads(d)[0]["sentence"]: "一句别的话" for *_, d in G.edges(data="evidence")})
    assert all(item["context"] is None for e in data["edges"] for item in e["evidence"])


def test_names_cannot_break_out_of_the_data_script() -> None:
    G = nx.MultiDiGraph()
    add_node(G, "ORG", "</script><script>alert(1)</script><!--")
    page = render_html(G, title="<b>标题</b>")
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert "<!--" not in page.split('id="kg-data"')[1]
    assert "&lt;b&gt;标题&lt;/b&gt;" in page
    payload = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.DOTALL).group(1)
    assert json.loads(payload)["nodes"][0]["attrs"]["name"] == "</script><script>alert(1)</script><!--"


def test_page_is_self_contained_and_over_10_kb() -> None:
    page = render_html(contract_graph())
    assert len(page.encode()) > 10_000
    assert not EXTERNAL.search(_page_without_data(page))
    assert "default-src 'none'" in page


def test_cli_reports_a_folder_without_a_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["view", str(tmp_path)])
    assert result.exit_code == 1
    assert "graph.graphml" in result.output and "kg build" in result.output


# ---------- the page in headless Chromium ----------


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium; install it with scripts/install_chromium.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _build_and_view(sources: Path, out: Path) -> tuple[nx.MultiDiGraph, Path]:
    G = kg.build([sources], out)
    page = out / "graph.html"
    result = CliRunner().invoke(app, ["view", str(out), "-o", str(page)])
    assert result.exit_code == 0, result.output
    return G, page


@pytest.fixture(scope="module")
def shared_seeds_view(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, Path]:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    return _build_and_view(SHARED / "seeds", tmp_path_factory.mktemp("shared-seeds"))


@pytest.fixture(scope="module")
def corpus_view(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, Path]:
    return _build_and_view(REPO / "seeds" / "corpus", tmp_path_factory.mktemp("corpus"))


class Session:
    """One open page with everything it logged and requested."""

    def __init__(self, browser: object, page_file: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = page_file.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("#status:has-text('nodes')")

    def search(self, text: str) -> list[str]:
        self.page.fill("#search", text)
        return self.page.locator("#search-results li.result").all_inner_texts()

    def status_counts(self) -> tuple[int, int]:
        nodes, _, edges, _ = map(int, re.findall(r"\d+", self.page.inner_text("#status")))
        return nodes, edges

    def close(self) -> None:
        self.page.close()


def _names(G: nx.MultiDiGraph, node: str) -> set[str]:
    return {G.nodes[node]["name"], *G.nodes[node]["aliases"].split("|")}


def _explore(browser: object, G: nx.MultiDiGraph, page_file: Path, query: str, screenshot: Path) -> None:
    """Search ``query``, open the found node on the canvas, open an edge's evidence, filter; no errors, no network."""
    page_text = page_file.read_text(encoding="utf-8")
    assert page_file.stat().st_size > 10_000
    assert not EXTERNAL.search(_page_without_data(page_text))
    session = Session(browser, page_file)
    page = session.page
    try:
        assert session.status_counts() == (G.number_of_nodes(), G.number_of_edges())

        found = session.search(query)
        assert found and query in found[0], f"search {query!r} listed {found}"
        page.keyboard.press("Enter")
        heading = page.inner_text("#details h3")
        (node,) = [n for n in G if G.nodes[n]["name"] == heading and query in _names(G, n)]

        # The chosen node is centred: a click in the middle of the canvas selects it again.
        page.locator("#search").blur()
        box = page.locator("#canvas").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.inner_text("#details h3") == heading
        assert G.nodes[node]["merged_by"] in page.inner_text("#details table")
        assert len(page.locator("#details .edge-link").all()) == G.degree(node)

        page.locator("#details .edge-link").first.click()
        page.wait_for_selector("#details .evidence-text .ev-span")
        quote = page.locator("#details .evidence-text").first
        marked = "".join(quote.locator(".ev-span").all_inner_texts())
        stated = {item["text"] for *_, raw in G.edges(node, data="evidence") for item in json.loads(raw)}
        stated |= {item["text"] for *_, raw in G.in_edges(node, data="evidence") for item in json.loads(raw)}
        assert marked in stated
        assert quote.locator(".ev-head").count() + quote.locator(".ev-tail").count() > 0, "neither end is underlined"
        page.screenshot(path=str(screenshot))

        years = sorted({y for *_, data in G.edges(data=True) for y in kg.analysis.edge_years(data)})
        if years:
            page.select_option("#year", str(years[-1]))
            expected = time_slice(G, years[-1])
            assert session.status_counts() == (expected.number_of_nodes(), expected.number_of_edges())
            page.select_option("#year", "")
        page.uncheck("#type-filters input[value='PLACE']")
        places = sum(1 for _, t in G.nodes(data="type") if t == "PLACE")
        assert session.status_counts()[0] == G.number_of_nodes() - places

        assert session.errors == []
        assert set(session.requests) == {session.url}, "the page requested something besides itself"
    finally:
        session.close()


@pytest.mark.browser
def test_view_of_the_shared_seeds_finds_chuxiong(browser: object, shared_seeds_view: tuple) -> None:
    G, page_file = shared_seeds_view
    ARTIFACTS.mkdir(exist_ok=True)
    _explore(browser, G, page_file, "楚雄州", ARTIFACTS / "view.png")


@pytest.mark.browser
def test_view_of_the_sample_corpus(browser: object, corpus_view: tuple) -> None:
    G, page_file = corpus_view
    hub = max(sorted(G), key=G.degree)
    ARTIFACTS.mkdir(exist_ok=True)
    _explore(browser, G, page_file, G.nodes[hub]["name"], ARTIFACTS / "view-corpus.png")
