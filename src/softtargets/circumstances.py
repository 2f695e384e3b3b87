"""Incident circumstances: the closed vocabulary (``data/circumstances.toml``) of kinds of
threat that are not a weapon (an insider, a fake device, hostile reconnaissance, an attack on
the protectors, a crowd panic, remote guidance), recorded as attributes of incidents.

The file's header documents why these are attributes of an incident rather than modi
operandi, and which measures address each. The vocabulary is read and validated on first use;
an incident naming a circumstance outside it is refused when data is loaded.

>>> from softtargets import circumstances
>>> circumstances.lookup("fake_device").label("nl")
'nepwapen of nepexplosief'
>>> "insider" in circumstances.ids()
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from .cache import cached
from .errors import DataError, Problem, UnknownValueError, expect
from .models import Circumstance, Source
from .packaged import data_text

__all__ = ["FILE", "chosen", "ids", "lookup", "sources", "vocabulary"]

FILE = "circumstances.toml"
"""The data file of the vocabulary."""


def _read(name: str) -> dict[str, Any]:
    import tomllib  # on first use only: loading the built-in taxonomy parses no TOML

    return tomllib.loads(data_text(name))


@cached
def _load() -> tuple[tuple[Circumstance, ...], tuple[Source, ...]]:
    """Read and validate the vocabulary once: every record valid, ids unique, every cited
    source in this file, ``sources.toml`` or ``incidents.toml``."""
    doc = _read(FILE)
    known = {
        s["id"]
        for name, table in (("sources.toml", "source"), ("incidents.toml", "incident"))
        for s in _read(name).get(table, [])
    }
    problems: list[Problem] = []
    own: list[Source] = []
    for n, record in enumerate(doc.get("source", [])):
        try:
            source = Source.model_validate(record)
        except ValidationError as err:
            problems.extend(Problem(("source", n, *e["loc"]), e["msg"], file=FILE) for e in err.errors())
            continue
        if source.id in known:
            problems.append(Problem(("source", n, "id"), f"source id {source.id!r} is already taken", file=FILE))
        known.add(source.id)
        own.append(source)
    out: list[Circumstance] = []
    seen: set[str] = set()
    for n, record in enumerate(doc.get("circumstance", [])):
        try:
            item = Circumstance.model_validate(record)
        except ValidationError as err:
            problems.extend(Problem(("circumstance", n, *e["loc"]), e["msg"], file=FILE) for e in err.errors())
            continue
        if item.id in seen:
            problems.append(
                Problem(("circumstance", n, "id"), f"circumstance {item.id!r} is defined more than once", file=FILE)
            )
        seen.add(item.id)
        for k, ref in enumerate(item.sources):
            if ref not in known:
                problems.append(Problem(("circumstance", n, "sources", k), f"unknown source {ref!r}", file=FILE))
        out.append(item)
    if problems:
        raise DataError(FILE, problems)
    return tuple(out), tuple(own)


def vocabulary() -> tuple[Circumstance, ...]:
    """Every circumstance, in data order."""
    return _load()[0]


def sources() -> tuple[Source, ...]:
    """The sources that only the vocabulary cites (ids ``circ-...``)."""
    return _load()[1]


def ids() -> tuple[str, ...]:
    """Every circumstance id, in data order."""
    return tuple(c.id for c in vocabulary())


def lookup(circumstance_id: str) -> Circumstance:
    """The circumstance with this id; ``UnknownValueError`` listing the valid ids otherwise."""
    expect("circumstance_id", circumstance_id, str, "a circumstance id (str)")
    for item in vocabulary():
        if item.id == circumstance_id:
            return item
    raise UnknownValueError("circumstance", circumstance_id, ids())


def chosen(value: str | Iterable[str] | None) -> set[str] | None:
    """The circumstance ids a filter names (None: no filter); ``UnknownValueError`` for an
    id outside the vocabulary."""
    if value is None:
        return None
    expect("circumstance", value, (str, list, tuple, set, frozenset), "a circumstance id or a list of them")
    valid = ids()
    out: set[str] = set()
    for item in [value] if isinstance(value, str) else value:
        expect("circumstance", item, str, "a circumstance id (str)")
        if item not in valid:
            raise UnknownValueError("circumstance", item, valid)
        out.add(item)
    return out
