"""The hierarchy API: ancestors and narrower terms, on the built-in and on extended taxonomies."""

from __future__ import annotations

import pytest

import softtargets as st


def test_ancestors_nearest_first(tax: st.Taxonomy) -> None:
    assert [t.id for t in tax.ancestors("christmas_market")] == ["event_ground"]
    assert [t.id for t in tax.ancestors(st.TargetType.EVENT_GROUND)] == []
    assert [t.id for t in tax.ancestors("church")] == ["religious_institution"]


def test_narrower_direct_and_deep(tax: st.Taxonomy) -> None:
    direct = {t.id for t in tax.narrower("religious_institution")}
    assert direct == {"church", "mosque", "synagogue"}
    assert tax.narrower("church") == ()
    deep = {t.id for t in tax.narrower("explosives", deep=True)}
    assert {"person_borne_ied", "placed_ied"} <= deep
    assert "explosives" not in deep


@pytest.mark.parametrize("facet", list(st.Facet))
def test_hierarchy_agrees_with_broader_fields(tax: st.Taxonomy, facet: st.Facet) -> None:
    """Walking ``broader`` by hand (here, and only here) gives the same answers."""
    by_id = {t.id: t for t in tax.terms(facet)}
    chains: dict[str, list[str]] = {}
    for term in by_id.values():
        chain = chains[term.id] = []
        up = term.broader
        while up is not None:
            chain.append(up)
            up = by_id[up].broader
    for term in by_id.values():
        assert [t.id for t in tax.ancestors(term.id, facet)] == chains[term.id]
        below = {t for t, chain in chains.items() if term.id in chain}
        assert {t.id for t in tax.narrower(term.id, facet, deep=True)} == below
        assert {t.id for t in tax.narrower(term.id, facet)} == {t.id for t in by_id.values() if t.broader == term.id}


def test_hierarchy_of_extension_terms(tax: st.Taxonomy) -> None:
    chain = [("h.fan_zone", "event_ground", "fan zone"), ("h.fan_zone_entrance", "h.fan_zone", "fan zone entrance")]
    terms = [
        st.TermSpec(
            id=term_id,
            facet="target",
            broader=broader,
            label_en=label,
            label_nl=f"{label} (nl)",
            definition=f"A {label}.",
            sources=["nactso-crowded-places"],
        )
        for term_id, broader, label in chain
    ]
    big = tax.extend(st.Extension(name="h", version="1", namespace="h", terms=terms))
    assert [t.id for t in big.ancestors("h.fan_zone_entrance")] == ["h.fan_zone", "event_ground"]
    assert {"h.fan_zone", "h.fan_zone_entrance"} <= {t.id for t in big.narrower("event_ground", deep=True)}
    assert [t.id for t in big.narrower("h.fan_zone")] == ["h.fan_zone_entrance"]
    assert "h.fan_zone" not in {t.id for t in tax.narrower("event_ground", deep=True)}


def test_hierarchy_unknown_term_suggests(tax: st.Taxonomy) -> None:
    with pytest.raises(st.UnknownTermError) as err:
        tax.ancestors("kerstmarkd")
    assert "christmas_market" in err.value.suggestions
