"""``kg neo4j start|stop|status|install|cookbook``, ``kg load`` and ``kg query``.

Thin shells over :mod:`kg.neo4j`: parse arguments, show progress, format
output.  Every :class:`~kg.neo4j.errors.KgNeo4jError` becomes one line on
stderr and exit status 1.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.cli.app import app
from kg.neo4j.errors import KgNeo4jError

neo4j_app = typer.Typer(
    name="neo4j",
    help="Run kg's own Neo4j 5.26 Community server (NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD select yours instead).",
    no_args_is_help=True,
)
app.add_typer(neo4j_app, name="neo4j")

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home", help="Folder of kg's server (data, logs, password); default $KG_NEO4J_HOME or the user data dir."
    ),
]
UriOption = Annotated[
    str | None, typer.Option("--uri", help="Bolt URI of a server (default: NEO4J_URI, else kg's own).")
]
UserOption = Annotated[str | None, typer.Option("--user", help="User name (default: NEO4J_USER, else neo4j).")]
DatabaseOption = Annotated[
    str | None, typer.Option("--database", help="Database name (default: the server's default).")
]


@contextmanager
def _reported() -> Iterator[None]:
    """Turn a kg Neo4j error into one stderr line and exit status 1."""
    try:
        yield
    except KgNeo4jError as error:
        print(f"kg: {error}", file=sys.stderr)
        raise typer.Exit(1) from None


@neo4j_app.command()
def start(
    home: HomeOption = None,
    port: Annotated[
        int | None, typer.Option("--port", help="Bolt port on 127.0.0.1 (default 7687, or the last one used).")
    ] = None,
    heap_mb: Annotated[int, typer.Option("--heap-mb", help="Java heap of the server, MiB.")] = 2048,
    pagecache_mb: Annotated[int, typer.Option("--pagecache-mb", help="Neo4j page cache, MiB.")] = 512,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for Bolt to answer.")] = 180.0,
) -> None:
    """Start kg's Neo4j server (building it with Maven on first use) and print how to connect."""
    from kg.neo4j import server

    with _reported():
        status = server.start(
            home,
            port,
            heap_mb=heap_mb,
            pagecache_mb=pagecache_mb,
            timeout=timeout,
            log=lambda line: print(line, file=sys.stderr),
        )
    print(status.describe())


@neo4j_app.command()
def stop(home: HomeOption = None) -> None:
    """Stop kg's Neo4j server."""
    from kg.neo4j import server

    with _reported():
        print(server.stop(home).message)


@neo4j_app.command()
def status(home: HomeOption = None) -> None:
    """Say whether the server answers and how to connect; exit status 1 when it is down."""
    from kg.neo4j import server

    with _reported():
        current = server.status(home)
    print(current.describe())
    if not current.running:
        raise typer.Exit(1)


@neo4j_app.command()
def install() -> None:
    """Build and cache the Neo4j server now (what `start` does on first use); prints the time taken."""
    from kg.neo4j.install import install as run_install

    with _reported():
        installation = run_install(log=lambda line: print(line, file=sys.stderr))
    how = f"built in {installation.built_seconds:.1f} s" if installation.built_seconds is not None else "already built"
    print(f"Neo4j {installation.version} launcher in {installation.path} ({how})")


@neo4j_app.command()
def cookbook(
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the recipes as a README section.")] = False,
) -> None:
    """List the Cypher recipes `kg query --recipe NAME` runs."""
    from kg.neo4j.cookbook import COOKBOOK
    from kg.neo4j.cookbook import markdown as as_markdown

    if markdown:
        print(as_markdown())
        return
    for name, recipe in COOKBOOK.items():
        print(f"{name}\n    {recipe.description}")


@app.command()
def load(
    directory: Annotated[Path, typer.Argument(help="A build folder (the --out of `kg build`).")],
    uri: UriOption = None,
    user: UserOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 10_000,
    as_json: Annotated[bool, typer.Option("--json", help="Print the load report as JSON.")] = False,
) -> None:
    """Load a built graph into Neo4j; loading again changes nothing, a bigger build adds only what is new.

    The password comes from NEO4J_PASSWORD or kg's own server, never the command line.
    """
    from kg.cli.progress import file_progress
    from kg.neo4j.load import load as run_load

    with _reported(), file_progress("loading into Neo4j") as advance:
        report = run_load(
            directory,
            uri,
            user,
            home=home,
            database=database,
            batch_size=batch_size,
            progress=lambda _stage, done, total: advance(done, total),
        )
    if as_json:
        print(report.model_dump_json(indent=2))
        return
    print(
        f"loaded {report.nodes} entities, {report.relationships} relations, {report.documents} documents, "
        f"{report.mentions} mentions into {report.uri} in {report.seconds:.1f} s"
    )
    print("created: " + ", ".join(f"{name} {count}" for name, count in sorted(report.created.items())))
    for kind in ("nodes", "relationships"):
        print(
            f"{kind} in Neo4j: " + ", ".join(f"{name} {count}" for name, count in report.database_counts[kind].items())
        )
    print(
        "Neo4j holds exactly this graph"
        if report.matches_database
        else "Neo4j holds more than this graph (other loads); counts above are the whole database"
    )


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _parameter(text: str) -> tuple[str, Any]:
    """``k=v`` with v read as JSON when it is JSON (2023, true, [1,2]) and as text otherwise."""
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise typer.BadParameter(f"{text!r} is not NAME=VALUE", param_hint="--param")
    try:
        return name, json.loads(raw)
    except ValueError:
        return name, raw


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _render(rows: list[dict[str, Any]], fmt: Format) -> str:
    if fmt is Format.json:
        return json.dumps(rows, ensure_ascii=False, indent=2)
    columns = list(rows[0]) if rows else []
    if fmt is Format.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row.get(column)) for column in columns] for row in rows)
        return buffer.getvalue().rstrip("\n")
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    console = Console(file=io.StringIO(), width=200)
    console.print(table)
    console.print(f"{len(rows)} row(s)")
    return console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined]


@app.command()
def query(
    cypher: Annotated[str | None, typer.Argument(help="A Cypher query (omit with --recipe).")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Query parameter NAME=VALUE (repeatable).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    recipe: Annotated[
        str | None, typer.Option("--recipe", "-r", help="Run a cookbook recipe (see `kg neo4j cookbook`).")
    ] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow the query to change the database.")] = False,
    uri: UriOption = None,
    user: UserOption = None,
    home: HomeOption = None,
    database: DatabaseOption = None,
) -> None:
    """Run Cypher against the graph and print the rows (read-only unless --write)."""
    from kg.neo4j.cookbook import COOKBOOK
    from kg.neo4j.query import query as run_query

    if recipe is not None:
        if recipe not in COOKBOOK:
            print(f"kg: no recipe {recipe!r}; choose one of {', '.join(COOKBOOK)}", file=sys.stderr)
            raise typer.Exit(1)
        cypher = COOKBOOK[recipe].cypher
    if not cypher:
        print("kg: give a Cypher query or --recipe NAME", file=sys.stderr)
        raise typer.Exit(1)
    params = dict(_parameter(text) for text in param or [])
    with _reported():
        rows = run_query(cypher, params, uri=uri, user=user, home=home, database=database, write=write)
    print(_render(rows, fmt))
