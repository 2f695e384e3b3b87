"""Crosswalks between the taxonomy and the vocabularies analysts already use: the GTD codebook
(attack, weapon and target types and subtypes), Europol TE-SAT categories and STIX 2.1 open
vocabularies. The mappings are data (``data/crosswalks.toml``), each with a SKOS-style match
kind and a source, usable in both directions.

Arguments of the wrong type raise ``ArgumentTypeError`` naming the argument; an unknown
vocabulary or code raises ``UnknownValueError`` (a code longer than
``limits.MAX_QUERY_CHARS`` at once, quoted cut to 80 characters).

>>> from softtargets import crosswalk
>>> crosswalk.lookup("gtd_weapon_type", 10).terms
('vehicle_ramming',)
>>> [e.code for e in crosswalk.for_term("jihadism", vocabulary="tesat_category")]
['jihadist', 'islamist', 'religiously-inspired']
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ._text import suggest
from .cache import cached
from .errors import DataError, Loc, Problem, UnknownValueError, expect
from .facets import Facet, TermEnum
from .limits import MAX_QUERY_CHARS
from .loader import Resolver, pydantic_problems
from .models import Identifier, Source, SourceRef, Text, Translated
from .packaged import data_text

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

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


class _Spec(BaseModel, Translated):
    model_config = ConfigDict(frozen=True, extra="forbid")

    TRANSLATED: ClassVar[tuple[str, ...]] = ("note",)

    vocabulary: str
    code: str
    label: Text
    parent: str | None = None
    facet: Identifier | None = None
    terms: tuple[Identifier, ...] = ()
    match: Match
    note: Text
    note_nl: Text | None = Field(default=None, repr=False)
    note_fr: Text | None = Field(default=None, repr=False)
    sources: tuple[SourceRef, ...] = Field(min_length=1)


class CrosswalkEntry(_Spec):
    """One external code and the taxonomy terms it maps to."""

    sources: tuple[Source, ...] = Field(min_length=1)

    @property
    def key(self) -> tuple[str, str]:
        """``(vocabulary, code)``."""
        return (self.vocabulary, self.code)


@dataclass(frozen=True)
class _Catalogue:
    """The validated entries and the indexes that make lookups dictionary hits."""

    entries: tuple[CrosswalkEntry, ...]
    by_key: Mapping[tuple[str, str], CrosswalkEntry]
    by_vocabulary: Mapping[str, tuple[CrosswalkEntry, ...]]
    by_term: Mapping[tuple[str, str], tuple[CrosswalkEntry, ...]]


@cached
def _catalogue() -> _Catalogue:
    """Read ``crosswalks.toml`` once and validate it against the built-in taxonomy.

    The mappings are built-in data and name built-in terms only, so the built-in taxonomy is
    the one to check them against; every extension of it holds the same terms, so the
    entries serve any taxonomy built on it (``for_term`` takes the taxonomy whose hierarchy
    it should follow).
    """
    text = data_text("crosswalks.toml")
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
            problems.append(Problem((*loc, "vocabulary"), f"unknown vocabulary {spec.vocabulary!r}", file=file))
        if (spec.vocabulary, spec.code) in seen:
            problems.append(Problem(loc, f"{spec.vocabulary} code {spec.code!r} is mapped twice", file=file))
        seen.add((spec.vocabulary, spec.code))
        if (spec.match is Match.NONE) != (not spec.terms):
            problems.append(Problem(loc, "match 'none' goes with no terms, and only then", file=file))
        for term in spec.terms:
            if (spec.facet, term) not in terms:
                problems.append(Problem((*loc, "terms"), f"{term!r} is not a {spec.facet} term", file=file))
        if sources is not None:
            data = spec.model_dump(exclude={"sources"})
            out.append(CrosswalkEntry.model_validate({**data, "sources": sources}))
    if problems:
        raise DataError("crosswalks.toml", problems)
    by_vocabulary: dict[str, list[CrosswalkEntry]] = {}
    by_term: dict[tuple[str, str], list[CrosswalkEntry]] = {}
    for entry in out:
        by_vocabulary.setdefault(entry.vocabulary, []).append(entry)
        for term in entry.terms:
            by_term.setdefault((entry.facet or "", term), []).append(entry)
    return _Catalogue(
        entries=tuple(out),
        by_key=MappingProxyType({e.key: e for e in out}),
        by_vocabulary=MappingProxyType({v: tuple(es) for v, es in by_vocabulary.items()}),
        by_term=MappingProxyType({k: tuple(es) for k, es in by_term.items()}),
    )


def vocabularies() -> tuple[str, ...]:
    """The vocabularies that have crosswalk entries."""
    present = _catalogue().by_vocabulary
    return tuple(v for v in VOCABULARIES if v in present)


def _vocabulary(name: object) -> str:
    expect("vocabulary", name, str, "a vocabulary name (str)")
    assert isinstance(name, str)
    if name not in VOCABULARIES:
        raise UnknownValueError("vocabulary", _cut(name), list(VOCABULARIES))
    return name


def _cut(text: str) -> str:
    """``text`` cut to 80 characters, for a message that quotes it."""
    return text if len(text) <= 80 else text[:79] + "…"


def entries(vocabulary: str | None = None) -> tuple[CrosswalkEntry, ...]:
    """Every crosswalk entry, or those of one vocabulary, in data order."""
    if vocabulary is None:
        return _catalogue().entries
    return _catalogue().by_vocabulary.get(_vocabulary(vocabulary), ())


def lookup(vocabulary: str, code: str | int) -> CrosswalkEntry:
    """The entry for an external code (GTD codes may be given as ints).

    Raises ``UnknownValueError`` naming the closest valid codes when there is none (at once,
    without suggestions, for a code longer than ``limits.MAX_QUERY_CHARS``, which none is),
    and ``ArgumentTypeError`` for a vocabulary that is not a str or a code that is neither a
    str nor an int. The entry names built-in terms, which every taxonomy built on the
    built-in one holds.
    """
    name = _vocabulary(vocabulary)
    expect("code", code, (str, int), "a code (str or int)")
    codes = [e.code for e in entries(name)]
    if isinstance(code, int) and code.bit_length() > 64:  # str() of a huge int is slow or refused
        raise UnknownValueError(f"{name} code", f"<an integer of {code.bit_length():,} bits>", codes[:10])
    key = str(code).strip()
    entry = _catalogue().by_key.get((name, key))
    if entry is not None:
        return entry
    if len(key) > MAX_QUERY_CHARS:  # no code is that long; fuzzy matching it would take long
        raise UnknownValueError(f"{name} code", _cut(key), codes[:10])
    raise UnknownValueError(f"{name} code", key, suggest(key, codes) or codes[:10])


def for_term(
    term: TermEnum | str,
    *,
    vocabulary: str | None = None,
    include_broader: bool = False,
    facet: Facet | str | None = None,
    taxonomy: Taxonomy | None = None,
) -> tuple[CrosswalkEntry, ...]:
    """The external codes that map to ``term`` (the reverse direction), in data order.

    ``term`` is resolved in ``taxonomy`` (the built-in one by default) like
    ``Taxonomy.term``: an enum member, id or label; ``facet`` picks one when the text names
    terms of several facets. An unknown term raises ``UnknownTermError``. With
    ``include_broader=True`` codes mapped to a broader term count too (the taxonomy's
    ``ancestors``), so a Christmas market finds the codes of event grounds, and so does a
    term an extension adds under event grounds, given that extended taxonomy.

    Arguments of the wrong type raise ``ArgumentTypeError`` naming the argument; an unknown
    vocabulary raises ``UnknownValueError``.

    >>> from softtargets import crosswalk
    >>> [e.code for e in crosswalk.for_term("christmas_market", vocabulary="stix_industry_sector",
    ...                                     include_broader=True)]
    ['commercial', 'entertainment']
    """
    from .taxonomy import or_builtin

    expect("term", term, str, "a term (enum member, id or label: str)")  # term enums are StrEnums
    if vocabulary is not None:
        _vocabulary(vocabulary)
    expect("include_broader", include_broader, bool, "True or False")
    expect("facet", facet, (str, type(None)), "a facet (Facet or str) or None")
    tax = or_builtin(taxonomy)
    found = tax.term(term, facet)
    chain = (found, *tax.ancestors(found.id, found.facet)) if include_broader else (found,)
    wanted = {id(e) for t in chain for e in _catalogue().by_term.get((t.facet, t.id), ())}
    pool = entries(vocabulary)
    return tuple(e for e in pool if id(e) in wanted)
