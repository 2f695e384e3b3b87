"""The engine against brute-force enumeration on random taxonomies, schemas and hierarchies."""

from __future__ import annotations

from collections import Counter

from conftest import RandomCase, brute_force, make_bundle, random_cases, scaled
from hypothesis import given, settings

import softtargets as st
from softtargets import engine


@settings(max_examples=scaled(ci=300, dev=100), deadline=None)
@given(random_cases())
def test_engine_equals_brute_force(case: RandomCase) -> None:
    tax = st.Taxonomy(case.bundle)
    found = tax.scenarios(min_strength=case.min_strength, **case.filters)
    expected = brute_force(case)
    got = [tuple(s) for s in found]
    assert sorted(got) == sorted(expected)
    assert len(got) == len(set(got)), "the engine yielded a scenario twice"
    assert len(found) == len(expected)


@settings(max_examples=scaled(ci=150, dev=50), deadline=None)
@given(random_cases())
def test_count_by_and_membership_agree_with_brute_force(case: RandomCase) -> None:
    tax = st.Taxonomy(case.bundle)
    found = tax.scenarios(min_strength=case.min_strength, **case.filters)
    expected = brute_force(case)
    for n, info in enumerate(tax.facets):
        counts = found.count_by(info.id)
        assert {k: v for k, v in counts.items() if v} == dict(Counter(c[n] for c in expected))
    for combo in expected[:20]:
        assert combo in found
        assert tax.is_plausible(combo, case.min_strength)
        assert tax.explain(combo, case.min_strength).plausible


@settings(max_examples=scaled(ci=100, dev=40), deadline=None)
@given(random_cases(builtin_facets=True))
def test_builtin_shaped_schemas_yield_scenarios(case: RandomCase) -> None:
    tax = st.Taxonomy(case.bundle)
    found = tax.scenarios(min_strength=case.min_strength, **case.filters)
    for scenario in found:
        assert isinstance(scenario, st.Scenario)
        assert scenario.target == scenario[0]
    assert sorted(map(tuple, found)) == sorted(brute_force(case))


def test_the_helpers_on_a_case_computed_by_hand() -> None:
    """make_bundle and brute_force, which the random tests rely on, on a case small enough to
    work out by hand: facet a has x and its narrower xx, facet b has y and z; k relates x to y."""
    bundle = make_bundle(
        ["a", "b"],
        {"a": [("x", None), ("xx", "x")], "b": [("y", None), ("z", None)]},
        [("k", "a", "b")],
        [("k", "x", "y", "plausible")],
    )
    tax = st.Taxonomy(bundle)
    assert [f.id for f in tax.facets] == ["a", "b"]
    assert tax.term("a xx en").id == "xx" and tax.term("b z nl").facet == "b"
    assert [t.id for t in tax.ancestors("xx")] == ["x"]
    expected = [("x", "y"), ("xx", "y")]  # xx inherits the relation of x; z is related to nothing
    assert sorted(map(tuple, tax.scenarios())) == expected
    assert sorted(brute_force(RandomCase(bundle, {"a": None, "b": None}, "plausible"))) == expected
    assert brute_force(RandomCase(bundle, {"a": ["xx"], "b": None}, "plausible")) == [("xx", "y")]
    assert brute_force(RandomCase(bundle, {"a": None, "b": None}, "documented")) == []
    # without relation kinds, every combination is a scenario
    free = make_bundle(["a", "b"], {"a": [("x", None)], "b": [("y", None), ("z", None)]}, [], [])
    assert sorted(map(tuple, st.Taxonomy(free).scenarios())) == [("x", "y"), ("x", "z")]


def test_bits() -> None:
    assert engine.bits(0) == []
    assert engine.bits(0b101001) == [0, 3, 5]
    assert engine.bits(1 << 700) == [700]


def test_problem_rejects_a_self_constraint() -> None:
    import pytest

    with pytest.raises(ValueError):
        engine.Problem((2,), (engine.Constraint(0, 0, (1, 1), (1, 1)),))


def test_count_and_enumerate_agree_on_a_dense_cycle() -> None:
    # four facets in a cycle (the built-in schema's shape), everything related
    import random

    rng = random.Random(7)
    n = 12
    sizes = (n, n, n, n)
    cons = []
    for a, b in ((1, 2), (1, 3), (2, 0), (3, 0)):
        forward = [sum(1 << j for j in range(n) if rng.random() < 0.4) for _ in range(n)]
        cons.append(engine.Constraint.from_forward(a, b, forward, n))
    problem = engine.Problem(sizes, tuple(cons))
    full = tuple((1 << n) - 1 for _ in sizes)
    values = [list(range(n))] * 4
    got = sorted(engine.enumerate_values(problem, full, values))
    assert got == sorted(engine.brute_force(problem, full))
    assert engine.count(problem, full) == len(got)
