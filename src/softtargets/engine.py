"""The scenario engine: counting and enumerating the combinations that satisfy a relation schema.

The engine knows nothing about targets or motives. A ``Problem`` has one domain per facet
(terms numbered 0..n-1) and binary constraints between facets, each a table of per-term
bitsets (Python ints). A scenario picks one term per facet such that every constraint holds.

Counting and enumeration branch on the facet a cost model picks (candidates are ANDs of
bitsets) until the facets left are mutually unconstrained: their candidates then multiply
(``count``) or form a Cartesian block (``value_blocks``, chained in C by
``enumerate_values``). Counting splits the free facets into components and counts a
four-cycle (the built-in schema's shape) as a matrix product in packed ints."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import reduce
from itertools import chain, compress, product, starmap
from math import prod
from operator import or_
from typing import TypeVar

__all__ = ["Constraint", "Problem", "bits", "brute_force", "count", "enumerate_values", "holds", "value_blocks"]

T = TypeVar("T")

_TO_01 = bytes.maketrans(b"01", b"\x00\x01")  # a binary numeral to one byte (0 or 1) per bit


def bits(mask: int) -> list[int]:
    """The positions of the set bits of ``mask``, in increasing order."""
    length = mask.bit_length()
    if length > 64:  # long masks: each operation below costs as much as the mask is long
        n = mask.bit_count()
        if n <= 2:
            return [(mask & -mask).bit_length() - 1, length - 1] if n == 2 else [length - 1]
        if length > 256 and n * 8 >= length:
            # dense: one pass in C over a byte per bit beats operations on the whole mask per bit
            return list(compress(range(length), format(mask, "b").encode().translate(_TO_01)[::-1]))
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
        """Build the constraint, computing the transposed table (``compile.transpose`` does
        it in bulk)."""
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
    # density[(f, g)]: the mean share of g's terms that one term of f allows
    density: dict[tuple[int, int], float] = field(init=False, repr=False, compare=False)
    # planners by domain sizes: the cost model depends on nothing else, so queries share them
    planners: dict[tuple[int, ...], _Planner] = field(init=False, repr=False, compare=False)
    # components and independence of facet sets: they depend on the constraint graph only
    parts: dict[frozenset[int], tuple[list[frozenset[int]], bool]] = field(init=False, repr=False, compare=False)
    centers: dict[frozenset[int], int] = field(init=False, repr=False, compare=False)  # star centres, -1: none

    def __post_init__(self) -> None:
        rows: list[dict[int, tuple[int, ...]]] = [{} for _ in self.sizes]
        for c in self.constraints:
            if c.a == c.b:
                raise ValueError("a constraint must link two different facets")
            for f, g, table in ((c.a, c.b, c.forward), (c.b, c.a, c.backward)):
                old = rows[f].get(g)
                rows[f][g] = table if old is None else tuple(x & y for x, y in zip(old, table))
        object.__setattr__(self, "rows", tuple(rows))
        density = {}
        for f, targets in enumerate(rows):
            for g, table in targets.items():
                cells = len(table) * self.sizes[g]
                density[(f, g)] = sum(r.bit_count() for r in table) / cells if cells else 0.0
        object.__setattr__(self, "density", density)
        object.__setattr__(self, "planners", {})
        object.__setattr__(self, "parts", {})
        object.__setattr__(self, "centers", {})

    def planner(self, domains: Sequence[int]) -> _Planner:
        """The branching planner for domains of these sizes (built once, then shared)."""
        sizes = tuple(map(int.bit_count, domains))
        found = self.planners.get(sizes)
        if found is None:
            if len(self.planners) > 4096:  # bounded: many distinct filter shapes
                self.planners.clear()
            found = self.planners.setdefault(sizes, _Planner(self, sizes))
        return found

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


def _parts(problem: Problem, facets: frozenset[int]) -> tuple[list[frozenset[int]], bool]:
    """The connected components of ``facets`` and whether they are mutually unconstrained."""
    found = problem.parts.get(facets)
    if found is None:
        comps = _find_components(problem, facets)
        found = (comps, all(len(c) == 1 for c in comps))
        problem.parts[facets] = found
    return found


def _star_center(problem: Problem, free: frozenset[int]) -> int:
    """The facet of ``free`` whose removal leaves the others mutually unconstrained (else -1).
    Enumeration branches on it whatever the cost model says: a tight loop beats recursion."""
    found = problem.centers.get(free)
    if found is None:
        linked = [f for f in sorted(free) if problem.rows[f].keys() & free]
        found = next((f for f in linked if _parts(problem, free - {f})[1]), -1)
        problem.centers[free] = found
    return found


class _Planner:
    """Chooses the facet to branch on, once per (component, set of assigned facets): a
    branch costs its expected candidates (each assigned neighbour shrinks them by the mean
    density between the two) times the work below it, so sparse facets go first."""

    __slots__ = ("_memo", "_problem", "_sizes")

    def __init__(self, problem: Problem, sizes: Sequence[int]) -> None:
        self._problem = problem
        self._sizes = list(sizes)
        self._memo: dict[tuple[frozenset[int], frozenset[int]], tuple[float, int]] = {}

    def _expected(self, f: int, assigned: frozenset[int]) -> float:
        size = float(self._sizes[f])
        for g in self._problem.rows[f].keys() & assigned:
            size *= self._problem.density[(g, f)]
        return max(size, 1.0)

    def _cost(self, comp: frozenset[int], assigned: frozenset[int]) -> tuple[float, int]:
        key = (comp, assigned)
        found = self._memo.get(key)
        if found is not None:
            return found
        if len(comp) == 1:
            result = (1.0, min(comp))
        else:
            best = (float("inf"), min(comp))
            for x in sorted(comp):
                rest = comp - {x}
                below = assigned | {x}
                work = sum(self._cost(c, below)[0] for c in _parts(self._problem, rest)[0])
                total = self._expected(x, assigned) * (1.0 + work)
                if total < best[0]:
                    best = (total, x)
            result = best
        self._memo[key] = result
        return result

    def pivot(self, comp: frozenset[int], free: frozenset[int]) -> int:
        """The facet of ``comp`` to branch on, given the facets outside ``free`` assigned."""
        assigned = frozenset(range(len(self._sizes))) - free
        return self._cost(comp, assigned)[1]


def _find_components(problem: Problem, facets: frozenset[int]) -> list[frozenset[int]]:
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


def _fixed(domains: Sequence[int], assigned: Sequence[int] | None) -> list[int]:
    """``assigned`` (or all -1) with every facet whose domain is one term fixed to it."""
    fixed = list(assigned) if assigned is not None else [-1] * len(domains)
    for f, d in enumerate(domains):
        if fixed[f] < 0 and d and not d & (d - 1):
            fixed[f] = d.bit_length() - 1
    return fixed


def count(problem: Problem, domains: Sequence[int], assigned: Sequence[int] | None = None) -> int:
    """The number of scenarios within ``domains`` (one bitset per facet), without enumerating.

    ``assigned`` optionally fixes facets to a term index (-1 leaves a facet free).
    """
    fixed = _fixed(domains, assigned)
    if not _consistent(problem, domains, fixed):
        return 0
    free = frozenset(f for f, x in enumerate(fixed) if x < 0)
    return _count(problem, domains, fixed, free, problem.planner(domains))


def _count(
    problem: Problem, domains: Sequence[int], assigned: list[int], free: frozenset[int], planner: _Planner
) -> int:
    cand = {f: _candidates(problem, f, domains, assigned) for f in free}
    if not all(cand.values()):
        return 0
    total = 1
    for comp in _parts(problem, free)[0]:
        if len(comp) == 1:
            (f,) = comp
            total *= cand[f].bit_count()
        else:
            total *= _count_component(problem, domains, assigned, comp, cand, free, planner)
        if not total:
            return 0
    return total


def _count_component(
    problem: Problem,
    domains: Sequence[int],
    assigned: list[int],
    comp: frozenset[int],
    cand: dict[int, int],
    free: frozenset[int],
    planner: _Planner,
) -> int:
    if len(comp) == 4:
        corners = _cycle4(problem, comp, cand)
        if corners is not None:
            return _count_cycle4(problem, cand, *corners)
    pivot = planner.pivot(comp, free)
    rest = comp - {pivot}
    xs = bits(cand[pivot])
    if _parts(problem, rest)[1]:
        # A star around the pivot: every other facet depends on the pivot only.
        leaves = [(cand[g], problem.rows[pivot][g]) for g in sorted(rest)]
        if len(leaves) == 2:
            (c1, r1), (c2, r2) = leaves
            return sum((c1 & r1[x]).bit_count() * (c2 & r2[x]).bit_count() for x in xs)
        return sum(prod((c & r[x]).bit_count() for c, r in leaves) for x in xs)
    total = 0
    # facets in other components are no neighbours of this one, so for the planner's
    # estimates it does not matter that they count as assigned here
    for x in xs:
        assigned[pivot] = x
        total += _count(problem, domains, assigned, rest, planner)
    assigned[pivot] = -1
    return total


# Below this many pairs of candidates, a four-cycle is counted by branching
CYCLE_MIN_PAIRS = 4096
_TEXT_CELLS = 1 << 22  # the most cells of the text of one leaf of a star (a byte each)


def _cycle4(problem: Problem, comp: frozenset[int], cand: dict[int, int]) -> tuple[int, int, int, int] | None:
    """``(a, b, c, d)`` when ``comp`` is a cycle a-b-c-d-a, oriented for the cheapest count
    (see ``_count_cycle4``); None when it is no cycle or too small to be worth it."""
    near = {f: problem.rows[f].keys() & comp for f in comp}
    if any(len(n) != 2 for n in near.values()):
        return None
    size = {f: cand[f].bit_count() for f in comp}
    a0, (b0, d0) = min(comp), sorted(near[min(comp)])
    (c0,) = comp - {a0, b0, d0}
    if min(size[a0] * size[c0], size[b0] * size[d0]) < CYCLE_MIN_PAIRS:
        return None

    def cost(a: int, b: int, c: int, d: int) -> float:
        # packed additions over the b-a and b-c pairs, each as wide as d's domain
        adds = size[b] * (size[a] * problem.density[(b, a)] + size[c] * problem.density[(b, c)])
        return (adds + size[a] + size[c]) * (1 + cand[d].bit_length() / 64)

    # b and d: either pair of opposite corners, either way round (a and c play alike)
    ways = [(a0, b0, c0, d0), (a0, d0, c0, b0), (b0, a0, d0, c0), (b0, c0, d0, a0)]
    return min(ways, key=lambda w: cost(*w))


def _spread(mask: int, width: int) -> int:
    """``mask`` with bit j moved to bit ``j * width * 8`` (fields of ``width`` bytes)."""
    raw = format(mask, "b").encode().translate(_TO_01)[::-1]  # byte j: bit j of mask
    buf = bytearray(len(raw) * width)
    buf[::width] = raw
    return int.from_bytes(buf, "little")


def _sum_rows(packed: list[int], mask: int) -> int:
    """The sum of ``packed[i]`` over the set bits ``i`` of ``mask``."""
    if mask.bit_count() * 16 >= mask.bit_length():  # dense: one pass in C over a byte per bit
        return sum(compress(packed, format(mask, "b").encode().translate(_TO_01)[::-1]))
    return sum(map(packed.__getitem__, bits(mask)))


def _count_cycle4(problem: Problem, cand: dict[int, int], a: int, b: int, c: int, d: int) -> int:
    """The scenarios of the cycle a-b-c-d-a within ``cand``, a matrix product in packed ints:
    per term j of b, ``x`` packs (a field per term of d) how many terms of a are related to j and
    to that term, ``z`` the same through c; their dot product, by bit planes, is the scenarios
    through j. A field is at most the terms related to j, which sets its width (whole bytes)."""
    rows = problem.rows
    ca, cb, cc, cd = cand[a], cand[b], cand[c], cand[d]
    b_to_a, b_to_c, a_to_d, c_to_d = rows[b][a], rows[b][c], rows[a][d], rows[c][d]
    pairs = [(xa, xc) for j in bits(cb) if (xa := b_to_a[j] & ca) and (xc := b_to_c[j] & cc)]
    if not pairs:
        return 0
    top = max(max(xa.bit_count(), xc.bit_count()) for xa, xc in pairs)
    width = (top.bit_length() + 7) // 8  # bytes
    packed_a = [_spread(a_to_d[i] & cd, width) if (ca >> i) & 1 else 0 for i in range(ca.bit_length())]
    packed_c = [_spread(c_to_d[k] & cd, width) if (cc >> k) & 1 else 0 for k in range(cc.bit_length())]
    low = _spread(cd, width)  # bit 0 of the field of every term of d
    total = 0
    for xa, xc in pairs:
        x, z = _sum_rows(packed_a, xa), _sum_rows(packed_c, xc)
        x_planes = [(s, p) for s in range(xa.bit_count().bit_length()) if (p := (x >> s) & low)]
        for t in range(xc.bit_count().bit_length()):
            q = (z >> t) & low
            if q:
                total += sum((p & q).bit_count() << (s + t) for s, p in x_planes)
    return total


def enumerate_values(
    problem: Problem,
    domains: Sequence[int],
    values: Sequence[Sequence[T]],
    assigned: Sequence[int] | None = None,
) -> Iterator[tuple[T, ...]]:
    """Yield every scenario within ``domains`` as a tuple of ``values[f][index]``, lazily:
    a chain in C of the Cartesian products of ``value_blocks``, no Python frame per scenario."""
    return chain.from_iterable(starmap(product, value_blocks(problem, domains, values, assigned)))


def value_blocks(
    problem: Problem,
    domains: Sequence[int],
    values: Sequence[Sequence[T]],
    assigned: Sequence[int] | None = None,
) -> Iterator[list[Sequence[T]]]:
    """The scenarios within ``domains`` as disjoint Cartesian blocks, lazily: each block is a
    new list of one sequence of values per facet, and stands for every combination of them
    (pass ``range(size)`` per facet for term indices)."""
    fixed = _fixed(domains, assigned)
    if not _consistent(problem, domains, fixed):
        return iter(())
    free = frozenset(f for f, x in enumerate(fixed) if x < 0)
    return _blocks(problem, domains, values, fixed, free)


def _blocks(
    problem: Problem,
    domains: Sequence[int],
    values: Sequence[Sequence[T]],
    assigned: list[int],
    free: frozenset[int],
) -> Iterator[list[Sequence[T]]]:
    cand = {f: _candidates(problem, f, domains, assigned) for f in free}
    if not all(cand.values()):
        return iter(())
    if _parts(problem, free)[1]:
        lists: list[Sequence[T]] = [(vals[assigned[f]],) if f not in free else [] for f, vals in enumerate(values)]
        for f in free:
            lists[f] = [values[f][i] for i in bits(cand[f])]
        return iter((lists,))
    pivot = _star_center(problem, free)
    if pivot < 0:
        comps = [c for c in _parts(problem, free)[0] if len(c) > 1]
        pivot = problem.planner(domains).pivot(max(comps, key=len), free)
    rest = free - {pivot}
    if _parts(problem, rest)[1]:
        # the last level: a tight loop over the pivot's terms, not a recursive call per term
        return _star_blocks(problem, values, assigned, cand, pivot, rest)
    return _branch(problem, domains, values, assigned, rest, pivot, bits(cand[pivot]))


def _branch(
    problem: Problem,
    domains: Sequence[int],
    values: Sequence[Sequence[T]],
    assigned: list[int],
    rest: frozenset[int],
    pivot: int,
    xs: list[int],
) -> Iterator[list[Sequence[T]]]:
    for x in xs:
        assigned[pivot] = x
        yield from _blocks(problem, domains, values, assigned, rest)
    assigned[pivot] = -1


def _star_blocks(
    problem: Problem,
    values: Sequence[Sequence[T]],
    assigned: list[int],
    cand: dict[int, int],
    pivot: int,
    rest: frozenset[int],
) -> Iterator[list[Sequence[T]]]:
    template: list[Sequence[T]] = [(vals[assigned[f]],) if assigned[f] >= 0 else () for f, vals in enumerate(values)]
    leaves: list[tuple[int, int, Sequence[int], Sequence[T], bytes]] = []
    heads = cand[pivot]
    for g in sorted(rest):
        forward = problem.rows[pivot].get(g)
        if forward is None:  # not a neighbour of the pivot: the same candidates for every x
            template[g] = [values[g][i] for i in bits(cand[g])]
            continue
        leaves.append((g, cand[g], forward, values[g], b""))
        if heads.bit_count() > 8 and cand[g].bit_count() <= 2 * heads.bit_count():
            # only the pivot's terms related to some candidate of g can head a block
            heads &= reduce(or_, map(problem.rows[g][pivot].__getitem__, bits(cand[g])), 0)
    width, many = heads.bit_length(), heads.bit_count()
    if many >= 16:
        for n, (g, mask, _, vals, _) in enumerate(leaves):
            terms = bits(mask)
            hits = len(terms) * problem.density[(pivot, g)]  # expected per block: the text pays from 2
            if hits >= 2 and len(terms) * width <= _TEXT_CELLS and len(terms) * (width + 999) <= 400 * hits * many:
                # a byte per candidate of g and term of the pivot, nonzero (the candidate's number
                # + 1, or 1 past 255) when related: a strided slice is x's candidates, picked in C
                back, spec, few = problem.rows[g][pivot], f"0{width}b", len(terms) < 256
                codes = [bytes.maketrans(b"01", bytes((0, k + 1))) for k in range(len(terms))] if few else ()
                rows = [format(back[i] & heads, spec).encode() for i in terms]
                text = b"".join(map(bytes.translate, rows, codes)) if few else b"".join(rows).translate(_TO_01)
                leaves[n] = (g, few, (), [vals[terms[0]]] * few + [vals[i] for i in terms], text)
    pivot_values, last = values[pivot], width - 1
    for x in bits(heads):
        lists = template.copy()
        lists[pivot] = (pivot_values[x],)
        for g, mask, table, vals, text in leaves:
            if text:
                column = text[last - x :: width]
                if mask:  # numbers + 1
                    if not (column := column.translate(None, b"\x00")):
                        break
                    lists[g] = list(map(vals.__getitem__, column))
                elif 1 in column:
                    lists[g] = list(compress(vals, column))
                else:
                    break
                continue
            hit = mask & table[x]
            if not hit:
                break
            lists[g] = (vals[hit.bit_length() - 1],) if hit.bit_count() == 1 else [vals[i] for i in bits(hit)]
        else:
            yield lists


def brute_force(problem: Problem, domains: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Every scenario as index tuples, by filtering the Cartesian product (for tests and
    benchmarks only: its cost is the size of the product)."""
    for combo in product(*(bits(d) for d in domains)):
        if holds(problem, combo):
            yield combo
