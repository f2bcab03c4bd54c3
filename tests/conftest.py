"""Shared test fixtures: paths to the project's and the workspace's data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEV_GOLD = SHARED / "gold" / "dev.jsonl"


@pytest.fixture(scope="session")
def dev_gold() -> Path:
    """The development gold of ../shared (present in CI beside the clone)."""
    if not DEV_GOLD.exists():
        pytest.skip("../shared/gold/dev.jsonl is not beside this checkout")
    return DEV_GOLD
