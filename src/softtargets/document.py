"""The whole taxonomy as one JSON document, and back.

The document has the tables of the data files (``source``, ``incident``, ``facet``, ``kind``,
``term``, ``relation``), with sources cited by id, plus ``format``, ``version`` and the
``extensions`` that were applied. ``TaxonomyDocument`` validates it and gives its JSON Schema.
The ``json`` export format writes it; ``canonical`` (every table sorted) decides taxonomy
equality.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticSerializationError, to_json

from .errors import DataError, Problem
from .extension import ExtensionInfo
from .language import Lang
from .loader import Bundle, parse_bundle, pydantic_problems
from .models import FacetSpec, Incident, KindSpec, RelationSpec, Source, TermSpec

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = ["FORMAT", "TaxonomyDocument", "canonical", "indented_json", "read_document", "to_document"]

FORMAT = "softtargets-taxonomy"


class TaxonomyDocument(BaseModel):
    """A whole taxonomy as one document (the ``json`` export format)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    format: Literal["softtargets-taxonomy"] = "softtargets-taxonomy"
    version: Literal[1] = 1
    extensions: tuple[ExtensionInfo, ...] = ()
    sources: tuple[Source, ...] = Field(default=(), alias="source")
    incidents: tuple[Incident, ...] = Field(default=(), alias="incident")
    facets: tuple[FacetSpec, ...] = Field(default=(), alias="facet")
    kinds: tuple[KindSpec, ...] = Field(default=(), alias="kind")
    terms: tuple[TermSpec, ...] = Field(default=(), alias="term")
    relations: tuple[RelationSpec, ...] = Field(default=(), alias="relation")

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the document."""
        schema = cls.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = "softtargets taxonomy"
        return schema


def _ids(sources: tuple[Source, ...]) -> list[str]:
    return [s.id for s in sources]


def to_document(tax: Taxonomy) -> dict[str, Any]:
    """The taxonomy as a plain JSON-ready document (sources cited by id)."""
    incidents = tax.incidents()
    incident_ids = {i.id for i in incidents}
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "extensions": [e.model_dump(mode="json") for e in tax.extensions],
        "source": [s.model_dump(mode="json", exclude_none=True) for s in tax.sources() if s.id not in incident_ids],
        "incident": [i.model_dump(mode="json", exclude_none=True) for i in incidents],
        "facet": [{**f.model_dump(mode="json", exclude={"sources"}), "sources": _ids(f.sources)} for f in tax.facets],
        "kind": [{**k.model_dump(mode="json", exclude={"sources"}), "sources": _ids(k.sources)} for k in tax.kinds],
        "term": [
            {**t.model_dump(mode="json", exclude={"sources"}, exclude_none=True), "sources": _ids(t.sources)}
            for t in tax.terms()
        ],
        "relation": [
            {
                **r.model_dump(mode="json", exclude={"sources", "subject_facet", "object_facet"}, exclude_none=True),
                "sources": _ids(r.sources),
            }
            for r in tax.relations()
        ],
    }
    return doc


def read_document(data: Any, *, origin: str) -> tuple[Bundle, tuple[ExtensionInfo, ...]]:
    """Validate a document (parsed, or a ``TaxonomyDocument`` validated already): the bundle
    it describes and the extensions it records. ``softtargets.read`` builds the taxonomy from
    them. Each record is validated once; ``parse_bundle`` resolves the records and checks
    them against each other."""
    if isinstance(data, TaxonomyDocument):
        document = data
    else:
        try:
            document = TaxonomyDocument.model_validate(data)
        except ValidationError as err:
            raise DataError(origin, pydantic_problems(err, (origin, ()))) from None
    if not document.facets or not document.terms:
        message = "the document defines no facets or no terms: not a softtargets taxonomy export"
        raise DataError(origin, [Problem((), message, file=origin)])
    tables = {
        "source": list(document.sources),
        "incident": list(document.incidents),
        "facet": list(document.facets),
        "kind": list(document.kinds),
        "term": list(document.terms),
        "relation": list(document.relations),
    }
    bundle = parse_bundle([(origin, tables)])
    return bundle, document.extensions


def indented_json(value: Any) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` written in Rust (pydantic-core), four
    times as fast: json's indenting encoder is its pure-Python one. For the plain JSON the
    documents and exports are made of: strings, integers, booleans, None, lists and dicts with
    string keys; the two writers give the same text for these (tests compare them), not for
    floats (``1e-05`` against ``0.00001``), which no document holds. Text that UTF-8 cannot
    encode (a lone surrogate) is left to json."""
    try:
        return to_json(value, indent=2).decode()
    except PydanticSerializationError:
        import json

        return json.dumps(value, indent=2, ensure_ascii=False)


def canonical(tax: Taxonomy) -> dict[str, Any]:
    """The document with every table sorted by key: equal for equal taxonomies."""
    doc = to_document(tax)
    keys = {
        "source": lambda r: r["id"],
        "incident": lambda r: r["id"],
        "facet": lambda r: r["id"],
        "kind": lambda r: r["id"],
        "term": lambda r: (r["facet"], r["id"]),
        "relation": lambda r: (r["kind"], r["subject"], r["object"]),
    }
    for table, key in keys.items():
        rows = []
        for row in doc[table]:
            row = dict(row)
            for field in ("sources", *(f"alt_labels_{lang.value}" for lang in Lang)):
                if field in row and table != "incident":
                    row[field] = sorted(row[field])
            rows.append(row)
        doc[table] = sorted(rows, key=key)
    del doc["extensions"]
    return doc
