"""Global Terrorism Database records as taxonomy incidents.

GTD data are licensed by START and are not shipped here: bring your own export. ``classify``
turns one record (a mapping of GTD column names to values; ``-9``/``-99`` and blanks mean
unknown) into an ``Incident`` and says what it could not map; ``read_csv`` streams an export
with the ``csv`` module, in constant memory, optionally reporting progress.

>>> from softtargets import gtd
>>> result = gtd.classify({"eventid": "201612190001", "iyear": "2016", "imonth": "12", "iday": "19",
...     "country_txt": "Germany", "city": "Berlin", "attacktype1": "7", "weaptype1": "10",
...     "targtype1": "14", "targsubtype1": "74", "individual": "1", "nperps": "1",
...     "nkill": "12", "nwound": "56", "success": "1"})
>>> result.incident.modi_operandi, result.incident.perpetrator, result.incident.country
(('vehicle_ramming',), 'lone_actor', 'DE')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import tomllib
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from pydantic import ValidationError

from . import crosswalk
from .cache import cached
from .crosswalk import Match
from .errors import DataError
from .facets import Facet
from .models import Incident, Outcome

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = ["GTDResult", "INCIDENT_URL", "classify", "read_csv"]

INCIDENT_URL = "https://www.start.umd.edu/gtd/search/IncidentSummary.aspx?gtdid={eventid}"
"""The GTD's public page of one incident; it becomes the incident's URL."""

_UNKNOWN = {"", "-9", "-99", "-9.0", "-99.0", "Unknown", "unknown", "nan", "NaN"}
_USABLE = {Match.EXACT, Match.CLOSE, Match.BROAD}


class GTDResult(NamedTuple):
    """One classified GTD record: the incident (None when the record is unusable) and what
    could not be mapped, in words."""

    incident: Incident | None
    unmapped: tuple[str, ...]
    row: int


@cached
def _countries() -> Mapping[str, str]:
    """The GTD's country names and their ISO 3166 alpha-2 codes (read once)."""
    text = (resources.files("softtargets") / "data" / "gtd_countries.toml").read_text("utf-8")
    return MappingProxyType(dict(tomllib.loads(text)["countries"]))


def _value(row: Mapping[str, object], column: str) -> str | None:
    raw = row.get(column)
    if raw is None:
        return None
    text = str(raw).strip()
    return None if text in _UNKNOWN else text


def _code(row: Mapping[str, object], column: str) -> str | None:
    text = _value(row, column)
    if text is None:
        return None
    try:
        return str(int(float(text)))
    except ValueError:
        return text


def _count(row: Mapping[str, object], column: str) -> int | None:
    text = _value(row, column)
    if text is None:
        return None
    try:
        number = int(float(text))
    except ValueError:
        return None
    return number if number >= 0 else None


def _map(vocabulary: str, code: str, what: str, unmapped: list[str]) -> tuple[str, ...]:
    try:
        entry = crosswalk.lookup(vocabulary, code)
    except LookupError:
        unmapped.append(f"{what} {code}: not a code of the GTD codebook")
        return ()
    except ValueError:
        unmapped.append(f"{what} {code}: not a code of the GTD codebook")
        return ()
    if entry.match in _USABLE:
        return entry.terms
    if entry.match is Match.NARROW:
        unmapped.append(f"{what} {code} ({entry.label}): covers several terms ({', '.join(entry.terms)})")
    else:
        unmapped.append(f"{what} {code} ({entry.label}): no equivalent ({entry.note})")
    return ()


def _add(out: list[str], terms: tuple[str, ...], implied_in: Taxonomy | None = None) -> None:
    """Add terms not yet present; with ``implied_in``, skip a modus operandi that a narrower
    one already in ``out`` implies in that taxonomy's hierarchy (an attack type's
    "explosives" after a weapon's "person_borne_ied")."""
    for term in terms:
        if term in out:
            continue
        if implied_in is not None and any(
            term in {t.id for t in implied_in.ancestors(have, Facet.MODUS_OPERANDI)} for have in out
        ):
            continue
        out.append(term)


