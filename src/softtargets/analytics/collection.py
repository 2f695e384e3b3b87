"""Incident collections: built-in or extension incidents, a GTD export, a GTD frame or a
user's DataFrame as one immutable kind of collection, with filters and ``to_pandas()``."""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import ArgumentTypeError, DataError, ImmutableError, shorten
from ..evidence import check_days, countries, outcomes
from ..facets import Facet
from ..frames import pandas
from ..models import INCIDENT_FIELDS, Incident

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = ["FACETS", "IncidentRecord", "Incidents", "incidents"]

FACETS = tuple(f.value for f in Facet)
"""The facets a collection holds, in the built-in order."""


class IncidentRecord(NamedTuple):
    """One incident of a collection: what the analytics read of it (term ids per facet as
    tuples, empty when unknown)."""

    id: str
    date: dt.date
    country: str | None
    outcome: str
    target: tuple[str, ...]
    perpetrator: tuple[str, ...]
    motive: tuple[str, ...]
    modus_operandi: tuple[str, ...]

    def values(self, facet: str) -> tuple[str, ...]:
        """The record's term ids in ``facet``."""
        found: tuple[str, ...] = getattr(self, facet) if facet in FACETS else ()
        return found


RECORD_FIELDS = ("id", "date", "country", "outcome", *FACETS)
"""The fields of an ``IncidentRecord``, and the columns of ``Incidents.to_pandas()``."""


class Incidents:
    """An immutable collection of incidents, oldest first, from any source ``incidents``
    takes; ``filter`` returns a narrower collection, ``to_pandas`` a DataFrame.

    >>> import softtargets as st
    >>> from softtargets import analytics
    >>> found = analytics.incidents().filter(since=dt.date(2015, 1, 1), modus_operandi="vehicle_ramming")
    >>> len(found) > 5
    True
    """

    __slots__ = ("_records", "_taxonomy")
    _records: tuple[IncidentRecord, ...]
    _taxonomy: Taxonomy

    def __init__(self, records: Iterable[IncidentRecord], taxonomy: Taxonomy) -> None:
        object.__setattr__(self, "_records", tuple(sorted(records, key=lambda r: (r.date, r.id))))
        object.__setattr__(self, "_taxonomy", taxonomy)

    def __setattr__(self, name: str, value: object) -> None:
        raise ImmutableError("an Incidents collection is immutable: filter() makes a new one")

    @property
    def taxonomy(self) -> Taxonomy:
        """The taxonomy whose hierarchy the filters and measures follow."""
        return self._taxonomy

    @property
    def records(self) -> tuple[IncidentRecord, ...]:
        """The records, oldest first."""
        return self._records

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[IncidentRecord]:
        return iter(self.records)

    def __repr__(self) -> str:
        span = f", {self.records[0].date.year}-{self.records[-1].date.year}" if self.records else ""
        return f"<Incidents: {len(self)}{span}>"

    def filter(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        country: str | Iterable[str] | None = None,
        outcome: str | Iterable[str] | None = None,
        **terms: str | Iterable[str],
    ) -> Incidents:
        """The incidents from ``since`` to ``until`` (dates, both included), in one of the
        ``country`` codes, with one of the ``outcome`` values, and, for each facet given by
        name (``target="event_ground"``), with a term at or below one of the given terms in
        the taxonomy's hierarchy. An unknown facet or term raises an error naming it."""
        check_days(since, until)
        country_set, outcome_set = countries(country), outcomes(outcome)
        wanted: dict[str, set[str]] = {}
        for facet, value in terms.items():
            if facet not in FACETS:
                raise ArgumentTypeError(f"{facet}: not a facet; expected one of {', '.join(FACETS)}")
            wanted[facet] = below(self.taxonomy, facet, [value] if isinstance(value, str) else list(value))
        kept = [
            r
            for r in self.records
            if (since is None or r.date >= since)
            and (until is None or r.date <= until)
            and (country_set is None or r.country in country_set)
            and (outcome_set is None or r.outcome in {o.value for o in outcome_set})
            and all(not ids.isdisjoint(r.values(facet)) for facet, ids in wanted.items())
        ]
        return Incidents(kept, self.taxonomy)

    def to_pandas(self) -> Any:
        """One row per incident: ``id``, ``date`` (``datetime64[s]``), ``country``,
        ``outcome`` and a column of term-id tuples per facet (the ``pandas`` extra)."""
        import numpy as np

        pd = pandas()
        columns: dict[str, Any] = {}
        for name in RECORD_FIELDS:
            values = np.empty(len(self), dtype=object)
            values[:] = [getattr(r, name) for r in self.records]
            columns[name] = values
        frame = pd.DataFrame(columns, columns=list(RECORD_FIELDS))
        frame["date"] = np.array(list(columns["date"]), dtype="datetime64[D]").astype("datetime64[s]")
        return frame


