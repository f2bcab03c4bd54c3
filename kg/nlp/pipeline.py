"""Load a named kg pipeline: ``pipelines/<name>.cfg`` plus its data.

A pipeline is one spaCy config file; a trained one also has its weights in
``pipelines/models/<name>/`` (written by ``kg train``).  Loading is cached per
process because building the lexicon automata is the slow part.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import kg.nlp.components  # noqa: F401  (registers the factories)
import kg.nlp.features  # noqa: F401  (registers the trained NER's embedding layer)
import kg.nlp.tokenizer  # noqa: F401  (registers the tokenizer)
from kg.resources import DEFAULT_PIPELINE, PIPELINES_DIR

__all__ = ["DEFAULT_PIPELINE", "load_pipeline", "available_pipelines"]
MODELS_DIR = PIPELINES_DIR / "models"


class UnknownPipeline(ValueError):
    """No config file for the requested pipeline name."""


def available_pipelines() -> list[str]:
    return sorted(p.stem for p in PIPELINES_DIR.glob("*.cfg"))


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_PIPELINE) -> Language:
    """The initialised spaCy pipeline called ``name``."""
    model_dir = MODELS_DIR / name
    if (model_dir / "config.cfg").exists():
        return spacy.load(model_dir)
    config_path = PIPELINES_DIR / f"{name}.cfg"
    if not config_path.exists():
        choices = ", ".join(available_pipelines()) or "none"
        raise UnknownPipeline(f"no pipeline {name!r} (pipelines/{name}.cfg); choose one of: {choices}")
    config = spacy.util.load_config(config_path)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp
