"""Conformance of the SKOS export (turtle, json-ld) with the standards it claims.

The SKOS integrity conditions and the export's own conventions are SHACL shapes under
``tests/data`` checked with pySHACL; the JSON-LD is read by a JSON-LD processor (PyLD) that may
fetch nothing; a SKOS tool (skosprovider_rdf) finds every concept by its id. Each check runs on
the built-in taxonomy and on one extended with a fifth facet. The tests under "one per defect"
each failed on the export before the conformance issue: they name the IRIs of the default
(URN) scheme literally, as a user's query would.
"""

from __future__ import annotations

import doctest
import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import season_extension

import softtargets as st
from softtargets import crosswalk
from softtargets.models import INCIDENT_FIELDS

rdflib = pytest.importorskip("rdflib")
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef  # noqa: E402
from rdflib.namespace import DCTERMS, OWL, SKOS  # noqa: E402

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's closed XSD namespace warns when pytest probes it

DATA = Path(__file__).parent / "data"
STV = Namespace("urn:softtargets:vocab:")
WEB_BASE = "https://example.org/st/"
TAXONOMIES = ["builtin", "season"]
STANDARD = tuple(str(ns) for ns in (SKOS, RDF, RDFS, OWL, DCTERMS))


@functools.cache
def taxonomy(name: str) -> st.Taxonomy:
    return st.load() if name == "builtin" else st.load().extend(season_extension())


@functools.cache
def exported(name: str, fmt: str, base: str | None = None) -> str:
    return taxonomy(name).export(fmt) if base is None else taxonomy(name).export(fmt, base=base)


@functools.cache
def graph(name: str, base: str | None = None) -> Graph:
    return Graph().parse(data=exported(name, "turtle", base), format="turtle")


def urn(*parts: str) -> URIRef:
    """An IRI of the default scheme, spelled out."""
    return URIRef("urn:softtargets:" + ":".join(parts))


# ---------------------------------------------------------------- one per defect


def test_crosswalk_codes_are_concepts_in_a_scheme_per_vocabulary() -> None:
    g = graph("builtin")
    datatypes = {}
    for vocabulary in crosswalk.vocabularies():
        scheme = urn("external", vocabulary)
        assert (scheme, RDF.type, SKOS.ConceptScheme) in g and g.value(scheme, SKOS.prefLabel) is not None
        types = set()
        for entry in crosswalk.entries(vocabulary):
            code = urn("external", vocabulary, entry.code)
            assert (code, RDF.type, SKOS.Concept) in g
            assert set(g.objects(code, SKOS.inScheme)) == {scheme}
            assert (code, SKOS.prefLabel, Literal(entry.label, lang="en")) in g
            (notation,) = g.objects(code, SKOS.notation)
            assert str(notation) == entry.code
            types.add(notation.datatype)
        assert len(types) == 1 and None not in types and XSD.string not in types, vocabulary
        datatypes[vocabulary] = types.pop()
    assert len(set(datatypes.values())) == len(datatypes)  # a datatype per vocabulary
    targets = {
        o for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch) for o in g.objects(None, p)
    }
    assert targets and all((t, RDF.type, SKOS.Concept) in g for t in targets)


@pytest.mark.parametrize("name", TAXONOMIES)
def test_notations_are_typed_and_only_on_concepts(name: str) -> None:
    g = graph(name)
    notations = list(g.subject_objects(SKOS.notation))
    assert len(notations) >= len(taxonomy(name).terms())
    for subject, notation in notations:
        assert (subject, RDF.type, SKOS.Concept) in g, subject
        assert notation.datatype not in (None, XSD.string), subject
        assert (notation.datatype, RDF.type, RDFS.Datatype) in g  # declared
    for term in taxonomy(name).terms():
        assert g.value(urn("term", term.facet, term.id), SKOS.notation) == Literal(term.id, datatype=STV.termId)


