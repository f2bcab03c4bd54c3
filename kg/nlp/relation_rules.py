"""Rule-based relation candidates between the entities of one text.

A relation is stated by a *trigger* (帮扶, 投资, 共建 …: ``pipelines/relations/
triggers.tsv``) between names of the right types, within one sentence.  The
trigger's *mode* says where its ends are:

* ``active`` — heads are the coordinated group of allowed names nearest
  before the trigger (``上海市和广东省…帮扶…云南`` → both), never a name
  introduced by a preposition (到百色, 与上海); tails are the group right
  after it in the same clause, or a name behind 向/为/到/在 between head and
  trigger (``上海向云南投入``, ``隆基在楚雄投资``);
* ``passive`` — heads follow 由/在/经 (``由上海市援建的…``, ``在广东帮扶下，
  昭通…``), tails follow the trigger or are the clause's subject;
* ``mutual`` — partners on the two sides of 与/同/和/跟 before the trigger
  (``闽宁两省区…合作``, ``楚雄州委与上海的协作``); partners who co-build
  something that is no park (``A与B共建的黄牛交易市场``) cooperate too;
* ``joint`` — ``mutual`` with both partners before the trigger only
  (``A与B召开联席会议``): an act two bodies do together, never one's act on another;
* ``pairing`` — 结对 between two places: the eastern partner assists the
  western one (the donor/recipient direction of ANNOTATION.md); one known
  role decides the other, and ``A、B分别与X、Y结对`` pairs names in order;
* ``give`` — ``X给予Y…支持``: X assists Y;
* ``take`` — ``X把Y作为…``/``纳入``: X implements the program Y;
* ``receive`` — ``X争取/落实/接收Y…资金``: Y funds X; ``X依托Y帮扶``: Y assists X;
* ``attract`` — ``X引进/引入Y``: the firm Y invests in X;
* ``hold`` — ``active`` with the tail right after the trigger (``X召开Y联席会议``);
* ``disburse`` — ``active``, and when no tail follows, the funds go to the
  head's partner (``东城区与武川县结对以来，东城区累计投入资金…``) or to what
  they support next (``宝安区投入帮扶资金2100万元，支持德保县…``); money paid
  in a clause after an assistance, with no one else named (``和平区对口帮扶
  玛曲县以来，累计投入资金…``), runs from the donor to the place it assists.

Address chains (``上海市嘉定区``, ``广东省珠海、中山``) state LOCATED_IN when
the divisions dataset confirms the containment; a document's header (bodies
right before a ``关于…`` title) states that each issues it and that joint
issuers cooperate.  ASSISTS never runs from a
western province to an eastern donor province (``楚雄州干部到上海挂职``).

Candidates are *not* validated here: :mod:`kg.models` does that, and the
caller keeps what fails, with the reason, as a reject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kg.gazetteer import is_village_of
from kg.models import RELATION_TYPES
from kg.nlp.firm_names import declared_alias
from kg.quantities import parse_money, parse_years
from kg.resources import PIPELINES_DIR, read_rows

TRIGGERS_PATH = PIPELINES_DIR / "relations" / "triggers.tsv"
ROLES_PATH = PIPELINES_DIR / "relations" / "province_roles.tsv"
MAX_GAP = 30
"""Most characters between a trigger and the nearest head."""
MAX_TAIL_GAP = 12
"""Most characters between a trigger and the nearest tail (same clause)."""
HELD_GAP = 2
"""``hold`` triggers (召开) take only the name right after them: 召开联席会议, not 召开后…"""
_PROGRAM_MONEY = re.compile(r"(?:专项|帮扶|援助|财政|产业)?(?:资金|经费)")
_HELD_DATE = re.compile(r"(?:\d{4}|[一二三四五六七八九〇零]{4})年(?:度)?")

_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*")
_CONNECTOR = re.compile(r"^(?:[、和与及跟同暨]|以及)?$")
_PARTNER = re.compile(r"[与同跟和]$")
_PREPOSITION = re.compile(r"(?:向|为|给|对|到|在|赴|来|帮助)$")
_INTRODUCED = re.compile(r"(?:向|为|给|对|到|在|赴|来|与|同|跟|联合|携手|配合|按照|根据|围绕|结合|依托|通过|接纳)$")
"""A name right after one of these is an object, never the subject of an active trigger."""
_INTRODUCED_FOR_PROGRAMS = re.compile(r"(?:向|给|对|到|在|赴|来|与|同|跟|联合|携手|配合|按照|根据|围绕|结合|依托|接纳)$")
"""For IMPLEMENTS, 为 opens a clause whose subject implements (为楚雄州统筹推进…)."""
_LOCATIVE = re.compile(r"(?:在|于)$")
"""What introduces where partners act (与B在南京签约), not who they are."""
_PASSIVE_MARKER = re.compile(r"[由在经]")
_PREPOSITION_INSIDE = re.compile(r"[对向给为]")
_PURPOSE = re.compile(r"用于支持|支持|用于|帮助|在")
_PURPOSE_REACH = 24
"""Most characters from a disburse trigger to the word that says what the money is for."""
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_REVERSED_GAP = 6
"""Most characters between a reversed trigger and its actor (引进天津企业天津海河乳品有限公司)."""
_ACTOR_KIND = re.compile(r"(?:籍|的)?(?:企业|龙头企业|民营企业|公司|集团|商会)")
_JOINT_ACTOR = re.compile(r"(?:已|将|还|又|也|积极|主动)?(?:与|同|和|跟|会同|联合|携手|配合)")
"""What joins a partner to the subject of a joint act (A已联合B制定…)."""
JOINT_ACTS = frozenset({"IMPLEMENTS", "ISSUES"})
"""Relations that partners joined to the subject share (A会同B开展…, A与B联合印发《…》)."""
_FUNDS_WORD = re.compile(r"资金|援助|帮扶|捐赠|捐款|投资|经费|款")
_RECEIVED = {"FUNDS": _FUNDS_WORD, "ASSISTS": re.compile(r"(?:帮扶|支援|援助|帮助|支持)(?!资金)")}
"""What must follow the giver after a ``receive`` trigger: 依托福建帮扶 (ASSISTS; 帮扶资金 is money only), 争取福建资金 (FUNDS)."""
_CLAUSE_BREAK = re.compile(r"[，,：:]")
_ASSISTANCE_NOUN = re.compile(r"对口|定点|帮扶|支援|援助|援建")
"""ASSISTS triggers that are also the name of the act (与同心县的对口协作); 携手 (与甘孜的携手合作) is not."""
_RESPECTIVELY = re.compile(r"分别(?:与|同|和|跟)")
_COLLECTIVE_SUBJECT = re.compile(r"双方|[两双三四各我][省市州县区旗盟地方]")
"""A subject standing for several or unnamed actors (两市, 双方, 我市): no one name is restored for it."""
_JOINT_ADVERBS = frozenset({"共同", "联合"})
"""Mutual triggers that are adverbs before a directed one (共同帮扶: two donors, no partnership stated)."""
DIRECTED_OVER_MUTUAL = frozenset({"CO_BUILDS", "ASSISTS"})
"""Labels whose trigger, when it holds a COOPERATES_WITH trigger (合作共建), says all there is."""
_DESCRIBED_AFTER = frozenset({"LOCATED_IN", "INVESTS_IN"})
"""Relations whose trigger may open a description of the head: 位于X的Y, 落户X的Y."""
CLAUSE_BOUND = frozenset({"IMPLEMENTS", "ISSUES"})
PARTNER_MODES = frozenset({"mutual", "joint", "pairing"})
"""Modes whose two ends are partners, both from the trigger's head labels."""
"""Relations whose head is the subject of the trigger's own clause (推进, 印发)."""


