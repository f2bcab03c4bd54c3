"""kg's registered spaCy components: recognisers and the span merger.

Each recogniser writes *candidates* into a span group of its own
(``doc.spans["kg_places"]``, ``doc.spans["kg_names"]``); the statistical NER,
when a pipeline has one, writes ``doc.ents`` as usual.  The last component,
``kg_entity_merger``, reads every source named in its config and decides the
final, non-overlapping ``doc.ents``.  Keeping candidates apart until the end
is what lets a pipeline config reorder or drop recognisers without code edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from kg.gazetteer import Gazetteer
from kg.nlp.common_words import common_bigrams, common_words
from kg.nlp.firm_names import declared_alias, firm_short_names
from kg.nlp.name_rules import Candidate, NameRules, is_full_place_name
from kg.nlp.relation_rules import Ent, RelationRules, load_triggers
from kg.nlp.tokenizer import doc_text, line_breaks

DOC_ID_KEY = "kg.doc"
"""``doc.user_data`` key of the source document's id, set by the caller."""

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)

PLACES_KEY = "kg_places"
NAMES_KEY = "kg_names"

BATCH_SIZE = 128
"""Docs a component processes before handing them on (``nlp.pipe`` passes its own)."""


class BatchedComponent:
    """A component that runs over a batch of Docs before the next component starts.

    Without ``pipe``, spaCy passes each Doc through every component in turn, and
    each component's automata, regexes and word sets are evicted from the CPU
    cache by the others': on short records that made extraction 1.4× slower.
    """

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            yield from [self(doc) for doc in batch]


class PlaceRecognizer(BatchedComponent):
    """PLACE candidates from the administrative-divisions gazetteer.

    Each span's ``kb_id_`` holds the adcode when the name denotes one unit,
    so entity resolution can use it later.
    """

    def __init__(self, nlp: Language, name: str, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.gazetteer: Gazetteer | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.gazetteer = Gazetteer.default()

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None:
            self.initialize()
        spans = []
        text = doc_text(doc)
        for match in self.gazetteer.find(text):
            doubted = match.name in self.gazetteer.word_guarded or not any(u.name == match.name for u in match.candidates)
            if doubted and straddles_word(text, match.start, match.end):
                continue
            span = doc.char_span(match.start, match.end, label="PLACE")
            if span is None:
                continue
            if len(match.candidates) == 1:
                span.kb_id_ = match.candidates[0].adcode
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


_ADMIN_ENDINGS = frozenset("省市州县区旗盟镇乡")
"""A word ending like this is the place's own full name (云南省 is in jieba's dictionary too)."""


def straddles_word(text: str, start: int, end: int) -> bool:
    """Is the place name ``text[start:end]`` part of a common word that reaches past it?

    ``召开州级`` holds 开州 (short for 开州区) but reads 召开 + 州级; ``中东部``
    holds 中东 but reads 中 + 东部; ``长治久安`` is an idiom, not 长治市.
    Callers ask this of short forms and regions only: an official full name
    (开州区, 云南省) is never doubted.  A two-character word on the left edge
    counts only when the character before it is not itself the end of a
    word (引进深圳: 进深 is no reading, 引进 is).  A name of three or more
    characters that is a common word itself (内蒙古) is read as that word
    whatever two-character word its edges make.
    """
    bigrams, words = common_bigrams(), common_words()
    whole_word = end - start >= 3 and text[start:end] in words  # 在内蒙古 reads 在 + 内蒙古, not 在内 + 蒙古
    if not whole_word and start > 0 and text[start - 1 : start + 1] in bigrams and text[max(0, start - 2) : start] not in bigrams:
        return True
    if not whole_word and end < len(text) and text[end - 1 : end + 1] in bigrams:
        return True
    for length in (3, 4):
        for left in range(max(0, end - length), min(start, len(text) - length) + 1):
            window = text[left : left + length]
            if (left < start or left + length > end) and window in words and window[-1] not in _ADMIN_ENDINGS:
                return True
    return False


@Language.factory("kg_place_recognizer", default_config={"spans_key": PLACES_KEY})
def make_place_recognizer(nlp: Language, name: str, spans_key: str) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name, spans_key)


