"""Read gold word segmentation from Universal Dependencies CoNLL-U files.

Both the pkuseg trainer and the measurement read UD Chinese-GSDSimp
(``../shared/ud``, CC BY-SA 4.0), so the reading lives here once.  A sentence
is its ``# text`` line plus its word forms; :func:`word_spans` aligns the forms
to the text so that segmentations are compared as character offsets, which is
how spaCy tokens and gold words can be set side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.resources import REPO_ROOT

UD_DIR = REPO_ROOT.parent / "shared" / "ud"
UD_TRAIN = UD_DIR / "zh_gsdsimp-ud-test.conllu"
"""pkuseg learns from the UD *test* split and is measured on *dev* (both 500 sentences)."""
UD_DEV = UD_DIR / "zh_gsdsimp-ud-dev.conllu"

Span = tuple[int, int]


@dataclass(frozen=True)
class Sentence:
    """One UD sentence: its text and its gold words in order."""

    sent_id: str
    text: str
    words: tuple[str, ...]


def read_conllu(path: Path) -> list[Sentence]:
    """The sentences of a CoNLL-U file; multiword-token ranges and empty nodes are skipped.

    Raises ``ValueError`` naming the file and line when a sentence has no
    ``# text`` line or its words do not spell its text.
    """
    sentences = []
    for line_no, block in _blocks(path):
        comments = dict(_comment(line) for line in block if line.startswith("#"))
        rows = [line.split("\t") for line in block if not line.startswith("#")]
        words = tuple(row[1] for row in rows if len(row) == 10 and row[0].isdigit())
        if "text" not in comments:
            raise ValueError(f"{path}:{line_no}: sentence has no '# text = …' line; is this a CoNLL-U file?")
        sentence = Sentence(comments.get("sent_id", f"line{line_no}"), comments["text"], words)
        try:
            word_spans(sentence.words, sentence.text)
        except ValueError as error:
            raise ValueError(f"{path}:{line_no}: {error}") from None
        sentences.append(sentence)
    return sentences


def word_spans(words: Iterable[str], text: str) -> list[Span]:
    """Character spans of ``words`` in ``text``, skipping whitespace between them."""
    spans = []
    at = 0
    for word in words:
        while at < len(text) and text[at].isspace():
            at += 1
        if not text.startswith(word, at):
            raise ValueError(f"word {word!r} does not continue the text at offset {at}: {text[at:at + 20]!r}")
        spans.append((at, at + len(word)))
        at += len(word)
    if text[at:].strip():
        raise ValueError(f"text goes on after the last word: {text[at:at + 20]!r}")
    return spans


def _blocks(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Blank-line separated blocks of a CoNLL-U file with the line number each starts on."""
    block: list[str] = []
    start = 1
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if line.strip():
                if not block:
                    start = line_no
                block.append(line)
            elif block:
                yield start, block
                block = []
    if block:
        yield start, block


def _comment(line: str) -> tuple[str, str]:
    key, _, value = line.lstrip("# ").partition(" = ")
    return key.strip(), value
