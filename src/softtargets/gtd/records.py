"""One GTD record as an ``Incident``: ``classify`` and the parts it is made of.

Each part (``dated``, ``country_of``, ``targets_of``, ``modi_of``, ``perpetrator_of``,
``counted``) takes the raw values of a few columns and returns what it found and the
problems it met, in the words ``classify`` reports. ``classify_frame`` (``gtd.frame``) calls
the same parts once per distinct combination of values, so both paths give the same results.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from pydantic import ValidationError

from .. import crosswalk
from ..cache import cached
from ..crosswalk import Match
from ..errors import expect, shorten
from ..facets import Facet
from ..models import Incident, Outcome
from .countries import country_code
from .motives import group_motive

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = [
    "INCIDENT_URL",
    "MAX_WHOLE",
    "MOTIVE_UNKNOWN",
    "GTDResult",
    "Dated",
    "Slot",
    "attack_slot",
    "combine",
    "target_slot",
    "weapon_slot",
    "classify",
    "counted",
    "country_of",
    "cut",
    "date_of",
    "dated",
    "implied",
    "modi_of",
    "motive_of",
    "note_of",
    "outcome_of",
    "perpetrator_of",
    "targets_of",
    "text_of",
]

INCIDENT_URL = "https://www.start.umd.edu/gtd/search/IncidentSummary.aspx?gtdid={eventid}"
"""The GTD's public page of one incident; it becomes the incident's URL."""

MAX_WHOLE = 2**63 - 1
"""The largest number a numeric column may hold (a 64-bit integer, as pandas and the GTD's own
tools store them); a larger one is reported and taken as unknown."""

MOTIVE_UNKNOWN = "motive: the GTD codes no ideology; classify it from the group or the sources"
"""What ``classify`` reports when it leaves the motive unset."""

# "<NA>" is how pandas writes its missing value (pd.NA) as text
_UNKNOWN = {"", "-9", "-99", "-9.0", "-99.0", "Unknown", "unknown", "nan", "NaN", "<NA>"}
_USABLE = {Match.EXACT, Match.CLOSE, Match.BROAD}
_SHOWN = 80  # characters of a field quoted in a problem

TARGET_COLUMNS = ("targsubtype1", "targtype1", "targsubtype2", "targtype2", "targsubtype3", "targtype3")
WEAPON_COLUMNS = tuple(f"weap{kind}{n}" for n in (1, 2, 3, 4) for kind in ("subtype", "type"))
ATTACK_COLUMNS = ("attacktype1", "attacktype2", "attacktype3")


class GTDResult(NamedTuple):
    """One classified GTD record: the incident (None when the record is unusable) and what
    could not be mapped, in words."""

    incident: Incident | None
    unmapped: tuple[str, ...]
    row: int


class Dated(NamedTuple):
    """The date of a record: ``year`` None when unknown (then ``problems`` holds only the
    year's), ``date`` None with ``error`` when the parts make no date."""

    year: int | None
    date: dt.date | None
    problems: tuple[str, ...]
    error: str | None


def text_of(raw: object) -> str | None:
    """A raw value as stripped text, or None when it is blank or means unknown."""
    if raw is None:
        return None
    text = str(raw).strip()
    return None if text in _UNKNOWN else text


def cut(text: str) -> str:
    """``text`` cut to 80 characters, so a huge field is never quoted whole."""
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


def _code(raw: object) -> str | None:
    """A code value: numeric text normalised (``"5.0"`` is ``"5"``), other text as it is (the
    crosswalk then reports it as no code of the codebook)."""
    text = text_of(raw)
    if text is None:
        return None
    number = _whole(text)
    return text if number is None else str(number)


def _count(raw: object, column: str, problems: list[str]) -> int | None:
    """A count or date part: None when unknown; a value that is not a whole number of at
    least 0 (``inf``, ``1e999``, ``-3``, ``many``) is reported in ``problems`` and is None."""
    text = text_of(raw)
    if text is None:
        return None
    number = _whole(text)
    if number is None or number < 0:
        problems.append(f"{column} {cut(text)!r}: not a whole number from 0 to 2**63 - 1; taken as unknown")
        return None
    return number


def counted(raw: object, column: str) -> tuple[int | None, tuple[str, ...]]:
    """A count column (``nkill``, ``nwound``): the number or None, and the problem if any."""
    problems: list[str] = []
    return _count(raw, column, problems), tuple(problems)


@cached
def _crosswalk() -> Mapping[tuple[str, str], tuple[tuple[str, ...], str | None, str | None]]:
    """Each GTD code of the crosswalks: the terms it maps to, or the problem to report (built
    once from ``crosswalk.entries``: a dict hit per code instead of a lookup)."""
    table: dict[tuple[str, str], tuple[tuple[str, ...], str | None, str | None]] = {}
    for vocabulary in crosswalk.VOCABULARIES:
        for entry in crosswalk.entries(vocabulary) if vocabulary.startswith("gtd_") else ():
            code = entry.code
            if entry.match in _USABLE:
                table[entry.key] = (entry.terms, None, entry.facet)
            elif entry.match is Match.NARROW:
                terms = ", ".join(entry.terms)
                table[entry.key] = ((), f"{code} ({entry.label}): covers several terms ({terms})", entry.facet)
            else:
                table[entry.key] = ((), f"{code} ({entry.label}): no equivalent ({entry.note})", entry.facet)
    return MappingProxyType(table)


def _map(vocabulary: str, code: str, what: str, unmapped: list[str]) -> tuple[str, ...]:
    found = _crosswalk().get((vocabulary, code))
    if found is None:
        unmapped.append(f"{what} {cut(code)}: not a code of the GTD codebook")
        return ()
    terms, problem, _ = found
    if problem is not None:
        unmapped.append(f"{what} {problem}")
    return terms


def _add(
    out: list[str], terms: tuple[str, ...], implied_in: Taxonomy | Mapping[str, frozenset[str]] | None = None
) -> None:
    """Add terms not yet present; with ``implied_in`` (a taxonomy, or each modus operandi's
    ancestors as ``implied`` gives them), skip a modus operandi that a narrower one already in
    ``out`` implies (an attack type's "explosives" after a weapon's "person_borne_ied")."""
    for term in terms:
        if term in out:
            continue
        if implied_in is not None and any(term in _ancestors(implied_in, have) for have in out):
            continue
        out.append(term)


def _ancestors(implied_in: Taxonomy | Mapping[str, frozenset[str]], term: str) -> frozenset[str]:
    if isinstance(implied_in, Mapping):
        return implied_in.get(term, frozenset())
    return frozenset(t.id for t in implied_in.ancestors(term, Facet.MODUS_OPERANDI))


def implied(taxonomy: Taxonomy) -> Mapping[str, frozenset[str]]:
    """Each modus operandi of ``taxonomy`` and its ancestors, for ``combine`` on many rows."""
    return {t.id: _ancestors(taxonomy, t.id) for t in taxonomy.terms(Facet.MODUS_OPERANDI)}


def dated(year_raw: object, month_raw: object, day_raw: object) -> Dated:
    """The date from ``iyear``, ``imonth`` and ``iday``: an unknown month dates the record 1
    January, an unknown day the 1st of the month (each reported)."""
    return date_of(counted(year_raw, "iyear"), counted(month_raw, "imonth"), counted(day_raw, "iday"))


def date_of(
    year: tuple[int | None, tuple[str, ...]],
    month: tuple[int | None, tuple[str, ...]],
    day: tuple[int | None, tuple[str, ...]],
) -> Dated:
    """``dated`` of the parts as ``counted`` reads them (``classify_frame`` reads each column's
    distinct values once)."""
    problems = list(year[1])
    if year[0] is None:
        return Dated(None, None, tuple(problems), None)
    number = year[0]
    problems.extend(month[1])
    problems.extend(day[1])
    months, days = month[0] or 0, day[0] or 0
    if not 1 <= months <= 12:
        problems.append("month unknown: dated 1 January")
        months, days = 1, 1
    elif days == 0:
        problems.append("day unknown: dated the 1st of the month")
        days = 1
    try:
        return Dated(number, dt.date(number, months, days), tuple(problems), None)
    except (ValueError, OverflowError):
        return Dated(number, None, tuple(problems), f"invalid date {cut(f'{number}-{months}-{days}')}")


def country_of(raw: object) -> tuple[str | None, tuple[str, ...]]:
    """The ISO code of a ``country_txt`` value, and the problem when it has none."""
    name = text_of(raw)
    code = country_code(name) if name else None
    if name and code is None:
        return None, (f"country {shorten(name)}: no ISO 3166 code",)
    return code, ()


Slot = tuple[tuple[str, ...], tuple[str, ...]]
"""What one pair of columns (a subtype and its type) or one attack type gives: the terms found
and the problems met."""


def target_slot(sub_raw: object, typ_raw: object) -> Slot:
    """One ``targsubtypeN``/``targtypeN`` pair: the subtype's terms, or the type's where the
    subtype does not map."""
    unmapped: list[str] = []
    sub, typ = _code(sub_raw), _code(typ_raw)
    found: tuple[str, ...] = ()
    if sub is not None:
        found = _map("gtd_target_subtype", sub, "target subtype", unmapped)
    if not found and typ is not None:
        found = _map("gtd_target_type", typ, "target type", unmapped)
    return found, tuple(unmapped)


def weapon_slot(sub_raw: object, typ_raw: object) -> Slot:
    """One ``weapsubtypeN``/``weaptypeN`` pair, as ``target_slot``."""
    unmapped: list[str] = []
    sub, typ = _code(sub_raw), _code(typ_raw)
    found: tuple[str, ...] = ()
    if sub is not None:
        found = _map("gtd_weapon_subtype", sub, "weapon subtype", unmapped)
    if not found and typ is not None:
        found = _map("gtd_weapon_type", typ, "weapon type", unmapped)
    return found, tuple(unmapped)


def attack_slot(raw: object) -> Slot:
    """One ``attacktypeN``: the modi operandi it adds (hostage taking; the rest is reported by
    the weapon columns), and a code the codebook does not hold."""
    attack = _code(raw)
    if attack is None:
        return (), ()
    found = _crosswalk().get(("gtd_attack_type", attack))
    if found is None:
        return (), (f"attack type {cut(attack)}: not a code of the GTD codebook",)
    terms, _, facet = found  # usable terms, or none (the rest is reported by the weapon columns)
    return (terms, ()) if facet == Facet.MODUS_OPERANDI else ((), ())


def combine(
    slots: Sequence[Slot],
    narrower_first: Sequence[Slot] = (),
    taxonomy: Taxonomy | Mapping[str, frozenset[str]] | None = None,
) -> Slot:
    """The terms of ``slots`` in order without repeats, then those of ``narrower_first`` unless
    a narrower term is already there (in ``taxonomy``'s hierarchy, or the ancestors ``implied``
    gives); the problems in order."""
    terms: list[str] = []
    problems: list[str] = []
    for found, unmapped in slots:
        _add(terms, found)
        problems.extend(unmapped)
    for found, unmapped in narrower_first:
        problems.extend(unmapped)
        _add(terms, found, taxonomy)
    return tuple(terms), tuple(problems)


def targets_of(raws: Sequence[object]) -> Slot:
    """Target types from the values of ``TARGET_COLUMNS`` (subtype, type; three times)."""
    return combine([target_slot(raws[2 * n], raws[2 * n + 1]) for n in range(3)])


def modi_of(weapons: Sequence[object], attacks: Sequence[object], taxonomy: Taxonomy) -> Slot:
    """Modi operandi from the values of ``WEAPON_COLUMNS`` (subtype, type; four times) and of
    ``ATTACK_COLUMNS``: attack types add what weapons cannot say (hostage taking), unless a
    narrower term is already there (in ``taxonomy``'s hierarchy)."""
    slots = [weapon_slot(weapons[2 * n], weapons[2 * n + 1]) for n in range(4)]
    return combine(slots, [attack_slot(raw) for raw in attacks], taxonomy)


def perpetrator_of(individual_raw: object, nperps_raw: object, gname_raw: object) -> tuple[str | None, tuple[str, ...]]:
    """The perpetrator type from ``individual``, ``nperps`` and ``gname``."""
    unmapped: list[str] = []
    perpetrator: str | None = None
    individual = _code(individual_raw)
    nperps = _count(nperps_raw, "nperps", unmapped)
    group = text_of(gname_raw)
    if individual == "1":
        perpetrator = "network" if nperps is not None and nperps > 1 else "lone_actor"
    elif group and not group.lower().startswith(("unknown", "unaffiliated individual")):
        perpetrator = "organisation"
    elif group and group.lower().startswith("unaffiliated individual"):
        perpetrator = "lone_actor" if nperps in (None, 1) else "network"
    else:
        unmapped.append("perpetrator type unknown")
    return perpetrator, tuple(unmapped)


def motive_of(gname_raw: object, motives: bool) -> tuple[str | None, tuple[str, ...]]:
    """The motive: with ``motives``, the one ``group_motive`` gives the group; else (or for
    a group it does not hold) unset and reported."""
    if motives:
        group = text_of(gname_raw)
        found = group_motive(group) if group else None
        if found is not None:
            return found, ()
    return None, (MOTIVE_UNKNOWN,)


def outcome_of(raw: object) -> Outcome:
    """``success`` 0 is a failed attack; anything else counts as completed."""
    return Outcome.FAILED if _code(raw) == "0" else Outcome.COMPLETED


def classify(
    row: Mapping[str, object], *, line: int = 0, taxonomy: Taxonomy | None = None, motives: bool = False
) -> GTDResult:
    """Turn one GTD record into an ``Incident``, reporting what it could not map.

    Targets come from ``targsubtype1..3`` (or ``targtype1..3`` where the subtype does not
    map), modi operandi from ``weapsubtype1..4``, ``weaptype1..4`` and the hostage-taking
    ``attacktype1..3``, the perpetrator type from ``individual``/``nperps``/``gname``. The
    GTD has no ideology field, so the motive stays unset and is reported; with
    ``motives=True`` a group that ``gtd.group_motive`` holds (``data/gtd_motives.toml``:
    major groups, each with its sources) gets that motive. ``success`` gives the outcome
    (the GTD holds no foiled plots).

    The GTD crosswalk maps to built-in terms; ``taxonomy`` (the built-in one by default) is
    the hierarchy in which a modus operandi from the attack type counts as implied by a
    narrower one from the weapon columns.

    A numeric column that holds no whole number from 0 to ``MAX_WHOLE`` (``inf``, ``1e999``,
    ``-3``, text) is reported in ``unmapped`` and taken as unknown; a record without a usable
    ``eventid``, year or date has no incident and says why. ``row`` must be a mapping,
    ``line`` an int and ``taxonomy`` a ``Taxonomy`` or None: anything else raises
    ``ArgumentTypeError``.
    """
    from ..taxonomy import or_builtin

    expect("row", row, Mapping, "a GTD record (a mapping of column names to values)")
    expect("line", line, int, "a line number (int)")
    expect("motives", motives, bool, "True or False")
    tax = or_builtin(taxonomy)
    eventid = text_of(row.get("eventid"))
    when = dated(row.get("iyear"), row.get("imonth"), row.get("iday"))
    if eventid is None or when.year is None:
        year_problems = when.problems if when.year is None else ()  # as far as the record was read
        return GTDResult(None, ("the record has no eventid or iyear", *year_problems), line)
    if when.date is None:
        return GTDResult(None, (str(when.error), *when.problems), line)
    country, country_problems = country_of(row.get("country_txt"))
    targets, target_problems = targets_of([row.get(c) for c in TARGET_COLUMNS])
    modi, modi_problems = modi_of([row.get(c) for c in WEAPON_COLUMNS], [row.get(c) for c in ATTACK_COLUMNS], tax)
    perpetrator, perpetrator_problems = perpetrator_of(row.get("individual"), row.get("nperps"), row.get("gname"))
    motive, motive_problems = motive_of(row.get("gname"), motives)
    killed, killed_problems = counted(row.get("nkill"), "nkill")
    injured, injured_problems = counted(row.get("nwound"), "nwound")
    unmapped = (
        *when.problems,
        *country_problems,
        *target_problems,
        *modi_problems,
        *perpetrator_problems,
        *motive_problems,
        *killed_problems,
        *injured_problems,
    )
    try:
        incident = Incident(
            id=f"gtd-{eventid}",
            name=f"GTD incident {eventid}",
            date=when.date,
            city=text_of(row.get("city")),
            country=country,
            targets=targets,
            perpetrator=perpetrator,
            motive=motive,
            modi_operandi=modi,
            killed=killed,
            injured=injured,
            outcome=outcome_of(row.get("success")),
            urls=(INCIDENT_URL.format(eventid=eventid),),
            note=note_of(row.get("attacktype1_txt"), row.get("targtype1_txt")),
        )
    except ValidationError as err:
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()]
        return GTDResult(None, tuple(problems), line)
    return GTDResult(incident, unmapped, line)


def note_of(attack_raw: object, target_raw: object) -> str:
    """The incident's note, from ``attacktype1_txt`` and ``targtype1_txt``."""
    return f"GTD record: {text_of(attack_raw) or 'attack'} against {text_of(target_raw) or 'an unknown target'}."
