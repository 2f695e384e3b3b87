"""Query results: ``ScenarioSet``, a lazy, immutable set of scenarios (the models of the other
answers, ``Explanation`` and ``Diffuseness``, are in ``softtargets.answers``)."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, product, repeat, starmap
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import views
from .behaviour import Scenario, Strength
from .compile import Compiled
from .engine import bits
from .facets import Facet, TermEnum
from .index import Filter

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = ["ScenarioSet", "describe_filter", "spread"]


_SMALL = 256  # sets whose Cartesian product of domains is at most this keep their blocks


class ScenarioSet:
    """The scenarios matching a query: sized, iterable, supports ``in``, never mutable.

    Scenarios are produced lazily while iterating, so a set of millions of scenarios costs
    no memory until (and unless) you collect it; ``len()`` and ``count_by()`` count
    without enumerating. For millions of scenarios, ``blocks()`` yields them as Cartesian
    blocks and ``to_arrays()`` returns them in columns, both far cheaper per scenario.

    >>> import softtargets as st
    >>> found = st.load().scenarios(target="football_stadium")
    >>> sum(found.count_by(st.Facet.MOTIVE).values()) == len(found)
    True
    """

    __slots__ = ("_blocks", "_compiled", "_domains", "_filters", "_len", "_strength", "_tax")

    def __init__(
        self,
        taxonomy: Taxonomy,
        compiled: Compiled,
        domains: tuple[int, ...],
        min_strength: Strength,
        filters: Mapping[str, Filter],
    ) -> None:
        self._tax = taxonomy
        self._compiled = compiled
        self._domains = domains
        self._strength = min_strength
        self._filters = MappingProxyType(dict(filters))
        self._len: int | None = None
        self._blocks: list[list[Sequence[Any]]] | None = None  # a small set's, kept by len()

    @property
    def taxonomy(self) -> Taxonomy:
        """The taxonomy the scenarios come from."""
        return self._tax

    @property
    def min_strength(self) -> Strength:
        """The weakest relation strength the scenarios were allowed to rest on."""
        return self._strength

    @property
    def filters(self) -> Mapping[str, Filter]:
        """The filters as given (read-only)."""
        return self._filters

    @property
    def domains(self) -> tuple[int, ...]:
        """Per facet, the bitset of the terms the filters allow (term numbers in data order)."""
        return self._domains

    def __len__(self) -> int:
        if self._len is None:
            small = math.prod(map(int.bit_count, self._domains)) <= _SMALL
            self._len = self._keep_blocks() if small else self._compiled.count(self._strength, self._domains)
        return self._len

    def _keep_blocks(self) -> int:
        # A small set: list() asks for len() and then iterates, so one pass over its blocks
        # (a few lists of terms) answers both; len() alone costs about what counting does.
        self._blocks = list(self._compiled.blocks(self._strength, self._domains))
        return sum(math.prod(map(len, block)) for block in self._blocks)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Scenario]:
        if self._blocks is None and math.prod(map(int.bit_count, self._domains)) <= _SMALL:
            self._len = self._keep_blocks()
        if self._blocks is not None:
            return self._wrap(chain.from_iterable(starmap(product, self._blocks)))
        return self._wrap(self._compiled.iterate(self._strength, self._domains))

    def _wrap(self, rows: Iterable[tuple[Any, ...]]) -> Iterator[Scenario]:
        if self._compiled.index.builtin_schema:
            # map with two iterables calls tuple.__new__(Scenario, row) without a Python frame
            # or a partial in between: about a third less per scenario than partial(...)
            return map(tuple.__new__, repeat(Scenario), rows)
        return iter(rows)  # type: ignore[arg-type]  # other schemas yield plain tuples

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, tuple) or len(item) != len(self._domains):
            return False
        try:
            numbers = self._compiled.index.scenario_numbers(item)
        except (LookupError, ValueError, TypeError):
            return False
        if not all((d >> i) & 1 for d, i in zip(self._domains, numbers, strict=True)):
            return False
        return self._compiled.holds(self._strength, numbers)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScenarioSet):
            return NotImplemented
        return self._tax is other.taxonomy and self._domains == other.domains and self._strength is other.min_strength

    def __hash__(self) -> int:
        return hash((id(self._tax), self._domains, self._strength))

    def count_by(self, facet: Facet | str) -> dict[Any, int]:
        """Scenario counts per term of ``facet`` (every term the filters allow, zeros
        included), keyed by enum member for built-in terms, computed without enumerating.

        Returns a new dict each call; changing it changes nothing else.
        """
        index = self._compiled.index
        pos = index.position(facet)
        values = index.values(pos)
        out: dict[Any, int] = {}
        assigned = [-1] * len(self._domains)
        for i in bits(self._domains[pos]):
            assigned[pos] = i
            out[values[i]] = self._compiled.count(self._strength, self._domains, assigned)
        return out

    def blocks(self) -> Iterator[tuple[Sequence[Any], ...]]:
        """The scenarios as disjoint Cartesian blocks, lazily: each block holds one sequence
        of terms (enum members or ids) per facet, in facet order, and stands for every
        combination of them. For callers who process millions of scenarios, a block costs
        one Python step where iterating costs one per scenario.

        >>> import itertools, softtargets as st
        >>> found = st.load().scenarios(target="museum")
        >>> sum(len(list(itertools.product(*block))) for block in found.blocks()) == len(found)
        True
        """
        return map(tuple, self._compiled.blocks(self._strength, self._domains))

    def to_arrays(self) -> dict[str, list[Any]]:
        """The scenarios in columns: ``{facet id: [term of each scenario]}``, every list
        ``len(self)`` long and row i of all lists one scenario (enum members or ids). Built
        from ``blocks()`` with list repetition, much faster than collecting the scenarios;
        it materialises the whole set all the same: mind ``len()``."""
        facets = [f.id for f in self._tax.facets]
        columns: list[list[Any]] = [[] for _ in facets]
        for block in self._compiled.blocks(self._strength, self._domains):
            sizes = [len(terms) for terms in block]
            after = math.prod(sizes)
            before = 1
            for column, terms, size in zip(columns, block, sizes):
                after //= size
                # itertools.product order: each term repeated for every combination of the
                # facets after it, the whole run repeated for every combination before it
                run = list(terms) if after == 1 else [t for t in terms for _ in range(after)]
                column += run * before
                before *= size
        return dict(zip(facets, columns))

    def to_records(self, lang: str | None = None) -> list[dict[str, str]]:
        """The scenarios as plain dicts ``{facet id: term id}``, or labels in ``lang``
        ("en" or "nl") when given. This materialises the whole set: mind its ``len()``."""
        if lang is None:
            return [{f.id: str(v) for f, v in zip(self._tax.facets, s)} for s in self]
        labels = [{t.id: t.label(lang) for t in self._tax.terms(f.id)} for f in self._tax.facets]
        return [{f.id: labels[n][str(v)] for n, (f, v) in enumerate(zip(self._tax.facets, s))} for s in self]

    def to_pandas(self, lang: str | None = None) -> Any:
        """A ``pandas.DataFrame``, one row per scenario (ids, or labels in ``lang``); needs
        the ``pandas`` extra. Materialises the whole set: mind its ``len()``."""
        return views.render("pandas", self, lang)

    def to_html(self, lang: str | None = None) -> str:
        """A compact HTML table: counts per facet, then the first scenarios."""
        return str(views.render("html", self, lang))

    def _repr_html_(self) -> str:
        return self.to_html()

    def count_pairs(self, first: Facet | str, second: Facet | str) -> dict[tuple[Any, Any], int]:
        """Scenario counts for every pair of terms of two facets (zeros included), computed
        without enumerating: the data behind a target x modus operandi heatmap."""
        index = self._compiled.index
        a, b = index.position(first), index.position(second)
        values_a, values_b = index.values(a), index.values(b)
        out: dict[tuple[Any, Any], int] = {}
        assigned = [-1] * len(self._domains)
        for i in bits(self._domains[a]):
            assigned[a] = i
            for j in bits(self._domains[b]):
                assigned[b] = j
                out[(values_a[i], values_b[j])] = self._compiled.count(self._strength, self._domains, assigned)
            assigned[b] = -1
        return out

    def plot(self, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> Any:
        """The layered diagram of the terms and relations behind these scenarios (needs the
        ``plot`` extra); saved to ``path`` (.png or .svg) when given."""
        return views.render("plot", self, path=path, lang=lang)

    def heatmap(self, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> Any:
        """A heatmap of scenario counts, target type x modus operandi (needs ``plot``)."""
        return views.render("heatmap", self, path=path, lang=lang)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={_short(v)}" for k, v in self._filters.items())
        where = f" where {shown}" if shown else ""
        return f"<ScenarioSet: {len(self)} scenarios{where}, min_strength={self._strength.value}>"


def _short(value: object) -> str:
    if isinstance(value, str):
        return repr(str(value))
    try:
        return "[" + ", ".join(repr(str(v)) for v in value) + "]"  # type: ignore[attr-defined]
    except TypeError:
        return repr(value)


def describe_filter(value: Filter) -> str:
    """A filter as text: ids joined by commas."""
    if isinstance(value, str):
        return str(value.value) if isinstance(value, TermEnum) else value
    if value is None:
        return ""
    return ", ".join(describe_filter(v) for v in value)


def spread(found: ScenarioSet) -> tuple[int, int, dict[str, float]]:
    """The figures of ``Taxonomy.diffuseness`` for a scenario set, without the model: the number
    of scenarios, the size of the Cartesian product of the filtered facets, and per facet the
    normalised Shannon entropy of the scenario counts over its terms."""
    total = len(found)
    product = math.prod(d.bit_count() for d in found.domains)
    entropy: dict[str, float] = {}
    for info in found.taxonomy.facets:
        counts = found.count_by(info.id)
        n = len(counts)
        if total == 0 or n <= 1:
            entropy[info.id] = 0.0
            continue
        h = -sum((c / total) * math.log(c / total) for c in counts.values() if c)
        entropy[info.id] = min(1.0, max(0.0, round(h / math.log(n), 6))) + 0.0  # no -0.0
    return total, product, entropy
