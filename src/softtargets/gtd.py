"""Global Terrorism Database records as taxonomy incidents.

GTD data are licensed by START and are not shipped here: bring your own export. ``classify``
turns one record (a mapping of GTD column names to values; ``-9``/``-99`` and blanks mean
unknown) into an ``Incident`` and says what it could not map; ``read_csv`` streams an export
with the ``csv`` module, in constant memory, optionally reporting progress.

Hostile values are problems of the record, never crashes: a number that is not a whole
number, infinite (``inf``, ``1e999``) or beyond ``MAX_WHOLE`` becomes unknown and is reported
in ``GTDResult.unmapped`` (``NaN`` is a blank, as pandas writes one). ``read_csv`` reads at
most ``limits.MAX_LINE_CHARS`` characters of a line (``max_line_chars=`` raises it) and
refuses a longer one with ``InputLimitError`` before reading the rest. Arguments of the
wrong type raise ``ArgumentTypeError`` naming the argument.

>>> from softtargets import gtd
>>> result = gtd.classify({"eventid": "201612190001", "iyear": "2016", "imonth": "12", "iday": "19",
...     "country_txt": "Germany", "city": "Berlin", "attacktype1": "7", "weaptype1": "10",
...     "targtype1": "14", "targsubtype1": "74", "individual": "1", "nperps": "1",
...     "nkill": "12", "nwound": "56", "success": "1"})
>>> result.incident.modi_operandi, result.incident.perpetrator, result.incident.country
(('vehicle_ramming',), 'lone_actor', 'DE')
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import sys
import tomllib
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, NamedTuple

from pydantic import ValidationError

from . import crosswalk
from .cache import cached
from .console import progress_reporter
from .crosswalk import Match
from .errors import (
    ArgumentTypeError,
    DataError,
    InputLimitError,
    MissingExtraError,
    UnknownValueError,
    expect,
    shorten,
)
from .facets import Facet
from .limits import MAX_LINE_CHARS, bounded_lines, open_binary
from .models import Incident, Outcome

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = ["GTDResult", "INCIDENT_URL", "MAX_WHOLE", "classify", "country_code", "read_csv"]

INCIDENT_URL = "https://www.start.umd.edu/gtd/search/IncidentSummary.aspx?gtdid={eventid}"
"""The GTD's public page of one incident; it becomes the incident's URL."""

MAX_WHOLE = 2**63 - 1
"""The largest number a numeric column may hold (a 64-bit integer, as pandas and the GTD's own
tools store them); a larger one is reported and taken as unknown."""

_UNKNOWN = {"", "-9", "-99", "-9.0", "-99.0", "Unknown", "unknown", "nan", "NaN"}
_USABLE = {Match.EXACT, Match.CLOSE, Match.BROAD}
_SHOWN = 80  # characters of a field quoted in a problem
_CSV_FIELD_MAX = 2**31 - 1  # the csv module's field limit is a C long: 32 bits on some platforms


class GTDResult(NamedTuple):
    """One classified GTD record: the incident (None when the record is unusable) and what
    could not be mapped, in words."""

    incident: Incident | None
    unmapped: tuple[str, ...]
    row: int


@cached
def _country_overrides() -> Mapping[str, str]:
    """GTD's own spellings and historical names with their ISO 3166 alpha-2 codes (read once):
    the names pycountry does not find, or finds with another code."""
    text = (resources.files("softtargets") / "data" / "gtd_countries.toml").read_text("utf-8")
    return MappingProxyType(dict(tomllib.loads(text)["overrides"]))


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a GTD ``country_txt`` name, or None when it names no
    country (``"International"``, a typo). GTD's own spellings and historical names come from
    ``data/gtd_countries.toml``; every other name is looked up exactly (name, official or
    common name, any case) in ISO 3166-1 through pycountry, which the ``gtd`` extra installs:
    without it, a name the data file does not hold raises ``MissingExtraError``.

    >>> country_code("Germany"), country_code("West Germany (FRG)"), country_code("International")
    ('DE', 'DE', None)
    """
    expect("name", name, str, "a country name (str)")
    override = _country_overrides().get(name)
    return override if override is not None else _iso_names().get(name.lower())


@cached
def _iso_names() -> Mapping[str, str]:
    """ISO 3166-1 names, official names and common names, in lower case, to their alpha-2
    codes, from pycountry (built once: a dict hit per record, as pycountry's own index)."""
    try:
        import pycountry
    except ImportError:
        raise MissingExtraError("gtd", "pycountry", "GTD country names") from None
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if isinstance(value, str):
                index.setdefault(value.lower(), str(country.alpha_2))
    return MappingProxyType(index)


def _value(row: Mapping[str, object], column: str) -> str | None:
    raw = row.get(column)
    if raw is None:
        return None
    text = str(raw).strip()
    return None if text in _UNKNOWN else text


