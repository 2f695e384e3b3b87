"""Exports to SKOS, STIX 2.1, GraphML, GEXF, node-link and JSON, and reading them back."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx
import pytest
from conftest import extensions, scaled
from hypothesis import HealthCheck, given, settings

import softtargets as st
from softtargets.interop.document import TaxonomyDocument

READABLE = ["json", "turtle", "json-ld", "graphml", "node-link"]


@pytest.mark.parametrize("fmt", READABLE)
def test_builtin_round_trips(tax: st.Taxonomy, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"taxonomy.{fmt}"
    text = tax.export(fmt, path)
    assert path.read_text(encoding="utf-8") == text
    for source in (text, path, str(path)):
        back = st.read(source, fmt)
        assert back == tax and back is not tax
        assert len(back.scenarios()) == len(tax.scenarios())
        assert [t.id for t in back.terms()] == [t.id for t in tax.terms()]  # data order kept


# about a second per example (five formats, two of them through rdflib)
@settings(max_examples=scaled(ci=25, dev=4), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extensions())
def test_extended_taxonomies_round_trip(ext: st.Extension) -> None:
    tax = st.load().extend(ext)
    for fmt in READABLE:
        back = st.read(tax.export(fmt), fmt)
        assert back == tax, fmt
        assert [e.name for e in back.extensions] == [e.name for e in tax.extensions]


def test_equality_sees_differences(tax: st.Taxonomy) -> None:
    demo = st.Extension(
        name="demo",
        version="1",
        namespace="demo",
        relations=[
            st.RelationSpec(
                kind="threatens",
                subject="drone",
                object="museum",
                strength="plausible",
                sources=["cisa-stcp"],
                note="A test relation.",
            )
        ],
    )
    bigger = tax.extend(demo)
    assert bigger != tax and hash(bigger) != hash(tax)
    back = st.read(tax.export("json"), "json")
    assert back == tax and hash(back) == hash(tax)
    assert st.read(bigger.export("json"), "json") != tax


def test_json_document_validates_and_has_a_schema(tax: st.Taxonomy) -> None:
    doc = json.loads(tax.export("json"))
    assert doc["format"] == "softtargets-taxonomy" and doc["version"] == 1
    TaxonomyDocument.model_validate(doc)
    schema = TaxonomyDocument.json_schema()
    assert {"term", "relation", "incident", "source", "facet", "kind"} <= set(schema["properties"])


def test_skos_integrity(tax: st.Taxonomy) -> None:
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF, SKOS

    g = Graph().parse(data=tax.export("turtle"), format="turtle")
    facets = set(g.subjects(RDF.type, Namespace("urn:softtargets:vocab:").Facet))
    concepts = {c for c in g.subjects(RDF.type, SKOS.Concept) if set(g.objects(c, SKOS.inScheme)) & facets}
    schemes = set(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(concepts) == len(tax.terms()) and len(facets) == len(tax.facets) and facets < schemes
    assert not set(g.subjects(RDF.type, SKOS.Concept)) & schemes  # S9: ConceptScheme and Concept are disjoint
    for c in concepts:
        for lang in ("en", "nl"):  # S14: at most one prefLabel per language; here exactly one
            assert len([o for o in g.objects(c, SKOS.prefLabel) if o.language == lang]) == 1
        pref = {(str(o), o.language) for o in g.objects(c, SKOS.prefLabel)}
        alt = {(str(o), o.language) for o in g.objects(c, SKOS.altLabel)}
        assert not pref & alt  # S13: prefLabel and altLabel are disjoint
        assert len(set(g.objects(c, SKOS.inScheme))) == 1 and set(g.objects(c, SKOS.inScheme)) <= facets
    broader = nx.DiGraph([(str(s), str(o)) for s, o in g.subject_objects(SKOS.broader)])
    assert broader.number_of_edges() == sum(1 for t in tax.terms() if t.broader) > 0
    assert nx.is_directed_acyclic_graph(broader)
    for s, o in g.subject_objects(SKOS.broader):  # narrower mirrors broader
        assert (o, SKOS.narrower, s) in g
    top = set(g.subjects(SKOS.topConceptOf, None)) & concepts
    assert top == {c for c in concepts if (c, SKOS.broader, None) not in g}
    assert any(True for _ in g.subject_objects(SKOS.exactMatch))  # crosswalk links
    jsonld = Graph().parse(data=tax.export("json-ld"), format="json-ld")
    assert len(jsonld) == len(g)


def test_stix_bundle_maps_the_facets_and_is_deterministic(tax: st.Taxonomy) -> None:
    # validation (strict), versions and references: tests/test_conformance_stix.py
    text = tax.export("stix")
    assert text == tax.export("stix")
    bundle = json.loads(text)
    types = {o["type"] for o in bundle["objects"]}
    assert types == {"attack-pattern", "identity", "threat-actor", "relationship"}
    patterns = [o for o in bundle["objects"] if o["type"] == "attack-pattern"]
    assert len(patterns) == len(tax.terms("modus_operandi"))
    actors = [o for o in bundle["objects"] if o["type"] == "threat-actor"]
    assert len(actors) == len(tax.relations(kind="driven_by")) > 0
    assert all(o["threat_actor_types"] == ["terrorist"] for o in actors)
    hotel = next(o for o in bundle["objects"] if o["type"] == "identity" and o["name"] == "hotel")
    assert "hospitality-leisure" in hotel["sectors"]
    rels = [o for o in bundle["objects"] if o["type"] == "relationship"]
    assert {r["relationship_type"] for r in rels} == {"uses", "targets"}
    assert {r["confidence"] for r in rels} <= {85, 50}


def test_stix_profiles_without_an_ideology_have_no_ideology_motivation(tax: st.Taxonomy) -> None:
    actors = [o for o in json.loads(tax.export("stix"))["objects"] if o["type"] == "threat-actor"]
    unknown = [a for a in actors if "other or unknown" in a["name"]]
    known = [a for a in actors if a not in unknown]
    assert unknown and known
    assert all("primary_motivation" not in a for a in unknown)
    assert all(a.get("primary_motivation") == "ideology" for a in known)


def test_stix_scenario_report(tax: st.Taxonomy) -> None:
    from stix2validator import validate_string

    from softtargets.interop.stix import scenario_report

    bundle = scenario_report(tax.scenarios(target="christmas_market"), "Christmas markets")
    text = bundle.serialize()
    assert validate_string(text).is_valid
    report = next(o for o in json.loads(text)["objects"] if o["type"] == "report")
    assert report["name"] == "Christmas markets" and report["object_refs"]


def test_gexf_is_readable_by_networkx(tax: st.Taxonomy, tmp_path: Path) -> None:
    path = tmp_path / "t.gexf"
    tax.export("gexf", path)
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == len(tax.terms())
    with pytest.raises(st.UnknownValueError, match="format"):
        st.read(path, "gexf")


def test_unknown_format_and_bad_input(tax: st.Taxonomy, tmp_path: Path) -> None:
    with pytest.raises(st.UnknownValueError, match="valid: json"):
        tax.export("xml")
    with pytest.raises(st.DataError, match="cannot read the file"):
        st.read(str(tmp_path / "missing.json"), "json")
    with pytest.raises(st.DataError, match="no facets"):
        st.read("{}", "json")
    for fmt in READABLE:
        with pytest.raises(st.DataError):
            st.read("this is not an export", fmt)
    with pytest.raises(st.DataError):
        st.read('{"format": "softtargets-taxonomy", "version": 1, "term": [{"id": 3}]}', "json")
    nl = json.loads(tax.export("node-link"))
    del nl["graph"]["softtargets"]
    with pytest.raises(st.DataError, match="not a softtargets export"):
        st.read(json.dumps(nl), "node-link")


@pytest.mark.parametrize(("module", "fmt", "extra"), [("rdflib", "turtle", "rdf")])
def test_missing_extras_are_named(
    tax: st.Taxonomy, monkeypatch: pytest.MonkeyPatch, module: str, fmt: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(st.MissingExtraError, match=rf"softtargets\[{extra}\]"):
        tax.export(fmt)


def test_reading_without_the_extra_names_it(tax: st.Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    text = tax.export("turtle")
    monkeypatch.setitem(sys.modules, "rdflib", None)
    with pytest.raises(st.MissingExtraError, match=r"softtargets\[rdf\]"):
        st.read(text, "turtle")
