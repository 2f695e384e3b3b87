"""Crosswalks between the taxonomy and the vocabularies analysts already use: the GTD codebook
(attack, weapon and target types and subtypes), Europol TE-SAT categories and STIX 2.1 open
vocabularies. The mappings are data (``data/crosswalks.toml``), each with a SKOS-style match
kind and a source, usable in both directions.

>>> from softtargets import crosswalk
>>> crosswalk.lookup("gtd_weapon_type", 10).terms
('vehicle_ramming',)
>>> [e.code for e in crosswalk.for_term("jihadism", vocabulary="tesat_category")]
['jihadist', 'islamist', 'religiously-inspired']
"""

from __future__ import annotations

import threading
import tomllib
from enum import StrEnum
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ._text import suggest
from .errors import DataError, Loc, Problem, UnknownValueError
from .facets import TermEnum
from .loader import Resolver, pydantic_problems
from .models import Identifier, Source, SourceRef, Text

__all__ = ["VOCABULARIES", "CrosswalkEntry", "Match", "entries", "for_term", "lookup", "vocabularies"]

VOCABULARIES = (
    "gtd_attack_type",
    "gtd_weapon_type",
    "gtd_weapon_subtype",
    "gtd_target_type",
    "gtd_target_subtype",
    "tesat_category",
    "stix_threat_actor_type",
    "stix_resource_level",
    "stix_attack_motivation",
    "stix_industry_sector",
)
"""The external vocabularies with crosswalks."""


class Match(StrEnum):
    """How an external code relates to the terms it maps to (as SKOS mapping properties, from
    the external code's side)."""

    EXACT = "exact"
    """Same concept (skos:exactMatch)."""
    CLOSE = "close"
    """Nearly the same; interchangeable in most uses (skos:closeMatch)."""
    BROAD = "broad"
    """The term is broader than the code (skos:broadMatch)."""
    NARROW = "narrow"
    """The terms are narrower than the code: each covers part of it (skos:narrowMatch)."""
    NONE = "none"
    """No equivalent in the taxonomy; the note says why."""


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    vocabulary: str
    code: str
    label: Text
    parent: str | None = None
    facet: Identifier | None = None
    terms: tuple[Identifier, ...] = ()
    match: Match
    note: Text
    sources: tuple[SourceRef, ...] = Field(min_length=1)


class CrosswalkEntry(_Spec):
    """One external code and the taxonomy terms it maps to."""

    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def key(self) -> tuple[str, str]:
        """``(vocabulary, code)``."""
        return (self.vocabulary, self.code)


_LOCK = threading.Lock()
_ENTRIES: tuple[CrosswalkEntry, ...] | None = None


def _load() -> tuple[CrosswalkEntry, ...]:
    global _ENTRIES
    if _ENTRIES is not None:
        return _ENTRIES
    with _LOCK:
        if _ENTRIES is None:
            text = (resources.files("softtargets") / "data" / "crosswalks.toml").read_text(encoding="utf-8")
            doc: dict[str, Any] = tomllib.loads(text)
            from .taxonomy import load

            builtin = load()
            resolver = Resolver(builtin.sources())
            problems: list[Problem] = []
            file = "crosswalks.toml"
            for n, record in enumerate(doc.get("source", [])):
                try:
                    resolver.add_source(Source.model_validate(record), (file, ("source", n)), problems)
                except ValidationError as err:
                    problems.extend(pydantic_problems(err, (file, ("source", n))))
            out: list[CrosswalkEntry] = []
            seen: set[tuple[str, str]] = set()
            terms = {(t.facet, t.id) for t in builtin.terms()}
            for n, record in enumerate(doc.get("mapping", [])):
                loc: Loc = ("mapping", n)
                try:
                    spec = _Spec.model_validate(record)
                except ValidationError as err:
                    problems.extend(pydantic_problems(err, (file, loc)))
                    continue
                sources = resolver.sources(spec.sources, (file, loc), problems)
                if spec.vocabulary not in VOCABULARIES:
                    message = f"unknown vocabulary {spec.vocabulary!r}"
                    problems.append(Problem((*loc, "vocabulary"), message, file=file))
                if (spec.vocabulary, spec.code) in seen:
                    message = f"{spec.vocabulary} code {spec.code!r} is mapped twice"
                    problems.append(Problem(loc, message, file=file))
                seen.add((spec.vocabulary, spec.code))
                if (spec.match is Match.NONE) != (not spec.terms):
                    problems.append(Problem(loc, "match 'none' goes with no terms, and only then", file=file))
                for term in spec.terms:
                    if (spec.facet, term) not in terms:
                        message = f"{term!r} is not a {spec.facet} term"
                        problems.append(Problem((*loc, "terms"), message, file=file))
                if sources is not None:
                    data = spec.model_dump(exclude={"sources"})
                    out.append(CrosswalkEntry.model_validate({**data, "sources": sources}))
            if problems:
                raise DataError("crosswalks.toml", problems)
            _ENTRIES = tuple(out)
    return _ENTRIES


def vocabularies() -> tuple[str, ...]:
    """The vocabularies that have crosswalk entries."""
    present = {e.vocabulary for e in _load()}
    return tuple(v for v in VOCABULARIES if v in present)


def _vocabulary(name: str) -> str:
    if name not in VOCABULARIES:
        raise UnknownValueError("vocabulary", name, list(VOCABULARIES))
    return name


def entries(vocabulary: str | None = None) -> tuple[CrosswalkEntry, ...]:
    """Every crosswalk entry, or those of one vocabulary, in data order."""
    if vocabulary is None:
        return _load()
    name = _vocabulary(vocabulary)
    return tuple(e for e in _load() if e.vocabulary == name)


def lookup(vocabulary: str, code: str | int) -> CrosswalkEntry:
    """The entry for an external code (GTD codes may be given as ints).

    Raises ``UnknownValueError`` naming the closest valid codes when there is none.
    """
    name = _vocabulary(vocabulary)
    key = str(code).strip()
    for entry in _load():
        if entry.vocabulary == name and entry.code == key:
            return entry
    codes = [e.code for e in _load() if e.vocabulary == name]
    raise UnknownValueError(f"{name} code", key, suggest(key, codes) or codes[:10])


def for_term(
    term: TermEnum | str, *, vocabulary: str | None = None, include_broader: bool = False
) -> tuple[CrosswalkEntry, ...]:
    """The external codes that map to ``term`` (the reverse direction).

    With ``include_broader=True`` codes mapped to a broader term count too, so a Christmas
    market finds the codes of event grounds.
    """
    wanted = {term.value if isinstance(term, TermEnum) else str(term)}
    if include_broader:
        from .taxonomy import load

        tax_terms = {t.id: t for t in load().terms()}
        up = tax_terms.get(next(iter(wanted)))
        while up is not None and up.broader:
            wanted.add(up.broader)
            up = tax_terms.get(up.broader)
    pool = entries(vocabulary)
    return tuple(e for e in pool if wanted & set(e.terms))
