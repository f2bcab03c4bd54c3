"""Compile hand-written corpus drafts into the exchange format of ANNOTATION.md.

Annotators (people or helpers) write *drafts*: one JSON object a line with the
sentence and its entities as ``[text, label]`` pairs **in order of appearance**
(a name that occurs twice as an entity is listed twice) and relations as
``[head_text, label, tail_text]``.  Writing names instead of offsets is what
keeps hand annotation fast and free of counting errors; this script finds the
offsets (each entity searched from the end of the previous one), checks every
rule it can check mechanically, and writes exchange-format JSONL.

Usage::

    python pipelines/corpus/compile.py DRAFT.jsonl... -o OUT.jsonl

Exit status 1 (with one ``file:line: id: problem`` line each) if any draft
record is invalid; valid records are still written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

LABELS = {"PLACE", "AGENCY", "ORG", "FIRM", "PARK", "PROGRAM", "POLICY", "PERSON"}
RELATION_TYPES = {
    "ASSISTS": ({"PLACE", "AGENCY"}, {"PLACE"}),
    "FUNDS": ({"PLACE", "AGENCY", "FIRM", "ORG"}, {"PLACE", "PARK", "PROGRAM"}),
    "INVESTS_IN": ({"FIRM"}, {"PLACE", "PARK"}),
    "LOCATED_IN": ({"PARK", "FIRM", "AGENCY", "ORG", "PLACE"}, {"PLACE"}),
    "CO_BUILDS": ({"PLACE", "AGENCY", "FIRM"}, {"PARK"}),
    "COOPERATES_WITH": ({"PLACE", "AGENCY", "FIRM", "ORG"}, {"PLACE", "AGENCY", "FIRM", "ORG"}),
    "IMPLEMENTS": ({"PLACE", "AGENCY", "FIRM", "ORG"}, {"PROGRAM"}),
    "ISSUES": ({"AGENCY", "PLACE"}, {"POLICY"}),
}


class DraftError(ValueError):
    """A draft record that cannot be compiled; the message says what to fix."""


def compile_record(draft: dict) -> dict:
    """Turn one draft into an exchange record, or raise DraftError."""
    text = draft.get("text")
    if not isinstance(text, str) or not text:
        raise DraftError("no text")
    entities: list[dict] = []
    cursor = 0
    for item in draft.get("entities", []):
        if not (isinstance(item, list) and len(item) == 2):
            raise DraftError(f"entity {item!r} is not [text, label]")
        name, label = item
        if label not in LABELS:
            raise DraftError(f"unknown label {label!r} for {name!r}")
        if not name or name != name.strip():
            raise DraftError(f"entity {name!r} is empty or has outer spaces")
        start = text.find(name, cursor)
        if start < 0:
            where = "anywhere" if text.find(name) < 0 else f"after offset {cursor} (list entities in order)"
            raise DraftError(f"entity {name!r} not found {where}")
        end = start + len(name)
        entities.append({"start": start, "end": end, "label": label, "text": name})
        cursor = end
    relations = []
    by_text: dict[str, list[int]] = {}
    for index, ent in enumerate(entities):
        by_text.setdefault(ent["text"], []).append(index)
    for item in draft.get("relations", []):
        if not (isinstance(item, list) and len(item) == 3):
            raise DraftError(f"relation {item!r} is not [head, label, tail]")
        head, label, tail = item
        if label not in RELATION_TYPES:
            raise DraftError(f"unknown relation label {label!r}")
        if head not in by_text or tail not in by_text:
            missing = head if head not in by_text else tail
            raise DraftError(f"relation {item!r}: {missing!r} is not an entity of the record")
        h, t = by_text[head][0], by_text[tail][0]
        heads, tails = RELATION_TYPES[label]
        if entities[h]["label"] not in heads or entities[t]["label"] not in tails:
            raise DraftError(
                f"relation {item!r}: {entities[h]['label']}→{entities[t]['label']} not allowed for {label}"
            )
        relations.append({"head": h, "tail": t, "label": label})
    record = {"id": draft.get("id"), "text": text, "entities": entities, "relations": relations}
    for key in ("pairing", "genre", "split"):
        if key in draft:
            record[key] = draft[key]
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drafts", nargs="+", type=Path)
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args(argv)
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    problems = written = 0
    with args.out.open("w", encoding="utf-8") as out:
        for path in args.drafts:
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                rid = "?"
                try:
                    draft = json.loads(line)
                    rid = draft.get("id", "?")
                    if rid in seen_ids:
                        raise DraftError("duplicate id")
                    if draft.get("text") in seen_texts:
                        raise DraftError("duplicate text")
                    record = compile_record(draft)
                except (json.JSONDecodeError, DraftError) as err:
                    print(f"{path}:{lineno}: {rid}: {err}", file=sys.stderr)
                    problems += 1
                    continue
                seen_ids.add(rid)
                seen_texts.add(record["text"])
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
    print(f"{written} records written to {args.out}, {problems} skipped", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
