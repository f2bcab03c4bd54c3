"""kg.analysis on small graphs whose answers are known by hand."""

from __future__ import annotations

import doctest
import importlib

import networkx as nx
import pytest
from graphs import add_edge, add_node, contract_graph  # tests/graphs.py

from kg.analysis import (
    bipartite,
    centrality,
    communities,
    ego,
    holdout_evaluation,
    pairing_matrix,
    pairing_rows,
    predict_links,
    project,
    time_slice,
    time_slices,
)

SHANGHAI, JIADING, YUNNAN, CHUXIONG = "PLACE:310000000000", "PLACE:310114000000", "PLACE:530000000000", "PLACE:532300000000"
LUFENG, GUANGDONG, SEA = "PLACE:532331000000", "PLACE:440000000000", "PLACE:东南亚"


def _donors_to_one_recipient() -> nx.MultiDiGraph:
    """Three eastern provinces assist 云南; 上海 also assists 贵州: 云南 collects, 上海 spreads."""
    G = nx.MultiDiGraph()
    ids = {name: add_node(G, "PLACE", name) for name in ["上海市", "广东省", "浙江省", "云南省", "贵州省"]}
    ids["隆基"] = add_node(G, "FIRM", "隆基")
    for donor in ["上海市", "广东省", "浙江省"]:
        add_edge(G, ids[donor], ids["云南省"], "ASSISTS")
    add_edge(G, ids["上海市"], ids["贵州省"], "ASSISTS")
    add_edge(G, ids["隆基"], ids["云南省"], "INVESTS_IN")
    return G


def test_degree_and_betweenness_find_the_hub_of_a_path_and_star() -> None:
    G = _donors_to_one_recipient()
    degree = centrality(G, "degree")
    assert next(iter(degree)) == "PLACE:云南省" and degree["PLACE:云南省"] == pytest.approx(4 / 5)
    assert degree["PLACE:贵州省"] == pytest.approx(1 / 5)
    path = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    assert centrality(path, "betweenness") == {"b": 1.0, "a": 0.0, "c": 0.0}


def test_pagerank_follows_direction_and_type_filters_after_scoring() -> None:
    G = _donors_to_one_recipient()
    pagerank = centrality(G, "pagerank")
    assert next(iter(pagerank)) == "PLACE:云南省"
    assert sum(pagerank.values()) == pytest.approx(1.0)
    assert pagerank["PLACE:上海市"] < pagerank["PLACE:贵州省"]  # assisting does not earn rank, being assisted does
    places = centrality(G, "pagerank", type="PLACE")
    assert "FIRM:隆基" not in places and places["PLACE:云南省"] == pagerank["PLACE:云南省"]


def test_eigenvector_centrality_peaks_at_the_centre_of_a_star() -> None:
    scores = centrality(nx.MultiDiGraph(nx.star_graph(4)), "eigenvector")
    assert next(iter(scores)) == 0
    assert len({round(scores[leaf], 9) for leaf in range(1, 5)}) == 1


def test_unknown_centrality_kind_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown centrality kind 'katz'; choose one of degree, betweenness"):
        centrality(contract_graph(), "katz")


def _two_triangles() -> nx.MultiDiGraph:
    return nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_communities_split_two_triangles_deterministically(method: str) -> None:
    if method == "leiden":
        pytest.importorskip("leidenalg")
    found = communities(_two_triangles(), method=method, seed=3)
    assert found == [{"a", "b", "c"}, {"x", "y", "z"}]
    assert found == communities(_two_triangles(), method=method, seed=3)


def test_communities_cover_every_node_once_and_refuse_unknown_methods() -> None:
    G = contract_graph()
    found = communities(G)
    assert sorted(n for c in found for n in c) == sorted(G)
    with pytest.raises(ValueError, match="unknown community method 'infomap'"):
        communities(G, method="infomap")


def test_ego_network_keeps_both_directions_and_parallel_relations() -> None:
    G = contract_graph()
    E = ego(G, CHUXIONG)
    assert set(E) == {CHUXIONG, JIADING, LUFENG, YUNNAN, SEA}
    assert set(E[JIADING][CHUXIONG]) == {"ASSISTS", "FUNDS"}
    assert E.nodes[CHUXIONG]["name"] == "楚雄州"
    assert "PARK:禄丰产业园区" in ego(G, CHUXIONG, radius=2)
    with pytest.raises(nx.NodeNotFound, match="'PLACE:楚雄' is not in the graph"):
        ego(G, "PLACE:楚雄")


def test_pairing_matrix_rolls_counties_and_agencies_up_to_provinces() -> None:
    G = contract_graph()
    assert pairing_matrix(G) == {
        SHANGHAI: {YUNNAN: {"edges": 3, "weight": 6, "amount_yuan": 0}},  # 上海, 嘉定区→楚雄州, 合作交流办→禄丰
        GUANGDONG: {YUNNAN: {"edges": 1, "weight": 1, "amount_yuan": 0}},
    }
    with_money = pairing_matrix(G, ("ASSISTS", "FUNDS"))
    assert with_money[SHANGHAI][YUNNAN] == {"edges": 4, "weight": 7, "amount_yuan": 30_000_000}
    assert pairing_matrix(G, "COOPERATES_WITH") == {}  # 东南亚 is a region without a province