def _cut(text: str) -> str:
    """``text`` cut to ``_SHOWN`` characters, so a huge field is never quoted whole."""
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _whole(text: str) -> int | None:
    """``text`` as a whole number (``"12"``, ``"12.0"``; a fraction is truncated as before),
    or None when it is none, infinite or beyond ``MAX_WHOLE``."""
    try:
        number = int(text)  # exact, also beyond a float's precision; ValueError past 4300 digits
    except ValueError:
        try:
            real = float(text)
        except ValueError:
            return None
        if not math.isfinite(real):
            return None
        number = int(real)
    return number if abs(number) <= MAX_WHOLE else None


def _code(row: Mapping[str, object], column: str) -> str | None:
    """A code column: numeric text normalised (``"5.0"`` is ``"5"``), other text as it is (the
    crosswalk then reports it as no code of the codebook)."""
    text = _value(row, column)
    if text is None:
        return None
    number = _whole(text)
    return text if number is None else str(number)


def _count(row: Mapping[str, object], column: str, problems: list[str]) -> int | None:
    """A count or date part: None when unknown; a value that is not a whole number of at
    least 0 (``inf``, ``1e999``, ``-3``, ``many``) is reported in ``problems`` and is None."""
    text = _value(row, column)
    if text is None:
        return None
    number = _whole(text)
    if number is None or number < 0:
        problems.append(f"{column} {_cut(text)!r}: not a whole number from 0 to 2**63 - 1; taken as unknown")
        return None
    return number


