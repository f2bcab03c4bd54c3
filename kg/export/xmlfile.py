"""Write an XML tree (GraphML, GEXF) as an indented UTF-8 file, atomically."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, indent, tostring

from kg.fileio import atomic_write

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def write_xml(root: Element, path: str | Path) -> Path:
    """Write ``root`` to ``path`` via a temporary file, so an interrupted write keeps the old file."""
    indent(root)
    with atomic_write(path) as handle:
        handle.write(XML_DECLARATION)
        handle.write(tostring(root, encoding="unicode"))
        handle.write("\n")
    return Path(path)
