"""kg build: resolution, provenance, the cache, and the files a researcher opens."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.builder import assemble_results, build, extract_file
from kg.export.contract import validate_graph

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "seeds" / "corpus"


def _doc(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _graph_of(*paths: Path) -> nx.MultiDiGraph:
    return assemble_results([extract_file(str(p), "rules") for p in paths])


def _nodes_named(G: nx.MultiDiGraph, name: str) -> list[str]:
    return [n for n, d in G.nodes(data=True) if name == d["name"] or name in d["aliases"].split("|")]


def _firms(G: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d["type"] == "FIRM")


def test_place_forms_resolve_to_one_node_with_adcode(tmp_path):
    doc = _doc(tmp_path, "a.txt", "楚雄彝族自治州位于云南省。楚雄州与嘉定区合作。楚雄的园区很多。")
    G = _graph_of(doc)
    (node,) = _nodes_named(G, "楚雄州")
    assert _nodes_named(G, "楚雄") == [node]
    assert G.nodes[node]["adcode"] == "532300000000" and G.nodes[node]["level"] == "prefecture"
    assert G.nodes[node]["province"] == "530000000000"


def test_ambiguous_short_name_is_decided_by_the_document(tmp_path):
    shanghai = _doc(tmp_path, "sh.txt", "上海市嘉定区对口帮扶楚雄州。嘉定的企业到楚雄投资。")
    G = _graph_of(shanghai)
    (node,) = _nodes_named(G, "嘉定")
    assert G.nodes[node]["adcode"].startswith("3101")


def test_elided_place_of_a_body_is_restored_from_the_document(tmp_path):
    doc = _doc(tmp_path, "cx.txt", "楚雄州持续深化沪滇协作。州乡村振兴局牵头推进。楚雄州乡村振兴局发布通知。")
    G = _graph_of(doc)
    (node,) = _nodes_named(G, "州乡村振兴局")
    assert "楚雄州乡村振兴局" in G.nodes[node]["aliases"].split("|")
    assert "elided-place" in G.nodes[node]["merged_by"]


def _graph_of_texts(tmp_path: Path, *texts: str) -> nx.MultiDiGraph:
    """The graph of one document per text, named t1, t2, …"""
    return _graph_of(*(_doc(tmp_path, f"t{number}.txt", text) for number, text in enumerate(texts, 1)))


def test_firm_full_and_short_names_are_one_node_across_documents(tmp_path):
    G = _graph_of_texts(tmp_path, "宁夏恒远光电科技股份有限公司在银川市投资建设新工厂。", "恒远光电公司二期项目在银川经济技术开发区开工。")
    firms = _firms(G)
    assert firms == ["FIRM:宁夏恒远光电科技股份有限公司"]
    assert set(G.nodes[firms[0]]["docs"].split("|")) == {"t1", "t2"}


def test_firm_written_with_its_place_is_the_firm_written_without(tmp_path):
    G = _graph_of_texts(tmp_path, "上海光明乳业股份有限公司在大理州洱源县建设奶牛牧场。", "光明乳业股份有限公司与洱源县签订协议。光明乳业计划三年内投资2亿元。")
    firms = _firms(G)
    assert firms == ["FIRM:光明乳业股份有限公司"]
    assert set(G.nodes[firms[0]]["aliases"].split("|")) == {"上海光明乳业股份有限公司", "光明乳业股份有限公司", "光明乳业"}
    assert "without-place" in G.nodes[firms[0]]["merged_by"]


def test_firm_and_its_declared_short_name_are_one_node(tmp_path):
    G = _graph_of_texts(tmp_path, "上海延锋汽车饰件系统有限公司（以下简称“延锋”）与曲靖市签约。延锋将在曲靖建设生产基地。")
    firms = _firms(G)
    assert firms == ["FIRM:上海延锋汽车饰件系统有限公司"]
    assert G.nodes[firms[0]]["mentions"] == 3
    assert "short-name" in G.nodes[firms[0]]["merged_by"]


def test_one_name_prefixed_by_two_places_names_two_firms(tmp_path):
    doc = _doc(tmp_path, "h.txt", "上海华信纺织有限公司与浙江华信纺织有限公司在阿克苏投资。华信纺织有限公司宣布扩产。")
    assert _firms(_graph_of(doc)) == ["FIRM:上海华信纺织有限公司", "FIRM:华信纺织有限公司", "FIRM:浙江华信纺织有限公司"]


def test_villages_are_keyed_by_their_town(tmp_path):
    G = _graph_of_texts(tmp_path, "靖西市湖润镇新兴村发展百香果。那坡县城厢镇新兴村建成茶园。湖润镇新兴村又添新产业。")
    villages = sorted(n for n, d in G.nodes(data=True) if d["name"] == "新兴村")
    assert villages == ["PLACE:451026100000:新兴村", "PLACE:451081102000:新兴村"]
    assert G.nodes["PLACE:451081102000:新兴村"]["level"] == "village"
    assert G.nodes["PLACE:451081102000:新兴村"]["mentions"] == 2


def test_labels_never_merge(tmp_path):
    doc = _doc(tmp_path, "p.txt", "云南省人民政府印发通知。云南省与上海市合作。")
    G = _graph_of(doc)
    types = {G.nodes[n]["type"] for n in _nodes_named(G, "云南省") + _nodes_named(G, "云南省人民政府")}
    assert types == {"PLACE", "AGENCY"}


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    build([SAMPLE], out, pipeline="rules")
    return out


def test_build_writes_every_output(sample_build):
    for name in ("graph.graphml", "graph.gexf", "nodes.csv", "edges.csv", "extractions.jsonl", "rejects.jsonl", "report.json"):
        assert (sample_build / name).is_file(), name
    report = json.loads((sample_build / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 5 and report["nodes"]["PLACE"] > 10 and report["edges"]["ASSISTS"] > 0


def test_every_edge_has_evidence_that_points_into_its_sentence(sample_build):
    G = kg.load_graph(sample_build)
    records = {}
    for line in (sample_build / "extractions.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        records[record["id"]] = record
    assert G.number_of_edges() > 20
    for _, _, data in G.edges(data=True):
        evidence = json.loads(data["evidence"])
        assert evidence and data["weight"] >= len(evidence)
        for item in evidence:
            assert records[item["sentence"]]["text"][item["start"] : item["end"]] == item["text"]


def test_graph_round_trips_through_graphml(sample_build):
    G = kg.load_graph(sample_build)
    validate_graph(G)
    again = kg.build([SAMPLE], pipeline="rules")
    assert set(G.nodes) == set(again.nodes)
    assert sorted(G.edges(keys=True)) == sorted(again.edges(keys=True))
    assert all(isinstance(d["mentions"], int) for _, d in G.nodes(data=True))


def test_rebuild_after_adding_a_file_extracts_only_that_file(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    out = tmp_path / "out"
    build([corpus], out, pipeline="rules")
    _doc(corpus, "new.txt", "江苏省苏州市对口帮扶贵州省铜仁市。")
    G = build([corpus], out, pipeline="rules")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["files_extracted"], report["files_cached"]) == (1, 5)
    assert _nodes_named(G, "铜仁市")


def test_changed_rules_or_lexicons_are_never_served_from_the_cache(tmp_path, monkeypatch):
    """The cache key holds the pipeline's fingerprint: after a rule, lexicon or code change every file is extracted again."""
    doc = _doc(tmp_path, "a.txt", "福州市对口帮扶固原市。")
    build([doc], tmp_path / "out", pipeline="rules")
    monkeypatch.setattr("kg.builder.pipeline_fingerprint", lambda name: "rules changed since")
    build([doc], tmp_path / "out", pipeline="rules")
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert (report["files_extracted"], report["files_cached"]) == (1, 0)


