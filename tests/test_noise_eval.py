"""pipelines/eval/noise.py: noisy variants of a gold set keep every gold span on the same characters."""

from __future__ import annotations

import importlib.util

import pytest

from kg.resources import REPO_ROOT

RECORD = {
    "id": "r1",
    "text": "上海市嘉定区对口帮扶云南省楚雄州，共建沪滇产业园。",
    "entities": [
        {"start": 0, "end": 3, "label": "PLACE", "text": "上海市"},
        {"start": 13, "end": 16, "label": "PLACE", "text": "楚雄州"},
        {"start": 19, "end": 24, "label": "PARK", "text": "沪滇产业园"},
    ],
    "relations": [],
}


@pytest.fixture(scope="module")
def noise():
    spec = importlib.util.spec_from_file_location("noise", REPO_ROOT / "pipelines" / "eval" / "noise.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["pdf", "spaced", "gloss", "html"])
def test_every_variant_moves_the_spans_with_their_characters(noise, kind):
    noisy = noise.variants([RECORD], seed=3)[kind][0]
    for clean, moved in zip(RECORD["entities"], noisy["entities"]):
        assert moved["text"] == noisy["text"][moved["start"] : moved["end"]]
        assert moved["text"].startswith(clean["text"][0]) and clean["text"][-1] in moved["text"]


def test_insertions_go_between_han_characters_only(noise):
    noisy = noise.with_insertions(RECORD, lambda i: "|", keeps_trailing=False)
    assert noisy["text"].replace("|", "") == RECORD["text"]
    assert "|，" not in noisy["text"] and "，|" not in noisy["text"]
    assert [e["text"] for e in noisy["entities"]] == ["上|海|市", "楚|雄|州", "沪|滇|产|业|园"]


def test_a_gloss_after_a_names_last_character_stays_with_the_name(noise):
    noisy = noise.with_insertions(RECORD, lambda i: "(xié)" if i == 2 else "", keeps_trailing=True)
    assert noisy["entities"][0]["text"] == "上海市(xié)"


def test_traditional_keeps_offsets(noise):
    import opencc

    converted = noise.traditional(RECORD, opencc.OpenCC("s2t"))
    assert [e["text"] for e in converted["entities"]] == ["上海市", "楚雄州", "滬滇產業園"]
