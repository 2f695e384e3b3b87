"""Cross-record checks that the models cannot make one record at a time: unknown facets,
kinds, terms and sources; duplicates; label collisions; cycles in the hierarchy. One set of
rules serves the built-in data, documents read back, and extensions checked against the
taxonomy they extend. Every finding is a ``Problem`` with its location.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from ._text import normalise, skeletons, unlike
from .circumstances import ids as circumstance_ids
from .errors import Loc, Problem
from .facets import FACET_ENUMS, TermEnum
from .models import INCIDENT_FIELDS, FacetSpec, Incident, KindSpec, RelationSpec, Source, Strength, TermSpec

if TYPE_CHECKING:
    from .extension import Extension
    from .loader import Bundle

__all__ = ["bundle_problems", "enum_problems", "extension_problems", "hierarchy_cycles", "label_owners"]

Place = Callable[[str, int], tuple[str | None, Loc]]
"""Where record ``n`` of table ``t`` sits: (file, path into the document)."""


class _TermRecord(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def facet(self) -> str: ...
    @property
    def broader(self) -> str | None: ...
    @property
    def label_en(self) -> str: ...
    def texts(self) -> tuple[str, ...]: ...


class _RelationRecord(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def object(self) -> str: ...


def _texts(term: _TermRecord) -> tuple[str, ...]:
    return term.texts()


Folds = dict[str, str]
"""A memo of ``normalise`` by text, so that a label checked here and then indexed
(``index.TermIndex``) is folded once."""


def folded(text: str, folds: Folds) -> set[str]:
    """``{normalise(text), compact(text)}``, normalising ``text`` once (memo in ``folds``)."""
    norm = folds.get(text)
    if norm is None:
        norm = folds[text] = normalise(text)
    return {norm, norm.replace(" ", "")}  # compact() is normalise() without spaces


def label_owners(terms: Iterable[_TermRecord], folds: Folds | None = None) -> dict[tuple[str, str], str]:
    """(facet, folded label) -> the id of the first term it names; and (facet, NUL + confusable
    skeleton) -> the first label with that skeleton (whose owner is then under its folded form).
    Text fields refuse NUL, so the two kinds of key cannot meet."""
    memo: Folds = {} if folds is None else folds
    owners: dict[tuple[str, str], str] = {}
    texts_of = [(term, _texts(term)) for term in terms]
    looks = iter(skeletons([text for _, texts in texts_of for text in texts]))
    for term, texts in texts_of:
        for text in texts:
            for form in folded(text, memo):
                owners.setdefault((term.facet, form), term.id)
            look = next(looks)
            for form in (look, look.replace(" ", "")):
                owners.setdefault((term.facet, "\0" + form), text)
    return owners


def hierarchy_cycles(
    broader: Mapping[tuple[str, str], str | None], start: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """For each term of ``start`` on a cycle of the ``broader`` map: a term of that cycle.

    Linear in the number of terms (each term is walked once), so long chains stay cheap.
    """
    state: dict[tuple[str, str], int] = {}  # 1: on the current walk, 2: done
    found: dict[tuple[str, str], str] = {}
    for key in start:
        path: list[tuple[str, str]] = []
        node: tuple[str, str] | None = key
        while node is not None and node in broader and state.get(node) is None:
            state[node] = 1
            path.append(node)
            up = broader[node]
            node = (node[0], up) if up is not None else None
        if node is not None and state.get(node) == 1:  # closed a cycle on this walk
            cycle = path[path.index(node) :]
            for member in cycle:
                found[member] = node[1]
        for member in path:
            state[member] = 2
    return found


class _Checker:
    """Collects the problems of records added one table at a time against what is known."""

    def __init__(self, place: Place) -> None:
        self.place = place
        self.problems: list[Problem] = []

    def add(self, table: str, n: int, message: str, *field: str | int) -> None:
        file, loc = self.place(table, n)
        self.problems.append(Problem((*loc, *field), message, file=file))


def _default_place(table: str, n: int) -> tuple[str | None, Loc]:
    return None, (table, n)


def bundle_problems(bundle: Bundle, place: Place = _default_place) -> list[Problem]:
    """Every cross-record problem of a bundle, each at ``place(table, n)`` of its record."""
    check = _Checker(place)
    facet_ids: list[str] = []
    for n, facet in enumerate(bundle.facets):
        if facet.id in facet_ids:
            check.add("facet", n, f"facet {facet.id!r} is defined more than once", "id")
        facet_ids.append(facet.id)
    kinds: dict[str, tuple[str, str]] = {}
    for n, kind in enumerate(bundle.kinds):
        if kind.id in kinds:
            check.add("kind", n, f"relation kind {kind.id!r} is defined more than once", "id")
        kinds[kind.id] = (kind.subject, kind.object)
        for end in ("subject", "object"):
            if getattr(kind, end) not in facet_ids:
                check.add("kind", n, f"relation kind {kind.id!r} names unknown facet {getattr(kind, end)!r}", end)
    _check_terms(check, bundle.terms, facet_ids, {}, {}, namespace=None, folds={})
    terms = {(t.facet, t.id) for t in bundle.terms}
    _check_incidents(check, bundle.incidents, facet_ids, terms)
    seen: set[tuple[str, str, str]] = set()
    for n, rel in enumerate(bundle.relations):
        _check_relation(check, n, rel, kinds, terms, seen)
    return check.problems


def _check_terms(
    check: _Checker,
    terms: Sequence[_TermRecord],
    facets: Sequence[str],
    known: Mapping[tuple[str, str], str | None],
    labels: dict[tuple[str, str], str],
    namespace: str | None,
    folds: Folds,
) -> None:
    """Facets, ids, broader terms, cycles and labels of new ``terms`` beside ``known`` ones.
    ``labels`` (keyed as ``label_owners`` keys them) gains the labels of ``terms``."""
    all_terms = dict(known)
    new: dict[tuple[str, str], int] = {}
    for n, term in enumerate(terms):
        facet, term_id = term.facet, term.id
        if facet not in facets:
            check.add("term", n, f"unknown facet {facet!r}; valid: {', '.join(facets)}", "facet")
        if namespace is not None and not term_id.startswith(namespace + "."):
            check.add("term", n, f"new term {term_id!r} must start with {namespace + '.'!r}", "id")
        key = (facet, term_id)
        if key in all_terms:
            first = "in the taxonomy" if key in known else f"by the term labelled {terms[new[key]].label_en!r}"
            check.add("term", n, f"term {term_id!r} is defined twice in facet {facet!r}: also {first}", "id")
            continue  # the first record keeps the id; this one is reported, not followed
        new[key] = n
        all_terms[key] = term.broader
    for key, n in new.items():
        up = all_terms[key]
        if up is not None and (key[0], up) not in all_terms:
            check.add("term", n, f"unknown term {up!r} in facet {key[0]!r}", "broader")
    for key, through in hierarchy_cycles(all_terms, new).items():
        check.add("term", new[key], f"the broader chain of {key[1]!r} forms a cycle through {through!r}", "broader")
    owners = labels
    texts_of = [_texts(term) for term in terms]
    looks = iter(skeletons([text for texts in texts_of for text in texts]))
    for n, term in enumerate(terms):
        facet, term_id = term.facet, term.id
        texts = texts_of[n]
        told: set[str] = set()
        for text in texts:
            norm = folds.get(text)
            if norm is None:
                norm = folds[text] = normalise(text)
            for form in (norm, norm.replace(" ", "")) if " " in norm else (norm,):  # normalise(), compact()
                other = owners.setdefault((facet, form), term_id)
                if other != term_id and other not in told:
                    told.add(other)
                    check.add("term", n, f"label {text!r} of term {term_id!r} also names term {other!r} ({facet})")
        # Then look-alikes (Unicode TR39 skeletons), once per other term and only where the
        # labels do not already collide as written.
        for text in texts:
            look = next(looks)
            for form in (look, look.replace(" ", "")) if " " in look else (look,):
                seen = owners.setdefault((facet, "\0" + form), text)
                if seen == text:
                    continue
                norm = folds.get(seen)
                if norm is None:
                    norm = folds[seen] = normalise(seen)
                other = owners.get((facet, norm), term_id)
                if other != term_id and other not in told:
                    told.add(other)
                    odd = unlike(text, seen)
                    check.add(
                        "term",
                        n,
                        f"label {text!r} of term {term_id!r} looks like label {seen!r} of term {other!r} ({facet}):"
                        " their confusable skeletons are equal" + (f" (it has {odd})" if odd else ""),
                    )


def _check_relation(
    check: _Checker,
    n: int,
    rel: _RelationRecord,
    kinds: Mapping[str, tuple[str, str]],
    terms: set[tuple[str, str]] | Mapping[tuple[str, str], object],
    seen: set[tuple[str, str, str]],
) -> None:
    kind, subject, obj = rel.kind, rel.subject, rel.object
    pair = kinds.get(kind)
    if pair is None:
        check.add("relation", n, f"unknown relation kind {kind!r}; valid: {', '.join(kinds)}", "kind")
    else:
        for end, term_id, facet in (("subject", subject, pair[0]), ("object", obj, pair[1])):
            if (facet, term_id) not in terms:
                homes = sorted({f for f, t in terms if t == term_id})
                hint = f" (it is a {homes[0]} term)" if homes else ""
                check.add("relation", n, f"{term_id!r} is not a {facet} term, as kind {kind!r} requires{hint}", end)
    key = (kind, subject, obj)
    if key in seen:
        check.add("relation", n, f"relation {subject} {kind} {obj} is defined more than once")
    seen.add(key)


def _check_incidents(
    check: _Checker, incidents: Sequence[Incident], facets: Sequence[str], terms: Iterable[tuple[str, str]]
) -> None:
    known = set(terms)
    seen: set[str] = set()
    for n, inc in enumerate(incidents):
        if inc.id in seen:
            check.add("incident", n, f"incident {inc.id!r} is defined more than once", "id")
        seen.add(inc.id)
        for facet, field in INCIDENT_FIELDS.items():
            if facet not in facets:
                continue
            for term_id in inc.values(facet):
                if (facet, term_id) not in known:
                    check.add("incident", n, f"{term_id!r} is not a {facet} term", field)
        if inc.circumstances:  # the closed vocabulary of data/circumstances.toml
            valid = circumstance_ids()
            for name in inc.circumstances:
                if name not in valid:
                    check.add("incident", n, f"{name!r} is not a circumstance ({', '.join(valid)})", "circumstances")


def extension_problems(
    ext: Extension,
    bundle: Bundle,
    namespaces: Iterable[str] = (),
    *,
    labels: dict[tuple[str, str], str] | None = None,
    folds: Folds | None = None,
) -> list[Problem]:
    """Every problem of ``ext`` against ``bundle`` (the taxonomy it extends), each located by
    its path into the extension's document.

    ``labels``, when given, is ``label_owners(bundle.terms)`` computed before (a taxonomy
    keeps it), and gains the labels of ``ext``'s terms; ``folds`` keeps the folded labels
    for the index of the extended taxonomy."""
    memo: Folds = {} if folds is None else folds
    check = _Checker(_default_place)
    ns = ext.namespace + "."
    if ext.namespace in set(namespaces):
        check.problems.append(Problem(("namespace",), f"namespace {ext.namespace!r} is already used"))
    known_sources: dict[str, Source] = {s.id: s for s in bundle.sources}
    for n, source in enumerate(ext.sources):
        if source.id in known_sources and known_sources[source.id] != source:
            check.add("source", n, f"source id {source.id!r} is already taken", "id")
        known_sources[source.id] = source
    for n, incident in enumerate(ext.incidents):
        if incident.id in known_sources:
            check.add("incident", n, f"source id {incident.id!r} is already taken", "id")
        known_sources[incident.id] = incident.to_source()

    facets = [f.id for f in bundle.facets]
    for n, facet in enumerate(ext.facets):
        if not facet.id.startswith(ns):
            check.add("facet", n, f"new facet {facet.id!r} must start with {ns!r}", "id")
        if facet.id in facets:
            check.add("facet", n, f"facet {facet.id!r} already exists", "id")
        facets.append(facet.id)
    kinds = {k.id: (k.subject, k.object) for k in bundle.kinds}
    for n, kind in enumerate(ext.kinds):
        if not kind.id.startswith(ns):
            check.add("kind", n, f"new relation kind {kind.id!r} must start with {ns!r}", "id")
        if kind.id in kinds:
            check.add("kind", n, f"relation kind {kind.id!r} already exists", "id")
        for end in ("subject", "object"):
            if getattr(kind, end) not in facets:
                check.add("kind", n, f"unknown facet {getattr(kind, end)!r}; valid: {', '.join(facets)}", end)
        kinds[kind.id] = (kind.subject, kind.object)

    known_terms = {(t.facet, t.id): t.broader for t in bundle.terms}
    owners = label_owners(bundle.terms, memo) if labels is None else labels
    _check_terms(check, ext.terms, facets, known_terms, owners, namespace=ext.namespace, folds=memo)
    all_terms = {**known_terms, **{(t.facet, t.id): t.broader for t in ext.terms}}
    seen = {r.key for r in bundle.relations}
    existing = set(seen)
    ids: dict[str, set[str]] = {}  # facet -> the ids of its terms
    for facet_id, term_id in all_terms:
        ids.setdefault(facet_id, set()).add(term_id)
    ends = {kind_id: (ids.get(pair[0], set()), ids.get(pair[1], set())) for kind_id, pair in kinds.items()}
    for n, rel in enumerate(ext.relations):
        kind_id, subject, obj = key = (rel.kind, rel.subject, rel.object)  # rel.key
        if key in seen:
            check.add("relation", n, f"relation {subject} {kind_id} {obj} already exists")
            continue
        terms = ends.get(kind_id)
        if terms is not None and subject in terms[0] and obj in terms[1]:
            seen.add(key)  # the common case, in which _check_relation finds nothing
            continue
        _check_relation(check, n, rel, kinds, all_terms, seen)
    _check_sources(check, ext, known_sources)
    _check_incidents(check, ext.incidents, facets, all_terms)
    _check_documented(check, ext, (*bundle.incidents, *ext.incidents), kinds, all_terms, existing, known_sources)
    _check_enums(check, ext.enums, all_terms)
    return check.problems


def _check_documented(
    check: _Checker,
    ext: Extension,
    incidents: Sequence[Incident],
    kinds: Mapping[str, tuple[str, str]],
    broader: Mapping[tuple[str, str], str | None],
    existing: set[tuple[str, str, str]],
    sources: Mapping[str, Source],
) -> None:
    """A ``documented`` relation must cite an incident that instantiates it: one with a term
    at or below its subject and one at or below its object, as for the built-in data. Where
    a facet of the relation is one that incidents do not classify (a facet an extension
    adds), it must cite at least one source of kind ``incident``."""
    by_id = {i.id: i for i in incidents}

    def lifted(facet: str, term_ids: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for term_id in term_ids:
            up: str | None = term_id
            while up is not None and up not in out and (facet, up) in broader:
                out.add(up)
                up = broader[(facet, up)]
        return out

    for n, rel in enumerate(ext.relations):
        if rel.strength is not Strength.DOCUMENTED or rel.key in existing:
            continue  # a relation the taxonomy already has is reported as such
        pair = kinds.get(rel.kind)
        if pair is None:
            continue  # an unknown kind is reported on its own
        if pair[0] not in INCIDENT_FIELDS or pair[1] not in INCIDENT_FIELDS:
            kinds_cited = {(ref if isinstance(ref, Source) else sources.get(ref, ref)) for ref in rel.sources}
            if not any(isinstance(c, Source) and c.kind.value == "incident" for c in kinds_cited):
                message = (
                    f"relation {rel.subject} {rel.kind} {rel.object} is marked documented but cites no source of"
                    " kind 'incident'; cite one or mark it plausible"
                )
                check.add("relation", n, message, "strength")
            continue
        cited = [by_id[ref] for ref in rel.sources if isinstance(ref, str) and ref in by_id]
        if not any(
            rel.subject in lifted(pair[0], inc.values(pair[0])) and rel.object in lifted(pair[1], inc.values(pair[1]))
            for inc in cited
        ):
            message = (
                f"relation {rel.subject} {rel.kind} {rel.object} is marked documented but cites no incident with a"
                f" {pair[0]} term at or below {rel.subject!r} and a {pair[1]} term at or below {rel.object!r};"
                " cite one (an [[incident]] of the extension or of the taxonomy) or mark it plausible"
            )
            check.add("relation", n, message, "strength")


def _check_sources(check: _Checker, ext: Extension, known: dict[str, Source]) -> None:
    tables: tuple[tuple[str, Sequence[FacetSpec | KindSpec | TermSpec | RelationSpec]], ...] = (
        ("facet", ext.facets),
        ("kind", ext.kinds),
        ("term", ext.terms),
        ("relation", ext.relations),
    )
    # inline sources can be cited by id anywhere in the extension: they are all known before
    # ids are looked up. Most records cite the same few ids (one tuple of them, known), so a
    # record whose citations were all known ids before is passed over.
    cited: set[tuple[object, ...]] = set()
    unsure: list[tuple[str, int, tuple[str | Source, ...]]] = []  # records citing an id not known yet
    for table, items in tables:
        for n, item in enumerate(items):
            refs = item.sources
            if type(refs) is tuple and refs in cited:
                continue
            plain = True
            for m, ref in enumerate(refs):
                if isinstance(ref, Source):
                    plain = False
                    if ref.id in known and known[ref.id] != ref:
                        check.add(table, n, f"source id {ref.id!r} is already taken", "sources", m, "id")
                    known[ref.id] = ref
                elif ref not in known:
                    plain = False
            if plain and type(refs) is tuple:
                cited.add(refs)
            else:
                unsure.append((table, n, refs))
    for table, n, refs in unsure:
        for m, ref in enumerate(refs):
            if isinstance(ref, str) and ref not in known:
                check.add(table, n, f"unknown source id {ref!r}", "sources", m)


def _check_enums(check: _Checker, enums: Sequence[object], terms: Mapping[tuple[str, str], object]) -> None:
    for enum in enums:
        if not (isinstance(enum, type) and issubclass(enum, TermEnum)):
            check.problems.append(Problem(("enums",), f"{enum!r} is not a softtargets.TermEnum subclass"))
            continue
        try:
            facet_id = str(enum.facet())
        except NotImplementedError:
            check.problems.append(Problem(("enums",), f"{enum.__name__} does not define facet()"))
            continue
        for member in enum:
            if (facet_id, member.value) not in terms:
                message = f"{enum.__name__}.{member.name} = {member.value!r} is not a {facet_id} term"
                check.problems.append(Problem(("enums",), message))


def enum_problems(bundle: Bundle) -> list[Problem]:
    """Where the built-in data and the built-in enums disagree (a member without data, or
    data that is not a member)."""
    problems = []
    for facet, enum in FACET_ENUMS.items():
        data_ids = {t.id for t in bundle.terms if t.facet == facet.value}
        member_ids = {m.value for m in enum}
        for missing in sorted(member_ids - data_ids):
            problems.append(Problem((), f"{enum.__name__} member {missing!r} has no entry", file="terms.toml"))
        for extra in sorted(data_ids - member_ids):
            message = f"term {extra!r} ({facet.value}) is not a member of {enum.__name__}"
            problems.append(Problem((), message, file="terms.toml"))
    return problems
