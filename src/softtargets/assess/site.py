"""A site to assess: the place, its attributes, its partners and the measures in place.

A site is read from TOML, JSON or YAML with the library's bounded, non-executing reader
(as extension files are); every mistake is reported at once, each with its path into the
document and, where the format tells, its line (``DataError``). ``case = "arena"`` in a
site file takes the partners and measures of one of the study's cases (``pps``).

>>> import softtargets as st
>>> site = st.assess.case_site("arena")
>>> site.capacity, site.setting.value, len(site.measures)
(55000, 'outdoor', 4)
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .._files import find_line, read_document
from ..errors import DataError, ExtensionError, Problem, UnknownValueError, expect
from ..facets import Facet
from ..limits import MAX_DOCUMENT_BYTES
from ..models import Day, Identifier, Source, SourceId, Text
from ..packaged import data_text
from ..pps import AccessRegime, MeasureType, Ownership, SafetyChainPhase, Sector
from ..pps import case as pps_case
from ..pps.data import load_pps
from ..taxonomy import Taxonomy, or_builtin
from .cases import CASE_SITES

__all__ = [
    "CASE_SITES",
    "Partner",
    "Setting",
    "Site",
    "SiteMeasure",
    "SymbolicValue",
    "VehicleAccess",
    "case_site",
    "read_site",
    "site_from_document",
]


_SUFFIXES = {".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}


class Setting(StrEnum):
    """Where the crowd is: inside a building, in the open air, or both."""

    INDOOR = "indoor"
    OUTDOOR = "outdoor"
    MIXED = "mixed"


class VehicleAccess(StrEnum):
    """Can a vehicle reach the crowd? ``NONE`` is the most closed, ``OPEN`` the most open."""

    NONE = "none"
    CONTROLLED = "controlled"
    OPEN = "open"


class SymbolicValue(StrEnum):
    """What the site stands for, in the eyes of an attacker who chooses a symbol."""

    RELIGIOUS = "religious"
    COMMUNITY = "community"
    POLITICAL = "political"
    NATIONAL = "national"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Partner(_Model):
    """A public or private party that provides measures at the site."""

    id: Identifier
    name: Text
    sector: Sector


class SiteMeasure(_Model):
    """A measure in place: its type, the partner that provides it, and the safety-chain
    phases it acts in (empty: those the measure knowledge gives for its type)."""

    measure: MeasureType
    provider: Identifier = Field(description="Partner id.")
    phases: tuple[SafetyChainPhase, ...] = ()
    description: Text | None = None


class Site(_Model):
    """A place to assess, with the study's two analytical attributes (ownership and access),
    its crowd, its exposure to vehicles, its symbolic value, where and when (for the threat
    level in force), its partners and the measures in place. Immutable: ``with_measure``
    and ``model_copy(update=...)`` return new sites."""

    name: Text
    target_types: tuple[Identifier, ...] = Field(min_length=1, description="Target term ids or labels.")
    ownership: Ownership
    access: AccessRegime
    capacity: Annotated[int, Field(ge=1, le=100_000_000, strict=True)] = Field(description="People at peak.")
    setting: Setting
    vehicle_access: VehicleAccess
    symbolic_value: tuple[SymbolicValue, ...] = ()
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    date: Day = Field(description="The day assessed: the threat level in force then, incidents until then.")
    threat_level: str | None = Field(
        default=None, description="'<scale>:<level>' to set the level instead of reading it from the history."
    )
    case: Identifier | None = Field(default=None, description="The study case the partners and measures come from.")
    partners: tuple[Partner, ...] = Field(default=(), alias="partner")
    measures: tuple[SiteMeasure, ...] = Field(default=(), alias="measure")
    provenance: Mapping[Identifier, tuple[SourceId, ...]] = Field(
        default_factory=dict, description="Attribute -> the ids of the sources of its value."
    )
    sources: tuple[Source, ...] = Field(default=(), alias="source", description="New sources the provenance cites.")

    def partner(self, partner_id: str) -> Partner:
        """The partner with this id; ``KeyError`` when there is none."""
        for p in self.partners:
            if p.id == partner_id:
                return p
        raise KeyError(partner_id)

    def replace(self, **changes: Any) -> Site:
        """A validated copy with ``changes`` (field names: ``capacity=``, ``measures=``...);
        a wrong value raises pydantic's ``ValidationError``."""
        return Site.model_validate({**dict(self), **changes})

    def with_measure(self, measure: SiteMeasure) -> Site:
        """A copy with one more measure in place (its provider must be a partner)."""
        expect("measure", measure, SiteMeasure, "a SiteMeasure")
        self.partner(measure.provider)
        return self.model_copy(update={"measures": (*self.measures, measure)})


def _line(text: str | None, loc: tuple[str | int, ...]) -> int | None:
    """The line of ``loc``, else of the nearest enclosing key that has one."""
    for end in range(len(loc), 0, -1):
        line = find_line(text, loc[:end])
        if line is not None:
            return line
    return None