@pytest.mark.parametrize("name", TAXONOMIES)
def test_relation_kinds_and_every_predicate_are_declared(name: str) -> None:
    g = graph(name)
    for kind in taxonomy(name).kinds:
        node = urn("kind", kind.id)
        assert {RDF.Property, OWL.ObjectProperty} <= set(g.objects(node, RDF.type))
        assert (node, RDFS.label, Literal(kind.label_en, lang="en")) in g
        assert (node, RDFS.label, Literal(kind.label_nl, lang="nl")) in g
        assert (node, SKOS.definition, Literal(kind.definition, lang="en")) in g
        assert (node, RDFS.domain, SKOS.Concept) in g and (node, RDFS.range, SKOS.Concept) in g
    for predicate in set(g.predicates()):
        if not str(predicate).startswith(STANDARD):
            assert (predicate, RDF.type, RDF.Property) in g, predicate
            assert g.value(predicate, RDFS.label) is not None, predicate
            assert any(g.value(predicate, p) is not None for p in (RDFS.domain, RDFS.range)), predicate
    for rdf_type in set(g.objects(None, RDF.type)):
        assert str(rdf_type).startswith(STANDARD) or (rdf_type, RDF.type, RDFS.Class) in g, rdf_type


def test_incident_facts_are_triples() -> None:
    g = graph("builtin")
    tax = taxonomy("builtin")
    incidents = tax.incidents()
    assert len(incidents) > 10
    links = {"targets": STV.target, "perpetrator": STV.perpetrator, "motive": STV.motive}
    links["modi_operandi"] = STV.modusOperandi
    for incident in incidents:
        node = urn("source", incident.id)
        assert (node, RDF.type, STV.Incident) in g
        assert (node, DCTERMS.date, Literal(incident.date.isoformat(), datatype=XSD.date)) in g
        assert g.value(node, STV.outcome) == Literal(incident.outcome.value)
        if incident.country:
            assert g.value(node, STV.country) == Literal(incident.country)
        for field in ("killed", "injured"):
            value = getattr(incident, field)
            found = g.value(node, STV[field])
            assert found == (None if value is None else Literal(value)), (incident.id, field)
            assert found is None or found.datatype == XSD.integer
        for field, predicate in links.items():
            facet = next(f for f, n in INCIDENT_FIELDS.items() if n == field)
            expected = {urn("term", facet, v) for v in incident.values(facet)}
            assert set(g.objects(node, predicate)) == expected, (incident.id, field)
            assert all((c, RDF.type, SKOS.Concept) in g for c in expected)
        assert set(g.objects(node, RDFS.seeAlso)) == {URIRef(u) for u in incident.urls}
    for literal in g.objects():
        if isinstance(literal, Literal) and str(literal)[:1] in "[{":
            with pytest.raises(ValueError):
                json.loads(str(literal))  # no JSON in literals
    for fmt in ("turtle", "json-ld"):
        back = st.read(exported("builtin", fmt), fmt)
        assert back == tax
        assert sorted(back.incidents(), key=lambda i: i.id) == sorted(incidents, key=lambda i: i.id)


def _prefixes(turtle: str) -> dict[str, str]:
    return dict(re.findall(r"^@prefix ([^:]*): <([^>]*)> \.$", turtle, re.M))


@pytest.mark.parametrize("name", TAXONOMIES)
def test_prefixes_are_bound_and_documented(name: str) -> None:
    tax = taxonomy(name)
    documented = {
        "skos": str(SKOS),
        "dcterms": str(DCTERMS),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "owl": str(OWL),
        "xsd": str(XSD),
        "stv": "urn:softtargets:vocab:",
        "st": "urn:softtargets:",
        "stf": "urn:softtargets:scheme:",
        "stk": "urn:softtargets:kind:",
        "sts": "urn:softtargets:source:",
        "stx": "urn:softtargets:external:",
    }
    documented.update({f"st-{f.id}": f"urn:softtargets:term:{f.id}:" for f in tax.facets})
    documented.update({v: f"urn:softtargets:external:{v}:" for v in crosswalk.vocabularies()})
    turtle = _prefixes(exported(name, "turtle"))
    assert not [p for p in turtle if re.fullmatch(r"ns\d+", p)]
    assert turtle == documented
    context = json.loads(exported(name, "json-ld"))["@context"]
    assert context == documented  # inline: nothing to fetch
    web = _prefixes(exported(name, "turtle", WEB_BASE))
    assert web["st"] == WEB_BASE and web["st-target"] == WEB_BASE + "term/target/"


