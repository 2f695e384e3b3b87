"""Extensions: new terms, relations, relation kinds and facets from downstream packages and
data files, applied with ``Taxonomy.extend`` to make a new taxonomy.

An extension document has the same tables as the built-in data files (``source``, ``facet``,
``kind``, ``term``, ``relation``) plus ``name``, ``version`` and ``namespace``; the ids of its
new terms, facets and kinds start with ``<namespace>.`` so two extensions cannot clash by
accident. ``examples/extension.toml`` is a commented example; ``Extension.json_schema()``
gives the JSON Schema.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic.json_schema import SkipJsonSchema

from ._files import dump_toml, find_line, read_document
from .errors import ExtensionError, PluginWarning, Problem, UnknownValueError, shorten
from .facets import TermEnum
from .limits import MAX_DOCUMENT_BYTES
from .loader import Bundle, Resolver, assemble_all, builtin_bundle
from .models import FacetSpec, Incident, KindSpec, Relation, RelationSpec, Source, SourceRef, TermSpec, Text
from .validate import extension_problems, label_owners

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = [
    "ENTRY_POINT_GROUP",
    "MAX_FILE_BYTES",
    "Extension",
    "ExtensionInfo",
    "apply",
    "apply_all",
    "apply_plugins",
    "load_plugins",
    "locate",
]

ENTRY_POINT_GROUP = "softtargets.extensions"
"""Entry point group of extension plugins: each names an ``Extension`` or a function returning one."""

MAX_FILE_BYTES = MAX_DOCUMENT_BYTES
"""Extension files larger than this are refused before parsing (20 MiB; ``max_bytes=``
raises it). The size is counted while reading, so pipes and devices are bounded too."""

Format = Literal["toml", "json", "yaml"]
_SUFFIXES: dict[str, Format] = {".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}


class ExtensionInfo(BaseModel):
    """What was applied to a taxonomy: an extension's name, version, namespace and origin."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    namespace: str
    origin: str = Field(description="'python', a file path, or 'entry point <name>'.")


_ModelMeta: type = type(BaseModel)


class _RaisesExtensionError(_ModelMeta):  # type: ignore[misc]
    """Building an ``Extension`` in Python raises ``ExtensionError`` (with structured problems)
    rather than pydantic's ``ValidationError``; ``model_validate`` is left as it is."""

    def __call__(cls, *args: Any, **data: Any) -> Any:
        try:
            return super().__call__(*args, **data)
        except ValidationError as err:
            origin = str(data.get("origin", "python"))
            problems = [Problem(tuple(e["loc"]), e["msg"], file=origin) for e in err.errors()]
            raise ExtensionError(origin, problems) from None


