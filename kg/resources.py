"""Where kg's data files live and how to read them.

Lexicons (``seeds/lexicons``) and pattern files (``pipelines/rules``) are data,
edited by researchers without touching code.  They are plain UTF-8 files: one
entry a line, tab-separated columns, ``#`` starts a comment line.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The checkout kg runs from (kg is installed editable: ``pip install -e .``)."""

LEXICON_DIR = Path(os.environ.get("KG_LEXICON_DIR", REPO_ROOT / "seeds" / "lexicons"))
RULES_DIR = REPO_ROOT / "pipelines" / "rules"
PIPELINES_DIR = REPO_ROOT / "pipelines"

DEFAULT_PIPELINE = "rules"
"""The pipeline kg uses unless told otherwise (``--pipeline``)."""


@lru_cache(maxsize=None)
def read_rows(path: Path) -> tuple[tuple[str, ...], ...]:
    """The non-comment, non-blank lines of a TSV file, split on tabs."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def read_words(path: Path) -> frozenset[str]:
    """The first column of a TSV or word-list file, as a set."""
    return frozenset(row[0] for row in read_rows(path) if row[0])
