"""Relations to the engine's problem: one constraint per relation kind, with relations
inherited by narrower terms, compiled once per minimum strength and shared.

``Compiled`` is what scenario sets and the facade query: it knows the index and the
relations, not the ``Taxonomy`` that owns them.
"""

from __future__ import annotations

import _thread  # threading's own locks, without importing threading (2 ms of the cold start)
from collections import deque
from collections.abc import Iterable, Sequence
from itertools import compress, groupby, islice, repeat
from operator import add, and_, attrgetter, eq, mul, ne, setitem
from typing import TYPE_CHECKING, Any

from . import engine
from .behaviour import Strength
from .errors import UnknownValueError, expect
from .index import TermIndex

if TYPE_CHECKING:
    from .models import Relation, RelationKind

__all__ = ["Compiled", "compile_problem", "strength", "transpose"]


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
    relations = relations if isinstance(relations, (list, tuple)) else tuple(relations)
    # one pass in C per field over all relations, then per kind a slice or a selection:
    # no Python step per relation
    kind_of = list(map(attrgetter("kind"), relations))
    subjects = list(map(attrgetter("subject"), relations))
    objects = list(map(attrgetter("object"), relations))
    strong = tuple(s for s in Strength if s.rank >= min_strength.rank)
    keep = (
        None if len(strong) == len(Strength) else list(map(strong.__contains__, map(attrgetter("strength"), relations)))
    )
    by_id = index.reusable().by_id
    grouped = _of_kind([k.id for k in kinds], kind_of, subjects, objects, keep)
    constraints = []
    for kind in kinds:
        a, b = index.position(kind.subject), index.position(kind.object)
        sizes = len(index.terms(a)), len(index.terms(b))
        rows = _direct(by_id[a], by_id[b], sizes, *grouped[kind.id])
        parents_b = index.parents(b)
        if any(p >= 0 for p in parents_b):  # each object's column joins its broader terms'
            columns = transpose(rows, sizes[1])
            for j in index.top_down(b):
                if parents_b[j] >= 0:
                    columns[j] |= columns[parents_b[j]]
            rows = transpose(columns, sizes[0])
        parents_a = index.parents(a)
        if any(p >= 0 for p in parents_a):  # each subject's row joins its broader terms'
            for i in index.top_down(a):  # broader terms first, so their rows are ready
                if parents_a[i] >= 0:
                    rows[i] |= rows[parents_a[i]]
        constraints.append(engine.Constraint(a, b, tuple(rows), tuple(transpose(rows, sizes[1]))))
    return engine.Problem(tuple(len(index.terms(p)) for p in range(len(index.facets))), tuple(constraints))


def _of_kind(
    kinds: Sequence[str], kind_of: list[str], subjects: list[str], objects: list[str], keep: list[bool] | None
) -> dict[str, tuple[list[str], list[str]]]:
    """Per kind, the subjects and objects of its relations (those that ``keep`` keeps)."""
    out: dict[str, tuple[list[str], list[str]]] = {k: ([], []) for k in kinds}
    if sum(map(ne, kind_of, islice(kind_of, 1, None))) <= 4 * len(kinds):  # in runs, as files group them
        start = 0
        for kind, run in groupby(kind_of):
            end = start + len(list(run))
            if kind in out:
                chosen = keep[start:end] if keep is not None else None
                for whole, part in zip((subjects, objects), out[kind]):
                    part += whole[start:end] if chosen is None else compress(whole[start:end], chosen)
            start = end
        return out
    for kind, (subject_part, object_part) in out.items():
        chosen = list(map(eq, kind_of, repeat(kind)))
        if keep is not None:
            chosen = list(map(and_, chosen, keep))
        subject_part += compress(subjects, chosen)
        object_part += compress(objects, chosen)
    return out


