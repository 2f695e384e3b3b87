"""The SKOS export's own RDF vocabulary (prefix ``stv``, namespace ``urn:softtargets:vocab:``):
its classes, properties and notation datatypes, which every export declares."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["INCIDENT_TERMS", "PREFIXES", "VOCAB", "code_datatype", "declare", "vocabulary_label"]

VOCAB = "urn:softtargets:vocab:"
"""The namespace of the format's own classes, properties and datatypes: the same whatever the base."""

PREFIXES = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "stv": VOCAB,
}
"""The fixed prefixes of every export (``IRIs.prefixes`` adds those that follow from the base)."""

INCIDENT_TERMS = (
    ("targets", "target", "targetOrder"),
    ("perpetrator", "perpetrator", None),
    ("motive", "motive", None),
    ("modi_operandi", "modusOperandi", "modusOperandiOrder"),
)
"""The incident fields that hold terms: (field, ``stv`` property, ``stv`` list property that
keeps the recorded order of several values, or None for a single-valued field)."""

_VOCABULARY_LABELS = {
    "gtd_attack_type": "GTD attack types",
    "gtd_weapon_type": "GTD weapon types",
    "gtd_weapon_subtype": "GTD weapon subtypes",
    "gtd_target_type": "GTD target/victim types",
    "gtd_target_subtype": "GTD target/victim subtypes",
    "tesat_category": "Europol TE-SAT terrorism categories",
    "stix_threat_actor_type": "STIX 2.1 threat actor types (threat-actor-type-ov)",
    "stix_resource_level": "STIX 2.1 attack resource levels (attack-resource-level-ov)",
    "stix_attack_motivation": "STIX 2.1 attack motivations (attack-motivation-ov)",
    "stix_industry_sector": "STIX 2.1 industry sectors (industry-sector-ov)",
}


def vocabulary_label(vocabulary: str) -> str:
    """The English name of a crosswalk vocabulary (its id when it has none)."""
    return _VOCABULARY_LABELS.get(vocabulary, vocabulary)


def code_datatype(vocabulary: str) -> str:
    """The datatype of a vocabulary's notations: ``gtd_weapon_type`` -> ``stv:gtdWeaponTypeCode``."""
    first, *rest = vocabulary.split("_")
    return VOCAB + first + "".join(w.capitalize() for w in rest) + "Code"


_SKOS, _DCT, _RDF, _XSD = (PREFIXES[p] for p in ("skos", "dcterms", "rdf", "xsd"))
_CONCEPT, _LIST, _STRING, _INTEGER = _SKOS + "Concept", _RDF + "List", _XSD + "string", _XSD + "integer"

_SUBJECT = _DCT + "subject"

_CLASSES = {  # name -> (comment, super-class)
    "Taxonomy": (
        "The whole taxonomy: the default concept scheme; its parts are the facets.",
        _SKOS + "ConceptScheme",
    ),
    "Facet": ("A facet of the taxonomy: a concept scheme of terms.", _SKOS + "ConceptScheme"),
    "RelationKind": ("A kind of relation from the terms of one facet to those of another.", _RDF + "Property"),
    "Relation": ("A sourced claim that a term of one facet is related to a term of another.", None),
    "Source": ("A structured reference: the study, a standard, guidance or a documented incident.", None),
    "Incident": ("A documented attack or foiled plot, classified in the taxonomy; also a source.", "Source"),
    "Extension": ("An extension applied to build the taxonomy.", None),
}

