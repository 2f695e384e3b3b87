"""Pydantic models of the curated data: sources, terms, relation kinds and relations,
and the ``Scenario`` record that queries return.

All models are frozen; they validate data files at load and serialise with
``model_dump()`` / ``model_dump_json()``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from ._text import REFUSED_PATTERN, check_text
from .behaviour import (
    INCIDENT_FIELDS,
    FacetBase,
    IncidentBase,
    KindBase,
    Labelled,
    Outcome,
    RelationBase,
    Scenario,
    SourceBase,
    SourceKind,
    Strength,
    TermBase,
    Translated,
)
from .language import Lang, language

__all__ = [
    "INCIDENT_FIELDS",
    "Circumstance",
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
    "Translated",
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


class _Frozen(BaseModel):
    # defer_build: the schemas are built on first validation or serialisation, so loading
    # the built-in snapshot (model_construct) never pays for them.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True)


Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000), BeforeValidator(check_text)]
"""A public web address: http(s), no white space, no character text fields refuse."""


class Source(SourceBase, _Frozen):
    """A structured reference: the study, a standard, guidance or a documented incident."""

    id: SourceId = Field(description="Unique id by which data files cite the source.")
    kind: SourceKind
    citation: Text = Field(description="Who, what and which part (for the study: the section).")
    url: Url | None = Field(default=None, description="A public address where the source can be read.")
    date: Day | None = Field(default=None, description="Publication date; for an incident, the day it happened.")


SourceRef = SourceId | Source
"""A source cited in a data file: the id of a known source, or an inline source table."""


class _TermFields(TermBase, _Frozen):
    id: Identifier = Field(description="Stable lower_snake id; the enum member's value.")
    facet: Identifier = Field(description="The facet the term belongs to.")
    label_en: Text
    label_nl: Text
    label_fr: Text | None = Field(default=None, description="French label (required in the built-in data).")
    alt_labels_en: tuple[Text, ...] = Field(default=(), repr=False)
    alt_labels_nl: tuple[Text, ...] = Field(default=(), repr=False)
    alt_labels_fr: tuple[Text, ...] = Field(default=(), repr=False)
    definition: Text = Field(description="One sentence saying what belongs in the category.", repr=False)
    definition_nl: Text | None = Field(default=None, repr=False)
    definition_fr: Text | None = Field(default=None, repr=False)
    broader: Identifier | None = Field(
        default=None, description="Id of the broader term in the same facet (SKOS broader)."
    )


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


class _FacetFields(FacetBase, _Frozen):
    id: Identifier
    label_en: Text
    label_nl: Text
    label_fr: Text | None = None
    definition: Text
    definition_nl: Text | None = None
    definition_fr: Text | None = None


class FacetInfo(_FacetFields):
    """A facet of the schema with its labels: what varies in the diffuse threat."""

    sources: tuple[Source, ...] = Field(min_length=1)


class FacetSpec(_FacetFields):
    """A facet as written in a data file or an extension."""

    sources: tuple[SourceRef, ...] = Field(min_length=1)


class _KindFields(KindBase, _Frozen):
    id: Identifier
    subject: Identifier = Field(description="Facet of the relation's subject.")
    object: Identifier = Field(description="Facet of the relation's object.")
    label_en: Text
    label_nl: Text
    label_fr: Text | None = None
    definition: Text
    definition_nl: Text | None = None
    definition_fr: Text | None = None

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


class _RelationFields(RelationBase, _Frozen):
    kind: Identifier
    subject: Identifier
    object: Identifier
    strength: Strength
    note: Text = Field(description="One line saying why the relation holds.", repr=False)
    note_nl: Text | None = Field(default=None, repr=False)
    note_fr: Text | None = Field(default=None, repr=False)


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


class Incident(IncidentBase, _Frozen):
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
    name_nl: Text | None = None
    name_fr: Text | None = None
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
    circumstances: tuple[Identifier, ...] = Field(
        default=(), description="Circumstance ids (softtargets.circumstances()): insider, fake_device, ..."
    )
    urls: tuple[Url, ...] = Field(min_length=1, description="Public pages checked for the facts.")
    note: Text = Field(description="One line, in our own words.")
    note_nl: Text | None = None
    note_fr: Text | None = None

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


class Circumstance(Labelled, _Frozen):
    """An incident circumstance: a kind of threat that is not a weapon (an insider, a fake
    device, hostile reconnaissance, ...), recorded as an attribute of incidents rather than
    as a modus operandi. The closed vocabulary is ``data/circumstances.toml``
    (``softtargets.circumstances()``)."""

    id: Identifier
    label_en: Text
    label_nl: Text
    label_fr: Text
    definition: Text = Field(repr=False)
    definition_nl: Text = Field(repr=False)
    definition_fr: Text = Field(repr=False)
    measures: tuple[Identifier, ...] = Field(default=(), description="PPS measures that address it.")
    sources: tuple[SourceId, ...] = Field(min_length=1, repr=False)
