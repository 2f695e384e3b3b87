"""The built-in data as one generated JSON file, ``data/snapshot.json``, and the code that
writes it from validated records and reads it back without validating them again.

``scripts/make_snapshot.py`` writes the snapshot from the TOML files, after they pass every
check (``loader.parse_builtin``); ``tests/test_snapshot.py`` fails when the two disagree. Reading
it builds light records (``softtargets.records``) without importing pydantic: the models'
layouts, written into the snapshot, say which fields a record has and how each value is
restored (an enum member, a ``datetime.date``, a tuple, a ``Source`` cited by id), so the
models stay the one description of the data. JSON only: nothing in the file is ever
executed.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .behaviour import ENUMS
from .packaged import data_bytes
from .records import Record, make, record_type

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["FORMAT", "SNAPSHOT", "TABLES", "decode", "encode", "read"]

FORMAT = 3
"""The snapshot layout's version; a file of another version is refused."""

SNAPSHOT = "snapshot.json"
"""The file name inside ``softtargets/data``."""

TABLES: Mapping[str, str] = types.MappingProxyType(
    {
        "sources": "Source",
        "facets": "FacetInfo",
        "kinds": "RelationKind",
        "terms": "Term",
        "relations": "Relation",
        "incidents": "Incident",
    }
)
"""The tables of a ``loader.Bundle``, in order, with the name of their records' model."""

Convert = Callable[[Any], Any]


def _how(annotation: Any) -> str | None:
    """How a JSON value of a field annotated ``annotation`` comes back (None: as it is):
    ``"tuple"``, ``"sources"`` (ids of the sources table), ``"date"`` or an enum's name, each
    of which may be optional; ``"tuple:<how>"`` for a tuple of such values."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        arms = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _how(arms[0]) if len(arms) == 1 else None
    if origin is tuple:
        item = typing.get_args(annotation)[0]
        if typing.get_origin(item) is typing.Annotated:
            item = typing.get_args(item)[0]
        if getattr(item, "__name__", None) == "Source":
            return "sources"
        inner = _how(item)
        return "tuple" if inner is None else f"tuple:{inner}"
    if origin is typing.Annotated:
        return _how(typing.get_args(annotation)[0])
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            if annotation.__name__ not in ENUMS:
                raise TypeError(f"a snapshot cannot hold enum {annotation.__name__}: add it to records.ENUMS")
            return annotation.__name__
        if issubclass(annotation, _dt.date):
            return "date"
    return None


def layout(model: type[BaseModel]) -> dict[str, Any]:
    """What the snapshot says of a model's records: its fields in order and how each value
    comes back from JSON."""
    fields = model.model_fields
    return {
        "fields": list(fields),
        "convert": {name: how for name, f in fields.items() if (how := _how(f.annotation)) is not None},
    }


def _row(record: BaseModel) -> list[Any]:
    values = record.model_dump(mode="json", exclude={"sources"})
    if "sources" in type(record).model_fields:
        values["sources"] = [s.id for s in getattr(record, "sources")]  # noqa: B009 - not every model has it
    given = record.model_fields_set
    mask = sum(1 << n for n, name in enumerate(type(record).model_fields) if name in given)
    return [mask, *(values[name] for name in type(record).model_fields)]


def encode(tables: Mapping[str, Sequence[BaseModel]]) -> str:
    """The snapshot text of validated ``tables`` (a ``Bundle``'s fields by name).

    The models' layouts come first (field names and conversions: the models stay the one
    description of the data). Each record is one line: a bit mask of the fields that were set
    when it was validated (so ``model_fields_set`` comes back alike), then every field's value
    in the model's order; nested sources are written as their ids, which index the ``sources``
    table. Rows as arrays, not objects: the file parses about three times faster.
    """
    from . import models

    head = {"format": FORMAT, "layouts": {name: layout(getattr(models, name)) for name in TABLES.values()}}
    parts = [json.dumps(head, ensure_ascii=False, indent=1)[:-2]]
    for table in TABLES:
        rows = ",\n".join(json.dumps(_row(r), ensure_ascii=False) for r in tables[table])
        parts.append(f',\n "{table}": [\n{rows}\n ]')
    return "".join(parts) + "\n}\n"


def _converter(how: str, sources: Mapping[str, Record]) -> Convert:
    if how == "tuple":
        return tuple
    if how == "sources":
        return lambda ids: tuple(map(sources.__getitem__, ids))
    if how.startswith("tuple:"):
        item = _converter(how[6:], sources)
        return lambda value: tuple(map(item, value))
    plain: Convert = _dt.date.fromisoformat if how == "date" else ENUMS[how]
    return lambda value: None if value is None else plain(value)


def _builder(model: str, layout: Mapping[str, Any], sources: Mapping[str, Record]) -> Callable[[list[Any]], Any]:
    fields = tuple(layout["fields"])
    cls = record_type(model, fields)
    converters = [(fields.index(name) + 1, _converter(how, sources)) for name, how in layout["convert"].items()]

    def build(row: list[Any]) -> Any:
        for n, convert in converters:
            row[n] = convert(row[n])
        return make(cls, row)

    return build


def decode(text: str | bytes) -> dict[str, tuple[Any, ...]]:
    """The tables of a snapshot, as light records (``softtargets.records``) built without
    validation (the snapshot holds only validated data) and without importing pydantic;
    ``ValueError`` for a file of another format."""
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise ValueError(f"snapshot format {found!r}, expected {FORMAT}: regenerate it (scripts/make_snapshot.py)")
    sources: dict[str, Record] = {}
    out: dict[str, tuple[Any, ...]] = {}
    for table, model in TABLES.items():
        out[table] = tuple(map(_builder(model, doc["layouts"][model], sources), doc[table]))
        if table == "sources":
            sources.update((s.id, s) for s in out[table])
    return out


def read() -> dict[str, tuple[Any, ...]]:
    """The tables of the snapshot shipped in ``softtargets/data``."""
    return decode(data_bytes(SNAPSHOT))
