"""Pydantic models of partnerships: actors, protected targets, measures and who provides them,
findings, the knowledge about what each measure does, and threat-level scales.

Every fact carries sources; ``Source.kind`` tells study facts (``study``) from guidance,
standards and context from elsewhere (``context``), which is never attributed to the study.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..errors import expect
from ..models import Identifier, Labelled, Source, SourceKind, Text, Translated
from .vocabulary import (
    AccessRegime,
    ContestStrand,
    CrisisPhase,
    FindingDimension,
    GovernanceLevel,
    LegalStructuring,
    MeasureType,
    Ownership,
    PPSForm,
    Role,
    SafetyChainPhase,
    Sector,
    Valence,
)

__all__ = [
    "Actor",
    "CrisisRole",
    "Finding",
    "MeasureDelivery",
    "MeasureMitigation",
    "MeasurePhases",
    "MeasureProvision",
    "Membership",
    "Partnership",
    "ProtectedTarget",
    "ScopeRestriction",
    "ThreatLevel",
    "ThreatLevelLink",
    "ThreatLevelPeriod",
    "ThreatScale",
    "VocabularyEntry",
]

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class _Sourced(BaseModel, Translated):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[Source, ...] = Field(min_length=1, repr=False)

    @property
    def from_study(self) -> bool:
        """True when the study itself is among the sources (not only context or guidance)."""
        return any(s.kind is SourceKind.STUDY for s in self.sources)


class VocabularyEntry(_Sourced, Labelled):
    """Labels, definition and sources of one vocabulary member; ``label(lang)`` as for
    terms (an unknown language raises ``UnknownValueError``)."""

    vocabulary: str
    id: Identifier
    label_en: Text
    label_nl: Text
    definition: Text
    label_fr: Text | None = Field(default=None, repr=False)
    definition_nl: Text | None = Field(default=None, repr=False)
    definition_fr: Text | None = Field(default=None, repr=False)
    contest: tuple[ContestStrand, ...] = Field(
        default=(), description="For safety-chain phases: the CONTEST strands it roughly matches."
    )


class Actor(_Sourced):
    """A public or private party in a partnership."""

    id: Identifier
    name: Text
    name_en: Text | None = None
    sector: Sector
    ownership: Ownership | None = Field(default=None, description="Set to mark hybrid ownership.")
    level: GovernanceLevel
    country: Country


class ProtectedTarget(_Sourced):
    """A soft target a partnership protects, with its taxonomy target types."""

    name: Text
    target_types: tuple[Identifier, ...] = Field(min_length=1)
    ownership: Ownership
    access: AccessRegime


class ScopeRestriction(_Sourced):
    """A limit on what a partnership covers, e.g. concerts but not football matches."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("description",)

    description: Text
    excludes: tuple[Identifier, ...] = Field(default=(), description="Target types the PPS does not cover.")
    description_nl: Text | None = Field(default=None, repr=False)
    description_fr: Text | None = Field(default=None, repr=False)


class Membership(_Sourced):
    """An actor's roles in a partnership."""

    actor: Identifier
    roles: tuple[Role, ...] = ()


class MeasureProvision(_Sourced):
    """Which actor provides which measure in a partnership."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("description",)

    measure: MeasureType
    provider: Identifier = Field(description="Actor id.")
    description: Text | None = None
    description_nl: Text | None = Field(default=None, repr=False)
    description_fr: Text | None = Field(default=None, repr=False)


class CrisisRole(_Sourced):
    """A role an actor takes when a crisis escalates (e.g. liaison under GRIP)."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("escalation", "description")

    actor: Identifier
    phase: CrisisPhase
    escalation: Text
    role: Role
    description: Text | None = None
    escalation_nl: Text | None = Field(default=None, repr=False)
    escalation_fr: Text | None = Field(default=None, repr=False)
    description_nl: Text | None = Field(default=None, repr=False)
    description_fr: Text | None = Field(default=None, repr=False)


