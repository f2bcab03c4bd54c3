"""``kg build``: documents in, one resolved graph with provenance out, in memory independent of corpus size.

The build streams:

* input files are read one at a time and cut into *chunks* of about
  ``chunk_chars`` characters of records, at document boundaries (the pipeline
  keeps state within a document), so a huge file of many documents is many
  tasks and does not serialise a parallel build;
* chunks are extracted in ``jobs`` worker processes (each loads the pipeline
  once) or on a Dask cluster (``kg.distributed``), with only a few chunks in
  flight per worker; each result goes straight to a cache entry
  ``DIR/.cache/<file key>-<chunk>.jsonl`` and a file is complete when its
  manifest ``DIR/.cache/<file key>.json`` is written.  The file key hashes the
  file's content and the pipeline, so a rebuild after adding one file extracts
  only that file, and an interrupted build resumes chunk by chunk;
* resolution and graph assembly read the cache entries in two streaming
  passes (:class:`StreamingAssembler`): firm names first, then one document at
  a time; ``extractions.jsonl`` and ``rejects.jsonl`` are copied line by line.

What grows with the corpus is the graph itself (entities, edges) and one
count per document id, never the extraction records.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
import orjson

from kg.export.directory import read_graph, write_graph_files
from kg.fileio import atomic_write
from kg.graph import GraphAssembler
from kg.problems import Problem, ProblemLog
from kg.records import InputRecord, doc_of, iter_input_files, read_records
from kg.resolve import Resolver
from kg.resources import DEFAULT_PIPELINE, pipeline_fingerprint

CACHE_DIR = ".cache"
CACHE_VERSION = "3"
"""Bump when the cache layout changes; changes to what a pipeline extracts are caught by its fingerprint."""

CHUNK_CHARS = 50_000
"""Characters of records per extraction task (whole documents): seconds of work, small enough to balance workers."""

TASKS_PER_WORKER = 2
"""Chunks in flight per worker: enough to keep it busy, few enough to bound memory."""

RECORD, REJECT = "r", "x"
"""Tags of cache-entry lines (``r<TAB>{record}``, ``x<TAB>{reject}``): the JSON after the tab is copied to outputs as is."""


@dataclass
class FileResult:
    """The extraction of one input file, in memory (for small inputs and tests; :func:`build` streams)."""

    path: str
    sha256: str
    chars: int
    records: list[dict[str, Any]]
    rejects: list[dict[str, Any]]
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Chunk:
    """One extraction task: consecutive records of one file."""

    key: str
    path: str
    records: list[InputRecord]


@dataclass(frozen=True)
class ChunkResult:
    """What a worker sends back: the cache entry's text, already serialised (so the parent only writes it)."""

    key: str
    lines: str
    records: int
    chars: int


@dataclass
class BuildReport:
    """What a build did; written to ``report.json``."""

    documents: int = 0
    files: int = 0
    files_extracted: int = 0
    files_cached: int = 0
    chunks_extracted: int = 0
    records: int = 0
    problems: int = 0
    rejects: int = 0
    chars: int = 0
    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_key(sha256: str, pipeline: str, chunk_chars: int = CHUNK_CHARS) -> str:
    """The cache name of one file's extraction by ``pipeline`` as it is now (rules, lexicons, code: its fingerprint).

    The file's chunking is part of it: chunk entries are reused.
    """
    source = f"{CACHE_VERSION}:{pipeline}:{pipeline_fingerprint(pipeline)}:{chunk_chars}:{sha256}"
    return hashlib.sha256(source.encode()).hexdigest()[:32]


# ------------------------------------------------------------------ extraction (worker side)

# Each worker process keeps one extractor (loading a pipeline is the slow part).
_WORKER_EXTRACTOR: tuple[str, Any] | None = None


def _extractor(pipeline: str):
    global _WORKER_EXTRACTOR
    from kg.extract import Extractor

    if _WORKER_EXTRACTOR is None or _WORKER_EXTRACTOR[0] != pipeline:
        _WORKER_EXTRACTOR = (pipeline, Extractor(pipeline))
    return _WORKER_EXTRACTOR[1]


