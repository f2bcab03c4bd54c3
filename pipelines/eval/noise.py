"""What each kind of input noise costs: a gold set scored clean and under seeded noise.

    .venv/bin/python pipelines/eval/noise.py pipelines/eval/unseen.jsonl [--pipeline rules] [--seed 1]

Every variant rewrites each record's text and moves its gold spans with it, so
all rows score the same annotations (``kg.scoring.score``):

* ``traditional`` — OpenCC ``s2t`` (a record whose length would change is kept as is);
* ``pdf`` — a line break every N characters (N from 12 to 35 per record), as a
  PDF's text layer wraps lines, where both neighbours are Han characters;
* ``spaced`` — a run of 3 to 8 letter-spaced characters (``楚 雄 州``);
* ``gloss`` — a pinyin gloss after 3 % of Han characters (``協(xié)``); a gloss
  right after a name's last character belongs to the name, as kg reads it;
* ``html`` — ``&nbsp;`` after 2 % of Han characters, as scraped pages leave it.

The noise is synthetic: it says how robust the rules are to each kind, not how
often a real corpus has it.  Relations are scored by their names' text, so a
relation whose name holds noise in one mention and not in another can count as
missed although it was found (``云南(xié)`` against ``云南``): read the entity
column first.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from typing import Any

import opencc

from kg.evaluation import load_jsonl
from kg.extract import Extractor
from kg.normalize import is_han
from kg.records import InputRecord
from kg.scoring import score

Record = dict[str, Any]

GLOSSES = ("(xié)", "(zuò)", "(qū)", "（shì）", "(bāng fú)")


def _pdf(rng: random.Random, text: str) -> Callable[[int], str]:
    width = rng.randrange(12, 36)
    offset = rng.randrange(width)
    return lambda i: "\n" if (i + offset) % width == width - 1 else ""


def _spaced(rng: random.Random, text: str) -> Callable[[int], str]:
    first = rng.randrange(len(text))
    last = first + rng.randrange(3, 9)
    return lambda i: " " if first <= i < last else ""


def _gloss(rng: random.Random, text: str) -> Callable[[int], str]:
    return lambda i: rng.choice(GLOSSES) if rng.random() < 0.03 else ""


def _html(rng: random.Random, text: str) -> Callable[[int], str]:
    return lambda i: "&nbsp;" if rng.random() < 0.02 else ""


INSERTERS: dict[str, Callable[[random.Random, str], Callable[[int], str]]] = {
    "pdf": _pdf, "spaced": _spaced, "gloss": _gloss, "html": _html,
}
"""Noise written between two Han characters; ``traditional`` is a conversion instead."""


def with_insertions(record: Record, after: Callable[[int], str], keeps_trailing: bool) -> Record:
    """``record`` with ``after(i)`` written after each character ``i`` followed by a Han character, spans moved."""
    text = record["text"]
    pieces, starts = [], []
    length = 0
    for i, char in enumerate(text):
        starts.append(length)
        piece = char
        if is_han(char) and i + 1 < len(text) and is_han(text[i + 1]):
            piece += after(i)
        pieces.append(piece)
        length += len(piece)
    starts.append(length)
    noisy = "".join(pieces)

    def move(span: Record) -> Record:
        start, end = starts[span["start"]], starts[span["end"] - 1] + 1
        if keeps_trailing and span["end"] < len(text):
            end = starts[span["end"]]  # 新區(qū): the gloss stays with the name
        return {**span, "start": start, "end": end, **({"text": noisy[start:end]} if "text" in span else {})}

    return {**record, "text": noisy, "entities": [move(e) for e in record["entities"]],
            "ignore": [move(s) for s in record.get("ignore", [])]}


def traditional(record: Record, converter: opencc.OpenCC) -> Record:
    """``record`` in traditional characters, when the conversion keeps every offset."""
    text = converter.convert(record["text"])
    if len(text) != len(record["text"]):
        return record
    return {**record, "text": text, "entities": [{**e, "text": text[e["start"] : e["end"]]} for e in record["entities"]]}


def variants(gold: list[Record], seed: int) -> dict[str, list[Record]]:
    """The clean gold set and each noisy variant of it, by name."""
    converter = opencc.OpenCC("s2t")
    out = {"clean": gold, "traditional": [traditional(r, converter) for r in gold]}
    for name, make in INSERTERS.items():
        rng = random.Random(f"{seed}:{name}")
        out[name] = [with_insertions(r, make(rng, r["text"]), keeps_trailing=name == "gloss") for r in gold]
    return out


def scores(extractor: Extractor, records: list[Record]) -> dict[str, Any]:
    inputs = [InputRecord(r["id"], r["text"], "-", n, doc=r.get("doc", r["id"])) for n, r in enumerate(records, 1)]
    return score(records, [x.record for x in extractor.extract(inputs)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("--pipeline", default="rules")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    extractor = Extractor(args.pipeline)
    rows = {name: scores(extractor, records) for name, records in variants(load_jsonl(args.gold), args.seed).items()}
    clean = rows["clean"]
    print(f"{args.gold} ({args.pipeline} pipeline, seed {args.seed})\n")
    print("| input | entities F1 | Δ | relations F1 | Δ |\n|---|---:|---:|---:|---:|")
    for name, s in rows.items():
        print(f"| {name} | {s['ents_f']:.3f} | {s['ents_f'] - clean['ents_f']:+.3f} | {s['rels_f']:.3f} | {s['rels_f'] - clean['rels_f']:+.3f} |")


if __name__ == "__main__":
    main()
