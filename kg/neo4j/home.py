"""Where kg keeps the Neo4j server it manages, and what it remembers about it.

A *server home* is one directory per server: Neo4j's own ``data/`` and
``logs/``, plus kg's files beside them — the pid file, the launcher's log, the
generated password (mode 0600) and ``server.json`` (URI, user, port).  The
default home is under the user's data directory; ``KG_NEO4J_HOME`` or an
explicit path (tests use a temporary one) selects another.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

DEFAULT_PORT = 7687
DEFAULT_USER = "neo4j"
HOME_VARIABLE = "KG_NEO4J_HOME"


def data_root() -> Path:
    """kg's per-user data directory (``~/.local/share/kg`` on Linux)."""
    return platformdirs.user_data_path("kg")


@dataclass(frozen=True, slots=True)
class ServerHome:
    """The files of one kg-managed Neo4j server."""

    path: Path

    @classmethod
    def resolve(cls, path: str | Path | None = None) -> ServerHome:
        """``path``, else ``$KG_NEO4J_HOME``, else the per-user default."""
        chosen = path or os.environ.get(HOME_VARIABLE) or data_root() / "neo4j" / "server"
        return cls(Path(chosen).expanduser().resolve())

    @property
    def pid_file(self) -> Path:
        return self.path / "kg-neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.path / "kg-neo4j.log"

    @property
    def state_file(self) -> Path:
        return self.path / "server.json"

    @property
    def password_file(self) -> Path:
        return self.path / "password"

    def password(self) -> str:
        """The server's password, generated (and stored 0600) on first use."""
        if not self.password_file.exists():
            self.path.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(24) + "\n")
        return self.password_file.read_text(encoding="ascii").strip()

    def read_state(self) -> dict[str, Any] | None:
        """What the last ``start`` recorded (``uri``, ``user``, ``port``), or None."""
        try:
            return json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write_state(self, **state: Any) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        self.state_file.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