def extract_chunk(chunk: Chunk, pipeline: str = DEFAULT_PIPELINE) -> ChunkResult:
    """Extract one chunk (runs in a worker process or on a Dask worker)."""
    lines, chars = [], 0
    for extraction in _extractor(pipeline).extract(chunk.records):
        lines.append(f"{RECORD}\t{json.dumps(extraction.record, ensure_ascii=False)}\n")
        lines.extend(f"{REJECT}\t{json.dumps(reject, ensure_ascii=False)}\n" for reject in extraction.rejects)
        chars += len(extraction.record["text"])
    return ChunkResult(chunk.key, "".join(lines), len(chunk.records), chars)


def extract_file(path: str, pipeline: str = DEFAULT_PIPELINE) -> FileResult:
    """Extract one whole file in this process, into memory."""
    problems = ProblemLog(stream=None)
    records, rejects, chars = [], [], 0
    for extraction in _extractor(pipeline).extract(read_records([path], problems)):
        records.append(extraction.record)
        rejects.extend(extraction.rejects)
        chars += len(extraction.record["text"])
    return FileResult(path, file_sha256(Path(path)), chars, records, rejects, problems.problems)


# ------------------------------------------------------------------ executors

Executor = Callable[[Iterable[Chunk], str], Iterator[ChunkResult]]
"""Runs chunks and yields their results as they finish (in any order)."""

T = TypeVar("T")


def windowed(
    tasks: Iterable[Chunk],
    submit: Callable[[Chunk], T],
    wait_first: Callable[[set[T]], tuple[set[T], set[T]]],
    window: int,
) -> Iterator[T]:
    """Keep at most ``window`` tasks submitted; yield each finished future.

    ``tasks`` is consumed lazily, so a corpus is never read ahead of the
    workers; shared by the process pool and the Dask executor.
    """
    pending: set[T] = set()
    for task in tasks:
        pending.add(submit(task))
        if len(pending) >= window:
            done, pending = wait_first(pending)
            yield from done
    while pending:
        done, pending = wait_first(pending)
        yield from done


def local_executor(jobs: int) -> Executor:
    """Extract chunks in ``jobs`` processes (in this process when ``jobs`` is 1)."""

    def run(chunks: Iterable[Chunk], pipeline: str) -> Iterator[ChunkResult]:
        if jobs <= 1:
            for chunk in chunks:
                yield extract_chunk(chunk, pipeline)
            return
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            submit: Callable[[Chunk], Future] = lambda chunk: pool.submit(extract_chunk, chunk, pipeline)
            wait_first = lambda pending: tuple(wait(pending, return_when=FIRST_COMPLETED))
            for future in windowed(chunks, submit, wait_first, jobs * TASKS_PER_WORKER):
                yield future.result()

    return run


# ------------------------------------------------------------------ the cache


@dataclass
class Manifest:
    """A completely extracted file: where its chunk entries are and what reading it reported."""

    path: str
    sha256: str
    chars: int
    chunks: list[str]
    problems: list[dict[str, Any]]