@pytest.mark.parametrize("name", TAXONOMIES)
def test_one_default_scheme(name: str) -> None:
    from softtargets.interop import skos

    g = graph(name)
    (top,) = g.subjects(RDF.type, STV.Taxonomy)
    assert top == urn("taxonomy") and (top, RDF.type, SKOS.ConceptScheme) in g
    facets = {urn("scheme", f.id) for f in taxonomy(name).facets}
    assert set(g.objects(top, DCTERMS.hasPart)) == facets
    assert all(set(g.objects(f, DCTERMS.isPartOf)) == {top} for f in facets)
    referenced = set(g.objects(top, DCTERMS.references))
    assert set(g.subjects(RDF.type, SKOS.ConceptScheme)) == {top} | facets | referenced
    for concept in g.subjects(RDF.type, SKOS.Concept):
        assert len(set(g.objects(concept, SKOS.inScheme))) == 1, concept
    assert skos.__doc__ is not None and "default scheme" in skos.__doc__


@pytest.mark.parametrize("name", TAXONOMIES)
def test_every_concept_has_its_id(name: str) -> None:
    g = graph(name)
    for term in taxonomy(name).terms():
        assert list(g.objects(urn("term", term.facet, term.id), DCTERMS.identifier)) == [Literal(term.id)]
    for concept in g.subjects(RDF.type, SKOS.Concept):
        assert len(list(g.objects(concept, DCTERMS.identifier))) == 1


@pytest.mark.parametrize("name", TAXONOMIES)
@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_a_base_iri_of_ones_own(name: str, fmt: str) -> None:
    tax = taxonomy(name)
    text = exported(name, fmt, WEB_BASE)
    g = Graph().parse(data=text, format=fmt)
    iris = {n for triple in g for n in triple if isinstance(n, URIRef)}
    assert URIRef(WEB_BASE + "term/target/hotel") in iris and URIRef(WEB_BASE + "taxonomy") in iris
    urns = {i for i in iris if i.startswith("urn:")}
    assert all(i.startswith("urn:softtargets:vocab:") for i in urns)  # only the format's vocabulary
    assert st.read(text, fmt) == tax


# ---------------------------------------------------------------- base IRIs


def test_iri_scheme_follows_the_base() -> None:
    from softtargets.interop import skos

    assert doctest.testmod(skos).failed == 0
    assert skos.IRIs().term("target", "hotel") == "urn:softtargets:term:target:hotel"
    assert skos.IRIs("urn:example:st:").scheme("target") == "urn:example:st:scheme:target"
    assert skos.IRIs("https://example.org/st#").kind("threatens") == "https://example.org/st#kind/threatens"
    tax = taxonomy("builtin")
    text = tax.export("turtle", base="urn:example:st:")
    assert "<urn:example:st:term:target:hotel>" in text or "st-target:hotel" in text
    assert st.read(text, "turtle") == tax


BAD_BASES = ["example.org/st/", "https://example.org/st", "https://exa mple.org/", "", "x" * 2000]
BAD_BASES.append("urn:softtargets:vocab:")  # the format's own namespace


@pytest.mark.parametrize("base", BAD_BASES)
def test_a_bad_base_is_refused(base: str) -> None:
    with pytest.raises(st.ArgumentTypeError, match="base"):
        taxonomy("builtin").export("turtle", base=base)


def test_base_is_for_the_skos_formats_only(tmp_path: Path) -> None:
    with pytest.raises(st.UnknownValueError, match="turtle, json-ld"):
        taxonomy("builtin").export("json", base=WEB_BASE)
    with pytest.raises(st.ArgumentTypeError, match="base"):
        taxonomy("builtin").export("json", base=5)  # type: ignore[arg-type]
    path = tmp_path / "t.ttl"
    assert taxonomy("builtin").export("ttl", path, base=WEB_BASE) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", TAXONOMIES)
