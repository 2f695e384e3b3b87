"""Scenario queries on the built-in taxonomy: filters, counts, explanations, diffuseness."""

from __future__ import annotations

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
    for s in found:
        assert s.target is st.TargetType.FOOTBALL_STADIUM and s.motive is st.Motive.JIHADISM
        assert isinstance(s.perpetrator, st.PerpetratorType)
        assert isinstance(s.modus_operandi, st.ModusOperandi)


def test_broader_filter_includes_narrower_terms(tax: st.Taxonomy) -> None:
    broad = tax.scenarios(target="event_ground")
    narrower = [t.id for t in tax.terms("target") if t.broader == "event_ground"]
    targets = {s.target for s in broad}
    assert set(narrower) <= {str(t) for t in targets} | set(narrower)
    expected = len(tax.scenarios(target=["event_ground", *narrower]))
    assert len(broad) == expected
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
    from collections import Counter

    assert {k: v for k, v in by_mo.items() if v} == dict(Counter(s.modus_operandi for s in found))
    by_mo[st.ModusOperandi.FIREARMS] = -1  # a fresh dict: changing it changes nothing
    assert found.count_by("modus_operandi")[st.ModusOperandi.FIREARMS] >= 0


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
    assert all(r["target"] == "kerstmarkt" for r in dutch)


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
    assert all(rel.sources for rel in why.supporting)
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
    inherited = [
        rel
        for req in why.requirements
        for rel in req.relations
        if (rel.subject, rel.object) != (req.subject, req.object)
    ]
    # christmas_market is narrower than event_ground: some support comes from broader terms
    assert all(rel.object in {"event_ground", "christmas_market"} or rel.object_facet != "target" for rel in inherited)


def test_explain_rejects_bad_scenarios(tax: st.Taxonomy) -> None:
    with pytest.raises(st.FilterTypeError):
        tax.explain(("museum", "lone_actor"))
    with pytest.raises(st.UnknownTermError):
        tax.explain(("museun", "lone_actor", "jihadism", "firearms"))


def test_engine_agrees_with_explain_on_the_builtin_product(tax: st.Taxonomy) -> None:
    found = set(tax.scenarios())
    import itertools

    for combo in itertools.product(*(tax.terms(f) for f in st.Facet)):
        ids = tuple(t.id for t in combo)
        assert (ids in found) == tax.explain(ids).plausible


def test_diffuseness(tax: st.Taxonomy) -> None:
    stadium = tax.diffuseness(target="football_stadium")
    museum = tax.diffuseness(target="museum")
    for d in (stadium, museum):
        assert d.product == 1 * 3 * len(tax.terms("motive")) * len(tax.terms("modus_operandi"))
        assert 0 <= d.share <= 1
        assert d.scenarios == round(d.share * d.product)
        assert set(d.entropy) == {f.value for f in st.Facet}
        assert d.entropy["target"] == 0.0
        assert all(0.0 <= v <= 1.0 for v in d.entropy.values())
    whole = tax.diffuseness()
    assert whole.scenarios == len(tax.scenarios())
    assert 0 < whole.share < 1
    with pytest.raises(TypeError):
        whole.entropy["target"] = 1.0  # type: ignore[index]


def test_relations_filters(tax: st.Taxonomy) -> None:
    threatens = tax.relations(kind="threatens")
    assert threatens and all(r.kind == "threatens" for r in threatens)
    about = tax.relations(term="vehicle_ramming")
    assert about and all("vehicle_ramming" in (r.subject, r.object) for r in about)
    assert all("target" in (r.subject_facet, r.object_facet) for r in tax.relations(facet="target"))
    with pytest.raises(st.UnknownValueError):
        tax.relations(kind="hates")


def test_load_is_cached(tax: st.Taxonomy) -> None:
    assert st.load() is tax
