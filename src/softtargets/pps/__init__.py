"""Public-private partnerships (PPS) that guard soft targets: actors, measures across the
safety chain, the study's three cases, and which scenarios a partnership covers.

>>> import softtargets as st
>>> [p.id for p in st.pps.cases()]
['arena', 'vierdaagse', 'diamantkwartier']
>>> st.pps.describe(st.pps.SafetyChainPhase.PREVENTION).label_nl
'preventie'
"""

from __future__ import annotations

from enum import StrEnum

from ..errors import UnknownValueError
from .coverage import Comparison, Coverage, CoverageRow, RolesTable, compare, coverage, roles_table
from .data import MeasureKnowledge, describe_many, load_pps
from .models import (
    Actor,
    CrisisRole,
    Finding,
    MeasureDelivery,
    MeasureMitigation,
    MeasurePhases,
    MeasureProvision,
    Membership,
    Partnership,
    ProtectedTarget,
    ScopeRestriction,
    ThreatLevel,
    ThreatLevelLink,
    ThreatLevelPeriod,
    ThreatScale,
    VocabularyEntry,
)
from .vocabulary import (
    VOCABULARIES,
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
    SuccessFactor,
    Valence,
)

__all__ = [
    "VOCABULARIES",
    "AccessRegime",
    "Actor",
    "Comparison",
    "ContestStrand",
    "Coverage",
    "CoverageRow",
    "CrisisPhase",
    "CrisisRole",
    "Finding",
    "FindingDimension",
    "GovernanceLevel",
    "LegalStructuring",
    "MeasureDelivery",
    "MeasureKnowledge",
    "MeasureMitigation",
    "MeasurePhases",
    "MeasureProvision",
    "MeasureType",
    "Membership",
    "Ownership",
    "PPSForm",
    "Partnership",
    "ProtectedTarget",
    "Role",
    "RolesTable",
    "SafetyChainPhase",
    "ScopeRestriction",
    "Sector",
    "SuccessFactor",
    "ThreatLevel",
    "ThreatLevelLink",
    "ThreatLevelPeriod",
    "ThreatScale",
    "Valence",
    "VocabularyEntry",
    "actors",
    "case",
    "cases",
    "compare",
    "coverage",
    "describe",
    "measure_knowledge",
    "roles_table",
    "threat_levels",
    "threat_scales",
]


def cases() -> tuple[Partnership, ...]:
    """The study's three partnerships: Johan Cruijff ArenA, Nijmeegse Vierdaagse and
    Diamantkwartier Antwerpen."""
    return load_pps().partnerships


def case(partnership_id: str) -> Partnership:
    """One of the three cases by id ("arena", "vierdaagse", "diamantkwartier") or name."""
    for p in cases():
        if partnership_id in (p.id, p.name) or partnership_id.casefold() == p.name.casefold():
            return p
    raise UnknownValueError("partnership", partnership_id, [p.id for p in cases()])


def actors() -> tuple[Actor, ...]:
    """Every actor in the three cases."""
    return load_pps().actors


def measure_knowledge() -> MeasureKnowledge:
    """What each measure type mitigates, in which phases it acts and who can deliver it."""
    return load_pps().knowledge


def describe(member: StrEnum) -> VocabularyEntry:
    """Labels (en, nl), definition and sources of a vocabulary member."""
    if type(member) not in VOCABULARIES.values():
        raise UnknownValueError("vocabulary member", member, sorted(VOCABULARIES))
    return describe_many([member])[0]


def threat_scales() -> tuple[ThreatScale, ...]:
    """The national threat-level scales (NCTV, OCAM/OCAD, UK) and, kept apart by ``kind``,
    the Dutch sector alert system (ATb)."""
    return load_pps().scales


def threat_levels(scale: str | None = None) -> tuple[ThreatLevel, ...]:
    """The levels of one scale (all when None), lowest first."""
    data = load_pps()
    if scale is not None and scale not in {s.id for s in data.scales}:
        raise UnknownValueError("threat-level scale", scale, [s.id for s in data.scales])
    return tuple(sorted((lv for lv in data.levels if scale in (None, lv.scale)), key=lambda lv: (lv.scale, lv.rank)))