def test_the_same_taxonomy_gives_the_same_text(name: str) -> None:
    # blank nodes (the rdf:Lists) are written inline, not under labels that change from run to run
    assert "_:" not in exported(name, "turtle") and '"_:' not in exported(name, "json-ld")
    assert taxonomy(name).export("json-ld") == exported(name, "json-ld")
    assert taxonomy(name).export("turtle") == exported(name, "turtle")


def test_urls_that_are_no_iris_read_back() -> None:
    import datetime as dt

    urls = ("https://example.org/a|b", "https://example.org/{x}", "https://example.org/ok")
    incident = st.Incident(id="odd-2020-01-01", name="x", date=dt.date(2020, 1, 1), urls=urls, note="A test.")
    tax = st.load().extend(st.Extension(name="odd", version="1", namespace="odd", incidents=[incident]))
    for fmt in ("turtle", "json-ld"):
        back = st.read(tax.export(fmt), fmt)
        assert back == tax and back.incident("odd-2020-01-01").urls == urls


# ---------------------------------------------------------------- SHACL


@functools.cache
def shapes(name: str) -> Graph:
    return Graph().parse(DATA / f"{name}.shapes.ttl", format="turtle")


def _validate(data: Graph, name: str) -> tuple[bool, Graph, str]:
    pyshacl = pytest.importorskip("pyshacl")
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes(name), inference="none")
    return bool(conforms), results, str(text)


@pytest.mark.parametrize("name", TAXONOMIES)
@pytest.mark.parametrize("shape_file", ["skos_integrity", "softtargets_skos"])
def test_export_conforms_to_the_shapes(name: str, shape_file: str) -> None:
    conforms, _, text = _validate(graph(name), shape_file)
    assert conforms, text[:4000]


_HEAD = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix ex: <urn:example:> .\n"

VIOLATIONS = {
    "S9": "ex:a a skos:Concept, skos:ConceptScheme .",
    "S12": "ex:a skos:prefLabel ex:b .",
    "S13": 'ex:a skos:prefLabel "x"@en ; skos:altLabel "x"@en .',
    "S14": 'ex:a skos:prefLabel "x"@en, "y"@en .',
    "S27": "ex:a skos:related ex:c . ex:a skos:broader ex:b . ex:c skos:narrower ex:b .",
    "S37": "ex:a a skos:Collection, skos:ConceptScheme .",
    "S46": "ex:a skos:exactMatch ex:b . ex:b skos:exactMatch ex:c . ex:c skos:narrowMatch ex:a .",
}


@pytest.mark.parametrize("condition", sorted(VIOLATIONS))
def test_each_integrity_shape_catches_its_violation(condition: str) -> None:
    conforms, results, text = _validate(
        Graph().parse(data=_HEAD + VIOLATIONS[condition], format="turtle"), "skos_integrity"
    )
    assert not conforms
    messages = {str(m) for m in results.objects(None, URIRef("http://www.w3.org/ns/shacl#resultMessage"))}
    assert any(m.startswith(condition + ":") for m in messages), text


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("untyped notation", lambda g, c: g.set((c, SKOS.notation, Literal("hotel")))),
        (
            "notation on a scheme",
            lambda g, c: g.add((urn("scheme", "target"), SKOS.notation, Literal("t", datatype=STV.termId))),
        ),
        ("undescribed mapping target", lambda g, c: g.add((c, SKOS.exactMatch, URIRef("urn:example:nowhere")))),
        ("two schemes", lambda g, c: g.add((c, SKOS.inScheme, urn("taxonomy")))),
        ("no id", lambda g, c: g.remove((c, DCTERMS.identifier, None))),
        ("string date", lambda g, c: g.set((urn("source", "nice-2016-07-14"), DCTERMS.date, Literal("2016-07-14")))),
        ("url as text", lambda g, c: g.add((urn("source", "nice-2016-07-14"), RDFS.seeAlso, Literal("https://x.org")))),
        ("undeclared kind", lambda g, c: g.remove((urn("kind", "threatens"), RDFS.domain, None))),
        ("orphan scheme", lambda g, c: g.add((URIRef("urn:example:s"), RDF.type, SKOS.ConceptScheme))),
    ],
)
def test_each_export_shape_catches_a_violation(name: str, edit: Any) -> None:
    g = Graph()
    g += graph("builtin")
    edit(g, urn("term", "target", "hotel"))
    conforms, _, _ = _validate(g, "softtargets_skos")
    assert not conforms, name


