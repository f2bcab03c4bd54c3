"""GraphML/GEXF/CSV exports: round trips keep types and counts, bad graphs are refused clearly."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from graphs import add_edge, add_node, contract_graph  # tests/graphs.py

from kg.export import (
    GraphContractError,
    read_gexf,
    read_graph,
    read_graphml,
    validate_graph,
    write_gexf,
    write_graph_files,
    write_graphml,
    write_neo4j_csv,
)


def _same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def test_graphml_round_trip_keeps_every_attribute_type_and_count(tmp_path: Path) -> None:
    G = contract_graph()
    H = read_graphml(write_graphml(G, tmp_path / "graph.graphml"))

    assert isinstance(H, nx.MultiDiGraph)
    assert (H.number_of_nodes(), H.number_of_edges()) == (13, 17)
    _same_graph(G, H)
    assert H.graph["documents"] == G.graph["documents"]
    assert H.nodes["PLACE:532300000000"]["mentions"] == 7
    funds = H.edges["FIRM:隆基绿能科技股份有限公司", "PLACE:532331000000", "INVESTS_IN"]
    assert funds["amount_yuan"] == 5_000_000_000 and (funds["start"], funds["end"]) == (2021, 2021)
    assert "start" not in H.edges["PLACE:440000000000", "PLACE:530000000000", "ASSISTS"]


def test_graphml_declares_a_typed_key_for_every_attribute(tmp_path: Path) -> None:
    text = write_graphml(contract_graph(), tmp_path / "g.graphml").read_text(encoding="utf-8")

    assert 'attr.name="mentions" attr.type="long"' in text
    assert 'attr.name="amount_yuan" attr.type="long"' in text
    assert 'attr.name="evidence" attr.type="string"' in text
    assert 'id="d3"' not in text and 'id="d7"' not in text  # Gephi would swallow these as labels
    assert 'id="label" for="node" attr.name="name"' in text


def test_gexf_round_trip_keeps_types_counts_and_parallel_relations(tmp_path: Path) -> None:
    G = contract_graph()
    path = write_gexf(G, tmp_path / "graph.gexf")
    H = read_gexf(path)

    assert (H.number_of_nodes(), H.number_of_edges()) == (13, 17)
    _same_graph(G, H)
    assert set(H["PLACE:310114000000"]["PLACE:532300000000"]) == {"ASSISTS", "FUNDS"}
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="double"' in text
    assert 'kind="FUNDS"' in text and 'start="2019" end="2021"' in text


@pytest.mark.parametrize("write, read", [(write_graphml, read_graphml), (write_gexf, read_gexf)])
def test_markup_characters_in_names_and_evidence_survive_a_round_trip(tmp_path: Path, write, read) -> None:
    """The writers stream XML by hand: &, <, >, quotes, tabs and line breaks must be escaped, not written raw."""
    G = contract_graph()
    tricky = 'A&B <公司> "引号" \'单\'\t制表\n换行\r回车'
    node = next(iter(G.nodes))
    G.nodes[node]["name"] = tricky
    u, v, key = next(iter(G.edges(keys=True)))
    G.edges[u, v, key]["evidence"] = json.dumps([{"text": tricky}], ensure_ascii=False)

    H = read(write(G, tmp_path / "graph.xml"))

    assert H.nodes[node]["name"] == tricky
    assert json.loads(H.edges[u, v, key]["evidence"])[0]["text"] == tricky


def test_gexf_of_a_graph_without_years_is_static(tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    a, b = add_node(G, "PLACE", "上海市"), add_node(G, "PLACE", "云南省")
    add_edge(G, a, b, "ASSISTS")
    text = write_gexf(G, tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert 'mode="static"' in text and "timeformat" not in text


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda G: G.nodes["PLACE:532300000000"].update(adcode=None), "node 'PLACE:532300000000': attribute 'adcode' is None"),
        (lambda G: G.nodes["PLACE:532300000000"].update(aliases=["楚雄", "楚雄州"]), "attribute 'aliases' is a list"),
        (lambda G: G.nodes["PROGRAM:沪滇协作"].update(mentions="4"), "attribute 'mentions' must be int, got str"),
        (lambda G: G.nodes["PROGRAM:沪滇协作"].pop("merged_by"), "missing attribute(s) merged_by"),
        (
            lambda G: G.edges["PLACE:310114000000", "PLACE:532300000000", "FUNDS"].update(years=[2021]),
            "edge 'PLACE:310114000000' -['FUNDS']-> 'PLACE:532300000000': attribute 'years' is a list",
        ),
        (lambda G: G.edges["PLACE:310114000000", "PLACE:532300000000", "FUNDS"].update(note=1.5), "'note' is a float"),
        (lambda G: G.nodes["PARK:禄丰产业园区"].update(extra=1), None),
    ],
)
def test_a_graph_breaking_the_contract_is_refused_before_writing(tmp_path: Path, spoil, message) -> None:
    G = contract_graph()
    spoil(G)
    target = tmp_path / "graph.graphml"
    if message is None:  # an extra int on one node only is allowed
        write_graphml(G, target)
        assert read_graphml(target).nodes["PARK:禄丰产业园区"]["extra"] == 1
        return
    for write in (write_graphml, write_gexf):
        with pytest.raises(GraphContractError) as raised:
            write(G, target)
        assert message in str(raised.value)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temp file left behind


def test_mixed_types_for_one_attribute_and_xml_control_characters_are_refused() -> None:
    G = contract_graph()
    G.nodes["PLACE:310000000000"]["rank"] = 1
    G.nodes["PLACE:530000000000"]["rank"] = "first"
    with pytest.raises(GraphContractError, match="'rank' is str but int at node 'PLACE:310000000000'"):
        validate_graph(G)
    G = contract_graph()
    G.nodes["PARK:禄丰产业园区"]["name"] = "禄丰\x0c产业园区"
    with pytest.raises(GraphContractError, match="control character"):
        validate_graph(G)


def test_a_failed_write_leaves_the_previous_file_intact(tmp_path: Path) -> None:
    target = write_graphml(contract_graph(), tmp_path / "graph.graphml")
    before = target.read_bytes()
    G = contract_graph()
    G.nodes["PLACE:530000000000"]["level"] = None
    with pytest.raises(GraphContractError):
        write_graphml(G, target)
    assert target.read_bytes() == before


def test_neo4j_csv_headers_and_values(tmp_path: Path) -> None:
    G = contract_graph()
    nodes_path, edges_path = write_neo4j_csv(G, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    with nodes_path.open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.reader(handle))
    with edges_path.open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))

    assert nodes[0] == ["id:ID", ":LABEL", "name", "aliases", "adcode", "level", "province", "mentions:int", "docs", "merged_by"]
    assert len(nodes) == 1 + 13
    assert ["PLACE:532300000000", "PLACE", "楚雄州", "楚雄州|楚雄|楚雄彝族自治州"] == nodes[4][:4]
    assert list(edges[0]) == [
        ":START_ID", ":END_ID", ":TYPE", "weight:int", "docs", "years", "amount_yuan:long", "evidence", "start:int", "end:int",
    ]  # fmt: skip
    assert len(edges) == 17
    no_years = next(e for e in edges if e[":START_ID"] == "PLACE:440000000000")
    assert (no_years["years"], no_years["start:int"], no_years["end:int"]) == ("", "", "")
    longi = next(e for e in edges if e[":START_ID"].startswith("FIRM:") and e[":END_ID"] == "PLACE:532331000000")
    assert longi["amount_yuan:long"] == "5000000000"
    assert json.loads(longi["evidence"])[0]["trigger"] == "投资"


def test_build_directory_files_are_written_and_read_back(tmp_path: Path) -> None:
    G = contract_graph()
    written = write_graph_files(G, tmp_path / "out")
    assert sorted(written) == ["edges.csv", "graph.gexf", "graph.graphml", "nodes.csv"]
    assert all(path.is_file() for path in written.values())
    _same_graph(G, read_graph(tmp_path / "out"))
    with pytest.raises(FileNotFoundError, match="run `kg build PATHS --out"):
        read_graph(tmp_path / "missing")