def _map(vocabulary: str, code: str, what: str, unmapped: list[str]) -> tuple[str, ...]:
    try:
        entry = crosswalk.lookup(vocabulary, code)
    except (LookupError, ValueError):
        unmapped.append(f"{what} {_cut(code)}: not a code of the GTD codebook")
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

    A numeric column that holds no whole number from 0 to ``MAX_WHOLE`` (``inf``, ``1e999``,
    ``-3``, text) is reported in ``unmapped`` and taken as unknown; a record without a usable
    ``eventid``, year or date has no incident and says why. ``row`` must be a mapping,
    ``line`` an int and ``taxonomy`` a ``Taxonomy`` or None: anything else raises
    ``ArgumentTypeError``.
    """
    from .taxonomy import or_builtin

    expect("row", row, Mapping, "a GTD record (a mapping of column names to values)")
    expect("line", line, int, "a line number (int)")
    tax = or_builtin(taxonomy)
    unmapped: list[str] = []
    eventid = _value(row, "eventid")
    year = _count(row, "iyear", unmapped)
    if eventid is None or year is None:
        return GTDResult(None, ("the record has no eventid or iyear", *unmapped), line)
    month = _count(row, "imonth", unmapped) or 0
    day = _count(row, "iday", unmapped) or 0
    if not 1 <= month <= 12:
        unmapped.append("month unknown: dated 1 January")
        month, day = 1, 1
    elif day == 0:
        unmapped.append("day unknown: dated the 1st of the month")
        day = 1
    try:
        date = dt.date(year, month, day)
    except (ValueError, OverflowError):
        return GTDResult(None, (f"invalid date {_cut(f'{year}-{month}-{day}')}", *unmapped), line)

    country_name = _value(row, "country_txt")
    country = country_code(country_name) if country_name else None
    if country_name and country is None:
        unmapped.append(f"country {shorten(country_name)}: no ISO 3166 code")

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
                unmapped.append(f"attack type {_cut(attack)}: not a code of the GTD codebook")
            # attack types add what weapons cannot say (hostage taking); the rest is reported once
            if entry is not None and entry.match in _USABLE and entry.facet == Facet.MODUS_OPERANDI:
                _add(modi, entry.terms, tax)

    perpetrator: str | None = None
    individual = _code(row, "individual")
    nperps = _count(row, "nperps", unmapped)
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
            killed=_count(row, "nkill", unmapped),
            injured=_count(row, "nwound", unmapped),
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


def _check_encoding(encoding: str) -> None:
    """``UnknownValueError`` naming ``encoding`` unless it is a text encoding Python knows."""
    try:
        codecs.lookup(encoding)
        io.TextIOWrapper(io.BytesIO(), encoding=encoding)  # refuses bytes-to-bytes codecs (base64)
    except (LookupError, ValueError):
        raise UnknownValueError(
            "encoding", _cut(encoding), ["utf-8", "latin-1", "cp1252", "any other text encoding Python knows"]
        ) from None


def _positive(name: str, value: object, what: str) -> int:
    expect(name, value, int, what)
    assert isinstance(value, int)
    if not 1 <= value < sys.maxsize:
        raise ArgumentTypeError(f"{name}: expected {what}, got {shorten(value)}")
    return value


def read_csv(
    path: str | os.PathLike[str],
    *,
    progress: bool | Progress = False,
    every: int = 50_000,
    encoding: str = "utf-8",
    taxonomy: Taxonomy | None = None,
    max_line_chars: int = MAX_LINE_CHARS,
) -> Iterator[GTDResult]:
    """Stream a GTD CSV export, one ``GTDResult`` per record, in constant memory.

    ``progress=True`` shows progress on stderr every ``every`` rows (a rich bar on a terminal
    when rich, the ``cli`` extra, is installed; else a line each time); a callable gets
    ``(rows, bytes_read, file_size)`` instead (0 and 0 for a source that cannot tell, such
    as a FIFO; what the callable raises reaches the caller). GTD exports are often Latin-1:
    pass ``encoding="latin-1"`` when UTF-8 fails; an encoding Python does not know raises
    ``UnknownValueError`` naming it. ``taxonomy`` is passed on to ``classify``.

    A line longer than ``max_line_chars`` characters (``limits.MAX_LINE_CHARS``, 1 Mi, by
    default) raises ``InputLimitError`` naming the file and the line, after reading no more
    than that much of it; the csv module's field limit is raised to ``max_line_chars`` when
    it is lower (it is process-wide, and never lowered). Raises ``DataError`` when the file
    cannot be read or decoded, is not valid CSV or lacks the ``eventid`` column. Arguments
    of the wrong type (and ``every`` or ``max_line_chars`` below 1) raise
    ``ArgumentTypeError``. The argument checks and opening the file happen at the call;
    the rest as the rows are read.

    >>> from softtargets import gtd
    >>> for result in gtd.read_csv("globalterrorismdb.csv", progress=True):  # doctest: +SKIP
    ...     if result.incident and "vehicle_ramming" in result.incident.modi_operandi:
    ...         print(result.incident)
    """
    from .taxonomy import or_builtin

    expect("path", path, (str, os.PathLike), "a path (str or os.PathLike)")
    if not (isinstance(progress, bool) or callable(progress)):
        raise ArgumentTypeError(
            f"progress: expected a bool or a callable (rows, bytes_read, file_size), "
            f"got {type(progress).__name__} {shorten(progress)}"
        )
    every = _positive("every", every, "a positive number of rows (int)")
    expect("encoding", encoding, str, "an encoding name (str)")
    tax = or_builtin(taxonomy)  # checks its type too
    max_line_chars = _positive(
        "max_line_chars", max_line_chars, "a positive number of characters (int below sys.maxsize)"
    )
    _check_encoding(encoding)
    report: Progress | None = progress_reporter("softtargets.gtd") if progress is True else (progress or None)
    file = Path(path)
    raw = open_binary(file, str(file))
    try:
        total = os.fstat(raw.fileno()).st_size
    except OSError:
        total = 0
    wanted = min(max_line_chars, _CSV_FIELD_MAX)
    if csv.field_size_limit() < wanted:  # a field may be as long as a line, not shorter
        csv.field_size_limit(wanted)
    return _rows(raw, str(file), total, report, every, encoding, tax, max_line_chars)


def _lines(text: IO[str], limit: int, source: str) -> Iterator[str]:
    """The lines of ``text``, none longer than ``limit`` (``InputLimitError`` names the line)."""
    number = 0
    lines = bounded_lines(text, limit, source)
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except InputLimitError:
            raise InputLimitError(
                source,
                f"line {number + 1}: longer than {limit:,} characters, the limit (pass max_line_chars= to raise it)",
            ) from None
        number += 1
        yield line


def _tell(raw: IO[bytes]) -> int:
    try:
        return raw.tell()
    except OSError:  # a FIFO or a pipe cannot tell
        return 0


def _rows(
    raw: IO[bytes],
    source: str,
    total: int,
    report: Progress | None,
    every: int,
    encoding: str,
    taxonomy: Taxonomy,
    max_line_chars: int,
) -> Iterator[GTDResult]:
    try:
        yield from _classified(raw, source, total, report, every, encoding, taxonomy, max_line_chars)
    finally:  # also when the reader stops early: a progress bar is ended
        close = getattr(report, "close", None)
        if callable(close):
            close()


def _classified(
    raw: IO[bytes],
    source: str,
    total: int,
    report: Progress | None,
    every: int,
    encoding: str,
    taxonomy: Taxonomy,
    max_line_chars: int,
) -> Iterator[GTDResult]:
    with raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
        reader = csv.DictReader(_lines(text, max_line_chars, source))
        try:
            header = reader.fieldnames
        except UnicodeDecodeError as err:
            raise DataError(source, [f"cannot read the header: {err}{_HINT}"]) from None
        except csv.Error as err:
            raise DataError(source, [f"cannot read the header: {err}"]) from None
        except OSError as err:
            raise DataError(source, [f"cannot read the file: {err.strerror or err}"]) from None
        if not header or "eventid" not in header:
            raise DataError(source, ["not a GTD export: no 'eventid' column"])
        rows = 0
        try:
            for rows, record in enumerate(reader, 1):
                yield classify(record, line=reader.line_num, taxonomy=taxonomy)
                if report is not None and rows % every == 0:
                    report(rows, _tell(raw), total)
        except UnicodeDecodeError as err:
            raise DataError(source, [f"near line {reader.line_num}: {err}{_HINT}"]) from None
        except csv.Error as err:
            raise DataError(source, [f"line {reader.line_num}: {err}"]) from None
        except OSError as err:
            raise DataError(source, [f"near line {reader.line_num}: cannot read: {err.strerror or err}"]) from None
        if report is not None:
            report(rows, total, total)
