"""Rule-based relation candidates between the entities of one text.

A relation is stated by a *trigger* (帮扶, 投资, 共建 …: ``pipelines/relations/
triggers.tsv``) between names of the right types, within one sentence.  The
procedure, per trigger occurrence:

* **heads** are the coordinated group of allowed names nearest before the
  trigger (``上海市和广东省…帮扶…云南`` → both), **tails** the group nearest
  after it (lists of tails are groups too);
* a tail may also sit between head and trigger behind a preposition
  (``上海向云南投入``, ``隆基在楚雄投资``);
* passive and 由/在 forms put the heads after 由/在/经 and the tail after the
  trigger or as the clause's subject (``由上海市援建的…园``, ``在广东帮扶下，
  昭通…``);
* ``mutual`` triggers relate the names of one coordinated group to each other
  (``闽宁两地…合作``) or a name to the partner introduced by 与/同/和;
* address chains (``上海市嘉定区``, ``广东省珠海、中山``) state LOCATED_IN when
  the divisions dataset confirms the containment.

Candidates are *not* validated here: :mod:`kg.models` does that, and the
caller keeps what fails, with the reason, as a reject.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.models import RELATION_TYPES
from kg.quantities import parse_money, parse_years
from kg.resources import PIPELINES_DIR, read_rows

TRIGGERS_PATH = PIPELINES_DIR / "relations" / "triggers.tsv"
MAX_GAP = 30
"""Most characters between a trigger and the nearest head or tail."""

_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*")
_CONNECTOR = re.compile(r"^(?:[、和与及跟同暨]|以及)?$")
_PREPOSITION = re.compile(r"(?:向|为|给|对|到|在|赴|来|帮助|与)$")
_INTRODUCED = re.compile(r"(?:向|为|给|对|到|在|赴|来|与|同|跟)$")
"""A name right after one of these is an object, never the subject of an active trigger."""
_PASSIVE_MARKER = re.compile(r"[由在经]")


@dataclass(frozen=True, slots=True)
class Ent:
    """An entity of the text, as the rules see it."""

    index: int
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class RelationCandidate:
    """A proposed relation, with the sentence slice and trigger that state it."""

    head: int
    tail: int
    label: str
    sentence_start: int
    sentence_end: int
    trigger: str
    amount: str | None = None
    years: str | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    label: str
    mode: str
    pattern: re.Pattern[str]


def load_triggers(path: Path = TRIGGERS_PATH) -> list[Trigger]:
    return [Trigger(label, mode, re.compile(pattern)) for label, mode, pattern in read_rows(path)]


ContainsFn = Callable[[str, str], bool]
"""``contains(outer_name, inner_name)``: does the place ``outer`` contain ``inner``?"""


class RelationRules:
    """Find relation candidates among given entities of a text."""

    def __init__(self, triggers: Sequence[Trigger], contains: ContainsFn) -> None:
        self.triggers = list(triggers)
        self.contains = contains

    def find(self, text: str, ents: Sequence[Ent]) -> list[RelationCandidate]:
        found: dict[tuple[int, int, str], RelationCandidate] = {}
        for sent in _SENTENCE.finditer(text):
            inside = [e for e in ents if sent.start() <= e.start and e.end <= sent.end()]
            if len(inside) < 2:
                continue
            for cand in self._sentence(text, sent.start(), sent.end(), inside):
                found.setdefault((cand.head, cand.tail, cand.label), cand)
        return list(found.values())

    def _sentence(self, text: str, s0: int, s1: int, ents: list[Ent]) -> Iterable[RelationCandidate]:
        sentence = text[s0:s1]
        years = parse_years(sentence)
        yield from self._address_chains(text, s0, s1, ents)
        for trigger in self.triggers:
            heads_ok, tails_ok = RELATION_TYPES[trigger.label]
            for match in trigger.pattern.finditer(text, s0, s1):
                if any(e.start <= match.start() < e.end for e in ents):
                    continue  # the trigger is inside a name (帮扶 in 对口帮扶工作组)
                pairs = self._pairs(text, trigger, match, ents, heads_ok, tails_ok)
                for head, tail in pairs:
                    if head.index == tail.index:
                        continue
                    amount = None
                    if trigger.label == "FUNDS":
                        money = parse_money(text[match.start() : s1]) or parse_money(sentence)
                        if money is None:
                            continue
                        amount = money.text
                    yield RelationCandidate(
                        head.index, tail.index, trigger.label, s0, s1, match.group(),
                        amount=amount, years=years.text if years else None,
                    )

    # ------------------------------------------------------------- pairing
    def _pairs(self, text, trigger, match, ents, heads_ok, tails_ok) -> list[tuple[Ent, Ent]]:
        t0, t1 = match.start(), match.end()
        if trigger.mode == "passive":
            return self._passive(text, t0, t1, ents, heads_ok, tails_ok)
        if trigger.mode == "mutual":
            return self._mutual(text, t0, t1, ents, heads_ok)
        heads = _group_before(text, ents, t0, heads_ok, subjects_only=True)
        if not heads:
            return []
        tails = _group_after(text, ents, t1, tails_ok)
        if not tails:
            tails = self._prepositional_tail(text, ents, heads[-1].end, t0, tails_ok)
        if trigger.label != "LOCATED_IN":
            heads, tails = _innermost(text, heads, self.contains), _innermost(text, tails, self.contains)
        return [(h, t) for h in heads for t in tails]

    @staticmethod
    def _prepositional_tail(text, ents, lo, t0, tails_ok) -> list[Ent]:
        """``上海向云南投入…``: the tail behind 向/为/到/在 between head and trigger."""
        between = [e for e in ents if lo <= e.start and e.end <= t0 and e.label in tails_ok]
        if not between:
            return []
        first = between[0]
        if _PREPOSITION.search(text[lo : first.start]):
            return _extend_forward(text, ents, first, tails_ok)
        return []

    @staticmethod
    def _passive(text, t0, t1, ents, heads_ok, tails_ok) -> list[tuple[Ent, Ent]]:
        window_start = max(0, t0 - MAX_GAP)
        marker = None
        for m in _PASSIVE_MARKER.finditer(text, window_start, t0):
            marker = m
        if marker is None:
            return []
        first = next((e for e in ents if e.start == marker.end()), None)
        if first is None or first.label not in heads_ok:
            return []
        heads = [e for e in _extend_forward(text, ents, first, heads_ok) if e.end <= t0]
        if t0 - heads[-1].end > 12:
            return []
        tails = _group_after(text, ents, t1, tails_ok)
        if not tails:
            tails = [e for e in ents if e.end <= marker.start() and e.label in tails_ok][-1:]
        return [(h, t) for h in heads for t in tails]

    @staticmethod
    def _mutual(text, t0, t1, ents, allowed) -> list[tuple[Ent, Ent]]:
        group = _group_before(text, ents, t0, allowed)
        if len(group) >= 2:
            return [(a, b) for i, a in enumerate(group) for b in group[i + 1 :]]
        if not group:
            return []
        partner = group[0]
        lead = text[max(0, partner.start - 2) : partner.start]
        if re.search(r"[与同跟和]$", lead):
            before = _group_before(text, ents, partner.start - 1, allowed, max_gap=MAX_GAP)
            return [(b, partner) for b in before]
        after = _group_after(text, ents, t1, allowed)
        return [(partner, a) for a in after]

    def _address_chains(self, text, s0, s1, ents) -> Iterable[RelationCandidate]:
        """``上海市嘉定区`` and ``广东省珠海、中山`` state LOCATED_IN (rule 1)."""
        places = [e for e in ents if e.label == "PLACE"]
        for outer, inner in zip(places, places[1:]):
            if inner.start != outer.end:
                continue
            members = _extend_forward(text, ents, inner, frozenset({"PLACE"}))
            for member in members:
                if self.contains(outer.text, member.text):
                    yield RelationCandidate(member.index, outer.index, "LOCATED_IN", s0, s1, "")


def _group_before(text, ents, pos, allowed, max_gap: int = MAX_GAP, subjects_only: bool = False) -> list[Ent]:
    """The coordinated group of allowed names nearest before ``pos``.

    With ``subjects_only``, names introduced by a preposition (到百色, 向云南)
    are passed over: they are objects, not the actor of the trigger.
    """
    before = [e for e in ents if e.end <= pos]
    nearest = next(
        (e for e in reversed(before) if e.label in allowed and not (subjects_only and _introduced(text, ents, e))),
        None,
    )
    if nearest is None or pos - nearest.end > max_gap:
        return []
    group = [nearest]
    for e in reversed(before[: before.index(nearest)]):
        if e.label in allowed and _CONNECTOR.match(text[e.end : group[0].start]):
            group.insert(0, e)
        else:
            break
    return group


def _introduced(text: str, ents, ent: Ent) -> bool:
    """Is ``ent`` (or the address chain it ends) right after a preposition?"""
    start = ent.start
    for e in reversed([e for e in ents if e.end <= start]):
        if e.end == start and e.label == "PLACE" and ent.label == "PLACE":
            start = e.start
        else:
            break
    return bool(_INTRODUCED.search(text[max(0, start - 2) : start]))


def _innermost(text: str, group: list[Ent], contains) -> list[Ent]:
    """Collapse address chains in a group to their innermost place (浙江省湖州市 → 湖州市)."""
    kept = []
    for ent in group:
        if kept and kept[-1].end == ent.start and kept[-1].label == ent.label == "PLACE" and contains(kept[-1].text, ent.text):
            kept[-1] = ent
        else:
            kept.append(ent)
    return kept


def _group_after(text, ents, pos, allowed) -> list[Ent]:
    """The coordinated group of allowed names nearest after ``pos``."""
    nearest = next((e for e in ents if e.start >= pos and e.label in allowed), None)
    if nearest is None or nearest.start - pos > MAX_GAP:
        return []
    return _extend_forward(text, ents, nearest, allowed)


def _extend_forward(text, ents, first: Ent, allowed) -> list[Ent]:
    group = [first]
    for e in ents:
        if e.start < group[-1].end:
            continue
        if e.label in allowed and _CONNECTOR.match(text[group[-1].end : e.start]):
            group.append(e)
        elif e.start >= group[-1].end:
            break
    return group


__all__ = ["Ent", "RelationCandidate", "RelationRules", "load_triggers"]
