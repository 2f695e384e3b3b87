"""Reading curated data documents into validated models.

Every data file is parsed with the standard library (``tomllib``, which never executes
anything) and validated by the ``*Spec`` models in ``models.py``; source ids are then
resolved against the catalogue of sources. All problems in a set of documents are
collected and reported together, each located as ``file: path.into[the].document``.
The same functions resolve extension documents (``extension.py``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import DataError
from .models import (
    FacetInfo,
    FacetSpec,
    Incident,
    KindSpec,
    Relation,
    RelationKind,
    RelationSpec,
    Source,
    SourceRef,
    Term,
    TermSpec,
)

__all__ = ["BUILTIN_FILES", "Bundle", "Resolver", "load_builtin", "parse_bundle", "pydantic_problems"]

BUILTIN_FILES = (
    "sources.toml",
    "incidents.toml",
    "schema.toml",
    "terms.toml",
    "relations.toml",
)
"""The data files of the built-in taxonomy, in load order."""

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Bundle:
    """Everything a set of data documents defines, as validated runtime models."""

    sources: tuple[Source, ...]
    facets: tuple[FacetInfo, ...]
    kinds: tuple[RelationKind, ...]
    terms: tuple[Term, ...]
    relations: tuple[Relation, ...]
    incidents: tuple[Incident, ...] = ()


def _loc(prefix: str, loc: Iterable[int | str]) -> str:
    out = prefix
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def pydantic_problems(err: ValidationError, where: str) -> list[str]:
    """One located line per pydantic error."""
    return [f"{_loc(where, e['loc'])}: {e['msg']}" for e in err.errors()]


def _validate(model: type[M], data: Any, where: str, problems: list[str]) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems.extend(pydantic_problems(err, where))
        return None


class Resolver:
    """Turns ``*Spec`` models into runtime models, resolving source ids against a catalogue
    and each relation's facets against the known relation kinds."""

    def __init__(self, sources: Iterable[Source], kinds: Iterable[RelationKind | KindSpec] = ()) -> None:
        self.catalogue: dict[str, Source] = {s.id: s for s in sources}
        self.kinds: dict[str, RelationKind | KindSpec] = {k.id: k for k in kinds}

    def add_source(self, source: Source, where: str, problems: list[str]) -> None:
        if source.id in self.catalogue and self.catalogue[source.id] != source:
            problems.append(f"{where}.id: duplicate source id {source.id!r}")
            return
        self.catalogue[source.id] = source

    def sources(self, refs: Sequence[SourceRef], where: str, problems: list[str]) -> tuple[Source, ...] | None:
        out: list[Source] = []
        ok = True
        for n, ref in enumerate(refs):
            if isinstance(ref, Source):
                self.add_source(ref, f"{where}.sources[{n}]", problems)
                out.append(ref)
            elif ref in self.catalogue:
                out.append(self.catalogue[ref])
            else:
                problems.append(f"{where}.sources[{n}]: unknown source id {ref!r}")
                ok = False
        return tuple(out) if ok else None

    def _build(self, model: type[M], spec: BaseModel, where: str, problems: list[str], **extra: Any) -> M | None:
        refs = getattr(spec, "sources")  # noqa: B009 - every spec model has sources
        resolved = self.sources(refs, where, problems)
        if resolved is None:
            return None
        data = {name: getattr(spec, name) for name in type(spec).model_fields if name != "sources"}
        return model.model_validate({**data, **extra, "sources": resolved})

    def facet(self, spec: FacetSpec, where: str, problems: list[str]) -> FacetInfo | None:
        return self._build(FacetInfo, spec, where, problems)

    def kind(self, spec: KindSpec, where: str, problems: list[str]) -> RelationKind | None:
        return self._build(RelationKind, spec, where, problems)

    def term(self, spec: TermSpec, where: str, problems: list[str]) -> Term | None:
        return self._build(Term, spec, where, problems)

    def relation(self, spec: RelationSpec, where: str, problems: list[str]) -> Relation | None:
        kind = self.kinds.get(spec.kind)
        if kind is None:
            valid = ", ".join(sorted(self.kinds))
            problems.append(f"{where}.kind: unknown relation kind {spec.kind!r}; valid: {valid}")
            return None
        return self._build(Relation, spec, where, problems, subject_facet=kind.subject, object_facet=kind.object)


def _records(doc: Mapping[str, Any], key: str, name: str, problems: list[str]) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        problems.append(f"{name}: {key}: expected an array of tables ([[{key}]]), got {type(value).__name__}")
        return []
    return value


def parse_bundle(documents: Sequence[tuple[str, Mapping[str, Any]]]) -> Bundle:
    """Validate parsed documents ``(name, content)`` into a ``Bundle``.

    Raises ``DataError`` listing every problem, located as ``file: path``.
    """
    problems: list[str] = []
    resolver = Resolver(())
    incidents: list[Incident] = []
    for name, doc in documents:
        for n, record in enumerate(_records(doc, "incident", name, problems)):
            where = f"{name}: incident[{n}]"
            incident = _validate(Incident, record, where, problems)
            if incident is not None:
                if incident.id in resolver.catalogue:
                    problems.append(f"{where}.id: duplicate source id {incident.id!r}")
                resolver.catalogue.setdefault(incident.id, incident.to_source())
                incidents.append(incident)
        for n, record in enumerate(_records(doc, "source", name, problems)):
            where = f"{name}: source[{n}]"
            source = _validate(Source, record, where, problems)
            if source is not None:
                if source.id in resolver.catalogue:
                    problems.append(f"{where}.id: duplicate source id {source.id!r}")
                resolver.catalogue.setdefault(source.id, source)

    specs: dict[str, list[tuple[str, Any]]] = {"facet": [], "kind": [], "term": [], "relation": []}
    models: dict[str, type[BaseModel]] = {
        "facet": FacetSpec,
        "kind": KindSpec,
        "term": TermSpec,
        "relation": RelationSpec,
    }
    for name, doc in documents:
        for key, model in models.items():
            for n, record in enumerate(_records(doc, key, name, problems)):
                where = f"{name}: {key}[{n}]"
                spec = _validate(model, record, where, problems)
                if spec is not None:
                    specs[key].append((where, spec))

    facets = [f for w, s in specs["facet"] if (f := resolver.facet(s, w, problems)) is not None]
    kinds = [k for w, s in specs["kind"] if (k := resolver.kind(s, w, problems)) is not None]
    resolver.kinds.update({k.id: k for k in kinds})
    terms = [t for w, s in specs["term"] if (t := resolver.term(s, w, problems)) is not None]
    relations = [r for w, s in specs["relation"] if (r := resolver.relation(s, w, problems)) is not None]
    if problems:
        raise DataError(", ".join(name for name, _ in documents), problems)
    return Bundle(
        tuple(resolver.catalogue.values()),
        tuple(facets),
        tuple(kinds),
        tuple(terms),
        tuple(relations),
        tuple(incidents),
    )


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
