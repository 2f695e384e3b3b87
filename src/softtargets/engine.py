"""The scenario engine: counting and enumerating the combinations that satisfy a relation schema.

The engine knows nothing about targets or motives. A ``Problem`` has one domain per facet
(terms numbered 0..n-1) and binary constraints between facets, each a table of per-term
bitsets (Python ints). A scenario picks one term per facet such that every constraint holds.

Both ``count`` and ``enumerate_values`` work by conditioning: pick the facet that touches
the most unassigned constraints, branch over its candidates (intersections of bitsets),
and stop branching as soon as the remaining facets are mutually unconstrained: then their
candidate sets multiply (``count``) or form a Cartesian product (enumeration). Counting
also splits the unassigned facets into independent components. The work therefore follows
the answer and the relations, not the full Cartesian product.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import TypeVar

__all__ = ["Constraint", "Problem", "bits", "brute_force", "count", "enumerate_values", "holds"]

T = TypeVar("T")


def bits(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, in increasing order."""
    out: list[int] = []
    append = out.append
    while mask:
        low = mask & -mask
        append(low.bit_length() - 1)
        mask ^= low
    return out


@dataclass(frozen=True, slots=True)
class Constraint:
    """Facet ``a`` and facet ``b`` must be related: ``forward[i]`` is the bitset of the
    terms of ``b`` related to term ``i`` of ``a``; ``backward`` is its transpose."""

    a: int
    b: int
    forward: tuple[int, ...]
    backward: tuple[int, ...]

    @classmethod
    def from_forward(cls, a: int, b: int, forward: Sequence[int], size_b: int) -> Constraint:
        """Build the constraint, computing the transposed table."""
        backward = [0] * size_b
        for i, row in enumerate(forward):
            bit = 1 << i
            for j in bits(row):
                backward[j] |= bit
        return cls(a, b, tuple(forward), tuple(backward))


