"""Pydantic models of the curated data: sources, terms, relation kinds and relations,
and the ``Scenario`` record that queries return.

All models are frozen; they validate data files at load and serialise with
``model_dump()`` / ``model_dump_json()``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, NamedTuple, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from . import views
from ._text import REFUSED_PATTERN, check_text
from .errors import UnknownValueError
from .facets import Facet, ModusOperandi, Motive, PerpetratorType, TargetType

__all__ = [
    "INCIDENT_FIELDS",
    "Incident",
    "Outcome",
    "FacetInfo",
    "FacetSpec",
    "KindSpec",
    "RelationSpec",
    "SourceRef",
    "TermSpec",
    "Lang",
    "Labelled",
    "language",
    "Relation",
    "RelationKind",
    "Scenario",
    "Source",
    "SourceKind",
    "Strength",
    "Term",
]

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, pattern=REFUSED_PATTERN),
    # Runs first, on the text as written, so the error names the character and where it is.
    BeforeValidator(check_text),
]
"""Free text (labels, definitions, notes, citations): up to 2000 characters, surrounding white
space stripped. Refused, because XML cannot hold them, a carriage return would come back as a
newline, or they make one text look like another: control characters (C0, DEL and C1; tab and
newline are allowed), non-characters (U+FDD0..U+FDEF and U+xFFFE, U+xFFFF in every plane), lone
surrogates, zero-width characters (U+200B..U+200D, U+2060, U+FEFF), the soft hyphen (U+00AD)
and bidirectional controls (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069)."""
Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", max_length=200),
]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=200)]


def _day(value: object) -> object:
    """Only what the JSON Schema's ``format: date`` allows: a date (not a date and time) or
    a ``YYYY-MM-DD`` string; no timestamps, no datetimes."""
    if isinstance(value, _dt.datetime | bool | int | float):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time or a number")
    if isinstance(value, str) and (len(value) != 10 or value[4] != "-" or value[7] != "-"):
        raise ValueError("expected a date written YYYY-MM-DD")
    return value


Day = Annotated[_dt.date, BeforeValidator(_day)]
"""A calendar day: a ``datetime.date`` or ``"YYYY-MM-DD"``, as the JSON Schema says."""
Count = Annotated[int, Field(ge=0, strict=True)]
"""A whole number of people: an integer, never a boolean or a float."""


class Lang(StrEnum):
    """Languages in which every term is labelled."""

    EN = "en"
    NL = "nl"


def language(lang: Lang | str) -> Lang:
    """``lang`` as a ``Lang``; ``UnknownValueError`` listing the supported languages otherwise."""
    try:
        return Lang(lang)
    except ValueError:
        raise UnknownValueError("language", lang, [v.value for v in Lang]) from None


class SourceKind(StrEnum):
    """What kind of evidence a source is."""

    STUDY = "study"
    """The 2018 WODC study (cite chapter and section)."""
    STANDARD = "standard"
    """A standard or codebook: GTD, STIX, TE-SAT."""
    GUIDANCE = "guidance"
    """Public protective-security guidance: CISA, ProtectUK/NaCTSO, EU, legislation."""
    INCIDENT = "incident"
    """A documented attack or foiled plot."""
    CONTEXT = "context"
    """Other public material (news, organisation pages) used as context; never the study."""


class Strength(StrEnum):
    """How well a relation is supported; ``DOCUMENTED`` is stronger than ``PLAUSIBLE``."""

    DOCUMENTED = "documented"
    """Real incidents (completed, failed or foiled) instantiate the relation."""
    PLAUSIBLE = "plausible"
    """Guidance or the study assesses it as feasible; no incident is cited."""

    @property
    def rank(self) -> int:
        """Higher is stronger: ``documented`` 2, ``plausible`` 1."""
        return 2 if self is Strength.DOCUMENTED else 1


class _Frozen(BaseModel):
    # defer_build: the schemas are built on first validation or serialisation, so loading
    # the built-in snapshot (model_construct) never pays for them.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)


class Labelled:
    """Mixin for records with a preferred label per language (fields ``label_en`` and
    ``label_nl``): the one ``label()`` of terms, facets, relation kinds and vocabulary entries."""

    if TYPE_CHECKING:
        label_en: str
        label_nl: str

    def label(self, lang: Lang | str = Lang.EN) -> str:
        """The preferred label in ``lang`` ("en" or "nl"); an unknown language raises
        ``UnknownValueError``."""
        return self.label_nl if language(lang) is Lang.NL else self.label_en


Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000), BeforeValidator(check_text)]
"""A public web address: http(s), no white space, no character text fields refuse."""


class Source(_Frozen):
    """A structured reference: the study, a standard, guidance or a documented incident."""

    id: SourceId = Field(description="Unique id by which data files cite the source.")
    kind: SourceKind
    citation: Text = Field(description="Who, what and which part (for the study: the section).")
    url: Url | None = Field(default=None, description="A public address where the source can be read.")
    date: Day | None = Field(default=None, description="Publication date; for an incident, the day it happened.")


SourceRef = SourceId | Source
"""A source cited in a data file: the id of a known source, or an inline source table."""


class _TermFields(_Frozen, Labelled):
    id: Identifier = Field(description="Stable lower_snake id; the enum member's value.")
    facet: Identifier = Field(description="The facet the term belongs to.")
    label_en: Text
    label_nl: Text
    alt_labels_en: tuple[Text, ...] = Field(default=(), repr=False)
    alt_labels_nl: tuple[Text, ...] = Field(default=(), repr=False)
    definition: Text = Field(description="One sentence saying what belongs in the category.", repr=False)
    broader: Identifier | None = Field(
        default=None, description="Id of the broader term in the same facet (SKOS broader)."
    )

    def __str__(self) -> str:
        return f"{self.id} ({self.label_en} / {self.label_nl})"

    def _repr_html_(self) -> str:
        return str(views.render("html", self))

    def alt_labels(self, lang: Lang | str = Lang.EN) -> tuple[str, ...]:
        """The alternative labels in ``lang``."""
        return self.alt_labels_nl if language(lang) is Lang.NL else self.alt_labels_en


class Term(_TermFields):
    """One term of a facet, with labels in English and Dutch, a definition and sources.

    >>> import softtargets as st
    >>> st.load().term("voetbalstadion").label_en
    'football stadium'
    """

    sources: tuple[Source, ...] = Field(min_length=1, repr=False)


class TermSpec(_TermFields):
    """A term as written in a data file or an extension: sources are ids or inline tables."""

    sources: tuple[SourceRef, ...] = Field(min_length=1, repr=False)


class _FacetFields(_Frozen, Labelled):
    id: Identifier
    label_en: Text
    label_nl: Text
    definition: Text


class FacetInfo(_FacetFields):
    """A facet of the schema with its labels: what varies in the diffuse threat."""

    sources: tuple[Source, ...] = Field(min_length=1)


class FacetSpec(_FacetFields):
    """A facet as written in a data file or an extension."""

    sources: tuple[SourceRef, ...] = Field(min_length=1)


class _KindFields(_Frozen, Labelled):
    id: Identifier
    subject: Identifier = Field(description="Facet of the relation's subject.")
    object: Identifier = Field(description="Facet of the relation's object.")
    label_en: Text
    label_nl: Text
    definition: Text

    @model_validator(mode="after")
    def _distinct_facets(self) -> Self:
        if self.subject == self.object:
            raise ValueError("a relation kind must link two different facets")
        return self


class RelationKind(_KindFields):
    """A kind of relation in the schema: which facet it links to which, and what it means."""

    sources: tuple[Source, ...] = Field(min_length=1)


class KindSpec(_KindFields):
    """A relation kind as written in a data file or an extension."""

    sources: tuple[SourceRef, ...] = Field(min_length=1)


class _RelationFields(_Frozen):
    kind: Identifier
    subject: Identifier
    object: Identifier
    strength: Strength
    note: Text = Field(description="One line saying why the relation holds.", repr=False)

    @property
    def key(self) -> tuple[str, str, str]:
        """``(kind, subject, object)``: unique within a taxonomy."""
        return (self.kind, self.subject, self.object)

    def __str__(self) -> str:
        return f"{self.subject} {self.kind} {self.object} ({self.strength})"


class Relation(_RelationFields):
    """A sourced claim that two terms of different facets are related.

    ``subject`` and ``object`` are term ids in the facets that ``kind`` prescribes,
    repeated in ``subject_facet`` and ``object_facet``.
    """

    subject_facet: Identifier
    object_facet: Identifier
    sources: tuple[Source, ...] = Field(min_length=1, repr=False)


class RelationSpec(_RelationFields):
    """A relation as written in a data file or an extension (facets follow from the kind)."""

    sources: tuple[SourceRef, ...] = Field(min_length=1, repr=False)


class Outcome(StrEnum):
    """How an incident ended, as Europol's TE-SAT counts attacks."""

    COMPLETED = "completed"
    """The attack took place."""
    FAILED = "failed"
    """The attack was attempted but did not work as intended."""
    FOILED = "foiled"
    """The plot was stopped before the attack."""