# name -> (comment, domain, range, super-property); an xsd range makes an owl:DatatypeProperty
_PROPERTIES = {
    "format": ("The name of the export format.", "Taxonomy", _STRING, None),
    "extensions": ("The extensions applied, in order (an rdf:List of stv:Extension).", "Taxonomy", _LIST, None),
    "namespace": ("The namespace of the extension's ids.", "Extension", _STRING, None),
    "origin": ("Where the extension came from: 'python', a file, or an entry point.", "Extension", _STRING, None),
    "order": ("The position in the data order.", None, _INTEGER, None),
    "subjectFacet": ("The facet of the relation kind's subjects.", "RelationKind", "Facet", None),
    "objectFacet": ("The facet of the relation kind's objects.", "RelationKind", "Facet", None),
    "kind": ("The relation's kind.", "Relation", "RelationKind", None),
    "subject": ("The relation's subject.", "Relation", _CONCEPT, None),
    "object": ("The relation's object.", "Relation", _CONCEPT, None),
    "strength": ("How well the relation is supported: documented or plausible.", "Relation", _STRING, None),
    "sourceKind": ("What kind of source: study, standard, guidance, incident, ...", "Source", _STRING, None),
    "city": ("The city where the incident happened.", "Incident", _STRING, None),
    "country": ("The country of the incident: an ISO 3166-1 alpha-2 code.", "Incident", _STRING, None),
    "outcome": ("How the incident ended: completed, failed or foiled.", "Incident", _STRING, None),
    "killed": ("Victims killed (perpetrators not counted).", "Incident", _INTEGER, None),
    "injured": ("Victims injured.", "Incident", _INTEGER, None),
    "circumstance": (
        "A circumstance of the incident (softtargets.circumstances): insider, fake_device, ...",
        "Incident",
        _STRING,
        None,
    ),
    "target": ("A target type of the incident.", "Incident", _CONCEPT, _SUBJECT),
    "perpetrator": ("The perpetrator type of the incident.", "Incident", _CONCEPT, _SUBJECT),
    "motive": ("The motive of the incident.", "Incident", _CONCEPT, _SUBJECT),
    "modusOperandi": ("A modus operandi of the incident.", "Incident", _CONCEPT, _SUBJECT),
    "targetOrder": ("The incident's target types in recorded order.", "Incident", _LIST, None),
    "modusOperandiOrder": ("The incident's modi operandi in recorded order.", "Incident", _LIST, None),
    "pageOrder": ("The pages checked for the incident, in recorded order.", "Incident", _LIST, None),
}


def declare(g: Any, vocabularies: list[str]) -> None:
    """Add to ``g`` the ``stv`` classes and properties (label, comment, domain, range) and the
    datatypes of the notations: terms' ids and the codes of ``vocabularies``."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    def iri(name: str) -> URIRef:
        return URIRef(name if ":" in name else VOCAB + name)

    defined_by = URIRef(VOCAB)
    for name, (comment, *_) in [*_CLASSES.items(), *_PROPERTIES.items()]:
        node = iri(name)
        g.add((node, RDFS.label, Literal(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower(), lang="en")))
        g.add((node, RDFS.comment, Literal(comment, lang="en")))
        g.add((node, RDFS.isDefinedBy, defined_by))
    for name, (_, parent) in _CLASSES.items():
        g.add((iri(name), RDF.type, OWL.Class))
        g.add((iri(name), RDF.type, RDFS.Class))
        if parent is not None:
            g.add((iri(name), RDFS.subClassOf, iri(parent)))
    for name, (_, domain, range_, parent) in _PROPERTIES.items():
        node = iri(name)
        g.add((node, RDF.type, RDF.Property))
        g.add((node, RDF.type, OWL.DatatypeProperty if range_.startswith(_XSD) else OWL.ObjectProperty))
        if domain is not None:
            g.add((node, RDFS.domain, iri(domain)))
        g.add((node, RDFS.range, iri(range_)))
        if parent is not None:
            g.add((node, RDFS.subPropertyOf, iri(parent)))
    datatypes = {VOCAB + "termId": "a term id, unique within its facet"}
    datatypes.update({code_datatype(v): "a code of the " + vocabulary_label(v) for v in vocabularies})
    for datatype, what in datatypes.items():
        g.add((URIRef(datatype), RDF.type, RDFS.Datatype))
        g.add((URIRef(datatype), RDFS.label, Literal(f"notation: {what}", lang="en")))
        g.add((URIRef(datatype), RDFS.isDefinedBy, defined_by))
