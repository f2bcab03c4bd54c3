"""The NER corpus (pipelines/corpus): valid records, clean splits, and no dev gold in it.

The dev gold is read here, and only here, to prove the corpus does not
contain it: a sentence that shares most of its character 8-grams with a
dev-gold sentence would let a model trained on the corpus score on dev by
memory rather than by generalisation.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from kg.normalize import normalize
from kg.resources import REPO_ROOT

CORPUS = REPO_ROOT / "pipelines" / "corpus"
UNSEEN = REPO_ROOT / "pipelines" / "eval" / "unseen.jsonl"
LABELS = {"PLACE", "AGENCY", "ORG", "FIRM", "PARK", "PROGRAM", "POLICY", "PERSON"}
NGRAM = 8
NEAR_DUPLICATE = 0.5


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict]]:
    return {name: read(CORPUS / f"{name}.jsonl") for name in ("train", "heldout")}


def ngrams(text: str, n: int = NGRAM) -> set[str]:
    """Character n-grams of the normalised text (so 滬滇 and 沪滇 compare equal)."""
    norm = normalize(text).text
    return {norm[i : i + n] for i in range(len(norm) - n + 1)} or {norm}


def near_duplicates(queries: list[str], corpus: list[str], threshold: float = NEAR_DUPLICATE) -> list[tuple[str, str, float]]:
    """Pairs (query, corpus text, Jaccard) whose 8-gram Jaccard similarity reaches ``threshold``."""
    index: dict[str, list[int]] = defaultdict(list)
    grams = [ngrams(text) for text in corpus]
    for i, gs in enumerate(grams):
        for g in gs:
            index[g].append(i)
    found = []
    for query in queries:
        q = ngrams(query)
        shared: dict[int, int] = defaultdict(int)
        for g in q:
            for i in index.get(g, ()):
                shared[i] += 1
        for i, common in shared.items():
            jaccard = common / (len(q) + len(grams[i]) - common)
            if jaccard >= threshold:
                found.append((query, corpus[i], jaccard))
    return found


def test_near_duplicates_finds_a_light_edit_and_not_a_different_sentence():
    corpus = ["上海市嘉定区与云南省楚雄州签订东西部协作框架协议，共建沪滇产业合作示范园。"]
    edited = "上海市嘉定区与云南省楚雄州签订东西部协作框架协议，共建沪滇产业合作园区。"
    other = "宁波市与凉山州深化劳务协作，三年累计转移就业一万两千人。"
    assert [q for q, _, _ in near_duplicates([edited, other], corpus)] == [edited]


def assert_valid(record: dict) -> None:
    """Offsets index the text, labels are known, entities do not overlap, relations point at entities."""
    text, previous_end = record["text"], -1
    for ent in sorted(record["entities"], key=lambda e: e["start"]):
        assert text[ent["start"] : ent["end"]] == ent["text"], record["id"]
        assert ent["label"] in LABELS, record["id"]
        assert ent["start"] >= previous_end, f"{record['id']}: overlapping entities"
        previous_end = ent["end"]
    for rel in record["relations"]:
        assert 0 <= rel["head"] < len(record["entities"]) and 0 <= rel["tail"] < len(record["entities"])


def test_records_are_valid(splits):
    for name, records in splits.items():
        assert records, f"{name}.jsonl is empty"
        for record in records:
            assert record["split"] == name
            assert_valid(record)


def test_unseen_set_is_valid_and_shares_no_sentence_with_training_or_dev(splits, dev_gold):
    """The evaluation set of pipelines/eval/unseen stays unseen: nothing like it is trained on."""
    unseen = read(UNSEEN)
    assert len(unseen) >= 300
    for record in unseen:
        assert_valid(record)
    texts = [r["text"] for r in unseen]
    assert not near_duplicates(texts, [r["text"] for r in splits["train"]])
    assert not near_duplicates(texts, [r["text"] for r in read(dev_gold)])


def test_every_label_is_trained_and_tested(splits):
    for name, records in splits.items():
        labels = {e["label"] for r in records for e in r["entities"]}
        assert labels == LABELS, f"{name} lacks {LABELS - labels}"


def test_heldout_pairings_are_absent_from_training(splits):
    held = {r["pairing"] for r in splits["heldout"]}
    assert not held & {r["pairing"] for r in splits["train"]}


def test_ids_and_texts_are_unique(splits):
    records = splits["train"] + splits["heldout"]
    assert len({r["id"] for r in records}) == len(records)
    assert len({r["text"] for r in records}) == len(records)


def test_build_is_deterministic():
    """Same drafts, same bytes.  (Whether the committed files are current with
    drafts still being written is ``build.py --check``'s job, not a test's.)"""
    sys.path.insert(0, str(CORPUS))
    try:
        import build
    finally:
        sys.path.remove(str(CORPUS))
    drafts = sorted((CORPUS / "drafts").glob("*.jsonl"))
    assert build.build(drafts) == build.build(drafts)


def test_no_dev_gold_sentence_or_near_duplicate_in_corpus(splits, dev_gold):
    corpus = [r["text"] for records in splits.values() for r in records]
    dev = [r["text"] for r in read(dev_gold)]
    found = near_duplicates(dev, corpus)
    assert not found, f"{len(found)} dev-gold sentences have near-duplicates in the corpus, e.g. {found[0]}"