class Extension(BaseModel, metaclass=_RaisesExtensionError):
    """New terms, relations, relation kinds and facets for a taxonomy, without forking it.

    Build one in Python, read one with ``Extension.from_file``, or publish one through the
    ``softtargets.extensions`` entry point group. Apply it with ``tax.extend(ext)``, which
    validates it against that taxonomy and returns a new one.

    >>> import softtargets as st
    >>> ext = st.Extension(
    ...     name="demo", version="1.0", namespace="demo",
    ...     terms=[st.TermSpec(id="demo.fan_zone", facet="target", broader="event_ground",
    ...                        label_en="fan zone", label_nl="fanzone",
    ...                        definition="A public viewing area for a sports tournament.",
    ...                        sources=["nactso-crowded-places"])],
    ... )
    >>> tax = st.load().extend(ext)
    >>> tax.term("fanzone").id
    'demo.fan_zone'
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    name: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=100)]
    version: Annotated[str, StringConstraints(pattern=r"^\S+$", max_length=50)]
    namespace: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=50)] = Field(
        description="Prefix of every new id: '<namespace>.<id>'."
    )
    description: Text | None = None
    sources: tuple[Source, ...] = Field(default=(), alias="source", description="New sources, cited by id.")
    facets: tuple[FacetSpec, ...] = Field(default=(), alias="facet", description="New facets.")
    kinds: tuple[KindSpec, ...] = Field(default=(), alias="kind", description="New relation kinds.")
    terms: tuple[TermSpec, ...] = Field(default=(), alias="term", description="New terms.")
    relations: tuple[RelationSpec, ...] = Field(default=(), alias="relation", description="New relations.")
    incidents: tuple[Incident, ...] = Field(
        default=(), alias="incident", description="New documented incidents; relations may cite them by id."
    )
    enums: SkipJsonSchema[tuple[type[TermEnum], ...]] = Field(
        default=(),
        exclude=True,
        description="Typed enums of the new terms (Python only): scenarios then yield their members.",
    )
    origin: SkipJsonSchema[str] = Field(default="python", exclude=True)
    source_text: SkipJsonSchema[str | None] = Field(default=None, exclude=True, repr=False)

    # ------------------------------------------------------------------ reading

    @classmethod
    def from_document(
        cls,
        data: Any,
        *,
        origin: str = "python",
        text: str | None = None,
        enums: Sequence[type[TermEnum]] = (),
        against: Taxonomy | None = None,
    ) -> Extension:
        """Validate a parsed document (a mapping); raises ``ExtensionError`` listing every problem.

        ``enums`` attaches the typed enums of the new terms (see the ``enums`` field). The
        extension is also checked against ``against`` (the built-in taxonomy when None), and
        one error lists the document's own problems and those of applying it, all at once,
        each with its path and, where the format tells, its line."""
        if isinstance(data, Mapping):
            reserved = sorted(k for k in ("enums", "origin", "source_text") if k in data)
            if reserved:
                message = "not allowed in a document (set from Python only)"
                raise ExtensionError(origin, [Problem((k,), message, file=origin) for k in reserved])
        extra = {"origin": origin, "source_text": text, "enums": tuple(enums)}
        try:
            ext = cls.model_validate(data)
        except ValidationError as err:
            problems = [
                Problem(tuple(e["loc"]), e["msg"], file=origin, line=find_line(text, e["loc"])) for e in err.errors()
            ]
            problems += _partial_problems(cls, data, against, extra)
            raise ExtensionError(origin, problems) from None
        except RecursionError:
            raise ExtensionError(origin, [Problem((), "the document is nested too deeply", file=origin)]) from None
        ext = ext.model_copy(update=extra)
        found = _problems_against(ext, against)
        if found:
            raise ExtensionError(origin, found)
        return ext

    @classmethod
    def from_file(
        cls,
        path: str | Path,
        *,
        enums: Sequence[type[TermEnum]] = (),
        against: Taxonomy | None = None,
        max_bytes: int = MAX_FILE_BYTES,
    ) -> Extension:
        """Read an extension from a TOML, JSON or YAML file (YAML needs the ``yaml`` extra).

        Parsing never executes code: ``tomllib``, ``json`` and ``yaml.safe_load`` only.
        Errors (unreadable file, syntax, validation) raise ``ExtensionError`` naming the
        file, the path into the document and, where the format tells, the line. The file is
        also checked against ``against`` (the built-in taxonomy when None): one error lists
        every problem, of the document and of applying it. At most ``max_bytes`` are read.
        """
        file = Path(path)
        fmt = _SUFFIXES.get(file.suffix.lower())
        if fmt is None:
            message = f"unknown file type {file.suffix!r}; use .toml, .json, .yaml or .yml"
            raise ExtensionError(str(file), [Problem((), message, file=str(file))])
        data, text = read_document(file, fmt, max_bytes)
        if not isinstance(data, Mapping):
            message = f"the document must be a table/object, not {type(data).__name__}"
            raise ExtensionError(str(file), [Problem((), message, file=str(file))])
        return cls.from_document(data, origin=str(file), text=text, enums=enums, against=against)

    # ------------------------------------------------------------------ writing

    def to_document(self) -> dict[str, Any]:
        """The extension as a plain document (the file format), empty tables left out."""
        data = self.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
        for key in ("name", "version", "namespace"):
            data[key] = getattr(self, key)
        return data

    def dumps(self, fmt: Format = "toml") -> str:
        """The extension as TOML, JSON or YAML text that ``from_file`` reads back."""
        document = self.to_document()
        if fmt == "toml":
            return dump_toml(document, header=f"softtargets extension {self.name} {self.version}")
        if fmt == "json":
            return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if fmt == "yaml":
            from ._files import dump_yaml

            return dump_yaml(document)
        raise ExtensionError(self.name, [f"unknown format {fmt!r}; use toml, json or yaml"])

    def to_file(self, path: str | Path) -> Path:
        """Write the extension; the format follows the file's suffix."""
        file = Path(path)
        fmt = _SUFFIXES.get(file.suffix.lower())
        if fmt is None:
            raise ExtensionError(str(file), [f"unknown file type {file.suffix!r}; use .toml, .json, .yaml or .yml"])
        file.write_text(self.dumps(fmt), encoding="utf-8")
        return file

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the extension file format (also shipped as
        ``softtargets/data/extension.schema.json``)."""
        schema = cls.model_json_schema(by_alias=True, mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = "softtargets extension"
        return schema

    @property
    def info(self) -> ExtensionInfo:
        """Name, version, namespace and origin."""
        return ExtensionInfo(name=self.name, version=self.version, namespace=self.namespace, origin=self.origin)


def locate(problems: Sequence[Problem], ext: Extension) -> tuple[Problem, ...]:
    """The problems of ``ext`` in its file (its origin), each with the line its path points
    at where the document's format tells."""
    text = ext.source_text
    return tuple(p.at(file=ext.origin, line=find_line(text, p.loc) if text else None) for p in problems)


