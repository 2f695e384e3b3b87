"""The engine's batch paths against plain per-item references: compiling relations through
byte matrices (any order of relations, hierarchies, strengths, unknown terms), transposing
bit matrices as text, and counting four-cycles by packed sums with fields of any width."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager

import pytest
from conftest import RandomCase, brute_force, random_cases, scaled
from hypothesis import given, settings
from hypothesis import strategies as st_

import softtargets as st
from softtargets import compile as compile_module
from softtargets import engine
from softtargets.index import TermIndex
from softtargets.models import Relation, RelationKind, Strength


def reference_compile(
    index: TermIndex, kinds: Sequence[RelationKind], relations: Sequence[Relation], min_strength: Strength
) -> list[tuple[int, int, tuple[int, ...], tuple[int, ...]]]:
    """A step per relation and per bit: what the batch compile must equal."""
    out = []
    for kind in kinds:
        a, b = index.position(kind.subject), index.position(kind.object)
        size_a, size_b = len(index.terms(a)), len(index.terms(b))
        forward = [0] * size_a
        for rel in relations:
            if rel.kind == kind.id and rel.strength.rank >= min_strength.rank:
                i, j = index.number(a, rel.subject), index.number(b, rel.object)
                if i is not None and j is not None:
                    for x in range(size_a):
                        if i in index.up(a, x):
                            forward[x] |= index.below(b, j)
        backward = [sum(1 << i for i in range(size_a) if (forward[i] >> j) & 1) for j in range(size_b)]
        out.append((a, b, tuple(forward), tuple(backward)))
    return out


@contextmanager
def patched(module: object, **values: object) -> Iterator[None]:
    """The module's names set to ``values`` inside the block (usable inside hypothesis tests,
    where the function-scoped monkeypatch fixture is not)."""
    with pytest.MonkeyPatch.context() as mp:
        for name, value in values.items():
            mp.setattr(module, name, value)
        yield


def small_limits() -> AbstractContextManager[None]:
    """Compile through the sparse path (a step per relation), and transpose in tiny chunks."""
    return patched(compile_module, _CELLS=0, _TEXT_CELLS=3)


@settings(max_examples=scaled(ci=300, dev=80), deadline=None)
@given(random_cases(), st_.randoms(use_true_random=False), st_.booleans())
def test_compile_equals_a_step_per_relation(case: RandomCase, rng: random.Random, tiny: bool) -> None:
    tax = st.Taxonomy(case.bundle)
    relations = list(tax.relations())
    rng.shuffle(relations)  # kinds interleaved: the selection path, not the slice
    index = TermIndex(tax.facets, tax.terms())
    strength = Strength(case.min_strength)
    for rels in (relations, sorted(relations, key=lambda r: r.kind)):
        if tiny:
            with small_limits():
                problem = compile_module.compile_problem(index, tax.kinds, rels, strength)
        else:
            problem = compile_module.compile_problem(index, tax.kinds, rels, strength)
        got = [(c.a, c.b, c.forward, c.backward) for c in problem.constraints]
        assert got == reference_compile(index, tax.kinds, rels, strength)


def test_compile_leaves_out_relations_to_unknown_terms() -> None:
    tax = st.load()
    index = TermIndex(tax.facets, tax.terms())
    relations = list(tax.relations())
    stray = relations[0].model_copy(update={"object": "no_such_term"})
    got = compile_module.compile_problem(index, tax.kinds, [*relations, stray], Strength.PLAUSIBLE)
    want = compile_module.compile_problem(index, tax.kinds, relations, Strength.PLAUSIBLE)
    assert got.constraints == want.constraints


@settings(max_examples=scaled(ci=300, dev=100), deadline=None)
@given(
    st_.integers(0, 40),
    st_.integers(0, 70),
    st_.sampled_from([0.0, 0.01, 0.3, 0.9, 1.0]),
    st_.randoms(use_true_random=False),
    st_.booleans(),
)
def test_transpose_equals_a_step_per_bit(rows: int, width: int, density: float, rng: random.Random, tiny: bool) -> None:
    matrix = [sum(1 << j for j in range(width) if rng.random() < density) for _ in range(rows)]
    want = [sum(1 << i for i in range(rows) if (matrix[i] >> j) & 1) for j in range(width)]
    if tiny:
        with small_limits():
            assert compile_module.transpose(matrix, width) == want
    else:
        assert compile_module.transpose(matrix, width) == want
    assert compile_module.transpose(want, rows) == matrix


def _constraint(rng: random.Random, a: int, b: int, sizes: Sequence[int], density: float) -> engine.Constraint:
    forward = [sum(1 << j for j in range(sizes[b]) if rng.random() < density) for _ in range(sizes[a])]
    return engine.Constraint.from_forward(a, b, forward, sizes[b])


def four_cycle(sizes: Sequence[int], densities: Sequence[float], seed: int) -> engine.Problem:
    rng = random.Random(seed)
    pairs = ((0, 1), (1, 2), (3, 2), (0, 3))  # a cycle 0-1-2-3-0, mixed directions
    constraints = [_constraint(rng, a, b, sizes, densities[n]) for n, (a, b) in enumerate(pairs)]
    return engine.Problem(tuple(sizes), tuple(constraints))


def cycle_threshold(pairs: int) -> AbstractContextManager[None]:
    return patched(engine, CYCLE_MIN_PAIRS=pairs)


@settings(max_examples=scaled(ci=60, dev=15), deadline=None)
@given(
    st_.lists(st_.integers(1, 300), min_size=4, max_size=4),
    st_.lists(st_.sampled_from([0.02, 0.3, 0.95, 1.0]), min_size=4, max_size=4),
    st_.integers(0, 2**32),
    st_.booleans(),
)
def test_packed_four_cycle_count_equals_branching(
    sizes: list[int], densities: list[float], seed: int, sub: bool
) -> None:
    """Fields wider than a byte (terms related to more than 255 others) and sparse rows too."""
    problem = four_cycle(sizes, densities, seed)
    rng = random.Random(seed)
    domains = [problem.full(f) if not sub else rng.getrandbits(size) for f, size in enumerate(sizes)]
    with cycle_threshold(1 << 62):
        want = engine.count(problem, domains)
    with cycle_threshold(0):
        assert engine.count(problem, domains) == want


def star(sizes: Sequence[int], densities: Sequence[float], seed: int) -> engine.Problem:
    """Facet 0 related to every other facet (in either direction): a star around it."""
    rng = random.Random(seed)
    constraints = []
    for g in range(1, len(sizes)):
        a, b = (0, g) if rng.random() < 0.5 else (g, 0)
        constraints.append(_constraint(rng, a, b, sizes, densities[g - 1]))
    return engine.Problem(tuple(sizes), tuple(constraints))


def star_text(cells: int) -> AbstractContextManager[None]:
    return patched(engine, _TEXT_CELLS=cells)


@settings(max_examples=scaled(ci=150, dev=40), deadline=None)
@given(
    st_.lists(st_.integers(1, 80), min_size=2, max_size=4),
    st_.lists(st_.sampled_from([0.01, 0.1, 0.5, 1.0]), min_size=3, max_size=3),
    st_.integers(0, 2**32),
    st_.booleans(),
)
def test_star_blocks_from_text_equal_the_masks(sizes: list[int], densities: list[float], seed: int, sub: bool) -> None:
    """Stars wide enough for the text path (many candidates of the centre), against the
    mask path on the same problem, the count, and brute force where it is cheap."""
    problem = star(sizes, densities, seed)
    rng = random.Random(seed)
    domains = [problem.full(f) if not sub else rng.getrandbits(size) for f, size in enumerate(sizes)]
    indices = [range(size) for size in sizes]
    with star_text(1 << 22):
        got = list(engine.enumerate_values(problem, domains, indices))
    with star_text(0):
        assert list(engine.enumerate_values(problem, domains, indices)) == got  # the same order, too
    assert len(set(got)) == len(got) == engine.count(problem, domains)
    if len(got) <= 20_000 and math.prod(sizes) <= 50_000:
        assert sorted(got) == list(engine.brute_force(problem, domains))


@settings(max_examples=scaled(ci=150, dev=40), deadline=None)
@given(random_cases())
def test_len_and_iteration_agree_in_any_order(case: RandomCase) -> None:
    """A small set keeps its blocks for whichever of len() and iteration comes second."""
    tax = st.Taxonomy(case.bundle)

    def fresh() -> st.ScenarioSet:
        return tax.scenarios(min_strength=case.min_strength, **case.filters)

    listed = list(fresh())
    first_len = fresh()
    n = len(first_len)
    assert list(first_len) == listed and len(first_len) == n == len(listed)
    first_iter = fresh()
    assert list(iter(first_iter)) == listed and len(first_iter) == n and list(first_iter) == listed
    assert bool(fresh()) == (n > 0)
    assert n == sum(1 for _ in brute_force(case))


def test_star_blocks_with_more_candidates_than_a_byte_numbers() -> None:
    """More than 255 candidates of a leaf: the text holds 0/1 and compress picks them."""
    for seed in range(3):
        problem = star([40, 300, 270], [0.5, 0.2, 0.5], seed)
        domains = [problem.full(f) for f in range(3)]
        indices = [range(size) for size in problem.sizes]
        with star_text(1 << 22):
            got = list(engine.enumerate_values(problem, domains, indices))
        with star_text(0):
            assert list(engine.enumerate_values(problem, domains, indices)) == got
        assert len(set(got)) == len(got) == engine.count(problem, domains) > 0