class NameRecognizer(BatchedComponent):
    """AGENCY, ORG, FIRM, PARK, PROGRAM, POLICY and PERSON candidates by head words and patterns."""

    def __init__(self, nlp: Language, name: str, spans_key: str, places_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.places_key = places_key
        self.rules: NameRules | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.rules = NameRules()

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            self.initialize()
        places = [(s.start_char, s.end_char) for s in doc.spans.get(self.places_key, [])]
        spans = []
        for cand in self.rules.find(doc_text(doc), places, line_breaks(doc)):
            span = doc.char_span(cand.start, cand.end, label=cand.label)
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "kg_name_recognizer", default_config={"spans_key": NAMES_KEY, "places_key": PLACES_KEY}
)
def make_name_recognizer(nlp: Language, name: str, spans_key: str, places_key: str) -> NameRecognizer:
    return NameRecognizer(nlp, name, spans_key, places_key)


MERGE_POLICIES = ("longest", "priority")


class EntityMerger(BatchedComponent):
    """Choose the final entities from all candidate sources.

    Sources are span-group keys, or ``"ents"`` for a statistical NER's
    ``doc.ents``.  ``policy`` decides among overlapping candidates:

    * ``"longest"`` (default): the longer one wins (a body's name holds its
      place: rule 2), then the earlier source;
    * ``"priority"``: the earlier source wins outright, then the longer
      span; later sources only fill what earlier ones left free (e.g. rules
      first, a statistical NER for the names no rule knows).

    Under either policy a PERSON candidate never overrides a place, except a
    two-character short form inside the name (郭玉林 holds 玉林).
    """

    def __init__(self, nlp: Language, name: str, sources: Sequence[str], policy: str = "longest") -> None:
        if policy not in MERGE_POLICIES:
            raise ValueError(f"kg_entity_merger: unknown policy {policy!r}; choose one of {', '.join(MERGE_POLICIES)}")
        self.name = name
        self.sources = list(sources)
        self.policy = policy

    def __call__(self, doc: Doc) -> Doc:
        ranked: list[tuple[int, int, Span]] = []
        for priority, source in enumerate(self.sources):
            for span in self._spans(doc, source):
                ranked.append((priority, span.start, span))
        doc.ents = choose_spans(ranked, self.policy)
        return doc

    @staticmethod
    def _spans(doc: Doc, source: str) -> Iterable[Span]:
        if source == "ents":
            return list(doc.ents)
        return list(doc.spans.get(source, []))


def choose_spans(ranked: list[tuple[int, int, Span]], policy: str = "longest") -> list[Span]:
    """Non-overlapping spans of ``(priority, start, span)`` candidates, in text order.

    ``"longest"``: longest first, then by priority, then leftmost;
    ``"priority"``: by priority first, then longest, then leftmost.
    Each Span's offsets and label are read once (each read is a spaCy call).
    """
    order = {
        "longest": lambda c: (c[1] - c[2], c[0], c[3]),
        "priority": lambda c: (c[0], c[1] - c[2], c[3]),
    }[policy]
    # (priority, start, end, given start, label, span), best first
    candidates = [(p, span.start, span.end, start, span.label_, span) for p, start, span in ranked]
    candidates.sort(key=order)
    places = {(c[1], c[2], c[5]) for c in candidates if c[4] == "PLACE"}
    taken = bytearray(max((c[2] for c in candidates), default=0))
    chosen = []
    for _priority, start, end, _given, label, span in candidates:
        if label == "PERSON" and any(a < end and start < b and not _name_part(start, end, place) for a, b, place in places):
            continue
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, span))
    chosen.sort(key=lambda c: c[0])
    return [span for _start, span in chosen]


def _name_part(start: int, end: int, place: Span) -> bool:
    """Is ``place`` a two-character short form inside the PERSON ``start:end`` (郭玉林 holds 玉林)?"""
    inside = start <= place.start and place.end <= end and (place.start, place.end) != (start, end)
    return inside and place.end - place.start == 2 and not is_full_place_name(place.text)


@Language.factory(
    "kg_entity_merger", default_config={"sources": [NAMES_KEY, PLACES_KEY], "policy": "longest"}
)
def make_entity_merger(nlp: Language, name: str, sources: list[str], policy: str) -> EntityMerger:
    return EntityMerger(nlp, name, sources, policy)


