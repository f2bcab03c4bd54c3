"""Read input files into text records, reporting and skipping bad input.

Two kinds of input reach kg:

* ``.jsonl`` — one JSON object a line with ``text`` (and usually ``id``), the
  exchange format of ANNOTATION.md.  Extra keys ride along untouched.
* ``.txt`` — a whole document, cut into sentence records whose ids are stable
  (``<file stem>-s<index>``) and whose ``start``/``end`` are offsets into the
  file's text.

Every record keeps where it came from (``source``, ``line``) so that a later
problem can still be reported as ``file:line: id: …``.
"""

from __future__ import annotations

import json
import sys
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.problems import ProblemLog
from kg.sentences import split_sentences

MAX_RECORD_CHARS = 1_000_000
"""Longer records are skipped: nothing in policy text is a million characters
in one sentence, and processing one would stall a worker for minutes."""

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")


def doc_of(record: Mapping[str, Any]) -> str:
    """The document an exchange record belongs to (its own id when it names none).

    Interned: a graph keeps a document's id in the ``docs`` of every node and
    edge it mentions, and one shared string per document is what keeps a
    large build's memory down.
    """
    return sys.intern(str(record.get("doc") or record["id"]))


@dataclass(slots=True)
class InputRecord:
    """One unit of text to extract from, with its provenance."""

    id: str
    text: str
    source: str
    line: int
    doc: str
    start: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def iter_input_files(paths: Iterable[str | Path], problems: ProblemLog) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into the readable files they hold."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES)
            if not found:
                problems.report(str(path), 0, "", "folder holds no .txt or .jsonl files; point kg at the files")
            yield from found
        elif path.is_file():
            yield path
        else:
            problems.report(str(path), 0, "", "no such file or folder; check the path")


def read_records(
    paths: Iterable[str | Path], problems: ProblemLog, max_chars: int = MAX_RECORD_CHARS
) -> Iterator[InputRecord]:
    """Yield every good record of ``paths``; report each bad one to ``problems``."""
    for path in iter_input_files(paths, problems):
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, problems, max_chars)
        else:
            yield from _read_text(path, problems, max_chars)


def _undecodable(data: bytes) -> str:
    """Explain why bytes are not UTF-8 text, with the fix."""
    if b"\x00" in data[:8192]:
        return "binary data, not text; give kg UTF-8 .txt or .jsonl files"
    for codec, name in (("gb18030", "GBK/GB18030"), ("big5", "Big5")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return f"not UTF-8 (looks like {name}); convert it, e.g. iconv -f {codec.upper()} -t UTF-8"
    return "not UTF-8 text; convert it to UTF-8"


def _too_long(length: int, max_chars: int) -> str:
    return f"record is {length:,} characters, over the limit of {max_chars:,}; split the text into smaller records"


def _file_bytes(path: Path, problems: ProblemLog) -> bytes | None:
    """The file's bytes, or None (reported) when it is empty or binary."""
    data = path.read_bytes()
    if not data.strip():
        problems.report(str(path), 0, "", "empty file; nothing to read")
        return None
    if b"\x00" in data[:8192]:
        problems.report(str(path), 0, "", _undecodable(data))
        return None
    return data


def _read_jsonl(path: Path, problems: ProblemLog, max_chars: int) -> Iterator[InputRecord]:
    name = str(path)
    data = _file_bytes(path, problems)
    if data is None:
        return
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.report(name, lineno, "", _undecodable(raw))
            continue
        if len(line) > max_chars:
            problems.report(name, lineno, "", _too_long(len(line), max_chars))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            problems.report(name, lineno, "", f"malformed JSON ({err.msg} at column {err.colno}); fix or remove the line")
            continue
        if not isinstance(obj, dict):
            problems.report(name, lineno, "", "line is not a JSON object; write one {\"id\": …, \"text\": …} a line")
            continue
        rid = str(obj.get("id") or f"{path.stem}-l{lineno}")
        text = obj.get("text")
        if not isinstance(text, str):
            what = "has no \"text\"" if text is None else "\"text\" is not a string"
            problems.report(name, lineno, rid, f"record {what}; add the text to extract from")
            continue
        extra = {k: v for k, v in obj.items() if k not in ("id", "text")}
        yield InputRecord(rid, text, name, lineno, doc=str(obj.get("doc") or rid), extra=extra)


def _read_text(path: Path, problems: ProblemLog, max_chars: int) -> Iterator[InputRecord]:
    name = str(path)
    data = _file_bytes(path, problems)
    if data is None:
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.report(name, 0, "", _undecodable(data))
        return
    yield from text_records(text, doc=path.stem, source=name, problems=problems, max_chars=max_chars)


def text_records(
    text: str, doc: str, source: str, problems: ProblemLog, max_chars: int = MAX_RECORD_CHARS
) -> Iterator[InputRecord]:
    """Cut one document's text into sentence records ``<doc>-s<index>``."""
    line_starts = _line_starts(text)
    for index, sentence in enumerate(split_sentences(text)):
        rid = f"{doc}-s{index:03d}"
        lineno = _line_of(line_starts, sentence.start)
        if len(sentence.text) > max_chars:
            problems.report(source, lineno, rid, _too_long(len(sentence.text), max_chars))
            continue
        yield InputRecord(
            rid, sentence.text, source, lineno, doc=doc, start=sentence.start,
            extra={"start": sentence.start, "end": sentence.end},
        )


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _line_of(line_starts: list[int], offset: int) -> int:
    return bisect_right(line_starts, offset)
