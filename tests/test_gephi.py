"""Gephi really opens kg's exports: the real Gephi toolkit imports graph.graphml and graph.gexf.

A small Java program (tests/gephi) is built once with Maven into the user's
cache dir (keyed by a hash of its sources) and run on files written from
``tests.graphs.contract_graph``; it prints what Gephi made of each file.
Run ``scripts/install_gephi.sh`` first to fetch the toolkit (Maven Central).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import platformdirs
import pytest

from kg.export import write_gexf, write_graphml
from graphs import contract_graph  # tests/graphs.py (pytest puts tests/ on sys.path)

pytestmark = pytest.mark.gephi

GEPHI_PROJECT = Path(__file__).parent / "gephi"


def _sources_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in GEPHI_PROJECT.rglob("*") if p.is_file() and "target" not in p.parts):
        digest.update(path.relative_to(GEPHI_PROJECT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def gephi_classpath() -> str:
    """Build tests/gephi once per source version; return the java classpath to run it."""
    if not (shutil.which("java") and shutil.which("mvn")):
        pytest.skip("needs java and mvn on PATH (apt-get install default-jdk-headless maven; scripts/install_gephi.sh)")
    build = Path(platformdirs.user_cache_dir("kg")) / "gephi-import" / _sources_hash()
    classpath_file = build / "classpath.txt"
    if not classpath_file.is_file():
        command = [
            "mvn", "-B", "-q", "-Dstyle.color=never", "-f", str(GEPHI_PROJECT / "pom.xml"),
            f"-Dkg.build.dir={build}", "package", "dependency:build-classpath", f"-Dmdep.outputFile={classpath_file}",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            classpath_file.unlink(missing_ok=True)
            pytest.fail(f"building tests/gephi failed (run scripts/install_gephi.sh to see why):\n{done.stdout[-3000:]}")
    return f"{build / 'classes'}:{classpath_file.read_text().strip()}"


def gephi_import(classpath: str, path: Path) -> dict[str, list[list[str]]]:
    """Import ``path`` with Gephi; return its report lines grouped by their first field."""
    command = ["java", "-Djava.awt.headless=true", "-cp", classpath, "kg.gephi.GephiImport", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"Gephi could not import {path}:\n{done.stderr[-3000:]}"
    facts: dict[str, list[list[str]]] = defaultdict(list)
    for line in done.stdout.splitlines():
        kind, *values = line.split("\t")
        facts[kind].append(values)
    return facts


def _columns(facts: dict[str, list[list[str]]], kind: str) -> dict[str, str]:
    return {title: java_type for title, java_type in facts[kind]}


def _severe(facts: dict[str, list[list[str]]]) -> list[str]:
    return [message for level, message in facts["issue"] if level in ("SEVERE", "CRITICAL")]


def test_gephi_imports_gexf_with_every_edge_kind_types_and_timeline(gephi_classpath: str, tmp_path: Path) -> None:
    G = contract_graph()
    facts = gephi_import(gephi_classpath, write_gexf(G, tmp_path / "graph.gexf"))

    assert _severe(facts) == []
    assert facts["nodes"] == [[str(G.number_of_nodes())]]
    assert facts["edges"] == [[str(G.number_of_edges())]]  # parallel FUNDS/ASSISTS kept apart by kind
    assert facts["labelled_nodes"] == facts["nodes"] and facts["labelled_edges"] == facts["edges"]
    assert {kind for [kind] in facts["edge_kind"]} == {t for *_, t in G.edges(data="type")}
    nodes, edges = _columns(facts, "node_column"), _columns(facts, "edge_column")
    assert nodes["mentions"] == "Long" and nodes["aliases"] == "String" and nodes["province"] == "String"
    assert edges["amount_yuan"] == "Long" and edges["years"] == "String" and edges["Weight"] == "Double"
    years = [y for *_, y in G.edges(data="start") if y is not None] + [y for *_, y in G.edges(data="end") if y]
    assert facts["time_bounds"] == [[f"{min(years)}.0", f"{max(years)}.0"]]


def test_gephi_imports_graphml_with_typed_columns(gephi_classpath: str, tmp_path: Path) -> None:
    G = contract_graph()
    facts = gephi_import(gephi_classpath, write_graphml(G, tmp_path / "graph.graphml"))

    assert _severe(facts) == []
    assert facts["nodes"] == [[str(G.number_of_nodes())]]
    # GraphML has no edge kind, so Gephi merges a pair's parallel relations into one edge.
    assert facts["edges"] == [[str(len(set(G.edges())))]]
    assert facts["labelled_nodes"] == facts["nodes"]
    nodes, edges = _columns(facts, "node_column"), _columns(facts, "edge_column")
    assert "name" not in nodes and "type" not in edges  # they became Gephi's node and edge labels
    assert nodes["mentions"] == "Long" and nodes["adcode"] == "String"
    assert edges["amount_yuan"] == "Long" and edges["start"] == "Long" and edges["evidence"] == "String"