class FirmShortNames(BatchedComponent):
    """Short names learned from full names earlier in the same document.

    A document's records pass through the pipeline in order, each Doc carrying
    its document id in ``doc.user_data["kg.doc"]``; this component remembers
    the short names of every full firm name (隆基绿能科技股份有限公司 →
    隆基绿能, 隆基) and every short name declared in brackets after a name of
    any label (…有限公司（以下简称“延锋”）) until the document changes, and
    marks their uses, the declaration included.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self._doc_id: object = None
        self._names: dict[str, str] = {}

    def __call__(self, doc: Doc) -> Doc:
        doc_id = doc.user_data.get(DOC_ID_KEY)
        if doc_id is None or doc_id != self._doc_id:
            self._doc_id, self._names = doc_id, {}
        ents, text = doc.ents, doc_text(doc)
        for ent in ents:
            if ent.label_ == "FIRM":
                self._names.update(dict.fromkeys(firm_short_names(text[ent.start_char : ent.end_char], Gazetteer.default()), "FIRM"))
            alias = declared_alias(text, ent.end_char)
            if alias is not None:
                self._names[text[alias[0] : alias[1]]] = ent.label_
        uses = [span for short, label in self._names.items() for span in _occurrences(doc, text, short, label)]
        if uses:  # setting doc.ents is costly: only when a short name occurs
            doc.ents = choose_spans([(0, e.start, e) for e in ents] + [(1, span.start, span) for span in uses])
        return doc


def _occurrences(doc: Doc, text: str, name: str, label: str) -> Iterable[Span]:
    """Spans labelled ``label`` of every occurrence of ``name`` in the Doc's ``text``."""
    pos = text.find(name)
    while pos >= 0:
        span = doc.char_span(pos, pos + len(name), label=label)
        if span is not None:
            yield span
        pos = text.find(name, pos + 1)


class GazetteerPlaces:
    """What relation rules ask about places, answered from the divisions gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # Answers kept by name: a corpus asks about the same few hundred places all the time.
        self._contains: dict[tuple[str, str], bool] = {}
        self._provinces: dict[str, str | None] = {}

    def contains(self, outer: str, inner: str) -> bool:
        """Does some unit called ``outer`` contain some unit called ``inner``?"""
        key = (outer, inner)
        if key not in self._contains:
            inner_units = self.gazetteer.lookup(inner)
            self._contains[key] = any(
                self.gazetteer.contains(o.adcode, i.adcode) for o in self.gazetteer.lookup(outer) for i in inner_units
            )
        return self._contains[key]

    def province(self, name: str) -> str | None:
        """Adcode of the province a place (or a body named after one) lies in, if unambiguous."""
        if name not in self._provinces:
            self._provinces[name] = self._province(name)
        return self._provinces[name]

    def _province(self, name: str) -> str | None:
        units = self.gazetteer.lookup(name)
        if not units:
            match = next(iter(self.gazetteer.find(name)), None)
            units = match.candidates if match is not None and match.start == 0 else ()
        provinces = {u.adcode[:2] for u in units}
        return units[0].adcode if len(provinces) == 1 else None


@Language.factory("kg_firm_short_names")
def make_firm_short_names(nlp: Language, name: str) -> FirmShortNames:
    return FirmShortNames(nlp, name)


class RelationExtractor(BatchedComponent):
    """Relation candidates among ``doc.ents`` into ``doc._.kg_relations``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.rules: RelationRules | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        self.rules = RelationRules(load_triggers(), GazetteerPlaces(Gazetteer.default()))

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            self.initialize()
        text = doc_text(doc)
        ents = [Ent(i, e.start_char, e.end_char, e.label_, text[e.start_char : e.end_char]) for i, e in enumerate(doc.ents)]
        doc._.kg_relations = self.rules.find(text, ents)
        return doc


@Language.factory("kg_relation_extractor")
def make_relation_extractor(nlp: Language, name: str) -> RelationExtractor:
    return RelationExtractor(nlp, name)


__all__ = ["Candidate", "EntityMerger", "FirmShortNames", "NameRecognizer", "PlaceRecognizer", "RelationExtractor"]