def classify(row: Mapping[str, object], *, line: int = 0, taxonomy: Taxonomy | None = None) -> GTDResult:
    """Turn one GTD record into an ``Incident``, reporting what it could not map.

    Targets come from ``targsubtype1..3`` (or ``targtype1..3`` where the subtype does not
    map), modi operandi from ``weapsubtype1..4``, ``weaptype1..4`` and the hostage-taking
    ``attacktype1..3``, the perpetrator type from ``individual``/``nperps``/``gname``. The
    GTD has no ideology field, so the motive stays unset and is reported. ``success`` gives
    the outcome (the GTD holds no foiled plots).

    The GTD crosswalk maps to built-in terms; ``taxonomy`` (the built-in one by default) is
    the hierarchy in which a modus operandi from the attack type counts as implied by a
    narrower one from the weapon columns.
    """
    from .taxonomy import load

    tax = taxonomy if taxonomy is not None else load()
    unmapped: list[str] = []
    eventid = _value(row, "eventid")
    year = _count(row, "iyear")
    if eventid is None or year is None:
        return GTDResult(None, ("the record has no eventid or iyear",), line)
    month = _count(row, "imonth") or 0
    day = _count(row, "iday") or 0
    if not 1 <= month <= 12:
        unmapped.append("month unknown: dated 1 January")
        month, day = 1, 1
    elif day == 0:
        unmapped.append("day unknown: dated the 1st of the month")
        day = 1
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return GTDResult(None, (f"invalid date {year}-{month}-{day}",), line)

    country_name = _value(row, "country_txt")
    country = _countries().get(country_name) if country_name else None
    if country_name and country is None:
        unmapped.append(f"country {country_name!r}: no ISO 3166 code")

    targets: list[str] = []
    for n in (1, 2, 3):
        sub = _code(row, f"targsubtype{n}")
        typ = _code(row, f"targtype{n}")
        found: tuple[str, ...] = ()
        if sub is not None:
            found = _map("gtd_target_subtype", sub, "target subtype", unmapped)
        if not found and typ is not None:
            found = _map("gtd_target_type", typ, "target type", unmapped)
        _add(targets, found)

    modi: list[str] = []
    for n in (1, 2, 3, 4):
        sub = _code(row, f"weapsubtype{n}")
        typ = _code(row, f"weaptype{n}")
        found = ()
        if sub is not None:
            found = _map("gtd_weapon_subtype", sub, "weapon subtype", unmapped)
        if not found and typ is not None:
            found = _map("gtd_weapon_type", typ, "weapon type", unmapped)
        _add(modi, found)
    for n in (1, 2, 3):
        attack = _code(row, f"attacktype{n}")
        if attack is not None:
            entry = None
            try:
                entry = crosswalk.lookup("gtd_attack_type", attack)
            except ValueError:
                unmapped.append(f"attack type {attack}: not a code of the GTD codebook")
            # attack types add what weapons cannot say (hostage taking); the rest is reported once
            if entry is not None and entry.match in _USABLE and entry.facet == Facet.MODUS_OPERANDI:
                _add(modi, entry.terms, tax)

    perpetrator: str | None = None
    individual = _code(row, "individual")
    nperps = _count(row, "nperps")
    group = _value(row, "gname")
    if individual == "1":
        perpetrator = "network" if nperps is not None and nperps > 1 else "lone_actor"
    elif group and not group.lower().startswith(("unknown", "unaffiliated individual")):
        perpetrator = "organisation"
    elif group and group.lower().startswith("unaffiliated individual"):
        perpetrator = "lone_actor" if nperps in (None, 1) else "network"
    else:
        unmapped.append("perpetrator type unknown")
    unmapped.append("motive: the GTD codes no ideology; classify it from the group or the sources")

    success = _code(row, "success")
    outcome = Outcome.FAILED if success == "0" else Outcome.COMPLETED
    city = _value(row, "city")
    attack_label = _value(row, "attacktype1_txt") or "attack"
    target_label = _value(row, "targtype1_txt") or "an unknown target"
    try:
        incident = Incident(
            id=f"gtd-{eventid}",
            name=f"GTD incident {eventid}",
            date=date,
            city=city,
            country=country,
            targets=tuple(targets),
            perpetrator=perpetrator,
            modi_operandi=tuple(modi),
            killed=_count(row, "nkill"),
            injured=_count(row, "nwound"),
            outcome=outcome,
            urls=(INCIDENT_URL.format(eventid=eventid),),
            note=f"GTD record: {attack_label} against {target_label}.",
        )
    except ValidationError as err:
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()]
        return GTDResult(None, tuple(problems), line)
    return GTDResult(incident, tuple(unmapped), line)