class PlaceOracle(Protocol):
    """What the rules need to know about places (implemented over the gazetteer)."""

    def contains(self, outer: str, inner: str) -> bool: ...

    def province(self, name: str) -> str | None: ...


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
    doubt: str | None = None
    """Why the rules doubt this candidate; the caller rejects it with this reason."""


@dataclass(frozen=True, slots=True)
class Trigger:
    label: str
    mode: str
    pattern: re.Pattern[str]


def load_triggers(path: Path = TRIGGERS_PATH) -> list[Trigger]:
    return [Trigger(label, mode, re.compile(pattern)) for label, mode, pattern in read_rows(path)]


def load_province_roles(path: Path = ROLES_PATH) -> dict[str, str]:
    """Province adcode prefix (2 digits) → ``donor`` or ``recipient``."""
    return {code: role for code, role, *_ in read_rows(path)}


class RelationRules:
    """Find relation candidates among given entities of a text."""

    def __init__(self, triggers: Sequence[Trigger], places: PlaceOracle, roles: dict[str, str] | None = None) -> None:
        self.triggers = list(triggers)
        self.places = places
        self.roles = roles if roles is not None else load_province_roles()
        # Matches where some trigger does: one search rules out every trigger of a sentence that has none.
        self._any_trigger = re.compile("|".join(f"(?:{t.pattern.pattern})" for t in self.triggers) or "(?!)")
        # Each trigger with its allowed head labels, tail labels, and labels of its other end.
        self._typed: list[tuple[Trigger, frozenset[str], frozenset[str], frozenset[str]]] = [
            (t, *RELATION_TYPES[t.label], _other_ends(t)) for t in self.triggers
        ]

    def find(self, text: str, ents: Sequence[Ent]) -> list[RelationCandidate]:
        found: dict[tuple[int, int, str], RelationCandidate] = {}
        ents = _without_declared_aliases(text, ents)
        for sent in _SENTENCE.finditer(text):
            inside = [e for e in ents if sent.start() <= e.start and e.end <= sent.end()]
            if len(inside) < 2:
                continue
            for cand in self._sentence(text, sent.start(), sent.end(), inside):
                found.setdefault((cand.head, cand.tail, cand.label), cand)
        return _without_undirected_duplicates(list(found.values()))

    def _sentence(self, text: str, s0: int, s1: int, ents: list[Ent]) -> Iterable[RelationCandidate]:
        years = parse_years(text[s0:s1])
        year_text = years.text if years else None
        for head, tail in self._address_chains(text, ents):
            yield RelationCandidate(tail.index, head.index, "LOCATED_IN", s0, s1, "", years=year_text)
        for head, tail, label in _header_issuers(text, ents):
            yield RelationCandidate(head.index, tail.index, label, s0, s1, "", years=year_text)
        if self._any_trigger.search(text, s0, s1) is None:
            return
        labels = {e.label for e in ents}
        matches = [(typed, match) for typed in self._typed for match in typed[0].pattern.finditer(text, s0, s1)]
        stated = [(typed[0], match) for typed, match in matches]
        paired: list[tuple[Trigger, re.Match[str], list[tuple[Ent, Ent]]]] = []
        for (trigger, heads_ok, tails_ok, other_ends), match in matches:
            typed = not (heads_ok.isdisjoint(labels) or other_ends.isdisjoint(labels))
            if not typed and trigger.label != "CO_BUILDS":
                continue  # no pair of the trigger's types in this sentence (no FIRM for 投资 …)
            if any(e.start <= match.start() < e.end for e in ents):
                continue  # the trigger is inside a name (帮扶 in 对口帮扶工作组)
            if _part_of_a_directed_trigger(trigger, match, stated):
                continue
            if not typed:
                yield from self._joint_builders(text, match, ents, s0, s1, year_text)  # CO_BUILDS, no park named
                continue
            paired.append((trigger, match, self._pairs(text, trigger, match, ents, heads_ok, tails_ok)))
        assisted = [(match.end(), head, tail) for trigger, match, pairs in paired if trigger.label == "ASSISTS" for head, tail in pairs]
        for trigger, match, found_pairs in paired:
            pairs = [(head, tail) for head, tail in found_pairs if head.text != tail.text]
            if not pairs and trigger.mode == "disburse":
                pairs = _funds_of_assistance(text, ents, match.start(), assisted)
            for head, tail in pairs:
                amount = None
                if trigger.label == "FUNDS":
                    money = parse_money(text[match.start() : s1]) or parse_money(text[s0:s1])
                    amount = money.text if money else None
                yield RelationCandidate(
                    head.index, tail.index, trigger.label, s0, s1, match.group(),
                    amount=amount, years=year_text, doubt=self._doubt(trigger.label, head, tail, ents),
                )

    def _joint_builders(self, text, match, ents, s0, s1, year_text) -> Iterable[RelationCandidate]:
        """``A与B共建的黄牛交易市场``: partners who build something that is no park cooperate."""
        partners = self._innermost(self._partners_before(text, ents, match.start(), _ACTORS))
        for position, left in enumerate(partners):
            for right in partners[position + 1 :]:
                if left.text != right.text:
                    yield RelationCandidate(left.index, right.index, "COOPERATES_WITH", s0, s1, match.group(), years=year_text)

    def _doubt(self, label: str, head: Ent, tail: Ent, ents: Sequence[Ent] = ()) -> str | None:
        """ASSISTS runs from donor to recipient, never from a western province to an eastern donor."""
        if label == "ASSISTS" and self._role(head, ents) == "recipient" and self._role(tail, ents) == "donor":
            return f"direction: {head.text} (recipient province) cannot assist {tail.text} (donor province)"
        return None

    def _role(self, ent: Ent, ents: Sequence[Ent] = ()) -> str | None:
        """Donor or recipient, by the province ``ent`` lies in; an ambiguous name (龙华区) by the place written before it (深圳市龙华区)."""
        province = self.places.province(ent.text)
        chain = ent
        while province is None:
            chain = next((e for e in ents if e.end == chain.start and e.label == "PLACE"), None)
            if chain is None:
                return None
            province = self.places.province(chain.text)
        return self.roles.get(province[:2])

    # ------------------------------------------------------------- pairing
    def _pairs(self, text, trigger, match, ents, heads_ok, tails_ok) -> list[tuple[Ent, Ent]]:
        t0, t1 = match.start(), match.end()
        mode = trigger.mode
        if mode == "passive":
            return self._passive(text, t0, t1, ents, heads_ok, tails_ok)
        if mode in PARTNER_MODES:
            pairs = self._mutual(text, t0, t1, ents, heads_ok, partner_after=mode != "joint")
            return self._orient(pairs, ents) if mode == "pairing" else pairs
        if mode == "give":
            return self._give(text, t0, t1, ents, heads_ok, tails_ok)
        if mode == "take":
            return self._take(text, t0, t1, ents, heads_ok, tails_ok)
        if mode == "receive":
            return self._reversed(text, t0, t1, ents, heads_ok, tails_ok, object_then=_RECEIVED[trigger.label])
        if mode == "attract":
            return self._reversed(text, t0, t1, ents, heads_ok, tails_ok)
        # active and disburse
        if trigger.label == "CO_BUILDS":
            heads = self._partners_before(text, ents, t0, heads_ok)
        else:
            introducer = _INTRODUCED_FOR_PROGRAMS if trigger.label == "IMPLEMENTS" else _INTRODUCED
            heads = _group_before(text, ents, t0, heads_ok, subjects_only=True, introducer=introducer)
        if not heads and trigger.label in _DESCRIBED_AFTER:
            return self._described_after(text, ents, t0, t1, heads_ok, tails_ok)
        if not heads or (trigger.label in CLAUSE_BOUND and _CLAUSE_BREAK.search(text, heads[-1].end, t0)):
            return []
        if _collective_subject_between(text, heads[-1].end, t0):
            heads = self._named_pair(ents, heads[-1].end, heads_ok)  # A对口帮扶B以来，两地共建…: both, not B alone
            if not heads:
                return []
        if trigger.label in JOINT_ACTS:
            heads = _with_partners_after(text, ents, heads, t0, heads_ok)
        tails = _group_after(text, ents, t1, tails_ok, max_gap=HELD_GAP if mode == "hold" else MAX_TAIL_GAP)
        dated = _HELD_DATE.match(text, t1) if mode == "hold" and not tails else None
        if dated:
            tails = _group_after(text, ents, dated.end(), tails_ok, max_gap=HELD_GAP)  # 召开2024年东西部协作联席会议
        if trigger.label == "FUNDS":
            # 向延安市捐赠苏陕协作专项资金, 投入泾源县东西部协作财政资金: the program names the money, the payee is elsewhere
            tails = [t for t in tails if not (t.label == "PROGRAM" and _PROGRAM_MONEY.match(text, t.end))]
        if not tails and mode != "hold":
            tails = self._prepositional_tail(text, ents, heads[-1].end, t0, tails_ok)
        if not tails and trigger.label == "ASSISTS" and _ASSISTANCE_NOUN.match(match.group()):
            partner = _partner_of_the_act(text, ents, heads[-1].end, t0, tails_ok)
            if partner is not None:
                return self._orient([(h, partner) for h in self._innermost(heads)], ents)
        if not tails and trigger.label == "CO_BUILDS":
            tails = self._parks_before_partner(text, ents, heads, tails_ok)
        if not tails and mode == "disburse" and not _CLAUSE_BREAK.search(text, heads[-1].end, t0):
            tails = _partner_of(text, ents, heads, t0, tails_ok)  # the payer is named in the clause
        if not tails and mode == "disburse":
            tails = _beneficiary_after(text, ents, t1, tails_ok)
        if trigger.label != "LOCATED_IN":
            heads, tails = self._innermost(heads), self._innermost(tails)
        return [(h, t) for h in heads for t in tails]

    def _named_pair(self, ents, end: int, allowed) -> list[Ent]:
        """The two actors a collective subject (两地, 双方) stands for: the only two named up to ``end``."""
        actors = self._innermost([e for e in ents if e.end <= end and e.label in allowed])
        return actors if len({e.text for e in actors}) == 2 == len(actors) else []

    def _described_after(self, text, ents, t0, t1, heads_ok, tails_ok) -> list[tuple[Ent, Ent]]:
        """``位于银川市西夏区的宁夏大学``, ``落户天水经济技术开发区的天津力神电池股份有限公司``.

        With no head before the trigger, the name 的 introduces is its head: it
        lies in, or invested in, the place or park right after the trigger, or
        right before it (``山东产业园新入驻的淄博鲁岳制衣有限公司``).
        """
        places = self._innermost(_group_after(text, ents, t1, tails_ok))
        if places:
            of = places[0].end  # 落户X的Y
        elif text.startswith("的", t1):
            places, of = self._innermost(_group_before(text, ents, t0, tails_ok, max_gap=1)), t1  # X新入驻的Y
        else:
            return []
        if len(places) != 1 or not text.startswith("的", of):
            return []
        named = _next_ent(ents, of)
        if named is None or named.start != of + 1 or named.label not in heads_ok:
            return []
        return [(named, places[0])]

    def _partners_before(self, text, ents, pos, allowed) -> list[Ent]:
        """``福州市与固原市共建``: both partners are heads."""
        group = _group_before(text, ents, pos, allowed)
        if len(group) == 1 and _PARTNER.search(text[max(0, group[0].start - 1) : group[0].start]):
            group = _group_before(text, ents, group[0].start - 1, allowed) + group
        return group

    @staticmethod
    def _parks_before_partner(text, ents, heads, tails_ok) -> list[Ent]:
        """``支持自贸试验区、经开区与上海结对共建``: the parks before 与 are co-built with the partner after it."""
        first = heads[0]
        if not re.search(r"[与同和]$", text[max(0, first.start - 1) : first.start]):
            return []
        return _group_before(text, ents, first.start - 1, tails_ok, max_gap=MAX_GAP)

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

    def _passive(self, text, t0, t1, ents, heads_ok, tails_ok) -> list[tuple[Ent, Ent]]:
        marker = None
        for m in _PASSIVE_MARKER.finditer(text, max(0, t0 - MAX_GAP), t0):
            marker = m
        if marker is None or (marker.group() == "在" and not text.startswith("下", t1)):
            return []  # 在 is passive only as 在…帮扶下; 在汪清县投入帮扶资金 is where, not by whom
        first = next((e for e in ents if e.start == marker.end()), None)
        if first is not None and first.label not in heads_ok:
            first = _described_actor(text, ents, first, heads_ok)  # 由扬州企业江苏三和…公司投资
        if first is None or first.label not in heads_ok:
            return []
        heads = [e for e in _extend_forward(text, ents, first, heads_ok) if e.end <= t0]
        if not heads or t0 - heads[-1].end > 12:
            return []
        tails = _group_after(text, ents, t1, tails_ok, cross_clause=True)
        if not tails:
            tails = [e for e in ents if e.end <= marker.start() and e.label in tails_ok][-1:]
        return [(h, t) for h in self._innermost(heads) for t in self._innermost(tails)]

    def _mutual(self, text, t0, t1, ents, allowed, partner_after: bool = True) -> list[tuple[Ent, Ent]]:
        """Partners on the two sides of 与/同/和/跟 before the trigger, or (``partner_after``) one before and one after it."""
        respective = self._respective_pairs(text, ents, t0, allowed)
        if respective:
            return respective
        group = _group_before(text, ents, t0, allowed, subjects_only=True, introducer=_LOCATIVE)  # A与B在南京举行…: 南京 is where
        if not group:
            return []
        sides = self._sides(text, group)
        if len(sides) < 2:
            lead = text[max(0, group[0].start - 1) : group[0].start]
            if _PARTNER.search(lead):
                before = _group_before(text, ents, group[0].start - 1, allowed, subjects_only=True)
                if not before or _CLAUSE_BREAK.search(text, before[-1].end, group[0].start):
                    return []
                sides = [self._innermost(before), self._innermost(group)]
            elif _introduced(text, ents, group[-1]) or not partner_after:
                return []  # 赴上海和广东…交流: the names are where, not who
            else:
                after = _group_after(text, ents, t1, allowed, max_gap=4)
                if not after:
                    return []
                sides = [sides[0], self._innermost(after)]
        return [(a, b) for i, side in enumerate(sides) for a in side for other in sides[i + 1 :] for b in other]

    def _respective_pairs(self, text, ents, t0, allowed) -> list[tuple[Ent, Ent]]:
        """``A、B和C分别与临夏州的X、Y、Z结对``: the i-th name before 分别与 pairs with the i-th after it."""
        found = [m for m in _RESPECTIVELY.finditer(text, ents[0].start if ents else 0, t0)]
        if not found or _CLAUSE_BREAK.search(text, found[-1].end(), t0):
            return []
        joint = found[-1]
        left = self._innermost(_group_before(text, ents, joint.start(), allowed, max_gap=2))
        right = self._innermost([e for e in ents if joint.end() <= e.start and e.end <= t0 and e.label in allowed])
        right = [e for e, after in zip(right, [*right[1:], None]) if after is None or not self.places.contains(e.text, after.text)]
        if len(right) == 1 < len(left):
            return [(e, right[0]) for e in left]  # 鼓楼区、仓山区分别与西吉县的两个乡镇结对
        return list(zip(left, right)) if len(left) == len(right) >= 2 else []

    def _sides(self, text: str, group: list[Ent]) -> list[list[Ent]]:
        """Split a coordinated group at 与/同/和/跟 (、 joins names on one side)."""
        sides: list[list[Ent]] = [[group[0]]]
        for prev, ent in zip(group, group[1:]):
            if text[prev.end : ent.start] in ("与", "同", "和", "跟"):
                sides.append([ent])
            else:
                sides[-1].append(ent)
        return [self._innermost(side) for side in sides]

    def _orient(self, pairs: list[tuple[Ent, Ent]], ents: Sequence[Ent]) -> list[tuple[Ent, Ent]]:
        """结对 partners: the donor assists the recipient.

        A pair joins a donor and a recipient, so one known role decides the
        other (龙华区 is in two provinces; its partner 都安瑶族自治县 is a recipient);
        two unknown or equal roles give nothing.
        """
        oriented = []
        for a, b in pairs:
            roles = (self._role(a, ents), self._role(b, ents))
            if roles in (("donor", "recipient"), ("donor", None), (None, "recipient")):
                oriented.append((a, b))
            elif roles in (("recipient", "donor"), ("recipient", None), (None, "donor")):
                oriented.append((b, a))
        return oriented

    def _give(self, text, t0, t1, ents, heads_ok, tails_ok) -> list[tuple[Ent, Ent]]:
        """``上海市委…给予了楚雄州全方位的支持和帮助``."""
        heads = _group_before(text, ents, t0, heads_ok, max_gap=2 * MAX_GAP, subjects_only=True)
        tails = _group_after(text, ents, t1, tails_ok, max_gap=4)
        return [(h, t) for h in self._innermost(heads) for t in self._innermost(tails)]

    def _take(self, text, t0, t1, ents, heads_ok, tails_ok) -> list[tuple[Ent, Ent]]:
        """``云南把滬滇、粵滇扶貧協作作為…``: the head before 把, the program right after it."""
        ba = text.rfind("把", max(0, t0 - MAX_GAP), t0)
        if ba < 0:
            return []
        heads = _group_before(text, ents, ba, heads_ok, max_gap=10)
        tails = _group_after(text, ents, ba + 1, tails_ok, max_gap=3)
        tails = [t for t in tails if t.end <= t0]
        return [(h, t) for h in heads for t in tails]

    def _reversed(self, text, t0, t1, ents, heads_ok, tails_ok, object_then: re.Pattern[str] | None = None) -> list[tuple[Ent, Ent]]:
        """The name after the trigger acts on the subject before it.

        ``吴忠市争取福建帮扶资金3.2亿元`` (receive: ``object_then`` requires the
        funds word after the payer), ``漳县引进天津博奥生物科技有限公司`` (attract).
        """
        heads = _group_after(text, ents, t1, heads_ok, max_gap=_REVERSED_GAP)
        if not heads or _PREPOSITION_INSIDE.search(text, t1, heads[0].start):
            return []  # 落实对甘肃省援助资金: the subject disburses, it does not receive
        if object_then is not None and not object_then.search(text, heads[-1].end, heads[-1].end + 8):
            return []
        tails = _group_before(text, ents, t0, tails_ok, max_gap=8, subjects_only=True)
        if not tails and object_then is None:
            tails = _elided_subject(text, ents, t0, tails_ok)  # 叶城县依托上海援疆资源，引进…
        return [(h, t) for h in self._innermost(heads) for t in self._innermost(tails)]

    def _innermost(self, group: list[Ent]) -> list[Ent]:
        """Collapse address chains in a group to their innermost place (浙江省湖州市 → 湖州市).

        A place written right before a park is the park's address (红河州蒙自经济技术开发区):
        the park is kept.
        """
        kept: list[Ent] = []
        for ent in group:
            if kept and kept[-1].end == ent.start and kept[-1].label == "PLACE" and (
                ent.label == "PARK" or (ent.label == "PLACE" and self.places.contains(kept[-1].text, ent.text))
            ):
                kept[-1] = ent
            else:
                kept.append(ent)
        return kept

    def _address_chains(self, text: str, ents: list[Ent]) -> Iterable[tuple[Ent, Ent]]:
        """``上海市嘉定区`` and ``广东省珠海、中山`` state LOCATED_IN (rule 1): (outer, inner) pairs.

        Each level is in the next one up only: 广东省云浮市新兴县 states 云浮市 in 广东省
        and 新兴县 in 云浮市, not 新兴县 in 广东省.
        """
        places = [e for e in ents if e.label == "PLACE"]
        for outer, inner in zip(places, places[1:]):
            if inner.start != outer.end:
                continue
            if is_village_of(inner.text, outer.text):
                yield outer, inner  # 闽宁镇原隆村: villages are in no lexicon, the chain itself says it
                continue
            chain = [outer]
            for member in _extend_forward(text, ents, inner, frozenset({"PLACE"})):
                parent = next((c for c in reversed(chain) if self.places.contains(c.text, member.text)), None)
                if parent is outer:
                    yield outer, member
                chain.append(member)


