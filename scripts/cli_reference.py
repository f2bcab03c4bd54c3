"""Regenerate the README's CLI reference from the CLI itself.

The block between ``<!-- cli-reference:start -->`` and ``<!-- cli-reference:end -->``
in README.md is replaced by the ``--help`` of every ``kg`` command, so the
documentation cannot drift from the code (``tests/test_readme.py`` checks).

Usage: python scripts/cli_reference.py [--check]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import typer.core
import typer.main

from kg.cli import app

typer.core.HAS_RICH = False  # plain-text help, as a terminal without rich shows it

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def _help(command, path: list[str]) -> str:
    ctx = command.context_class(command, info_name=" ".join(path), terminal_width=100, max_content_width=100)
    return command.get_help(ctx)


def reference() -> str:
    root = typer.main.get_command(app)
    parts = []
    stack = [(["kg"], root)]
    while stack:
        path, command = stack.pop(0)
        if len(path) > 1:
            parts.append(f"### `{' '.join(path)}`\n\n```text\n{_help(command, path).strip()}\n```\n")
        if hasattr(command, "list_commands"):
            ctx = command.context_class(command)
            for name in command.list_commands(ctx):
                stack.append((path + [name], command.get_command(ctx, name)))
    return "\n".join(parts)


def render(readme: str) -> str:
    block = f"{START}\n{reference()}\n{END}"
    return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, readme, flags=re.S)


def main() -> int:
    current = README.read_text(encoding="utf-8")
    updated = render(current)
    if "--check" in sys.argv:
        if updated != current:
            print("README.md: CLI reference is out of date; run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
