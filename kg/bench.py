"""``kg bench``: how fast kg is, measured against the fastest possible scan on the same machine in the same run.

One run generates a seeded corpus (:mod:`kg.corpus_gen`) and measures, over
the same text:

* ``baseline_chars_per_s`` — a pure Aho–Corasick scan (pyahocorasick) for
  every name of ``seeds/lexicons/*.tsv``: no normalisation, no spaCy, no
  rules.  No extractor that looks names up can be faster, so the ratio to it
  says how much of the machine kg uses, whatever the machine;
* ``chars_per_s`` of the chosen pipeline's extraction and ``rules_chars_per_s``
  of the rules pipeline (the same figure when the rules pipeline is chosen);
* ``rules_stage_*_cpu_s``: where the rules pipeline's CPU time goes (making
  Docs, each component, the validated output), from :func:`stage_seconds`;
* the whole build (``kg build --jobs``) of the corpus, the GraphML and GEXF
  write times, the peak resident memory of this process and of the workers;
* with ``neo4j=True``, the load rate into the Neo4j server kg talks to.

Throughputs are over the first ``sample_mb`` MiB of the corpus (extraction
costs the same per character on any slice; the build covers all of it).
Each throughput is given per wall second and per CPU second: on a shared
machine the CPU figure is the stable one.
"""

from __future__ import annotations

import json
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.builder import build
from kg.corpus_gen import MB, generate_corpus
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.problems import ProblemLog
from kg.records import InputRecord, read_records
from kg.resources import DEFAULT_PIPELINE, LEXICON_DIR, read_rows

RULES = "rules"
MIN_NAME_CHARS = 2
"""One-character lexicon entries (沪, 滇) are pair abbreviations, never names on their own."""


@dataclass
class Timing:
    """Wall and CPU seconds of one measured block (CPU of this process only)."""

    wall: float = 0.0
    cpu: float = 0.0


@contextmanager
def timed() -> Iterator[Timing]:
    timing = Timing()
    wall, cpu = time.perf_counter(), time.process_time()
    yield timing
    timing.wall, timing.cpu = time.perf_counter() - wall, time.process_time() - cpu


def lexicon_names(directory: Path = LEXICON_DIR) -> set[str]:
    """Every name of every lexicon: first columns, and the ``|``-joined aliases of ``firms.tsv``."""
    names: set[str] = set()
    for path in sorted(directory.glob("*.tsv")):
        for row in read_rows(path):
            names.add(row[0])
            if path.name == "firms.tsv" and len(row) > 1:
                names.update(row[1].split("|"))
    return {name for name in names if len(name) >= MIN_NAME_CHARS}