def _direct(
    number_a: dict[str, int],
    number_b: dict[str, int],
    sizes: tuple[int, int],
    subjects: Sequence[str],
    objects: Sequence[str],
) -> list[int]:
    """Per term of the subject facet, the bitset of its related terms of the object facet
    (relations naming a term that is not in the facets are left out)."""
    size_a, size_b = sizes
    rows = [0] * size_a
    if not subjects:
        return rows
    dense = size_a * size_b <= min(max(len(subjects) * 64, 1 << 16), _CELLS)
    # dense: the relation's cell in a byte per cell of the matrix, its row's first cell
    # looked up with its subject
    starts = dict(zip(number_a, map(mul, number_a.values(), repeat(size_b)))) if dense else number_a
    try:
        firsts = list(map(starts.__getitem__, subjects))
        seconds = list(map(number_b.__getitem__, objects))
    except KeyError:
        pairs = [(starts.get(s), number_b.get(o)) for s, o in zip(subjects, objects)]
        firsts = [i for i, j in pairs if i is not None and j is not None]
        seconds = [j for i, j in pairs if i is not None and j is not None]
    if not dense:
        for i, j in zip(firsts, seconds):  # sparse: a step per relation
            rows[i] |= 1 << j
        return rows
    cells = bytearray(size_a * size_b)
    deque(map(setitem, repeat(cells), map(add, firsts, seconds), repeat(1)), 0)
    text = cells.translate(_DIGITS)[::-1]  # the last row first, each row's last term first
    end = len(text)
    return [int(text[end - (i + 1) * size_b : end - i * size_b], 2) for i in range(size_a)]


# the most cells of the dense matrix of one kind (a byte each)
_CELLS = 1 << 25
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


# the most cells of a 0/1 matrix transposed as text at once (a byte each)
_TEXT_CELLS = 1 << 23


def transpose(rows: Sequence[int], width: int) -> list[int]:
    """The columns of the 0/1 matrix whose row ``i`` is the bitset ``rows[i]`` (every row
    below ``2**width``): column ``j`` is the bitset of the rows that have bit ``j``."""
    cols = [0] * width
    ones = sum(r.bit_count() for r in rows)
    if not ones:
        return cols
    if ones * 64 < len(rows) * width:  # sparse: a step per set bit beats a byte per cell
        for i, row in enumerate(rows):
            bit = 1 << i
            for j in engine.bits(row):
                cols[j] |= bit
        return cols
    # dense: the rows as one binary numeral, last row first, so that column j is every
    # width-th digit from digit width-1-j: a slice in C, read back by int(..., 2)
    step = max(1, _TEXT_CELLS // width)
    spec = f"0{width}b"
    for start in range(0, len(rows), step):
        text = "".join([format(r, spec) for r in reversed(rows[start : start + step])])
        last = width - 1
        cols = [c | int(text[last - j :: width], 2) << start for j, c in enumerate(cols)]
    return cols


class Compiled:
    """The engine's problems of one taxonomy, compiled on first use per strength (thread-safe),
    with the counting, enumeration and membership questions scenario sets ask."""

    __slots__ = ("_kinds", "_lock", "_problems", "_relations", "_values", "index")

    def __init__(self, index: TermIndex, kinds: Sequence[RelationKind], relations: Sequence[Relation]) -> None:
        self.index = index
        self._kinds = tuple(kinds)
        self._relations = tuple(relations)
        self._problems: dict[Strength, engine.Problem] = {}
        self._values = [index.values(p) for p in range(len(index.facets))]
        self._lock = _thread.allocate_lock()

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
        return engine.enumerate_values(self.problem(min_strength), domains, self._values)

    def blocks(self, min_strength: Strength, domains: Sequence[int]) -> Iterable[list[Sequence[Any]]]:
        """The scenarios within ``domains`` as disjoint Cartesian blocks of values."""
        return engine.value_blocks(self.problem(min_strength), domains, self._values)

    def holds(self, min_strength: Strength, numbers: Sequence[int]) -> bool:
        """True when the scenario of these term numbers satisfies every constraint."""
        return engine.holds(self.problem(min_strength), numbers)