_ISSUERS = RELATION_TYPES["ISSUES"][0]
_ACTORS = RELATION_TYPES["COOPERATES_WITH"][0]


def _header_issuers(text: str, ents: Sequence[Ent]) -> Iterable[tuple[Ent, Ent, str]]:
    """A document's header: the bodies written right before a ``关于…`` title issue it, and issue it together.

    ``宁波市对口支援和区域合作局 凉山州乡村振兴局 关于联合开展…的通知`` states that both
    issue the notice and that they cooperate (ANNOTATION.md: joint signers).
    """
    for position, title in enumerate(ents):
        if title.label != "POLICY" or not title.text.startswith("关于"):
            continue
        issuers: list[Ent] = []
        for ent in reversed(ents[:position]):
            if ent.end != (issuers[0].start if issuers else title.start) or ent.label not in _ISSUERS:
                break
            issuers.insert(0, ent)
        for issuer in issuers:
            yield issuer, title, "ISSUES"
        for left, right in zip(issuers, issuers[1:]):
            yield left, right, "COOPERATES_WITH"


def _without_declared_aliases(text: str, ents: Sequence[Ent]) -> Sequence[Ent]:
    """``厦门建发股份有限公司（简称“建发股份”）与固原市…签署``: the name in brackets is the one before it, which states the relation."""
    declared = {alias[0] for e in ents if text.startswith(("（", "("), e.end) and (alias := declared_alias(text, e.end)) is not None}
    return [e for e in ents if e.start not in declared] if declared else ents


