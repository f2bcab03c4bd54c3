"""China's administrative divisions and named regions: finding PLACE names in text.

Places are the one entity kind with an authoritative list, so kg finds them by
lexicon rather than by learning: ``seeds/lexicons/places.tsv`` (every province,
prefecture, county and town with its adcode, official name and short forms,
built by ``pipelines/divisions/build_places.py``), ``regions.tsv`` (named
regions such as 东南亚, 长三角) and ``place_guards.tsv`` (place names that are
also common words: 合作, 城区).  This module knows nothing of spaCy; the PLACE
component wraps it.

``find`` scans with one Aho–Corasick automaton and keeps the leftmost-longest
names, so that address chains split the way ANNOTATION.md rule 1 wants
(上海市嘉定区 → 上海市 + 嘉定区, 楚雄州禄丰市 → 楚雄州 + 禄丰市) while 楚雄彝族自治州
stays one name.  A short form written with a suffix it has no pattern for (禄丰县,
the name before 2021) is found as one name too.

Short names are often ambiguous (朝阳 is a prefecture and four districts):
``find`` narrows them by the address chain they stand in, ``resolve`` by the
other places of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import numpy as np

from kg.resources import LEXICON_DIR, read_rows

GUARD_RULES = ("never", "suffix", "word")
"""Rules of ``place_guards.tsv``: never a place alone; only in an address chain; unless part of a common word."""
LEVELS = ("province", "prefecture", "county", "town")
"""Administrative levels, highest first."""

# A short form followed by one of these is the unit's name with a suffix the
# lexicon lacks (禄丰县 for 禄丰市, 楚雄市 is a full name already).
EXTENSION_SUFFIXES = {"prefecture": "市州盟", "county": "县区市旗"}
ADMIN_SUFFIX_CHARS = frozenset("省市州盟县区旗镇乡道木")
"""Last characters of names that already carry their suffix (楚雄州, 嘉定区, 城关镇, 新华街道)."""
# A suffix character that starts a common word belongs to that word:
# 上海市场 → 上海 + 市场, 嘉定区域 → 嘉定 + 区域, but 上海市民政局 keeps 上海市.
STOLEN_SUFFIXES = frozenset({
    "市场", "市民", "市值", "市域", "区域", "区块", "县域",
    # 云南省情, 上海市属国企, 州级部门: the suffix opens a word about the unit, not its name
    "省情", "省内", "省外", "省级", "省属", "市属", "市级", "市内", "州级", "州属", "州内", "县级", "县属", "区级", "区属",
})
NOT_STOLEN = ("市民政",)
_STOLEN_FIRST = frozenset(word[0] for word in STOLEN_SUFFIXES)
_ASTRAL = re.compile("[^\u0000-\uffff]")
BUILD_HINT = "rebuild it with `python pipelines/divisions/build_places.py`"


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative unit: the thing a PLACE name can denote."""

    adcode: str
    name: str
    level: str
    parent: str
    short_forms: tuple[str, ...] = ()


class PlaceMatch(NamedTuple):
    """A place name found in text: ``text[start:end] == name``.

    ``candidates`` are the units the name can denote (several for an ambiguous
    short form, none for a named region); ``region`` is the region's kind from
    ``regions.tsv``, '' for administrative units.  A named tuple, not a
    dataclass: ``find`` makes one for every place of a corpus.
    """

    start: int
    end: int
    name: str
    candidates: tuple[Division, ...]
    region: str = ""


