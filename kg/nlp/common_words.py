"""Common two-character words, from jieba's dictionary (installed with kg).

The left-boundary rules stop at one-character function words (经, 和, 对),
but not when that character starts a common word with the next one (经济,
和平, 对外).  jieba's dictionary, with its corpus frequencies, is the
well-kept source of which two-character strings are words.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jieba

MIN_FREQUENCY = 300


@lru_cache(maxsize=1)
def common_bigrams(min_frequency: int = MIN_FREQUENCY) -> frozenset[str]:
    """Two-character words at least ``min_frequency`` times in jieba's corpus."""
    words = set()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            word, freq, *_ = line.split(" ")
            if len(word) == 2 and int(freq) >= min_frequency:
                words.add(word)
    return frozenset(words)


@lru_cache(maxsize=1)
def common_words(min_frequency: int = 100) -> frozenset[str]:
    """Words of two to four characters at least ``min_frequency`` times in jieba's corpus.

    A short firm name that is also an ordinary word (阳光, 荞麦, 医药) is
    never learned: it would mark every later use of the word as a firm.
    """
    words = set()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as handle:
        for line in handle:
            word, freq, *_ = line.split(" ")
            if 2 <= len(word) <= 4 and int(freq) >= min_frequency:
                words.add(word)
    return frozenset(words)
