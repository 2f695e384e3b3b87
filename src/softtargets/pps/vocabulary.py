"""The vocabularies of public-private partnerships (PPS), as typed enums.

Labels (en, nl), definitions and sources of every member are data
(``data/pps_vocabulary.toml``); ``describe(member)`` returns them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "AccessRegime",
    "ContestStrand",
    "CrisisPhase",
    "FindingDimension",
    "GovernanceLevel",
    "LegalStructuring",
    "MeasureType",
    "Ownership",
    "PPSForm",
    "PublicSpacesPractice",
    "Role",
    "SafetyChainPhase",
    "Sector",
    "SuccessFactor",
    "SurveillanceProtection",
    "VOCABULARIES",
    "Valence",
]


class Sector(StrEnum):
    """Public = government, private = non-government, as the study defines them (§1.4)."""

    PUBLIC = "public"
    PRIVATE = "private"


class Ownership(StrEnum):
    """Who owns an actor or a protected domain; ``HYBRID`` marks mixed public-private ownership."""

    PUBLIC = "public"
    PRIVATE = "private"
    HYBRID = "hybrid"


class GovernanceLevel(StrEnum):
    """The level at which an actor works (Dutch and Belgian levels)."""

    NATIONAL = "national"
    FEDERAL = "federal"
    REGIONAL = "regional"
    PROVINCIAL = "provincial"
    LOCAL = "local"


class SafetyChainPhase(StrEnum):
    """The Dutch safety chain (veiligheidsketen), in order."""

    PRO_ACTION = "pro_action"
    PREVENTION = "prevention"
    PREPARATION = "preparation"
    RESPONSE = "response"
    AFTERCARE = "aftercare"


class ContestStrand(StrEnum):
    """The four strands of the UK's CONTEST strategy."""

    PURSUE = "pursue"
    PREVENT = "prevent"
    PROTECT = "protect"
    PREPARE = "prepare"


class CrisisPhase(StrEnum):
    """Networks act before, during or after a crisis (study §2.7)."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class MeasureType(StrEnum):
    """Kinds of security measure a partnership can provide."""

    CAMERA_SURVEILLANCE = "camera_surveillance"
    COMMAND_ROOM = "command_room"
    EYES_AND_EARS_REPORTING = "eyes_and_ears_reporting"
    BEHAVIOURAL_PROFILING = "behavioural_profiling"
    INFORMATION_SHARING = "information_sharing"
    SECURITY_CONSULTATION = "security_consultation"
    AWARENESS_TRAINING = "awareness_training"
    EXERCISES = "exercises"
    ACCESS_CONTROL_SEARCH = "access_control_search"
    HOSTILE_VEHICLE_MITIGATION = "hostile_vehicle_mitigation"
    GUARDING_PATROLS = "guarding_patrols"
    CROWD_MOBILITY_MANAGEMENT = "crowd_mobility_management"
    PERMIT_CONDITIONS = "permit_conditions"
    EVACUATION_INVACUATION_PLANNING = "evacuation_invacuation_planning"
    EMERGENCY_RESPONSE = "emergency_response"


class SuccessFactor(StrEnum):
    """The study's four success factors (independent variables, §2.7 and §5.1)."""

    NETWORK_ORGANISATION = "network_organisation"
    CULTURAL_CHARACTERISTICS = "cultural_characteristics"
    TASKS_AND_STEERING = "tasks_and_steering"
    GOVERNMENT_CONNECTION = "government_connection"


class FindingDimension(StrEnum):
    """What a finding judges: the course or the result of the PPS, or a success factor."""

    COURSE = "course"
    RESULT = "result"
    NETWORK_ORGANISATION = "network_organisation"
    CULTURAL_CHARACTERISTICS = "cultural_characteristics"
    TASKS_AND_STEERING = "tasks_and_steering"
    GOVERNMENT_CONNECTION = "government_connection"


class PPSForm(StrEnum):
    """The form of a partnership; the study finds all three cases network-PPS (§7.4)."""

    NETWORK_PPS = "network_pps"
    CONTRACTUAL_PPS = "contractual_pps"


