"""Reading the curated TOML data files into validated models.

Every data file is parsed with the standard library (``tomllib``, which never executes
anything) and validated by the models in ``models.py``; all problems in a file are
collected and reported together, each with its path into the document.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DataError
from .models import FacetInfo, Relation, RelationKind, Source, Term

__all__ = ["BUILTIN_FILES", "Bundle", "load_builtin", "parse_bundle"]

BUILTIN_FILES = (
    "sources.toml",
    "incidents.toml",
    "schema.toml",
    "terms.toml",
    "relations.toml",
)
"""The data files of the built-in taxonomy, in load order."""


@dataclass(frozen=True, slots=True)
class Bundle:
    """Everything one set of data documents defines, validated model by model."""

    sources: tuple[Source, ...]
    facets: tuple[FacetInfo, ...]
    kinds: tuple[RelationKind, ...]
    terms: tuple[Term, ...]
    relations: tuple[Relation, ...]


def _loc(prefix: str, loc: Iterable[int | str]) -> str:
    out = prefix
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _validate(model: type[BaseModel], data: Any, where: str, problems: list[str]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        for e in err.errors():
            problems.append(f"{_loc(where, e['loc'])}: {e['msg']}")
        return None


def _records(doc: Mapping[str, Any], key: str, file: str, problems: list[str]) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        problems.append(f"{key}: expected an array of tables ([[{key}]]), got {type(value).__name__}")
        return []
    return value


def _resolve_sources(record: Any, where: str, catalogue: Mapping[str, Source], problems: list[str]) -> Any:
    """Replace the source ids of a record by the ``Source`` models they name."""
    if not isinstance(record, dict):
        return record
    ids = record.get("sources")
    if not isinstance(ids, list):
        return record
    resolved: list[Any] = []
    for n, source_id in enumerate(ids):
        if isinstance(source_id, str):
            source = catalogue.get(source_id)
            if source is None:
                problems.append(f"{where}.sources[{n}]: unknown source id {source_id!r}")
            else:
                resolved.append(source)
        else:
            resolved.append(source_id)  # an inline table: validated as a Source
    return {**record, "sources": resolved}


def parse_bundle(documents: Sequence[tuple[str, Mapping[str, Any]]]) -> Bundle:
    """Validate parsed documents (name, content) into a ``Bundle``.

    Raises ``DataError`` listing every problem, located as ``file: path``.
    """
    problems: list[str] = []
    sources: dict[str, Source] = {}
    for name, doc in documents:
        for n, record in enumerate(_records(doc, "source", name, problems)):
            where = f"{name}: source[{n}]"
            source = _validate(Source, record, where, problems)
            if source is None:
                continue
            if source.id in sources:
                problems.append(f"{where}.id: duplicate source id {source.id!r}")
            sources[source.id] = source

    facets: list[FacetInfo] = []
    kinds: list[RelationKind] = []
    terms: list[Term] = []
    raw_relations: list[tuple[str, Any]] = []
    for name, doc in documents:
        for key, model, out in (("facet", FacetInfo, facets), ("kind", RelationKind, kinds), ("term", Term, terms)):
            for n, record in enumerate(_records(doc, key, name, problems)):
                where = f"{name}: {key}[{n}]"
                item = _validate(model, _resolve_sources(record, where, sources, problems), where, problems)
                if item is not None:
                    out.append(item)
        for n, record in enumerate(_records(doc, "relation", name, problems)):
            raw_relations.append((f"{name}: relation[{n}]", record))

    kind_by_id = {kind.id: kind for kind in kinds}
    relations: list[Relation] = []
    for where, record in raw_relations:
        if isinstance(record, dict):
            kind = kind_by_id.get(str(record.get("kind")))
            if kind is not None:
                record = {**record, "subject_facet": kind.subject, "object_facet": kind.object}
            elif "kind" in record:
                valid = ", ".join(sorted(kind_by_id))
                problems.append(f"{where}.kind: unknown relation kind {record['kind']!r}; valid: {valid}")
                continue
        item = _validate(Relation, _resolve_sources(record, where, sources, problems), where, problems)
        if item is not None:
            relations.append(item)

    if problems:
        label = ", ".join(name for name, _ in documents)
        raise DataError(label, problems)
    return Bundle(tuple(sources.values()), tuple(facets), tuple(kinds), tuple(terms), tuple(relations))


def load_builtin() -> Bundle:
    """Read and validate the data files shipped in ``softtargets/data``."""
    folder = resources.files("softtargets") / "data"
    documents: list[tuple[str, Mapping[str, Any]]] = []
    for name in BUILTIN_FILES:
        try:
            documents.append((name, tomllib.loads((folder / name).read_text(encoding="utf-8"))))
        except tomllib.TOMLDecodeError as err:
            raise DataError(name, [f"not valid TOML: {err}"]) from err
    return parse_bundle(documents)
