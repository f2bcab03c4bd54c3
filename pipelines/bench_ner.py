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
model only, the trained NER merged with the rules under each policy, and the
upper bound that no merge policy can exceed (:func:`combination_bound`).
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

RULES_ONLY = "rules only"
MODEL_ONLY = "model only (pipelines/models/ner)"
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


def combination_bound(rules: Language, model: Language, gold: list[dict]) -> dict:
    """The best entity P/R/F1 any combination of ``rules`` and ``model`` could reach on ``gold``.

    A merger keeps a subset of the spans either source proposes, so it finds at
    most the gold spans found by one or the other (``tp`` below, scored on their
    union), and it proposes at least those.  Keeping exactly them gives
    precision 1 and the highest recall and F1 any merger can have: if even that
    F1 is below a target, no merge policy reaches it, only better sources.
    """
    records = {}
    for nlp in (rules, model):
        for x in Extractor(nlp).extract(as_inputs(gold)):
            union = records.setdefault(x.record["id"], {**x.record, "entities": [], "relations": []})
            union["entities"] += [e for e in x.record["entities"] if e not in union["entities"]]
    found = score(gold, list(records.values()))
    tp, gold_count = found["ents_tp"], found["ents_tp"] + found["ents_fn"]
    recall = tp / gold_count if gold_count else 0.0
    return {"ents_p": 1.0, "ents_r": recall, "ents_f": 2 * recall / (1 + recall) if recall else 0.0}


def variants() -> dict[str, Language]:
    """Every combination to compare, by the name it has in the results table."""
    found = {RULES_ONLY: load_pipeline("rules"), MODEL_ONLY: load_pipeline("ner")}
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
    pipelines = variants()
    rows = {name: [entity_scores(nlp, gold) for gold in sets.values()] for name, nlp in pipelines.items()}
    bound = [combination_bound(pipelines[RULES_ONLY], pipelines[MODEL_ONLY], gold) for gold in sets.values()]
    rows["upper bound of any combination (every correct span either finds)"] = bound
    for name, scores in rows.items():
        cells = [cell for s in scores for cell in (f"{s['ents_p']:.3f}", f"{s['ents_r']:.3f}", f"**{s['ents_f']:.3f}**")]
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
