"""Reading curated data documents into validated models.

Every data file is parsed with the standard library (``tomllib``, which never executes
anything) and validated by the ``*Spec`` models in ``models.py``; source ids are then
resolved against the catalogue of sources. All problems in a set of documents are
collected and reported together, each located as ``file: path.into[the].document``.
The same functions resolve extension documents (``extension.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .bundle import Bundle, builtin_bundle, load_builtin
from .errors import DataError, Loc, Problem
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
from .packaged import data_text
from .validate import bundle_problems, enum_problems

__all__ = [
    "BUILTIN_FILES",
    "At",
    "Bundle",
    "Resolver",
    "assemble",
    "assemble_all",
    "builtin_bundle",
    "load_builtin",
    "parse_builtin",
    "parse_bundle",
    "pydantic_problems",
]

BUILTIN_FILES = (
    "sources.toml",
    "incidents.toml",
    "schema.toml",
    "terms.toml",
    "relations.toml",
)
"""The data files of the built-in taxonomy, in load order."""

M = TypeVar("M", bound=BaseModel)

At = tuple[str | None, Loc]
"""Where a record is: (file or None, path into the document)."""


def pydantic_problems(err: ValidationError, at: At) -> list[Problem]:
    """One located problem per pydantic error."""
    file, loc = at
    return [Problem((*loc, *e["loc"]), e["msg"], file=file) for e in err.errors()]


def assemble(model: type[M], values: dict[str, Any]) -> M:
    """A ``model`` of already validated ``values`` (one per field), without validating them
    again: a spec's fields plus its resolved sources (and a relation's facets, from its
    kind), all validated as the spec, its sources and its kind were. Equal to
    ``model.model_validate(values)`` (tests check it) at a third of the cost. ``values``
    becomes the model's own: pass a dict of its own, in field order to save a copy."""
    fields = _plain_fields(model)
    if fields is None:
        return model.model_validate(values)  # not the plain case this shortcut is for
    if tuple(values) != fields:
        if values.keys() != set(fields):
            return model.model_validate(values)  # pydantic names what is missing or extra
        values = {name: values[name] for name in fields}
    out = model.__new__(model)
    _set = object.__setattr__  # frozen models refuse setattr; pydantic's model_construct does this too
    _set(out, "__dict__", values)
    _set(out, "__pydantic_fields_set__", set(fields))
    _set(out, "__pydantic_extra__", None)
    _set(out, "__pydantic_private__", None)
    return out


def assemble_all(model: type[M], rows: Sequence[dict[str, Any]]) -> list[M]:
    """``[assemble(model, values) for values in rows]``, looking up what ``model`` needs once:
    for the tens of thousands of relations a large extension adds."""
    fields = _plain_fields(model)
    if fields is None:
        return [assemble(model, values) for values in rows]
    names = set(fields)
    new = model.__new__
    _set = object.__setattr__
    out: list[M] = []
    for values in rows:
        if tuple(values) != fields:
            out.append(assemble(model, values))
            continue
        item = new(model)
        _set(item, "__dict__", values)
        _set(item, "__pydantic_fields_set__", names.copy())
        _set(item, "__pydantic_extra__", None)
        _set(item, "__pydantic_private__", None)
        out.append(item)
    return out


_FIELDS: dict[type[BaseModel], tuple[str, ...] | None] = {}


def _plain_fields(model: type[BaseModel]) -> tuple[str, ...] | None:
    """The field names of ``model`` in order; None for a model with private attributes."""
    if model not in _FIELDS:
        _FIELDS[model] = None if model.__private_attributes__ else tuple(model.__pydantic_fields__)
    return _FIELDS[model]


def _validate(model: type[M], data: Any, at: At, problems: list[Problem]) -> M | None:
    if type(data) is model:  # validated already (``document.read_document`` passes its records)
        return data
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems.extend(pydantic_problems(err, at))
        return None


def _sub(at: At, *more: str | int) -> At:
    return at[0], (*at[1], *more)


