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
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic.json_schema import SkipJsonSchema

from ._files import dump_toml, find_line, read_document
from .errors import ExtensionError, UnknownValueError
from .facets import TermEnum
from .models import FacetSpec, Incident, KindSpec, RelationSpec, Source, TermSpec, Text

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = ["ENTRY_POINT_GROUP", "Extension", "ExtensionInfo", "MAX_FILE_BYTES", "load_plugins"]

ENTRY_POINT_GROUP = "softtargets.extensions"
"""Entry point group of extension plugins: each names an ``Extension`` or a function returning one."""

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Extension files larger than this are refused before parsing (20 MiB)."""

Format = Literal["toml", "json", "yaml"]
_SUFFIXES: dict[str, Format] = {".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}


class ExtensionInfo(BaseModel):
    """What was applied to a taxonomy: an extension's name, version, namespace and origin."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    namespace: str
    origin: str = Field(description="'python', a file path, or 'entry point <name>'.")


class Extension(BaseModel):
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

        ``enums`` attaches the typed enums of the new terms (see the ``enums`` field). With
        ``against``, the extension is also checked against that taxonomy, and the error lists
        the document's own problems and those of applying it, all at once."""
        if isinstance(data, Mapping):
            reserved = sorted(k for k in ("enums", "origin", "source_text") if k in data)
            if reserved:
                raise ExtensionError(
                    origin, [f"{k}: not allowed in a document (set from Python only)" for k in reserved]
                )
        extra = {"origin": origin, "source_text": text, "enums": tuple(enums)}
        try:
            ext = cls.model_validate(data)
        except ValidationError as err:
            problems = []
            for e in err.errors():
                path = _path(e["loc"])
                line = find_line(text, e["loc"]) if text is not None else None
                at = f" (line {line})" if line else ""
                problems.append(f"{path}{at}: {e['msg']}")
            if against is not None:
                problems += _partial_problems(cls, data, against, extra)
            raise ExtensionError(origin, problems) from None
        except RecursionError:
            raise ExtensionError(origin, ["the document is nested too deeply"]) from None
        ext = ext.model_copy(update=extra)
        if against is not None:
            found = against.check(ext)
            if found:
                raise ExtensionError(origin, list(found))
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
        file, the path into the document and, where the format tells, the line. With
        ``against=taxonomy`` the file is also checked against that taxonomy and one error
        lists every problem, of the document and of applying it.
        """
        file = Path(path)
        fmt = _SUFFIXES.get(file.suffix.lower())
        if fmt is None:
            raise ExtensionError(str(file), [f"unknown file type {file.suffix!r}; use .toml, .json, .yaml or .yml"])
        data, text = read_document(file, fmt, max_bytes)
        if not isinstance(data, Mapping):
            raise ExtensionError(str(file), [f"the document must be a table/object, not {type(data).__name__}"])
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


_PATH = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?(?:\[\d+\]|\.[a-z_]+)*")


def locate(problems: Sequence[str], text: str | None) -> list[str]:
    """Add ``(line N)`` after the path of each problem where the document's format tells."""
    if not text:
        return list(problems)
    out = []
    for problem in problems:
        m = _PATH.match(problem)
        line = None
        if m:
            loc: list[int | str] = [m.group(1)]
            if m.group(2) is not None:
                loc.append(int(m.group(2)))
            if m.group(3):
                loc.append(m.group(3))
            line = find_line(text, loc)
        if line and m and "(line" not in problem:
            problem = f"{problem[: m.end()]} (line {line}){problem[m.end() :]}"
        out.append(problem)
    return out


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


_TABLES: dict[str, tuple[str, type[BaseModel]]] = {
    "source": ("sources", Source),
    "facet": ("facets", FacetSpec),
    "kind": ("kinds", KindSpec),
    "term": ("terms", TermSpec),
    "relation": ("relations", RelationSpec),
    "incident": ("incidents", Incident),
}


def _partial_problems(cls: type[Extension], data: Any, against: Taxonomy, extra: dict[str, Any]) -> list[str]:
    """The problems of applying the valid records of an invalid document, so that one error
    can name every mistake; paths refer to the records' places in the original document."""
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

    def original(match: re.Match[str]) -> str:
        table, n = match.group(1), int(match.group(2))
        where = places.get(table, [])
        return f"{table}[{where[n] if n < len(where) else n}]"

    return [
        re.sub(r"\b(source|facet|kind|term|relation|incident)\[(\d+)\]", original, p) for p in against.check(partial)
    ]


