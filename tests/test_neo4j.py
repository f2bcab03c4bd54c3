"""kg's Neo4j backend against a real Neo4j 5.26 server (no mocks).

One server per session, started by kg's own ``server.start`` on a free port in
a temporary home and stopped at the end; each test starts from an empty
database.  The graphs are small hand-made contract graphs (see ``contract_graph``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.neo4j import server
from kg.neo4j.connection import Connection
from kg.neo4j.cookbook import COOKBOOK
from kg.neo4j.errors import KgNeo4jError
from kg.neo4j.install import find_java, find_maven
from kg.neo4j.load import load
from kg.neo4j.query import counts, query, query_graph
from kg.neo4j.rows import plan
from kg.neo4j.stats import plan_counts

pytestmark = pytest.mark.neo4j

SH, JD, YN, CX, LF = (
    "PLACE:310000000000",
    "PLACE:310114000000",
    "PLACE:530000000000",
    "PLACE:532300000000",
    "PLACE:532331000000",
)
LONGI, JINKO = "FIRM:隆基绿能科技股份有限公司", "FIRM:晶科能源股份有限公司"
PARK, OFFICE, GOV = "PARK:沪滇产业合作示范园", "AGENCY:上海市合作交流办", "AGENCY:楚雄州人民政府"
PROGRAM, POLICY = "PROGRAM:沪滇协作", "POLICY:楚雄州深化沪滇产业协作工作方案"


def _node(
    graph: nx.MultiDiGraph,
    node_id: str,
    name: str,
    docs: list[str],
    *,
    aliases: str = "",
    adcode: str = "",
    level: str = "",
    province: str = "",
) -> None:
    graph.add_node(
        node_id,
        id=node_id,
        type=node_id.split(":")[0],
        name=name,
        aliases=aliases or name,
        adcode=adcode,
        level=level,
        province=province,
        mentions=2 * len(docs),
        docs="|".join(docs),
        merged_by=f"adcode:{adcode}" if adcode else f"alias:{aliases or name}",
    )


def _edge(
    graph: nx.MultiDiGraph,
    start: str,
    label: str,
    end: str,
    docs: list[str],
    *,
    weight: int = 1,
    years: tuple[int, ...] = (),
    amount: int = 0,
) -> None:
    evidence = [
        {
            "doc": doc,
            "sentence": f"{doc}-s1",
            "start": 0,
            "end": 12,
            "text": "上海市对口帮扶楚雄州",
            "trigger": "对口帮扶",
        }
        for doc in docs
    ]
    attributes = {
        "type": label,
        "weight": weight,
        "docs": "|".join(docs),
        "years": "|".join(map(str, years)),
        "amount_yuan": amount,
        "evidence": json.dumps(evidence, ensure_ascii=False),
    }
    if years:
        attributes |= {"start": min(years), "end": max(years)}
    graph.add_edge(start, end, key=label, **attributes)


def contract_graph(with_third_document: bool = False) -> nx.MultiDiGraph:
    """沪滇 cooperation around 楚雄州; the third document adds 晶科能源 investing in 禄丰市."""
    third = ["d3"] if with_third_document else []
    graph = nx.MultiDiGraph()
    graph.graph["documents"] = {
        doc: {"path": f"corpus/{doc}.txt", "sha256": doc * 32, "chars": 1000 + i}
        for i, doc in enumerate(["d1", "d2", *third])
    }
    _node(
        graph,
        SH,
        "上海市",
        ["d1", "d2"],
        aliases="上海市|上海",
        adcode="310000000000",
        level="province",
        province="310000000000",
    )
    _node(graph, JD, "嘉定区", ["d1"], adcode="310114000000", level="county", province="310000000000")
    _node(
        graph,
        YN,
        "云南省",
        ["d1"],
        aliases="云南省|云南",
        adcode="530000000000",
        level="province",
        province="530000000000",
    )
    _node(
        graph,
        CX,
        "楚雄彝族自治州",
        ["d1", "d2", *third],
        aliases="楚雄彝族自治州|楚雄州|楚雄",
        adcode="532300000000",
        level="prefecture",
        province="530000000000",
    )
    _node(
        graph,
        LF,
        "禄丰市",
        ["d1", *third],
        aliases="禄丰市|禄丰",
        adcode="532331000000",
        level="county",
        province="530000000000",
    )
    _node(graph, LONGI, "隆基绿能科技股份有限公司", ["d2"], aliases="隆基绿能科技股份有限公司|隆基绿能|隆基")
    _node(graph, PARK, "沪滇产业合作示范园", ["d1", *third])
    _node(graph, OFFICE, "上海市合作交流办", ["d1", "d2"])
    _node(graph, GOV, "楚雄州人民政府", ["d1"])
    _node(graph, PROGRAM, "沪滇协作", ["d1", "d2"])
    _node(graph, POLICY, "楚雄州深化沪滇产业协作工作方案", ["d1"])
    _edge(
        graph, SH, "ASSISTS", CX, ["d1", "d2", *third], weight=3 + len(third), years=(2021, 2022, *(2024,) * len(third))
    )
    _edge(graph, JD, "ASSISTS", CX, ["d1"], years=(2021,))
    _edge(graph, JD, "LOCATED_IN", SH, ["d1"])
    _edge(graph, CX, "LOCATED_IN", YN, ["d1"])
    _edge(graph, LF, "LOCATED_IN", CX, ["d1"])
    _edge(graph, PARK, "LOCATED_IN", LF, ["d1"])
    _edge(graph, SH, "FUNDS", PARK, ["d1"], years=(2022,), amount=50_000_000)
    _edge(graph, LONGI, "INVESTS_IN", CX, ["d2"], weight=2, years=(2023,), amount=3_000_000_000)
    _edge(graph, SH, "CO_BUILDS", PARK, ["d1"], years=(2021,))
    _edge(graph, CX, "CO_BUILDS", PARK, ["d1"], years=(2021,))
    _edge(graph, OFFICE, "IMPLEMENTS", PROGRAM, ["d1", "d2"], weight=2)
    _edge(graph, GOV, "ISSUES", POLICY, ["d1"], years=(2022,))
    _edge(graph, LONGI, "COOPERATES_WITH", OFFICE, ["d2"], years=(2023,))
    if with_third_document:
        _node(graph, JINKO, "晶科能源股份有限公司", ["d3"], aliases="晶科能源股份有限公司|晶科能源|晶科")
        _edge(graph, JINKO, "INVESTS_IN", LF, ["d3"], years=(2024,), amount=1_000_000_000)
        _edge(graph, JINKO, "CO_BUILDS", PARK, ["d3"], years=(2024,))
    return graph


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    """kg's own server in a temporary home, started once for the session."""
    home = tmp_path_factory.mktemp("neo4j-home")
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"):
            patch.delenv(variable, raising=False)
        patch.setenv("KG_NEO4J_HOME", str(home))
        status = server.start(home, server.free_port(), heap_mb=1024, pagecache_mb=256)
        try:
            yield status.connection
        finally:
            server.stop(home)


