"""Entity resolution: mentions → graph entities, with every merge explained.

A stage of its own between extraction and the graph.  It reads extraction
records (the exchange format) and decides which mentions denote the same
thing, label by label (never across labels):

* **places by adcode** — 楚雄, 楚雄州 and 楚雄彝族自治州 are one unit; an
  ambiguous short name (嘉定, 朝阳) is decided by the other places of the same
  document (:meth:`kg.gazetteer.Gazetteer.resolve`);
* **firms by alias** — the lexicon's aliases (``seeds/lexicons/firms.tsv``)
  and the short names derived from every full name seen
  (隆基绿能科技股份有限公司 → 隆基绿能 → 隆基), when a short name points to
  one firm only; a full name written with a leading place is the firm named
  without it (上海光明乳业股份有限公司 → 光明乳业股份有限公司) when the corpus
  names that firm and no other place prefixes the same name;
* **villages by their town** — 原隆村 after 闽宁镇 is keyed by the town's adcode
  (villages are in no lexicon, and many share a name);
* **bodies with an elided place** — 州乡村振兴局 in a document about 楚雄州 is
  楚雄州乡村振兴局; a body's leading place is keyed by adcode, so
  楚雄彝族自治州投资促进局 and 楚雄州投资促进局 are one body;
* everything else by its normalised name (simplified, no spaces or quotes).

Each :class:`ResolvedEntity` says in ``merged_by`` which rule put which names
together; ``kg explain NODE`` prints it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg.gazetteer import Division, Gazetteer, is_village_of
from kg.nlp.firm_names import declared_alias, firm_short_names
from kg.normalize import normalize
from kg.records import doc_of
from kg.resources import LEXICON_DIR, read_rows

ELIDED = {"省": "province", "州": "prefecture", "市": "prefecture", "盟": "prefecture", "县": "county", "区": "county", "旗": "county"}
_NOISE = re.compile(r"[\s“”\"'‘’「」『』]")
CLEAN_CACHE_SIZE = 1 << 17
"""Distinct mention texts whose comparable form is kept."""


@dataclass
class ResolvedEntity:
    """One graph node: the thing behind many mentions."""

    id: str
    type: str
    name: str
    adcode: str = ""
    level: str = ""
    province: str = ""
    aliases: Counter = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    mentions: int = 0
    reasons: set[str] = field(default_factory=set)

    @property
    def merged_by(self) -> str:
        names = ",".join(sorted(self.aliases))
        return "; ".join(sorted(self.reasons)) + (f" [{names}]" if names else "")


def clean_name(mention: Mapping[str, Any]) -> str:
    """The comparable form of a mention: normalised, without spaces and quotes."""
    return _comparable(mention.get("norm"), mention["text"])


@lru_cache(maxsize=CLEAN_CACHE_SIZE)
def _comparable(norm: str | None, text: str) -> str:
    """Cached by surface form: a corpus names the same things again and again, and normalising is slow."""
    return _NOISE.sub("", norm or normalize(text).text)


class Resolver:
    """Resolves the mentions of a corpus; feed documents, then read :attr:`entities`.

    Resolution needs the whole corpus for firm aliases (a full name in one
    document explains a short name in another), so it runs in two passes:
    :meth:`learn` over all records, then :meth:`resolve` per document.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self.entities: dict[str, ResolvedEntity] = {}
        self._firm_alias: dict[str, str] = {}
        self._firm_alias_reason: dict[str, str] = {}
        self._learned: dict[str, set[str]] = defaultdict(set)
        self._firm_names: set[str] = set()
        self._prefixed: dict[str, set[str]] = defaultdict(set)
        """Full firm names by the name they leave once their leading place is dropped."""
        for row in read_rows(LEXICON_DIR / "firms.tsv"):
            full = row[0]
            self._firm_alias[full] = full
            for alias in (row[1].split("|") if len(row) > 1 and row[1] else ()):
                self._firm_alias[alias] = full
                self._firm_alias_reason[alias] = "alias:firms.tsv"

    # ------------------------------------------------------------- pass 1
    def learn(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Collect every full firm name in ``records``, its short names and its name without a leading place."""
        for record in records:
            mentions = record.get("entities", [])
            for mention in mentions:
                if mention["label"] == "FIRM":
                    full = clean_name(mention)
                    self._learn_declared_alias(record, mentions, mention, full)
                    if full in self._firm_names:
                        continue
                    self._firm_names.add(full)
                    for short in firm_short_names(full, self.gazetteer):
                        self._learned[short].add(full)
                    core = _without_place(full, self.gazetteer)
                    if core:
                        self._prefixed[core].add(full)

    def _learn_declared_alias(self, record: Mapping[str, Any], mentions: list, mention: Mapping[str, Any], full: str) -> None:
        """``上海延锋汽车饰件系统有限公司（以下简称“延锋”）``: the bracketed short name is another name of ``full``."""
        alias = declared_alias(record.get("text", ""), mention["end"])
        if alias is None:
            return
        for other in mentions:
            if (other["start"], other["end"]) == alias and other["label"] == "FIRM":
                self._learned[clean_name(other)].add(full)

    # ------------------------------------------------------------- pass 2
    def resolve_document(self, records: list[Mapping[str, Any]]) -> list[list[str]]:
        """Entity ids for every mention of one document's records (same shape as their entities)."""
        context = self._document_places(records)
        ids = []
        for record in records:
            doc = doc_of(record)
            mentions = record.get("entities", [])
            ids.append([self._resolve(m, doc, context, _town_before(mentions, i)) for i, m in enumerate(mentions)])
        return ids

    def _resolve(self, mention: Mapping[str, Any], doc: str, context: "_Context", town: Mapping[str, Any] | None = None) -> str:
        label = mention["label"]
        name = clean_name(mention)
        if label == "PLACE" and town is not None:
            entity = self._village(name, self._place(clean_name(town), context))
        elif label == "PLACE":
            entity = self._place(name, context)
        elif label == "FIRM":
            entity = self._firm(name)
        elif label in ("AGENCY", "PARK", "ORG"):
            entity = self._body(label, name, context)
        else:
            entity = self._get(f"{label}:{name}", label, name, "name")
        entity.aliases[name] += 1
        entity.docs.add(doc)
        entity.mentions += 1
        return entity.id

    def _get(self, node_id: str, label: str, name: str, reason: str, **attrs: str) -> ResolvedEntity:
        entity = self.entities.get(node_id)
        if entity is None:
            entity = self.entities[node_id] = ResolvedEntity(node_id, label, name, **attrs)
        entity.reasons.add(reason)
        return entity

    def _place(self, name: str, context: "_Context") -> ResolvedEntity:
        unit = context.units.get(name) or self.gazetteer.resolve(name, context.adcodes)
        if unit is None:
            region = self._region_kind(name)
            level = "region" if region else ""
            return self._get(f"PLACE:{name}", "PLACE", name, "region" if region else "name", level=level)
        province = ([unit] + list(self.gazetteer.ancestors(unit.adcode)))[-1]
        return self._get(
            f"PLACE:{unit.adcode}", "PLACE", unit.name, f"adcode:{unit.adcode}",
            adcode=unit.adcode, level=unit.level, province=province.adcode,
        )

    def _village(self, name: str, town: ResolvedEntity) -> ResolvedEntity:
        """A village, in no lexicon, keyed by the town written before it: there are hundreds of 新兴村."""
        where = town.adcode or town.name
        return self._get(f"PLACE:{where}:{name}", "PLACE", name, f"village-of:{where}", level="village", province=town.province)

    def _firm(self, name: str) -> ResolvedEntity:
        full, reason = name, "name"
        unprefixed = self._unprefixed(name)
        if name in self._firm_alias:
            full, reason = self._firm_alias[name], self._firm_alias_reason.get(name, "name")
        elif unprefixed != name:
            full, reason = unprefixed, "without-place"
        else:
            firms = {self._unprefixed(f) for f in self._learned.get(name, ())}
            if len(firms) == 1:
                full, reason = firms.pop(), "short-name"
        return self._get(f"FIRM:{full}", "FIRM", full, reason)

    def _unprefixed(self, name: str) -> str:
        """The firm ``name`` denotes once its leading place is dropped, if the corpus names it so and only one place prefixes it."""
        core = _without_place(name, self.gazetteer)
        if core and core in self._firm_names and len(self._prefixed[core]) == 1:
            return core
        return name

    def _body(self, label: str, name: str, context: "_Context") -> ResolvedEntity:
        """Bodies, parks and organisations keyed by the adcode of their leading place."""
        match = next(iter(self.gazetteer.find(name)), None)
        if match is not None and match.start == 0 and len(name) > match.end:
            unit = context.units.get(match.name) or self.gazetteer.resolve(match.name, context.adcodes)
            if unit is not None:
                rest = name[match.end :]
                return self._get(f"{label}:{unit.adcode}:{rest}", label, name, f"place-prefix:{unit.adcode}")
        elided = ELIDED.get(name[0]) if len(name) > 2 else None
        if elided and name[0] in context.home:
            home_name, unit = context.home[name[0]]
            full = home_name + name[1:]
            return self._get(f"{label}:{unit.adcode}:{name[1:]}", label, full, f"elided-place:{name[0]}→{home_name}")
        return self._get(f"{label}:{name}", label, name, "name")

    # ------------------------------------------------------------- context
    def _document_places(self, records: list[Mapping[str, Any]]) -> "_Context":
        """The places a document names, to decide ambiguous and elided ones."""
        names = Counter(
            clean_name(m) for r in records for m in r.get("entities", []) if m["label"] == "PLACE"
        )
        units: dict[str, Division] = {}
        for name in names:
            candidates = self.gazetteer.lookup(name)
            if len(candidates) == 1:
                units[name] = candidates[0]
        adcodes = [u.adcode for u in units.values()]
        for name in names:
            if name not in units:
                unit = self.gazetteer.resolve(name, adcodes)
                if unit is not None:
                    units[name] = unit
        home: dict[str, tuple[str, Division]] = {}
        for char, level in ELIDED.items():
            ranked = [(count, name) for name, count in names.items()
                      if name in units and units[name].level == level and name.endswith(char)]
            if ranked:
                _count, name = max(ranked)
                home[char] = (name, units[name])
        return _Context(units, [u.adcode for u in units.values()], home)

    def _region_kind(self, name: str) -> str:
        """The kind of named region ``name`` is ('' if it is none)."""
        matches = self.gazetteer.find(name)
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(name):
            return matches[0].region
        return ""


_FIRM_ENDINGS = ("公司", "集团")
MIN_FIRM_CORE = 6
"""Shortest name left once a place is dropped: 医药集团 (4) is a kind of firm, 光明乳业股份有限公司 a firm."""


@lru_cache(maxsize=CLEAN_CACHE_SIZE)
def _without_place(name: str, gazetteer: Gazetteer) -> str:
    """``name`` without its leading place (上海光明乳业股份有限公司 → 光明乳业股份有限公司), '' if it has none."""
    cut = gazetteer.prefix_length(name)
    core = name[cut:]
    return core if cut and len(core) >= MIN_FIRM_CORE and core.endswith(_FIRM_ENDINGS) else ""


def _town_before(mentions: list[Mapping[str, Any]], index: int) -> Mapping[str, Any] | None:
    """The town mention written right before mention ``index`` when that is one of its villages (闽宁镇 before 原隆村)."""
    if index == 0:
        return None
    before, mention = mentions[index - 1], mentions[index]
    adjacent = before["label"] == mention["label"] == "PLACE" and before["end"] == mention["start"]
    return before if adjacent and is_village_of(clean_name(mention), clean_name(before)) else None


@dataclass
class _Context:
    """What one document says about places."""

    units: dict[str, Division]
    adcodes: list[str]
    home: dict[str, tuple[str, Division]]
