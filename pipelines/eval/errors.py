"""Print the entity and relation errors of a pipeline on a gold file, record by record.

Usage: python pipelines/eval/errors.py GOLD.jsonl [--pipeline NAME] [--labels A,B] [--relations]
"""

from __future__ import annotations

import argparse

from kg.evaluation import load_jsonl
from kg.extract import Extractor
from kg.problems import ProblemLog
from kg.records import read_records
from kg.scoring import relation_keys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold")
    parser.add_argument("--pipeline", default="rules")
    parser.add_argument("--labels", default="")
    parser.add_argument("--relations", action="store_true")
    args = parser.parse_args()
    labels = set(args.labels.split(",")) if args.labels else None
    gold = {r["id"]: r for r in load_jsonl(args.gold)}
    for ex in Extractor(args.pipeline).extract(read_records([args.gold], ProblemLog())):
        pred, g = ex.record, gold[ex.record["id"]]
        if args.relations:
            gk, pk = relation_keys(g), relation_keys(pred)
            missed, wrong = gk - pk, pk - gk
        else:
            ign = [(s["start"], s["end"]) for s in g.get("ignore", [])]
            gk = {(e["start"], e["end"], e["label"], e["text"]) for e in g["entities"]}
            pk = {(e["start"], e["end"], e["label"], e["text"]) for e in pred["entities"]
                  if not any(e["start"] < b and a < e["end"] for a, b in ign) or (e["start"], e["end"], e["label"], e["text"]) in gk}
            keep = (lambda k: k[2] in labels) if labels else (lambda k: True)
            missed = {k for k in gk - pk if keep(k)}
            wrong = {k for k in pk - gk if keep(k)}
        if missed or wrong:
            print(f"== {g['id']}: {g['text'][:160]!r}")
            for k in sorted(missed):
                print("   FN", k)
            for k in sorted(wrong):
                print("   FP", k)


if __name__ == "__main__":
    main()
