"""Public-private partnerships (PPS) that guard soft targets: actors, measures across the
safety chain, the study's three cases, and which scenarios a partnership covers.

>>> import softtargets as st
>>> [p.id for p in st.pps.cases()]
['arena', 'vierdaagse', 'diamantkwartier']
>>> st.pps.describe(st.pps.SafetyChainPhase.PREVENTION).label_nl
'preventie'

Every function checks its arguments: one of the wrong type raises ``ArgumentTypeError``
naming the argument and the accepted types; a value outside the data (an unknown case,
scale or vocabulary member) raises ``UnknownValueError``.
"""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum

from ..errors import ArgumentTypeError, UnknownValueError, expect, shorten
from ..limits import MAX_QUERY_CHARS
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
    PublicSpacesPractice,
    Role,
    SafetyChainPhase,
    Sector,
    SuccessFactor,
    SurveillanceProtection,
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
    "PublicSpacesPractice",
    "Role",
    "RolesTable",
    "SafetyChainPhase",
    "ScopeRestriction",
    "Sector",
    "SuccessFactor",
    "SurveillanceProtection",
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
    "threat_level_on",
    "threat_levels",
    "threat_links",
    "threat_periods",
    "threat_scales",
]


def cases() -> tuple[Partnership, ...]:
    """The study's three partnerships: Johan Cruijff ArenA, Nijmeegse Vierdaagse and
    Diamantkwartier Antwerpen."""
    return load_pps().partnerships


def _cut(text: str) -> str:
    """``text`` cut to 80 characters, for a message that quotes it."""
    return text if len(text) <= 80 else text[:79] + "…"


def case(partnership_id: str) -> Partnership:
    """One of the three cases by id ("arena", "vierdaagse", "diamantkwartier") or name
    (case-insensitive); ``UnknownValueError`` lists the ids when none matches."""
    expect("partnership_id", partnership_id, str, "a partnership id or name (str)")
    found = cases()
    if len(partnership_id) <= MAX_QUERY_CHARS:  # longer text names no case
        for p in found:
            if partnership_id in (p.id, p.name) or partnership_id.casefold() == p.name.casefold():
                return p
    raise UnknownValueError("partnership", _cut(partnership_id), [p.id for p in found])


def actors() -> tuple[Actor, ...]:
    """Every actor in the three cases."""
    return load_pps().actors


def measure_knowledge() -> MeasureKnowledge:
    """What each measure type mitigates, in which phases it acts and who can deliver it."""
    return load_pps().knowledge


def describe(member: StrEnum) -> VocabularyEntry:
    """Labels (en, nl), definition and sources of a vocabulary member (``Sector.PUBLIC``,
    ``MeasureType.EXERCISES``, ...). A value that is no enum member raises
    ``ArgumentTypeError``; a member of another enum (``st.Facet.TARGET``) raises
    ``UnknownValueError`` listing the vocabularies."""
    if not isinstance(member, StrEnum):
        names = ", ".join(enum.__name__ for enum in VOCABULARIES.values())
        raise ArgumentTypeError(
            f"member: expected a member of a partnership vocabulary ({names}), "
            f"got {type(member).__name__} {shorten(member)}"
        )
    if type(member) not in VOCABULARIES.values():
        raise UnknownValueError("vocabulary member", member, sorted(VOCABULARIES))
    return describe_many([member])[0]


def threat_scales() -> tuple[ThreatScale, ...]:
    """The national threat-level scales (NCTV, OCAM/OCAD, UK) and, kept apart by ``kind``,
    the Dutch sector alert system (ATb)."""
    return load_pps().scales


def threat_levels(scale: str | None = None) -> tuple[ThreatLevel, ...]:
    """The levels of one scale (all when None), lowest first; ``UnknownValueError`` lists
    the scales when ``scale`` is none of them."""
    expect("scale", scale, (str, type(None)), "a scale id (str) or None")
    data = load_pps()
    if scale is not None and scale not in {s.id for s in data.scales}:
        raise UnknownValueError("threat-level scale", _cut(scale), [s.id for s in data.scales])
    return tuple(sorted((lv for lv in data.levels if scale in (None, lv.scale)), key=lambda lv: (lv.scale, lv.rank)))


def threat_links() -> tuple[ThreatLevelLink, ...]:
    """The loose crosswalk links between levels of different scales (no official
    equivalence exists between them; sector alert systems are not linked)."""
    return load_pps().links


def threat_periods(scale: str | None = None) -> tuple[ThreatLevelPeriod, ...]:
    """The recorded levels in force over time, oldest first."""
    threat_levels(scale)  # validates the scale name
    return tuple(sorted((p for p in load_pps().periods if scale in (None, p.scale)), key=lambda p: p.start))


def threat_level_on(scale: str, day: _dt.date) -> ThreatLevel | None:
    """The national level of ``scale`` in force on ``day`` (periods for part of a country,
    such as one province, are left out), or None when the data do not cover the day.
    ``day`` is a ``datetime.date`` (a ``datetime`` counts as its date); a string such as
    ``"2016-06-01"`` raises ``ArgumentTypeError``.

    >>> import datetime, softtargets as st
    >>> st.pps.threat_level_on("nctv", datetime.date(2016, 6, 1)).label_nl
    'substantieel'
    """
    expect("scale", scale, str, "a scale id (str)")
    expect("day", day, _dt.date, "a date (datetime.date)")
    if isinstance(day, _dt.datetime):
        day = day.date()
    levels = {lv.id: lv for lv in threat_levels(scale)}
    for period in threat_periods(scale):
        if period.area is None and period.applies_on(day):
            return levels[period.level]
    return None
