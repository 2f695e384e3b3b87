"""Pydantic models of the curated data: sources, terms, relation kinds and relations,
and the ``Scenario`` record that queries return.

All models are frozen; they validate data files at load and serialise with
``model_dump()`` / ``model_dump_json()``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from enum import StrEnum
from itertools import chain
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, ClassVar, NamedTuple, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from . import views
from ._text import REFUSED_PATTERN, check_text
from .facets import Facet, ModusOperandi, Motive, PerpetratorType, TargetType
from .language import Lang, get_language, language, text

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


class Translated:
    """Mixin for records whose texts are written in English and translated field by field
    (``note`` with ``note_nl`` and ``note_fr``): ``translated(field, lang)`` picks one, following
    ``softtargets.language``'s precedence (``lang=``, ``set_language``, ``SOFTTARGETS_LANG``)."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ()
    """The English fields that carry a translation per language (tested for built-in data)."""

    def translated(self, field: str, lang: Lang | str | None = None) -> str:
        """``field``'s text in ``lang``; English with an ``[en]`` marker when untranslated."""
        return text(self, field, lang)


class Labelled(Translated):
    """Mixin for records with a preferred label per language (fields ``label_en``,
    ``label_nl`` and ``label_fr``): the one ``label()`` of terms, facets, relation kinds and
    vocabulary entries."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ("label", "definition")

    if TYPE_CHECKING:
        label_en: str
        label_nl: str
        label_fr: str | None

    def label(self, lang: Lang | str | None = None) -> str:
        """The preferred label in ``lang`` ("en", "nl" or "fr"; default: the session's
        language); an unknown language raises ``UnknownValueError``."""
        return text(self, "label", lang)


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


_LABELS = attrgetter(*(f"label_{lang.value}" for lang in Lang))
_ALT_LABELS = attrgetter(*(f"alt_labels_{lang.value}" for lang in Lang))


class _TermFields(_Frozen, Labelled):
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

    def __str__(self) -> str:
        return f"{self.id} ({self.label_en} / {self.label_nl})"

    def _repr_html_(self) -> str:
        return str(views.render("html", self))

    def alt_labels(self, lang: Lang | str | None = None) -> tuple[str, ...]:
        """The alternative labels in ``lang`` (default: the session's language)."""
        chosen = get_language(lang)
        return tuple(getattr(self, f"alt_labels_{chosen.value}"))

    def texts(self) -> tuple[str, ...]:
        """Every text that names the term: its id, labels and alt labels in every language."""
        labels: tuple[str | None, ...] = _LABELS(self)
        return (self.id, *filter(None, labels), *chain.from_iterable(_ALT_LABELS(self)))


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


class _KindFields(_Frozen, Labelled):
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


class _RelationFields(_Frozen, Translated):
    TRANSLATED: ClassVar[tuple[str, ...]] = ("note",)

    kind: Identifier
    subject: Identifier
    object: Identifier
    strength: Strength
    note: Text = Field(description="One line saying why the relation holds.", repr=False)
    note_nl: Text | None = Field(default=None, repr=False)
    note_fr: Text | None = Field(default=None, repr=False)

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


class Incident(_Frozen, Translated):
    """A documented attack or foiled plot, classified in the taxonomy.

    Incidents are the evidence behind ``documented`` relations: ``Taxonomy.evidence``
    finds those that instantiate a relation or a scenario. An incident is also a
    ``Source`` (``to_source()``) that relations cite by its id.

    >>> import softtargets as st
    >>> nice = st.load().incident("nice-2016-07-14")
    >>> nice.country, nice.outcome.value
    ('FR', 'completed')
    """

    TRANSLATED: ClassVar[tuple[str, ...]] = ("name", "note")

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


class Circumstance(_Frozen, Labelled):
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
