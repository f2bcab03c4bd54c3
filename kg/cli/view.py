"""``kg view``: a thin shell over :func:`kg.view.write_view`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app


@app.command()
def view(
    directory: Annotated[Path, typer.Argument(help="A build folder (kg build … --out DIR).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="HTML file to write (default DIR/graph.html).")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Page title (default: the folder's name).")] = None,
) -> None:
    """Write one self-contained HTML page to explore the graph offline.

    Search a name or alias, filter by node type, relation and year, click a
    node for its attributes and relations, click an edge for its evidence
    sentences.  Everything is inlined: the file opens from disk with no network.
    """
    from kg.view import write_view

    try:
        path = write_view(directory, out, title)
    except FileNotFoundError as error:
        print(f"kg view: {error}", file=sys.stderr)
        raise typer.Exit(1) from None
    print(f"{path} ({path.stat().st_size // 1024} kB)", file=sys.stderr)
