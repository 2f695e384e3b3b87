"""Data documents: every problem is reported at once, with its file and path."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import make_bundle

import softtargets as st
from softtargets.loader import parse_bundle

SOURCES = {"source": [{"id": "s1", "kind": "guidance", "citation": "Some guidance."}]}
SCHEMA = {
    "facet": [
        {"id": "a", "label_en": "a", "label_nl": "a", "definition": "A.", "sources": ["s1"]},
        {"id": "b", "label_en": "b", "label_nl": "b", "definition": "B.", "sources": ["s1"]},
    ],
    "kind": [
        {
            "id": "k",
            "subject": "a",
            "object": "b",
            "label_en": "k",
            "label_nl": "k",
            "definition": "K.",
            "sources": ["s1"],
        }
    ],
}


def term(facet: str, term_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": term_id,
        "facet": facet,
        "label_en": f"{term_id} en",
        "label_nl": f"{term_id} nl",
        "definition": "A term.",
        "sources": ["s1"],
        **extra,
    }


def test_load_is_cached(tax: st.Taxonomy) -> None:
    assert st.load() is tax
    assert st.load(plugins=False) is tax


def test_a_valid_document_loads() -> None:
    terms = {"term": [term("a", "x"), term("b", "y")]}
    rels = {
        "relation": [
            {"kind": "k", "subject": "x", "object": "y", "strength": "plausible", "sources": ["s1"], "note": "Because."}
        ]
    }
    bundle = parse_bundle(
        [("sources.toml", SOURCES), ("schema.toml", SCHEMA), ("terms.toml", terms), ("relations.toml", rels)]
    )
    tax = st.Taxonomy(bundle)
    assert list(tax.scenarios()) == [("x", "y")]
    assert tax.relations()[0].subject_facet == "a"


def test_every_problem_is_listed_with_its_location() -> None:
    terms = {
        "term": [
            term("a", "x", label_nl=""),  # empty label
            term("a", "Bad Id"),  # id pattern
            term("b", "y", sources=["nope"]),  # unknown source
            {"id": "z", "facet": "b", "label_en": "z"},  # missing fields
        ]
    }
    rels = {
        "relation": [
            {"kind": "k", "subject": "x", "object": "y", "strength": "certain", "sources": ["s1"], "note": "n"},
            {"kind": "hates", "subject": "x", "object": "y", "strength": "plausible", "sources": ["s1"], "note": "n"},
        ]
    }
    with pytest.raises(st.DataError) as info:
        parse_bundle(
            [("sources.toml", SOURCES), ("schema.toml", SCHEMA), ("terms.toml", terms), ("relations.toml", rels)]
        )
    err = info.value
    assert isinstance(err, ValueError)
    text = str(err)
    assert "terms.toml: term[0].label_nl" in text
    assert "terms.toml: term[1].id" in text
    assert "terms.toml: term[2].sources[0]: unknown source id 'nope'" in text
    assert "terms.toml: term[3].label_nl" in text and "terms.toml: term[3].definition" in text
    assert "relations.toml: relation[0].strength" in text
    assert "relations.toml: relation[1].kind: unknown relation kind 'hates'; valid: k" in text
    assert len(err.problems) >= 7


def test_duplicate_source_ids_are_rejected() -> None:
    with pytest.raises(st.DataError, match="duplicate source id 's1'"):
        parse_bundle([("a.toml", SOURCES), ("b.toml", SOURCES)])


def test_wrong_container_type() -> None:
    with pytest.raises(st.DataError, match="expected an array of tables"):
        parse_bundle([("terms.toml", {"term": {"id": "x"}})])


def test_integrity_problems_are_listed_together() -> None:
    bundle = make_bundle(
        ["a", "b"],
        {"a": [("x", "w"), ("w", "x"), ("v", "nope")], "b": [("y", None), ("y", None)]},
        [("k", "a", "b")],
        [("k", "x", "y", "plausible"), ("k", "x", "y", "documented"), ("k", "y", "x", "plausible")],
    )
    with pytest.raises(st.DataError) as info:
        st.Taxonomy(bundle)
    text = str(info.value)
    assert "cycle" in text
    assert "term[2].broader: unknown term 'nope' in facet 'a'" in text
    assert "term[4].id: term 'y' is defined twice in facet 'b': also by the term labelled 'b y en'" in text
    assert "relation[2].subject: 'y' is not a a term" in text
    assert "relation[1]: relation x k y is defined more than once" in text
    assert [p.loc for p in info.value.problems if "cycle" in p.message] == [
        ("term", 0, "broader"),
        ("term", 1, "broader"),
    ]


def test_labels_must_identify_one_term_per_facet() -> None:
    bundle = make_bundle(["a", "b"], {"a": [("x", None)], "b": [("y", None)]}, [("k", "a", "b")], [])
    terms = list(bundle.terms)
    terms[0] = terms[0].model_copy(update={"alt_labels_en": ("shared",)})
    terms.append(
        st.Term(id="w", facet="a", label_en="Shared", label_nl="w nl", definition="W.", sources=terms[0].sources)
    )
    from softtargets.loader import Bundle

    with pytest.raises(st.DataError, match="also names term"):
        st.Taxonomy(Bundle(bundle.sources, bundle.facets, bundle.kinds, tuple(terms), bundle.relations))


def test_relation_kind_must_link_two_facets() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        st.RelationKind(
            id="k",
            subject="a",
            object="a",
            label_en="k",
            label_nl="k",
            definition="K.",
            sources=(st.Source(id="s", kind="guidance", citation="c"),),
        )


def test_source_urls_must_be_http() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        st.Source(id="s", kind="incident", citation="c", url="javascript:alert(1)")
