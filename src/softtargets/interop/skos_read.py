"""Reading a SKOS export (``softtargets.interop.skos``) back into the taxonomy document.

Resources are found by their ``stv`` types and ids (``dcterms:identifier``), never by their
IRIs, so an export under any base reads back; ``softtargets.read`` validates the document.
"""

from __future__ import annotations

from typing import Any

from ..errors import DataError
from ..language import Lang
from .document import FORMAT
from .skos import rdflib_module
from .skos_vocabulary import INCIDENT_TERMS, VOCAB

__all__ = ["from_rdf", "parse"]


def parse(text: str, fmt: str, origin: str) -> dict[str, Any]:
    """The taxonomy document in SKOS text written by ``skos.serialize`` (``fmt``: "turtle" or "json-ld")."""
    graph = rdflib_module().Graph(bind_namespaces="none")
    graph.parse(data=text, format=fmt)
    return from_rdf(graph, origin)


def from_rdf(g: Any, origin: str) -> dict[str, Any]:
    """Rebuild the taxonomy document from a graph written by ``skos.to_rdf``."""
    rdflib = rdflib_module()
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

    stv = rdflib.Namespace(VOCAB)
    found = list(g.subjects(stv["format"], rdflib.Literal(FORMAT)))
    if len(found) != 1:
        raise DataError(origin, [f"not a softtargets export: {len(found)} resources with stv:format {FORMAT!r}"])
    taxonomy = found[0]

    def one(node: Any, predicate: Any, lang: str | None = None) -> Any:
        if node is None:  # a missing link: no values (``g.objects(None, p)`` would match every subject)
            return None
        values = sorted(o for o in g.objects(node, predicate) if lang is None or getattr(o, "language", None) == lang)
        return values[0] if values else None

    def text(node: Any, predicate: Any, lang: str | None = None) -> str | None:
        value = one(node, predicate, lang)
        return None if value is None else str(value)

    def texts(node: Any, predicate: Any, field: str, suffix_en: bool = False) -> dict[str, str]:
        """``field`` per language tag: ``{field: en, field_nl: nl, field_fr: fr}`` (those present;
        ``label_en`` when ``suffix_en``)."""
        out = {}
        for lang in Lang:
            value = text(node, predicate, lang.value)
            if value is not None:
                out[field if lang is Lang.EN and not suffix_en else f"{field}_{lang.value}"] = value
        return out

    def ident(node: Any) -> str:
        value = text(node, DCTERMS.identifier)
        if value is None:  # also for a missing link (node None)
            raise DataError(origin, [f"{node} has no dcterms:identifier"])
        return value

    def items(head: Any) -> list[Any]:
        """The members of an rdf:List, refusing one that loops or has no end."""
        out: list[Any] = []
        seen: set[Any] = set()
        while head != RDF.nil:
            if head is None or head in seen:
                raise DataError(origin, ["an rdf:List loops or has no end"])
            seen.add(head)
            out.append(g.value(head, RDF.first))
            head = g.value(head, RDF.rest)
        return out

    def values(node: Any, predicate: Any, order: Any) -> list[Any]:
        """The values of ``predicate``, in the order the list ``order`` gives when there is one."""
        plain = sorted(g.objects(node, predicate))
        if order is None or one(node, order) is None:
            return plain
        listed = items(one(node, order))
        if sorted(listed) != plain:
            raise DataError(origin, [f"{node}: the list of {order} and the values of {predicate} differ"])
        return listed

    def ordered(rdf_type: Any) -> list[Any]:
        nodes = list(g.subjects(RDF.type, rdf_type))
        return sorted(nodes, key=lambda n: (int(one(n, stv.order) or 0), str(n)))

    def source_ids(node: Any) -> list[str]:
        return sorted(ident(s) for s in g.objects(node, DCTERMS.source))

    def python(value: Any) -> Any:
        return None if value is None else value.toPython()

    doc: dict[str, Any] = {"format": FORMAT, "version": 1}
    extensions = one(taxonomy, stv.extensions)
    doc["extensions"] = [
        {
            "name": text(e, DCTERMS.title),
            "version": text(e, OWL.versionInfo),
            "namespace": text(e, stv.namespace),
            "origin": text(e, stv.origin),
        }
        for e in (items(extensions) if extensions is not None else [])
    ]
    doc["source"] = []
    for node in ordered(stv.Source):
        record: dict[str, Any] = {
            "id": ident(node),
            "kind": text(node, stv.sourceKind),
            "citation": text(node, DCTERMS.bibliographicCitation),
        }
        if one(node, RDFS.seeAlso) is not None:
            record["url"] = text(node, RDFS.seeAlso)
        if one(node, DCTERMS.date) is not None:
            record["date"] = python(one(node, DCTERMS.date))
        doc["source"].append(record)
    doc["incident"] = []
    for node in ordered(stv.Incident):
        incident: dict[str, Any] = {
            "id": ident(node),
            **texts(node, DCTERMS.title, "name"),
            "date": python(one(node, DCTERMS.date)),
            "outcome": text(node, stv.outcome),
            **texts(node, SKOS.note, "note"),
            "urls": [str(u) for u in values(node, RDFS.seeAlso, stv.pageOrder)],
        }
        for field in ("city", "country", "killed", "injured"):
            if one(node, stv[field]) is not None:
                incident[field] = python(one(node, stv[field]))
        circumstances = sorted(str(c) for c in g.objects(node, stv.circumstance))
        if circumstances:
            incident["circumstances"] = circumstances
        for field, prop, order in INCIDENT_TERMS:
            terms = [ident(t) for t in values(node, stv[prop], stv[order] if order else None)]
            if order:
                incident[field] = terms
            elif terms:
                incident[field] = terms[0] if len(terms) == 1 else terms  # several: validation says no
        doc["incident"].append(incident)

    def described(n: Any, label: Any = SKOS.prefLabel) -> dict[str, Any]:
        return {
            "id": ident(n),
            **texts(n, label, "label", suffix_en=True),
            **texts(n, SKOS.definition, "definition"),
            "sources": source_ids(n),
        }

    facets = ordered(stv.Facet)
    doc["facet"] = [described(n) for n in facets]
    doc["kind"] = [
        {
            **described(n, RDFS.label),
            "subject": ident(one(n, stv.subjectFacet)),
            "object": ident(one(n, stv.objectFacet)),
        }
        for n in ordered(stv.RelationKind)
    ]
    facet_ids = {n: ident(n) for n in facets}
    doc["term"] = []
    for n in ordered(SKOS.Concept):
        schemes = [facet_ids[s] for s in g.objects(n, SKOS.inScheme) if s in facet_ids]
        if not schemes:
            continue  # a crosswalk code
        term: dict[str, Any] = {
            **described(n),
            "facet": schemes[0] if len(schemes) == 1 else schemes,
            **{
                f"alt_labels_{lang.value}": sorted(str(o) for o in g.objects(n, SKOS.altLabel) if o.language == lang)
                for lang in Lang
            },
        }
        up = one(n, SKOS.broader)
        if up is not None:
            term["broader"] = ident(up)
        doc["term"].append(term)
    doc["relation"] = [
        {
            "kind": ident(one(n, stv.kind)),
            "subject": ident(one(n, stv.subject)),
            "object": ident(one(n, stv.object)),
            "strength": text(n, stv.strength),
            **texts(n, SKOS.note, "note"),
            "sources": source_ids(n),
        }
        for n in ordered(stv.Relation)
    ]
    return doc
