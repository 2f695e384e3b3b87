"""Relations to the engine's problem: one constraint per relation kind, with relations
inherited by narrower terms, compiled once per minimum strength and shared.

``Compiled`` is what scenario sets and the facade query: it knows the index and the
relations, not the ``Taxonomy`` that owns them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import engine
from .behaviour import Strength
from .errors import UnknownValueError, expect
from .index import TermIndex

if TYPE_CHECKING:
    from .models import Relation, RelationKind

__all__ = ["Compiled", "compile_problem", "strength"]


def strength(value: Strength | str) -> Strength:
    """``value`` as a ``Strength``; ``UnknownValueError`` listing the valid ones otherwise."""
    expect("min_strength", value, str, "a strength (softtargets.Strength or 'documented'/'plausible')")
    try:
        return Strength(value)
    except ValueError:
        raise UnknownValueError("strength", value, [s.value for s in Strength]) from None


def compile_problem(
    index: TermIndex, kinds: Sequence[RelationKind], relations: Iterable[Relation], min_strength: Strength
) -> engine.Problem:
    """The engine's problem: for each kind, which object terms each subject term allows.

    A relation between two terms holds for every pair of terms at or below them, so each
    subject term's row is its own relations' objects (with everything below them) joined
    with the rows of its broader terms.
    """
    relations = tuple(relations)
    constraints = []
    for kind in kinds:
        a, b = index.position(kind.subject), index.position(kind.object)
        size_a = len(index.terms(a))
        direct = [0] * size_a
        for rel in relations:
            if rel.kind == kind.id and rel.strength.rank >= min_strength.rank:
                i, j = index.number(a, rel.subject), index.number(b, rel.object)
                if i is not None and j is not None:
                    direct[i] |= index.below(b, j)
        parents = index.parents(a)
        forward = [0] * size_a
        for i in index.top_down(a):  # broader terms first, so their rows are ready
            p = parents[i]
            forward[i] = direct[i] | (forward[p] if p >= 0 else 0)
        constraints.append(engine.Constraint.from_forward(a, b, forward, len(index.terms(b))))
    return engine.Problem(tuple(len(index.terms(p)) for p in range(len(index.facets))), tuple(constraints))


class Compiled:
    """The engine's problems of one taxonomy, compiled on first use per strength (thread-safe),
    with the counting, enumeration and membership questions scenario sets ask."""

    __slots__ = ("_kinds", "_lock", "_problems", "_relations", "index")

    def __init__(self, index: TermIndex, kinds: Sequence[RelationKind], relations: Sequence[Relation]) -> None:
        self.index = index
        self._kinds = tuple(kinds)
        self._relations = tuple(relations)
        self._problems: dict[Strength, engine.Problem] = {}
        self._lock = threading.Lock()

    def problem(self, min_strength: Strength) -> engine.Problem:
        """The compiled problem for relations of at least ``min_strength``."""
        problem = self._problems.get(min_strength)
        if problem is None:
            with self._lock:
                problem = self._problems.get(min_strength)
                if problem is None:
                    problem = compile_problem(self.index, self._kinds, self._relations, min_strength)
                    self._problems[min_strength] = problem
        return problem

    def count(self, min_strength: Strength, domains: Sequence[int], assigned: Sequence[int] | None = None) -> int:
        """How many scenarios within ``domains`` (with facets fixed by ``assigned``, -1: free)."""
        return engine.count(self.problem(min_strength), domains, assigned)

    def iterate(self, min_strength: Strength, domains: Sequence[int]) -> Iterable[tuple[Any, ...]]:
        """The scenarios within ``domains`` as tuples of values (members or ids)."""
        values = [self.index.values(p) for p in range(len(self.index.facets))]
        return engine.enumerate_values(self.problem(min_strength), domains, values)

    def blocks(self, min_strength: Strength, domains: Sequence[int]) -> Iterable[list[Sequence[Any]]]:
        """The scenarios within ``domains`` as disjoint Cartesian blocks of values."""
        values = [self.index.values(p) for p in range(len(self.index.facets))]
        return engine.value_blocks(self.problem(min_strength), domains, values)

    def holds(self, min_strength: Strength, numbers: Sequence[int]) -> bool:
        """True when the scenario of these term numbers satisfies every constraint."""
        return engine.holds(self.problem(min_strength), numbers)
