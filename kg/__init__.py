"""kg: knowledge graphs of China's East–West cooperation from Chinese text.

The Python API mirrors the CLI (``kg build`` is :func:`kg.build`, ``kg
extract`` is :func:`kg.extract_files` …).  Names are imported lazily so that
``import kg`` stays fast and loads spaCy only when extraction is used.

>>> import kg
>>> G = kg.build(["seeds/corpus"], "out/sample")     # doctest: +SKIP
>>> kg.analysis.centrality(G, "pagerank")           # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "build": ("kg.builder", "build"),
    "load_graph": ("kg.builder", "load_graph"),
    "extract_files": ("kg.extract", "extract_files"),
    "Extractor": ("kg.extract", "Extractor"),
    "evaluate": ("kg.evaluation", "evaluate"),
    "view": ("kg.view", "write_view"),
    "report": ("kg.report", "write_report"),
    "analysis": ("kg.analysis", None),
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    module_name, attr = _API[name]
    module = importlib.import_module(module_name)
    return module if attr is None else getattr(module, attr)
