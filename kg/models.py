"""The contract between kg's stages: pydantic models of what extraction produces.

text → :class:`Document` → :class:`Mention` s and :class:`Relation` s (in an
:class:`ExtractionRecord`) → graph :class:`Entity` s.  Validation lives here
and only here: the type table of ANNOTATION.md (which labels a relation may
join), the canonical order of the symmetric ``COOPERATES_WITH``, evidence that
really contains both ends, and money/years normalised beside their original
text.  ``schemas/`` holds the JSON Schema generated from these classes
(``python -m kg.schema``); a test fails when the two drift apart.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

EntityLabel = Literal["PLACE", "AGENCY", "ORG", "FIRM", "PARK", "PROGRAM", "POLICY", "PERSON"]
RelationLabel = Literal[
    "ASSISTS", "FUNDS", "INVESTS_IN", "LOCATED_IN", "CO_BUILDS", "COOPERATES_WITH", "IMPLEMENTS", "ISSUES"
]

ENTITY_LABELS: tuple[str, ...] = EntityLabel.__args__  # type: ignore[attr-defined]
RELATION_LABELS: tuple[str, ...] = RelationLabel.__args__  # type: ignore[attr-defined]

_ACTORS = frozenset({"PLACE", "AGENCY", "FIRM", "ORG"})
RELATION_TYPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "ASSISTS": (frozenset({"PLACE", "AGENCY"}), frozenset({"PLACE"})),
    "FUNDS": (_ACTORS, frozenset({"PLACE", "PARK", "PROGRAM"})),
    "INVESTS_IN": (frozenset({"FIRM"}), frozenset({"PLACE", "PARK"})),
    "LOCATED_IN": (frozenset({"PARK", "FIRM", "AGENCY", "ORG", "PLACE"}), frozenset({"PLACE"})),
    "CO_BUILDS": (frozenset({"PLACE", "AGENCY", "FIRM"}), frozenset({"PARK"})),
    "COOPERATES_WITH": (_ACTORS, _ACTORS),
    "IMPLEMENTS": (_ACTORS, frozenset({"PROGRAM"})),
    "ISSUES": (frozenset({"AGENCY", "PLACE"}), frozenset({"POLICY"})),
}
"""ANNOTATION.md's relation table: label → (allowed head labels, allowed tail labels)."""