def baseline_scan(texts: list[str], names: set[str]) -> tuple[int, Timing]:
    """Count lexicon matches in ``texts`` with one automaton; the automaton's build is not timed."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, len(name))
    automaton.make_automaton()
    matches = 0
    with timed() as timing:
        for text in texts:
            for _ in automaton.iter(text):
                matches += 1
    return matches, timing


def extraction_scan(records: list[InputRecord], pipeline: str) -> tuple[float, Timing]:
    """Extract ``records`` with ``pipeline`` after loading it (load seconds returned apart)."""
    from kg.extract import Extractor

    with timed() as load:
        extractor = Extractor(pipeline)
        for _ in extractor.extract(records[:20]):
            pass
    with timed() as timing:
        for _ in extractor.extract(records):
            pass
    return load.wall, timing


def stage_seconds(records: list[InputRecord], pipeline: str) -> dict[str, float]:
    """CPU seconds of each stage of extracting ``records``: making Docs, each component, the output.

    The stages run one after another over all records (as ``nlp.pipe`` does
    per batch), so the figures add up to about one :func:`extraction_scan`
    and say where its time goes; ``output`` is mapping offsets back to the
    original text and validating mentions and relations (:meth:`Extractor.to_extraction`).
    """
    from kg.extract import Extractor

    extractor = Extractor(pipeline)
    for _ in extractor.extract(records[:20]):
        pass
    seconds: dict[str, float] = {}
    with timed() as made:
        docs = [doc for doc, _ in extractor.docs(records)]
    seconds["make_doc"] = made.cpu
    for name, component in extractor.nlp.pipeline:
        with timed() as stage:
            docs = list(component.pipe(docs, batch_size=extractor.batch_size))
        seconds[name] = stage.cpu
    with timed() as output:
        for doc, record in zip(docs, records):
            extractor.to_extraction(doc, record)
    seconds["output"] = output.cpu
    return seconds


def sample(paths: list[Path], mb: float) -> list[InputRecord]:
    """The records of the first files of ``paths`` that hold ``mb`` MiB."""
    chosen, size = [], 0
    for path in paths:
        if size >= mb * MB:
            break
        chosen.append(path)
        size += path.stat().st_size
    return list(read_records(chosen, ProblemLog(stream=None)))


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory in MiB of this process and of its largest finished child (Linux: KiB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(own / 1024, 1), round(children / 1024, 1)


def neo4j_load_rate(graph) -> dict[str, Any]:
    """Load ``graph`` into the Neo4j server kg talks to and time it; say why not when that is impossible."""
    try:
        from kg.neo4j.errors import KgNeo4jError
        from kg.neo4j.load import load
    except ImportError as err:
        return {"neo4j_skipped": f"kg.neo4j cannot be imported ({err})"}
    try:
        report = load(graph)
    except KgNeo4jError as err:
        return {"neo4j_skipped": str(err)}
    return {
        "neo4j_load_s": round(report.seconds, 3),
        "neo4j_rels_per_s": round(report.relationships_per_second, 1),
        "neo4j_nodes": report.nodes,
        "neo4j_relationships": report.relationships,
    }


def _rate(chars: int, seconds: float) -> float:
    return round(chars / seconds, 1) if seconds > 0 else 0.0


def run(
    mb: float = 1.0,
    *,
    pipeline: str = DEFAULT_PIPELINE,
    seed: int = 0,
    jobs: int = 1,
    sample_mb: float = 2.0,
    neo4j: bool = False,
    workdir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Measure everything on a fresh ``mb`` MiB corpus; return the figures as a flat dict.

    ``workdir`` keeps the corpus and the build (a temporary folder otherwise).
    ``neo4j=True`` loads the synthetic graph into the Neo4j server kg talks
    to: use a scratch server, the load writes into its database.
    """
    say = progress or (lambda _message: None)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        root = Path(workdir) if workdir is not None else Path(scratch)
        out: dict[str, Any] = {"mb": mb, "seed": seed, "pipeline": pipeline, "jobs": jobs}

        say(f"generating {mb} MiB")
        with timed() as gen:
            paths = generate_corpus(root / "corpus", mb, seed)
        out.update(files=len(paths), bytes=sum(p.stat().st_size for p in paths), generate_s=round(gen.wall, 3))

        records = sample(paths, min(sample_mb, mb))
        texts = [r.text for r in records]
        chars = sum(map(len, texts))
        out["sample_chars"] = chars
        say(f"baseline scan of {chars:,} characters")
        names = lexicon_names()
        matches, base = baseline_scan(texts, names)
        out.update(lexicon_names=len(names), baseline_matches=matches,
                   baseline_chars_per_s=_rate(chars, base.wall), baseline_chars_per_cpu_s=_rate(chars, base.cpu))

        for name in dict.fromkeys((pipeline, RULES)):
            say(f"extracting with the {name} pipeline")
            load_s, ext = extraction_scan(records, name)
            prefix = "" if name == pipeline else "rules_"
            out.update({f"{prefix}pipeline_load_s": round(load_s, 3), f"{prefix}chars_per_s": _rate(chars, ext.wall),
                        f"{prefix}chars_per_cpu_s": _rate(chars, ext.cpu)})
        if pipeline == RULES:
            out.update(rules_chars_per_s=out["chars_per_s"], rules_chars_per_cpu_s=out["chars_per_cpu_s"])
        out["rules_vs_baseline"] = round(out["rules_chars_per_cpu_s"] / out["baseline_chars_per_cpu_s"], 4)
        say("timing the rules pipeline's stages")
        out.update({f"rules_stage_{stage}_cpu_s": round(cpu, 3) for stage, cpu in stage_seconds(records, RULES).items()})

        say(f"building {len(paths)} files with {jobs} job(s)")
        with timed() as built:
            graph = build([root / "corpus"], root / "build", pipeline=pipeline, jobs=jobs, problems=ProblemLog(stream=None))
        total_chars = sum(graph.graph["documents"][d]["chars"] for d in graph.graph["documents"])
        stages = json.loads((root / "build" / "report.json").read_text(encoding="utf-8"))["seconds"]
        out.update(chars=total_chars, build_s=round(built.wall, 3), build_chars_per_s=_rate(total_chars, built.wall),
                   **{f"build_{stage}_s": seconds for stage, seconds in stages.items()},
                   nodes=graph.number_of_nodes(), edges=graph.number_of_edges())

        with timed() as graphml:
            write_graphml(graph, root / "bench.graphml")
        with timed() as gexf:
            write_gexf(graph, root / "bench.gexf")
        out.update(graphml_write_s=round(graphml.wall, 3), gexf_write_s=round(gexf.wall, 3))
        if neo4j:
            say("loading into Neo4j")
            out.update(neo4j_load_rate(graph))
        else:
            out["neo4j_skipped"] = "not requested (kg bench --neo4j loads into the server kg talks to)"
        out["peak_rss_mb"], out["peak_worker_rss_mb"] = peak_rss_mb()
        return out
