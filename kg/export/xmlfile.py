"""Stream an XML document (GraphML, GEXF) to a UTF-8 file, indented, atomically.

A graph of hundreds of thousands of edges as an ElementTree is millions of
Python objects, and ``tostring`` then holds the whole file once more as one
string: at 200 MiB of input that was the build's peak memory.  Writing
element by element keeps memory flat and is faster; the output is the same
indented XML ``ElementTree.indent`` gives (two spaces a level).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kg.fileio import atomic_write

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
INDENT = "  "

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
"""A carriage return as a reference: XML parsers read a raw one in text as a line feed."""
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"}
)


def _attributes(attrs: Mapping[str, object]) -> str:
    return "".join(f' {name}="{str(value).translate(_ATTRIBUTE_ESCAPES)}"' for name, value in attrs.items())


class XmlStream:
    """Writes elements as they come: open a parent with :meth:`element`, add leaves with :meth:`leaf`."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._depth = 0

    @contextmanager
    def element(self, tag: str, attrs: Mapping[str, object] | None = None) -> Iterator[XmlStream]:
        """``<tag …>``, then whatever the block writes one level deeper, then ``</tag>``."""
        pad = INDENT * self._depth
        self._handle.write(f"{pad}<{tag}{_attributes(attrs or {})}>\n")
        self._depth += 1
        try:
            yield self
        finally:
            self._depth -= 1
        self._handle.write(f"{pad}</{tag}>\n")

    def leaf(self, tag: str, attrs: Mapping[str, object] | None = None, text: str | None = None) -> None:
        """One element without children: ``<tag …>text</tag>``, or ``<tag … />`` without text (as ElementTree writes it)."""
        pad, attributes = INDENT * self._depth, _attributes(attrs or {})
        if not text:
            self._handle.write(f"{pad}<{tag}{attributes} />\n")
        else:
            self._handle.write(f"{pad}<{tag}{attributes}>{text.translate(_TEXT_ESCAPES)}</{tag}>\n")


@contextmanager
def xml_file(path: str | Path) -> Iterator[XmlStream]:
    """An :class:`XmlStream` into ``path`` via a temporary file, so an interrupted write keeps the old file."""
    with atomic_write(path) as handle:
        handle.write(XML_DECLARATION)
        yield XmlStream(handle)
