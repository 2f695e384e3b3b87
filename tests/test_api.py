"""The smaller public names: sources, strengths, reprs, the lazy top-level namespace."""

from __future__ import annotations

import subprocess
import sys

import pytest

import softtargets as st


def test_public_namespace_is_documented() -> None:
    for name in st.__all__:
        obj = getattr(st, name)
        assert obj.__doc__, f"st.{name} has no docstring"
    assert sorted(dir(st)) == sorted(
        [
            *st.__all__,
            "analytics",
            "assess",
            "circumstances",
            "crosswalk",
            "display",
            "frames",
            "gtd",
            "interop",
            "plot",
            "pps",
        ]
    )
    with pytest.raises(AttributeError):
        st.no_such_name  # noqa: B018


def test_import_does_not_load_pydantic_or_networkx() -> None:
    code = "import sys, softtargets; print('pydantic' in sys.modules, 'networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_submodules_are_reachable_after_a_plain_import() -> None:
    code = "import softtargets as st; st.display.set_language('nl'); print(st.frames.__name__, st.plot.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["softtargets.frames", "softtargets.plot"]


def test_strength_order() -> None:
    assert st.Strength.DOCUMENTED.rank > st.Strength.PLAUSIBLE.rank


def test_sources(tax: st.Taxonomy) -> None:
    kinds = {s.kind for s in tax.sources()}
    assert kinds == set(st.SourceKind) - {st.SourceKind.CONTEXT}  # context: partnerships only
    summary = tax.source("study-summary")
    assert summary.kind is st.SourceKind.STUDY and summary.url
    with pytest.raises(st.UnknownTermError, match="study-summary"):
        tax.source("study-sumary")


def test_facets_and_kinds(tax: st.Taxonomy) -> None:
    assert [f.id for f in tax.facets] == [f.value for f in st.Facet]
    assert tax.facets[0].label("nl") == "type doelwit"
    assert {k.id for k in tax.kinds} == {"driven_by", "capable_of", "selects", "threatens"}


def test_term_alt_labels_and_str(tax: st.Taxonomy) -> None:
    term = tax.term("football_stadium")
    assert term.alt_labels("en") == term.alt_labels_en
    assert str(term) == "football_stadium (football stadium / voetbalstadion)"
    assert "sources" not in repr(term)


def test_scenario_set_repr_and_bool(tax: st.Taxonomy) -> None:
    found = tax.scenarios(target="museum")
    assert bool(found)
    assert "ScenarioSet" in repr(found) and "museum" in repr(found)
    assert found.taxonomy is tax and found.min_strength is st.Strength.PLAUSIBLE
    assert found.filters == {"target": "museum"}
    assert hash(found) == hash(tax.scenarios(target="museum"))


def test_explanation_serialises(tax: st.Taxonomy) -> None:
    why = tax.explain(("christmas_market", "lone_actor", "jihadism", "vehicle_ramming"))
    data = why.model_dump(mode="json")
    assert data["scenario"] == ["christmas_market", "lone_actor", "jihadism", "vehicle_ramming"]
    assert len(why.supporting) == sum(len(r.relations) for r in why.requirements)


def test_diffuseness_serialises(tax: st.Taxonomy) -> None:
    d = tax.diffuseness(target="museum")
    data = d.model_dump(mode="json")
    assert data["scenarios"] == d.scenarios and data["entropy"]["target"] == 0.0
    assert "combinations" in str(d)


def test_models_round_trip_json(tax: st.Taxonomy) -> None:
    for term in tax.terms():
        assert st.Term.model_validate_json(term.model_dump_json()) == term
    for rel in tax.relations():
        assert st.Relation.model_validate_json(rel.model_dump_json()) == rel