def apply(bundle: Bundle, ext: Extension) -> Bundle:
    """``bundle`` plus ``ext`` (already checked with ``validate.extension_problems``)."""
    problems: list[Problem] = []
    resolver = Resolver(bundle.sources, bundle.kinds)
    for n, source in enumerate(ext.sources):
        resolver.add_source(source, (ext.origin, ("source", n)), problems)
    for n, incident in enumerate(ext.incidents):
        resolver.add_source(incident.to_source(), (ext.origin, ("incident", n)), problems)
    tables: tuple[tuple[str, Sequence[FacetSpec | KindSpec | TermSpec | RelationSpec]], ...] = (
        ("facet", ext.facets),
        ("kind", ext.kinds),
        ("term", ext.terms),
        ("relation", ext.relations),
    )
    plain: set[tuple[SourceRef, ...]] = set()  # tuples of ids seen, which add no source
    for table, items in tables:
        for n, item in enumerate(items):
            refs = item.sources
            if type(refs) is tuple and refs in plain:
                continue
            for m, ref in enumerate(refs):
                if isinstance(ref, Source):
                    resolver.add_source(ref, (ext.origin, (table, n, "sources", m)), problems)
            if type(refs) is tuple and all(type(ref) is str for ref in refs):
                plain.add(refs)
    facets = [f for n, s in enumerate(ext.facets) if (f := resolver.facet(s, (ext.origin, ("facet", n)), problems))]
    kinds = [k for n, s in enumerate(ext.kinds) if (k := resolver.kind(s, (ext.origin, ("kind", n)), problems))]
    resolver.kinds.update({k.id: k for k in kinds})
    terms = [t for n, s in enumerate(ext.terms) if (t := resolver.term(s, (ext.origin, ("term", n)), problems))]
    rels = _relations(resolver, ext.relations, ext.origin, problems)
    if problems:  # extension_problems catches these first; kept as a safety net
        raise ExtensionError(ext.origin, problems)
    return Bundle(
        tuple(resolver.catalogue.values()),
        bundle.facets + tuple(facets),
        bundle.kinds + tuple(kinds),
        bundle.terms + tuple(terms),
        bundle.relations + tuple(rels),
        bundle.incidents + ext.incidents,
    )