@pytest.fixture
def db(neo4j_server: Connection) -> Connection:
    """The session's server with an empty database."""
    query("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", write=True)
    return neo4j_server


def test_load_matches_the_networkx_graph_type_by_type(db: Connection) -> None:
    graph = contract_graph()
    report = load(graph)
    assert report.matches_database, (report.graph_counts, report.database_counts)
    assert report.database_counts["nodes"]["Place"] == 5
    assert report.database_counts["nodes"]["Entity"] == graph.number_of_nodes()
    assert report.database_counts["nodes"]["Document"] == 2
    by_type = {t: sum(1 for *_, k in graph.edges(keys=True) if k == t) for t in report.graph_counts["relationships"]}
    assert {t: n for t, n in report.database_counts["relationships"].items() if t != "MENTIONED_IN"} == {
        t: n for t, n in by_type.items() if t != "MENTIONED_IN"
    }
    edge = query(
        "MATCH (:Firm {name: $firm})-[r:INVESTS_IN]->(p:Place) RETURN r, p.adcode AS adcode",
        {"firm": "隆基绿能科技股份有限公司"},
    )
    assert edge[0]["adcode"] == "532300000000"
    assert edge[0]["r"]["amount_yuan"] == 3_000_000_000 and edge[0]["r"]["start"] == 2023
    assert json.loads(edge[0]["r"]["evidence"])[0]["trigger"] == "对口帮扶"
    documents = query("MATCH (d:Document {id: 'd2'}) RETURN d.path AS path, d.chars AS chars")
    assert documents == [{"path": "corpus/d2.txt", "chars": 1001}]


