"""``kg train``: train kg's statistical NER from the project's own corpus.

The recipe is a spaCy config (``pipelines/ner.cfg``); the corpus is
exchange-format JSONL (``pipelines/corpus/train.jsonl``) whose offsets refer
to the *original* text.  :func:`to_docbin` passes each text through kg's own
tokenizer (``nlp.make_doc``: normalise, one token per character) and maps
the gold spans onto the normalised text, so the model is trained on exactly
the tokens it will see in use.  Training is spaCy's own loop with a fixed
seed; the best model on a deterministic 10 % dev slice is written to
``pipelines/models/<name>/``.

A pipeline that *combines* the trained NER with the rules
(``pipelines/default.cfg``) names it with ``source = "pipelines/models/ner"``;
:func:`assemble` builds such a pipeline and saves it whole to
``pipelines/models/<name>/``, where :func:`kg.nlp.pipeline.load_pipeline`
finds it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from spacy.util import load_config, registry

import kg.nlp.components  # noqa: F401  (registers the factories)
import kg.nlp.features  # noqa: F401  (registers the NER's embedding layer)
import kg.nlp.tokenizer  # noqa: F401  (registers the tokenizer)
from kg.resources import PIPELINES_DIR, REPO_ROOT

__all__ = ["CorpusAlignmentError", "assemble", "to_docbin", "train"]

MODELS_DIR = PIPELINES_DIR / "models"
DEFAULT_CONFIG = PIPELINES_DIR / "ner.cfg"
DEFAULT_CORPUS = PIPELINES_DIR / "corpus" / "train.jsonl"
ORIGINAL_KEY = "kg.original"
"""``user_data`` key under which a DocBin doc keeps its original (un-normalised) text."""
DEV_EVERY = 10
"""Every 10th training record is held back to choose the best epoch."""


class CorpusAlignmentError(ValueError):
    """A gold span that does not fall on kg's character tokens after normalisation."""


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """Exchange-format records of a JSONL file."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def reference_doc(nlp: Language, record: Mapping[str, Any]) -> Doc:
    """The gold Doc of ``record``: kg's tokens, gold entities on the normalised text."""
    text = record["text"]
    doc = nlp.make_doc(text)
    norm = doc.user_data.pop(kg.nlp.tokenizer.NORM_KEY)
    spans = []
    for ent in record.get("entities", []):
        start, end = norm.to_normalized(ent["start"], ent["end"])
        span = doc.char_span(start, end, label=ent["label"])
        if span is None or start == end:
            raise CorpusAlignmentError(
                f"record {record.get('id')!r}: entity {ent['text']!r} [{ent['start']}:{ent['end']}] "
                f"does not map onto kg's tokens; check its offsets against the text"
            )
        spans.append(span)
    doc.ents = spans
    doc.user_data[ORIGINAL_KEY] = text
    return doc


def to_docbin(nlp: Language, records: Iterable[Mapping[str, Any]]) -> DocBin:
    """A DocBin of reference Docs, each remembering its original text."""
    docbin = DocBin(store_user_data=True)
    for record in records:
        docbin.add(reference_doc(nlp, record))
    return docbin


@registry.readers("kg.DocBinCorpus.v1")
def create_docbin_corpus(path: Path, annotate_with: list[str]) -> Callable[[Language], Iterator[Example]]:
    """Examples from a DocBin written by :func:`to_docbin`.

    The predicted side is made from the *original* text by the pipeline's
    own tokenizer, so components that read the offset map (line breaks,
    glosses) see in training what they see in use; then the fixed rule
    components named in ``annotate_with`` run on it, because the NER's
    features are their candidates (:mod:`kg.nlp.features`).  Annotating here
    rather than through spaCy's ``annotating_components`` means the docs
    that initialise the model already carry the candidates too.
    """

    def read(nlp: Language) -> Iterator[Example]:
        annotators = [nlp.get_pipe(name) for name in annotate_with]
        for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
            predicted = nlp.make_doc(reference.user_data[ORIGINAL_KEY])
            for annotate in annotators:
                predicted = annotate(predicted)
            yield Example(predicted, reference)

    return read


def train(
    output: str | Path = MODELS_DIR / "ner",
    corpus: str | Path = DEFAULT_CORPUS,
    config_path: str | Path = DEFAULT_CONFIG,
    overrides: Mapping[str, Any] | None = None,
    log: Callable[[str], None] = print,
) -> Path:
    """Train the pipeline of ``config_path`` on ``corpus``; write the best model to ``output``.

    ``overrides`` are spaCy config overrides (``{"training.max_epochs": 2}``).
    Returns ``output``.  The previous model at ``output`` is replaced only
    once training has finished.
    """
    records = read_records(corpus)
    if len(records) < 2:
        raise ValueError(f"{corpus}: {len(records)} records; training needs at least 2")
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="kg-train-") as tmp:
        work = Path(tmp)
        blank = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.NormalizingCharTokenizer.v1"}}})
        dev = [r for i, r in enumerate(records) if i % DEV_EVERY == DEV_EVERY - 1] or records[:1]
        train_part = [r for i, r in enumerate(records) if i % DEV_EVERY != DEV_EVERY - 1]
        to_docbin(blank, train_part).to_disk(work / "train.spacy")
        to_docbin(blank, dev).to_disk(work / "dev.spacy")
        log(f"train: {len(train_part)} training and {len(dev)} dev records from {corpus}")
        config = load_config(config_path, overrides={
            "paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"), **(overrides or {}),
        }, interpolate=False)
        nlp = init_nlp(config)
        (work / "out").mkdir()
        spacy_train(nlp, work / "out", stdout=_LogWriter(log))
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(work / "out" / "model-best", output)
    log(f"train: model written to {output}")
    return output


def assemble(name: str, output: str | Path | None = None) -> Path:
    """Build ``pipelines/<name>.cfg`` (sourcing trained components) and save it whole.

    ``source`` paths in a pipeline config are relative to the repository
    root, so a config loads the same from any working directory.
    """
    config = load_config(PIPELINES_DIR / f"{name}.cfg")
    for component, settings in config["components"].items():
        source = settings.get("source")
        if source and not Path(source).is_absolute():
            resolved = REPO_ROOT / source
            if not (resolved / "config.cfg").exists():
                raise FileNotFoundError(f"pipelines/{name}.cfg: component {component!r} sources {source}, "
                                        f"which has no trained model; run `kg train` first")
            settings["source"] = str(resolved)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    sourced = [c for c, settings in config["components"].items() if settings.get("source")]
    with nlp.select_pipes(disable=sourced):
        nlp.initialize()  # the rule components; sourced ones keep their trained weights
    output = Path(output) if output is not None else MODELS_DIR / name
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    return output


class _LogWriter:
    """A file-like object that hands spaCy's training log to ``log`` line by line."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.log = log

    def write(self, text: str) -> None:
        if text.strip():
            self.log(text.rstrip("\n"))

    def flush(self) -> None:
        return None
