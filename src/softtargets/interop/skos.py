"""The taxonomy as SKOS (RDF, via rdflib: the ``rdf`` extra), in Turtle or JSON-LD, and back.

IRIs: each resource is ``<base><path>``. The base is ``urn:softtargets:`` unless the export
names another (``tax.export("turtle", base="https://example.org/st/")``): an absolute IRI
ending in ``/``, ``#`` or ``:``. A path's parts are joined with ``:`` when the base ends in
``:`` and with ``/`` otherwise, so ``urn:softtargets:term:target:hotel`` becomes
``https://example.org/st/term/target/hotel``. The paths:

* ``taxonomy``: the whole taxonomy, the concept scheme to start from (``stv:Taxonomy``);
* ``scheme/<facet>``: a facet, a concept scheme (``stv:Facet``) that is part of the taxonomy;
* ``term/<facet>/<id>``: a term, a ``skos:Concept`` in its facet's scheme;
* ``kind/<id>``: a relation kind, a property (``stv:RelationKind``);
* ``relation/<kind>/<subject>/<object>``: a relation (``stv:Relation``);
* ``source/<id>``: a source (``stv:Source``) or an incident (``stv:Incident``);
* ``extension/<namespace>``: an extension applied to the taxonomy (``stv:Extension``);
* ``external/<vocabulary>``: a crosswalk vocabulary (GTD, TE-SAT, STIX), a concept scheme;
* ``external/<vocabulary>/<code>``: one of its codes, a ``skos:Concept`` in that scheme.

The format's own classes, properties and datatypes are in the fixed namespace
``urn:softtargets:vocab:`` (prefix ``stv``) whatever the base; every export declares them
(label, comment, domain, range), and ``softtargets.read`` finds resources by their ``stv``
types and ids, so it reads an export under any base back.

Schemes: ``<base>taxonomy`` is the default scheme. It lists the facets' schemes with
``dcterms:hasPart`` (each says ``dcterms:isPartOf``) and the crosswalk vocabularies with
``dcterms:references``. Every concept is in exactly one scheme, its facet's or its
vocabulary's, so per-scheme tools (skosprovider's ``RDFProvider(concept_scheme_uri=...)``)
find each concept by its id (``dcterms:identifier``).

A term has ``prefLabel`` and ``altLabel`` (en, nl), ``definition``, ``dcterms:identifier`` and
``notation`` (its id, typed ``stv:termId``), ``inScheme``, ``topConceptOf`` or
``broader``/``narrower``, ``dcterms:source`` and ``stv:order`` (the data order). Built-in terms
link to the crosswalks' codes with ``exactMatch``, ``closeMatch``, ``broadMatch`` and
``narrowMatch``. A code has ``prefLabel`` (en), ``dcterms:identifier`` and ``notation`` (the
code, typed per vocabulary: ``stv:gtdWeaponTypeCode`` ...); a GTD subtype has ``broadMatch``
to its type, the type ``narrowMatch`` back. Only concepts have notations.

A relation kind is an ``rdf:Property`` and ``owl:ObjectProperty`` (``rdfs:label``,
``skos:definition``, domain and range ``skos:Concept``, ``stv:subjectFacet`` and
``stv:objectFacet``). A relation is the triple ``subject <kind> object`` plus a
``stv:Relation`` with ``stv:kind``, ``stv:subject``, ``stv:object``, ``stv:strength`` and
``skos:note``. A source has ``stv:sourceKind``, ``dcterms:bibliographicCitation``,
``rdfs:seeAlso`` (its URL) and ``dcterms:date``; facts cite sources with ``dcterms:source``.
An incident has ``dcterms:title``, ``dcterms:date`` (``xsd:date``), a citation as sources
have, ``stv:city``, ``stv:country`` (ISO 3166-1 alpha-2), ``stv:outcome``, ``stv:target``,
``stv:perpetrator``, ``stv:motive`` and ``stv:modusOperandi`` (sub-properties of
``dcterms:subject``) pointing at the concepts of its terms, ``stv:killed`` and ``stv:injured``
(``xsd:integer``), ``rdfs:seeAlso`` the pages checked (IRIs; an ``xsd:anyURI`` literal for a
URL that is no valid IRI) and ``skos:note``; when a field has several values,
``stv:targetOrder``, ``stv:modusOperandiOrder`` or ``stv:pageOrder`` keeps their recorded
order as an ``rdf:List``. ``stv:order`` keeps the data order of facets, kinds, terms,
relations, sources and incidents; ``stv:extensions`` lists the extensions applied (an
``rdf:List`` of ``stv:Extension``: name as ``dcterms:title``, ``owl:versionInfo``,
``stv:namespace``, ``stv:origin``).

Prefixes (``PREFIXES``; the JSON-LD carries them in an inline ``@context``, nothing to fetch):
``skos``, ``dcterms``, ``rdf``, ``rdfs``, ``owl``, ``xsd`` and ``stv``; and from the base:
``st`` (the base), ``stf`` (facet schemes), ``stk`` (relation kinds), ``sts`` (sources and
incidents), ``stx`` (crosswalk vocabularies), ``st-<facet>`` (a facet's terms:
``st-target:hotel``) and ``<vocabulary>`` (a vocabulary's codes: ``gtd_weapon_type:10``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import ArgumentTypeError, MissingExtraError, expect, shorten
from ..language import Lang
from .document import FORMAT, to_document
from .skos_vocabulary import INCIDENT_TERMS, PREFIXES, VOCAB, code_datatype, declare, vocabulary_label

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = ["BASE", "PREFIXES", "VOCAB", "IRIs", "rdflib_module", "serialize", "to_rdf"]

BASE = "urn:softtargets:"
"""The default base IRI."""

_BASE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#:]")


@dataclass(frozen=True)
class IRIs:
    """The IRI of each resource of an export, under ``base`` (see the module docstring).

    >>> IRIs("https://example.org/st/").term("target", "hotel")
    'https://example.org/st/term/target/hotel'
    >>> IRIs().kind("threatens")
    'urn:softtargets:kind:threatens'
    """

    base: str = BASE

    def __post_init__(self) -> None:
        expect("base", self.base, str, "a base IRI (str) ending in '/', '#' or ':'")
        if len(self.base) > 1000 or not _BASE_PATTERN.fullmatch(self.base) or self.base.startswith(VOCAB):
            raise ArgumentTypeError(
                f"base: expected an absolute IRI ending in '/', '#' or ':' (such as https://example.org/st/) "
                f"outside {VOCAB}, got {shorten(self.base)}"
            )

    def path(self, *parts: str) -> str:
        """``base`` followed by ``parts``, each percent-encoded, joined as the base requires."""
        sep = ":" if self.base.endswith(":") else "/"
        return self.base + sep.join(quote(p, safe="._-") for p in parts)

    def taxonomy(self) -> str:
        return self.path("taxonomy")

    def scheme(self, facet: str) -> str:
        return self.path("scheme", facet)

    def term(self, facet: str, term: str) -> str:
        return self.path("term", facet, term)

    def kind(self, kind: str) -> str:
        return self.path("kind", kind)

    def relation(self, kind: str, subject: str, obj: str) -> str:
        return self.path("relation", kind, subject, obj)

    def source(self, source: str) -> str:
        return self.path("source", source)

    def extension(self, namespace: str) -> str:
        return self.path("extension", namespace)

    def vocabulary(self, vocabulary: str) -> str:
        return self.path("external", vocabulary)

    def external(self, vocabulary: str, code: str) -> str:
        return self.path("external", vocabulary, code)

    def prefixes(self, facets: list[str], vocabularies: list[str]) -> dict[str, str]:
        """Every prefix an export under this base binds: ``PREFIXES`` and the base's own."""
        out = {**PREFIXES, "st": self.base, "stf": self.path("scheme", ""), "stk": self.path("kind", "")}
        out["sts"] = self.path("source", "")
        out["stx"] = self.path("external", "")
        out.update({f"st-{f}": self.path("term", f, "") for f in facets})
        out.update({v: self.path("external", v, "") for v in vocabularies})
        return out