def test_fingerprint_follows_every_lexicon_file(tmp_path, monkeypatch):
    from kg import resources

    lexicons = tmp_path / "lexicons"
    shutil.copytree(resources.LEXICON_DIR, lexicons)
    monkeypatch.setattr(resources, "LEXICON_DIR", lexicons)
    resources.pipeline_fingerprint.cache_clear()
    before = resources.pipeline_fingerprint("rules")
    with open(lexicons / "firms.tsv", "a", encoding="utf-8") as handle:
        handle.write("宁夏恒远光电科技股份有限公司\t恒远光电\n")
    resources.pipeline_fingerprint.cache_clear()
    try:
        assert resources.pipeline_fingerprint("rules") != before
    finally:
        resources.pipeline_fingerprint.cache_clear()


def test_unicode_line_separators_inside_a_record_do_not_split_it(tmp_path):
    """Cache entries are JSON lines cut at \\n only: U+2028 and U+0085 (scraped pages have them) stay inside."""
    record = {"id": "r1", "text": "闽宁协作\u2028福州市对口帮扶固原市。\x85", "doc": "d1"}
    _doc(tmp_path, "in.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    fresh = build([tmp_path / "in.jsonl"], tmp_path / "out", pipeline="rules")
    cached = build([tmp_path / "in.jsonl"], tmp_path / "out", pipeline="rules")
    for G in (fresh, cached):
        assert ("福州市", "固原市") in {(G.nodes[u]["name"], G.nodes[v]["name"]) for u, v, k in G.edges(keys=True) if k == "ASSISTS"}


def test_cli_build_and_explain(tmp_path):
    out = tmp_path / "out"
    run = lambda *args: subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300)
    built = run("build", str(SAMPLE), "--out", str(out), "--pipeline", "rules")
    assert built.returncode == 0, built.stderr
    explained = run("explain", str(out), "固原市")
    assert explained.returncode == 0 and "adcode:" in explained.stdout and "ASSISTS" in explained.stdout
