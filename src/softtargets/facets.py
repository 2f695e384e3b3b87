"""The four facets of the diffuse threat and one typed enum of built-in terms per facet.

Member values are the stable, lower_snake term ids used in the data files; the labels,
definitions and sources of each member live in ``data/terms.toml`` (see ``Taxonomy.term``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "Facet",
    "ModusOperandi",
    "Motive",
    "PerpetratorType",
    "TargetType",
    "TermEnum",
    "FACET_ENUMS",
]


class Facet(StrEnum):
    """A dimension along which the terrorist threat to soft targets varies."""

    TARGET = "target"
    PERPETRATOR = "perpetrator"
    MOTIVE = "motive"
    MODUS_OPERANDI = "modus_operandi"


class TermEnum(StrEnum):
    """Base class of the per-facet term enums; ``facet`` tells which facet a member is in.

    Members of different facets may share a value (a ``StrEnum`` then compares them
    equal), so the library never keys anything by the bare value: it keys terms by
    ``(facet, id)``.
    """

    @classmethod
    def facet(cls) -> Facet:  # overridden by each concrete enum
        raise NotImplementedError


class TargetType(TermEnum):
    """Kinds of soft target: open places where many people gather (study, summary)."""

    SHOPPING_AREA = "shopping_area"
    SHOPPING_CENTRE = "shopping_centre"
    SHOPPING_STREET = "shopping_street"
    FOOTBALL_STADIUM = "football_stadium"
    EVENT_GROUND = "event_ground"
    CONCERT_VENUE = "concert_venue"
    CHRISTMAS_MARKET = "christmas_market"
    STREET_FESTIVAL = "street_festival"
    MASS_PARTICIPATION_EVENT = "mass_participation_event"
    PUBLIC_TRANSPORT = "public_transport"
    STATION = "station"
    RAIL_VEHICLE = "rail_vehicle"
    BUS = "bus"
    AIRPORT = "airport"
    AIRPORT_LANDSIDE = "airport_landside"
    HOSPITALITY = "hospitality"
    RESTAURANT_CAFE = "restaurant_cafe"
    HOTEL = "hotel"
    NIGHTLIFE = "nightlife"
    NIGHTCLUB = "nightclub"
    MUSEUM = "museum"
    UNIVERSITY = "university"
    SCHOOL = "school"
    RELIGIOUS_INSTITUTION = "religious_institution"
    CHURCH = "church"
    MOSQUE = "mosque"
    SYNAGOGUE = "synagogue"
    GOVERNMENT_BUILDING = "government_building"
    OPEN_PUBLIC_SPACE = "open_public_space"
    HEALTH_CARE = "health_care"
    THEATRE_CINEMA = "theatre_cinema"
    TOURIST_ATTRACTION = "tourist_attraction"
    MARKET = "market"
    COMMERCIAL_PREMISES = "commercial_premises"
    MEDIA_PREMISES = "media_premises"
    SPORTS_VENUE = "sports_venue"
    BEACH_PROMENADE = "beach_promenade"

    @classmethod
    def facet(cls) -> Facet:
        return Facet.TARGET


class PerpetratorType(TermEnum):
    """How the perpetrators are organised (study, summary)."""

    ORGANISATION = "organisation"
    NETWORK = "network"
    LONE_ACTOR = "lone_actor"

    @classmethod
    def facet(cls) -> Facet:
        return Facet.PERPETRATOR


class Motive(TermEnum):
    """The ideological motive, after Europol's TE-SAT categories."""

    JIHADISM = "jihadism"
    RIGHT_WING = "right_wing"
    LEFT_WING_ANARCHIST = "left_wing_anarchist"
    ETHNO_NATIONALIST_SEPARATIST = "ethno_nationalist_separatist"
    SINGLE_ISSUE = "single_issue"
    OTHER_UNKNOWN = "other_unknown"

    @classmethod
    def facet(cls) -> Facet:
        return Facet.MOTIVE


class ModusOperandi(TermEnum):
    """The attack method, after the GTD attack and weapon types and CISA/ProtectUK terms."""

    FIREARMS = "firearms"
    EXPLOSIVES = "explosives"
    PERSON_BORNE_IED = "person_borne_ied"
    VEHICLE_BORNE_IED = "vehicle_borne_ied"
    PLACED_IED = "placed_ied"
    THROWN_EXPLOSIVE = "thrown_explosive"
    VEHICLE_RAMMING = "vehicle_ramming"
    BLADED_WEAPON = "bladed_weapon"
    ARSON_INCENDIARY = "arson_incendiary"
    HOSTAGE_TAKING = "hostage_taking"
    CBRN = "cbrn"
    DRONE = "drone"

    @classmethod
    def facet(cls) -> Facet:
        return Facet.MODUS_OPERANDI


FACET_ENUMS: Mapping[Facet, type[TermEnum]] = MappingProxyType(
    {
        Facet.TARGET: TargetType,
        Facet.PERPETRATOR: PerpetratorType,
        Facet.MOTIVE: Motive,
        Facet.MODUS_OPERANDI: ModusOperandi,
    }
)
"""The built-in enum of each facet."""
