"""The curated data (design §4): complete, sourced, acyclic, consistent with the enums."""

from __future__ import annotations

import tomllib
from collections import Counter
from importlib import resources

import pytest

import softtargets as st
from softtargets.loader import BUILTIN_FILES


def test_every_data_file_ships_and_parses_with_the_stdlib(tax: st.Taxonomy) -> None:
    folder = resources.files("softtargets") / "data"
    rows: Counter[str] = Counter()
    assert BUILTIN_FILES
    for name in BUILTIN_FILES:
        assert (folder / name).is_file(), f"{name} is missing from the installed package"
        document = tomllib.loads((folder / name).read_text(encoding="utf-8"))
        assert document, f"{name} is empty"
        for table, value in document.items():
            assert isinstance(value, list), f"{name}: {table} is not an array of tables"
            rows[table] += len(value)
    # plain TOML holds every record the taxonomy was built from
    assert rows == Counter(
        source=len(tax.sources()) - len(tax.incidents()),  # an incident is a source too
        incident=len(tax.incidents()),
        facet=len(tax.facets),
        kind=len(tax.kinds),
        term=len(tax.terms()),
        relation=len(tax.relations()),
    )


def test_every_term_is_labelled_defined_and_sourced(tax: st.Taxonomy) -> None:
    for term in tax.terms():
        assert term.label_en.strip() and term.label_nl.strip(), term.id
        assert term.definition.strip().endswith("."), f"{term.id}: definition should be a sentence"
        assert term.sources, term.id


def test_every_relation_is_sourced_with_a_note(tax: st.Taxonomy) -> None:
    assert tax.relations()
    for rel in tax.relations():
        assert rel.sources and rel.note.strip(), rel


def test_documented_relations_cite_an_incident_with_date_and_url(tax: st.Taxonomy) -> None:
    assert tax.relations(strength=st.Strength.DOCUMENTED)
    for rel in tax.relations(strength=st.Strength.DOCUMENTED):
        incidents = [s for s in rel.sources if s.kind is st.SourceKind.INCIDENT]
        assert incidents, f"{rel} is documented but cites no incident"
        for inc in incidents:
            assert inc.date is not None and inc.url, inc.id


def test_plausible_relations_cite_guidance_study_or_standard(tax: st.Taxonomy) -> None:
    assert tax.relations(strength=st.Strength.PLAUSIBLE)
    for rel in tax.relations(strength=st.Strength.PLAUSIBLE):
        assert any(s.kind is not st.SourceKind.INCIDENT for s in rel.sources), rel


def test_hierarchy_is_acyclic_and_within_a_facet(tax: st.Taxonomy) -> None:
    import networkx as nx

    broader = nx.DiGraph()
    for term in tax.terms():
        broader.add_node((term.facet, term.id))
        if term.broader:
            # an id (not a label) of a term in the same facet
            assert term.broader in {t.id for t in tax.terms(term.facet)}, term.id
            broader.add_edge((term.facet, term.id), (term.facet, term.broader))
    assert broader.number_of_edges() > 0
    assert nx.is_directed_acyclic_graph(broader)


def test_no_relation_points_at_an_unknown_term(tax: st.Taxonomy) -> None:
    kinds = {k.id: k for k in tax.kinds}
    for rel in tax.relations():
        kind = kinds[rel.kind]
        assert (rel.subject_facet, rel.object_facet) == (kind.subject, kind.object)
        assert tax.term(rel.subject, kind.subject).id == rel.subject
        assert tax.term(rel.object, kind.object).id == rel.object


@pytest.mark.parametrize("facet", list(st.Facet))
def test_every_enum_member_has_data_and_all_data_is_a_member(tax: st.Taxonomy, facet: st.Facet) -> None:
    from softtargets.facets import FACET_ENUMS

    enum = FACET_ENUMS[facet]
    assert {m.value for m in enum} == {t.id for t in tax.terms(facet)}
    for member in enum:
        assert member.facet() is facet
        assert tax.term(member).id == member.value


def test_acceptance_counts(tax: st.Taxonomy) -> None:
    targets = tax.terms(st.Facet.TARGET)
    top = [t for t in targets if t.broader is None]
    assert len(top) >= 11
    for broad in ("event_ground", "public_transport"):
        assert tax.term(broad, st.Facet.TARGET) in top
        assert [t for t in targets if t.broader == broad], f"{broad} has no narrower terms"
    assert len(tax.terms(st.Facet.PERPETRATOR)) == 3
    assert len(tax.terms(st.Facet.MOTIVE)) >= 6
    assert len(tax.terms(st.Facet.MODUS_OPERANDI)) >= 8


def test_the_study_target_types_are_all_there(tax: st.Taxonomy) -> None:
    study = [
        "winkelgebied",
        "voetbalstadion",
        "evenemententerrein",
        "openbaar vervoer",
        "luchthaven",
        "horeca",
        "uitgaansgelegenheid",
        "museum",
        "universiteit",
        "religieuze instelling",
        "overheidsgebouw",
    ]
    for label in study:
        term = tax.term(label, st.Facet.TARGET)
        assert term.broader is None
        assert any(s.id == "study-summary" for s in term.sources), term.id


def test_full_product_is_not_all_plausible(tax: st.Taxonomy) -> None:
    d = tax.diffuseness()
    assert 0 < d.scenarios < d.product


def test_every_term_takes_part_in_some_relation(tax: st.Taxonomy) -> None:
    # through itself or a broader term: otherwise it could never be in a scenario
    related = {(r.subject_facet, r.subject) for r in tax.relations()} | {
        (r.object_facet, r.object) for r in tax.relations()
    }
    for term in tax.terms():
        chain = [term]
        while chain[-1].broader:
            chain.append(tax.term(chain[-1].broader, term.facet))
        assert any((t.facet, t.id) in related for t in chain), f"{term.id} is in no relation"


def test_incident_records_are_sorted_by_date_as_the_file_says() -> None:
    import re
    from importlib import resources

    text = resources.files("softtargets").joinpath("data/incidents.toml").read_text("utf-8")
    days = re.findall(r"(?m)^date = (\d{4}-\d\d-\d\d)$", text)
    assert days and days == sorted(days)