def _without_undirected_duplicates(candidates: list[RelationCandidate]) -> list[RelationCandidate]:
    """No COOPERATES_WITH between two names of which one assists the other (X与Y结成对子…开展合作).

    COOPERATES_WITH is cooperation without a donor direction (ANNOTATION.md);
    once the text gives the direction, the pair's relation is ASSISTS.
    """
    assisting = {frozenset((c.head, c.tail)) for c in candidates if c.label == "ASSISTS" and c.doubt is None}
    return [c for c in candidates if not (c.label == "COOPERATES_WITH" and frozenset((c.head, c.tail)) in assisting)]


def _part_of_a_directed_trigger(trigger: Trigger, match: re.Match[str], matches: list[tuple[Trigger, re.Match[str]]]) -> bool:
    """``合作`` in ``合作共建``, ``协作`` in ``对口协作``, ``共同`` in ``共同帮扶``: the directed trigger says it all.

    A mutual COOPERATES_WITH trigger inside a longer CO_BUILDS or ASSISTS
    trigger, or right before one as its adverb, is part of that statement,
    not a second one.
    """
    if trigger.label != "COOPERATES_WITH":
        return False
    size = match.end() - match.start()
    return any(
        other.label in DIRECTED_OVER_MUTUAL
        and (
            (found.start() == match.end() and match.group() in _JOINT_ADVERBS)
            or (found.start() <= match.start() and match.end() <= found.end() and found.end() - found.start() > size)
        )
        for other, found in matches
    )


