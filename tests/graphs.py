"""Small graphs that follow the kg graph contract, for tests of code that works on graphs.

``kg build`` makes real ones; these are handmade so a test knows the answer.
``add_node``/``add_edge`` fill every contract attribute, so a test spells only
what it cares about.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import networkx as nx


def add_node(
    G: nx.MultiDiGraph,
    type: str,
    name: str,
    *,
    adcode: str = "",
    level: str = "",
    province: str = "",
    aliases: Iterable[str] = (),
    mentions: int = 1,
    docs: str = "doc1",
) -> str:
    """Add a contract node keyed ``TYPE:adcode`` (places with an adcode) or ``TYPE:name``; return its id."""
    node_id = f"{type}:{adcode or name}"
    G.add_node(
        node_id,
        id=node_id,
        type=type,
        name=name,
        aliases="|".join([name, *aliases]),
        adcode=adcode,
        level=level,
        province=province,
        mentions=mentions,
        docs=docs,
        merged_by=f"adcode:{adcode}" if adcode else f"name:{name}",
    )
    return node_id


def add_edge(
    G: nx.MultiDiGraph,
    u: str,
    v: str,
    type: str,
    *,
    years: Iterable[int] = (),
    amount_yuan: int = 0,
    weight: int = 1,
    docs: str = "doc1",
    trigger: str = "",
) -> None:
    """Add a contract edge keyed by its relation label, with one evidence object."""
    years = sorted(set(years))
    sentence = f"{G.nodes[u]['name']}{trigger or type}{G.nodes[v]['name']}"
    evidence = [{"doc": docs.split("|")[0], "sentence": sentence, "start": 0, "end": len(sentence), "text": sentence, "trigger": trigger}]
    attrs = {
        "type": type,
        "weight": weight,
        "docs": docs,
        "years": "|".join(map(str, years)),
        "amount_yuan": amount_yuan,
        "evidence": json.dumps(evidence, ensure_ascii=False),
    }
    if years:
        attrs.update(start=years[0], end=years[-1])
    G.add_edge(u, v, key=type, **attrs)


def contract_graph() -> nx.MultiDiGraph:
    """A 13-node, 17-edge graph of 沪滇/粤滇 cooperation with every node type but PERSON.

    It has two parallel edges (嘉定区→楚雄州 ASSISTS and FUNDS), edges with and
    without years, an amount above 2**31 (a ``long``) and a region without adcode.
    """
    G = nx.MultiDiGraph()
    G.graph["documents"] = {
        "doc1": {"path": "seeds/doc1.txt", "sha256": "0" * 64, "chars": 1200},
        "doc2": {"path": "seeds/doc2.txt", "sha256": "1" * 64, "chars": 800},
    }
    shanghai = add_node(G, "PLACE", "上海市", adcode="310000000000", level="province", province="310000000000", aliases=["上海", "沪"])
    jiading = add_node(G, "PLACE", "嘉定区", adcode="310114000000", level="county", province="310000000000", aliases=["嘉定"])
    yunnan = add_node(G, "PLACE", "云南省", adcode="530000000000", level="province", province="530000000000", aliases=["云南", "滇"])
    chuxiong = add_node(G, "PLACE", "楚雄州", adcode="532300000000", level="prefecture", province="530000000000", aliases=["楚雄", "楚雄彝族自治州"], mentions=7, docs="doc1|doc2")
    lufeng = add_node(G, "PLACE", "禄丰市", adcode="532331000000", level="county", province="530000000000", aliases=["禄丰"])
    guangdong = add_node(G, "PLACE", "广东省", adcode="440000000000", level="province", province="440000000000", aliases=["广东", "粤"])
    sea = add_node(G, "PLACE", "东南亚", level="region")
    office = add_node(G, "AGENCY", "上海市合作交流办")
    bureau = add_node(G, "AGENCY", "楚雄州投资促进局", docs="doc2")
    longi = add_node(G, "FIRM", "隆基绿能科技股份有限公司", aliases=["隆基绿能", "隆基"], mentions=3)
    park = add_node(G, "PARK", "禄丰产业园区")
    program = add_node(G, "PROGRAM", "沪滇协作", mentions=4, docs="doc1|doc2")
    policy = add_node(G, "POLICY", "楚雄州深化沪滇产业协作工作方案", docs="doc2")

    add_edge(G, shanghai, yunnan, "ASSISTS", years=[2019, 2020, 2021], weight=3, trigger="对口帮扶")
    add_edge(G, jiading, chuxiong, "ASSISTS", years=[2020, 2021], weight=2, trigger="结对帮扶")
    add_edge(G, jiading, chuxiong, "FUNDS", years=[2021], amount_yuan=30_000_000, trigger="投入")
    add_edge(G, office, lufeng, "ASSISTS", years=[2022], trigger="援助")
    add_edge(G, guangdong, yunnan, "ASSISTS", trigger="帮扶")
    add_edge(G, longi, lufeng, "INVESTS_IN", years=[2021], amount_yuan=5_000_000_000, docs="doc1|doc2", trigger="投资")
    add_edge(G, longi, park, "INVESTS_IN", years=[2022], trigger="入驻")
    add_edge(G, office, shanghai, "LOCATED_IN")
    add_edge(G, jiading, shanghai, "LOCATED_IN")
    add_edge(G, lufeng, chuxiong, "LOCATED_IN")
    add_edge(G, chuxiong, yunnan, "LOCATED_IN")
    add_edge(G, park, lufeng, "LOCATED_IN")
    add_edge(G, bureau, policy, "ISSUES", years=[2023], docs="doc2", trigger="印发")
    add_edge(G, bureau, program, "IMPLEMENTS", years=[2023], docs="doc2", trigger="推进")
    add_edge(G, office, program, "IMPLEMENTS", years=[2021], trigger="推进")
    add_edge(G, chuxiong, sea, "COOPERATES_WITH", years=[2023], docs="doc2", trigger="合作")
    add_edge(G, jiading, park, "CO_BUILDS", years=[2022], trigger="共建")
    return G
