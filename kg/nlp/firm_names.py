"""Short names a company goes by once its full name has been written.

Policy text names a firm in full once (``隆基绿能科技股份有限公司``) and by a
short name afterwards (``隆基绿能``, ``隆基``).  The short names are derived
from the full name — drop the legal form, the leading place, then industry
words — so they are found later in the same document without any list.
Text also declares a short name outright, in brackets after the full one
(``上海延锋汽车饰件系统有限公司（以下简称“延锋”）``): :func:`declared_alias`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from functools import lru_cache

from kg.gazetteer import Gazetteer
from kg.nlp.common_words import common_words
from kg.resources import RULES_DIR, read_rows

MIN_SHORT_CHARS = 2
DERIVED_CACHE_SIZE = 1 << 16
"""Full names whose short names are kept: a corpus names the same firms again and again."""


@lru_cache(maxsize=1)
def _suffixes() -> tuple[str, ...]:
    words = [row[0] for row in read_rows(RULES_DIR / "firm_suffixes.txt")]
    return tuple(sorted(words, key=len, reverse=True))


def short_names(full_name: str, place_prefix_len: Callable[[str], int], blocked: Set[str] = frozenset()) -> set[str]:
    """The short names of ``full_name`` (the full name itself excluded).

    ``place_prefix_len(name)`` gives the length of a place name at the start of
    ``name`` (0 if none); ``blocked`` are words never accepted as firm names.

    >>> sorted(short_names("云南宇泽半导体有限公司", lambda s: 2 if s.startswith("云南") else 0))
    ['宇泽', '宇泽公司', '宇泽半导体', '宇泽半导体公司']
    """
    suffixes = _suffixes()
    names: set[str] = set()
    core = full_name
    stripped_legal = False
    for suffix in suffixes:
        if core.endswith(suffix) and len(core) - len(suffix) >= MIN_SHORT_CHARS:
            core = core[: -len(suffix)]
            stripped_legal = True
            break
    if not stripped_legal:
        return set()
    place = place_prefix_len(core)
    if place and len(core) - place >= MIN_SHORT_CHARS:
        core = core[place:]
    while True:
        names.add(core)
        names.add(core + "公司")
        for suffix in suffixes:
            if core.endswith(suffix) and len(core) - len(suffix) >= MIN_SHORT_CHARS:
                core = core[: -len(suffix)]
                break
        else:
            break
    names.discard(full_name)
    return names - blocked


@lru_cache(maxsize=DERIVED_CACHE_SIZE)
def firm_short_names(full_name: str, gazetteer: Gazetteer) -> frozenset[str]:
    """:func:`short_names` with ``gazetteer``'s places and jieba's common words blocked.

    Cached: the pipeline and the resolver both derive the short names of every
    full name they meet, and a corpus repeats its firms.
    """
    return frozenset(short_names(full_name, gazetteer.prefix_length, common_words()))


_DECLARED_ALIAS = re.compile(
    r"[（(](?:以下|下文|下)?(?:简称|簡稱|称|稱)[为為：:]?[“\"「]?([^（）()“”\"「」，,。；、\s]{2,12}?)[”\"」]?[）)]"
)
"""Matches normalised text and, with its traditional and full-width variants, the original (the resolver reads that)."""


def declared_alias(text: str, end: int) -> tuple[int, int] | None:
    """The span of a short name declared in brackets right at ``end`` (after a name), if any.

    >>> text = "上海延锋汽车饰件系统有限公司（以下简称“延锋”）与曲靖市签约"
    >>> start, stop = declared_alias(text, 14)
    >>> text[start:stop]
    '延锋'
    """
    match = _DECLARED_ALIAS.match(text, end)
    if match is None or match.group(1) in common_words():
        return None  # （以下简称“公司”）: an ordinary word is never a name
    return match.start(1), match.end(1)
