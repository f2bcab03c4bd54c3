"""Start, stop and inspect the Neo4j server kg manages (``kg neo4j start|stop|status``).

The server is kg's launcher (see :mod:`kg.neo4j.install`) run in the
background as its own session: Bolt on 127.0.0.1 only, auth on, user ``neo4j``
with a password generated once and kept in the server home (mode 0600).  The
launcher gets the password through its environment, never its command line.
``start`` returns once the launcher logged that it is ready and the driver
logged in.  When ``NEO4J_URI`` is set the user runs their own server: kg
reports on it and never starts or stops it.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.neo4j.connection import Connection, managed_server, open_driver, user_server
from kg.neo4j.errors import KgNeo4jError
from kg.neo4j.home import DEFAULT_PORT, DEFAULT_USER, ServerHome
from kg.neo4j.install import LAUNCHER_CLASS, find_java, install

READY_MARK = "kg-neo4j ready"
"""The line the launcher prints once Bolt listens and the password is set."""


@dataclass(frozen=True, slots=True)
class ServerStatus:
    """What ``status`` knows: is it up, where, and where its files are."""

    running: bool
    connection: Connection
    pid: int | None
    home: ServerHome | None
    message: str

    def describe(self) -> str:
        lines = [self.message, f"uri:      {self.connection.uri}", f"user:     {self.connection.user}"]
        if self.home is not None:
            lines += [
                f"password: stored in {self.home.password_file}",
                f"data:     {self.home.path / 'data'}",
                f"log:      {self.home.log_file}",
            ]
        else:
            lines.append(f"settings: {self.connection.source}")
        return "\n".join(lines)


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could listen on ``host:port`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A loopback port nobody listens on (for tests and second servers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _launcher_pid(home: ServerHome) -> int | None:
    """The pid in the home's pid file if that process is still this home's launcher."""
    try:
        pid = int(home.pid_file.read_text(encoding="ascii").strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    return pid if LAUNCHER_CLASS.encode() in cmdline and str(home.path).encode() in cmdline else None


def _user_status(connection: Connection) -> ServerStatus:
    try:
        with open_driver(connection):
            return ServerStatus(True, connection, None, None, f"your Neo4j server is answering ({connection.source})")
    except KgNeo4jError as error:
        return ServerStatus(False, connection, None, None, str(error))


def status(home: str | Path | None = None) -> ServerStatus:
    """Whether the server is up: the user's (``NEO4J_URI``) or kg's own in ``home``."""
    own = user_server()
    if own is not None:
        return _user_status(own)
    server_home = ServerHome.resolve(home)
    connection = managed_server(server_home)
    pid = _launcher_pid(server_home)
    if pid is None:
        return ServerStatus(False, connection, None, server_home, "kg's Neo4j server is not running")
    return ServerStatus(True, connection, pid, server_home, f"kg's Neo4j server is running (pid {pid})")


def _last_log_line(home: ServerHome) -> str:
    try:
        lines = [line for line in home.log_file.read_text(encoding="utf-8", errors="replace").splitlines() if line]
    except OSError:
        return "no log"
    return lines[-1][:300] if lines else "empty log"


def _wait_until_ready(process: subprocess.Popen[bytes], home: ServerHome, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise KgNeo4jError(
                f"Neo4j exited during start (status {process.returncode}): {_last_log_line(home)}; "
                f"see {home.log_file} and {home.path / 'logs' / 'debug.log'}"
            )
        if READY_MARK in home.log_file.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.3)
    process.terminate()
    raise KgNeo4jError(
        f"Neo4j did not become ready within {timeout:.0f} s: {_last_log_line(home)}; see {home.log_file}"
    )


def start(
    home: str | Path | None = None,
    port: int | None = None,
    *,
    heap_mb: int = 2048,
    pagecache_mb: int = 512,
    timeout: float = 180.0,
    log: Callable[[str], None] = lambda _: None,
) -> ServerStatus:
    """Start kg's server (installing it on first use); a no-op when it already runs."""
    own = user_server()
    if own is not None:
        current = _user_status(own)
        if not current.running:
            raise KgNeo4jError(current.message)
        return current
    current = status(home)
    if current.running:
        return current
    server_home = ServerHome.resolve(home)
    chosen_port = port or int((server_home.read_state() or {}).get("port", DEFAULT_PORT))
    if not port_is_free(chosen_port):
        raise KgNeo4jError(
            f"port {chosen_port} on 127.0.0.1 is taken by another program: stop it, "
            "or start kg's server on another port with `kg neo4j start --port N`"
        )
    java = find_java()
    launcher = install(log=log)
    server_home.path.mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ, KG_NEO4J_PASSWORD=server_home.password())
    command = [
        java,
        f"-Xmx{heap_mb}m",
        "-XX:+UseG1GC",
        "-cp",
        launcher.classpath,
        LAUNCHER_CLASS,
        str(server_home.path),
        str(chosen_port),
        str(pagecache_mb),
    ]
    with open(server_home.log_file, "wb") as log_handle:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,
        )
    server_home.pid_file.write_text(f"{process.pid}\n", encoding="ascii")
    server_home.write_state(
        uri=f"bolt://127.0.0.1:{chosen_port}", user=DEFAULT_USER, port=chosen_port, version=launcher.version
    )
    _wait_until_ready(process, server_home, timeout)
    connection = managed_server(server_home)
    with open_driver(connection):
        pass
    return ServerStatus(
        True,
        connection,
        process.pid,
        server_home,
        f"kg's Neo4j {launcher.version} server is running (pid {process.pid})",
    )


def stop(home: str | Path | None = None, timeout: float = 60.0) -> ServerStatus:
    """Stop kg's server cleanly (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
    if user_server() is not None:
        raise KgNeo4jError(
            "NEO4J_URI is set, so kg uses your own server and does not stop it; "
            "stop it with its own tools, or unset NEO4J_URI to manage kg's server"
        )
    current = status(home)
    if not current.running or current.pid is None:
        return current
    os.kill(current.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(current.pid):
        time.sleep(0.2)
    if _alive(current.pid):
        os.kill(current.pid, signal.SIGKILL)
    assert current.home is not None
    current.home.pid_file.unlink(missing_ok=True)
    return ServerStatus(False, current.connection, None, current.home, "kg's Neo4j server stopped")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as error:
        return error.errno == errno.EPERM
    # A child of this process that exited stays a zombie until reaped.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False