class LegalStructuring(StrEnum):
    """How strongly a partnership is laid down in law or agreements, weakest first."""

    INFORMAL = "informal"
    PROTOCOL_OR_COVENANT = "protocol_or_covenant"
    CONTRACTUAL = "contractual"


class AccessRegime(StrEnum):
    """Whether access to a protected domain is restricted (study §2.7)."""

    RESTRICTED = "restricted"
    UNRESTRICTED = "unrestricted"


class Valence(StrEnum):
    """The judgement of a finding (Table 4: plus, plus-minus, minus)."""

    POSITIVE = "positive"
    MIXED = "mixed"
    NEGATIVE = "negative"


class Role(StrEnum):
    """Roles public and private actors play in the three cases (from study §4.2, §5.6)."""

    PERMIT_ISSUER = "permit_issuer"
    CLIENT = "client"
    CONTRACTOR = "contractor"
    EMERGENCY_DECISION_MAKER = "emergency_decision_maker"
    RESPONDER = "responder"
    CAMERA_OPERATOR = "camera_operator"
    INFORMATION_HOLDER = "information_holder"
    CONSULTATION_FACILITATOR = "consultation_facilitator"
    EYES_AND_EARS = "eyes_and_ears"
    EVENT_PROFILER = "event_profiler"
    EVENT_ORGANISER = "event_organiser"
    VENUE_OPERATOR = "venue_operator"
    PRIVATE_SECURITY_PROVIDER = "private_security_provider"
    SECTOR_SECURITY_OFFICE = "sector_security_office"
    CRISIS_LIAISON = "crisis_liaison"


class SurveillanceProtection(StrEnum):
    """Elements of the Dutch Stelsel Bewaken en Beveiligen (surveillance and protection
    system), laid down in the Circulaire bewaken en beveiligen."""

    OWN_RESPONSIBILITY = "own_responsibility"
    DECENTRAL_DOMAIN = "decentral_domain"
    NATIONAL_DOMAIN = "national_domain"
    SYSTEM_RESPONSIBILITY = "system_responsibility"
    COORDINATOR = "coordinator"
    CONCEIVABLE_THREAT = "conceivable_threat"
    THREAT_ESTIMATE = "threat_estimate"
    THREAT_ANALYSIS = "threat_analysis"
    RISK_ANALYSIS = "risk_analysis"
    SECURITY_MEASURES = "security_measures"
    CIRCULAR = "circular"


class PublicSpacesPractice(StrEnum):
    """The themes of the European Commission's good practices to support the protection of
    public spaces (SWD(2019) 140)."""

    VULNERABILITY_ASSESSMENT = "vulnerability_assessment"
    SECURITY_PLANNING = "security_planning"
    AWARENESS_AND_TRAINING = "awareness_and_training"
    PHYSICAL_PROTECTION = "physical_protection"
    VEHICLE_BARRIERS = "vehicle_barriers"
    DETECTION_TECHNOLOGY = "detection_technology"
    SECURITY_BY_DESIGN = "security_by_design"
    PUBLIC_PRIVATE_COOPERATION = "public_private_cooperation"


VOCABULARIES: Mapping[str, type[StrEnum]] = MappingProxyType(
    {
        "sector": Sector,
        "ownership": Ownership,
        "governance_level": GovernanceLevel,
        "safety_chain_phase": SafetyChainPhase,
        "contest_strand": ContestStrand,
        "crisis_phase": CrisisPhase,
        "measure_type": MeasureType,
        "success_factor": SuccessFactor,
        "finding_dimension": FindingDimension,
        "pps_form": PPSForm,
        "legal_structuring": LegalStructuring,
        "access_regime": AccessRegime,
        "valence": Valence,
        "role": Role,
        "surveillance_protection": SurveillanceProtection,
        "public_spaces_practice": PublicSpacesPractice,
    }
)
"""Each vocabulary's name in the data files, and its enum (read-only)."""
