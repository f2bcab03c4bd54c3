"""``kg train``: a thin shell over :func:`kg.train.train` and :func:`kg.train.assemble`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app


@app.command()
def train(
    corpus: Annotated[Path, typer.Option("--corpus", help="Training records, exchange-format JSONL.")] = Path(
        "pipelines/corpus/train.jsonl"
    ),
    config: Annotated[Path, typer.Option("--config", help="The spaCy training config (the recipe).")] = Path("pipelines/ner.cfg"),
    name: Annotated[str, typer.Option("--name", help="Write the model to pipelines/models/NAME/.")] = "ner",
    output: Annotated[Path | None, typer.Option("--output", help="Write the model here instead.")] = None,
    max_epochs: Annotated[int | None, typer.Option("--max-epochs", help="Override [training] max_epochs.")] = None,
    assemble: Annotated[
        list[str], typer.Option("--assemble", help="Then build pipelines/NAME.cfg (which sources the model) into pipelines/models/NAME/.")
    ] = ["default"],
) -> None:
    """Train kg's NER from its own corpus (deterministic, CPU), then assemble the pipelines that use it.

    Run from the repository root: `kg train` rebuilds pipelines/models/ner and
    pipelines/models/default.  `--assemble ''` skips assembling.
    """
    from kg.train import MODELS_DIR, assemble as assemble_pipeline, train as run_training

    def log(line: str) -> None:
        print(line, file=sys.stderr)

    overrides = {"training.max_epochs": max_epochs} if max_epochs is not None else {}
    out = run_training(output or MODELS_DIR / name, corpus, config, overrides, log=log)
    for pipeline in filter(None, assemble):
        log(f"train: assembled pipelines/{pipeline}.cfg into {assemble_pipeline(pipeline)}")
    print(out)