class Cache:
    """``DIR/.cache``: one JSONL entry per chunk, one JSON manifest per completed file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def manifest(self, key: str) -> Manifest | None:
        path = self.root / f"{key}.json"
        return Manifest(**json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None

    def write_manifest(self, key: str, manifest: Manifest) -> None:
        with atomic_write(self.root / f"{key}.json") as out:
            json.dump(asdict(manifest), out, ensure_ascii=False)

    def has_chunk(self, key: str) -> bool:
        return (self.root / f"{key}.jsonl").exists()

    def write_chunk(self, result: ChunkResult) -> None:
        with atomic_write(self.root / f"{result.key}.jsonl") as out:
            out.write(result.lines)

    def lines(self, chunks: Iterable[str], tag: str) -> Iterator[str]:
        """The JSON texts tagged ``tag`` of the chunk entries ``chunks``, in order."""
        for key in chunks:
            with open(self.root / f"{key}.jsonl", encoding="utf-8") as handle:
                yield from tagged(handle, tag)

    def records(self, chunks: Iterable[str]) -> Iterator[dict[str, Any]]:
        return map(orjson.loads, self.lines(chunks, RECORD))


def tagged(lines: Iterable[str], tag: str) -> Iterator[str]:
    """The JSON texts of the cache-entry ``lines`` tagged ``tag``."""
    prefix = f"{tag}\t"
    for line in lines:
        if line.startswith(prefix):
            yield line[len(prefix) :].rstrip("\n")


def chunk_keys(manifests: Iterable[Manifest]) -> Iterator[str]:
    """The chunk entries of ``manifests``, in file and chunk order."""
    for manifest in manifests:
        yield from manifest.chunks


@dataclass
class _OpenFile:
    """A file being extracted: its manifest so far and the chunks still running."""

    manifest: Manifest
    outstanding: set[str] = field(default_factory=set)
    read: bool = False


class _Planner:
    """Turns input files into chunks to extract, and completes each file's manifest when its chunks are done."""

    def __init__(self, cache: Cache, pipeline: str, chunk_chars: int) -> None:
        self.cache, self.pipeline, self.chunk_chars = cache, pipeline, chunk_chars
        self.manifests: dict[str, Manifest] = {}
        self.extracted: set[str] = set()
        self._keys: dict[str, tuple[str, str]] = {}
        self._open: dict[str, _OpenFile] = {}
        self._file_of_chunk: dict[str, str] = {}

    @property
    def running(self) -> int:
        """Chunks handed out and not yet done."""
        return len(self._file_of_chunk)

    def plan(self, files: list[str]) -> list[str]:
        """Find the cached files; return the others (to be read and extracted)."""
        todo = []
        for path in files:
            sha = file_sha256(Path(path))
            key = cache_key(sha, self.pipeline, self.chunk_chars)
            self._keys[path] = (key, sha)
            manifest = self.cache.manifest(key)
            if manifest is not None:
                self.manifests[path] = manifest
            else:
                todo.append(path)
        return todo

    def chunks(self, paths: list[str]) -> Iterator[Chunk]:
        """Read files one at a time; yield the chunks whose cache entry is missing."""
        for path in paths:
            key, sha = self._keys[path]
            problems = ProblemLog(stream=None)
            state = self._open[path] = _OpenFile(Manifest(path, sha, 0, [], []))
            for records in self._cut(read_records([path], problems)):
                chunk_key = f"{key}-{len(state.manifest.chunks):05d}"
                state.manifest.chunks.append(chunk_key)
                state.manifest.chars += sum(len(r.text) for r in records)
                if not self.cache.has_chunk(chunk_key):
                    state.outstanding.add(chunk_key)
                    self._file_of_chunk[chunk_key] = path
                    yield Chunk(chunk_key, path, records)
            state.manifest.problems = [asdict(p) for p in problems.problems]
            state.read = True
            self._close_if_done(path)

    def _cut(self, records: Iterable[InputRecord]) -> Iterator[list[InputRecord]]:
        """Chunks of about ``chunk_chars``, cut only where a new document starts.

        The pipeline keeps state within a document (``kg_firm_short_names``
        learns 隆基 from 隆基绿能科技股份有限公司 in an earlier record), so a
        document is never split: a chunk starts with a document that no earlier
        record of the file belongs to, and extraction equals one stream's.
        """
        batch: list[InputRecord] = []
        size, seen = 0, set()
        for record in records:
            if size >= self.chunk_chars and record.doc not in seen:
                yield batch
                batch, size = [], 0
            seen.add(record.doc)
            batch.append(record)
            size += len(record.text)
        if batch:
            yield batch

    def done(self, result: ChunkResult) -> None:
        """Store a finished chunk; write its file's manifest once the file is complete."""
        self.cache.write_chunk(result)
        path = self._file_of_chunk.pop(result.key)
        self._open[path].outstanding.discard(result.key)
        self.extracted.add(path)
        self._close_if_done(path)

    def _close_if_done(self, path: str) -> None:
        state = self._open[path]
        if state.read and not state.outstanding:
            self.cache.write_manifest(self._keys[path][0], state.manifest)
            self.manifests[path] = state.manifest
            del self._open[path]