@dataclass(frozen=True, slots=True)
class Problem:
    """Facet sizes and the constraints between facets."""

    sizes: tuple[int, ...]
    constraints: tuple[Constraint, ...]
    # rows[f][g]: the AND of all tables from facet f to facet g (absent: unconstrained)
    rows: tuple[dict[int, tuple[int, ...]], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rows: list[dict[int, tuple[int, ...]]] = [{} for _ in self.sizes]
        for c in self.constraints:
            if c.a == c.b:
                raise ValueError("a constraint must link two different facets")
            for f, g, table in ((c.a, c.b, c.forward), (c.b, c.a, c.backward)):
                old = rows[f].get(g)
                rows[f][g] = table if old is None else tuple(x & y for x, y in zip(old, table))
        object.__setattr__(self, "rows", tuple(rows))

    def full(self, f: int) -> int:
        """The bitset of every term of facet ``f``."""
        return (1 << self.sizes[f]) - 1


def holds(problem: Problem, assignment: Sequence[int]) -> bool:
    """True when a complete assignment (one term index per facet) meets every constraint."""
    return all((c.forward[assignment[c.a]] >> assignment[c.b]) & 1 for c in problem.constraints)


def _candidates(problem: Problem, f: int, domains: Sequence[int], assigned: Sequence[int]) -> int:
    mask = domains[f]
    rows = problem.rows
    for g in rows[f]:
        x = assigned[g]
        if x >= 0:
            mask &= rows[g][f][x]
    return mask


def _independent(problem: Problem, facets: frozenset[int]) -> bool:
    return all(not (problem.rows[f].keys() & facets) for f in facets)


def _pivot(problem: Problem, facets: frozenset[int], cand: dict[int, int]) -> int:
    return max(
        sorted(facets),
        key=lambda f: (len(problem.rows[f].keys() & facets), -cand[f].bit_count()),
    )


def _components(problem: Problem, facets: frozenset[int]) -> list[frozenset[int]]:
    left = set(facets)
    out: list[frozenset[int]] = []
    while left:
        stack = [left.pop()]
        comp = set(stack)
        while stack:
            f = stack.pop()
            for g in problem.rows[f].keys() & left:
                left.discard(g)
                comp.add(g)
                stack.append(g)
        out.append(frozenset(comp))
    return out


def _consistent(problem: Problem, domains: Sequence[int], assigned: Sequence[int]) -> bool:
    for f, x in enumerate(assigned):
        if x >= 0 and not (domains[f] >> x) & 1:
            return False
    for c in problem.constraints:
        xa, xb = assigned[c.a], assigned[c.b]
        if xa >= 0 and xb >= 0 and not (c.forward[xa] >> xb) & 1:
            return False
    return True


def count(problem: Problem, domains: Sequence[int], assigned: Sequence[int] | None = None) -> int:
    """The number of scenarios within ``domains`` (one bitset per facet), without enumerating.

    ``assigned`` optionally fixes facets to a term index (-1 leaves a facet free).
    """
    fixed = list(assigned) if assigned is not None else [-1] * len(problem.sizes)
    if not _consistent(problem, domains, fixed):
        return 0
    free = frozenset(f for f, x in enumerate(fixed) if x < 0)
    return _count(problem, domains, fixed, free)


def _count(problem: Problem, domains: Sequence[int], assigned: list[int], free: frozenset[int]) -> int:
    cand = {f: _candidates(problem, f, domains, assigned) for f in free}
    if not all(cand.values()):
        return 0
    total = 1
    for comp in _components(problem, free):
        if len(comp) == 1:
            (f,) = comp
            total *= cand[f].bit_count()
        else:
            total *= _count_component(problem, domains, assigned, comp, cand)
        if not total:
            return 0
    return total


def _count_component(
    problem: Problem,
    domains: Sequence[int],
    assigned: list[int],
    comp: frozenset[int],
    cand: dict[int, int],
) -> int:
    pivot = _pivot(problem, comp, cand)
    rest = comp - {pivot}
    xs = bits(cand[pivot])
    if _independent(problem, rest):
        # A star around the pivot: every other facet depends on the pivot only.
        leaves = [(cand[g], problem.rows[pivot][g]) for g in sorted(rest)]
        if len(leaves) == 1:
            ((c1, r1),) = leaves
            return sum((c1 & r1[x]).bit_count() for x in xs)
        if len(leaves) == 2:
            (c1, r1), (c2, r2) = leaves
            return sum((c1 & r1[x]).bit_count() * (c2 & r2[x]).bit_count() for x in xs)
        total = 0
        for x in xs:
            term = 1
            for c, r in leaves:
                term *= (c & r[x]).bit_count()
                if not term:
                    break
            total += term
        return total
    total = 0
    for x in xs:
        assigned[pivot] = x
        total += _count(problem, domains, assigned, rest)
    assigned[pivot] = -1
    return total


def enumerate_values(
    problem: Problem,
    domains: Sequence[int],
    values: Sequence[Sequence[T]],
    assigned: Sequence[int] | None = None,
) -> Iterator[tuple[T, ...]]:
    """Yield every scenario within ``domains`` as a tuple of ``values[f][index]``, lazily.

    Memory stays bounded by the depth of the search and one Cartesian block at a time.
    """
    fixed = list(assigned) if assigned is not None else [-1] * len(problem.sizes)
    if not _consistent(problem, domains, fixed):
        return iter(())
    free = frozenset(f for f, x in enumerate(fixed) if x < 0)
    return _enumerate(problem, domains, values, fixed, free)


def _enumerate(
    problem: Problem,
    domains: Sequence[int],
    values: Sequence[Sequence[T]],
    assigned: list[int],
    free: frozenset[int],
) -> Iterator[tuple[T, ...]]:
    cand = {f: _candidates(problem, f, domains, assigned) for f in free}
    if not all(cand.values()):
        return
    if _independent(problem, free):
        lists: list[Sequence[T]] = []
        for f, vals in enumerate(values):
            if f in free:
                lists.append([vals[i] for i in bits(cand[f])])
            else:
                lists.append((vals[assigned[f]],))
        yield from product(*lists)
        return
    pivot = _pivot(problem, free, cand)
    rest = free - {pivot}
    for x in bits(cand[pivot]):
        assigned[pivot] = x
        yield from _enumerate(problem, domains, values, assigned, rest)
    assigned[pivot] = -1


def brute_force(problem: Problem, domains: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Every scenario as index tuples, by filtering the Cartesian product (for tests and
    benchmarks only: its cost is the size of the product)."""
    for combo in product(*(bits(d) for d in domains)):
        if holds(problem, combo):
            yield combo
