"""``kg extract`` and ``kg evaluate``."""

from kg.cli.app import app


@app.command()
def version() -> None:
    """Print kg's version."""
    from kg import __version__

    print(__version__)