# ------------------------------------------------------------------ resolution and assembly


class StreamingAssembler:
    """Resolution and graph assembly in two streaming passes over extraction records.

    Pass 1 (:meth:`learn`) collects firm names and counts the records of every
    document; pass 2 (:meth:`assemble`) holds one document's records at a time
    (a document whose records are interleaved with others' waits until it is
    complete) and adds documents in the order they first appear, so the graph
    equals the one of the in-memory build record for record.
    """

    def __init__(self, resolver: Resolver | None = None) -> None:
        self.resolver = resolver or Resolver()
        self.records_per_doc: Counter[str] = Counter()

    def learn(self, records: Iterable[Mapping[str, Any]]) -> None:
        for record in records:
            self.resolver.learn((record,))
            self.records_per_doc[doc_of(record)] += 1

    def assemble(self, records: Iterable[Mapping[str, Any]], documents: Mapping[str, dict[str, Any]]) -> nx.MultiDiGraph:
        assembler = GraphAssembler(self.resolver)
        assembler.documents.update(documents)
        for document in self._documents(records):
            assembler.add_document(document)
        return assembler.graph()

    def _documents(self, records: Iterable[Mapping[str, Any]]) -> Iterator[list[Mapping[str, Any]]]:
        pending: OrderedDict[str, list[Mapping[str, Any]]] = OrderedDict()
        for record in records:
            pending.setdefault(doc_of(record), []).append(record)
            while pending:
                doc, held = next(iter(pending.items()))
                if len(held) < self.records_per_doc[doc]:
                    break
                pending.popitem(last=False)
                yield held
        if pending:
            raise RuntimeError(f"records of documents {list(pending)[:3]} changed between the two assembly passes; rebuild")


def _documents_table(items: Iterable[tuple[str, str, int]]) -> dict[str, dict[str, Any]]:
    """The graph's ``documents`` attribute: file stem → path, sha256, chars."""
    return {Path(path).stem: {"path": path, "sha256": sha, "chars": chars} for path, sha, chars in items}


def assemble_results(results: list[FileResult]) -> nx.MultiDiGraph:
    """Resolve and assemble the graph of files extracted in memory (:func:`extract_file`)."""
    records = lambda: (record for result in results for record in result.records)
    assembler = StreamingAssembler()
    assembler.learn(records())
    return assembler.assemble(records(), _documents_table((r.path, r.sha256, r.chars) for r in results))


# ------------------------------------------------------------------ the build