class Finding(_Sourced):
    """A judgement the study reports about a partnership (Table 4), optionally about a pair
    of actors: satisfaction can differ per relationship."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("text",)

    dimension: FindingDimension
    valence: Valence
    text: Text
    actors: tuple[Identifier, ...] = ()
    text_nl: Text | None = Field(default=None, repr=False)
    text_fr: Text | None = Field(default=None, repr=False)
    section: Text = Field(description="Where in the study, e.g. 'Table 4' or '§5.6'; 'context' if not.")


class Partnership(_Sourced):
    """A public-private partnership (PPS) that guards soft targets."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("summary",)

    id: Identifier
    name: Text
    country: Country
    form: PPSForm
    legal_structuring: LegalStructuring
    since: int | None = Field(default=None, ge=1900, le=2100)
    formal_equality: bool | None = Field(default=None, description="Are the partners formally equal?")
    perceived_equality: bool | None = Field(default=None, description="Do the partners experience equality?")
    focus_phase: CrisisPhase = CrisisPhase.BEFORE
    summary: Text
    summary_nl: Text | None = Field(default=None, repr=False)
    summary_fr: Text | None = Field(default=None, repr=False)
    targets: tuple[ProtectedTarget, ...] = Field(min_length=1)
    scope: tuple[ScopeRestriction, ...] = ()
    members: tuple[Membership, ...] = ()
    measures: tuple[MeasureProvision, ...] = ()
    crisis_roles: tuple[CrisisRole, ...] = ()
    findings: tuple[Finding, ...] = ()
    actors: tuple[Actor, ...] = Field(default=(), description="The member actors, resolved.")

    def actor(self, actor_id: str) -> Actor:
        """The member actor with this id; ``KeyError`` when no member has it."""
        expect("actor_id", actor_id, str, "an actor id (str)")
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)

    def with_measure(self, provision: MeasureProvision) -> Partnership:
        """A copy with one more measure provision (the provider must be a member actor:
        ``KeyError`` otherwise)."""
        expect("provision", provision, MeasureProvision, "a MeasureProvision")
        self.actor(provision.provider)
        return self.model_copy(update={"measures": (*self.measures, provision)})


class MeasureMitigation(_Sourced):
    """A measure reduces the threat of these modi operandi at these target types ([] = any)."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("note",)

    measure: MeasureType
    modi_operandi: tuple[Identifier, ...] = Field(min_length=1)
    targets: tuple[Identifier, ...] = ()
    note: Text
    note_nl: Text | None = Field(default=None, repr=False)
    note_fr: Text | None = Field(default=None, repr=False)


class MeasurePhases(_Sourced):
    """The safety-chain phases in which a measure acts."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("note",)

    measure: MeasureType
    phases: tuple[SafetyChainPhase, ...] = Field(min_length=1)
    note: Text
    note_nl: Text | None = Field(default=None, repr=False)
    note_fr: Text | None = Field(default=None, repr=False)


class MeasureDelivery(_Sourced):
    """Which sectors can deliver a measure."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("note",)

    measure: MeasureType
    sectors: tuple[Sector, ...] = Field(min_length=1)
    note: Text
    note_nl: Text | None = Field(default=None, repr=False)
    note_fr: Text | None = Field(default=None, repr=False)


class ThreatScale(_Sourced):
    """A national threat-level scale, or a sector alert system (kept apart: ``kind``)."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("name", "definition")

    id: Identifier
    name_en: Text
    name_nl: Text
    issuer: Text
    name_fr: Text | None = Field(default=None, repr=False)
    country: Country
    kind: Literal["national_threat_level", "sector_alert_system"]
    definition: Text
    definition_nl: Text | None = Field(default=None, repr=False)
    definition_fr: Text | None = Field(default=None, repr=False)


class ThreatLevel(_Sourced):
    """One level of a scale; ``rank`` 1 is the lowest."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("label", "definition")

    scale: Identifier
    id: Identifier
    rank: int = Field(ge=1, le=10)
    label_en: Text
    label_nl: Text
    label_fr: Text | None = Field(default=None, description="French label: the scale's own, where it has one.")
    definition: Text
    definition_nl: Text | None = Field(default=None, repr=False)
    definition_fr: Text | None = Field(default=None, repr=False)

    @property
    def key(self) -> str:
        """``"<scale>:<level>"``."""
        return f"{self.scale}:{self.id}"


class ThreatLevelLink(_Sourced):
    """A crosswalk link between levels of two scales; no official equivalence exists."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("note",)

    source_level: str = Field(alias="from", description="'<scale>:<level>'")
    target_level: str = Field(alias="to", description="'<scale>:<level>'")
    match: Literal["close", "broad", "narrow"]
    note: Text
    note_nl: Text | None = Field(default=None, repr=False)
    note_fr: Text | None = Field(default=None, repr=False)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ThreatLevelPeriod(_Sourced):
    """A level in force over a period (``end`` None: still in force when recorded)."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("area", "note")

    scale: Identifier
    level: Identifier
    start: _dt.date
    end: _dt.date | None = None
    start_precision: Literal["day", "month"] = "day"
    end_precision: Literal["day", "month"] = "day"
    area: Text | None = Field(default=None, description="Where the level applied, when not the whole country.")
    note: Text
    area_nl: Text | None = Field(default=None, repr=False)
    area_fr: Text | None = Field(default=None, repr=False)
    note_nl: Text | None = Field(default=None, repr=False)
    note_fr: Text | None = Field(default=None, repr=False)

    def applies_on(self, day: _dt.date) -> bool:
        """True when ``day`` falls within the period (``end`` excluded)."""
        return self.start <= day and (self.end is None or day < self.end)
