"""Which Neo4j server kg talks to, and driver errors turned into one clear line.

Choice, first match wins: explicit arguments; ``NEO4J_URI`` / ``NEO4J_USER`` /
``NEO4J_PASSWORD`` (the user's own server); the server ``kg neo4j start``
recorded in its home.  Every driver failure the user can fix is re-raised as a
:class:`KgNeo4jError` that names the server, where its settings came from and
what to do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import neo4j
from neo4j import exceptions as neo4j_errors

from kg.neo4j.errors import KgNeo4jError
from kg.neo4j.home import DEFAULT_PORT, DEFAULT_USER, ServerHome


@dataclass(frozen=True, slots=True)
class Connection:
    """Where a server is and how to log in; ``source`` says where that came from."""

    uri: str
    user: str
    password: str | None
    source: str

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None


def user_server() -> Connection | None:
    """The user's own server from ``NEO4J_URI`` etc., or None when it is unset."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return Connection(
        uri=uri,
        user=os.environ.get("NEO4J_USER", DEFAULT_USER),
        password=os.environ.get("NEO4J_PASSWORD"),
        source="NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD",
    )


def managed_server(home: ServerHome) -> Connection:
    """The kg-managed server of ``home`` (its recorded port, its stored password)."""
    state = home.read_state() or {}
    port = int(state.get("port", DEFAULT_PORT))
    password = home.password_file.read_text(encoding="ascii").strip() if home.password_file.exists() else None
    return Connection(
        uri=f"bolt://127.0.0.1:{port}",
        user=state.get("user", DEFAULT_USER),
        password=password,
        source=f"kg's server in {home.path}",
    )


def resolve(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    home: str | Path | None = None,
) -> Connection:
    """The server to use: arguments, else the environment, else kg's own."""
    if uri:
        return Connection(uri, user or DEFAULT_USER, password, "arguments")
    chosen = user_server() or managed_server(ServerHome.resolve(home))
    if user or password:
        return Connection(chosen.uri, user or chosen.user, password or chosen.password, chosen.source)
    return chosen


def explain(error: Exception, connection: Connection) -> KgNeo4jError:
    """The one-line, actionable form of a driver error."""
    where = f"Neo4j at {connection.uri} ({connection.source})"
    if isinstance(error, neo4j_errors.AuthError):
        return KgNeo4jError(
            f"{where} rejected user {connection.user!r}: wrong password; "
            "set NEO4J_PASSWORD to the right one, or unset NEO4J_URI to use kg's own server"
        )
    if isinstance(error, neo4j_errors.ServiceUnavailable | OSError):
        return KgNeo4jError(
            f"{where} is not answering: start it with `kg neo4j start`, or point NEO4J_URI at a running server"
        )
    if isinstance(error, neo4j_errors.ConfigurationError):
        return KgNeo4jError(
            f"{where}: cannot use this address ({str(error).splitlines()[0]}); use bolt://HOST:PORT or neo4j://HOST:PORT"
        )
    if isinstance(error, neo4j_errors.Neo4jError):
        hint = ""
        if error.code and "AccessMode" in error.code:
            hint = "; the query writes: pass --write (or write=True) to allow that"
        return KgNeo4jError(f"{where} refused the query: {error.code}: {error.message}{hint}")
    return KgNeo4jError(f"{where}: {type(error).__name__}: {error}")


@contextmanager
def driver_errors(connection: Connection) -> Iterator[None]:
    """Re-raise driver failures inside the block as :class:`KgNeo4jError`."""
    try:
        yield
    except KgNeo4jError:
        raise
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as error:
        raise explain(error, connection) from error


@contextmanager
def open_driver(connection: Connection) -> Iterator[neo4j.Driver]:
    """A driver whose server answered and accepted the login; closed on exit."""
    if not connection.uri.startswith(("bolt://", "neo4j://", "bolt+s://", "neo4j+s://", "bolt+ssc://", "neo4j+ssc://")):
        raise KgNeo4jError(
            f"Neo4j address {connection.uri!r} ({connection.source}) is not a Bolt URI; "
            "use bolt://HOST:PORT or neo4j://HOST:PORT"
        )
    with driver_errors(connection):
        driver = neo4j.GraphDatabase.driver(connection.uri, auth=connection.auth)
    try:
        with driver_errors(connection):
            driver.verify_connectivity()
            driver.verify_authentication()
        with driver_errors(connection):
            yield driver
    finally:
        driver.close()
