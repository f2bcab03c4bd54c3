"""The root Typer application every ``kg`` command registers on.

Commands live in modules of their own beside this one (``extract.py``,
``neo4j.py`` …); each is a thin shell over a function of the Python API.
"""

import typer

app = typer.Typer(
    name="kg",
    help="Build knowledge graphs of China's East–West cooperation from Chinese text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """kg: Chinese policy text → entities, relations, graph (networkx, Neo4j, Gephi)."""
