"""Terms of different facets with the same id must never collide (design §3)."""

from __future__ import annotations

from enum import StrEnum

import pytest
from conftest import make_bundle

import softtargets as st


def test_strenum_pitfall_is_real() -> None:
    class A(StrEnum):
        X = "other"

    class B(StrEnum):
        X = "other"

    # The pitfall: members of different enums with one value compare and hash alike ...
    assert A.X == B.X and hash(A.X) == hash(B.X)
    assert len({A.X: 1, B.X: 2}) == 1


def test_same_id_in_two_facets_stays_two_terms() -> None:
    bundle = make_bundle(
        ["target", "perpetrator", "motive", "modus_operandi"],
        {
            "target": [("other", None)],
            "perpetrator": [("p", None)],
            "motive": [("other", None)],
            "modus_operandi": [("other", None)],
        },
        [("k", "motive", "target"), ("j", "modus_operandi", "target")],
        [("k", "other", "other", "plausible"), ("j", "other", "other", "documented")],
    )
    tax = st.Taxonomy(bundle)
    # ... so the taxonomy keys terms by facet: three terms, three graph nodes
    assert len(tax.terms()) == 4
    assert {"target:other", "motive:other", "modus_operandi:other"} <= set(tax.graph.nodes)
    assert tax.graph.number_of_edges() == 2
    with pytest.raises(st.AmbiguousTermError) as info:
        tax.term("other")
    assert isinstance(info.value, LookupError)
    assert tax.term("other", "motive").facet == "motive"
    found = tax.scenarios(motive="other")
    assert list(found) == [st.Scenario("other", "p", "other", "other")]
    assert found.count_by("motive") == {"other": 1}


def test_builtin_graph_has_one_node_per_term(tax: st.Taxonomy) -> None:
    assert tax.graph.number_of_nodes() == len(tax.terms())
    for term in tax.terms():
        assert tax.graph.nodes[f"{term.facet}:{term.id}"]["facet"] == term.facet
