"""Where kg's data files live and how to read them.

Lexicons (``seeds/lexicons``) and pattern files (``pipelines/rules``) are data,
edited by researchers without touching code.  They are plain UTF-8 files: one
entry a line, tab-separated columns, ``#`` starts a comment line.
"""

from __future__ import annotations

import hashlib
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

_KG_CODE_DIR = Path(__file__).resolve().parent


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


@lru_cache(maxsize=8)
def pipeline_fingerprint(name: str = DEFAULT_PIPELINE) -> str:
    """A hash of everything that decides what pipeline ``name`` extracts.

    That is its config (or trained model in ``pipelines/models/<name>``), the
    rule and trigger files, the lexicons and kg's own code.  The build cache
    keys extractions by it, so a changed rule, lexicon entry or kg release
    never reuses a stale extraction.
    """
    digest = hashlib.sha256(name.encode())
    roots = (PIPELINES_DIR / f"{name}.cfg", PIPELINES_DIR / "models" / name, RULES_DIR, PIPELINES_DIR / "relations",
             LEXICON_DIR, _KG_CODE_DIR)
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(root.parent)}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()