def below(taxonomy: Taxonomy, facet: str, values: Sequence[str]) -> set[str]:
    """The ids of the terms ``values`` name in ``facet`` and of all their narrower terms."""
    out: set[str] = set()
    for value in values:
        term = taxonomy.term(value, facet)
        out.add(term.id)
        out.update(t.id for t in taxonomy.narrower(term.id, facet, deep=True))
    return out


def _from_incident(incident: Incident) -> IncidentRecord:
    return IncidentRecord(
        incident.id,
        incident.date,
        incident.country,
        incident.outcome.value,
        *(incident.values(f) for f in FACETS),
    )


def _terms(value: object) -> tuple[str, ...]:
    """A frame cell as term ids: a list or tuple of ids, one id, or nothing."""
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if isinstance(v, str) and v)
    if hasattr(value, "tolist") and not isinstance(value, str):  # a numpy array (parquet lists)
        return _terms(value.tolist())
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    return ()


def _from_frame(frame: Any) -> list[IncidentRecord]:
    """Records of a DataFrame with a ``date`` column and term columns named by facet (or by
    the ``Incident`` field: ``targets``, ``modi_operandi``)."""
    pd = pandas()
    if "date" not in frame.columns:
        raise DataError("DataFrame", ["an incident frame needs a 'date' column (and facet columns)"])
    fields = {f: f if f in frame.columns else INCIDENT_FIELDS.get(f, f) for f in FACETS}
    dates = pd.to_datetime(frame["date"], errors="coerce")
    size = len(frame)

    def column(name: str) -> list[Any]:
        return frame[name].tolist() if name in frame.columns else [None] * size

    idents, places, ends = column("id"), column("country"), column("outcome")
    terms = [column(fields[f]) for f in FACETS]
    cache: dict[object, tuple[str, ...]] = {}

    def cell(value: object) -> tuple[str, ...]:  # term tuples repeat: one tuple object per value
        try:
            found = cache.get(value)
        except TypeError:  # unhashable (a list)
            return _terms(value)
        if found is None:
            found = cache[value] = _terms(value)
        return found

    out = []
    for n, when in enumerate(dates.dt.date.tolist()):
        if when is None or when is pd.NaT or (isinstance(when, float) and math.isnan(when)):
            continue  # a record without a usable date takes no place in time
        ident, country, outcome = idents[n], places[n], ends[n]
        out.append(
            IncidentRecord(
                str(ident) if isinstance(ident, str) and ident else f"row-{n}",
                when,
                country if isinstance(country, str) and country else None,
                outcome if isinstance(outcome, str) and outcome else "completed",
                *(cell(values[n]) for values in terms),
            )
        )
    return out


def incidents(
    source: object = None,
    *,
    taxonomy: Taxonomy | None = None,
    motives: bool = False,
    progress: bool = False,
    encoding: str = "utf-8",
) -> Incidents:
    """An ``Incidents`` collection from ``source``:

    * None: the incidents of ``taxonomy`` (the built-in ones, or an extended taxonomy's,
      extension incidents included); a ``Taxonomy``: its incidents;
    * a sequence of ``Incident``;
    * a path to a GTD CSV export: read and classified with ``gtd.read_frame`` (``motives``,
      ``progress`` and ``encoding`` passed on; records that make no incident are left out);
    * a pandas DataFrame: one with GTD columns (``eventid``) is classified with
      ``gtd.classify_frame``; one that ``gtd.classify_frame`` made, or any frame with a
      ``date`` column and a column per facet (ids, or tuples of ids), is read as it is.
    """
    from ..taxonomy import Taxonomy, or_builtin

    if isinstance(source, Taxonomy):
        taxonomy, source = source, None
    tax = or_builtin(taxonomy)
    if source is None:
        return Incidents((_from_incident(i) for i in tax.incidents()), tax)
    if isinstance(source, str | os.PathLike):
        from .. import gtd

        frame = gtd.read_frame(source, progress=progress, encoding=encoding, taxonomy=tax, motives=motives)
        return Incidents(_from_frame(_gtd_view(frame)), tax)
    if isinstance(source, Sequence) and all(isinstance(i, Incident) for i in source):
        return Incidents((_from_incident(i) for i in source), tax)
    pd = pandas()
    if isinstance(source, pd.DataFrame):
        given: Any = source
        if "eventid" in given.columns:
            from .. import gtd

            given = gtd.classify_frame(given, taxonomy=tax, motives=motives)
        if "unmapped" in given.columns:
            given = _gtd_view(given)
        return Incidents(_from_frame(given), tax)
    raise ArgumentTypeError(
        "source: expected None, a Taxonomy, a list of Incident, a path to a GTD export or a "
        f"pandas DataFrame, got {type(source).__name__} {shorten(source)}"
    )


def _gtd_view(frame: Any) -> Any:
    """A ``classify_frame`` result without the records that made no incident."""
    return frame[frame["id"].notna()]