class Resolver:
    """Turns ``*Spec`` models into runtime models, resolving source ids against a catalogue
    and each relation's facets against the known relation kinds."""

    def __init__(self, sources: Iterable[Source], kinds: Iterable[RelationKind | KindSpec] = ()) -> None:
        self.catalogue: dict[str, Source] = {s.id: s for s in sources}
        self.kinds: dict[str, RelationKind | KindSpec] = {k.id: k for k in kinds}
        # ids -> the sources they cite, one tuple shared by every record that cites them
        self._cited: dict[tuple[str, ...], tuple[Source, ...]] = {}

    def add_source(self, source: Source, at: At, problems: list[Problem]) -> None:
        """Add ``source`` to the catalogue; a different source under a known id is a problem."""
        if source.id in self.catalogue and self.catalogue[source.id] != source:
            file, loc = _sub(at, "id")
            problems.append(Problem(loc, f"duplicate source id {source.id!r}", file=file))
            return
        self.catalogue[source.id] = source

    def sources(self, refs: Sequence[SourceRef], at: At, problems: list[Problem]) -> tuple[Source, ...] | None:
        """The sources that ``refs`` cite (ids or inline sources), or None when one is unknown."""
        shared = self._cited.get(refs) if type(refs) is tuple else None
        if shared is not None:
            return shared
        out: list[Source] = []
        ok = True
        for n, ref in enumerate(refs):
            if isinstance(ref, Source):
                self.add_source(ref, _sub(at, "sources", n), problems)
                out.append(ref)
            elif ref in self.catalogue:
                out.append(self.catalogue[ref])
            else:
                file, loc = _sub(at, "sources", n)
                problems.append(Problem(loc, f"unknown source id {ref!r}", file=file))
                ok = False
        if not ok:
            return None
        found = tuple(out)
        if type(refs) is tuple and all(type(ref) is str for ref in refs):
            self._cited[refs] = found  # a known id always cites the same source (add_source)
        return found

    def _build(self, model: type[M], spec: BaseModel, at: At, problems: list[Problem], **extra: Any) -> M | None:
        refs = getattr(spec, "sources")  # noqa: B009 - every spec model has sources
        resolved = self.sources(refs, at, problems)
        if resolved is None:
            return None
        # a validated model's __dict__ holds exactly its fields, in order; the runtime models
        # have the spec's fields in the same order, then the extra ones, then the sources
        values = spec.__dict__.copy()
        del values["sources"]
        values.update(extra)
        values["sources"] = resolved
        return assemble(model, values)

    def facet(self, spec: FacetSpec, at: At, problems: list[Problem]) -> FacetInfo | None:
        """The facet of ``spec`` with its sources resolved (None after a problem)."""
        return self._build(FacetInfo, spec, at, problems)

    def kind(self, spec: KindSpec, at: At, problems: list[Problem]) -> RelationKind | None:
        """The relation kind of ``spec`` with its sources resolved (None after a problem)."""
        return self._build(RelationKind, spec, at, problems)

    def term(self, spec: TermSpec, at: At, problems: list[Problem]) -> Term | None:
        """The term of ``spec`` with its sources resolved (None after a problem)."""
        return self._build(Term, spec, at, problems)

    def relation(self, spec: RelationSpec, at: At, problems: list[Problem]) -> Relation | None:
        """The relation of ``spec``, its facets taken from its kind (None after a problem)."""
        kind = self.kinds.get(spec.kind)
        if kind is None:
            file, loc = _sub(at, "kind")
            message = f"unknown relation kind {spec.kind!r}; valid: {', '.join(sorted(self.kinds))}"
            problems.append(Problem(loc, message, file=file))
            return None
        return self._build(Relation, spec, at, problems, subject_facet=kind.subject, object_facet=kind.object)


def _records(doc: Mapping[str, Any], key: str, name: str, problems: list[Problem]) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        message = f"expected an array of tables ([[{key}]]), got {type(value).__name__}"
        problems.append(Problem((key,), message, file=name))
        return []
    return value


def parse_bundle(documents: Sequence[tuple[str, Mapping[str, Any]]]) -> Bundle:
    """Validate parsed documents ``(name, content)`` into a ``Bundle``.

    Every record is validated by its model, its sources resolved, and the records that
    are valid are checked against each other (``validate.bundle_problems``), so one
    ``DataError`` lists every problem at once, each with its file and path.
    """
    problems: list[Problem] = []
    resolver = Resolver(())
    incidents: list[Incident] = []
    places: dict[str, list[At]] = {"facet": [], "kind": [], "term": [], "relation": [], "incident": []}
    for name, doc in documents:
        for n, record in enumerate(_records(doc, "incident", name, problems)):
            at: At = (name, ("incident", n))
            incident = _validate(Incident, record, at, problems)
            if incident is not None:
                if incident.id in resolver.catalogue:
                    problems.append(Problem(("incident", n, "id"), f"duplicate source id {incident.id!r}", file=name))
                resolver.catalogue.setdefault(incident.id, incident.to_source())
                incidents.append(incident)
                places["incident"].append(at)
        for n, record in enumerate(_records(doc, "source", name, problems)):
            source = _validate(Source, record, (name, ("source", n)), problems)
            if source is not None:
                if source.id in resolver.catalogue:
                    problems.append(Problem(("source", n, "id"), f"duplicate source id {source.id!r}", file=name))
                resolver.catalogue.setdefault(source.id, source)

    specs: dict[str, list[tuple[At, Any]]] = {"facet": [], "kind": [], "term": [], "relation": []}
    models: dict[str, type[BaseModel]] = {
        "facet": FacetSpec,
        "kind": KindSpec,
        "term": TermSpec,
        "relation": RelationSpec,
    }
    for name, doc in documents:
        for key, model in models.items():
            for n, record in enumerate(_records(doc, key, name, problems)):
                at = (name, (key, n))
                spec = _validate(model, record, at, problems)
                if spec is not None:
                    specs[key].append((at, spec))

    def built(table: str, make: Any) -> list[Any]:
        out = []
        for at, spec in specs[table]:
            item = make(spec, at, problems)
            if item is not None:
                out.append(item)
                places[table].append(at)
        return out

    facets = built("facet", resolver.facet)
    kinds = built("kind", resolver.kind)
    resolver.kinds.update({k.id: k for k in kinds})
    terms = built("term", resolver.term)
    relations = built("relation", resolver.relation)
    bundle = Bundle(
        tuple(resolver.catalogue.values()),
        tuple(facets),
        tuple(kinds),
        tuple(terms),
        tuple(relations),
        tuple(incidents),
    )
    problems += bundle_problems(bundle, lambda table, n: places[table][n])
    if problems:
        raise DataError(", ".join(name for name, _ in documents), problems)
    return bundle


def parse_builtin() -> Bundle:
    """Read and validate the TOML data files shipped in ``softtargets/data``: what the
    snapshot is made from (``scripts/make_snapshot.py``), checked against the built-in enums."""
    import tomllib  # here, not at the top: loading the snapshot needs none

    documents: list[tuple[str, Mapping[str, Any]]] = []
    for name in BUILTIN_FILES:
        try:
            documents.append((name, tomllib.loads(data_text(name))))
        except tomllib.TOMLDecodeError as err:
            raise DataError(name, [Problem((), f"not valid TOML: {err}", file=name)]) from err
    bundle = parse_bundle(documents)
    problems = enum_problems(bundle)
    if problems:
        raise DataError("softtargets/data", problems)
    return bundle
