"""The one exception kg's Neo4j layer raises.

Every failure a user can fix (server down, wrong password, Java or Maven
missing, port taken, bad label) becomes a :class:`KgNeo4jError` whose message is
one line: what went wrong, where, and what to do.  The CLI prints exactly that
line to stderr and exits with status 1, so nobody has to read a traceback.
"""

from __future__ import annotations


class KgNeo4jError(RuntimeError):
    """A Neo4j problem the user can fix; ``str(error)`` says how."""
