"""Command-line interface: ``kg COMMAND …``.

Importing a command module registers its commands on :data:`app`; add a new
module to the import list below.
"""

from kg.cli.app import app

from kg.cli import build, extract  # noqa: F401  (registers commands)
from kg.cli import bench  # noqa: F401  (registers kg bench)
from kg.cli import neo4j  # noqa: F401  (registers kg neo4j, kg load, kg query)
from kg.cli import report  # noqa: F401  (registers kg report)
from kg.cli import train  # noqa: F401  (registers kg train)
from kg.cli import view  # noqa: F401  (registers kg view)

__all__ = ["app"]
