"""The built-in data as one generated JSON file, ``data/snapshot.json``, and the code that
writes it from validated records and reads it back without validating them again.

``scripts/make_snapshot.py`` writes the snapshot from the TOML files, after they pass every
check (``loader.parse_builtin``); ``tests/test_snapshot.py`` fails when the two disagree. Reading
it builds the same model instances with ``model_construct``: the models' own fields say how
each value is restored (an enum member, a ``datetime.date``, a tuple, a ``Source`` cited by
id), so the models stay the one description of the data. JSON only: nothing in the file
is ever executed.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import os
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from .models import FacetInfo, Incident, Relation, RelationKind, Source, Term

__all__ = ["FORMAT", "SNAPSHOT", "TABLES", "decode", "encode", "read"]

FORMAT = 1
"""The snapshot layout's version; a file of another version is refused."""

SNAPSHOT = "snapshot.json"
"""The file name inside ``softtargets/data``."""

TABLES: Mapping[str, type[BaseModel]] = types.MappingProxyType(
    {
        "sources": Source,
        "facets": FacetInfo,
        "kinds": RelationKind,
        "terms": Term,
        "relations": Relation,
        "incidents": Incident,
    }
)
"""The tables of a ``loader.Bundle``, in order, with the model of their records."""

Convert = Callable[[Any], Any]


def encode(tables: Mapping[str, Sequence[BaseModel]]) -> str:
    """The snapshot text of validated ``tables`` (a ``Bundle``'s fields by name).

    Each record keeps only the fields that were set when it was validated (so defaults and
    ``model_fields_set`` come back alike); nested sources are written as their ids, which
    index the ``sources`` table.
    """
    out: dict[str, Any] = {"format": FORMAT}
    for table in TABLES:
        rows = []
        for record in tables[table]:
            row = record.model_dump(mode="json", exclude_unset=True, exclude={"sources"})
            if "sources" in record.model_fields_set:
                row["sources"] = [s.id for s in getattr(record, "sources")]  # noqa: B009 - not every model has it
            rows.append(row)
        out[table] = rows
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def _converter(annotation: Any, sources: Mapping[str, Source]) -> Convert | None:
    """How to turn a JSON value back into a value of ``annotation`` (None: as it is)."""
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        arms = [a for a in typing.get_args(annotation) if a is not type(None)]
        convert = _converter(arms[0], sources) if len(arms) == 1 else None
        if convert is None:
            return None
        return lambda value: None if value is None else convert(value)
    if origin is tuple:
        item = _converter(typing.get_args(annotation)[0], sources)
        if item is None:
            return tuple
        return lambda value: tuple(map(item, value))
    if origin is typing.Annotated:
        return _converter(typing.get_args(annotation)[0], sources)
    if annotation is Source:
        return sources.__getitem__
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return annotation
        if issubclass(annotation, _dt.date):
            return _dt.date.fromisoformat
    return None


def _builder(model: type[BaseModel], sources: Mapping[str, Source]) -> Callable[[dict[str, Any]], Any]:
    converters = {
        name: convert
        for name, field in model.model_fields.items()
        if (convert := _converter(field.annotation, sources)) is not None
    }
    construct = model.model_construct

    def build(row: dict[str, Any]) -> Any:
        for name, convert in converters.items():
            if name in row:
                row[name] = convert(row[name])
        return construct(**row)

    return build


def decode(text: str | bytes) -> dict[str, tuple[Any, ...]]:
    """The tables of a snapshot, as model instances built without validation (the snapshot
    holds only validated data); ``ValueError`` for a file of another format."""
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise ValueError(f"snapshot format {found!r}, expected {FORMAT}: regenerate it (scripts/make_snapshot.py)")
    sources: dict[str, Source] = {}
    out: dict[str, tuple[Any, ...]] = {}
    for table, model in TABLES.items():
        build = _builder(model, sources)
        out[table] = tuple(build(row) for row in doc[table])
        if table == "sources":
            sources.update((s.id, s) for s in out[table])
    return out


def read() -> dict[str, tuple[Any, ...]]:
    """The tables of the snapshot shipped in ``softtargets/data``."""
    path = os.path.join(os.path.dirname(__file__), "data", SNAPSHOT)
    # the package's own loader reads the file from a directory or a zip alike, and costs no
    # import (importlib.resources does)
    package_loader: Any = globals()["__loader__"]
    return decode(package_loader.get_data(path))
