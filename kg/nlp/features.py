"""Token features for kg's statistical NER: character n-grams and rule candidates.

kg's tokens are single characters (:mod:`kg.nlp.tokenizer`), so spaCy's usual
lexical features (NORM, PREFIX, SUFFIX, SHAPE) all collapse to "this
character".  What tells 嘉定区 from 嘉定 is the character's neighbours, and
what tells an unseen county from a common word is often the gazetteer.  The
embedding layer here therefore hashes, per token:

* the character, the bigram ending at it and the bigram starting at it
  (vectorised on the ORTH ids: no Python work per character);
* for each span group named in ``rule_keys`` (the recognisers' candidates,
  e.g. ``kg_places`` and ``kg_names``), the token's BILUO tag in that group
  (``B-PLACE``, ``I-PARK`` … or ``O``).

Rule tags are *features*, not decisions: the network learns when to trust
the gazetteer and head-word rules and when to overrule them, which is what
lets it generalise from the rules' hits to names no list holds.  The
recognisers must run before the component that owns this layer (and be
listed in ``[training] annotating_components`` when training).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from spacy.attrs import ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

NGRAM_COLUMNS = 3
"""character, bigram ending here, bigram starting here"""

_MIX = np.uint64(0x9E3779B97F4A7C15)
_OUTSIDE = hash_string("O")


class MissingRuleSpans(KeyError):
    """A Doc reached the NER without the rule candidates its features need."""


@lru_cache(maxsize=None)
def _tag_key(position: str, label: str) -> int:
    return hash_string(f"{position}-{label}")


def ngram_features(doc: Doc) -> np.ndarray:
    """(n_tokens, 3) uint64 keys: character, previous+this bigram, this+next bigram."""
    orth = doc.to_array([ORTH]).astype(np.uint64).reshape(-1)
    prev = np.concatenate([np.zeros(1, dtype=np.uint64), orth[:-1]])
    nxt = np.concatenate([orth[1:], np.zeros(1, dtype=np.uint64)])
    with np.errstate(over="ignore"):
        left = prev * _MIX ^ orth
        right = orth * _MIX ^ (nxt + np.uint64(1))
    return np.stack([orth, left, right], axis=1)


def rule_tags(doc: Doc, key: str) -> np.ndarray:
    """(n_tokens,) uint64 keys of each token's BILUO tag among ``doc.spans[key]``."""
    if key not in doc.spans:
        raise MissingRuleSpans(
            f"doc.spans[{key!r}] is missing: the NER's features need the rule recogniser that writes it "
            f"to run before the NER (and, in training, to be listed in [training] annotating_components)"
        )
    tags = np.full(len(doc), _OUTSIDE, dtype=np.uint64)
    for span in doc.spans[key]:
        label = span.label_
        if len(span) == 1:
            tags[span.start] = _tag_key("U", label)
            continue
        tags[span.start] = _tag_key("B", label)
        tags[span.start + 1 : span.end - 1] = _tag_key("I", label)
        tags[span.end - 1] = _tag_key("L", label)
    return tags


def doc_features(doc: Doc, rule_keys: Sequence[str]) -> np.ndarray:
    """All feature columns of one Doc: n-grams first, then one column per rule key."""
    columns = [ngram_features(doc)] + [rule_tags(doc, key)[:, None] for key in rule_keys]
    return np.concatenate(columns, axis=1)


def CharRuleFeatures(rule_keys: Sequence[str], rule_dropout: float = 0.0) -> Model[list[Doc], list[Ints2d]]:
    """A Thinc layer: Docs → per-Doc feature key arrays (no parameters, no gradient).

    In training, ``rule_dropout`` of the Docs lose their rule tags (all ``O``), so
    that the network learns names from their context too, not only from the
    rules' candidates.  Which Docs lose them depends on the text alone, so
    training stays deterministic.
    """

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable]:
        features = []
        for doc in docs:
            columns = doc_features(doc, rule_keys)
            if is_train and rule_dropout and _dropped(doc.text, rule_dropout):
                columns[:, NGRAM_COLUMNS:] = _OUTSIDE
            features.append(model.ops.asarray2i(columns, dtype="uint64"))
        return features, lambda _d_features: []

    return Model("kg_char_rule_features", forward, attrs={"rule_keys": list(rule_keys)})


def _dropped(text: str, rate: float) -> bool:
    """A deterministic coin with ``rate`` of heads, thrown by the text."""
    return (hash_string(text) % 10_000) < rate * 10_000


@registry.architectures("kg.CharRuleEmbed.v1")
def CharRuleEmbed(
    width: int, ngram_rows: Sequence[int], rule_keys: Sequence[str], rule_rows: int = 128, rule_dropout: float = 0.0
) -> Model[list[Doc], list[Floats2d]]:
    """Embed :func:`doc_features` into ``width`` dimensions, like spaCy's MultiHashEmbed.

    ``ngram_rows`` gives the hash-table rows of the character and the two
    bigram columns; each rule column gets ``rule_rows`` (its vocabulary is
    at most 4 positions × 8 labels + O).  ``rule_keys = []`` makes a pure
    character-n-gram model, for measuring what the rule features add;
    ``rule_dropout`` hides the rule tags of that share of training Docs.
    """
    if len(ngram_rows) != NGRAM_COLUMNS:
        raise ValueError(f"ngram_rows needs {NGRAM_COLUMNS} sizes (char, left bigram, right bigram), got {list(ngram_rows)}")
    rows = list(ngram_rows) + [rule_rows] * len(rule_keys)
    tables = [HashEmbed(width, n, column=i, seed=11 + i, dropout=0.0) for i, n in enumerate(rows)]
    return chain(
        CharRuleFeatures(rule_keys, rule_dropout),
        list2ragged(),
        with_array(concatenate(*tables)),
        with_array(Maxout(width, width * len(tables), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
