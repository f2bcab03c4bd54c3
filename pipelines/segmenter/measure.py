"""Measure Chinese word segmenters for kg: UD accuracy, entity-boundary safety, speed.

    .venv/bin/python pipelines/segmenter/train_pkuseg.py          # once: build/pkuseg-ud
    .venv/bin/python pipelines/segmenter/measure.py pipelines/corpus/*.jsonl --json out.json

For each segmenter (spaCy ``zh`` char, jieba and pkuseg as spaCy configures
them, plus kg's own normalising char tokenizer that ``pipelines/*.cfg`` name):

(a) word segmentation P/R/F1 against the gold words of UD Chinese-GSDSimp dev
    (words compared as character spans; whitespace tokens ignored);
(b) on each exchange-format JSONL given: the share of entities whose start or
    end is not a token boundary (``doc.char_span(start, end)`` would be None), so
    no token-based recogniser could ever produce them;
(c) tokenizer-only throughput in characters per second over that file's texts
    (best of three timed rounds of at least ``--seconds`` each, after a warm-up).

Only counts are reported: the script prints no text from the files it reads.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.tokenizer import NORM_KEY  # importing it registers kg.NormalizingCharTokenizer.v1
from kg.normalize import normalize
from kg.resources import REPO_ROOT
from train_pkuseg import DEFAULT_MODEL_DIR
from ud import UD_DEV, Span, read_conllu, word_spans

SEGMENTERS = ("char", "jieba", "pkuseg", "pkuseg-nodict", "kg-char", "jieba+norm", "pkuseg+norm")
"""Names accepted by ``--segmenters``.

``pkuseg`` is what spaCy's config gives: the model plus spacy-pkuseg's bundled
dictionary (``pkuseg_user_dict = "default"``), which merges words after the
model has cut them.  spaCy's config cannot switch that dictionary off (``null``
makes pkuseg read the model directory as a user dictionary and fail), so
``pkuseg-nodict`` switches it off in code, to show the model alone.
``kg-char`` is kg.NormalizingCharTokenizer.v1, the tokenizer kg's pipelines name.
A ``+norm`` segmenter runs on kg's normalised text (simplified, NFKC, no glosses
or PDF spaces) and maps its tokens back, as kg would have to use it: jieba and
pkuseg know simplified Chinese, and kg's corpora hold traditional text too.
"""


@dataclass(frozen=True)
class Record:
    """The part of an exchange-format record this measurement needs."""

    text: str
    entities: tuple[tuple[int, int, str], ...]


class NormalizingSegmenter:
    """Normalise like kg's tokenizer, then segment the normalised text with another tokenizer."""

    def __init__(self, segment: Callable[[str], Doc]) -> None:
        self.segment = segment

    def __call__(self, text: str) -> Doc:
        norm = normalize(text)
        doc = self.segment(norm.text)
        doc.user_data[NORM_KEY] = norm
        return doc


def make_tokenizer(segmenter: str, pkuseg_model: Path) -> Language:
    """A blank ``zh`` pipeline whose tokenizer is configured the way a ``config.cfg`` would."""
    if segmenter.endswith("+norm"):
        nlp = make_tokenizer(segmenter.removesuffix("+norm"), pkuseg_model)
        nlp.tokenizer = NormalizingSegmenter(nlp.tokenizer)
        return nlp
    if segmenter == "kg-char":
        return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.NormalizingCharTokenizer.v1"}}})
    uses_pkuseg = segmenter.startswith("pkuseg")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg" if uses_pkuseg else segmenter}}})
    if uses_pkuseg:
        if not (pkuseg_model / "weights.npz").exists():
            sys.exit(f"measure.py: no pkuseg model in {pkuseg_model}; "
                     "run pipelines/segmenter/train_pkuseg.py first, or pass --pkuseg-model")
        nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
        nlp.tokenizer.pkuseg_seg.postprocesser.do_process = segmenter == "pkuseg"
    return nlp


def token_spans(doc: Doc) -> list[Span]:
    """Every token's span in the text as given (kg's tokenizer maps back from its normalised text)."""
    norm = doc.user_data.get(NORM_KEY)
    spans = [(token.idx, token.idx + len(token)) for token in doc if not token.is_space]
    return [norm.to_original(*span) for span in spans] if norm else spans


def segmentation_scores(nlp: Language, sentences: Iterable[tuple[str, list[Span]]]) -> dict[str, float]:
    """Micro P/R/F1 of predicted words against gold words, both as character spans."""
    gold_total = pred_total = correct = 0
    for text, gold in sentences:
        predicted = set(token_spans(nlp.tokenizer(text)))
        gold_total += len(gold)
        pred_total += len(predicted)
        correct += len(predicted & set(gold))
    p = correct / pred_total if pred_total else 0.0
    r = correct / gold_total if gold_total else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "gold_words": gold_total, "predicted_words": pred_total}


