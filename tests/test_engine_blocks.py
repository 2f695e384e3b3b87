"""The engine's fast paths (packed four-cycle counting, flat enumeration, blocks) against
brute force on random problems: any number of facets (2-5), any schema, any domains; and
``ScenarioSet.blocks`` and ``to_arrays`` against iteration on random taxonomies."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from conftest import RandomCase, brute_force, random_cases, scaled
from hypothesis import given, settings
from hypothesis import strategies as st_

from softtargets import engine, taxonomy


@dataclass
class Case:
    problem: engine.Problem
    domains: tuple[int, ...]
    assigned: list[int]


@st_.composite
def problems(draw: st_.DrawFn, min_facets: int = 2, max_facets: int = 5) -> Case:
    """A random problem: facet sizes, constraints (repeated pairs and both directions
    allowed), tables of any density, domains, and facets fixed to a term."""
    n = draw(st_.integers(min_facets, max_facets))
    sizes = tuple(draw(st_.lists(st_.integers(1, 9), min_size=n, max_size=n)))
    pairs = list(itertools.permutations(range(n), 2))
    chosen = draw(st_.lists(st_.sampled_from(pairs), min_size=0, max_size=6))
    if n >= 4 and draw(st_.booleans()):  # a four-cycle (the built-in schema's shape), any directions
        w, x, y, z = draw(st_.permutations(range(n)))[:4]
        cycle = [(w, x), (x, y), (y, z), (z, w)]
        chosen = [(b, a) if draw(st_.booleans()) else (a, b) for a, b in cycle] + chosen[: draw(st_.integers(0, 1))]
    density = draw(st_.sampled_from([0.2, 0.5, 0.8, 1.0]))
    constraints = []
    for a, b in chosen:
        forward = [sum(1 << j for j in range(sizes[b]) if draw(st_.floats(0, 1)) < density) for _ in range(sizes[a])]
        constraints.append(engine.Constraint.from_forward(a, b, forward, sizes[b]))
    problem = engine.Problem(sizes, tuple(constraints))
    domains = tuple(draw(st_.sampled_from([(1 << s) - 1, draw(st_.integers(0, (1 << s) - 1))])) for s in sizes)
    assigned = [draw(st_.sampled_from([-1, -1, draw(st_.integers(0, s - 1))])) for s in sizes]
    return Case(problem, domains, assigned)


def expected(case: Case) -> list[tuple[int, ...]]:
    return [
        combo
        for combo in engine.brute_force(case.problem, case.domains)
        if all(x < 0 or combo[f] == x for f, x in enumerate(case.assigned))
    ]


@contextmanager
def fast_paths_everywhere() -> Iterator[None]:
    """Take the packed and flat paths even for problems this small."""
    saved = engine.CYCLE_MIN_PAIRS
    engine.CYCLE_MIN_PAIRS = 0
    try:
        yield
    finally:
        engine.CYCLE_MIN_PAIRS = saved


@settings(max_examples=scaled(ci=600, dev=150), deadline=None)
@given(problems())
def test_count_equals_brute_force(case: Case) -> None:
    want = len(expected(case))
    assert engine.count(case.problem, case.domains, case.assigned) == want
    with fast_paths_everywhere():
        assert engine.count(case.problem, case.domains, case.assigned) == want


@settings(max_examples=scaled(ci=400, dev=100), deadline=None)
@given(problems(min_facets=4, max_facets=4))
def test_four_cycles_count_like_brute_force_in_every_orientation(case: Case) -> None:
    with fast_paths_everywhere():
        assert engine.count(case.problem, case.domains) == len(expected(Case(case.problem, case.domains, [-1] * 4)))


@settings(max_examples=scaled(ci=600, dev=150), deadline=None)
@given(problems())
def test_enumeration_equals_brute_force(case: Case) -> None:
    values = [[(f, i) for i in range(size)] for f, size in enumerate(case.problem.sizes)]
    got = [
        tuple(i for _, i in row) for row in engine.enumerate_values(case.problem, case.domains, values, case.assigned)
    ]
    want = expected(case)
    assert Counter(got) == Counter(want)


@settings(max_examples=scaled(ci=400, dev=100), deadline=None)
@given(problems())
def test_blocks_partition_the_scenarios(case: Case) -> None:
    indices = [range(size) for size in case.problem.sizes]
    got: list[tuple[int, ...]] = []
    for block in engine.value_blocks(case.problem, case.domains, indices, case.assigned):
        assert len(block) == len(case.problem.sizes) and all(block), "a block with an empty facet"
        got += itertools.product(*block)
    assert Counter(got) == Counter(expected(case)), "blocks overlap or miss scenarios"


@settings(max_examples=scaled(ci=150, dev=40), deadline=None)
@given(random_cases())
def test_scenario_set_blocks_and_arrays_agree_with_iteration(case: RandomCase) -> None:
    tax = taxonomy.Taxonomy(case.bundle)
    found = tax.scenarios(min_strength=case.min_strength, **case.filters)
    rows = [tuple(s) for s in found]
    from_blocks = [row for block in found.blocks() for row in itertools.product(*block)]
    assert Counter(from_blocks) == Counter(rows)
    arrays = found.to_arrays()
    assert list(arrays) == [f.id for f in tax.facets]
    assert all(len(column) == len(found) for column in arrays.values())
    assert Counter(zip(*arrays.values())) == Counter(rows)
    assert Counter(map(tuple, brute_force(case))) == Counter(rows)


@settings(max_examples=scaled(ci=150, dev=40), deadline=None)
@given(random_cases())
def test_a_set_counted_first_lists_the_same_scenarios(case: RandomCase) -> None:
    """len() first (as list() does): small sets keep the scenarios of the counting pass."""
    tax = taxonomy.Taxonomy(case.bundle)
    found = tax.scenarios(min_strength=case.min_strength, **case.filters)
    want = Counter(map(tuple, brute_force(case)))
    assert len(found) == sum(want.values())
    assert Counter(map(tuple, list(found))) == want
    assert Counter(map(tuple, found)) == want, "a second pass differs"
    assert bool(found) == bool(want)


@settings(max_examples=scaled(ci=400, dev=100), deadline=None)
@given(st_.integers(0, 1 << 2000), st_.integers(0, 1 << 2000))
def test_bits_of_sparse_and_dense_masks(a: int, b: int) -> None:
    for mask in (a, a | b, a & b, a | (1 << 1999) - 1):  # dense ones take the one-pass path
        assert engine.bits(mask) == [i for i in range(mask.bit_length()) if (mask >> i) & 1]
