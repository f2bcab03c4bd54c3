"""Benchmark kg's NER pipelines: throughput, and accuracy of each way to combine rules and model.

    .venv/bin/python pipelines/bench_ner.py                 # chars/s of the default pipeline
    .venv/bin/python pipelines/bench_ner.py --pipeline rules
    .venv/bin/python pipelines/bench_ner.py --compare       # the table of pipelines/NER_RESULTS.md

Throughput is end to end (``kg.extract.Extractor``: normalise, recognise,
merge, relations, offsets back to the original), one process, over the
corpus texts repeated to at least ``--chars`` characters, after a warm-up.

``--compare`` scores entity P/R/F1 on the held-out corpus (pairings the model
never saw), the unseen set (``pipelines/eval/unseen.jsonl``, written after rules
and model) and the dev gold (``../shared/gold/dev.jsonl``) for: rules only,
model only, and the trained NER merged with the rules under each policy.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy
from spacy.language import Language

from kg.extract import Extractor
from kg.nlp.pipeline import MODELS_DIR, load_pipeline
from kg.records import InputRecord
from kg.resources import REPO_ROOT
from kg.scoring import score

CORPUS = REPO_ROOT / "pipelines" / "corpus"
DEV_GOLD = REPO_ROOT.parent / "shared" / "gold" / "dev.jsonl"
HELDOUT = CORPUS / "heldout.jsonl"
UNSEEN = REPO_ROOT / "pipelines" / "eval" / "unseen.jsonl"

MERGES = {
    "model first (priority)": (["ents", "kg_names", "kg_places"], "priority"),
    "rules first (priority)": (["kg_names", "kg_places", "ents"], "priority"),
    "longest span (model wins ties)": (["ents", "kg_names", "kg_places"], "longest"),
    "longest span (rules win ties)": (["kg_names", "kg_places", "ents"], "longest"),
}


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def as_inputs(records: list[dict]) -> list[InputRecord]:
    return [InputRecord(r["id"], r["text"], "-", i + 1, doc=r["id"]) for i, r in enumerate(records)]


def throughput(nlp: Language, texts: list[str], min_chars: int) -> float:
    """Characters per second of end-to-end extraction over ``texts`` (repeated)."""
    extractor = Extractor(nlp)
    list(extractor.extract(as_inputs([{"id": "warm", "text": t} for t in texts[:50]])))
    batch: list[str] = []
    while sum(map(len, batch)) < min_chars:
        batch += texts
    inputs = as_inputs([{"id": f"r{i}", "text": t} for i, t in enumerate(batch)])
    start = time.perf_counter()
    for _ in extractor.extract(inputs):
        pass
    return sum(map(len, batch)) / (time.perf_counter() - start)


def entity_scores(nlp: Language, gold: list[dict]) -> dict:
    pred = [x.record for x in Extractor(nlp).extract(as_inputs(gold))]
    return score(gold, pred)


def variants() -> dict[str, Language]:
    """Every combination to compare, by the name it has in the results table."""
    found = {"rules only": load_pipeline("rules"), "model only (pipelines/models/ner)": load_pipeline("ner")}
    for name, (sources, policy) in MERGES.items():
        config = {"components": {"kg_entity_merger": {"sources": sources, "policy": policy}}}
        found[name] = spacy.load(MODELS_DIR / "default", config=config)
    return found


def compare() -> str:
    """A markdown table of entity P/R/F1 per variant on dev gold and held-out corpus."""
    sets = {"heldout": read_jsonl(HELDOUT), "unseen": read_jsonl(UNSEEN)}
    if DEV_GOLD.exists():
        sets["dev gold"] = read_jsonl(DEV_GOLD)
    header = "| pipeline | " + " | ".join(f"{name} P | R | F1" for name in sets) + " |"
    lines = [header, "|---|" + "---:|" * (3 * len(sets))]
    for name, nlp in variants().items():
        cells = []
        for gold in sets.values():
            s = entity_scores(nlp, gold)
            cells += [f"{s['ents_p']:.3f}", f"{s['ents_r']:.3f}", f"**{s['ents_f']:.3f}**"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", default="default", help="Pipeline to time (default: default).")
    parser.add_argument("--chars", type=int, default=300_000, help="Characters to extract in the timed run.")
    parser.add_argument("--compare", action="store_true", help="Print the accuracy table instead.")
    args = parser.parse_args()
    if args.compare:
        print(compare())
        return
    texts = [r["text"] for r in read_jsonl(CORPUS / "train.jsonl") + read_jsonl(HELDOUT)]
    rate = throughput(load_pipeline(args.pipeline), texts, args.chars)
    print(f"{args.pipeline}: {rate:,.0f} chars/s (one process, end-to-end extraction)")


if __name__ == "__main__":
    main()