def rdflib_module() -> Any:
    """rdflib, or a ``MissingExtraError`` naming the ``rdf`` extra."""
    try:
        import rdflib
    except ImportError:
        raise MissingExtraError("rdf", "rdflib", "SKOS export (turtle, json-ld)") from None
    return rdflib


_MATCH = {"exact": "exactMatch", "close": "closeMatch", "broad": "narrowMatch", "narrow": "broadMatch"}
"""Crosswalk match kinds are stated from the external code's side; SKOS from the concept's."""
_PARENT_VOCABULARY = {"gtd_weapon_subtype": "gtd_weapon_type", "gtd_target_subtype": "gtd_target_type"}


def _web(url: str) -> Any:
    """A URL as an IRI, or as an ``xsd:anyURI`` literal when it holds characters no IRI may hold."""
    rdflib = rdflib_module()
    if re.search(r"[\s<>\"{}|\\^`]", url):
        return rdflib.Literal(url, datatype=rdflib.XSD.anyURI)
    return rdflib.URIRef(url)


def to_rdf(tax: Taxonomy, base: str = BASE) -> Any:
    """An rdflib ``Graph`` of the taxonomy, its IRIs under ``base``."""
    rdflib = rdflib_module()
    from rdflib.collection import Collection
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

    from ..crosswalk import Match, entries
    from ..models import INCIDENT_FIELDS

    facet_of = {field: facet for facet, field in INCIDENT_FIELDS.items()}
    ids = IRIs(base)
    iri, lit = rdflib.URIRef, rdflib.Literal
    stv = rdflib.Namespace(VOCAB)
    g = rdflib.Graph(bind_namespaces="none")
    doc = to_document(tax)
    crosswalk = entries()
    vocabularies = list(dict.fromkeys(e.vocabulary for e in crosswalk))
    for prefix, namespace in ids.prefixes([f["id"] for f in doc["facet"]], vocabularies).items():
        g.bind(prefix, namespace)

    def add_list(node: Any, predicate: Any, items: list[Any]) -> None:
        head = rdflib.BNode()
        Collection(g, head, items)
        g.add((node, predicate, head))

    def sources(node: Any, source_ids: list[str]) -> None:
        for sid in source_ids:
            g.add((node, DCTERMS.source, iri(ids.source(sid))))

    def term(facet: str, term_id: str) -> Any:
        return iri(ids.term(facet, term_id))

    def texts(node: Any, predicate: Any, record: dict[str, Any], field: str) -> None:
        """``field`` in every language the record has, each a literal with its language tag."""
        for lang in Lang:
            value = record.get(f"{field}_{lang.value}") or (record.get(field) if lang is Lang.EN else None)
            if value:
                g.add((node, predicate, lit(value, lang=lang.value)))

    taxonomy = iri(ids.taxonomy())
    g.add((taxonomy, RDF.type, SKOS.ConceptScheme))
    g.add((taxonomy, RDF.type, stv.Taxonomy))
    g.add((taxonomy, DCTERMS.identifier, lit("softtargets")))
    g.add((taxonomy, SKOS.prefLabel, lit("Taxonomy of the terrorist threat to soft targets", lang="en")))
    g.add((taxonomy, SKOS.prefLabel, lit("Taxonomie van de terroristische dreiging tegen zachte doelen", lang="nl")))
    g.add((taxonomy, stv["format"], lit(FORMAT)))
    extensions = []
    for ext in doc["extensions"]:
        node = iri(ids.extension(ext["namespace"]))
        g.add((node, RDF.type, stv.Extension))
        g.add((node, DCTERMS.title, lit(ext["name"])))
        g.add((node, OWL.versionInfo, lit(ext["version"])))
        g.add((node, stv.namespace, lit(ext["namespace"])))
        g.add((node, stv.origin, lit(ext["origin"])))
        extensions.append(node)
    if extensions:
        add_list(taxonomy, stv.extensions, extensions)
    for n, source in enumerate(doc["source"]):
        node = iri(ids.source(source["id"]))
        g.add((node, RDF.type, stv.Source))
        g.add((node, DCTERMS.identifier, lit(source["id"])))
        g.add((node, stv.sourceKind, lit(source["kind"])))
        g.add((node, DCTERMS.bibliographicCitation, lit(source["citation"])))
        g.add((node, stv.order, lit(n)))
        if source.get("url"):
            g.add((node, RDFS.seeAlso, _web(source["url"])))
        if source.get("date"):
            g.add((node, DCTERMS.date, lit(source["date"], datatype=XSD.date)))
    for n, (incident, model) in enumerate(zip(doc["incident"], tax.incidents(), strict=True)):
        node = iri(ids.source(incident["id"]))
        g.add((node, RDF.type, stv.Incident))
        g.add((node, DCTERMS.identifier, lit(incident["id"])))
        texts(node, DCTERMS.title, incident, "name")
        g.add((node, DCTERMS.date, lit(incident["date"], datatype=XSD.date)))
        g.add((node, DCTERMS.bibliographicCitation, lit(model.to_source().citation)))
        g.add((node, stv.outcome, lit(incident["outcome"])))
        texts(node, SKOS.note, incident, "note")
        g.add((node, stv.order, lit(n)))
        for field in ("city", "country"):
            if incident.get(field):
                g.add((node, stv[field], lit(incident[field])))
        for field in ("killed", "injured"):
            if incident.get(field) is not None:
                g.add((node, stv[field], lit(incident[field], datatype=XSD.integer)))
        for name in incident.get("circumstances") or []:
            g.add((node, stv.circumstance, lit(name)))
        for field, prop, order in INCIDENT_TERMS:
            value = incident.get(field) or []
            values = [term(facet_of[field], v) for v in ([value] if isinstance(value, str) else value)]
            for v in values:
                g.add((node, stv[prop], v))
            if order and len(values) > 1:
                add_list(node, stv[order], values)
        pages = [_web(u) for u in incident["urls"]]
        for page in pages:
            g.add((node, RDFS.seeAlso, page))
        if len(pages) > 1:
            add_list(node, stv.pageOrder, pages)

    def described(node: Any, record: dict[str, Any], order: int, label: Any = SKOS.prefLabel) -> None:
        """What facets, kinds and terms share: id, labels, definition, order, sources."""
        g.add((node, DCTERMS.identifier, lit(record["id"])))
        texts(node, label, record, "label")
        texts(node, SKOS.definition, record, "definition")
        g.add((node, stv.order, lit(order)))
        sources(node, record["sources"])

    for n, facet in enumerate(doc["facet"]):
        node = iri(ids.scheme(facet["id"]))
        g.add((node, RDF.type, SKOS.ConceptScheme))
        g.add((node, RDF.type, stv.Facet))
        described(node, facet, n)
        g.add((node, DCTERMS.isPartOf, taxonomy))
        g.add((taxonomy, DCTERMS.hasPart, node))
    for n, kind in enumerate(doc["kind"]):
        node = iri(ids.kind(kind["id"]))
        for rdf_type in (RDF.Property, OWL.ObjectProperty, stv.RelationKind):
            g.add((node, RDF.type, rdf_type))
        described(node, kind, n, RDFS.label)
        g.add((node, RDFS.domain, SKOS.Concept))
        g.add((node, RDFS.range, SKOS.Concept))
        g.add((node, stv.subjectFacet, iri(ids.scheme(kind["subject"]))))
        g.add((node, stv.objectFacet, iri(ids.scheme(kind["object"]))))
    for n, record in enumerate(doc["term"]):
        node = term(record["facet"], record["id"])
        scheme = iri(ids.scheme(record["facet"]))
        g.add((node, RDF.type, SKOS.Concept))
        described(node, record, n)
        g.add((node, SKOS.notation, lit(record["id"], datatype=stv.termId)))
        g.add((node, SKOS.inScheme, scheme))
        for lang in Lang:
            for alt in record.get(f"alt_labels_{lang.value}", []):
                g.add((node, SKOS.altLabel, lit(alt, lang=lang.value)))
        if record.get("broader"):
            up = term(record["facet"], record["broader"])
            g.add((node, SKOS.broader, up))
            g.add((up, SKOS.narrower, node))
        else:
            g.add((node, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, node))
    kinds = {k["id"]: k for k in doc["kind"]}
    for n, rel in enumerate(doc["relation"]):
        kind = kinds[rel["kind"]]
        node = iri(ids.relation(rel["kind"], rel["subject"], rel["object"]))
        subject, obj = term(kind["subject"], rel["subject"]), term(kind["object"], rel["object"])
        g.add((node, RDF.type, stv.Relation))
        g.add((node, stv.kind, iri(ids.kind(rel["kind"]))))
        g.add((node, stv.subject, subject))
        g.add((node, stv.object, obj))
        g.add((node, stv.strength, lit(rel["strength"])))
        texts(node, SKOS.note, rel, "note")
        g.add((node, stv.order, lit(n)))
        g.add((subject, iri(ids.kind(rel["kind"])), obj))
        sources(node, rel["sources"])

    have = {(t["facet"], t["id"]) for t in doc["term"]}
    for vocabulary in vocabularies:
        scheme = iri(ids.vocabulary(vocabulary))
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, DCTERMS.identifier, lit(vocabulary)))
        g.add((scheme, SKOS.prefLabel, lit(vocabulary_label(vocabulary), lang="en")))
        g.add((taxonomy, DCTERMS.references, scheme))
    for entry in crosswalk:
        code = iri(ids.external(entry.vocabulary, entry.code))
        scheme = iri(ids.vocabulary(entry.vocabulary))
        g.add((code, RDF.type, SKOS.Concept))
        g.add((code, SKOS.inScheme, scheme))
        g.add((code, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, code))
        g.add((code, DCTERMS.identifier, lit(entry.code)))
        g.add((code, SKOS.notation, lit(entry.code, datatype=iri(code_datatype(entry.vocabulary)))))
        g.add((code, SKOS.prefLabel, lit(entry.label, lang="en")))
        parent = _PARENT_VOCABULARY.get(entry.vocabulary)
        if parent and entry.parent:
            up = iri(ids.external(parent, entry.parent))
            g.add((code, SKOS.broadMatch, up))
            g.add((up, SKOS.narrowMatch, code))
        if entry.match is Match.NONE or entry.facet is None:
            continue
        for term_id in entry.terms:
            if (entry.facet, term_id) in have:
                g.add((term(entry.facet, term_id), SKOS[_MATCH[entry.match.value]], code))
    declare(g, vocabularies)
    return g


def serialize(tax: Taxonomy, fmt: str, base: str = BASE) -> str:
    """The taxonomy as SKOS text: ``fmt`` "turtle" or "json-ld" (its ``@context`` inline:
    the prefixes, nothing to fetch), IRIs under ``base``. The same taxonomy gives the same text."""
    g = to_rdf(tax, base)
    if fmt != "json-ld":
        return str(g.serialize(format=fmt))
    context = {prefix: str(namespace) for prefix, namespace in g.namespaces()}
    doc = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_stable(doc), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _stable(value: Any, ordered: bool = False) -> Any:
    """JSON-LD with every array sorted but those of ``@list`` (rdflib writes nodes and values
    in no fixed order; in JSON-LD only a ``@list`` is ordered)."""
    if isinstance(value, list):
        items = [_stable(v) for v in value]
        return items if ordered else sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    if isinstance(value, dict):
        return {key: _stable(v, ordered=key == "@list") for key, v in value.items()}
    return value