# ---------------------------------------------------------------- JSON-LD through PyLD


def _refusing_loader(calls: list[str]) -> Any:
    from pyld import jsonld

    def load(url: str, options: Any = None) -> Any:
        calls.append(url)
        raise jsonld.JsonLdError(f"refusing to fetch {url}", "jsonld.LoadDocumentError", code="loading document failed")

    return load


def test_the_refusing_loader_is_what_pyld_would_call() -> None:
    jsonld = pytest.importorskip("pyld.jsonld")
    calls: list[str] = []
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(
            {"@context": "https://example.org/context.jsonld", "@id": "x"}, {"documentLoader": _refusing_loader(calls)}
        )
    assert calls == ["https://example.org/context.jsonld"]


@pytest.mark.parametrize("name", TAXONOMIES)
def test_json_ld_reads_the_same_in_pyld_and_rdflib(name: str) -> None:
    jsonld = pytest.importorskip("pyld.jsonld")
    from rdflib.compare import isomorphic

    text = exported(name, "json-ld")
    doc = json.loads(text)
    assert isinstance(doc["@context"], dict)  # inline
    calls: list[str] = []
    options = {"documentLoader": _refusing_loader(calls)}
    expanded = jsonld.expand(doc, options)
    assert expanded and "@context" not in json.dumps(expanded)
    nquads = jsonld.to_rdf(doc, {**options, "format": "application/n-quads"})
    assert calls == []  # nothing fetched
    from_pyld = Graph().parse(data=nquads, format="nt")  # default graph only: N-Triples lines
    from_rdflib = Graph().parse(data=text, format="json-ld")
    assert len(from_pyld) == len(from_rdflib) == len(graph(name))
    assert isomorphic(from_pyld, from_rdflib)
    assert any(isinstance(n, BNode) for n in from_pyld.all_nodes())  # the lists made it through


# ---------------------------------------------------------------- SKOS tools: skosprovider_rdf


@pytest.mark.parametrize("name", TAXONOMIES)
def test_skosprovider_finds_every_concept_by_its_id(name: str) -> None:
    providers = pytest.importorskip("skosprovider_rdf.providers")
    from skosprovider_rdf.utils import rdf_dumper

    tax = taxonomy(name)
    g = graph(name)
    for facet in tax.facets:
        uri = str(urn("scheme", facet.id))
        provider = providers.RDFProvider({"id": facet.id}, g, concept_scheme_uri=uri)
        terms = tax.terms(facet.id)
        assert {c["id"] for c in provider.get_all()} == {t.id for t in terms}
        assert {c["id"] for c in provider.get_top_concepts()} == {t.id for t in terms if not t.broader}
        again = providers.RDFProvider({"id": facet.id}, rdf_dumper(provider), concept_scheme_uri=uri)
        for p in (provider, again):  # and after a round trip through skosprovider's own dump
            for term in terms:
                concept = p.get_by_id(term.id)
                assert concept and concept.uri == str(urn("term", facet.id, term.id))
                labels = {(label.type, label.language, label.label) for label in concept.labels}
                expected = {("prefLabel", "en", term.label_en), ("prefLabel", "nl", term.label_nl)}
                expected |= {("altLabel", "en", a) for a in term.alt_labels_en}
                assert expected <= labels
                assert concept.broader == ([term.broader] if term.broader else [])
    gtd = providers.RDFProvider({"id": "gtd"}, g, concept_scheme_uri=str(urn("external", "gtd_weapon_type")))
    assert gtd.get_by_id("10").label("en").label == crosswalk.lookup("gtd_weapon_type", 10).label