def _next_ent(ents: Sequence[Ent], pos: int) -> Ent | None:
    """The first entity that starts at or after ``pos``."""
    return next((e for e in ents if e.start >= pos), None)


def _with_partners_after(text: str, ents: Sequence[Ent], heads: list[Ent], t0: int, allowed) -> list[Ent]:
    """``石嘴山市商务局会同福州市商务局开展…``: partners joined to the subject act with it."""
    following = _next_ent(ents, heads[-1].end)
    if (
        following is None or following.label not in allowed or following.end > t0
        or not _JOINT_ACTOR.fullmatch(text[heads[-1].end : following.start])
        or _CLAUSE_BREAK.search(text, following.end, t0)
    ):
        return heads
    return heads + [e for e in _extend_forward(text, ents, following, allowed) if e.end <= t0]


def _described_actor(text: str, ents: Sequence[Ent], first: Ent, allowed) -> Ent | None:
    """``由扬州企业江苏三和荞麦食品有限公司投资``: the actor after a place and a kind word (企业)."""
    following = _next_ent(ents, first.end)
    if following is None or following.label not in allowed or not _ACTOR_KIND.fullmatch(text[first.end : following.start]):
        return None
    return following


def _partner_of(text: str, ents: Sequence[Ent], heads: list[Ent], t0: int, allowed) -> list[Ent]:
    """``东城区与武川县结对以来，东城区累计投入资金``: the funds go to the head's partner named before.

    A partner is joined to a mention of a head by 与/同/和 (either order),
    or introduced by 与 after the head (晋江市持续深化与同心县的对口协作，…投入).
    """
    names = {h.text for h in heads}
    before = [e for e in ents if e.end <= t0]
    for position, (left, right) in enumerate(zip(before, before[1:])):
        if text[left.end : right.start] in ("与", "同", "和"):
            right = _chain_end(before, position + 1)  # 与陕西省安康市紫阳县: the partner is 紫阳县
            if left.text in names and right.label in allowed and right.text not in names:
                return [right]
            if right.text in names and left.label in allowed and left.text not in names:
                return [left]
    after_with = next(
        (e for e in before if e.label in allowed and e.text not in names and e.start > heads[0].end and text[e.start - 1 : e.start] == "与"),
        None,
    )
    return _extend_forward(text, ents, after_with, allowed) if after_with is not None else []


