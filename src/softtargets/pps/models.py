"""Pydantic models of partnerships: actors, protected targets, measures and who provides them,
findings, the knowledge about what each measure does, and threat-level scales.

Every fact carries sources; ``Source.kind`` tells study facts (``study``) from guidance,
standards and context from elsewhere (``context``), which is never attributed to the study.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..errors import expect
from ..models import Identifier, Labelled, Source, SourceKind, Text
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


class _Sourced(BaseModel):
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

    description: Text
    excludes: tuple[Identifier, ...] = Field(default=(), description="Target types the PPS does not cover.")


class Membership(_Sourced):
    """An actor's roles in a partnership."""

    actor: Identifier
    roles: tuple[Role, ...] = ()


class MeasureProvision(_Sourced):
    """Which actor provides which measure in a partnership."""

    measure: MeasureType
    provider: Identifier = Field(description="Actor id.")
    description: Text | None = None


class CrisisRole(_Sourced):
    """A role an actor takes when a crisis escalates (e.g. liaison under GRIP)."""

    actor: Identifier
    phase: CrisisPhase
    escalation: Text
    role: Role
    description: Text | None = None


class Finding(_Sourced):
    """A judgement the study reports about a partnership (Table 4), optionally about a pair
    of actors: satisfaction can differ per relationship."""

    dimension: FindingDimension
    valence: Valence
    text: Text
    actors: tuple[Identifier, ...] = ()
    section: Text = Field(description="Where in the study, e.g. 'Table 4' or '§5.6'; 'context' if not.")


class Partnership(_Sourced):
    """A public-private partnership (PPS) that guards soft targets."""

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

    measure: MeasureType
    modi_operandi: tuple[Identifier, ...] = Field(min_length=1)
    targets: tuple[Identifier, ...] = ()
    note: Text


class MeasurePhases(_Sourced):
    """The safety-chain phases in which a measure acts."""

    measure: MeasureType
    phases: tuple[SafetyChainPhase, ...] = Field(min_length=1)
    note: Text


class MeasureDelivery(_Sourced):
    """Which sectors can deliver a measure."""

    measure: MeasureType
    sectors: tuple[Sector, ...] = Field(min_length=1)
    note: Text


class ThreatScale(_Sourced):
    """A national threat-level scale, or a sector alert system (kept apart: ``kind``)."""

    id: Identifier
    name_en: Text
    name_nl: Text
    issuer: Text
    country: Country
    kind: Literal["national_threat_level", "sector_alert_system"]
    definition: Text


class ThreatLevel(_Sourced):
    """One level of a scale; ``rank`` 1 is the lowest."""

    scale: Identifier
    id: Identifier
    rank: int = Field(ge=1, le=10)
    label_en: Text
    label_nl: Text
    label_fr: Text | None = Field(default=None, description="French label, for the Belgian scale.")
    definition: Text

    @property
    def key(self) -> str:
        """``"<scale>:<level>"``."""
        return f"{self.scale}:{self.id}"


class ThreatLevelLink(_Sourced):
    """A crosswalk link between levels of two scales; no official equivalence exists."""

    source_level: str = Field(alias="from", description="'<scale>:<level>'")
    target_level: str = Field(alias="to", description="'<scale>:<level>'")
    match: Literal["close", "broad", "narrow"]
    note: Text

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ThreatLevelPeriod(_Sourced):
    """A level in force over a period (``end`` None: still in force when recorded)."""

    scale: Identifier
    level: Identifier
    start: _dt.date
    end: _dt.date | None = None
    start_precision: Literal["day", "month"] = "day"
    end_precision: Literal["day", "month"] = "day"
    area: Text | None = Field(default=None, description="Where the level applied, when not the whole country.")
    note: Text

    def applies_on(self, day: _dt.date) -> bool:
        """True when ``day`` falls within the period (``end`` excluded)."""
        return self.start <= day and (self.end is None or day < self.end)
