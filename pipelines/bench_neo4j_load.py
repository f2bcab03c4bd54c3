"""Benchmark ``kg.neo4j.load`` on a generated contract-shaped graph.

Generates a graph with the attributes ``kg build`` produces (default 20k
entities, 100k relations over 1k documents, one or two evidence objects per
relation), loads it into a fresh kg-managed server (temporary home, free port)
or into the configured one (``--use-configured``: NEO4J_URI or ``kg neo4j
start``'s), then loads it again, and prints relations per second, beside the
server's own ceiling in the same run: a bare Cypher ``CREATE`` of as many
relationships between the loaded entities.

    .venv/bin/python pipelines/bench_neo4j_load.py [--nodes 20000] [--edges 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time

import networkx as nx

from kg.neo4j import server
from kg.neo4j.load import LoadReport, load
from kg.neo4j.query import query

# (head types, relation, tail types) as ANNOTATION.md allows them.
SIGNATURES = [
    (("PLACE", "AGENCY"), "ASSISTS", ("PLACE",)),
    (("PLACE", "AGENCY", "FIRM", "ORG"), "FUNDS", ("PLACE", "PARK", "PROGRAM")),
    (("FIRM",), "INVESTS_IN", ("PLACE", "PARK")),
    (("PARK", "FIRM", "AGENCY", "ORG", "PLACE"), "LOCATED_IN", ("PLACE",)),
    (("PLACE", "AGENCY", "FIRM"), "CO_BUILDS", ("PARK",)),
    (("PLACE", "AGENCY", "FIRM", "ORG"), "COOPERATES_WITH", ("PLACE", "AGENCY", "FIRM", "ORG")),
    (("PLACE", "AGENCY", "FIRM", "ORG"), "IMPLEMENTS", ("PROGRAM",)),
    (("AGENCY", "PLACE"), "ISSUES", ("POLICY",)),
]
TYPE_SHARES = {
    "PLACE": 0.2,
    "AGENCY": 0.15,
    "ORG": 0.1,
    "FIRM": 0.25,
    "PARK": 0.1,
    "PROGRAM": 0.08,
    "POLICY": 0.07,
    "PERSON": 0.05,
}


def generate(nodes: int, edges: int, documents: int, seed: int = 7) -> nx.MultiDiGraph:
    """A random graph in the contract's shape, with no repeated (head, relation, tail)."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    doc_ids = [f"doc{i:05d}" for i in range(documents)]
    graph.graph["documents"] = {
        d: {"path": f"corpus/{d}.txt", "sha256": f"{i:064x}", "chars": 2000 + i} for i, d in enumerate(doc_ids)
    }
    by_type: dict[str, list[str]] = {t: [] for t in TYPE_SHARES}
    for i in range(nodes):
        node_type = rng.choices(list(TYPE_SHARES), weights=list(TYPE_SHARES.values()))[0]
        name = f"{node_type.lower()}名称{i}"
        adcode = f"{530000000000 + i * 1000:012d}" if node_type == "PLACE" else ""
        node_id = f"PLACE:{adcode}" if adcode else f"{node_type}:{name}"
        docs = sorted(set(rng.sample(doc_ids, rng.randint(1, 3))))
        graph.add_node(
            node_id,
            id=node_id,
            type=node_type,
            name=name,
            aliases=f"{name}|{name[:3]}",
            adcode=adcode,
            level="county" if adcode else "",
            province="530000000000" if adcode else "",
            mentions=len(docs) * 2,
            docs="|".join(docs),
            merged_by=f"alias:{name}",
        )
        by_type[node_type].append(node_id)
    added = 0  # graph.number_of_edges() is O(E) on a MultiDiGraph
    while added < edges:
        heads, label, tails = rng.choice(SIGNATURES)
        start, end = rng.choice(by_type[rng.choice(heads)]), rng.choice(by_type[rng.choice(tails)])
        if start == end or graph.has_edge(start, end, key=label):
            continue
        docs = sorted(set(rng.sample(doc_ids, rng.randint(1, 2))))
        years = sorted({rng.randint(2016, 2024) for _ in docs})
        evidence = [
            {
                "doc": d,
                "sentence": f"{d}-s{rng.randint(0, 80)}",
                "start": 10,
                "end": 42,
                "text": "上海市与云南省签订协议，共同推进产业园区建设。",
                "trigger": "共建",
            }
            for d in docs
        ]
        graph.add_edge(
            start,
            end,
            key=label,
            type=label,
            weight=len(docs),
            docs="|".join(docs),
            years="|".join(map(str, years)),
            start=years[0],
            end=years[-1],
            amount_yuan=rng.choice([0, 0, 0, 5_000_000, 120_000_000]),
            evidence=json.dumps(evidence, ensure_ascii=False),
        )
        added += 1
    return graph


CEILING_CYPHER = (
    "UNWIND range(0, $edges - 1) AS i MATCH (a:Entity {id: $ids[i % size($ids)]}) "
    "MATCH (b:Entity {id: $ids[(i * 7 + 1) % size($ids)]}) CREATE (a)-[:KG_BENCH_CEILING {w: i}]->(b)"
)


def ceiling(ids: list[str], edges: int, home) -> float:
    """Relationships per second of a bare Cypher ``CREATE`` between loaded entities, on the same server.

    The fastest the server writes relationships through Cypher here (no
    MERGE, no properties to speak of): the figure kg's load is compared with.
    """
    started = time.perf_counter()
    query(CEILING_CYPHER, {"edges": edges, "ids": ids}, home=home, write=True)
    seconds = time.perf_counter() - started
    query("MATCH ()-[r:KG_BENCH_CEILING]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS", home=home, write=True)
    return edges / seconds


def describe(name: str, report: LoadReport) -> str:
    return (
        f"{name}: {report.relationships} relations in {report.relationship_seconds:.2f} s = "
        f"{report.relationships_per_second:,.0f} relations/s; whole load ({report.nodes} entities, "
        f"{report.mentions} mentions, {report.batches} batches) {report.seconds:.2f} s; "
        f"created {report.created.get('relationships_created', 0)} relationships"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=1_000)
    parser.add_argument("--batch-size", type=int, default=20_000)
    parser.add_argument(
        "--use-configured",
        action="store_true",
        help="load into the configured server (it is emptied first!) instead of a fresh one",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    graph = generate(args.nodes, args.edges, args.documents)
    print(
        f"generated {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    with tempfile.TemporaryDirectory(prefix="kg-neo4j-bench-") as scratch:
        home = None if args.use_configured else scratch
        if home is not None:
            server.start(
                home, server.free_port(), heap_mb=4096, pagecache_mb=1024, log=lambda line: print(line, file=sys.stderr)
            )
        try:
            query("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", home=home, write=True)
            first = load(graph, home=home, batch_size=args.batch_size)
            print(describe("first load ", first))
            second = load(graph, home=home, batch_size=args.batch_size)
            print(describe("second load", second))
            print(
                f"identical counts after both loads: {first.database_counts == second.database_counts}; "
                f"database holds exactly the graph: {second.matches_database}"
            )
            ids = [str(data.get("id", node)) for node, data in graph.nodes(data=True)]
            print(f"ceiling: bare Cypher CREATE of {args.edges} relationships = {ceiling(ids, args.edges, home):,.0f} relations/s")
        finally:
            if home is not None:
                server.stop(home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