def _partner_of_the_act(text: str, ents: Sequence[Ent], lo: int, t0: int, allowed) -> Ent | None:
    """``晋江市持续深化与同心县的对口协作``: the partner named in 与…的 right before the assistance noun.

    It names the other side of the assistance but not its direction, which
    the partners' donor and recipient roles give (:meth:`RelationRules._orient`).
    """
    partner = next((e for e in ents if lo <= e.start and e.end <= t0 and text[e.end : t0] == "的"), None)
    if partner is None or partner.label not in allowed or text[partner.start - 1 : partner.start] not in ("与", "同", "和"):
        return None
    return partner


_SUBJECT_LEAD = 8
"""Most characters before a sentence's subject (今年以来，) for it to open the sentence."""
_ADVERBS_LEAD = 4
"""Most characters between a clause break and its verb when the clause has no subject (，先后引进)."""


def _elided_subject(text: str, ents: Sequence[Ent], t0: int, allowed) -> list[Ent]:
    """The subject that opens the sentence, for a later clause that names none of its own.

    ``叶城县依托上海援疆资源，引进上海联川服饰有限公司``: the clause before the
    trigger holds no name, so its subject is the sentence's.
    """
    s0 = max((m.end() for m in _SENTENCE_END.finditer(text, 0, t0)), default=0)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, s0, t0)]
    if not breaks or t0 - breaks[-1] > _ADVERBS_LEAD or any(breaks[-1] <= e.start < t0 for e in ents):
        return []
    first = _next_ent(ents, s0)
    if first is None or first.label not in allowed or first.start - s0 > _SUBJECT_LEAD or first.end > breaks[0]:
        return []
    return [e for e in _extend_forward(text, ents, first, allowed) if e.end <= breaks[0]]


