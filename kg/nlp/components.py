"""kg's registered spaCy components: recognisers and the span merger.

Each recogniser writes *candidates* into a span group of its own
(``doc.spans["kg_places"]``, ``doc.spans["kg_names"]``); the statistical NER,
when a pipeline has one, writes ``doc.ents`` as usual.  The last component,
``kg_entity_merger``, reads every source named in its config and decides the
final, non-overlapping ``doc.ents``.  Keeping candidates apart until the end
is what lets a pipeline config reorder or drop recognisers without code edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.gazetteer import Gazetteer
from kg.nlp.name_rules import Candidate, NameRules

PLACES_KEY = "kg_places"
NAMES_KEY = "kg_names"


class PlaceRecognizer:
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
        for match in self.gazetteer.find(doc.text):
            span = doc.char_span(match.start, match.end, label="PLACE")
            if span is None:
                continue
            if len(match.candidates) == 1:
                span.kb_id_ = match.candidates[0].adcode
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("kg_place_recognizer", default_config={"spans_key": PLACES_KEY})
def make_place_recognizer(nlp: Language, name: str, spans_key: str) -> PlaceRecognizer:
    return PlaceRecognizer(nlp, name, spans_key)


class NameRecognizer:
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
        for cand in self.rules.find(doc.text, places):
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


class EntityMerger:
    """Choose the final entities from all candidate sources.

    Sources are span-group keys, or ``"ents"`` for a statistical NER's
    ``doc.ents``; earlier sources win ties.  Among overlapping candidates the
    longer one wins (a body's name holds its place: rule 2), then the earlier
    source.  A PERSON candidate never overrides a place.
    """

    def __init__(self, nlp: Language, name: str, sources: Sequence[str]) -> None:
        self.name = name
        self.sources = list(sources)

    def __call__(self, doc: Doc) -> Doc:
        ranked: list[tuple[int, int, Span]] = []
        for priority, source in enumerate(self.sources):
            for span in self._spans(doc, source):
                ranked.append((priority, span.start, span))
        doc.ents = choose_spans(ranked)
        return doc

    @staticmethod
    def _spans(doc: Doc, source: str) -> Iterable[Span]:
        if source == "ents":
            return list(doc.ents)
        return list(doc.spans.get(source, []))


def choose_spans(ranked: list[tuple[int, int, Span]]) -> list[Span]:
    """Non-overlapping spans: longest first, then by source priority, then leftmost."""
    taken = set()
    chosen = []
    places = {(s.start, s.end) for _, _, s in ranked if s.label_ == "PLACE"}
    for _priority, _start, span in sorted(ranked, key=lambda r: (-(r[2].end - r[2].start), r[0], r[1])):
        if span.label_ == "PERSON" and any(a < span.end and span.start < b for a, b in places):
            continue
        positions = range(span.start, span.end)
        if any(i in taken for i in positions):
            continue
        taken.update(positions)
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


@Language.factory("kg_entity_merger", default_config={"sources": [NAMES_KEY, PLACES_KEY]})
def make_entity_merger(nlp: Language, name: str, sources: list[str]) -> EntityMerger:
    return EntityMerger(nlp, name, sources)


__all__ = ["Candidate", "EntityMerger", "NameRecognizer", "PlaceRecognizer"]