SYMMETRIC = frozenset({"COOPERATES_WITH"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(_Model):
    """A source document: where it came from and a hash of its content."""

    id: str
    path: str = ""
    sha256: str = ""
    chars: int = Field(0, ge=0)


class Mention(_Model):
    """An entity span in a record's original text (``text == record.text[start:end]``)."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    label: EntityLabel
    text: str = Field(min_length=1)
    norm: str | None = Field(None, description="The normalised (simplified, de-noised) form, when it differs.")

    @model_validator(mode="after")
    def _span_matches_text(self) -> Mention:
        if self.end - self.start != len(self.text):
            raise ValueError(f"span {self.start}:{self.end} has length {self.end - self.start}, text {self.text!r} has {len(self.text)}")
        return self

    @property
    def name(self) -> str:
        """The form used for matching and display (normalised when known)."""
        return self.norm or self.text


class Money(_Model):
    text: str = Field(description="The amount as written, e.g. 1.2亿元.")
    yuan: int = Field(ge=0, description="The amount in yuan.")


class Years(_Model):
    text: str = Field(description="The time expression as written, e.g. “十三五”期间.")
    start: int = Field(ge=1900, le=2100)
    end: int = Field(ge=1900, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        if self.end < self.start:
            raise ValueError(f"years run backwards: {self.start}–{self.end}")
        return self


class Evidence(_Model):
    """Where a relation is stated: the record, the sentence slice and the trigger."""

    doc: str
    record: str
    start: int = Field(ge=0, description="Start of the evidence slice in the record text.")
    end: int = Field(gt=0, description="End of the evidence slice in the record text.")
    trigger: str = Field("", description="The word that states the relation (帮扶, 投资, 共建 …).")


class Relation(_Model):
    """A typed, validated relation between two mentions of one record."""

    head: Mention
    tail: Mention
    label: RelationLabel
    evidence: Evidence
    amount: Money | None = None
    years: Years | None = None

    @model_validator(mode="before")
    @classmethod
    def _canonical_order(cls, data: dict) -> dict:
        """Store the symmetric COOPERATES_WITH with the lexically smaller name first."""
        if isinstance(data, dict) and data.get("label") in SYMMETRIC:
            head, tail = data.get("head"), data.get("tail")
            key = lambda m: (m.text, m.start) if isinstance(m, Mention) else (m["text"], m["start"])  # noqa: E731
            if head is not None and tail is not None and key(tail) < key(head):
                data = {**data, "head": tail, "tail": head}
        return data

    @model_validator(mode="after")
    def _valid(self) -> Relation:
        heads, tails = RELATION_TYPES[self.label]
        if self.head.label not in heads or self.tail.label not in tails:
            raise ValueError(
                f"type mismatch: {self.label} cannot join {self.head.label} {self.head.text!r} → "
                f"{self.tail.label} {self.tail.text!r} (allowed: {sorted(heads)} → {sorted(tails)})"
            )
        if self.head.start == self.tail.start and self.head.end == self.tail.end:
            raise ValueError(f"a relation needs two different mentions, got {self.head.text!r} twice")
        ev = self.evidence
        for mention in (self.head, self.tail):
            if not (ev.start <= mention.start and mention.end <= ev.end):
                raise ValueError(
                    f"end outside the sentence: {mention.text!r} at {mention.start}:{mention.end} "
                    f"is not inside the evidence {ev.start}:{ev.end}"
                )
        if self.amount is not None and self.label != "FUNDS":
            raise ValueError(f"only FUNDS carries an amount, not {self.label}")
        if self.amount is None and self.label == "FUNDS":
            raise ValueError("unparsable amount: FUNDS needs an amount of money in the sentence, none was found")
        return self


class ExtractionRecord(_Model):
    """One record of ``kg extract`` output: the exchange format of ANNOTATION.md."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    text: str
    entities: list[Mention]
    relations: list[RelationRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ExtractionRecord:
        for index, entity in enumerate(self.entities):
            if entity.end > len(self.text) or self.text[entity.start : entity.end] != entity.text:
                raise ValueError(f"entity {index} {entity.text!r} does not match text[{entity.start}:{entity.end}]")
        for rel in self.relations:
            if not (0 <= rel.head < len(self.entities) and 0 <= rel.tail < len(self.entities)):
                raise ValueError(f"relation {rel.label} points outside the {len(self.entities)} entities")
        return self


class EvidenceRef(_Model):
    """Where in the record a relation is stated (offsets into the record text)."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    trigger: str = ""


class RelationRef(_Model):
    """A relation in the exchange format: indices into the record's entities."""

    head: int = Field(ge=0)
    tail: int = Field(ge=0)
    label: RelationLabel
    evidence: EvidenceRef | None = None
    amount: str | None = Field(None, description="The amount as written (FUNDS).")
    amount_yuan: int | None = Field(None, ge=0, description="The amount in yuan (FUNDS).")
    years: tuple[int, int] | None = Field(None, description="First and last year the relation refers to.")


ExtractionRecord.model_rebuild()


class Entity(_Model):
    """A resolved graph node: one real-world thing behind many mentions."""

    id: str = Field(description="TYPE:key, e.g. PLACE:532300000000 or FIRM:隆基绿能科技股份有限公司.")
    type: EntityLabel
    name: str
    aliases: list[str] = Field(default_factory=list)
    adcode: str = ""
    level: str = ""
    province: str = ""
    merged_by: str = Field("", description="Which resolution rules merged which names.")
