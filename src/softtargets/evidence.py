"""Incidents as evidence: which documented incidents match a filter, instantiate a scenario
or instantiate a relation (through the hierarchy: an attack on a Christmas market
instantiates a relation on event grounds).

Functions here work on the term index and the incidents they are handed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from .behaviour import Outcome
from .errors import UnknownValueError, expect
from .index import TermIndex

if TYPE_CHECKING:
    from .models import Incident, Relation

__all__ = ["Evidence", "check_days", "outcomes", "countries"]


def outcomes(value: Outcome | str | Iterable[Outcome | str] | None) -> set[Outcome] | None:
    """The outcomes a filter names (None: no filter); ``UnknownValueError`` for a bad one."""
    if value is None:
        return None
    expect("outcome", value, (str, list, tuple, set, frozenset), "an outcome or a list of outcomes")
    out: set[Outcome] = set()
    for o in [value] if isinstance(value, str) else value:
        expect("outcome", o, str, "an outcome (softtargets.Outcome or its value)")
        try:
            out.add(Outcome(o))
        except ValueError:
            raise UnknownValueError("outcome", o, [v.value for v in Outcome]) from None
    return out


def countries(value: str | Iterable[str] | None) -> set[str] | None:
    """The ISO 3166-1 alpha-2 codes a filter names, upper-cased (None: no filter)."""
    if value is None:
        return None
    expect("country", value, (str, list, tuple, set, frozenset), "an ISO 3166-1 alpha-2 code or a list of them")
    out: set[str] = set()
    for c in [value] if isinstance(value, str) else value:
        code = str(c).strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise UnknownValueError("country (ISO 3166-1 alpha-2 code)", c, ["NL", "BE", "DE", "FR", "GB"])
        out.add(code)
    return out


def check_days(since: object, until: object) -> None:
    """``ArgumentTypeError`` unless ``since`` and ``until`` are dates or None."""
    for name, day in (("since", since), ("until", until)):
        if day is not None:
            expect(name, day, _dt.date, "a datetime.date")


def _chronological(incidents: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(sorted(incidents, key=lambda i: (i.date, i.id)))


class Evidence:
    """The incidents of a taxonomy, indexed for the evidence questions."""

    __slots__ = ("_by_id", "_incidents", "_index", "_per_relation", "_relations")

    def __init__(self, index: TermIndex, incidents: Sequence[Incident], relations: Sequence[Relation]) -> None:
        self._index = index
        self._incidents = tuple(incidents)
        self._relations = tuple(relations)
        self._by_id = {i.id: i for i in self._incidents}
        self._per_relation: Mapping[tuple[str, str, str], tuple[str, ...]] | None = None

    @property
    def incidents(self) -> tuple[Incident, ...]:
        """Every incident, in data order."""
        return self._incidents

    def get(self, incident_id: str) -> Incident | None:
        """The incident with this id, or None."""
        return self._by_id.get(incident_id)

    def ids(self) -> list[str]:
        """Every incident id."""
        return list(self._by_id)

    def _hits(self, inc: Incident, pos: int, mask: int) -> bool:
        index = self._index
        facet = index.facets[pos].id
        for t in inc.values(facet):
            number = index.number(pos, t)
            if number is not None and (mask >> number) & 1:
                return True
        return False

    def matching(
        self,
        masks: Sequence[tuple[int, int]],
        outcome: Outcome | str | Iterable[Outcome | str] | None = None,
        country: str | Iterable[str] | None = None,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
        circumstance: str | Iterable[str] | None = None,
    ) -> tuple[Incident, ...]:
        """The incidents, oldest first, with a term inside each ``(facet position, bitset)``
        of ``masks`` and matching the other filters, as ``Taxonomy.incidents`` takes them
        (``circumstance``: one of these ids of ``softtargets.circumstances``)."""
        check_days(since, until)
        outcome_set, country_set, circumstance_set = outcomes(outcome), countries(country), None
        if circumstance is not None:
            from .circumstances import chosen  # its vocabulary is read (and validated) on first use

            circumstance_set = chosen(circumstance)
        out = []
        for inc in self._incidents:
            if circumstance_set is not None and circumstance_set.isdisjoint(inc.circumstances):
                continue
            if outcome_set is not None and inc.outcome not in outcome_set:
                continue
            if country_set is not None and inc.country not in country_set:
                continue
            if (since and inc.date < since) or (until and inc.date > until):
                continue
            if all(self._hits(inc, pos, mask) for pos, mask in masks):
                out.append(inc)
        return _chronological(out)

    def of_scenario(self, numbers: Sequence[int]) -> tuple[Incident, ...]:
        """The incidents each of whose facets has a term at or below the scenario's term."""
        index = self._index
        masks = [(pos, index.below(pos, n)) for pos, n in enumerate(numbers)]
        return self.matching(masks)

    def per_relation(self) -> Mapping[tuple[str, str, str], tuple[str, ...]]:
        """For each relation key, the ids of the incidents that instantiate it (computed once)."""
        cached = self._per_relation
        if cached is not None:
            return cached
        index = self._index
        # for each incident and facet: its terms and all their broader terms
        lifted: list[dict[str, set[str]]] = []
        for inc in self._incidents:
            per_facet: dict[str, set[str]] = {}
            for pos, info in enumerate(index.facets):
                order = index.terms(pos)
                ups: set[str] = set()
                for t in inc.values(info.id):
                    number = index.number(pos, t)
                    if number is not None:
                        ups.update(order[a].id for a in index.up(pos, number))
                per_facet[info.id] = ups
            lifted.append(per_facet)
        result = {
            rel.key: tuple(
                inc.id
                for inc, ups in zip(self._incidents, lifted, strict=True)
                if rel.subject in ups.get(rel.subject_facet, ()) and rel.object in ups.get(rel.object_facet, ())
            )
            for rel in self._relations
        }
        self._per_relation = result
        return result

    def of_relation(self, relation: Relation) -> tuple[Incident, ...] | None:
        """The incidents that instantiate ``relation``, oldest first; None for a relation
        this taxonomy does not hold."""
        ids = self.per_relation().get(relation.key)
        if ids is None:
            return None
        return _chronological(self._by_id[i] for i in ids)

    def count(self, relation: Relation) -> int:
        """How many incidents instantiate ``relation`` (0 for an unknown one)."""
        return len(self.per_relation().get(relation.key, ()))
