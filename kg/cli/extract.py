"""``kg extract`` and ``kg evaluate``: thin shells over :mod:`kg.extract` and :mod:`kg.evaluation`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.progress import record_progress
from kg.problems import ProblemLog
from kg.resources import DEFAULT_PIPELINE

PipelineOption = Annotated[
    str, typer.Option("--pipeline", "-p", help="Pipeline name: a config in pipelines/ (default, rules …).")
]


@app.command()
def extract(
    inputs: Annotated[list[Path], typer.Argument(help="JSONL records (id, text) or .txt files, or folders of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output JSONL in the exchange format.")],
    pipeline: PipelineOption = DEFAULT_PIPELINE,
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="Write relation candidates that failed validation here, with the reason.")
    ] = None,
) -> None:
    """Find entities and relations in each record; write exchange-format JSONL.

    .txt files are cut into sentence records with ids <file stem>-s<index>;
    offsets always refer to the record's text exactly as given.  Bad input is
    reported on stderr as file:line: id: problem, skipped, and the exit
    status is 1.
    """
    from kg.extract import extract_files

    problems = ProblemLog()
    with record_progress("extracting") as advance:
        written = extract_files(
            [str(p) for p in inputs], str(out), pipeline, problems,
            rejects_path=str(rejects) if rejects else None, progress=advance,
        )
    print(problems.summary(written), file=sys.stderr)
    if problems:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold exchange-format JSONL.")],
    pred: Annotated[Path | None, typer.Option("--pred", help="Score this prediction file instead of running a pipeline.")] = None,
    pipeline: PipelineOption = DEFAULT_PIPELINE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Per-label precision, recall and F1 of entities and relations, as ANNOTATION.md scores them."""
    from kg.evaluation import evaluate as run_evaluation
    from kg.scoring import format_table

    scores = run_evaluation(gold, pred, pipeline)
    print(json.dumps(scores, ensure_ascii=False) if as_json else format_table(scores))