def _relations(
    resolver: Resolver, specs: Sequence[RelationSpec], origin: str | None, problems: list[Problem]
) -> list[Relation]:
    """``resolver.relation`` of each spec, for the many relations of a large extension: once a
    tuple of cited ids is resolved, a relation of a known kind citing the same ids is made
    from its spec, its kind's facets and those sources, as ``resolver.relation`` makes it."""
    made: list[Relation | dict[str, Any]] = []  # a relation, or the values of one to assemble
    cited: dict[tuple[SourceRef, ...], tuple[Source, ...]] = {}
    kinds = resolver.kinds
    for n, spec in enumerate(specs):
        kind = kinds.get(spec.kind)
        refs = spec.sources
        resolved = cited.get(refs) if kind is not None and type(refs) is tuple else None
        if kind is None or resolved is None:
            relation = resolver.relation(spec, (origin, ("relation", n)), problems)
            if relation is not None:
                made.append(relation)
                if type(refs) is tuple and all(type(ref) is str for ref in refs):
                    cited[refs] = relation.sources
            continue
        values = spec.__dict__.copy()  # the spec's fields in order, then the kind's facets, then the sources
        del values["sources"]
        values["subject_facet"] = kind.subject
        values["object_facet"] = kind.object
        values["sources"] = resolved
        made.append(values)
    assembled = iter(assemble_all(Relation, [item for item in made if isinstance(item, dict)]))
    return [next(assembled) if isinstance(item, dict) else item for item in made]


def apply_all(
    bundle: Bundle,
    infos: Sequence[ExtensionInfo],
    enums: Sequence[type[TermEnum]],
    extensions: Sequence[object],
    *,
    labels: dict[tuple[str, str], str] | None = None,
    folds: dict[str, str] | None = None,
) -> tuple[Bundle, list[ExtensionInfo], list[type[TermEnum]]]:
    """``bundle`` with ``extensions`` applied in order, each checked against the bundle it
    extends; ``ExtensionError`` lists every problem of every extension and nothing is applied.

    ``labels`` is ``validate.label_owners(bundle.terms)``, computed before; it ends as that
    of the result (and in no particular state after an ``ExtensionError``). ``folds`` collects
    the folded labels (see ``validate.extension_problems``)."""
    out_infos, out_enums = list(infos), list(enums)
    owners = label_owners(bundle.terms, folds) if labels is None else labels
    problems: list[Problem] = []
    failed: list[str] = []
    for n, ext in enumerate(extensions):
        if not isinstance(ext, Extension):
            message = f"expected a softtargets.Extension, got {type(ext).__name__}"
            problems.append(Problem((), message, file=f"extension #{n + 1}"))
            continue
        # a failed extension's labels must not stay for the next one; after the last one,
        # a failure raises and the labels are dropped with the rest
        last = n == len(extensions) - 1
        trial = owners if last else dict(owners)
        found = extension_problems(ext, bundle, (i.namespace for i in out_infos), labels=trial, folds=folds)
        if found:
            problems += locate(found, ext)
            failed.append(repr(ext.name))
            continue
        if trial is not owners:
            owners.clear()
            owners.update(trial)
        bundle = apply(bundle, ext)
        out_infos.append(ext.info)
        out_enums.extend(ext.enums)
    if problems:
        noun = "extension" if len(failed) <= 1 else "extensions"
        raise ExtensionError(f"cannot apply {noun} {', '.join(failed) or '(not an Extension)'}", problems)
    return bundle, out_infos, out_enums


