"""Cut a document into sentence-sized records with offsets into the document.

Chinese policy text ends sentences with 。！？ (and their ASCII forms); blank
lines separate headings, dates and paragraphs.  A single line break is *not*
a boundary: PDF and scraped text break lines inside sentences and names
(ANNOTATION.md rule 7), so those stay inside the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A sentence ends after final punctuation (plus closing quotes/brackets) or at
# a blank line.  Everything between two ends is one sentence.
_END = re.compile(r"[。！？!?…]+[”’」』）)\]]*|\n[ \t\u3000]*\n\s*")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A slice ``text[start:end]`` of a document, stripped of outer whitespace."""

    start: int
    end: int
    text: str


def split_sentences(text: str) -> Iterator[Sentence]:
    """Yield the non-empty sentences of ``text`` in order.

    >>> [s.text for s in split_sentences("标题\\n\\n第一句。第二句！\\n半句\\n续完。")]
    ['标题', '第一句。', '第二句！', '半句\\n续完。']
    """
    cursor = 0
    for match in _END.finditer(text):
        cut = match.end() if not match.group().startswith("\n") else match.start()
        yield from _stripped(text, cursor, cut)
        cursor = match.end()
    yield from _stripped(text, cursor, len(text))


def _stripped(text: str, start: int, end: int) -> Iterator[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield Sentence(start, end, text[start:end])