def build(
    paths: Iterable[str | Path],
    out_dir: str | Path | None = None,
    *,
    pipeline: str = DEFAULT_PIPELINE,
    jobs: int = 1,
    executor: Executor | None = None,
    problems: ProblemLog | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> nx.MultiDiGraph:
    """Build one resolved graph from documents; write it to ``out_dir`` if given.

    ``paths`` are files or folders of ``.txt``/``.jsonl``.  With ``out_dir``,
    extractions are cached there by content hash and the outputs
    (``graph.graphml``, ``graph.gexf``, ``nodes.csv``, ``edges.csv``,
    ``extractions.jsonl``, ``rejects.jsonl``, ``report.json``) are written;
    without it the cache lives in a temporary folder for the build's length.
    ``progress(done, known)`` is called after each extracted chunk.

    >>> G = build(["seeds/corpus"])                    # doctest: +SKIP
    >>> G.nodes["PLACE:640400000000"]["name"]          # doctest: +SKIP
    '固原市'
    """
    problems = problems if problems is not None else ProblemLog()
    home = nullcontext(str(out_dir)) if out_dir is not None else tempfile.TemporaryDirectory(prefix="kg-build-")
    with home as root:
        cache = Cache(Path(root) / CACHE_DIR)
        return _build(paths, out_dir, cache, pipeline, executor or local_executor(jobs), problems, progress, chunk_chars)


def _build(
    paths: Iterable[str | Path], out_dir: str | Path | None, cache: Cache, pipeline: str, run: Executor,
    problems: ProblemLog, progress: Callable[[int, int], None] | None, chunk_chars: int,
) -> nx.MultiDiGraph:
    report = BuildReport()
    started = time.perf_counter()
    files = list(dict.fromkeys(str(p) for p in iter_input_files(paths, problems)))
    planner = _Planner(cache, pipeline, chunk_chars)
    todo = planner.plan(files)
    report.files, report.files_cached = len(files), len(files) - len(todo)
    assembler = StreamingAssembler()
    learned: Counter[str] = Counter()
    for done, result in enumerate(run(planner.chunks(todo), pipeline), 1):
        planner.done(result)
        # Pass 1 of resolution while the workers extract: the parent has the CPU to spare.
        # Split at \n only, as a file is read: str.splitlines would also cut at U+2028 inside a record's text.
        assembler.learn(map(orjson.loads, tagged(result.lines.split("\n"), RECORD)))
        learned[result.key] += 1
        if progress is not None:
            progress(done, planner.running + done)
        report.chunks_extracted = done
    report.files_extracted = len(planner.extracted)
    report.seconds["extract"] = round(time.perf_counter() - started, 3)
    manifests = [planner.manifests[p] for p in files if p in planner.manifests]
    for manifest in manifests:
        for problem in manifest.problems:
            problems.report(problem["path"], problem["line"], problem["record_id"], problem["message"])

    started = time.perf_counter()
    graph, records_per_doc = _assemble(cache, manifests, assembler, learned)
    del assembler  # its resolver's working state is not needed to write the outputs
    report.seconds["resolve"] = round(time.perf_counter() - started, 3)
    report.documents = len(records_per_doc)
    report.records = sum(records_per_doc.values())
    report.chars = sum(m.chars for m in manifests)
    report.problems = len(problems)
    _count_types(report, graph)
    if out_dir is not None:
        write_outputs(graph, cache, manifests, Path(out_dir), report)
    return graph


def _assemble(
    cache: Cache, manifests: list[Manifest], assembler: StreamingAssembler, learned: Counter[str]
) -> tuple[nx.MultiDiGraph, Counter[str]]:
    """The resolved graph of the cached extractions, and the records per document.

    ``assembler`` has already learned the chunks counted in ``learned`` (those
    extracted by this build); pass 1 reads the other chunk entries, pass 2 all.
    """
    unlearned = []
    for key in chunk_keys(manifests):
        if learned[key]:
            learned[key] -= 1
        else:
            unlearned.append(key)
    assembler.learn(cache.records(unlearned))
    documents = _documents_table((m.path, m.sha256, m.chars) for m in manifests)
    return assembler.assemble(cache.records(chunk_keys(manifests)), documents), assembler.records_per_doc


def _count_types(report: BuildReport, graph: nx.MultiDiGraph) -> None:
    nodes = Counter(data["type"] for _, data in graph.nodes(data=True))
    edges = Counter(data["type"] for _, _, data in graph.edges(data=True))
    report.nodes, report.edges = dict(sorted(nodes.items())), dict(sorted(edges.items()))


def write_outputs(graph: nx.MultiDiGraph, cache: Cache, manifests: list[Manifest], out: Path, report: BuildReport) -> None:
    """Write every output file of a build; each replaces its predecessor atomically."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    with atomic_write(out / "extractions.jsonl") as handle:
        handle.writelines(f"{line}\n" for line in cache.lines(chunk_keys(manifests), RECORD))
    with atomic_write(out / "rejects.jsonl") as handle:
        for line in cache.lines(chunk_keys(manifests), REJECT):
            handle.write(f"{line}\n")
            report.rejects += 1
    write_graph_files(graph, out)
    report.seconds["write"] = round(time.perf_counter() - started, 3)
    with atomic_write(out / "report.json") as handle:
        json.dump(asdict(report), handle, ensure_ascii=False, indent=2)


def load_graph(directory: str | Path) -> nx.MultiDiGraph:
    """The graph a build wrote into ``directory``, with its types restored."""
    return read_graph(directory)