def test_loading_twice_gives_identical_counts(db: Connection) -> None:
    first = load(contract_graph())
    second = load(contract_graph())
    assert second.database_counts == first.database_counts
    assert second.created["nodes_created"] == 0 and second.created["relationships_created"] == 0
    assert second.created["constraints_added"] == 0 and second.created["indexes_added"] == 0


def test_a_build_with_one_more_document_adds_only_the_new_parts(db: Connection) -> None:
    base = load(contract_graph())
    grown_graph = contract_graph(with_third_document=True)
    grown = load(grown_graph)
    assert grown.created["nodes_created"] == 2  # 晶科能源 and document d3
    before, after = base.graph_counts["relationships"], plan_counts(plan(grown_graph))["relationships"]
    assert grown.created["relationships_created"] == sum(after.values()) - sum(before.values())
    assert grown.matches_database
    assert query(
        "MATCH (:Place {name: '上海市'})-[r:ASSISTS]->(:Place {name: '楚雄彝族自治州'}) RETURN r.weight AS w"
    ) == [{"w": 4}]


def test_an_interrupted_load_completes_when_run_again(db: Connection) -> None:
    class Interrupted(Exception):
        pass

    def stop_in_relationships(stage: str, done: int, total: int) -> None:
        if stage.startswith("relationships :") and "MENTIONED_IN" not in stage:
            raise Interrupted(stage)

    with pytest.raises(Interrupted):
        load(contract_graph(), batch_size=1, progress=stop_in_relationships)
    full = plan_counts(plan(contract_graph()))
    partial = counts()
    assert partial["nodes"] == full["nodes"]
    assert 0 < sum(partial["relationships"].values()) < sum(full["relationships"].values())
    assert load(contract_graph()).matches_database


