"""Scenario queries on the built-in taxonomy: filters, counts, explanations, diffuseness."""

from __future__ import annotations

import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import softtargets as st

XMAS = ("christmas_market", "lone_actor", "jihadism", "vehicle_ramming")


def test_filters_accept_members_ids_labels_and_iterables(tax: st.Taxonomy) -> None:
    by_member = tax.scenarios(target=st.TargetType.FOOTBALL_STADIUM, motive=st.Motive.JIHADISM)
    by_id = tax.scenarios(target="football_stadium", motive="jihadism")
    by_label = tax.scenarios(target="voetbalstadion", motive="jihadisme")
    assert len(by_member) == len(by_id) == len(by_label) > 0
    assert by_member == by_id
    both = tax.scenarios(target=["football_stadium", st.TargetType.MUSEUM])
    assert len(both) == len(tax.scenarios(target="football_stadium")) + len(tax.scenarios(target="museum"))


def test_results_respect_filters(tax: st.Taxonomy) -> None:
    found = tax.scenarios(target=st.TargetType.FOOTBALL_STADIUM, motive="jihadism")
    assert found
    for s in found:
        assert s.target is st.TargetType.FOOTBALL_STADIUM and s.motive is st.Motive.JIHADISM
        assert isinstance(s.perpetrator, st.PerpetratorType)
        assert isinstance(s.modus_operandi, st.ModusOperandi)


def test_broader_filter_includes_narrower_terms(tax: st.Taxonomy) -> None:
    broad = tax.scenarios(target="event_ground")
    narrower = [t.id for t in tax.narrower("event_ground", deep=True)]
    assert narrower
    # the broader term and every narrower one (each takes part in some scenario), nothing else
    assert {str(s.target) for s in broad} == {"event_ground", *narrower}
    by_target = Counter(str(s.target) for s in broad)
    for term_id in narrower:  # each narrower term brings exactly what a query for it finds
        below = {term_id, *(t.id for t in tax.narrower(term_id, deep=True))}
        assert sum(by_target[t] for t in below) == len(tax.scenarios(target=term_id)) > 0
    assert len(broad) > len(tax.scenarios(target=narrower[0]))


def test_relations_are_inherited_by_narrower_terms(tax: st.Taxonomy) -> None:
    checked = 0
    for rel in tax.relations():
        for term in tax.terms(rel.object_facet):
            if term.broader != rel.object:
                continue
            scenario = {f.id: tax.terms(f.id)[0].id for f in tax.facets}
            scenario[rel.subject_facet] = rel.subject
            scenario[rel.object_facet] = term.id
            why = tax.explain(tuple(scenario[f.id] for f in tax.facets))
            (req,) = [r for r in why.requirements if r.kind == rel.kind]
            assert rel in req.relations, f"{rel} is not inherited by {term.id}"
            checked += 1
    assert checked > 0


def test_membership(tax: st.Taxonomy) -> None:
    found = tax.scenarios(target="christmas_market")
    assert XMAS in found
    assert st.Scenario(*XMAS) in found
    assert ("museum", "lone_actor", "jihadism", "vehicle_ramming") not in found
    assert "christmas_market" not in found
    assert ("nonsense", "x", "y", "z") not in found


def test_scenarios_are_unique_hashable_records(tax: st.Taxonomy) -> None:
    found = list(tax.scenarios(target="event_ground"))
    assert len(set(found)) == len(found)
    target, _perpetrator, _motive, _mo = found[0]
    assert found[0].target == target


def test_count_by(tax: st.Taxonomy) -> None:
    found = tax.scenarios(target="football_stadium")
    by_mo = found.count_by(st.Facet.MODUS_OPERANDI)
    assert set(by_mo) == set(st.ModusOperandi)
    assert sum(by_mo.values()) == len(found)
    assert {k: v for k, v in by_mo.items() if v} == dict(Counter(s.modus_operandi for s in found))


def test_min_strength_documented_is_a_subset(tax: st.Taxonomy) -> None:
    plausible = tax.scenarios(target="event_ground")
    documented = tax.scenarios(target="event_ground", min_strength="documented")
    assert 0 < len(documented) <= len(plausible)
    assert set(documented) <= set(plausible)
    with pytest.raises(st.UnknownValueError):
        tax.scenarios(min_strength="likely")


def test_to_records(tax: st.Taxonomy) -> None:
    found = tax.scenarios(target="christmas_market", modus_operandi="vehicle_ramming")
    records = found.to_records()
    assert {
        "target": "christmas_market",
        "perpetrator": "lone_actor",
        "motive": "jihadism",
        "modus_operandi": "vehicle_ramming",
    } in records
    dutch = found.to_records(lang="nl")
    assert len(dutch) == len(records) == len(found) > 0
    for en, nl in zip(records, dutch, strict=True):
        assert nl == {facet: tax.term(term_id, facet).label_nl for facet, term_id in en.items()}
    assert {r["target"] for r in dutch} == {"kerstmarkt"}
    with pytest.raises(st.UnknownValueError, match="language"):
        found.to_records(lang="de")


