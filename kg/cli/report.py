"""``kg report``: a thin shell over :func:`kg.report.write_report`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app


@app.command()
def report(
    directory: Annotated[Path, typer.Argument(help="A build folder (kg build … --out DIR).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for the PNGs and summaries (default DIR/report).")] = None,
) -> None:
    """Plot the graph (degree distribution, top entities per type, province pairing heat map,
    relations per year) and write a summary as report.md and a self-contained report.html."""
    from kg.report import write_report

    try:
        written = write_report(directory, out)
    except FileNotFoundError as error:
        print(f"kg report: {error}", file=sys.stderr)
        raise typer.Exit(1) from None
    if not written.cjk_font:
        print("kg report: no CJK font found, so Chinese labels show as boxes; "
              "install one with `bash scripts/install_fonts.sh` (Debian: apt-get install fonts-noto-cjk)", file=sys.stderr)
    for path in [*written.figures.values(), written.markdown, written.html]:
        print(path)
