"""Standards conformance of the graph exports: GraphML and GEXF against their published XSDs
(shipped in tests/data/xsd, see tests/data/README.md), unique ids in every graph format, and
round trips through other readers (igraph for GraphML, networkx for GEXF), on the built-in
taxonomy and on one with a fifth facet and a term id used in two facets."""

from __future__ import annotations

import json
import warnings
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pytest
from conftest import make_bundle, season_extension
from lxml import etree

import softtargets as st

DATA = Path(__file__).parent / "data"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
# the attributes the GEXF 1.2 schema allows on <graph>
GEXF_GRAPH_ATTRIBUTES = {"timeformat", "start", "startopen", "end", "endopen", "defaultedgetype", "idtype", "mode"}


def twin_extension() -> st.Extension:
    """The season extension (a fifth facet) plus a target type whose id, ``season.winter``,
    is also the id of the season: one id in two facets."""
    season = season_extension()
    winter_event = st.TermSpec(
        id="season.winter",
        facet="target",
        label_en="winter event",
        label_nl="winterevenement",
        definition="An event held in winter.",
        broader="christmas_market",
        sources=["season-note"],
    )
    return st.Extension(
        name=season.name,
        version=season.version,
        namespace=season.namespace,
        facets=season.facets,
        kinds=season.kinds,
        terms=(*season.terms, winter_event),
        relations=season.relations,
    )


def tiny() -> st.Taxonomy:
    """The taxonomy of tests/data/graph-exports-v0: ``other`` in two facets, one broader link."""
    return st.Taxonomy(
        make_bundle(
            ["target", "perpetrator", "motive", "modus_operandi"],
            {
                "target": [("other", None), ("plaza", "other")],
                "perpetrator": [("lone", None)],
                "motive": [("other", None)],
                "modus_operandi": [("knife", None)],
            },
            [("driven_by", "perpetrator", "motive"), ("threatens", "modus_operandi", "target")],
            [
                ("driven_by", "lone", "other", "plausible"),
                ("threatens", "knife", "other", "plausible"),
                ("threatens", "knife", "plaza", "plausible"),
            ],
        )
    )


@cache
def taxonomy(name: str) -> st.Taxonomy:
    return st.load() if name == "builtin" else st.load().extend(twin_extension())


TAXONOMIES = ["builtin", "twin"]


@pytest.fixture(params=TAXONOMIES)
def tax_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def expected_nodes(tax: st.Taxonomy) -> list[str]:
    return [f"{t.facet}:{t.id}" for t in tax.terms()]


def expected_edges(tax: st.Taxonomy) -> dict[str, str]:
    """Edge id -> kind, for every broader link and relation."""
    edges = {f"{t.facet}:{t.id}-broader-{t.facet}:{t.broader}": "broader" for t in tax.terms() if t.broader}
    for r in tax.relations():
        edges[f"{r.subject_facet}:{r.subject}-{r.kind}-{r.object_facet}:{r.object}"] = r.kind
    return edges


def xml(text: str) -> Any:
    return etree.fromstring(text.encode("utf-8"), etree.XMLParser(no_network=True, resolve_entities=False))


@cache
def schema(name: str) -> etree.XMLSchema:
    # the imports name local files (xlink.xsd, viz.xsd): nothing is fetched
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(DATA / "xsd" / name), parser))


def test_the_twin_extension_has_one_id_in_two_facets() -> None:
    tax = taxonomy("twin")
    assert len(tax.facets) == 5
    assert {t.facet for t in tax.terms() if t.id == "season.winter"} == {"target", "season.time"}


# --- the published schemas ---


@pytest.mark.parametrize(("fmt", "xsd"), [("graphml", "graphml.xsd"), ("gexf", "gexf.xsd")])
def test_export_is_valid_against_the_xsd(tax_name: str, fmt: str, xsd: str) -> None:
    validator = schema(xsd)
    valid = validator.validate(xml(taxonomy(tax_name).export(fmt)))
    assert valid, [f"line {e.line}: {e.message}" for e in validator.error_log][:5]


def test_the_schemas_catch_what_they_are_here_for() -> None:
    """The shipped XSDs are not too lax: they refuse a repeated GraphML edge id and a
    ``name`` on GEXF's <graph>, the two defects of the earlier exports."""
    text = taxonomy("builtin").export("graphml")
    first = xml(text).find(f"{GRAPHML}graph/{GRAPHML}edge").get("id")
    doubled = xml(text)
    for edge in doubled.iter(f"{GRAPHML}edge"):
        edge.set("id", first)
    assert not schema("graphml.xsd").validate(doubled)
    named = xml(taxonomy("builtin").export("gexf"))
    named.find(f"{GEXF}graph").set("name", "")
    assert not schema("gexf.xsd").validate(named)


# --- ids: unique, stable, "<facet>:<id>" for nodes (no schema needed) ---


def graph_ids(fmt: str, text: str) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """The node ids and the edge ids (-> source, target) of an export."""
    if fmt == "node-link":
        data = json.loads(text)
        return [n["id"] for n in data["nodes"]], {e["key"]: (e["source"], e["target"]) for e in data["edges"]}
    ns = GRAPHML if fmt == "graphml" else GEXF
    root = xml(text)
    nodes = [n.get("id") for n in root.iter(f"{ns}node")]
    edges = [(e.get("id"), e.get("source"), e.get("target")) for e in root.iter(f"{ns}edge")]
    ids = [e[0] for e in edges]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1][:3]
    return nodes, {i: (s, t) for i, s, t in edges}


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "node-link"])
def test_node_and_edge_ids_are_unique_and_stable(tax_name: str, fmt: str) -> None:
    tax = taxonomy(tax_name)
    nodes, edges = graph_ids(fmt, tax.export(fmt))
    assert len(set(nodes)) == len(nodes), [i for i, n in Counter(nodes).items() if n > 1][:3]
    assert nodes == expected_nodes(tax)  # "<facet>:<id>", in the data's order
    assert set(edges) == set(expected_edges(tax))
    for ident, (source, target) in edges.items():
        assert ident.startswith(f"{source}-") and ident.endswith(f"-{target}")
    assert tax.export(fmt) == tax.export(fmt)


