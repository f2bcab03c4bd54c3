"""``kg build`` and ``kg explain``: thin shells over :func:`kg.builder.build` and the built graph."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.extract import PipelineOption
from kg.problems import ProblemLog
from kg.resources import DEFAULT_PIPELINE


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders of .txt / .jsonl documents.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (GraphML, GEXF, CSV, JSONL, report).")],
    pipeline: PipelineOption = DEFAULT_PIPELINE,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Extraction processes.")] = 1,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Address of a Dask scheduler to extract on (tcp://host:port).")
    ] = None,
) -> None:
    """Build one resolved graph with provenance from documents.

    Extractions are cached in OUT/.cache by content hash: a rebuild after
    adding a file extracts only that file, and an interrupted build resumes.
    A change to the pipeline's rules, lexicons or kg's code extracts again.
    """
    from kg.builder import build as run_build
    from kg.cli.progress import file_progress

    problems = ProblemLog()
    executor = None
    if scheduler:
        from kg.distributed import dask_executor

        executor = dask_executor(scheduler)
    with file_progress("extracting files") as advance:
        graph = run_build(inputs, out, pipeline=pipeline, jobs=jobs, executor=executor, problems=problems, progress=advance)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    print(
        f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges from {report['documents']} documents "
        f"({report['files_extracted']} files extracted, {report['files_cached']} from cache) → {out}",
        file=sys.stderr,
    )
    if problems:
        print(f"{len(problems)} problems skipped (listed above)", file=sys.stderr)
        raise typer.Exit(1)


@app.command()
def explain(
    directory: Annotated[Path, typer.Argument(help="A build folder.")],
    node: Annotated[str, typer.Argument(help="A node id (PLACE:532300000000) or any of its names or aliases.")],
) -> None:
    """Show how a node was resolved: its names, the rules that merged them, its documents and edges."""
    from kg.builder import load_graph

    graph = load_graph(directory)
    matches = [n for n, d in graph.nodes(data=True) if n == node or node == d["name"] or node in d["aliases"].split("|")]
    if not matches:
        print(f"{directory}: no node called {node!r}; try a name from nodes.csv", file=sys.stderr)
        raise typer.Exit(1)
    for node_id in matches:
        data = graph.nodes[node_id]
        print(f"{node_id}  {data['type']}  {data['name']}")
        print(f"  aliases:   {data['aliases']}")
        print(f"  merged by: {data['merged_by']}")
        if data["adcode"]:
            print(f"  adcode:    {data['adcode']} ({data['level']}), province {data['province']}")
        print(f"  mentions:  {data['mentions']} in {data['docs']}")
        for _, other, key in graph.out_edges(node_id, keys=True):
            print(f"  → {key} {graph.nodes[other]['name']}")
        for other, _, key in graph.in_edges(node_id, keys=True):
            print(f"  ← {key} {graph.nodes[other]['name']}")