def _path(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def check_extension(
    ext: Extension,
    *,
    facets: Sequence[str],
    kinds: Mapping[str, tuple[str, str]],
    terms: Mapping[tuple[str, str], str | None],
    labels: Mapping[tuple[str, str], str],
    relations: Iterable[tuple[str, str, str]],
    sources: Mapping[str, Source],
) -> list[str]:
    """Every problem of ``ext`` against what a taxonomy already has, each located by its path.

    ``terms`` maps (facet, id) to broader; ``labels`` maps (facet, folded label) to term id.
    """
    from ._text import compact, normalise

    ns = ext.namespace + "."
    problems: list[str] = []
    known_sources = dict(sources)
    for n, source in enumerate(ext.sources):
        if source.id in known_sources and known_sources[source.id] != source:
            problems.append(f"source[{n}].id: source id {source.id!r} is already taken")
        known_sources[source.id] = source
    for n, incident in enumerate(ext.incidents):
        if incident.id in known_sources:
            problems.append(f"incident[{n}].id: source id {incident.id!r} is already taken")
        known_sources[incident.id] = incident.to_source()

    all_facets = list(facets)
    for n, facet in enumerate(ext.facets):
        if not facet.id.startswith(ns):
            problems.append(f"facet[{n}].id: new facet {facet.id!r} must start with {ns!r}")
        if facet.id in all_facets:
            problems.append(f"facet[{n}].id: facet {facet.id!r} already exists")
        all_facets.append(facet.id)

    all_kinds = dict(kinds)
    for n, kind in enumerate(ext.kinds):
        if not kind.id.startswith(ns):
            problems.append(f"kind[{n}].id: new relation kind {kind.id!r} must start with {ns!r}")
        if kind.id in all_kinds:
            problems.append(f"kind[{n}].id: relation kind {kind.id!r} already exists")
        for end in ("subject", "object"):
            facet_id = getattr(kind, end)
            if facet_id not in all_facets:
                problems.append(f"kind[{n}].{end}: unknown facet {facet_id!r}; valid: {', '.join(all_facets)}")
        all_kinds[kind.id] = (kind.subject, kind.object)

    all_terms = dict(terms)
    new_terms: dict[tuple[str, str], int] = {}
    for n, term in enumerate(ext.terms):
        key = (term.facet, term.id)
        if term.facet not in all_facets:
            problems.append(f"term[{n}].facet: unknown facet {term.facet!r}; valid: {', '.join(all_facets)}")
        if not term.id.startswith(ns):
            problems.append(f"term[{n}].id: new term {term.id!r} must start with {ns!r}")
        if key in all_terms:
            where = "this extension" if key in new_terms else "the taxonomy"
            problems.append(f"term[{n}].id: term {term.id!r} already exists in facet {term.facet!r} ({where})")
        else:
            new_terms[key] = n
        all_terms[key] = term.broader
    for key, n in new_terms.items():
        broader = all_terms[key]
        if broader is not None and (key[0], broader) not in all_terms:
            problems.append(f"term[{n}].broader: unknown term {broader!r} in facet {key[0]!r}")
    for key, n in new_terms.items():  # a cycle can only run through new terms
        seen = {key[1]}
        up = all_terms[key]
        while up is not None and (key[0], up) in all_terms:
            if up in seen:
                problems.append(f"term[{n}].broader: the broader chain of {key[1]!r} forms a cycle through {up!r}")
                break
            seen.add(up)
            up = all_terms[(key[0], up)]
    owners = dict(labels)
    for n, term in enumerate(ext.terms):
        for text in (term.id, term.label_en, term.label_nl, *term.alt_labels_en, *term.alt_labels_nl):
            for folded in {normalise(text), compact(text)}:
                other = owners.setdefault((term.facet, folded), term.id)
                if other != term.id:
                    problems.append(f"term[{n}]: label {text!r} already names term {other!r} in facet {term.facet!r}")

    seen_relations = set(relations)
    for n, rel in enumerate(ext.relations):
        facet_pair = all_kinds.get(rel.kind)
        if facet_pair is None:
            problems.append(f"relation[{n}].kind: unknown relation kind {rel.kind!r}; valid: {', '.join(all_kinds)}")
        else:
            for end, term_id, facet_id in (
                ("subject", rel.subject, facet_pair[0]),
                ("object", rel.object, facet_pair[1]),
            ):
                if (facet_id, term_id) not in all_terms:
                    homes = [f for f, t in all_terms if t == term_id]
                    hint = f" (it is a {homes[0]} term)" if homes else ""
                    problems.append(
                        f"relation[{n}].{end}: {term_id!r} is not a {facet_id} term,"
                        f" as kind {rel.kind!r} requires{hint}"
                    )
        if rel.key in seen_relations:
            problems.append(f"relation[{n}]: relation {rel.subject} {rel.kind} {rel.object} already exists")
        seen_relations.add(rel.key)

    tables: tuple[tuple[str, Sequence[FacetSpec | KindSpec | TermSpec | RelationSpec]], ...] = (
        ("facet", ext.facets),
        ("kind", ext.kinds),
        ("term", ext.terms),
        ("relation", ext.relations),
    )
    for table, items in tables:  # inline sources can be cited by id anywhere in the extension
        for n, item in enumerate(items):
            for m, ref in enumerate(item.sources):
                if isinstance(ref, Source):
                    if ref.id in known_sources and known_sources[ref.id] != ref:
                        problems.append(f"{table}[{n}].sources[{m}].id: source id {ref.id!r} is already taken")
                    known_sources[ref.id] = ref
    for table, items in tables:
        for n, item in enumerate(items):
            for m, ref in enumerate(item.sources):
                if isinstance(ref, str) and ref not in known_sources:
                    problems.append(f"{table}[{n}].sources[{m}]: unknown source id {ref!r}")

    for n, incident in enumerate(ext.incidents):
        for facet_id, field in (
            ("target", "targets"),
            ("perpetrator", "perpetrator"),
            ("motive", "motive"),
            ("modus_operandi", "modi_operandi"),
        ):
            for term_id in incident.values(facet_id):
                if (facet_id, term_id) not in all_terms:
                    problems.append(f"incident[{n}].{field}: {term_id!r} is not a {facet_id} term")

    defined = {(f, t) for f, t in all_terms}
    for enum in ext.enums:
        if not (isinstance(enum, type) and issubclass(enum, TermEnum)):
            problems.append(f"enums: {enum!r} is not a softtargets.TermEnum subclass")
            continue
        try:
            facet_id = str(enum.facet())
        except NotImplementedError:
            problems.append(f"enums: {enum.__name__} does not define facet()")
            continue
        for member in enum:
            if (facet_id, member.value) not in defined:
                problems.append(f"enums: {enum.__name__}.{member.name} = {member.value!r} is not a {facet_id} term")
    return problems