def test_edge_ids_of_the_built_in_taxonomy() -> None:
    _, edges = graph_ids("graphml", taxonomy("builtin").export("graphml"))
    assert "modus_operandi:firearms-threatens-target:museum" in edges
    assert edges["target:shopping_centre-broader-target:shopping_area"] == (
        "target:shopping_centre",
        "target:shopping_area",
    )


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "node-link"])
def test_no_attribute_is_named_id(fmt: str) -> None:
    """The term id is ``term_id``: igraph reads GraphML node ids into an ``id`` attribute,
    networkx takes an ``id`` attribute for the node id in GEXF and node-link."""
    text = taxonomy("twin").export(fmt)
    if fmt == "node-link":
        nodes = json.loads(text)["nodes"]
        assert all(set(n) >= {"id", "term_id", "facet"} and "node" not in n for n in nodes)
        assert all(n["id"] == f"{n['facet']}:{n['term_id']}" for n in nodes)
        return
    root = xml(text)
    if fmt == "graphml":
        names = [k.get("attr.name") for k in root.iter(f"{GRAPHML}key")]
    else:
        names = [a.get("title") for a in root.iter(f"{GEXF}attribute")]
    assert "id" not in names and "term_id" in names


def test_gexf_graph_element_has_only_schema_attributes_and_meta_describes_the_file() -> None:
    root = xml(taxonomy("twin").export("gexf"))
    assert set(root.find(f"{GEXF}graph").attrib) <= GEXF_GRAPH_ATTRIBUTES
    assert root.findtext(f"{GEXF}meta/{GEXF}creator") == "softtargets"
    assert "season 1" in root.findtext(f"{GEXF}meta/{GEXF}description")


# --- other readers ---


def test_igraph_reads_the_graphml(tax_name: str, tmp_path: Path) -> None:
    tax = taxonomy(tax_name)
    path = tmp_path / "taxonomy.graphml"
    tax.export("graphml", path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = igraph.Graph.Read_GraphML(str(path))
    assert not [str(w.message) for w in caught]  # e.g. "Could not add vertex ids" when "id" is taken
    assert graph.is_directed()
    assert graph.vcount() == len(tax.terms())
    assert graph.vs["id"] == expected_nodes(tax)  # igraph keeps GraphML node ids in "id"
    assert graph.vs["term_id"] == [t.id for t in tax.terms()]
    assert graph.vs["facet"] == [t.facet for t in tax.terms()]
    assert graph.vs["label_en"] == [t.label_en for t in tax.terms()]
    # igraph 1.0 fills the edge "id" attribute with vertex ids, so edges are checked by kind
    assert graph.ecount() == len(expected_edges(tax))
    assert Counter(graph.es["kind"]) == Counter(expected_edges(tax).values())
    ends = {(graph.vs[e.source]["id"], graph.vs[e.target]["id"], e["kind"]) for e in graph.es}
    assert ends == {(*i.split(f"-{k}-"), k) for i, k in expected_edges(tax).items()}


def test_networkx_reads_the_gexf_without_merging_nodes(tax_name: str, tmp_path: Path) -> None:
    tax = taxonomy(tax_name)
    path = tmp_path / "taxonomy.gexf"
    tax.export("gexf", path)
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == len(tax.terms())
    assert list(graph.nodes) == expected_nodes(tax)
    assert [graph.nodes[n]["term_id"] for n in graph.nodes] == [t.id for t in tax.terms()]
    assert graph.number_of_edges() == len(expected_edges(tax))
    kinds = {data["id"]: data["kind"] for _, _, data in graph.edges(data=True)}
    assert kinds == expected_edges(tax)
    if tax_name == "twin":
        assert graph.nodes["target:season.winter"]["facet"] == "target"
        assert graph.nodes["season.time:season.winter"]["facet"] == "season.time"


# --- reading back ---


@pytest.mark.parametrize("fmt", ["graphml", "node-link"])
def test_the_twin_taxonomy_reads_back_equal(fmt: str) -> None:
    tax = taxonomy("twin")
    back = st.read(tax.export(fmt), fmt)
    assert back == tax
    assert {t.facet for t in back.terms() if t.id == "season.winter"} == {"target", "season.time"}


@pytest.mark.parametrize(("fmt", "name"), [("graphml", "tiny.graphml"), ("node-link", "tiny.node-link.json")])
def test_exports_in_the_earlier_layout_still_read(fmt: str, name: str) -> None:
    path = DATA / "graph-exports-v0" / name
    assert '"node"' in path.read_text(encoding="utf-8") or 'attr.name="id"' in path.read_text(encoding="utf-8")
    assert st.read(path, fmt) == tiny()


@pytest.mark.parametrize("fmt", ["graphml", "node-link"])
def test_tiny_taxonomy_round_trips_in_the_new_layout(fmt: str) -> None:
    tax = tiny()
    assert st.read(tax.export(fmt), fmt) == tax
