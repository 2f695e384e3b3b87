"""Nothing the API returns can change a taxonomy: every attempt fails and changes nothing;
what is handed out as a copy may be changed without effect."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import networkx as nx
import pytest
from conftest import make_bundle
from pydantic import ValidationError

import softtargets as st
from softtargets import crosswalk, pps
from softtargets.facets import FACET_ENUMS
from softtargets.loader import load_builtin


@pytest.fixture(scope="module")
def fresh() -> st.Taxonomy:
    """A taxonomy of its own, not the cached one the other tests share: if an attempt to
    change it got through, only this module would see it."""
    return st.Taxonomy(load_builtin())


@pytest.fixture(autouse=True)
def unchanged(fresh: st.Taxonomy) -> Iterator[None]:
    """Every test here must leave the taxonomy exactly as it found it: its data and its graph."""
    before = (fresh.export("json"), fresh.export("node-link"))
    yield
    assert (fresh.export("json"), fresh.export("node-link")) == before, "the taxonomy changed"


def test_taxonomy_attributes_cannot_be_set_or_deleted(fresh: st.Taxonomy) -> None:
    # the private name on purpose: the data behind every answer, the first thing an adversary tries
    with pytest.raises(st.ImmutableError):
        fresh._relations = ()  # type: ignore[misc]
    with pytest.raises(st.ImmutableError):
        del fresh._relations
    with pytest.raises(st.ImmutableError):
        fresh.graph = None  # type: ignore[assignment]
    with pytest.raises(st.ImmutableError):
        fresh.extra = 1  # type: ignore[attr-defined]
    assert not hasattr(fresh, "extra")


def test_graph_structure_is_frozen(fresh: st.Taxonomy) -> None:
    g = fresh.graph
    assert nx.is_frozen(g)
    with pytest.raises(nx.NetworkXError):
        g.add_node("target:new")
    with pytest.raises(nx.NetworkXError):
        g.add_edge("target:museum", "motive:jihadism")
    with pytest.raises(nx.NetworkXError):
        g.remove_edge(*next(iter(g.edges())))
    with pytest.raises(nx.NetworkXError):
        g.remove_node("target:museum")


def test_graph_attributes_are_read_only(fresh: st.Taxonomy) -> None:
    g = fresh.graph
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
        g.graph.update(name="x")
    with pytest.raises(st.ImmutableError):
        g.nodes[node].update(label_en="x")
    assert fresh.term("football_stadium").label_en == "football stadium"
    assert g.nodes[node]["label_en"] == "football stadium"


def test_graph_copies_are_ordinary_and_independent(fresh: st.Taxonomy) -> None:
    mutable = fresh.graph.copy()
    mutable.nodes["target:football_stadium"]["label_en"] = "changed"
    mutable.add_node("target:new")
    mutable.remove_node("target:museum")
    assert fresh.graph.nodes["target:football_stadium"]["label_en"] == "football stadium"
    assert "target:museum" in fresh.graph and "target:new" not in fresh.graph
    deep = copy.deepcopy(fresh.graph)
    deep.nodes["target:museum"]["label_en"] = "x"
    assert fresh.graph.nodes["target:museum"]["label_en"] == "museum"
    # networkx algorithms run on the frozen graph, with the answers they give on an ordinary
    # graph built here from the relations and the broader terms
    by_hand = nx.Graph()
    by_hand.add_nodes_from(f"{t.facet}:{t.id}" for t in fresh.terms())
    by_hand.add_edges_from(
        (f"{r.subject_facet}:{r.subject}", f"{r.object_facet}:{r.object}") for r in fresh.relations()
    )
    by_hand.add_edges_from((f"{t.facet}:{t.id}", f"{t.facet}:{t.broader}") for t in fresh.terms() if t.broader)
    assert nx.number_weakly_connected_components(fresh.graph) == nx.number_connected_components(by_hand)
    assert fresh.graph.to_undirected().number_of_nodes() == fresh.graph.number_of_nodes()


def test_models_are_frozen(fresh: st.Taxonomy) -> None:
    term = fresh.term("museum")
    with pytest.raises(ValidationError):
        term.label_en = "x"  # type: ignore[misc]
    rel = fresh.relations()[0]
    with pytest.raises(ValidationError):
        rel.strength = st.Strength.PLAUSIBLE  # type: ignore[misc]
    with pytest.raises(ValidationError):
        rel.sources[0].citation = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        fresh.facets[0].label_en = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        fresh.incidents()[0].killed = 0  # type: ignore[misc]
    why = fresh.explain(next(iter(fresh.scenarios())))
    with pytest.raises(ValidationError):
        why.min_strength = st.Strength.DOCUMENTED  # type: ignore[misc]
    with pytest.raises(ValidationError):
        fresh.diffuseness().share = 0.5  # type: ignore[misc]
    assert isinstance(term.sources, tuple) and isinstance(why.requirements, tuple)


def test_returned_collections_are_immutable_or_copies(fresh: st.Taxonomy) -> None:
    for collection in (fresh.terms(), fresh.terms("target"), fresh.relations(), fresh.kinds, fresh.facets):
        assert isinstance(collection, tuple)
    with pytest.raises(TypeError):
        fresh.terms()[0] = None  # type: ignore[index]
    found = fresh.scenarios(target="museum")
    with pytest.raises(TypeError):
        found.filters["target"] = "airport"  # type: ignore[index]
    with pytest.raises(TypeError):
        fresh.diffuseness().entropy["target"] = 2.0  # type: ignore[index]
    # what is handed out as a fresh copy may be changed freely, without effect
    counts = found.count_by("motive")
    expected = dict(counts)
    counts.clear()
    assert found.count_by("motive") == expected and expected
    records = found.to_records()
    expected_records = copy.deepcopy(records)
    records[0]["target"] = "airport"
    records.clear()
    assert found.to_records() == expected_records and expected_records


def test_scenario_set_has_no_mutators(fresh: st.Taxonomy) -> None:
    found = fresh.scenarios()
    for name in ("add", "remove", "discard", "append", "update", "clear"):
        assert not hasattr(found, name)
    with pytest.raises(AttributeError):
        found.extra = 1  # type: ignore[attr-defined]


def test_module_tables_are_read_only(fresh: st.Taxonomy) -> None:
    with pytest.raises(TypeError):
        FACET_ENUMS[st.Facet.TARGET] = st.Motive  # type: ignore[index]
    with pytest.raises(TypeError):
        pps.VOCABULARIES["sector"] = st.Motive  # type: ignore[index]
    with pytest.raises(ValidationError):
        pps.cases()[0].name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        pps.cases()[0].measures[0] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        pps.coverage(pps.cases()[0], fresh).by_provider["none"] = 0  # type: ignore[index]
    with pytest.raises(ValidationError):
        crosswalk.entries()[0].terms = ()  # type: ignore[misc]
    assert FACET_ENUMS[st.Facet.TARGET] is st.TargetType and pps.VOCABULARIES["sector"] is pps.Sector
    assert pps.cases()[0].name == "Johan Cruijff ArenA"


def test_other_taxonomies_are_untouched(fresh: st.Taxonomy) -> None:
    before = len(fresh.scenarios())
    other = st.Taxonomy(
        make_bundle(
            ["a", "b"], {"a": [("x", None)], "b": [("y", None)]}, [("k", "a", "b")], [("k", "x", "y", "plausible")]
        )
    )
    assert len(other.scenarios()) == 1
    assert len(fresh.scenarios()) == before
    assert st.load() is not fresh
