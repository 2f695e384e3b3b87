"""Nothing the API returns can change the taxonomy."""

from __future__ import annotations

import copy

import networkx as nx
import pytest
from pydantic import ValidationError

import softtargets as st


def test_graph_structure_is_frozen(tax: st.Taxonomy) -> None:
    g = tax.graph
    assert nx.is_frozen(g)
    with pytest.raises(nx.NetworkXError):
        g.add_node("target:new")
    with pytest.raises(nx.NetworkXError):
        g.remove_edge(*next(iter(g.edges())))


def test_graph_attributes_are_read_only(tax: st.Taxonomy) -> None:
    g = tax.graph
    node = "target:football_stadium"
    with pytest.raises(st.ImmutableError):
        g.nodes[node]["label_en"] = "changed"
    with pytest.raises(TypeError):
        del g.nodes[node]["facet"]
    u, v, k = next(iter(g.edges(keys=True)))
    with pytest.raises(st.ImmutableError):
        g.edges[u, v, k]["strength"] = "documented"
    with pytest.raises(st.ImmutableError):
        g.graph["name"] = "x"
    with pytest.raises(st.ImmutableError):
        g.nodes[node].update(label_en="x")
    assert tax.term("football_stadium").label_en == "football stadium"


def test_graph_copies_are_ordinary_and_independent(tax: st.Taxonomy) -> None:
    mutable = tax.graph.copy()
    mutable.nodes["target:football_stadium"]["label_en"] = "changed"
    mutable.add_node("target:new")
    assert tax.graph.nodes["target:football_stadium"]["label_en"] == "football stadium"
    deep = copy.deepcopy(tax.graph)
    deep.nodes["target:museum"]["label_en"] = "x"
    assert tax.graph.nodes["target:museum"]["label_en"] == "museum"
    # networkx algorithms run on the frozen graph
    assert nx.number_weakly_connected_components(tax.graph) >= 1
    assert tax.graph.to_undirected().number_of_nodes() == tax.graph.number_of_nodes()


def test_models_are_frozen(tax: st.Taxonomy) -> None:
    term = tax.term("museum")
    with pytest.raises(ValidationError):
        term.label_en = "x"  # type: ignore[misc]
    rel = tax.relations()[0]
    with pytest.raises(ValidationError):
        rel.strength = st.Strength.PLAUSIBLE  # type: ignore[misc]
    with pytest.raises(ValidationError):
        rel.sources[0].citation = "x"  # type: ignore[misc]
    assert isinstance(term.sources, tuple) and isinstance(tax.terms(), tuple)


def test_returned_collections_are_immutable_or_copies(tax: st.Taxonomy) -> None:
    terms = tax.terms("target")
    assert isinstance(terms, tuple)
    rels = tax.relations()
    assert isinstance(rels, tuple)
    found = tax.scenarios(target="museum")
    with pytest.raises(TypeError):
        found.filters["target"] = "airport"  # type: ignore[index]
    counts = found.count_by("motive")
    counts.clear()
    assert found.count_by("motive")


def test_scenario_set_has_no_mutators(tax: st.Taxonomy) -> None:
    found = tax.scenarios()
    for name in ("add", "remove", "discard", "append", "update", "clear"):
        assert not hasattr(found, name)
    with pytest.raises(AttributeError):
        found.extra = 1  # type: ignore[attr-defined]


def test_other_taxonomies_are_untouched(tax: st.Taxonomy) -> None:
    before = len(tax.scenarios())
    from conftest import make_bundle

    other = st.Taxonomy(
        make_bundle(
            ["a", "b"], {"a": [("x", None)], "b": [("y", None)]}, [("k", "a", "b")], [("k", "x", "y", "plausible")]
        )
    )
    assert len(other.scenarios()) == 1
    assert len(tax.scenarios()) == before