def _collective_subject_between(text: str, start: int, t0: int) -> bool:
    """Does a clause between ``start`` and the trigger open with a collective subject (，两地共建)?"""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, start, t0)]
    return bool(breaks) and _COLLECTIVE_SUBJECT.search(text, breaks[-1], t0) is not None


def _funds_of_assistance(text: str, ents: Sequence[Ent], t0: int, assisted: list[tuple[int, Ent, Ent]]) -> list[tuple[Ent, Ent]]:
    """``和平区对口帮扶玛曲县五年来，累计投入帮扶资金1.9亿元``: the donor funds the place it assists.

    For money paid in a later clause of the sentence that names no one else
    (the subject is elided, or repeats the donor: 东城区与武川县结对以来，东城区累计
    投入资金), the ASSISTS pairs stated last before the money are its payer and payee.
    """
    before = [item for item in assisted if item[0] <= t0 and _CLAUSE_BREAK.search(text, item[0], t0)]
    if not before:
        return []
    last = max(end for end, _head, _tail in before)
    pairs = [(head, tail) for end, head, tail in before if end == last]
    named = {e.text for pair in pairs for e in pair}
    clause = max(m.end() for m in _CLAUSE_BREAK.finditer(text, last, t0))
    if any(e.text not in named for e in ents if clause <= e.start and e.end <= t0):
        return []  # 上海帮扶楚雄，广东投入…: someone else pays
    if _collective_subject_between(text, last, t0):
        return []  # 两市今年投入…: the payer is a group the text does not name (rule 12)
    return pairs