def test_pairing_rows_are_named_and_heaviest_first() -> None:
    rows = pairing_rows(contract_graph(), pairing_matrix(contract_graph()))
    assert [(r["donor_name"], r["recipient_name"], r["weight"]) for r in rows] == [("上海市", "云南省", 6), ("广东省", "云南省", 1)]


def test_projections_link_agencies_through_programs_and_firms_through_places() -> None:
    G = contract_graph()
    agencies = project(G, "AGENCY", "PROGRAM")
    assert sorted(agencies) == ["AGENCY:上海市合作交流办", "AGENCY:楚雄州投资促进局"]
    assert agencies.edges["AGENCY:上海市合作交流办", "AGENCY:楚雄州投资促进局"] == {"weight": 1, "shared": "PROGRAM:沪滇协作"}

    jinko = add_node(G, "FIRM", "晶科能源")
    add_edge(G, jinko, LUFENG, "INVESTS_IN")
    add_edge(G, jinko, CHUXIONG, "INVESTS_IN")
    firms = project(G, "FIRM", "PLACE")
    assert firms.number_of_edges() == 1
    assert firms.edges["FIRM:隆基绿能科技股份有限公司", jinko]["shared"] == LUFENG
    B = bipartite(G, "FIRM", "PARK")
    assert list(B.edges(data="relations")) == [("FIRM:隆基绿能科技股份有限公司", "PARK:禄丰产业园区", "INVESTS_IN")]


def test_time_slices_follow_edge_years() -> None:
    G = contract_graph()
    in_2021 = time_slice(G, 2021)
    assert sorted((u, v, k) for u, v, k in in_2021.edges(keys=True)) == sorted(
        [
            (SHANGHAI, YUNNAN, "ASSISTS"),
            (JIADING, CHUXIONG, "ASSISTS"),
            (JIADING, CHUXIONG, "FUNDS"),
            ("FIRM:隆基绿能科技股份有限公司", LUFENG, "INVESTS_IN"),
            ("AGENCY:上海市合作交流办", "PROGRAM:沪滇协作", "IMPLEMENTS"),
        ]
    )
    assert GUANGDONG not in in_2021  # its tie has no year
    slices = time_slices(G)
    assert list(slices) == [2019, 2020, 2021, 2022, 2023]
    growth = [H.number_of_edges() for H in time_slices(G, cumulative=True).values()]
    assert growth == sorted(growth) and growth[-1] == sum(1 for *_, y in G.edges(data="years") if y)
    assert time_slice(G, 2030).number_of_nodes() == 0


def test_predict_links_ranks_untied_pairs_only() -> None:
    G = _two_triangles()
    predicted = predict_links(G, "resource_allocation")
    assert all(not G.has_edge(u, v) and not G.has_edge(v, u) for u, v, _ in predicted)
    assert [s for *_, s in predicted] == sorted((s for *_, s in predicted), reverse=True)
    # Only pairs one step across the c–x bridge share a neighbour (of degree 3).
    assert {frozenset(p[:2]) for p in predicted[:4]} == {frozenset(p) for p in ["ax", "bx", "cy", "cz"]}
    assert [s for *_, s in predicted[:4]] == pytest.approx([1 / 3] * 4)
    assert all(s == 0 for *_, s in predicted[4:])
    with pytest.raises(ValueError, match="unknown link prediction method 'katz'"):
        predict_links(G, "katz")


def _planted(seed: int = 1) -> nx.MultiDiGraph:
    """Four dense groups of 12 with few ties between them: ties are predictable from shared neighbours."""
    return nx.MultiDiGraph(nx.planted_partition_graph(4, 12, 0.6, 0.02, seed=seed))


@pytest.mark.parametrize("method", ["adamic_adar", "jaccard", "resource_allocation"])
def test_holdout_on_planted_structure_beats_chance(method: str) -> None:
    result = holdout_evaluation(_planted(), fraction=0.2, seed=0, method=method, k=10)
    assert result["auc"] > 0.75
    assert result["precision_at_k"] >= 0.7
    ties = nx.Graph(_planted()).number_of_edges()
    assert result["hidden"] == round(0.2 * ties) == result["negatives"] and result["k"] == 10


def test_holdout_is_deterministic_for_a_seed_and_varies_across_seeds() -> None:
    G = _planted()
    first = holdout_evaluation(G, seed=7, method="adamic_adar", k=20)
    assert first == holdout_evaluation(G, seed=7, method="adamic_adar", k=20)
    assert {holdout_evaluation(G, seed=s, k=20)["auc"] for s in range(5)} != {first["auc"]}


def test_holdout_refuses_impossible_requests() -> None:
    with pytest.raises(ValueError, match="fraction must be between 0 and 1"):
        holdout_evaluation(_planted(), fraction=1.0)
    with pytest.raises(ValueError, match="at least 2 ties"):
        holdout_evaluation(nx.MultiDiGraph([("a", "b")]))
    with pytest.raises(ValueError, match="every pair of nodes is already tied"):
        holdout_evaluation(nx.MultiDiGraph(nx.complete_graph(4)))


@pytest.mark.parametrize(
    "module",
    ["centrality", "communities", "ego", "link_prediction", "pairing", "projection", "simple", "timeline"],
)
def test_docstring_examples_run(module: str) -> None:
    """The Examples sections are documentation users copy: they must keep working."""
    result = doctest.testmod(importlib.import_module(f"kg.analysis.{module}"))
    assert result.attempted > 0 and result.failed == 0
