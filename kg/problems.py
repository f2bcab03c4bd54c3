"""Reporting bad input without stopping the batch.

kg never crashes on one bad file or record and never drops one silently: each
problem becomes one stderr line ``file:line: id: what is wrong, what to do``,
the bad part is skipped, and a summary counts what was skipped.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO


@dataclass(frozen=True, slots=True)
class Problem:
    """One skipped piece of input and what to do about it."""

    path: str
    line: int
    record_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.record_id or '-'}: {self.message}"


@dataclass
class ProblemLog:
    """Collects problems and echoes each to ``stream`` as it happens."""

    stream: TextIO | None = field(default_factory=lambda: sys.stderr)
    problems: list[Problem] = field(default_factory=list)

    def report(self, path: str, line: int, record_id: str, message: str) -> None:
        problem = Problem(str(path), line, record_id, message)
        self.problems.append(problem)
        if self.stream is not None:
            print(problem, file=self.stream, flush=True)

    def __len__(self) -> int:
        return len(self.problems)

    def summary(self, records_ok: int) -> str:
        files = len({p.path for p in self.problems})
        return (
            f"{records_ok} records processed, {len(self.problems)} problems skipped"
            + (f" in {files} file(s)" if self.problems else "")
        )
