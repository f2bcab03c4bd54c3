"""A spaCy tokenizer that normalises first and segments into characters.

kg's components see the *normalised* text (simplified, NFKC, glosses and
PDF spaces removed: :mod:`kg.normalize`), while every span kg reports must be
an offset into the text exactly as given.  Normalising inside the tokenizer
keeps that one concern in one place: ``nlp(original)`` works end to end, and
the offset map travels with the Doc (``doc.user_data["kg.norm"]``) so that
:func:`original_span` can map any span back.

Tokens are single characters.  Measured against pkuseg (trained on UD GSD)
and jieba in ``pipelines/segmenter/RESULTS.md``, character tokens are the
only segmentation that never cuts an entity boundary, and the fastest.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from kg.normalize import NormalizedText, is_han, normalize

NORM_KEY = "kg.norm"


class NormalizingCharTokenizer:
    """Normalise the text, then make one token per character."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        norm = normalize(text)
        chars = list(norm.text)
        doc = Doc(self.vocab, words=chars, spaces=[False] * len(chars))
        doc.user_data[NORM_KEY] = norm
        return doc

    # spaCy serialises the tokenizer with the pipeline; this one has no state.
    def to_bytes(self, **_kwargs) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kwargs) -> "NormalizingCharTokenizer":
        return self

    def to_disk(self, _path, **_kwargs) -> None:
        return None

    def from_disk(self, _path, **_kwargs) -> "NormalizingCharTokenizer":
        return self


@registry.tokenizers("kg.NormalizingCharTokenizer.v1")
def create_tokenizer():
    """Registered so that a pipeline's ``config.cfg`` can name it."""

    def make(nlp) -> NormalizingCharTokenizer:
        return NormalizingCharTokenizer(nlp.vocab)

    return make


def normalized_text(doc: Doc) -> NormalizedText:
    """The offset map of a Doc made by :class:`NormalizingCharTokenizer`.

    A Doc made some other way (e.g. ``Doc(vocab, words=…)`` in training) is
    its own original: the identity map is returned.
    """
    norm = doc.user_data.get(NORM_KEY)
    if norm is None:
        norm = normalize(doc.text)
        if norm.text != doc.text:
            raise ValueError("Doc was not made by kg's tokenizer and its text is not normalised")
    return norm


def original_span(doc: Doc, start_char: int, end_char: int) -> tuple[int, int]:
    """Offsets into the original text of a span of the Doc's (normalised) text."""
    return normalized_text(doc).to_original(start_char, end_char)


def line_breaks(doc: Doc) -> list[int]:
    """Positions of the Doc's text where normalisation removed a line break or a layout gap.

    Name rules treat these as soft boundaries: a line of a scraped page is a
    phrase of its own, though a PDF also breaks lines inside names.  A gap
    of ideographic or repeated spaces (``编辑：李晓梅\u3000审核：杨光``) lays
    out a page's fields the way a line break does, and so does a lone space
    between two Han characters of unspaced text (``临夏回族自治州人民政府 厦门市人民政府``).
    Spaces between the characters of a letter-spaced run are PDF spacing
    (``杨 立 新``) and no boundary.
    """
    norm = doc.user_data.get(NORM_KEY)
    if norm is None or not (_is_layout_gap(norm.original) or " " in norm.original):
        return []  # most records have none: skip numpy's fixed cost
    starts, ends = np.asarray(norm.starts), np.asarray(norm.ends)
    gaps = np.nonzero(starts[1:] > ends[:-1])[0] + 1
    removed = {int(i): norm.original[ends[i - 1] : starts[i]] for i in gaps}
    return [i for i, gap in removed.items() if _is_layout_gap(gap) or _is_lone_space(norm.text, removed, i)]


def _is_layout_gap(removed: str) -> bool:
    return "\n" in removed or "\u3000" in removed or "  " in removed


def _is_lone_space(text: str, removed: dict[int, str], at: int) -> bool:
    """A single space between two Han characters, with no spaced neighbour (not PDF letter-spacing)."""
    return (
        removed[at] == " "
        and removed.get(at - 1) != " "
        and removed.get(at + 1) != " "
        and is_han(text[at - 1])
        and is_han(text[at])
    )


def doc_text(doc: Doc) -> str:
    """The Doc's text without re-joining its tokens (``doc.text`` is O(n) per call)."""
    norm = doc.user_data.get(NORM_KEY)
    return norm.text if norm is not None else doc.text