def load_plugins(names: Sequence[str] | None = None) -> list[Extension]:
    """The extensions published in the ``softtargets.extensions`` entry point group, sorted by
    entry point name (all of them, or those named). Loading them runs their code."""
    from importlib.metadata import entry_points

    found = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    wanted = sorted(found) if names is None else list(names)
    for name in wanted:
        if name not in found:
            raise UnknownValueError("extension plugin", name, sorted(found) or ["(none installed)"])
    out = []
    for name in wanted:
        ep = found[name]
        origin = f"entry point {name} ({ep.value})"
        try:
            obj = ep.load()
            ext = obj if isinstance(obj, Extension) else obj() if callable(obj) else obj
        except ExtensionError:
            raise
        except Exception as err:
            raise ExtensionError(origin, [f"loading failed: {type(err).__name__}: {err}"]) from err
        if not isinstance(ext, Extension):
            raise ExtensionError(origin, [f"expected a softtargets.Extension, got {type(ext).__name__}"])
        out.append(ext.model_copy(update={"origin": origin}))
    return out


def apply_plugins(base: Taxonomy, names: Sequence[str] | None, *, strict: bool) -> Taxonomy:
    """``base`` with the plugins applied in name order. Strict: any broken plugin raises
    ``ExtensionError`` and nothing is applied. Otherwise a plugin that fails to load or to
    apply is skipped with a ``PluginWarning`` naming it and the cause, and the rest apply."""
    if strict:
        return base.extend(*load_plugins(names))
    import warnings
    from importlib.metadata import entry_points

    found = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
    for name in names or ():
        if name not in found:  # a name that is not installed is the caller's mistake, not the plugin's
            raise UnknownValueError("extension plugin", name, found or ["(none installed)"])
    current = base
    for name in found if names is None else names:
        try:
            (ext,) = load_plugins([name])
            current = current.extend(ext)
        except ExtensionError as err:
            cause = "; ".join(p.message for p in getattr(err, "problems", ())) or str(err)
            warnings.warn(f"softtargets: skipped extension plugin {name!r}: {shorten(cause, 300)}", PluginWarning, 2)
    return current


_TABLES: dict[str, tuple[str, type[BaseModel]]] = {
    "source": ("sources", Source),
    "facet": ("facets", FacetSpec),
    "kind": ("kinds", KindSpec),
    "term": ("terms", TermSpec),
    "relation": ("relations", RelationSpec),
    "incident": ("incidents", Incident),
}


def _problems_against(ext: Extension, against: Taxonomy | None) -> tuple[Problem, ...]:
    """The problems of applying ``ext`` to ``against`` (the built-in data when None)."""
    if against is not None:
        return against.check(ext)
    return locate(extension_problems(ext, builtin_bundle()), ext)


def _partial_problems(
    cls: type[Extension], data: Any, against: Taxonomy | None, extra: dict[str, Any]
) -> list[Problem]:
    """The problems of applying the valid records of an invalid document, so that one error
    can name every mistake; locations refer to the records' places in the original document."""
    if not isinstance(data, Mapping):
        return []
    try:
        base = cls.model_validate({k: v for k, v in data.items() if k not in _TABLES})
    except (ValidationError, RecursionError):
        return []
    update: dict[str, Any] = dict(extra)
    places: dict[str, list[int]] = {}
    for alias, (name, model) in _TABLES.items():
        rows = data.get(alias, [])
        if not isinstance(rows, list):
            continue
        good: list[Any] = []
        places[alias] = []
        for n, row in enumerate(rows):
            try:
                good.append(model.model_validate(row))
                places[alias].append(n)
            except (ValidationError, RecursionError):
                continue
        update[name] = tuple(good)
    partial = base.model_copy(update=update)
    out = []
    for problem in _problems_against(partial, against):
        loc = problem.loc
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int) and loc[0] in places:
            kept = places[loc[0]]
            loc = (loc[0], kept[loc[1]], *loc[2:])
        text = extra.get("source_text")
        out.append(Problem(loc, problem.message, file=problem.file, line=find_line(text, loc) if text else None))
    return out