"""An http(s) address without white space, refusing the characters that ``Text`` refuses."""


INCIDENT_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        Facet.TARGET.value: "targets",
        Facet.PERPETRATOR.value: "perpetrator",
        Facet.MOTIVE.value: "motive",
        Facet.MODUS_OPERANDI.value: "modi_operandi",
    }
)
"""For each built-in facet, the ``Incident`` field that holds its terms."""


class Incident(_Frozen):
    """A documented attack or foiled plot, classified in the taxonomy.

    Incidents are the evidence behind ``documented`` relations: ``Taxonomy.evidence``
    finds those that instantiate a relation or a scenario. An incident is also a
    ``Source`` (``to_source()``) that relations cite by its id.

    >>> import softtargets as st
    >>> nice = st.load().incident("nice-2016-07-14")
    >>> nice.country, nice.outcome.value
    ('FR', 'completed')
    """

    id: SourceId = Field(description="<place>-<yyyy>-<mm>-<dd>; also its source id.")
    name: Text
    date: Day = Field(description="The day the incident began (for a foiled plot, the arrest).")
    city: Text | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        default=None, description="ISO 3166-1 alpha-2 code."
    )
    targets: tuple[Identifier, ...] = Field(default=(), description="Target type ids, most specific.")
    perpetrator: Identifier | None = Field(default=None, description="Perpetrator type id, if known.")
    motive: Identifier | None = Field(default=None, description="Motive id; other_unknown when unknown.")
    modi_operandi: tuple[Identifier, ...] = ()
    killed: Count | None = Field(default=None, description="Victims killed, if known.")
    injured: Count | None = None
    outcome: Outcome = Outcome.COMPLETED
    urls: tuple[Url, ...] = Field(min_length=1, description="Public pages checked for the facts.")
    note: Text = Field(description="One line, in our own words.")

    @property
    def foiled(self) -> bool:
        """True for a plot stopped before the attack."""
        return self.outcome is Outcome.FOILED

    def values(self, facet: str) -> tuple[str, ...]:
        """The incident's term ids in ``facet`` (empty when unclassified or another facet)."""
        field = INCIDENT_FIELDS.get(facet)
        value = getattr(self, field) if field else None
        if isinstance(value, tuple):
            return value
        return (value,) if value else ()

    def to_source(self) -> Source:
        """The incident as a citable ``Source`` (kind ``incident``)."""
        place = ", ".join(p for p in (self.city, self.country) if p)
        where = f", {place}" if place else ""
        return Source(
            id=self.id,
            kind=SourceKind.INCIDENT,
            citation=f"{self.name}{where}: {self.note}",
            url=self.urls[0],
            date=self.date,
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.date.isoformat()}, {self.city or '?'}, {self.country or '?'})"


class Scenario(NamedTuple):
    """One combination of a term per facet: a possible attack scenario.

    Built-in terms come back as enum members; since those are strings, a scenario
    built from plain ids compares equal to one built from members.

    >>> import softtargets as st
    >>> s = st.Scenario("christmas_market", "lone_actor", "jihadism", "vehicle_ramming")
    >>> s == (st.TargetType.CHRISTMAS_MARKET, st.PerpetratorType.LONE_ACTOR,
    ...       st.Motive.JIHADISM, st.ModusOperandi.VEHICLE_RAMMING)
    True
    """

    target: TargetType | str
    perpetrator: PerpetratorType | str
    motive: Motive | str
    modus_operandi: ModusOperandi | str
