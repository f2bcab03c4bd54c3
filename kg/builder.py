"""``kg build``: documents in, one resolved graph with provenance out.

The build is incremental and interruptible:

* every input file is extracted into a cache entry named by the file's
  content hash (``DIR/.cache/<sha256>.jsonl``), written atomically, so a
  rebuild after adding one file extracts only that file, and an interrupted
  build resumes where it stopped;
* extraction runs in ``jobs`` worker processes (each loads the pipeline once)
  or on a Dask cluster (``scheduler``);
* resolution and graph assembly then read all cache entries (cheap) and the
  outputs replace the previous ones atomically, file by file.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.export.directory import read_graph, write_graph_files
from kg.fileio import atomic_write
from kg.graph import GraphAssembler
from kg.problems import Problem, ProblemLog
from kg.records import iter_input_files, read_records
from kg.resolve import Resolver
from kg.resources import DEFAULT_PIPELINE

CACHE_DIR = ".cache"
CACHE_VERSION = "1"
"""Bump when extraction output changes shape, so old cache entries are not reused."""


@dataclass
class FileResult:
    """The extraction of one input file, as cached."""

    path: str
    sha256: str
    chars: int
    records: list[dict[str, Any]]
    rejects: list[dict[str, Any]]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class BuildReport:
    """What a build did; written to ``report.json``."""

    documents: int = 0
    files: int = 0
    files_extracted: int = 0
    files_cached: int = 0
    records: int = 0
    problems: int = 0
    rejects: int = 0
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_key(sha256: str, pipeline: str) -> str:
    return hashlib.sha256(f"{CACHE_VERSION}:{pipeline}:{sha256}".encode()).hexdigest()[:32]


# Each worker process keeps one extractor (loading a pipeline is the slow part).
_WORKER_EXTRACTOR = None


def extract_file(path: str, pipeline: str = DEFAULT_PIPELINE) -> FileResult:
    """Extract one file (runs in a worker process or a Dask worker)."""
    global _WORKER_EXTRACTOR
    from kg.extract import Extractor

    if _WORKER_EXTRACTOR is None or _WORKER_EXTRACTOR[0] != pipeline:
        _WORKER_EXTRACTOR = (pipeline, Extractor(pipeline))
    extractor = _WORKER_EXTRACTOR[1]
    problems = ProblemLog(stream=None)
    records, rejects, chars = [], [], 0
    for extraction in extractor.extract(read_records([path], problems)):
        records.append(extraction.record)
        rejects.extend(extraction.rejects)
        chars += len(extraction.record["text"])
    return FileResult(path, file_sha256(Path(path)), chars, records, rejects, problems.problems)


def _write_cache(entry: Path, result: FileResult) -> None:
    with atomic_write(entry) as out:
        header = {"path": result.path, "sha256": result.sha256, "chars": result.chars,
                  "problems": [asdict(p) for p in result.problems]}
        out.write(json.dumps(header, ensure_ascii=False) + "\n")
        for record in result.records:
            out.write(json.dumps({"record": record}, ensure_ascii=False) + "\n")
        for reject in result.rejects:
            out.write(json.dumps({"reject": reject}, ensure_ascii=False) + "\n")


def _read_cache(entry: Path) -> FileResult:
    with open(entry, encoding="utf-8") as handle:
        header = json.loads(next(handle))
        records, rejects = [], []
        for line in handle:
            item = json.loads(line)
            (records if "record" in item else rejects).append(item.get("record") or item.get("reject"))
    problems = [Problem(**p) for p in header["problems"]]
    return FileResult(header["path"], header["sha256"], header["chars"], records, rejects, problems)


Executor = Callable[[list[str], str], Iterator[FileResult]]


def local_executor(jobs: int) -> Executor:
    """Extract files in ``jobs`` processes (in this process when ``jobs`` is 1)."""

    def run(paths: list[str], pipeline: str) -> Iterator[FileResult]:
        if jobs <= 1 or len(paths) <= 1:
            for path in paths:
                yield extract_file(path, pipeline)
            return
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(extract_file, paths, [pipeline] * len(paths))

    return run


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path | None = None,
    *,
    pipeline: str = DEFAULT_PIPELINE,
    jobs: int = 1,
    executor: Executor | None = None,
    problems: ProblemLog | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> nx.MultiDiGraph:
    """Build one resolved graph from documents; write it to ``out_dir`` if given.

    ``paths`` are files or folders of ``.txt``/``.jsonl``.  With ``out_dir``,
    extractions are cached there by content hash and the outputs
    (``graph.graphml``, ``graph.gexf``, ``nodes.csv``, ``edges.csv``,
    ``extractions.jsonl``, ``rejects.jsonl``, ``report.json``) are written.

    >>> G = build(["seeds/corpus"])                    # doctest: +SKIP
    >>> G.nodes["PLACE:640400000000"]["name"]          # doctest: +SKIP
    '固原市'
    """
    problems = problems if problems is not None else ProblemLog()
    report = BuildReport()
    started = time.perf_counter()
    files = [str(p) for p in iter_input_files(paths, problems)]
    report.files = len(files)
    cache = Path(out_dir) / CACHE_DIR if out_dir is not None else None
    results: dict[str, FileResult] = {}
    todo = []
    for path in files:
        entry = cache / f"{cache_key(file_sha256(Path(path)), pipeline)}.jsonl" if cache else None
        if entry is not None and entry.exists():
            results[path] = _read_cache(entry)
            report.files_cached += 1
        else:
            todo.append(path)
    run = executor or local_executor(jobs)
    for done, result in enumerate(run(todo, pipeline), 1):
        results[result.path] = result
        if cache is not None:
            _write_cache(cache / f"{cache_key(result.sha256, pipeline)}.jsonl", result)
        if progress is not None:
            progress(done, len(todo))
    report.files_extracted = len(todo)
    report.seconds["extract"] = round(time.perf_counter() - started, 3)
    ordered = [results[p] for p in files if p in results]
    for result in ordered:
        for problem in result.problems:
            problems.report(problem.path, problem.line, problem.record_id, problem.message)

    started = time.perf_counter()
    graph = assemble_results(ordered)
    report.seconds["resolve"] = round(time.perf_counter() - started, 3)
    _fill_counts(report, graph, ordered, problems)
    if out_dir is not None:
        write_outputs(graph, ordered, Path(out_dir), report)
    return graph


def documents_of(results: list[FileResult]) -> list[list[dict[str, Any]]]:
    """Group the records of all files by their document id, in input order."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for result in results:
        for record in result.records:
            grouped.setdefault(str(record.get("doc") or record["id"]), []).append(record)
    return list(grouped.values())


