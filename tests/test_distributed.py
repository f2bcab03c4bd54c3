"""kg build --scheduler: extraction on a real local Dask cluster gives the single-process output exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest

from kg.builder import build
from kg.corpus_gen import generate_document

distributed = pytest.importorskip("distributed")
from kg.distributed import dask_executor  # noqa: E402  (needs distributed)

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "corpus"
CHUNK_CHARS = 1_500
"""Small chunks, so that one file is split over both workers and results come back out of order."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SAMPLE, folder, dirs_exist_ok=True)
    (folder / "generated.txt").write_text(generate_document(seed=3, index=0, chars=6_000), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def _graph_data(G: nx.MultiDiGraph) -> tuple:
    nodes = sorted((n, sorted(d.items())) for n, d in G.nodes(data=True))
    edges = sorted((u, v, k, sorted(d.items())) for u, v, k, d in G.edges(keys=True, data=True))
    return nodes, edges, G.graph["documents"]


def test_dask_build_equals_single_process_build(corpus, cluster, tmp_path):
    local = build([corpus], tmp_path / "local", pipeline="rules", chunk_chars=CHUNK_CHARS)
    remote = build([corpus], tmp_path / "dask", pipeline="rules", chunk_chars=CHUNK_CHARS,
                   executor=dask_executor(cluster.scheduler_address))
    assert local.number_of_nodes() > 30 and local.number_of_edges() > 20
    assert _graph_data(remote) == _graph_data(local)
    for name in ("extractions.jsonl", "rejects.jsonl", "graph.graphml", "nodes.csv", "edges.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_unreachable_scheduler_says_what_to_do(corpus, tmp_path):
    with pytest.raises(RuntimeError, match="no Dask scheduler answers at tcp://127.0.0.1:1.*dask scheduler"):
        build([corpus], tmp_path / "out", pipeline="rules", executor=dask_executor("tcp://127.0.0.1:1", connect_timeout=1))