def boundary_safety(nlp: Language, records: list[Record]) -> dict:
    """How many gold entities start or end inside a token, overall and per label."""
    entities: Counter[str] = Counter()
    cut: Counter[str] = Counter()
    cut_start = cut_end = 0
    for record in records:
        spans = token_spans(nlp.tokenizer(record.text))
        starts, ends = {s for s, _ in spans}, {e for _, e in spans}
        for start, end, label in record.entities:
            entities[label] += 1
            start_cut, end_cut = start not in starts, end not in ends
            cut_start += start_cut
            cut_end += end_cut
            cut[label] += start_cut or end_cut
    total = sum(entities.values())
    return {"entities": total, "cut": sum(cut.values()), "cut_share": sum(cut.values()) / total if total else 0.0,
            "cut_start": cut_start, "cut_end": cut_end,
            "per_label": {label: {"entities": n, "cut": cut[label], "cut_share": cut[label] / n}
                          for label, n in sorted(entities.items())}}


def throughput(tokenize: Callable[[str], Doc], texts: list[str], seconds: float, rounds: int = 3) -> float:
    """Characters per second of ``tokenize`` over ``texts``: the best of ``rounds`` timed rounds."""
    for text in texts[:50]:
        tokenize(text)
    chars = sum(map(len, texts))
    best = 0.0
    for _ in range(rounds):
        done, started = 0, time.perf_counter()
        while True:
            for text in texts:
                tokenize(text)
            done += chars
            elapsed = time.perf_counter() - started
            if elapsed >= seconds:
                break
        best = max(best, done / elapsed)
    return best


def read_records(path: Path) -> list[Record]:
    """Exchange-format JSONL (ANNOTATION.md): text and entity offsets; other keys are ignored."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                entities = tuple((e["start"], e["end"], e["label"]) for e in data.get("entities", []))
                records.append(Record(data["text"], entities))
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                sys.exit(f"measure.py: {path}:{line_no}: not an exchange-format record ({error!r}); "
                         "see ../shared/ANNOTATION.md")
    return records


def measure(segmenters: list[str], files: list[Path], pkuseg_model: Path, seconds: float) -> dict:
    """All three measurements for every segmenter; the dict that ``--json`` writes."""
    ud = [(s.text, word_spans(s.words, s.text)) for s in read_conllu(UD_DEV)]
    corpora = {shown_path(path): read_records(path) for path in files}
    result: dict = {"ud_dev": {}, "files": {p: {"records": len(r), "chars": sum(len(x.text) for x in r)}
                                           for p, r in corpora.items()},
                    "pkuseg_model": str(pkuseg_model), "seconds_per_round": seconds}
    for name in segmenters:
        nlp = make_tokenizer(name, pkuseg_model)
        result["ud_dev"][name] = segmentation_scores(nlp, ud)
        for path, records in corpora.items():
            row = boundary_safety(nlp, records)
            row["chars_per_s"] = throughput(nlp.tokenizer, [r.text for r in records], seconds)
            result["files"][path][name] = row
    return result


def format_tables(result: dict, segmenters: list[str]) -> str:
    """Markdown tables: UD accuracy, then boundary safety and speed per file, then cuts per label."""
    lines = ["UD Chinese-GSDSimp dev, word segmentation:", "",
             "| segmenter | P | R | F1 |", "|---|---:|---:|---:|"]
    for name in segmenters:
        s = result["ud_dev"][name]
        lines.append(f"| {name} | {s['p']:.3f} | {s['r']:.3f} | {s['f1']:.3f} |")
    for path, info in result["files"].items():
        lines += ["", f"{path} ({info['records']} records, {info['chars']} chars):", "",
                  "| segmenter | entities | cut | cut % | start cut | end cut | chars/s |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name in segmenters:
            b = info[name]
            lines.append(f"| {name} | {b['entities']} | {b['cut']} | {100 * b['cut_share']:.1f} | "
                         f"{b['cut_start']} | {b['cut_end']} | {b['chars_per_s']:,.0f} |")
        labels = sorted({label for name in segmenters for label in info[name]["per_label"]})
        lines += ["", "cut % per label:", "", "| segmenter | " + " | ".join(labels) + " |",
                  "|---|" + "---:|" * len(labels)]
        for name in segmenters:
            per = info[name]["per_label"]
            cells = [f"{100 * per[label]['cut_share']:.1f}" if label in per else "–" for label in labels]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def shown_path(path: Path) -> str:
    """A path as the repository's docs write it: from the checkout, or ``../`` for the shared workspace."""
    resolved = path.resolve()
    if resolved.is_relative_to(REPO_ROOT):
        return str(resolved.relative_to(REPO_ROOT))
    if resolved.is_relative_to(REPO_ROOT.parent):
        return "../" + str(resolved.relative_to(REPO_ROOT.parent))
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="exchange-format JSONL files with gold entities")
    parser.add_argument("--segmenters", nargs="+", choices=SEGMENTERS, default=list(SEGMENTERS))
    parser.add_argument("--pkuseg-model", type=Path, default=DEFAULT_MODEL_DIR,
                        help="directory written by train_pkuseg.py")
    parser.add_argument("--seconds", type=float, default=1.0, help="minimum length of one timed round")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args()
    for path in args.files:
        if not path.is_file():
            parser.error(f"{path}: no such file (compile drafts with pipelines/corpus/compile.py DRAFT -o OUT)")
    result = measure(args.segmenters, args.files, args.pkuseg_model, args.seconds)
    print(format_tables(result, args.segmenters))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
