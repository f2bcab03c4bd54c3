"""Command-line interface: ``kg COMMAND …``.

Importing a command module registers its commands on :data:`app`; add a new
module to the import list below.
"""

from kg.cli.app import app

from kg.cli import build, extract  # noqa: F401  (registers commands)

__all__ = ["app"]
