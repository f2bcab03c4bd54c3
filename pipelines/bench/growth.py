"""The figures of BENCHMARKS.md: the growth curve of kg bench, and --jobs scaling.

    .venv/bin/python pipelines/bench/growth.py --sizes 10 50 200 --jobs 2
    .venv/bin/python pipelines/bench/growth.py --scaling 2      # build of 2 MiB with 1 and 2 processes

Each run appends one JSON line to pipelines/bench/results.jsonl (with the
machine's CPU count and load average, since the machine may be shared), so
BENCHMARKS.md can quote measured numbers only.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from kg.bench import run, timed
from kg.builder import build
from kg.corpus_gen import generate_corpus
from kg.problems import ProblemLog

RESULTS = Path(__file__).resolve().parent / "results.jsonl"


def record(kind: str, figures: dict) -> None:
    line = {"kind": kind, "when": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(),
            "load_avg": [round(x, 2) for x in os.getloadavg()], **figures}
    with open(RESULTS, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(json.dumps(line, ensure_ascii=False), flush=True)


def scaling(mb: float, jobs: list[int], pipeline: str) -> None:
    """Build the same corpus from an empty cache with each number of processes."""
    with tempfile.TemporaryDirectory(prefix="kg-scaling-") as scratch:
        corpus = Path(scratch) / "corpus"
        generate_corpus(corpus, mb)
        seconds, stages = {}, {}
        for n in jobs:
            out = Path(scratch) / f"build-{n}"
            with timed() as t:
                build([corpus], out, pipeline=pipeline, jobs=n, problems=ProblemLog(stream=None))
            seconds[n] = round(t.wall, 2)
            stages[n] = json.loads((out / "report.json").read_text(encoding="utf-8"))["seconds"]
        base, base_extract = seconds[jobs[0]], stages[jobs[0]]["extract"]
        record("scaling", {"mb": mb, "pipeline": pipeline, "build_s": seconds, "stages_s": stages,
                           "speedup": {n: round(base / s, 3) for n, s in seconds.items()},
                           "extract_speedup": {n: round(base_extract / st["extract"], 3) for n, st in stages.items()}})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="*", default=[], help="corpus sizes in MiB for the growth curve")
    parser.add_argument("--scaling", type=float, help="MiB to build with --scaling-jobs processes each")
    parser.add_argument("--scaling-jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pipeline", default="rules")
    parser.add_argument("--sample-mb", type=float, default=2.0)
    args = parser.parse_args()
    for mb in args.sizes:
        record("growth", run(mb, pipeline=args.pipeline, jobs=args.jobs, sample_mb=args.sample_mb))
    if args.scaling:
        scaling(args.scaling, args.scaling_jobs, args.pipeline)


if __name__ == "__main__":
    main()
