"""``kg bench``: a thin shell over :func:`kg.bench.run`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.extract import PipelineOption
from kg.resources import DEFAULT_PIPELINE


@app.command()
def bench(
    mb: Annotated[float, typer.Option("--mb", min=0.01, help="Size of the generated corpus in MiB.")] = 10.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
    pipeline: PipelineOption = DEFAULT_PIPELINE,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Extraction processes of the build.")] = os.cpu_count() or 1,
    seed: Annotated[int, typer.Option("--seed", help="Corpus generator seed.")] = 0,
    sample_mb: Annotated[float, typer.Option("--sample-mb", min=0.01, help="MiB of the corpus the throughputs are measured on.")] = 2.0,
    neo4j: Annotated[
        bool, typer.Option("--neo4j", help="Also time a load into the Neo4j server kg talks to (writes the synthetic graph into it).")
    ] = False,
    keep: Annotated[Path | None, typer.Option("--keep", help="Keep the corpus and the build in this folder.")] = None,
) -> None:
    """Throughput against a pure Aho–Corasick scan of the same text, build time, write times, peak memory.

    Everything is measured in one run on a seeded synthetic corpus, so the
    ratio rules_vs_baseline compares kg with the fastest possible lexicon
    scan on the same machine under the same load.
    """
    from kg.bench import run

    figures = run(mb, pipeline=pipeline, seed=seed, jobs=jobs, sample_mb=sample_mb, neo4j=neo4j, workdir=keep,
                  progress=lambda message: print(f"bench: {message}", file=sys.stderr))
    if as_json:
        print(json.dumps(figures, ensure_ascii=False))
        return
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:,}" if isinstance(value, int | float) and not isinstance(value, bool) else f"{key:<{width}}  {value}")
