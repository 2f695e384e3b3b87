"""The data's enums (``SourceKind``, ``Strength``, ``Outcome``), the ``Scenario`` record, and the
behaviour that the pydantic models (``softtargets.models``) and the built-in data's light
records (``softtargets.records``) share: ``label()``, ``translated()``, ``texts()``, ``key``,
``values()``, ... Free of pydantic, so that loading and querying imports none.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from enum import StrEnum
from itertools import chain
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from . import views
from .facets import Facet, ModusOperandi, Motive, PerpetratorType, TargetType
from .language import Lang, get_language, text

__all__ = [
    "BEHAVIOUR",
    "ENUMS",
    "INCIDENT_FIELDS",
    "FacetBase",
    "IncidentBase",
    "KindBase",
    "Labelled",
    "Outcome",
    "RelationBase",
    "Scenario",
    "SourceBase",
    "SourceKind",
    "Strength",
    "TermBase",
    "Translated",
]


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


class Outcome(StrEnum):
    """How an incident ended, as Europol's TE-SAT counts attacks."""

    COMPLETED = "completed"
    """The attack took place."""
    FAILED = "failed"
    """The attack was attempted but did not work as intended."""
    FOILED = "foiled"
    """The plot was stopped before the attack."""


ENUMS: Mapping[str, type[StrEnum]] = MappingProxyType({e.__name__: e for e in (SourceKind, Strength, Outcome)})
"""The enums a record's field may hold, by name (the snapshot names them so)."""


INCIDENT_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        Facet.TARGET.value: "targets",
        Facet.PERPETRATOR.value: "perpetrator",
        Facet.MOTIVE.value: "motive",
        Facet.MODUS_OPERANDI.value: "modi_operandi",
    }
)
"""For each built-in facet, the ``Incident`` field that holds its terms."""


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


class Translated:
    """Mixin for records whose texts are written in English and translated field by field
    (``note`` with ``note_nl`` and ``note_fr``): ``translated(field, lang)`` picks one, following
    ``softtargets.language``'s precedence (``lang=``, ``set_language``, ``SOFTTARGETS_LANG``)."""

    __slots__ = ()

    FROM_MODEL: ClassVar[frozenset[str]] = frozenset()
    """Methods only the pydantic model defines (they need pydantic): a light record
    (``softtargets.records``) hands them over to its model."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ()
    """The English fields that carry a translation per language (tested for built-in data)."""

    def translated(self, field: str, lang: Lang | str | None = None) -> str:
        """``field``'s text in ``lang``; English with an ``[en]`` marker when untranslated."""
        return text(self, field, lang)


class Labelled(Translated):
    """Mixin for records with a preferred label per language (fields ``label_en``,
    ``label_nl`` and ``label_fr``): the one ``label()`` of terms, facets, relation kinds and
    vocabulary entries."""

    __slots__ = ()

    TRANSLATED: ClassVar[tuple[str, ...]] = ("label", "definition")

    if TYPE_CHECKING:
        label_en: str
        label_nl: str
        label_fr: str | None

    def label(self, lang: Lang | str | None = None) -> str:
        """The preferred label in ``lang`` ("en", "nl" or "fr"; default: the session's
        language); an unknown language raises ``UnknownValueError``."""
        return text(self, "label", lang)


class SourceBase:
    """What sources do (``st.Source`` and the built-in records alike)."""

    __slots__ = ()

    FROM_MODEL: ClassVar[frozenset[str]] = frozenset()
    """Methods only the pydantic model defines (see ``Translated.FROM_MODEL``)."""


class FacetBase(Labelled):
    """What facets do (``st.FacetInfo`` and the built-in records alike)."""

    __slots__ = ()


class KindBase(Labelled):
    """What relation kinds do (``st.RelationKind`` and the built-in records alike)."""

    __slots__ = ()


_LABELS = attrgetter(*(f"label_{lang.value}" for lang in Lang))
_ALT_LABELS = attrgetter(*(f"alt_labels_{lang.value}" for lang in Lang))


class TermBase(Labelled):
    """What terms do (``st.Term``, ``st.TermSpec`` and the built-in records alike)."""

    __slots__ = ()

    if TYPE_CHECKING:
        id: str
        facet: str

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


class RelationBase(Translated):
    """What relations do (``st.Relation``, ``st.RelationSpec`` and the built-in records alike)."""

    __slots__ = ()

    TRANSLATED: ClassVar[tuple[str, ...]] = ("note",)

    if TYPE_CHECKING:
        kind: str
        subject: str
        object: str
        strength: Strength

    @property
    def key(self) -> tuple[str, str, str]:
        """``(kind, subject, object)``: unique within a taxonomy."""
        return (self.kind, self.subject, self.object)

    def __str__(self) -> str:
        return f"{self.subject} {self.kind} {self.object} ({self.strength})"


class IncidentBase(Translated):
    """What incidents do (``st.Incident`` and the built-in records alike)."""

    __slots__ = ()

    TRANSLATED: ClassVar[tuple[str, ...]] = ("name", "note")
    FROM_MODEL: ClassVar[frozenset[str]] = frozenset({"to_source"})

    if TYPE_CHECKING:
        id: str
        name: str
        date: _dt.date
        city: str | None
        country: str | None
        outcome: Outcome
        urls: tuple[str, ...]
        note: str

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

    def __str__(self) -> str:
        return f"{self.name} ({self.date.isoformat()}, {self.city or '?'}, {self.country or '?'})"


BEHAVIOUR: Mapping[str, type] = MappingProxyType(
    {
        "Source": SourceBase,
        "FacetInfo": FacetBase,
        "RelationKind": KindBase,
        "Term": TermBase,
        "Relation": RelationBase,
        "Incident": IncidentBase,
    }
)
"""For each model the built-in data hold, the mixin with its behaviour."""