def test_filter_errors_name_the_filter(tax: st.Taxonomy) -> None:
    with pytest.raises(st.FacetMismatchError, match="filter 'target'"):
        tax.scenarios(target=st.Motive.JIHADISM)
    with pytest.raises(st.UnknownTermError, match="filter 'motive'") as info:
        tax.scenarios(motive="jihadisn")
    assert info.value.suggestions[0] == "jihadism"
    with pytest.raises(st.FilterTypeError, match="filter 'target'"):
        tax.scenarios(target=42)  # type: ignore[arg-type]
    with pytest.raises(st.UnknownValueError, match="filter"):
        tax.scenarios(weapon="firearms")


def test_is_plausible_and_explain(tax: st.Taxonomy) -> None:
    assert tax.is_plausible(XMAS)
    why = tax.explain(XMAS)
    assert why.plausible and not why.missing
    assert {r.kind for r in why.requirements} == {k.id for k in tax.kinds}
    assert all(req.relations for req in why.requirements)  # plausible: every kind is related
    assert why.supporting and set(why.supporting) == {rel for req in why.requirements for rel in req.relations}
    text = str(why)
    assert "part of the diffuse threat" in text


def test_explain_names_missing_relations(tax: st.Taxonomy) -> None:
    scenario = ("museum", "organisation", "single_issue", "drone")
    assert not tax.is_plausible(scenario)
    why = tax.explain(scenario)
    assert not why.plausible
    assert why.missing
    assert "MISSING" in str(why)


def test_explain_shows_inherited_relations(tax: st.Taxonomy) -> None:
    why = tax.explain(XMAS)
    inherited = {
        (req.kind, rel.subject, rel.object)
        for req in why.requirements
        for rel in req.relations
        if (rel.subject, rel.object) != (req.subject, req.object)
    }
    # christmas_market is narrower than event_ground, and jihadists select event grounds
    assert inherited == {("selects", "jihadism", "event_ground")}
    # by hand: each requirement is met by the relations of its kind between the two terms or
    # any of their broader terms (walked through the ``broader`` fields)
    kinds = {k.id: k for k in tax.kinds}

    def chain(facet: str, term_id: str) -> set[str]:
        out = {term_id}
        while (up := tax.term(term_id, facet).broader) is not None:
            out.add(up)
            term_id = up
        return out

    assert len(why.requirements) == len(kinds)
    for req in why.requirements:
        kind = kinds[req.kind]
        expected = {
            (rel.subject, rel.object)
            for rel in tax.relations(kind=req.kind)
            if rel.subject in chain(kind.subject, req.subject) and rel.object in chain(kind.object, req.object)
        }
        assert expected and {(rel.subject, rel.object) for rel in req.relations} == expected, req.kind


def test_explain_rejects_bad_scenarios(tax: st.Taxonomy) -> None:
    with pytest.raises(st.FilterTypeError):
        tax.explain(("museum", "lone_actor"))
    with pytest.raises(st.UnknownTermError):
        tax.explain(("museun", "lone_actor", "jihadism", "firearms"))


def test_engine_agrees_with_explain_on_the_builtin_product(tax: st.Taxonomy) -> None:
    found = set(tax.scenarios())
    import itertools

    plausible = 0
    for combo in itertools.product(*(tax.terms(f) for f in st.Facet)):
        ids = tuple(t.id for t in combo)
        assert (ids in found) == tax.explain(ids).plausible
        plausible += ids in found
    assert plausible == len(found) > 0  # nothing found outside the product


def test_diffuseness(tax: st.Taxonomy) -> None:
    stadium = tax.diffuseness(target="football_stadium")
    museum = tax.diffuseness(target="museum")
    for d, target in ((stadium, "football_stadium"), (museum, "museum")):
        assert d.scenarios == len(tax.scenarios(target=target)) > 0
        assert d.product == 1 * 3 * len(tax.terms("motive")) * len(tax.terms("modus_operandi"))
        assert 0 <= d.share <= 1
        assert d.scenarios == round(d.share * d.product)
        assert set(d.entropy) == {f.value for f in st.Facet}
        assert d.entropy["target"] == 0.0
        assert all(0.0 <= v <= 1.0 for v in d.entropy.values())
    whole = tax.diffuseness()
    assert whole.scenarios == len(tax.scenarios())
    assert whole.product == math.prod(len(tax.terms(f)) for f in st.Facet)
    assert whole.share == pytest.approx(whole.scenarios / whole.product)


def test_relations_filters(tax: st.Taxonomy) -> None:
    everything = tax.relations()
    expected = {
        "threatens": tuple(r for r in everything if r.kind == "threatens"),
        "vehicle_ramming": tuple(r for r in everything if "vehicle_ramming" in (r.subject, r.object)),
        "target": tuple(r for r in everything if "target" in (r.subject_facet, r.object_facet)),
        "documented": tuple(r for r in everything if r.strength is st.Strength.DOCUMENTED),
    }
    assert all(0 < len(rels) < len(everything) for rels in expected.values())
    assert tax.relations(kind="threatens") == expected["threatens"]
    assert tax.relations(term="vehicle_ramming") == expected["vehicle_ramming"]
    assert tax.relations(facet="target") == expected["target"]
    assert tax.relations(strength="documented") == expected["documented"]
    with pytest.raises(st.UnknownValueError):
        tax.relations(kind="hates")


def test_example_script_runs() -> None:
    script = Path(__file__).parent.parent / "examples" / "diffuse_threat.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert "part of the diffuse threat" in out.stdout
    assert "kerstmarkt / eenling / jihadisme / voertuig als wapen" in out.stdout
