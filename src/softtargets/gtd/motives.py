"""Motives of major perpetrator groups for GTD records (``data/gtd_motives.toml``).

The GTD codes no ideology. ``group_motive`` gives the motive of a group the data file holds,
by its GTD group name (``gname``, matched ignoring case and surrounding spaces); every other
group is unknown (None): the mapping never guesses. Each group cites where its ideology is
stated (Europol TE-SAT, whose categories are the taxonomy's motives; the U.S., EU and UK
designations; a reference page).

>>> from softtargets import gtd
>>> gtd.group_motive("Basque Fatherland and Freedom (ETA)"), gtd.group_motive("Unknown")
('ethno_nationalist_separatist', None)
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from ..cache import cached
from ..errors import DataError, expect
from ..models import Source
from ..packaged import data_text

__all__ = ["GroupMotive", "group_motive", "group_motives"]


class GroupMotive(NamedTuple):
    """One group of ``data/gtd_motives.toml``: its GTD name and other spellings, its motive
    term, the sources and a note."""

    name: str
    aliases: tuple[str, ...]
    motive: str
    sources: tuple[Source, ...]
    note: str


@cached
def _groups() -> Mapping[str, GroupMotive]:
    """The groups by lower-cased name and alias, checked against the built-in taxonomy."""
    from ..taxonomy import load

    doc: dict[str, Any] = tomllib.loads(data_text("gtd_motives.toml"))
    builtin = load()
    known = {s.id: s for s in builtin.sources()}
    known.update({r["id"]: Source.model_validate(r) for r in doc.get("source", [])})
    motives = {t.id for t in builtin.terms("motive")}
    problems: list[str] = []
    out: dict[str, GroupMotive] = {}
    for n, record in enumerate(doc.get("group", [])):
        name = str(record.get("name", "")).strip()
        if record.get("motive") not in motives:
            problems.append(f"group {n} ({name}): {record.get('motive')!r} is not a motive term")
        missing = [s for s in record.get("sources", []) if s not in known]
        if missing or not record.get("sources"):
            problems.append(f"group {n} ({name}): unknown or no sources {missing}")
        group = GroupMotive(
            name,
            tuple(record.get("aliases", ())),
            str(record.get("motive")),
            tuple(known[s] for s in record.get("sources", []) if s in known),
            str(record.get("note", "")),
        )
        for spelling in (name, *group.aliases):
            if spelling.lower() in out:
                problems.append(f"group {n}: {spelling!r} is mapped twice")
            out[spelling.lower()] = group
    if problems:
        raise DataError("gtd_motives.toml", problems)
    return MappingProxyType(out)


def group_motives() -> tuple[GroupMotive, ...]:
    """Every group of the mapping, in data order."""
    return tuple(dict.fromkeys(_groups().values()))


def group_motive(name: str) -> str | None:
    """The motive term id of a GTD group name (``gname``), or None for a group the mapping
    does not hold (most of them: unknown stays unknown)."""
    expect("name", name, str, "a GTD group name (str)")
    group = _groups().get(name.strip().lower())
    return group.motive if group is not None else None
