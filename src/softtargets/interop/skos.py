"""The taxonomy as SKOS (RDF, via rdflib: the ``rdf`` extra), in Turtle or JSON-LD, and back.

Each facet is a ``skos:ConceptScheme`` and each term a ``skos:Concept`` with ``prefLabel`` and
``altLabel`` in English and Dutch, a ``definition``, ``notation`` (its id), ``inScheme``,
``topConceptOf`` and ``broader``/``narrower``. Built-in terms link to the external codes of
the crosswalks (GTD, TE-SAT, STIX) with ``exactMatch``, ``closeMatch``, ``broadMatch`` and
``narrowMatch``. What SKOS has no words for is in the project namespace
``urn:softtargets:vocab:`` (prefix ``stv``):

* ``stv:Relation`` resources with ``stv:kind``, ``stv:subject``, ``stv:object``,
  ``stv:strength`` and ``skos:note``, plus a direct triple ``subject <kind> object`` whose
  predicate is the kind's IRI;
* ``stv:RelationKind`` resources with ``stv:subjectFacet`` and ``stv:objectFacet``;
* ``stv:Source`` resources with ``stv:sourceKind``, ``dcterms:bibliographicCitation``,
  ``stv:url`` and ``dcterms:date``; every fact points at its sources with ``dcterms:source``;
* ``stv:Incident`` resources (also sources) holding the incident record as a JSON string
  literal (``stv:record``);
* ``stv:order`` keeps the data order of facets, kinds, terms and relations.

IRIs: ``urn:softtargets:scheme:<facet>``, ``urn:softtargets:term:<facet>:<id>``,
``urn:softtargets:kind:<id>``, ``urn:softtargets:relation:<kind>:<subject>:<object>``,
``urn:softtargets:source:<id>``, ``urn:softtargets:external:<vocabulary>:<code>``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import DataError, MissingExtraError
from .document import FORMAT, to_document

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = ["BASE", "VOCAB", "from_rdf", "parse", "rdflib_module", "to_rdf"]

BASE = "urn:softtargets:"
VOCAB = "urn:softtargets:vocab:"


def rdflib_module() -> Any:
    """rdflib, or a ``MissingExtraError`` naming the ``rdf`` extra."""
    try:
        import rdflib
    except ImportError:
        raise MissingExtraError("rdf", "rdflib", "SKOS export (turtle, json-ld)") from None
    return rdflib


def _iri(*parts: str) -> str:
    return BASE + ":".join(quote(p, safe="._-") for p in parts)


_MATCH = {"exact": "exactMatch", "close": "closeMatch", "broad": "narrowMatch", "narrow": "broadMatch"}
"""Crosswalk match kinds are stated from the external code's side; SKOS from the concept's."""


def to_rdf(tax: Taxonomy) -> Any:
    """An rdflib ``Graph`` of the taxonomy."""
    rdflib = rdflib_module()
    from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

    URIRef, Literal = rdflib.URIRef, rdflib.Literal
    stv = rdflib.Namespace(VOCAB)
    g = rdflib.Graph()
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    g.bind("stv", stv)
    doc = to_document(tax)

    def sources(node: Any, ids: list[str]) -> None:
        for sid in ids:
            g.add((node, DCTERMS.source, URIRef(_iri("source", sid))))

    dataset = URIRef(_iri("taxonomy"))
    g.add((dataset, RDF.type, stv.Taxonomy))
    g.add((dataset, stv["format"], Literal(FORMAT)))
    g.add((dataset, stv.extensions, Literal(json.dumps(doc["extensions"], sort_keys=True))))
    for source in doc["source"]:
        node = URIRef(_iri("source", source["id"]))
        g.add((node, RDF.type, stv.Source))
        g.add((node, SKOS.notation, Literal(source["id"])))
        g.add((node, stv.sourceKind, Literal(source["kind"])))
        g.add((node, DCTERMS.bibliographicCitation, Literal(source["citation"])))
        if source.get("url"):
            g.add((node, stv.url, Literal(source["url"], datatype=XSD.anyURI)))
        if source.get("date"):
            g.add((node, DCTERMS.date, Literal(source["date"], datatype=XSD.date)))
    for incident in doc["incident"]:
        node = URIRef(_iri("source", incident["id"]))
        g.add((node, RDF.type, stv.Incident))
        g.add((node, DCTERMS.title, Literal(incident["name"], lang="en")))
        g.add((node, DCTERMS.date, Literal(incident["date"], datatype=XSD.date)))
        g.add((node, SKOS.notation, Literal(incident["id"])))
        g.add((node, stv.record, Literal(json.dumps(incident, ensure_ascii=False, sort_keys=True))))

    def described(node: Any, rdf_type: Any, record: dict[str, Any], order: int) -> None:
        """The triples every facet, kind and term has: type, id, labels, definition, order, sources."""
        g.add((node, RDF.type, rdf_type))
        g.add((node, SKOS.notation, Literal(record["id"])))
        g.add((node, SKOS.prefLabel, Literal(record["label_en"], lang="en")))
        g.add((node, SKOS.prefLabel, Literal(record["label_nl"], lang="nl")))
        g.add((node, SKOS.definition, Literal(record["definition"], lang="en")))
        g.add((node, stv.order, Literal(order)))
        sources(node, record["sources"])

    for n, facet in enumerate(doc["facet"]):
        described(URIRef(_iri("scheme", facet["id"])), SKOS.ConceptScheme, facet, n)
    for n, kind in enumerate(doc["kind"]):
        node = URIRef(_iri("kind", kind["id"]))
        described(node, stv.RelationKind, kind, n)
        g.add((node, stv.subjectFacet, URIRef(_iri("scheme", kind["subject"]))))
        g.add((node, stv.objectFacet, URIRef(_iri("scheme", kind["object"]))))
    for n, term in enumerate(doc["term"]):
        node = URIRef(_iri("term", term["facet"], term["id"]))
        scheme = URIRef(_iri("scheme", term["facet"]))
        described(node, SKOS.Concept, term, n)
        g.add((node, SKOS.inScheme, scheme))
        for lang in ("en", "nl"):
            for alt in term.get(f"alt_labels_{lang}", []):
                g.add((node, SKOS.altLabel, Literal(alt, lang=lang)))
        if term.get("broader"):
            up = URIRef(_iri("term", term["facet"], term["broader"]))
            g.add((node, SKOS.broader, up))
            g.add((up, SKOS.narrower, node))
        else:
            g.add((node, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, node))
    kinds = {k["id"]: k for k in doc["kind"]}
    for n, rel in enumerate(doc["relation"]):
        kind = kinds[rel["kind"]]
        node = URIRef(_iri("relation", rel["kind"], rel["subject"], rel["object"]))
        subject = URIRef(_iri("term", kind["subject"], rel["subject"]))
        obj = URIRef(_iri("term", kind["object"], rel["object"]))
        g.add((node, RDF.type, stv.Relation))
        g.add((node, stv.kind, URIRef(_iri("kind", rel["kind"]))))
        g.add((node, stv.subject, subject))
        g.add((node, stv.object, obj))
        g.add((node, stv.strength, Literal(rel["strength"])))
        g.add((node, SKOS.note, Literal(rel["note"], lang="en")))
        g.add((node, stv.order, Literal(n)))
        g.add((subject, URIRef(_iri("kind", rel["kind"])), obj))
        sources(node, rel["sources"])
    _add_crosswalks(g, tax)
    return g


def _add_crosswalks(g: Any, tax: Taxonomy) -> None:
    rdflib = rdflib_module()
    from rdflib.namespace import SKOS

    from ..crosswalk import Match, entries

    have = {(t.facet, t.id) for t in tax.terms()}
    for entry in entries():
        if entry.match is Match.NONE or entry.facet is None:
            continue
        external = rdflib.URIRef(_iri("external", entry.vocabulary, entry.code))
        for term in entry.terms:
            if (entry.facet, term) in have:
                predicate = getattr(SKOS, _MATCH[entry.match.value])
                g.add((rdflib.URIRef(_iri("term", entry.facet, term)), predicate, external))


def _one(g: Any, node: Any, predicate: Any, lang: str | None = None) -> Any:
    values = [o for o in g.objects(node, predicate) if lang is None or getattr(o, "language", None) == lang]
    return values[0] if values else None


def parse(text: str, fmt: str, origin: str) -> dict[str, Any]:
    """The taxonomy document in SKOS text written by ``to_rdf`` (``fmt``: "turtle" or "json-ld")."""
    graph = rdflib_module().Graph()
    graph.parse(data=text, format=fmt)
    return from_rdf(graph, origin)


def from_rdf(g: Any, origin: str) -> dict[str, Any]:
    """Rebuild the taxonomy document from a graph written by ``to_rdf``."""
    rdflib = rdflib_module()
    from rdflib.namespace import DCTERMS, RDF, SKOS

    stv = rdflib.Namespace(VOCAB)
    dataset = rdflib.URIRef(_iri("taxonomy"))
    if (dataset, stv["format"], rdflib.Literal(FORMAT)) not in g:
        raise DataError(origin, ["not a softtargets export: no stv:Taxonomy resource"])

    def text(node: Any, predicate: Any, lang: str | None = None) -> str | None:
        value = _one(g, node, predicate, lang)
        return None if value is None else str(value)

    def notation(node: Any) -> str:
        value = text(node, SKOS.notation)
        if value is None:
            raise DataError(origin, [f"{node} has no skos:notation"])
        return value

    def source_ids(node: Any) -> list[str]:
        return sorted(notation(s) for s in g.objects(node, DCTERMS.source))

    def ordered(kind: Any) -> list[Any]:
        nodes = list(g.subjects(RDF.type, kind))
        return sorted(nodes, key=lambda n: int(_one(g, n, stv.order) or 0))

    doc: dict[str, Any] = {"format": FORMAT, "version": 1}
    doc["extensions"] = json.loads(str(_one(g, dataset, stv.extensions) or "[]"))
    doc["source"] = []
    for node in sorted(g.subjects(RDF.type, stv.Source)):
        record: dict[str, Any] = {
            "id": notation(node),
            "kind": text(node, stv.sourceKind),
            "citation": text(node, DCTERMS.bibliographicCitation),
        }
        if text(node, stv.url):
            record["url"] = text(node, stv.url)
        if text(node, DCTERMS.date):
            record["date"] = text(node, DCTERMS.date)
        doc["source"].append(record)
    doc["incident"] = [json.loads(str(_one(g, n, stv.record))) for n in sorted(g.subjects(RDF.type, stv.Incident))]

    def described(n: Any) -> dict[str, Any]:
        return {
            "id": notation(n),
            "label_en": text(n, SKOS.prefLabel, "en"),
            "label_nl": text(n, SKOS.prefLabel, "nl"),
            "definition": text(n, SKOS.definition, "en"),
            "sources": source_ids(n),
        }

    doc["facet"] = [described(n) for n in ordered(SKOS.ConceptScheme)]
    doc["kind"] = [
        {
            **described(n),
            "subject": notation(_one(g, n, stv.subjectFacet)),
            "object": notation(_one(g, n, stv.objectFacet)),
        }
        for n in ordered(stv.RelationKind)
    ]
    terms = []
    for n in ordered(SKOS.Concept):
        term: dict[str, Any] = {
            **described(n),
            "facet": notation(_one(g, n, SKOS.inScheme)),
            "alt_labels_en": sorted(str(o) for o in g.objects(n, SKOS.altLabel) if o.language == "en"),
            "alt_labels_nl": sorted(str(o) for o in g.objects(n, SKOS.altLabel) if o.language == "nl"),
        }
        up = _one(g, n, SKOS.broader)
        if up is not None:
            term["broader"] = notation(up)
        terms.append(term)
    doc["term"] = terms
    doc["relation"] = [
        {
            "kind": notation(_one(g, n, stv.kind)),
            "subject": notation(_one(g, n, stv.subject)),
            "object": notation(_one(g, n, stv.object)),
            "strength": text(n, stv.strength),
            "note": text(n, SKOS.note, "en"),
            "sources": source_ids(n),
        }
        for n in ordered(stv.Relation)
    ]
    return doc
