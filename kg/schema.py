"""The schema as data: JSON Schema files generated from :mod:`kg.models`.

``python -m kg.schema`` (re)writes ``schemas/*.schema.json``; a test fails
when a file and the code drift apart, so the published schema is always the
one the code validates against.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from kg.models import Document, Entity, ExtractionRecord, Relation
from kg.resources import REPO_ROOT

SCHEMA_DIR = REPO_ROOT / "schemas"
MODELS: dict[str, type[BaseModel]] = {
    "extraction_record": ExtractionRecord,
    "relation": Relation,
    "entity": Entity,
    "document": Document,
}


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema of ``model`` as the text kept in ``schemas/``."""
    return json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def schema_path(name: str, directory: Path = SCHEMA_DIR) -> Path:
    return directory / f"{name}.schema.json"


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in MODELS.items():
        path = schema_path(name, directory)
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_schemas():
        print(path.relative_to(REPO_ROOT), file=sys.stderr)
