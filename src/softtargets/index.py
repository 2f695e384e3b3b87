"""The term index: positions, bitsets, labels and the hierarchy of a taxonomy's terms.

Terms are numbered per facet in data order; a set of terms of one facet is a bitset (an
``int``). The index answers lookups by id, label or alt label (dictionary hits; the fuzzy
matcher runs only on a miss) and the hierarchy questions (``ancestors``, ``narrower``) that
the rest of the library asks instead of walking ``broader`` by hand. It assumes validated
input (``validate.py``): every broader term exists and the hierarchy is acyclic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ._text import compact, normalise, suggest
from .behaviour import Scenario
from .engine import bits
from .errors import (
    AmbiguousTermError,
    FacetMismatchError,
    FilterTypeError,
    UnknownTermError,
    UnknownValueError,
    expect,
    shorten,
)
from .facets import FACET_ENUMS, Facet, TermEnum
from .limits import MAX_QUERY_CHARS

if TYPE_CHECKING:
    from .models import FacetInfo, Term

__all__ = ["Filter", "IndexParts", "TermIndex", "TermLike", "term_texts"]

TermLike = TermEnum | str
"""A term given by enum member, id, label or alt label."""
Filter = TermLike | Iterable[TermLike] | None
"""A query filter: one term, several, or None for the whole facet."""

_BUILTIN_FACETS = tuple(f.value for f in Facet)


def term_texts(term: Term) -> tuple[str, ...]:
    """Every text that names ``term``: id, labels and alt labels in every language."""
    return term.texts()


class IndexParts(NamedTuple):
    """What ``TermIndex(..., base=...)`` reuses of the base index (read, never changed)."""

    order: tuple[tuple[Term, ...], ...]
    by_id: tuple[dict[str, int], ...]
    descendants: tuple[tuple[int, ...], ...]
    lookup: dict[str, tuple[tuple[str, str], ...]]
    exact: dict[str, str]


class TermIndex:
    """Positions, bitsets, labels and hierarchy of the terms of some facets.

    Facet ``pos`` (its place in ``facets``) has terms numbered ``0..n-1``; ``values(pos)``
    gives what queries return for each (the enum member for typed terms, else the id).
    """

    __slots__ = (
        "_by_id",
        "_descendants",
        "_exact",
        "_facet_pos",
        "_lookup",
        "_order",
        "_owners",
        "_parent",
        "_suggester",
        "_values",
        "builtin_schema",
        "facets",
    )

    def __init__(
        self,
        facets: Sequence[FacetInfo],
        terms: Sequence[Term],
        enums: Sequence[type[TermEnum]] = (),
        *,
        base: TermIndex | None = None,
        folds: dict[str, str] | None = None,
        owners: dict[tuple[str, str], str] | None = None,
    ) -> None:
        """Index ``terms`` of ``facets``. With ``base``, an index of a prefix of these facets
        and, facet by facet, of these terms (the taxonomy an extension extends), its parts
        are reused and only the terms after that prefix are indexed anew. ``folds`` is a memo
        of ``normalise`` by text (``validate.Folds``) filled when the labels were checked;
        ``owners``, when known, ``validate.label_owners`` of ``terms`` (see ``label_owners``)."""
        self.facets = tuple(facets)
        self.builtin_schema = tuple(f.id for f in self.facets) == _BUILTIN_FACETS
        self._facet_pos = {f.id: n for n, f in enumerate(self.facets)}
        members: dict[tuple[str, str], TermEnum] = {}
        for enum in (*FACET_ENUMS.values(), *enums):
            for member in enum:
                members[(str(enum.facet()), member.value)] = member
        parts = base.reusable() if base is not None and base.facets == self.facets[: len(base.facets)] else None
        old: tuple[tuple[Term, ...], ...] = parts.order if parts is not None else ()
        skip = sum(len(order) for order in old)  # terms[:skip] are the base's, facet by facet
        grouped: list[list[Term]] = [[] for _ in self.facets]
        for term in terms[:skip]:
            grouped[self._facet_pos[term.facet]].append(term)
        if any(tuple(grouped[n]) != order for n, order in enumerate(old)):  # identical terms: cheap
            raise ValueError("base: not an index of a prefix of these terms")
        new_terms = terms[skip:]
        for term in new_terms:
            grouped[self._facet_pos[term.facet]].append(term)
        self._order = tuple(tuple(g) for g in grouped)
        self._by_id = tuple(
            _numbered(order, parts.by_id[n] if parts is not None and n < len(old) else None)
            for n, order in enumerate(self._order)
        )
        self._values = tuple(
            tuple(members.get((info.id, t.id), t.id) for t in order)
            for info, order in zip(self.facets, self._order, strict=True)
        )
        self._parent = tuple(
            tuple(-1 if t.broader is None else by_id[t.broader] for t in order)
            for order, by_id in zip(self._order, self._by_id, strict=True)
        )
        self._descendants = tuple(
            parts.descendants[n]
            if parts is not None and n < len(old) and len(order) == len(old[n])
            else _descendants(parents)
            for n, (order, parents) in enumerate(zip(self._order, self._parent, strict=True))
        )
        # folded text -> (facet, id) of every term it names; the texts as written -> their
        # folded form, so that a hit costs two dictionary lookups and folding runs only for
        # other spellings
        memo: dict[str, str] = {} if folds is None else folds
        # (tuples, not lists: the garbage collector stops tracking them, and a base's can be shared)
        if parts is None:
            self._lookup: dict[str, tuple[tuple[str, str], ...]] = {}
            self._exact: dict[str, str] = {}
            new_terms = terms
        else:
            self._lookup = dict(parts.lookup)
            self._exact = dict(parts.exact)
        lookup, exact = self._lookup, self._exact
        for term in new_terms:
            hit = (term.facet, term.id)
            for text in term_texts(term):
                norm = memo.get(text)
                if norm is None:
                    norm = memo[text] = normalise(text)
                exact.setdefault(text, norm)
                for key in (norm, norm.replace(" ", "")) if " " in norm else (norm,):  # normalise(), compact()
                    hits = lookup.get(key)
                    if hits is None:
                        lookup[key] = (hit,)
                    elif hit not in hits:
                        lookup[key] = (*hits, hit)
            upper = term.id.upper()
            if upper.isascii() and upper.lower() == term.id:
                # normalise() of ASCII text depends on its lower case alone: the upper-case id
                # folds as the id did, whose keys name the term already
                exact.setdefault(upper, exact[term.id])
            else:
                norm = normalise(upper)
                exact.setdefault(upper, norm)
                for key in {norm, norm.replace(" ", "")}:
                    hits = lookup.get(key, ())
                    if hit not in hits:
                        lookup[key] = (*hits, hit)
        self._suggester: _Suggester | None = None
        self._owners = owners

    def label_owners(self) -> dict[tuple[str, str], str]:
        """``validate.label_owners`` of the terms, computed once (or given): what the labels of
        an extension are checked against. Callers copy it before adding to it. (Facet by facet
        the terms are in data order, and the owners are per facet: the data order's owners.)"""
        found = self._owners
        if found is None:  # a race computes two equal ones
            from .validate import label_owners  # only to extend: loading never needs it

            found = self._owners = label_owners(self.all_terms())
        return found

    def reusable(self) -> IndexParts:
        """The parts of this index that an index of more terms (``base=``) starts from."""
        return IndexParts(self._order, self._by_id, self._descendants, self._lookup, self._exact)

    # ------------------------------------------------------------------ facets

    def position(self, facet: Facet | str) -> int:
        """The place of ``facet`` in ``facets``; accepts a member, an id or a label-like
        spelling ("modus operandi"). Raises ``UnknownValueError`` listing the valid ids."""
        expect("facet", facet, str, "a facet (softtargets.Facet member or id)")
        pos = self._facet_pos.get(facet.value if isinstance(facet, Facet) else facet)  # an id: no folding
        if pos is None:
            pos = self._facet_pos.get(normalise(facet).replace(" ", "_"))
        if pos is None:
            pos = self._facet_pos.get(str(facet))
        if pos is None:
            raise UnknownValueError("facet", facet, list(self._facet_pos))
        return pos

    def facet_id(self, facet: Facet | str) -> str:
        """The id of ``facet`` (see ``position``)."""
        return self.facets[self.position(facet)].id

    def terms(self, pos: int) -> tuple[Term, ...]:
        """The terms of facet ``pos``, in data order."""
        return self._order[pos]

    def all_terms(self) -> tuple[Term, ...]:
        """Every term, facet by facet."""
        return tuple(t for order in self._order for t in order)

    def values(self, pos: int) -> tuple[Any, ...]:
        """What queries return for each term of facet ``pos``: its enum member or its id."""
        return self._values[pos]

    def number(self, pos: int, term_id: str) -> int | None:
        """The number of term ``term_id`` in facet ``pos``, or None when it has none."""
        return self._by_id[pos].get(term_id)

    def full(self, pos: int) -> int:
        """The bitset of every term of facet ``pos``."""
        return (1 << len(self._order[pos])) - 1

    # ------------------------------------------------------------------ hierarchy

    def up(self, pos: int, number: int) -> list[int]:
        """The numbers of the term and its broader terms, self first, nearest next."""
        parents = self._parent[pos]
        out = [number]
        up = parents[number]
        while up >= 0:
            out.append(up)
            up = parents[up]
        return out

    def below(self, pos: int, number: int) -> int:
        """The bitset of the term and every term under it."""
        return self._descendants[pos][number]

    def parents(self, pos: int) -> tuple[int, ...]:
        """For each term of facet ``pos``, the number of its broader term (-1: none)."""
        return self._parent[pos]

    def top_down(self, pos: int) -> list[int]:
        """The term numbers of facet ``pos`` with every broader term before its narrower ones."""
        return _top_down(self._parent[pos])

    def ancestors(self, term: TermLike, facet: Facet | str | None = None) -> tuple[Term, ...]:
        """The broader terms of ``term``, nearest first (the term itself left out)."""
        pos, number = self.locate(term, facet)
        order = self._order[pos]
        return tuple(order[a] for a in self.up(pos, number)[1:])

    def narrower(self, term: TermLike, facet: Facet | str | None = None, *, deep: bool = False) -> tuple[Term, ...]:
        """The terms directly below ``term`` (every term below it with ``deep=True``), in
        data order, the term itself left out."""
        pos, number = self.locate(term, facet)
        order = self._order[pos]
        if deep:
            return tuple(order[i] for i in bits(self._descendants[pos][number]) if i != number)
        parents = self._parent[pos]
        return tuple(t for i, t in enumerate(order) if parents[i] == number)

    # ------------------------------------------------------------------ lookup

    def locate(self, term: object, facet: Facet | str | None = None, context: str | None = None) -> tuple[int, int]:
        """(facet position, term number) of a term given by member, id or label."""
        facet_id = self.facet_id(facet) if facet is not None else None
        facet_id, term_id = self.resolve(term, facet_id, context)
        pos = self._facet_pos[facet_id]
        return pos, self._by_id[pos][term_id]

    def term(self, text: object, facet: Facet | str | None = None) -> Term:
        """The term named by ``text`` (see ``Taxonomy.term``)."""
        pos, number = self.locate(text, facet)
        return self._order[pos][number]

    def resolve(self, text: object, facet_id: str | None, context: str | None) -> tuple[str, str]:
        """(facet id, term id) for a member or text; raises the documented lookup errors."""
        where = f"{context}: " if context else ""
        if isinstance(text, TermEnum):
            member_facet = str(text.facet())
            if facet_id is not None and member_facet != facet_id:
                raise FacetMismatchError(
                    f"{where}{type(text).__name__}.{text.name} is a {member_facet} term, not a {facet_id} term"
                )
            pos = self._facet_pos.get(member_facet)
            if pos is None or text.value not in self._by_id[pos]:
                raise UnknownTermError(text.value, facet=member_facet, context=context)
            return member_facet, text.value
        if not isinstance(text, str):
            raise FilterTypeError(f"{where}expected a term (enum member or string), got {type(text).__name__}")
        if len(text) > MAX_QUERY_CHARS:  # no label is that long; fuzzy matching it would take seconds
            raise UnknownTermError(
                text, facet=facet_id, context=context, note=f"longer than {MAX_QUERY_CHARS} characters"
            )
        key = self._exact.get(text)
        if key is not None:
            all_hits = self._lookup[key]
        else:
            all_hits = self._lookup.get(normalise(text)) or self._lookup.get(compact(text)) or ()
        hits = [h for h in all_hits if facet_id is None or h[0] == facet_id]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise AmbiguousTermError(text, hits)
        if all_hits:  # the right name in the wrong place: say where it belongs
            homes = " and ".join(f"a {f} term ({t})" for f, t in all_hits)
            raise UnknownTermError(
                text, facet=facet_id, context=context, note=f"{shorten(text)} is {homes}, not a {facet_id} term"
            )
        ids: list[tuple[str, str]] = []
        for key in self._suggestions().closest(normalise(text), facet_id):
            for hit in self._lookup[key]:
                if (facet_id is None or hit[0] == facet_id) and hit not in ids:
                    ids.append(hit)
        ids = ids[:5]
        raise UnknownTermError(
            text,
            [term_id for _, term_id in ids],
            facet=facet_id,
            context=context,
            hints=[self._hint(f, t) for f, t in ids],
        )

    def _suggestions(self) -> _Suggester:
        found = self._suggester
        if found is None:  # built on the first miss; a race builds two equal ones
            found = self._suggester = _Suggester(self._lookup)
        return found

    def _hint(self, facet_id: str, term_id: str) -> str:
        pos = self._facet_pos[facet_id]
        term = self._order[pos][self._by_id[pos][term_id]]
        return f"{term.id} ({term.label_en} / {term.label_nl})"

    # ------------------------------------------------------------------ queries

    def domains(self, filters: Iterable[tuple[str, Filter]]) -> tuple[int, ...]:
        """One bitset per facet: the terms the filters allow (a broader term brings its
        narrower terms); facets without a filter allow every term."""
        domains = [self.full(pos) for pos in range(len(self.facets))]
        for name, value in filters:
            if value is None:
                continue
            pos = self._facet_pos.get(name)
            if pos is None:
                raise UnknownValueError("filter", name, list(self._facet_pos))
            items: Iterable[object]
            if isinstance(value, str):
                items = (value,)
            elif isinstance(value, Iterable):
                items = value
            else:
                raise FilterTypeError(
                    f"filter {name!r}: expected a term, a string or an iterable of them, got {type(value).__name__}"
                )
            mask = 0
            for item in items:
                _, number = self.locate(item, self.facets[pos].id, context=f"filter {name!r}")
                mask |= self._descendants[pos][number]
            domains[pos] = mask
        return tuple(domains)

    def scenario_numbers(self, scenario: object) -> list[int]:
        """The term number per facet of a scenario given as a sequence of terms."""
        if isinstance(scenario, str) or not isinstance(scenario, Sequence) or len(scenario) != len(self.facets):
            raise FilterTypeError(
                f"expected a scenario: a sequence of {len(self.facets)} terms "
                f"({', '.join(f.id for f in self.facets)}), got {scenario!r}"
            )
        return [
            self.locate(value, info.id, context=f"scenario {info.id}")[1]
            for info, value in zip(self.facets, scenario, strict=True)
        ]

    def record(self, numbers: Sequence[int]) -> Any:
        """The scenario record of one term number per facet: a ``Scenario`` for the built-in
        schema, a plain tuple for another."""
        values = tuple(self._values[f][i] for f, i in enumerate(numbers))
        return Scenario(*values) if self.builtin_schema else values


def _numbered(order: Sequence[Term], base: dict[str, int] | None) -> dict[str, int]:
    """Term id -> number in ``order``; ``base`` numbers a prefix of it already."""
    if base is None:
        return {t.id: n for n, t in enumerate(order)}
    out = dict(base)
    out.update({order[n].id: n for n in range(len(base), len(order))})
    return out


def _top_down(parents: Sequence[int]) -> list[int]:
    children: list[list[int]] = [[] for _ in parents]
    roots: list[int] = []
    for i, p in enumerate(parents):
        (children[p] if p >= 0 else roots).append(i)
    out: list[int] = []
    stack = list(reversed(roots))
    while stack:
        i = stack.pop()
        out.append(i)
        stack.extend(reversed(children[i]))
    return out


def _descendants(parents: Sequence[int]) -> tuple[int, ...]:
    """Bitset of each term and everything below it: children fold into parents bottom-up."""
    desc = [1 << i for i in range(len(parents))]
    for i in reversed(_top_down(parents)):
        p = parents[i]
        if p >= 0:
            desc[p] |= desc[i]
    return tuple(desc)


def _grams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class _Suggester:
    """Closest keys to a misspelt query, without comparing it with every key: a trigram index
    picks the candidates that share the most trigrams with the query, and only those go
    through ``difflib``'s ratio; prefix and substring hits catch partial input ("stadi")."""

    __slots__ = ("_by_facet", "_facets", "_grams", "_keys", "_sizes")
    CANDIDATES = 6

    def __init__(self, lookup: dict[str, tuple[tuple[str, str], ...]]) -> None:
        self._keys = list(lookup)
        self._by_facet: dict[str, list[str]] = {}
        self._grams: dict[str, list[str]] = {}
        self._sizes: dict[str, int] = {}
        for key, hits in lookup.items():
            for facet in {f for f, _ in hits}:
                self._by_facet.setdefault(facet, []).append(key)
            grams = _grams(key)
            self._sizes[key] = len(grams)
            for gram in grams:
                self._grams.setdefault(gram, []).append(key)
        self._facets = {key: {f for f, _ in hits} for key, hits in lookup.items()}

    def closest(self, query: str, facet: str | None, limit: int = 5) -> list[str]:
        keys = self._keys if facet is None else self._by_facet.get(facet, [])
        shared: dict[str, int] = {}
        grams = _grams(query)
        for gram in grams:
            for key in self._grams.get(gram, ()):
                if facet is None or facet in self._facets[key]:
                    shared[key] = shared.get(key, 0) + 1
        # Dice coefficient of the trigram sets: a long key sharing many trigrams by its length
        # alone ranks below a key of the query's length; only the best few meet difflib
        size, sizes = len(grams), self._sizes
        pool = sorted(shared, key=lambda k: (-shared[k] / (size + sizes[k]), k))[: self.CANDIDATES]
        # a key that contains the query (three characters or more) shares its trigrams, so the
        # prefix and substring pass need not look beyond the keys that share one
        return suggest(query, pool, limit, extra=sorted(shared) if len(query) >= 3 else keys)