def _case_parts(case_id: str) -> dict[str, Any]:
    p = pps_case(case_id)
    return {
        "partner": [{"id": a.id, "name": a.name, "sector": a.sector.value} for a in p.actors],
        "measure": [
            {
                "measure": m.measure.value,
                "provider": m.provider,
                **({"description": m.description} if m.description else {}),
            }
            for m in p.measures
        ],
    }


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _problems(document: Mapping[str, Any], taxonomy: Taxonomy) -> list[tuple[tuple[str | int, ...], str]]:
    """What pydantic cannot see (unknown target types, providers, sources and levels),
    read from the document itself so that they are reported with pydantic's own."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for n, t in enumerate(_list(document.get("target_types"))):
        if isinstance(t, str) and taxonomy.get(t, Facet.TARGET) is None:
            found.append((("target_types", n), f"{t!r} is not a target type"))
    ids = [p.get("id") for p in _list(document.get("partner")) if isinstance(p, Mapping)]
    for n, pid in enumerate(ids):
        if pid in ids[:n]:
            found.append((("partner", n, "id"), f"partner {pid!r} is listed twice"))
    for n, m in enumerate(_list(document.get("measure"))):
        provider = m.get("provider") if isinstance(m, Mapping) else None
        if isinstance(provider, str) and provider not in ids:
            known = ", ".join(str(i) for i in ids) or "-"
            found.append((("measure", n, "provider"), f"{provider!r} is not a partner (ids: {known})"))
    inline = {s.get("id") for s in _list(document.get("source")) if isinstance(s, Mapping)}
    known_sources = {s.id for s in load_pps().sources} | inline
    provenance = document.get("provenance")
    for key, refs in provenance.items() if isinstance(provenance, Mapping) else ():
        if key not in Site.model_fields:
            found.append((("provenance", key), f"{key!r} is not an attribute of a site"))
        for ref in _list(refs):
            if isinstance(ref, str) and ref not in known_sources:
                found.append((("provenance", key), f"unknown source {ref!r}"))
    level = document.get("threat_level")
    if isinstance(level, str) and level not in {lv.key for lv in load_pps().levels}:
        found.append((("threat_level",), f"{level!r} is not a threat level ('<scale>:<level>')"))
    return found


def site_from_document(
    data: Any, *, origin: str = "python", text: str | None = None, taxonomy: Taxonomy | None = None
) -> Site:
    """A ``Site`` from a parsed document (a mapping). Every problem, of the document and
    against ``taxonomy`` (the built-in one by default), is reported in one ``DataError``,
    each with its path and, given the document's ``text``, its line."""
    if not isinstance(data, Mapping):
        raise DataError(origin, [Problem((), f"the document must be a table/object, not {type(data).__name__}")])
    document = dict(data)
    problems: list[Problem] = []
    case_id = document.get("case")
    if isinstance(case_id, str):
        try:
            for key, value in _case_parts(case_id).items():
                document.setdefault(key, value)
        except UnknownValueError as err:
            problems.append(Problem(("case",), str(err), file=origin, line=_line(text, ("case",))))
    site = None
    try:
        site = Site.model_validate(document)
    except ValidationError as err:
        for e in err.errors():
            loc = tuple(e["loc"])
            problems.append(Problem(loc, e["msg"], file=origin, line=_line(text, loc)))
    for loc, msg in _problems(document, or_builtin(taxonomy)):
        problems.append(Problem(loc, msg, file=origin, line=_line(text, loc)))
    if problems or site is None:
        raise DataError(origin, problems)
    return site


def read_site(path: str | Path, *, taxonomy: Taxonomy | None = None, max_bytes: int = MAX_DOCUMENT_BYTES) -> Site:
    """Read a site from a TOML, JSON or YAML file (YAML needs the ``yaml`` extra), at most
    ``max_bytes`` of it, never executing anything. Problems raise one ``DataError`` naming
    each, with its path into the document and line."""
    file = Path(path)
    fmt = _SUFFIXES.get(file.suffix.lower())
    if fmt is None:
        message = f"unknown file type {file.suffix!r}; use .toml, .json, .yaml or .yml"
        raise DataError(str(file), [Problem((), message, file=str(file))])
    try:
        data, text = read_document(file, fmt, max_bytes)
    except ExtensionError as err:
        raise DataError(str(file), err.problems) from None
    return site_from_document(data, origin=str(file), text=text, taxonomy=taxonomy)


@cache
def _case_site(case_id: str) -> Site:
    import tomllib

    name = f"data/sites/{case_id}.toml"
    text = data_text(f"sites/{case_id}.toml")
    return site_from_document(tomllib.loads(text), origin=name, text=text)


def case_site(case_id: str) -> Site:
    """The built-in site of one of the study's cases: "arena" (the Johan Cruijff ArenA's
    outer area during concerts), "vierdaagse" or "diamantkwartier"; its partners and
    measures are the case's (``pps.case``), its attributes sourced in ``data/sites/``."""
    expect("case_id", case_id, str, "a case id (str)")
    if case_id not in CASE_SITES:
        raise UnknownValueError("case site", case_id[:80], list(CASE_SITES))
    return _case_site(case_id)