def assemble_results(results: list[FileResult]) -> nx.MultiDiGraph:
    """Resolve and assemble the graph of extracted files."""
    documents = documents_of(results)
    resolver = Resolver()
    for records in documents:
        resolver.learn(records)
    assembler = GraphAssembler(resolver)
    for result in results:
        assembler.documents[Path(result.path).stem] = {"path": result.path, "sha256": result.sha256, "chars": result.chars}
    for records in documents:
        assembler.add_document(records)
    return assembler.graph()


def _fill_counts(report: BuildReport, graph: nx.MultiDiGraph, results: list[FileResult], problems: ProblemLog) -> None:
    report.documents = len({r.get("doc") for res in results for r in res.records})
    report.records = sum(len(r.records) for r in results)
    report.rejects = sum(len(r.rejects) for r in results)
    report.problems = len(problems)
    nodes: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        nodes[data["type"]] = nodes.get(data["type"], 0) + 1
    edges: dict[str, int] = {}
    for _, _, data in graph.edges(data=True):
        edges[data["type"]] = edges.get(data["type"], 0) + 1
    report.nodes, report.edges = dict(sorted(nodes.items())), dict(sorted(edges.items()))


def write_outputs(graph: nx.MultiDiGraph, results: list[FileResult], out: Path, report: BuildReport) -> None:
    """Write every output file of a build; each replaces its predecessor atomically."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    with atomic_write(out / "extractions.jsonl") as handle:
        for result in results:
            for record in result.records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    with atomic_write(out / "rejects.jsonl") as handle:
        for result in results:
            for reject in result.rejects:
                handle.write(json.dumps(reject, ensure_ascii=False) + "\n")
    write_graph_files(graph, out)
    report.seconds["write"] = round(time.perf_counter() - started, 3)
    with atomic_write(out / "report.json") as handle:
        json.dump(report.__dict__, handle, ensure_ascii=False, indent=2)


def load_graph(directory: str | Path) -> nx.MultiDiGraph:
    """The graph a build wrote into ``directory``, with its types restored."""
    return read_graph(directory)
