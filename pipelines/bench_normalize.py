"""Measure kg.normalize throughput on ~5 MB of synthetic policy text.

kg normalises hundreds of MB, so normalisation must stay far from the
bottleneck (target: >= 2 M chars/s on plain simplified text).  Each text kind
is built by repeating short paragraphs that exercise one situation; the
one-off cost of building the NFKC tables and loading OpenCC is paid in a
warm-up call and reported separately.

Usage::

    .venv/bin/python pipelines/bench_normalize.py [--mb 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

from kg.normalize import normalize

PARAGRAPHS = {
    "simplified": (
        "国家乡村振兴局与上海市嘉定区开展东西部协作，推动沪滇产业合作示范园建设。"
        "2023年，楚雄州引进上海企业45家，到位资金12.5亿元。\n\n"
    ),
    "traditional": (
        "國家鄉村振興局與上海市嘉定區開展東西部協作，推動滬滇產業合作示範園建設。"
        "2023年，楚雄州引進上海企業45家，到位資金12.5億元。\n\n"
    ),
    "pdf-noisy": (
        "楚 雄 州 与 嘉 定 区 共建沪滇产业\n合作示范园，協(xié)作项目（２０２３－２０２７）"
        "投资１２．５亿元&nbsp;……\n\n"
    ),
    "mixed": None,  # all of the above in turn
}


def build(kind: str, size: int) -> str:
    """About ``size`` characters of text of the given kind."""
    unit = PARAGRAPHS[kind] or "".join(p for p in PARAGRAPHS.values() if p)
    return unit * (size // len(unit) + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="millions of characters per text kind")
    parser.add_argument("--repeat", type=int, default=3, help="runs per kind; the best is reported")
    args = parser.parse_args()

    began = time.perf_counter()
    normalize("預熱（ｗａｒｍ－ｕｐ）&amp;")
    print(f"warm-up (NFKC tables, OpenCC dictionaries): {time.perf_counter() - began:.2f} s")

    for kind in PARAGRAPHS:
        text = build(kind, int(args.mb * 1_000_000))
        best = min(_timed(text) for _ in range(args.repeat))
        print(f"{kind:12} {len(text) / 1e6:5.1f} M chars  {best:6.2f} s  {len(text) / best / 1e6:6.2f} M chars/s")


def _timed(text: str) -> float:
    began = time.perf_counter()
    normalize(text)
    return time.perf_counter() - began


if __name__ == "__main__":
    main()