_HINT = " (GTD exports are often Latin-1: pass encoding='latin-1')"

Progress = Callable[[int, int, int], None]
"""A progress callback: (rows read, bytes read, file size in bytes)."""


def _print_progress(rows: int, done: int, total: int) -> None:
    share = f" ({done / total:.0%})" if total else ""
    print(f"softtargets.gtd: {rows:,} rows read{share}", file=sys.stderr)


def read_csv(
    path: str | Path,
    *,
    progress: bool | Progress = False,
    every: int = 50_000,
    encoding: str = "utf-8",
    taxonomy: Taxonomy | None = None,
) -> Iterator[GTDResult]:
    """Stream a GTD CSV export, one ``GTDResult`` per record, in constant memory.

    ``progress=True`` prints a line to stderr every ``every`` rows; a callable gets
    ``(rows, bytes_read, file_size)`` instead. GTD exports are often Latin-1: pass
    ``encoding="latin-1"`` when UTF-8 fails. Raises ``DataError`` when the file cannot be
    read or lacks the ``eventid`` column. ``taxonomy`` is passed on to ``classify``.

    >>> from softtargets import gtd
    >>> for result in gtd.read_csv("globalterrorismdb.csv", progress=True):  # doctest: +SKIP
    ...     if result.incident and "vehicle_ramming" in result.incident.modi_operandi:
    ...         print(result.incident)
    """
    report: Progress | None = _print_progress if progress is True else (progress or None)
    file = Path(path)
    try:
        total = file.stat().st_size
        raw = file.open("rb")
    except OSError as err:
        raise DataError(str(file), [f"cannot read the file: {err.strerror or err}"]) from None
    from .taxonomy import load

    tax = taxonomy if taxonomy is not None else load()
    return _rows(raw, file, total, report, every, encoding, tax)


def _rows(
    raw: io.BufferedReader,
    file: Path,
    total: int,
    report: Progress | None,
    every: int,
    encoding: str,
    taxonomy: Taxonomy,
) -> Iterator[GTDResult]:
    with raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
        reader = csv.DictReader(text)
        try:
            header = reader.fieldnames
        except UnicodeDecodeError as err:
            raise DataError(str(file), [f"cannot read the header: {err}{_HINT}"]) from None
        except csv.Error as err:
            raise DataError(str(file), [f"cannot read the header: {err}"]) from None
        if not header or "eventid" not in header:
            raise DataError(str(file), ["not a GTD export: no 'eventid' column"])
        rows = 0
        try:
            for rows, record in enumerate(reader, 1):
                yield classify(record, line=reader.line_num, taxonomy=taxonomy)
                if report is not None and rows % every == 0:
                    report(rows, raw.tell(), total)
        except UnicodeDecodeError as err:
            raise DataError(str(file), [f"near line {reader.line_num}: {err}{_HINT}"]) from None
        except csv.Error as err:
            raise DataError(str(file), [f"line {reader.line_num}: {err}"]) from None
        if report is not None:
            report(rows, total, total)