def test_query_json_from_the_cli(db: Connection) -> None:
    load(contract_graph())
    result = CliRunner().invoke(
        app,
        [
            "query",
            "MATCH (p:Place) WHERE p.level = $level RETURN p.name AS name ORDER BY name",
            "--param",
            "level=province",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": "上海市"}, {"name": "云南省"}]
    as_csv = CliRunner().invoke(app, ["query", "--recipe", "who_assists_whom", "-p", "limit=1", "-f", "csv"])
    assert as_csv.stdout.splitlines()[0].startswith("donor,donor_type,recipient")
    assert "上海市,PLACE,楚雄彝族自治州,3" in as_csv.stdout


def test_kg_load_reads_a_build_directory(db: Connection, tmp_path: Path) -> None:
    from kg.export.graphml import write_graphml

    write_graphml(contract_graph(), tmp_path / "graph.graphml")
    first = CliRunner().invoke(app, ["load", str(tmp_path), "--json"])
    second = CliRunner().invoke(app, ["load", str(tmp_path), "--json"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert json.loads(first.stdout)["database_counts"] == json.loads(second.stdout)["database_counts"]
    assert json.loads(second.stdout)["created"]["nodes_created"] == 0


def test_query_graph_returns_the_path_as_networkx(db: Connection) -> None:
    load(contract_graph(with_third_document=True))
    found = query_graph(COOKBOOK["shortest_path_between_firms"].cypher, {"from": "隆基", "to": "晶科能源"})
    assert found.number_of_edges() == 3 and found.number_of_nodes() == 4
    assert {LONGI, JINKO} <= set(found.nodes)
    assert found.nodes[LONGI]["labels"] == "Entity|Firm"
    assert all(key == data["type"] for *_, key, data in found.edges(keys=True, data=True))


def test_cookbook_recipes_answer_on_the_contract_graph(db: Connection) -> None:
    load(contract_graph(with_third_document=True))
    assists = query(COOKBOOK["who_assists_whom"].cypher, {"limit": 10})
    assert [(r["donor"], r["recipient"], r["sentences"]) for r in assists] == [
        ("上海市", "楚雄彝族自治州", 4),
        ("嘉定区", "楚雄彝族自治州", 1),
    ]
    money = query(COOKBOOK["money_by_pairing_and_year"].cypher)
    assert [(r["payer"], r["recipient"], r["year"], r["amount_yuan"]) for r in money] == [
        ("隆基绿能科技股份有限公司", "楚雄彝族自治州", "2023", 3_000_000_000),
        ("晶科能源股份有限公司", "禄丰市", "2024", 1_000_000_000),
        ("上海市", "沪滇产业合作示范园", "2022", 50_000_000),
    ]
    for prefecture in ("楚雄州", "532300000000"):
        firms = query(COOKBOOK["firms_investing_in_prefecture"].cypher, {"prefecture": prefecture})
        assert [(r["firm"], r["invests_in"]) for r in firms] == [
            ("隆基绿能科技股份有限公司", "楚雄彝族自治州"),
            ("晶科能源股份有限公司", "禄丰市"),
        ]
    parks = query(COOKBOOK["parks_and_co_builders"].cypher)
    assert len(parks) == 1 and sorted(parks[0]["co_builders"]) == ["上海市", "晶科能源股份有限公司", "楚雄彝族自治州"]
    assert parks[0]["located_in"] == ["禄丰市"]
    path = query(COOKBOOK["shortest_path_between_firms"].cypher, {"from": "隆基绿能", "to": "晶科"})
    assert path[0]["hops"] == 3 and path[0]["names"][0] == "隆基绿能科技股份有限公司"
    assert set(COOKBOOK) == {
        "who_assists_whom",
        "money_by_pairing_and_year",
        "firms_investing_in_prefecture",
        "parks_and_co_builders",
        "shortest_path_between_firms",
    }


def test_queries_are_read_only_unless_asked(db: Connection) -> None:
    with pytest.raises(KgNeo4jError, match="--write"):
        query("CREATE (:Entity {id: 'x'})")
    assert query("CREATE (n:Scratch) RETURN count(n) AS n", write=True) == [{"n": 1}]


def test_wrong_password_is_one_clear_line(db: Connection) -> None:
    with pytest.raises(KgNeo4jError, match="wrong password; set NEO4J_PASSWORD"):
        query("RETURN 1", uri=db.uri, user="neo4j", password="not-the-password")
    result = CliRunner(env={"NEO4J_URI": db.uri, "NEO4J_PASSWORD": "not-the-password"}).invoke(
        app, ["query", "RETURN 1"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "rejected user 'neo4j': wrong password" in result.stderr


def test_server_down_is_one_clear_line(neo4j_server: Connection) -> None:
    nobody = f"bolt://127.0.0.1:{server.free_port()}"
    with pytest.raises(KgNeo4jError, match="is not answering: start it with `kg neo4j start`"):
        load(contract_graph(), uri=nobody, password="whatever1")
    result = CliRunner(env={"NEO4J_URI": nobody}).invoke(app, ["neo4j", "status"])
    assert result.exit_code == 1 and "not answering" in result.stdout


def test_port_taken_is_refused_before_starting(neo4j_server: Connection, tmp_path: Path) -> None:
    taken = int(neo4j_server.uri.rsplit(":", 1)[1])
    with pytest.raises(KgNeo4jError, match=f"port {taken} on 127.0.0.1 is taken"):
        server.start(tmp_path / "second", taken)
    assert not (tmp_path / "second" / "kg-neo4j.pid").exists()


def test_status_reports_the_running_server(neo4j_server: Connection) -> None:
    status = server.status()
    assert status.running and status.connection.uri == neo4j_server.uri
    assert status.home is not None and oct(status.home.password_file.stat().st_mode)[-3:] == "600"
    assert server.start().pid == status.pid  # already running: start is a no-op


def test_missing_java_and_maven_are_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    with pytest.raises(KgNeo4jError, match=r"Java 17\+ not found .*install it"):
        find_java()
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(KgNeo4jError, match="Maven not found on PATH .*apt-get install maven"):
        find_maven()
    assert os.environ["PATH"] == str(tmp_path)


def test_labels_and_types_outside_the_closed_sets_never_reach_cypher() -> None:
    bad_type = contract_graph()
    bad_type.nodes[SH]["type"] = "PLACE` SET n.x = 1 //"
    with pytest.raises(KgNeo4jError, match=r"node PLACE:310000000000: entity type .* is not one of PLACE, AGENCY"):
        plan(bad_type)
    bad_relation = contract_graph()
    bad_relation.add_edge(SH, CX, key="ASSISTS]->() DETACH DELETE", type="ASSISTS]->() DETACH DELETE")
    with pytest.raises(KgNeo4jError, match="relation 'ASSISTS]->\\(\\) DETACH DELETE' is not one of ASSISTS"):
        plan(bad_relation)


def test_the_cookbook_renders_as_a_readme_section() -> None:
    from kg.neo4j.cookbook import markdown

    text = markdown()
    assert all(f"### `{name}`" in text for name in COOKBOOK)
    assert text.count("```cypher") == len(COOKBOOK)