class Gazetteer:
    """Lookup, scan and disambiguation over China's administrative divisions."""

    def __init__(
        self,
        divisions: Iterable[Division],
        regions: dict[str, str] | None = None,
        guards: dict[str, str] | None = None,
    ) -> None:
        self._divisions: dict[str, Division] = {}
        self._ancestors: dict[str, tuple[Division, ...]] = {}
        names: dict[str, list[Division]] = {}
        for division in divisions:
            self._divisions[division.adcode] = division
            for name in (division.name, *division.short_forms):
                names.setdefault(name, []).append(division)
        self._by_name = {name: tuple(units) for name, units in names.items()}
        self._regions = dict(regions or {})
        self._guards = dict(guards or {})
        for name, rule in self._guards.items():
            if rule not in GUARD_RULES:
                raise ValueError(f"place guard {name!r}: unknown rule {rule!r}; use one of {', '.join(GUARD_RULES)}")
        self._chain_only = frozenset(name for name, rule in self._guards.items() if rule == "suffix")
        self.word_guarded = frozenset(name for name, rule in self._guards.items() if rule == "word")
        """Names found as places unless they straddle a common word (the PLACE recogniser checks: 提高县域 ≠ 高县)."""
        self._automaton = ahocorasick.Automaton()
        for name in (*self._by_name, *self._regions):
            if len(name) >= 2 and self._guards.get(name) != "never":
                candidates = self._by_name.get(name, ())
                tail = _tail(name, candidates, guarded=name in self._guards)
                entry = (name, candidates, self._regions.get(name, ""), tail)
                self._automaton.add_word(_encode(name), entry)
        self._automaton.make_automaton()

    # ------------------------------------------------------------------ loading
    @classmethod
    def from_dir(cls, directory: Path) -> Gazetteer:
        """Load ``places.tsv``, ``regions.tsv`` and ``place_guards.tsv`` from ``directory``."""
        places = directory / "places.tsv"
        if not places.exists():
            raise FileNotFoundError(f"{places} is missing; {BUILD_HINT}")
        units: dict[str, dict] = {}
        for row in read_rows(places):
            if len(row) != 6:
                raise ValueError(f"{places}: row {row!r} has {len(row)} columns, expected 6; {BUILD_HINT}")
            name, adcode, level, parent, full_name, form = row
            unit = units.setdefault(adcode, {"name": full_name, "level": level, "parent": parent, "short": []})
            if form == "short":
                unit["short"].append(name)
        divisions = (
            Division(code, u["name"], u["level"], u["parent"], tuple(u["short"])) for code, u in units.items()
        )
        return cls(divisions, _two_columns(directory / "regions.tsv"), _two_columns(directory / "place_guards.tsv"))

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer of the project's lexicons (``seeds/lexicons``), loaded once."""
        return _default_gazetteer()

    # ------------------------------------------------------------------- lookup
    def division(self, adcode: str) -> Division:
        """The unit with this adcode; KeyError if there is none."""
        try:
            return self._divisions[adcode]
        except KeyError:
            raise KeyError(f"no administrative unit with adcode {adcode!r} in the gazetteer") from None

    def lookup(self, name: str) -> tuple[Division, ...]:
        """All units ``name`` can denote: 嘉定 → (上海市嘉定区,); 禄丰县 → (禄丰市,)."""
        found = self._by_name.get(name)
        if found is not None:
            return found
        return self._extended(name[:-1], name[-1:]) if len(name) > 2 else ()

    def parent(self, adcode: str) -> Division | None:
        """The unit ``adcode`` lies directly in; None for a province."""
        parent = self.division(adcode).parent
        return self._divisions.get(parent) if parent else None

    def ancestors(self, adcode: str) -> tuple[Division, ...]:
        """The units ``adcode`` lies in, nearest first: town → county → prefecture → province.

        Kept per adcode: relation rules and resolution ask about the same units again and again.
        """
        chain = self._ancestors.get(adcode)
        if chain is None:
            chain = self._ancestors[adcode] = self._chain(adcode)
        return chain

    def _chain(self, adcode: str) -> tuple[Division, ...]:
        chain = []
        unit = self.parent(adcode)
        while unit is not None:
            chain.append(unit)
            unit = self.parent(unit.adcode)
        return tuple(chain)

    def contains(self, outer: str, inner: str) -> bool:
        """True if unit ``inner`` lies (at any depth) in unit ``outer``."""
        return any(a.adcode == outer for a in self.ancestors(inner))

    # ---------------------------------------------------------------- resolving
    def resolve(self, name: str, context: Iterable[str] = ()) -> Division | None:
        """The unit an ambiguous ``name`` most likely denotes, or None if it cannot tell.

        ``context`` holds the adcodes of the other places of the same document.
        The candidate that shares the deepest ancestor with a context place wins
        (嘉定 next to 上海市 → 上海市嘉定区); without such evidence the unique
        candidate of the highest level wins (朝阳 → 朝阳市); a tie gives None.
        """
        candidates = self.lookup(name)
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        paths = [self._path(code) for code in context if code in self._divisions]
        closeness = {d.adcode: max((len(self._path(d.adcode) & p) for p in paths), default=0) for d in candidates}
        best = max(closeness.values())
        pool = [d for d in candidates if closeness[d.adcode] == best]
        top = min(LEVELS.index(d.level) for d in pool)
        pool = [d for d in pool if LEVELS.index(d.level) == top]
        return pool[0] if len(pool) == 1 else None

    def _path(self, adcode: str) -> set[str]:
        return {adcode, *(a.adcode for a in self.ancestors(adcode))}

    # ------------------------------------------------------------------ finding
    def find(self, text: str) -> list[PlaceMatch]:
        """Place names in ``text`` (normalised: simplified, no spaces), non-overlapping, in order."""
        matches = self._yield_to_official_names(text, self._scan(text))
        if not self._chain_only.isdisjoint(m.name for m in matches):
            matches = self._unguarded(matches)
        return _with_villages(text, self._narrowed(matches))

    def prefix_length(self, name: str) -> int:
        """Length of the place name that opens ``name`` (云南宇泽… → 2), 0 if none."""
        matches = self.find(name)
        return matches[0].end if matches and matches[0].start == 0 else 0

    def _scan(self, text: str) -> list[PlaceMatch]:
        """The leftmost-longest lexicon names of ``text``, with their suffixes checked.

        Taking the longest name first keeps 楚雄州禄丰市 from splitting into 楚雄 +
        州禄…; taking the leftmost first keeps a name already read (上海 in 上海城区)
        from losing its last character to a full name (海城区): two place names
        never overlap in real text, so the later of two overlapping ones is spurious.
        A suffix that starts a word is cut back (上海市场 → 上海); a short form
        followed by a suffix it has no pattern for takes it (禄丰县 → 禄丰市).
        """
        found = self._automaton.iter_long(_encode(text))
        matches: list[PlaceMatch] = []
        pending = None  # an extendable short form, settled when the next name's start is known
        for last, (name, candidates, region, tail) in found:
            end = (last + 1) >> 1
            start = end - len(name)
            if pending is not None:
                matches.append(self._extend(text, pending, start))
                pending = None
            if tail == _TAIL_SUFFIX and _suffix_stolen(text, end):
                name = self._longest_prefix(name)
                if name:
                    matches.append(PlaceMatch(start, start + len(name), name, self._by_name.get(name, ())))
            elif tail == _TAIL_EXTENDABLE:
                pending = PlaceMatch(start, end, name, candidates, region)
            else:
                matches.append(PlaceMatch(start, end, name, candidates, region))
        if pending is not None:
            matches.append(self._extend(text, pending, len(text)))
        return matches

    def _yield_to_official_names(self, text: str, matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """``位于都匀市``: a county's short form read first (于都) gives way to the official name it cuts (都匀市).

        Leftmost-first is right for the frequent short forms of provinces and
        prefectures (上海城区 is 上海 + 城区, not 海城区); a county's short form
        is rare enough that an official county-or-higher name overlapping its
        end is the better reading, and so is a province's or prefecture's
        short form (共建湖北 holds 建湖, a county's, but reads 共建 + 湖北).
        """
        result = list(matches)
        for i, match in enumerate(matches):
            if match.name[-1] in ADMIN_SUFFIX_CHARS or not match.candidates:
                continue
            if any(unit.level not in _MINOR_LEVELS for unit in match.candidates):
                continue
            limit = matches[i + 1].start if i + 1 < len(matches) else len(text)
            official = self._official_name_across(text, match, limit)
            if official is not None:
                result[i] = official
        return result

    def _official_name_across(self, text: str, match: PlaceMatch, limit: int) -> PlaceMatch | None:
        """A county-or-higher official name, or a province's or prefecture's short form, that starts inside ``match`` and ends past it, before ``limit``."""
        for start in range(match.start + 1, match.end):
            for end in range(min(limit, start + _LONGEST_OFFICIAL_NAME), match.end, -1):
                name = text[start:end]
                units = tuple(
                    u for u in self._by_name.get(name, ()) if u.level not in _MINOR_LEVELS or (u.name == name and u.level != "town")
                )
                if units:
                    return PlaceMatch(start, end, name, units)
        return None

    def _extend(self, text: str, match: PlaceMatch, next_start: int) -> PlaceMatch:
        """``match`` with the suffix that follows it, if it takes that suffix (禄丰 + 县 → 禄丰县)."""
        end = match.end
        if end >= next_start or end >= len(text) or _suffix_stolen(text, end + 1):
            return match
        extended = self._extended(match.name, text[end])
        return PlaceMatch(match.start, end + 1, text[match.start : end + 1], extended) if extended else match

    def _longest_prefix(self, name: str) -> str:
        """The longest unguarded name that ``name`` starts with (上海市 → 上海), '' if none."""
        for end in range(len(name) - 1, 1, -1):
            prefix = name[:end]
            if (prefix in self._by_name or prefix in self._regions) and self._guards.get(prefix) != "never":
                return prefix
        return ""

    def _extended(self, short: str, suffix: str) -> tuple[Division, ...]:
        """Units whose short form ``short`` takes ``suffix`` (禄丰 + 县 → 禄丰市)."""
        return tuple(d for d in self._by_name.get(short, ()) if suffix in EXTENSION_SUFFIXES.get(d.level, ""))

    def _unguarded(self, matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """``matches`` without the chain-only names that stand outside an address chain.

        A ``suffix``-guarded name is kept only if a name touching it denotes a unit
        that contains or lies in one of its units (阳泉市 + 城区), so 上海城区 loses 城区.
        """
        return [
            m
            for i, m in enumerate(matches)
            if m.name not in self._chain_only
            or any(self._related(a, b) for n in _touching(matches, i) for a in n.candidates for b in m.candidates)
        ]

    def _narrowed(self, matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """``matches`` with ambiguous candidates kept to those their address-chain neighbours contain or lie in.

        北京市朝阳区 → 朝阳区 of 北京市, not of 长春市.
        """
        narrowed = list(matches)
        for i, match in enumerate(matches):
            if len(match.candidates) < 2:
                continue
            candidates = match.candidates
            for neighbour in _touching(matches, i):
                kept = tuple(c for c in candidates if any(self._related(c, n) for n in neighbour.candidates))
                candidates = kept or candidates
            if candidates != match.candidates:
                narrowed[i] = match._replace(candidates=candidates)
        return narrowed

    def _related(self, a: Division, b: Division) -> bool:
        return self.contains(a.adcode, b.adcode) or self.contains(b.adcode, a.adcode)


def _touching(matches: list[PlaceMatch], i: int) -> list[PlaceMatch]:
    """The matches right before and after ``matches[i]`` with no character between."""
    return [
        matches[j]
        for j in (i - 1, i + 1)
        if 0 <= j < len(matches) and (matches[j].end == matches[i].start or matches[j].start == matches[i].end)
    ]


_TAIL_PLAIN, _TAIL_SUFFIX, _TAIL_EXTENDABLE = range(3)
_MINOR_LEVELS = frozenset({"county", "town"})
"""Levels whose short forms yield to an overlapping official name (``_yield_to_official_names``)."""
_LONGEST_OFFICIAL_NAME = 10


def _tail(name: str, candidates: tuple[Division, ...], guarded: bool) -> int:
    """What ``_scan`` must check after ``name``: a suffix a word may take (上海市场),
    a suffix the name may take (禄丰县), or nothing — decided once, not per match.

    A guarded name takes no suffix it has no pattern for: 安新 + 区 in 雄安新区 is
    no 安新县, and a guarded unit's official full name is a pattern of its own.
    """
    if name[-1] in _STOLEN_FIRST:
        return _TAIL_SUFFIX
    extendable = any(d.level in EXTENSION_SUFFIXES for d in candidates)
    if extendable and not guarded and name[-1] not in ADMIN_SUFFIX_CHARS:
        return _TAIL_EXTENDABLE
    return _TAIL_PLAIN


def _suffix_stolen(text: str, end: int) -> bool:
    """True if the name ending at ``end`` ends in a suffix that starts a word (上海市场)."""
    return text[end - 1 : end + 1] in STOLEN_SUFFIXES and not text.startswith(NOT_STOLEN, end - 1)


def _encode(text: str) -> str:
    """``text`` with each character written as two, from two disjoint 256-character ranges.

    pyahocorasick finds a node's child by a linear search, and the root of a
    45,000-name Chinese trie has thousands of children: scanning raw text runs at
    about 1 M characters a second.  Written as (0x100 + high byte, 0x200 + low
    byte) no node has more than 256 children and the scan is five times faster;
    the disjoint ranges keep every match aligned to whole characters.  Characters
    outside the Basic Multilingual Plane (never part of a place name) become
    U+FFFD first, so offsets stay one code unit per character.
    """
    if len(text) < 4096:  # numpy's fixed cost outweighs its speed on short texts
        return text.translate(_TWO_UNITS)
    if _ASTRAL.search(text):
        text = _ASTRAL.sub("\ufffd", text)
    units = np.frombuffer(text.encode("utf-16-be"), dtype=np.uint8).astype("<u2")
    units[0::2] += 0x100
    units[1::2] += 0x200
    return units.tobytes().decode("utf-16-le")


class _TwoUnits(dict):
    """``str.translate`` table writing a character as ``_encode`` does, filled on first use."""

    def __missing__(self, code: int) -> str:
        units = chr(0x100 + (code >> 8)) + chr(0x200 + (code & 0xFF)) if code < 0x10000 else "\u01ff\u02fd"
        self[code] = units
        return units


_TWO_UNITS = _TwoUnits()


_VILLAGE = re.compile(r"[\u4e00-\u9fff]{2,4}?村(?![委民级里庄内外])")
TOWN_ENDINGS = ("镇", "乡", "街道")
_NOT_A_VILLAGE_NAME = re.compile("[的了在和与及]|小康|示范|美丽|移民|搬迁|重点|贫困|脱贫|结对|帮扶|易地|边境|建立")
"""What a phrase ending in 村 holds when it is no village's name (的才召村, 边境小康村, 建立了村)."""


def _with_villages(text: str, matches: list[PlaceMatch]) -> list[PlaceMatch]:
    """Add the village written right after a town (闽宁镇原隆村, 拉卜楞镇塔哇村).

    Villages are too many for the lexicon and 村 ends ordinary words (农村,
    全村, 乡村), so a village is read only where an address chain leads to it,
    and only with two characters or more before 村.
    """
    found = []
    for position, match in enumerate(matches):
        found.append(match)
        following = matches[position + 1].start if position + 1 < len(matches) else len(text)
        if match.name.endswith(TOWN_ENDINGS):
            village = _VILLAGE.match(text, match.end, following)
            if village is not None and not _NOT_A_VILLAGE_NAME.search(village.group()):
                found.append(PlaceMatch(village.start(), village.end(), village.group(), ()))
    return found


def is_village_of(village: str, town: str) -> bool:
    """Does ``village``, written right after ``town``, name a village of it (闽宁镇原隆村)?

    Villages are in no lexicon: a name ending in 村 after a town is one.
    """
    return village.endswith("村") and town.endswith(TOWN_ENDINGS)


def _two_columns(path: Path) -> dict[str, str]:
    """``name → second column`` of a lexicon file; an absent file is an empty lexicon."""
    if not path.exists():
        return {}
    table = {}
    for row in read_rows(path):
        if len(row) < 2:
            raise ValueError(f"{path}: row {row!r} needs a name and a second column (tab-separated)")
        table[row[0]] = row[1]
    return table


@cache
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.from_dir(LEXICON_DIR)


__all__ = ["LEVELS", "Division", "Gazetteer", "PlaceMatch"]
