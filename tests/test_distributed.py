"""kg build --scheduler: extraction on a real local Dask cluster gives the single-process output exactly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest

from kg.builder import assemble_results, build, extract_file
from kg.corpus_gen import generate_document

distributed = pytest.importorskip("distributed")
from kg.distributed import dask_executor  # noqa: E402  (needs distributed)

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "corpus"
CHUNK_CHARS = 1_500
"""Small chunks, so that a file of many documents is split over both workers and results come back out of order."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SAMPLE, folder, dirs_exist_ok=True)
    (folder / "generated.txt").write_text(generate_document(seed=3, index=0, chars=6_000), encoding="utf-8")
    records = [{"id": f"n{i}-{j}", "doc": f"news{i}", "text": line}
               for i in range(1, 8) for j, line in enumerate(generate_document(seed=4, index=i, chars=400).split("\n\n"))]
    (folder / "news.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
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


# The same guarantee without Dask: chunking, interleaved documents and resuming never change the graph.


def test_chunked_build_equals_whole_file_build(corpus, tmp_path):
    whole = build([corpus], tmp_path / "whole", pipeline="rules")
    chunked = build([corpus], tmp_path / "chunked", pipeline="rules", chunk_chars=CHUNK_CHARS)
    assert json.loads((tmp_path / "chunked" / "report.json").read_text(encoding="utf-8"))["chunks_extracted"] >= 8  # news.jsonl is cut into several
    assert _graph_data(chunked) == _graph_data(whole)
    assert (tmp_path / "chunked" / "extractions.jsonl").read_bytes() == (tmp_path / "whole" / "extractions.jsonl").read_bytes()


def test_interleaved_documents_resolve_as_in_memory(tmp_path):
    lines = [
        {"id": "a1", "doc": "A", "text": "楚雄州持续深化沪滇协作。"},
        {"id": "b1", "doc": "B", "text": "朝阳区对口帮扶赤峰市。"},
        {"id": "a2", "doc": "A", "text": "州乡村振兴局与嘉定区对接。"},
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    streamed = build([path], tmp_path / "out", pipeline="rules", chunk_chars=10)
    assert _graph_data(streamed)[:2] == _graph_data(assemble_results([extract_file(str(path), "rules")]))[:2]
    assert "elided-place" in streamed.nodes["AGENCY:532300000000:乡村振兴局"]["merged_by"]


def test_interrupted_build_resumes_chunk_by_chunk(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, pipeline="rules", chunk_chars=CHUNK_CHARS)
    cache = out / ".cache"
    manifest = max(cache.glob("*.json"), key=lambda p: len(json.loads(p.read_text(encoding="utf-8"))["chunks"]))
    chunks = json.loads(manifest.read_text(encoding="utf-8"))["chunks"]
    manifest.unlink()  # as if the build stopped before the file was complete …
    (cache / f"{chunks[-1]}.jsonl").unlink()  # … and before its last chunk was written
    again = build([corpus], out, pipeline="rules", chunk_chars=CHUNK_CHARS)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["files_extracted"], report["chunks_extracted"]) == (1, 1)
    assert _graph_data(again) == _graph_data(first)