def _chain_end(ents: Sequence[Ent], index: int) -> Ent:
    """The last place of the address chain that starts at ``ents[index]`` (陕西省安康市紫阳县 → 紫阳县)."""
    while index + 1 < len(ents) and ents[index].label == ents[index + 1].label == "PLACE" and ents[index].end == ents[index + 1].start:
        index += 1
    return ents[index]


def _beneficiary_after(text: str, ents: Sequence[Ent], t1: int, allowed) -> list[Ent]:
    """``宝安区投入帮扶资金2100万元，支持德保县建设…``: the funds go to what the money supports next."""
    purpose = _PURPOSE.search(text, t1, t1 + _PURPOSE_REACH)
    if purpose is None or _SENTENCE_END.search(text, t1, purpose.start()):
        return []
    return _group_after(text, ents, purpose.end(), allowed, max_gap=2)


def _other_ends(trigger: Trigger) -> frozenset[str]:
    """The labels a trigger's second end can have: the partners of :data:`PARTNER_MODES` are both heads."""
    heads_ok, tails_ok = RELATION_TYPES[trigger.label]
    return heads_ok if trigger.mode in PARTNER_MODES else tails_ok


def _introduced(text: str, ents: Sequence[Ent], ent: Ent, introducer: re.Pattern[str] = _INTRODUCED) -> bool:
    """Is ``ent`` (or the coordinated list or address chain it ends) right after a preposition?"""
    start = ent.start
    for e in reversed([e for e in ents if e.end <= start]):
        if e.end == start or (e.label == ent.label and text[e.end : start] in ("、", "和", "及")):
            start = e.start
        else:
            break
    return bool(introducer.search(text[max(0, start - 4) : start]))


def _group_before(
    text, ents, pos, allowed, max_gap: int = MAX_GAP, subjects_only: bool = False, introducer: re.Pattern[str] = _INTRODUCED
) -> list[Ent]:
    """The coordinated group of allowed names nearest before ``pos``.

    With ``subjects_only``, names introduced by a preposition (到百色, 向云南)
    are passed over: they are objects, not the actor of the trigger.
    """
    before = [e for e in ents if e.end <= pos]
    at = len(before) - 1  # ents are in text order: walk back from the nearest, no further than max_gap
    while at >= 0 and pos - before[at].end <= max_gap:
        e = before[at]
        if e.label in allowed and not (subjects_only and _introduced(text, ents, e, introducer)):
            break
        at -= 1
    if at < 0 or pos - before[at].end > max_gap:
        return []
    group = [before[at]]
    for e in reversed(before[:at]):
        if e.label in allowed and _CONNECTOR.match(text[e.end : group[0].start]):
            group.insert(0, e)
        else:
            break
    return group


def _group_after(text, ents, pos, allowed, max_gap: int = MAX_TAIL_GAP, cross_clause: bool = False) -> list[Ent]:
    """The coordinated group of allowed names nearest after ``pos``, in the same clause."""
    nearest = next((e for e in ents if e.start >= pos and e.label in allowed), None)
    if nearest is None or nearest.start - pos > max_gap:
        return []
    if not cross_clause and _CLAUSE_BREAK.search(text, pos, nearest.start):
        return []
    return _extend_forward(text, ents, nearest, allowed)


def _extend_forward(text, ents, first: Ent | None, allowed) -> list[Ent]:
    if first is None:
        return []
    group = [first]
    for e in ents:
        if e.start < group[-1].end:
            continue
        if e.label in allowed and _CONNECTOR.match(text[group[-1].end : e.start]):
            group.append(e)
        else:
            break
    return group


__all__ = ["Ent", "PlaceOracle", "RelationCandidate", "RelationRules", "load_triggers"]
