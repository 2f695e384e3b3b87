"""The ``Taxonomy``: terms, relations and the relation schema, indexed for lookup and queries.

A taxonomy is immutable. ``load()`` builds the built-in one on first call and returns the
same object afterwards. Lookups are dictionary hits; the fuzzy matcher runs only on a miss.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from . import engine, views
from ._text import compact, normalise, suggest
from .errors import (
    AmbiguousTermError,
    DataError,
    ExtensionError,
    FacetMismatchError,
    FilterTypeError,
    ImmutableError,
    UnknownTermError,
    UnknownValueError,
)
from .facets import FACET_ENUMS, Facet, TermEnum
from .loader import Bundle, Resolver, load_builtin
from .models import (
    FacetInfo,
    FacetSpec,
    Incident,
    KindSpec,
    Outcome,
    Relation,
    RelationKind,
    RelationSpec,
    Scenario,
    Source,
    Strength,
    Term,
    TermSpec,
)
from .scenarios import Diffuseness, Explanation, Requirement, ScenarioSet

if TYPE_CHECKING:
    import networkx as nx

    from .extension import Extension, ExtensionInfo

__all__ = ["Taxonomy", "load"]

TermLike = TermEnum | str
"""A term given by enum member, id, label or alt label."""
Filter = TermLike | Iterable[TermLike] | None
"""A query filter: one term, several, or None for the whole facet."""

_FILTER_NAMES = {
    Facet.TARGET.value: "target",
    Facet.PERPETRATOR.value: "perpetrator",
    Facet.MOTIVE.value: "motive",
    Facet.MODUS_OPERANDI.value: "modus_operandi",
}


def _integrity_problems(bundle: Bundle) -> list[str]:
    """Cross-record checks the models cannot make on their own."""
    problems: list[str] = []
    facet_ids = [f.id for f in bundle.facets]
    for dup in sorted({f for f in facet_ids if facet_ids.count(f) > 1}):
        problems.append(f"facet {dup!r} is defined more than once")
    kinds: dict[str, RelationKind] = {}
    for kind in bundle.kinds:
        if kind.id in kinds:
            problems.append(f"relation kind {kind.id!r} is defined more than once")
        kinds[kind.id] = kind
        for end in (kind.subject, kind.object):
            if end not in facet_ids:
                problems.append(f"relation kind {kind.id!r} names unknown facet {end!r}")
    terms: dict[tuple[str, str], Term] = {}
    for term in bundle.terms:
        if term.facet not in facet_ids:
            problems.append(f"term {term.id!r} has unknown facet {term.facet!r}; valid: {', '.join(facet_ids)}")
        key = (term.facet, term.id)
        if key in terms:
            problems.append(f"term {term.id!r} is defined more than once in facet {term.facet!r}")
        terms[key] = term
    for term in bundle.terms:
        if term.broader is not None and (term.facet, term.broader) not in terms:
            problems.append(f"term {term.id!r}: broader term {term.broader!r} is not a {term.facet} term")
    # The hierarchy must be acyclic: walk up from each term.
    for (facet, term_id), term in terms.items():
        seen = {term_id}
        up = term.broader
        while up is not None and (facet, up) in terms:
            if up in seen:
                problems.append(f"term {term_id!r}: the broader chain forms a cycle through {up!r}")
                break
            seen.add(up)
            up = terms[(facet, up)].broader
    # Labels must identify one term within a facet.
    owners: dict[tuple[str, str], str] = {}
    for term in bundle.terms:
        for text in (term.id, term.label_en, term.label_nl, *term.alt_labels_en, *term.alt_labels_nl):
            for folded in {normalise(text), compact(text)}:
                other = owners.setdefault((term.facet, folded), term.id)
                if other != term.id:
                    problems.append(f"label {text!r} of term {term.id!r} also names term {other!r} ({term.facet})")
    seen_incidents: set[str] = set()
    for inc in bundle.incidents:
        if inc.id in seen_incidents:
            problems.append(f"incident {inc.id!r} is defined more than once")
        seen_incidents.add(inc.id)
        for facet in ("target", "perpetrator", "motive", "modus_operandi"):
            if facet not in facet_ids:
                continue
            for term_id in inc.values(facet):
                if (facet, term_id) not in terms:
                    problems.append(f"incident {inc.id!r}: {term_id!r} is not a {facet} term")
    seen_relations: set[tuple[str, str, str]] = set()
    for rel in bundle.relations:
        rel_kind = kinds.get(rel.kind)
        if rel_kind is None:
            problems.append(f"relation {rel}: unknown kind {rel.kind!r}")
            continue
        for role, term_id, facet in (
            ("subject", rel.subject, rel_kind.subject),
            ("object", rel.object, rel_kind.object),
        ):
            if (facet, term_id) not in terms:
                problems.append(f"relation {rel}: {role} {term_id!r} is not a {facet} term")
        if rel.key in seen_relations:
            problems.append(f"relation {rel}: defined more than once")
        seen_relations.add(rel.key)
    return problems


class Taxonomy:
    """An immutable set of facets, terms and sourced relations, with scenario queries.

    Get the built-in one with ``softtargets.load()``.

    >>> import softtargets as st
    >>> tax = st.load()
    >>> tax.term("Voetbalstadion").id
    'football_stadium'
    >>> found = tax.scenarios(target=st.TargetType.FOOTBALL_STADIUM, motive="jihadism")
    >>> len(found) > 0
    True
    """

    def __init__(
        self,
        bundle: Bundle,
        *,
        origin: str = "custom",
        extensions: Sequence[ExtensionInfo] = (),
        enums: Sequence[type[TermEnum]] = (),
    ) -> None:
        problems = _integrity_problems(bundle)
        if problems:
            raise DataError(origin, problems)
        self._bundle = bundle
        self._origin = origin
        self._extensions = tuple(extensions)
        self._enums = tuple(enums)
        extra_members: dict[tuple[str, str], TermEnum] = {}
        for enum in self._enums:
            for member in enum:
                extra_members[(str(enum.facet()), member.value)] = member
        self._facets = bundle.facets
        self._facet_pos = {f.id: n for n, f in enumerate(bundle.facets)}
        self._kinds = bundle.kinds
        self._kind_by_id = {k.id: k for k in bundle.kinds}
        self._sources = {s.id: s for s in bundle.sources}
        self._relations = bundle.relations
        self._relation_by_key = {r.key: r for r in bundle.relations}
        self._incidents = bundle.incidents
        self._incident_by_id = {i.id: i for i in bundle.incidents}
        self._evidence_cache: dict[tuple[str, str, str], tuple[str, ...]] | None = None

        self._order: list[tuple[Term, ...]] = []
        self._index: list[dict[str, int]] = []
        self._values: list[tuple[Any, ...]] = []
        for info in bundle.facets:
            ordered = tuple(t for t in bundle.terms if t.facet == info.id)
            builtin_enum = FACET_ENUMS.get(Facet(info.id)) if info.id in {f.value for f in Facet} else None
            members: dict[str, Any] = {m.value: m for m in builtin_enum} if builtin_enum else {}
            members.update({v: m for (f, v), m in extra_members.items() if f == info.id})
            self._order.append(ordered)
            self._index.append({t.id: n for n, t in enumerate(ordered)})
            self._values.append(tuple(members.get(t.id, t.id) for t in ordered))

        # ancestors (self first) and descendants (bitset, self included) per term
        self._ancestors: list[tuple[tuple[int, ...], ...]] = []
        self._descendants: list[tuple[int, ...]] = []
        for pos, ordered in enumerate(self._order):
            index = self._index[pos]
            chains: list[tuple[int, ...]] = []
            for term in ordered:
                chain = [index[term.id]]
                up = term.broader
                while up is not None:
                    chain.append(index[up])
                    up = ordered[index[up]].broader
                chains.append(tuple(chain))  # self first, then each broader term
            desc = [0] * len(ordered)
            for n, ancestors in enumerate(chains):
                for a in ancestors:
                    desc[a] |= 1 << n
            self._ancestors.append(tuple(chains))
            self._descendants.append(tuple(desc))

        self._lookup: dict[str, list[tuple[str, str]]] = {}
        for term in bundle.terms:
            texts = (term.id, term.label_en, term.label_nl, *term.alt_labels_en, *term.alt_labels_nl)
            enum_name = term.id.upper()
            for text in (*texts, enum_name):
                for key in {normalise(text), compact(text)}:
                    hits = self._lookup.setdefault(key, [])
                    if (term.facet, term.id) not in hits:
                        hits.append((term.facet, term.id))

        self._builtin_facets = tuple(f.id for f in bundle.facets) == tuple(f.value for f in Facet)
        self._problems: dict[Strength, engine.Problem] = {}
        self._lock = threading.Lock()
        self.__dict__["_sealed"] = True

    def __setattr__(self, name: str, value: object) -> None:
        if self.__dict__.get("_sealed"):
            raise ImmutableError(f"a Taxonomy is immutable: cannot set {name!r}; use extend() to make a new one")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise ImmutableError(f"a Taxonomy is immutable: cannot delete {name!r}")

    # ---------------------------------------------------------------- introspection

    def __repr__(self) -> str:
        counts = ", ".join(f"{f.id}={len(o)}" for f, o in zip(self._facets, self._order))
        return f"<Taxonomy {self._origin}: {counts}, relations={len(self._relations)}>"

    def __eq__(self, other: object) -> bool:
        """Equal when both hold the same facets, kinds, terms, relations, sources and
        incidents (order and the extensions' bookkeeping aside)."""
        if not isinstance(other, Taxonomy):
            return NotImplemented
        return self is other or self._canonical() == other._canonical()

    def __hash__(self) -> int:
        return hash(self._digest())

    def _canonical(self) -> dict[str, Any]:
        cached: dict[str, Any] | None = self.__dict__.get("_canonical_cache")
        if cached is None:
            from .interop.document import canonical

            cached = canonical(self)
            self.__dict__["_canonical_cache"] = cached
        return cached

    def _digest(self) -> str:
        import hashlib
        import json

        return hashlib.sha256(json.dumps(self._canonical(), sort_keys=True).encode()).hexdigest()

    def export(self, fmt: str, path: str | os.PathLike[str] | None = None) -> str:
        """The taxonomy as text in ``fmt`` ("json", "turtle", "json-ld", "graphml", "gexf",
        "node-link", "stix"), also written to ``path`` when given. SKOS formats need the
        ``rdf`` extra and STIX the ``stix`` extra; ``softtargets.read`` reads back every
        format that carries a whole taxonomy. See ``softtargets.interop``.

        >>> import softtargets as st
        >>> tax = st.load()
        >>> st.read(tax.export("json"), "json") == tax
        True
        """
        return str(views.render("export", self, fmt, path))

    def plot(self, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> Any:
        """The layered diagram of the whole taxonomy (needs the ``plot`` extra: matplotlib);
        saved to ``path`` (.png or .svg) when given. See ``softtargets.plot``."""
        return views.render("plot", self, path=path, lang=lang)

    @property
    def extensions(self) -> tuple[ExtensionInfo, ...]:
        """The extensions applied to make this taxonomy, in order (name, version, origin)."""
        return self._extensions

    def extend(self, *extensions: Extension) -> Taxonomy:
        """A new taxonomy with ``extensions`` applied in order; this one is untouched.

        Each extension is validated against the taxonomy it extends (this one plus the
        extensions before it). If any has a problem, ``ExtensionError`` lists every problem
        of every extension, each with its location, and nothing is applied.

        >>> import softtargets as st
        >>> base = st.load()
        >>> bigger = base.extend(st.Extension(name="empty", version="0", namespace="empty"))
        >>> bigger is base, [e.name for e in bigger.extensions]
        (False, ['empty'])
        """
        from .extension import Extension, locate

        bundle = self._bundle
        infos = list(self._extensions)
        enums = list(self._enums)
        problems: list[str] = []
        failed: list[str] = []
        for n, ext in enumerate(extensions):
            if not isinstance(ext, Extension):
                problems.append(f"extension #{n + 1}: expected a softtargets.Extension, got {type(ext).__name__}")
                continue
            found = _problems_of(bundle, infos, ext)
            if found:
                problems += [f"{ext.origin}: {p}" for p in locate(found, ext.source_text)]
                failed.append(repr(ext.name))
                continue
            bundle = _apply(bundle, ext)
            infos.append(ext.info)
            enums.extend(ext.enums)
        if problems:
            noun = "extension" if len(failed) <= 1 else "extensions"
            raise ExtensionError(f"cannot apply {noun} {', '.join(failed) or '(not an Extension)'}", problems)
        return Taxonomy(bundle, origin=self._origin + "+extensions", extensions=infos, enums=enums)

    def check(self, extension: Extension) -> tuple[str, ...]:
        """Every problem ``extension`` would have if applied to this taxonomy (empty when it
        applies cleanly), each located by its path into the extension's document."""
        from .extension import locate

        return tuple(locate(_problems_of(self._bundle, self._extensions, extension), extension.source_text))

    @property
    def facets(self) -> tuple[FacetInfo, ...]:
        """The facets of the schema, in scenario field order, with labels."""
        return self._facets

    @property
    def kinds(self) -> tuple[RelationKind, ...]:
        """The relation kinds of the schema: which facet pairs a scenario must relate."""
        return self._kinds

    def sources(self) -> tuple[Source, ...]:
        """Every source the taxonomy cites (study, standards, guidance, incidents)."""
        return tuple(self._sources.values())

    def source(self, source_id: str) -> Source:
        """The source with this id; raises ``UnknownTermError`` with suggestions otherwise."""
        try:
            return self._sources[source_id]
        except KeyError:
            raise UnknownTermError(source_id, suggest(source_id, self._sources), context="source") from None

    # ---------------------------------------------------------------- terms

    def _facet(self, facet: Facet | str) -> str:
        key = facet.value if isinstance(facet, Facet) else normalise(str(facet)).replace(" ", "_")
        if key not in self._facet_pos:
            raise UnknownValueError("facet", facet, [f.id for f in self._facets])
        return key

    def facet(self, facet: Facet | str) -> FacetInfo:
        """The facet with this id or member (``"modus operandi"`` and ``"Modus-Operandi"``
        work too); an unknown name raises ``UnknownValueError`` listing the valid ones.

        >>> import softtargets as st
        >>> st.load().facet("modus operandi").label_nl
        'modus operandi'
        """
        return self._facets[self._facet_pos[self._facet(facet)]]

    def terms(self, facet: Facet | str | None = None) -> tuple[Term, ...]:
        """The terms of ``facet`` (all terms when None), in data order."""
        if facet is None:
            return tuple(t for ordered in self._order for t in ordered)
        return self._order[self._facet_pos[self._facet(facet)]]

    def term(self, text: TermLike, facet: Facet | str | None = None) -> Term:
        """Find a term by enum member, id, English or Dutch label, alt label or enum name.

        Matching ignores case, accents, and the difference between spaces, hyphens and
        underscores. A miss raises ``UnknownTermError`` (a ``LookupError``) listing the
        closest valid terms; text naming terms of several facets raises
        ``AmbiguousTermError`` unless ``facet`` picks one.

        >>> import softtargets as st
        >>> st.load().term("Kerstmarkt").id
        'christmas_market'
        """
        facet_id = self._facet(facet) if facet is not None else None
        facet_id, term_id = self._resolve(text, facet_id, context=None)
        return self._order[self._facet_pos[facet_id]][self._index[self._facet_pos[facet_id]][term_id]]

    def get(self, text: TermLike, facet: Facet | str | None = None, default: Term | None = None) -> Term | None:
        """Like ``term`` but returns ``default`` instead of raising on a miss."""
        try:
            return self.term(text, facet)
        except LookupError:
            return default

    def ancestors(self, term: TermLike, facet: Facet | str | None = None) -> tuple[Term, ...]:
        """The broader terms of ``term``, nearest first (the term itself left out).

        >>> import softtargets as st
        >>> [t.id for t in st.load().ancestors("christmas_market")]
        ['event_ground']
        """
        facet_id, term_id = self._resolve(term, self._facet(facet) if facet is not None else None, context=None)
        pos = self._facet_pos[facet_id]
        order = self._order[pos]
        return tuple(order[a] for a in self._ancestors[pos][self._index[pos][term_id]][1:])

    def narrower(self, term: TermLike, facet: Facet | str | None = None, *, deep: bool = False) -> tuple[Term, ...]:
        """The terms directly below ``term`` (with ``deep=True``, every term below it at any
        depth), in data order; the term itself is left out.

        >>> import softtargets as st
        >>> [t.id for t in st.load().narrower("religious_institution")]
        ['church', 'mosque', 'synagogue']
        """
        facet_id, term_id = self._resolve(term, self._facet(facet) if facet is not None else None, context=None)
        pos = self._facet_pos[facet_id]
        order = self._order[pos]
        if not deep:
            return tuple(t for t in order if t.broader == term_id)
        me = self._index[pos][term_id]
        return tuple(order[i] for i in engine.bits(self._descendants[pos][me]) if i != me)

    def _hint(self, facet_id: str, term_id: str) -> str:
        term = self._order[self._facet_pos[facet_id]][self._index[self._facet_pos[facet_id]][term_id]]
        return f"{term.id} ({term.label_en} / {term.label_nl})"

    def _resolve(self, text: object, facet_id: str | None, context: str | None) -> tuple[str, str]:
        """(facet id, term id) for a member or text; raises the documented lookup errors."""
        if isinstance(text, TermEnum):
            member_facet = text.facet().value
            if facet_id is not None and member_facet != facet_id:
                where = f"{context}: " if context else ""
                raise FacetMismatchError(
                    f"{where}{type(text).__name__}.{text.name} is a {member_facet} term, not a {facet_id} term"
                )
            if text.value not in self._index[self._facet_pos[member_facet]]:
                raise UnknownTermError(text.value, facet=member_facet, context=context)
            return member_facet, text.value
        if not isinstance(text, str):
            where = f"{context}: " if context else ""
            raise FilterTypeError(f"{where}expected a term (enum member or string), got {type(text).__name__}")
        all_hits = self._lookup.get(normalise(text)) or self._lookup.get(compact(text)) or []
        hits = [h for h in all_hits if facet_id is None or h[0] == facet_id]
        if not hits and all_hits:  # the right name in the wrong place: say where it belongs
            homes = " and ".join(f"a {f} term ({t})" for f, t in all_hits)
            raise UnknownTermError(
                text, facet=facet_id, context=context, note=f"{text!r} is {homes}, not a {facet_id} term"
            )
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise AmbiguousTermError(text, hits)
        keys = (
            [k for k, v in self._lookup.items() if any(h[0] == facet_id for h in v)]
            if facet_id is not None
            else list(self._lookup)
        )
        ids: list[tuple[str, str]] = []
        for key in suggest(normalise(text), keys):
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

    # ---------------------------------------------------------------- incidents and evidence

    def incident(self, incident_id: str) -> Incident:
        """The incident with this id; ``UnknownTermError`` with suggestions otherwise."""
        found = self._incident_by_id.get(incident_id)
        if found is None:
            raise UnknownTermError(incident_id, suggest(incident_id, self._incident_by_id), context="incident")
        return found

    def incidents(
        self,
        *,
        target: Filter = None,
        perpetrator: Filter = None,
        motive: Filter = None,
        modus_operandi: Filter = None,
        outcome: Outcome | str | Iterable[Outcome | str] | None = None,
        country: str | Iterable[str] | None = None,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
    ) -> tuple[Incident, ...]:
        """The documented incidents that match, oldest first.

        Term filters work as in ``scenarios`` (a broader term includes its narrower terms):
        an incident matches when one of its terms in that facet is within the filter; an
        incident with no term in a filtered facet does not match.

        >>> import softtargets as st
        >>> [i.name for i in st.load().incidents(target="christmas_market", modus_operandi="vehicle_ramming")][:1]
        ['Berlin Christmas market truck attack']
        """
        domains = self._domains(
            {"target": target, "perpetrator": perpetrator, "motive": motive, "modus_operandi": modus_operandi}
        )
        active = [
            (pos, domains[pos])
            for pos, (name, value) in enumerate(
                zip(
                    ("target", "perpetrator", "motive", "modus_operandi"), (target, perpetrator, motive, modus_operandi)
                )
            )
            if value is not None
        ]
        outcomes: set[Outcome] | None = None
        if outcome is not None:
            outcomes = set()
            for o in [outcome] if isinstance(outcome, str) else outcome:
                try:
                    outcomes.add(Outcome(o))
                except ValueError:
                    raise UnknownValueError("outcome", o, [v.value for v in Outcome]) from None
        countries: set[str] | None = None
        if country is not None:
            countries = set()
            for c in [country] if isinstance(country, str) else country:
                code = str(c).strip().upper()
                if len(code) != 2 or not code.isalpha():
                    raise UnknownValueError("country (ISO 3166-1 alpha-2 code)", c, ["NL", "BE", "DE", "FR", "GB"])
                countries.add(code)
        out = []
        for inc in self._incidents:
            if outcomes is not None and inc.outcome not in outcomes:
                continue
            if countries is not None and inc.country not in countries:
                continue
            if (since and inc.date < since) or (until and inc.date > until):
                continue
            ok = True
            for pos, mask in active:
                facet = self._facets[pos].id
                index = self._index[pos]
                if not any((mask >> index[t]) & 1 for t in inc.values(facet) if t in index):
                    ok = False
                    break
            if ok:
                out.append(inc)
        return tuple(sorted(out, key=lambda i: (i.date, i.id)))

    def evidence(self, item: Relation | Sequence[object]) -> tuple[Incident, ...]:
        """The documented incidents that instantiate a relation or a scenario, oldest first.

        An incident instantiates a relation when it has a term at or below the relation's
        subject and one at or below its object (so a relation on ``event_ground`` is
        instantiated by an attack on a Christmas market). It instantiates a scenario when
        each of the scenario's terms has the incident's term at or below it.
        """
        if isinstance(item, Relation):
            ids = self._relation_evidence().get(item.key)
            if ids is None:
                raise UnknownValueError("relation", str(item), ["a relation of this taxonomy (tax.relations())"])
            return tuple(self._incident_by_id[i] for i in ids)
        indices = self._scenario_indices(item)
        out = []
        for inc in self._incidents:
            if all(
                any(
                    (self._descendants[pos][indices[pos]] >> self._index[pos][t]) & 1
                    for t in inc.values(info.id)
                    if t in self._index[pos]
                )
                for pos, info in enumerate(self._facets)
            ):
                out.append(inc)
        return tuple(sorted(out, key=lambda i: (i.date, i.id)))

    def _relation_evidence(self) -> dict[tuple[str, str, str], tuple[str, ...]]:
        cached = self._evidence_cache
        if cached is not None:
            return cached
        # for each incident and facet: its terms and all their broader terms
        lifted: list[dict[str, set[str]]] = []
        for inc in self._incidents:
            per_facet: dict[str, set[str]] = {}
            for pos, info in enumerate(self._facets):
                index = self._index[pos]
                ups: set[str] = set()
                for t in inc.values(info.id):
                    if t in index:
                        ups.update(self._order[pos][a].id for a in self._ancestors[pos][index[t]])
                per_facet[info.id] = ups
            lifted.append(per_facet)
        result: dict[tuple[str, str, str], tuple[str, ...]] = {}
        for rel in self._relations:
            result[rel.key] = tuple(
                inc.id
                for inc, ups in zip(self._incidents, lifted)
                if rel.subject in ups.get(rel.subject_facet, ()) and rel.object in ups.get(rel.object_facet, ())
            )
        self.__dict__["_evidence_cache"] = result  # a cache: bypasses the immutability guard
        return result

    # ---------------------------------------------------------------- relations and graph

    def relations(
        self,
        *,
        kind: str | None = None,
        term: TermLike | None = None,
        facet: Facet | str | None = None,
        strength: Strength | str | None = None,
    ) -> tuple[Relation, ...]:
        """The relations, optionally only those of ``kind``, touching ``term`` (as subject
        or object), touching ``facet``, or with exactly ``strength``."""
        out: Iterable[Relation] = self._relations
        if kind is not None:
            if kind not in self._kind_by_id:
                raise UnknownValueError("relation kind", kind, list(self._kind_by_id))
            out = [r for r in out if r.kind == kind]
        if facet is not None:
            facet_id = self._facet(facet)
            out = [r for r in out if facet_id in (r.subject_facet, r.object_facet)]
        if term is not None:
            t_facet, t_id = self._resolve(term, None, context="term")
            out = [
                r
                for r in out
                if (r.subject_facet, r.subject) == (t_facet, t_id) or (r.object_facet, r.object) == (t_facet, t_id)
            ]
        if strength is not None:
            wanted = self._strength(strength)
            out = [r for r in out if r.strength is wanted]
        return tuple(out)

    @cached_property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The taxonomy as a frozen networkx ``MultiDiGraph`` (see ``softtargets.graph``)."""
        from .graph import build_graph

        return build_graph(self)

    # ---------------------------------------------------------------- the engine

    @staticmethod
    def _strength(value: Strength | str) -> Strength:
        try:
            return Strength(value)
        except ValueError:
            raise UnknownValueError("strength", value, [s.value for s in Strength]) from None

    def _problem(self, min_strength: Strength) -> engine.Problem:
        problem = self._problems.get(min_strength)
        if problem is not None:
            return problem
        with self._lock:
            problem = self._problems.get(min_strength)
            if problem is None:
                problem = self._compile(min_strength)
                self._problems[min_strength] = problem
        return problem

    def _compile(self, min_strength: Strength) -> engine.Problem:
        """One constraint per relation kind, with relations inherited by narrower terms."""
        constraints = []
        for kind in self._kinds:
            a, b = self._facet_pos[kind.subject], self._facet_pos[kind.object]
            direct = [0] * len(self._order[a])
            for rel in self._relations:
                if rel.kind == kind.id and rel.strength.rank >= min_strength.rank:
                    direct[self._index[a][rel.subject]] |= self._descendants[b][self._index[b][rel.object]]
            forward = [0] * len(self._order[a])
            for i, chain in enumerate(self._ancestors[a]):
                row = 0
                for anc in chain:
                    row |= direct[anc]
                forward[i] = row
            constraints.append(engine.Constraint.from_forward(a, b, forward, len(self._order[b])))
        return engine.Problem(tuple(len(o) for o in self._order), tuple(constraints))

    def _domains(self, filters: Mapping[str, Filter]) -> tuple[int, ...]:
        domains = [(1 << len(o)) - 1 for o in self._order]
        for name, value in filters.items():
            if value is None:
                continue
            facet_id = self._filter_facet(name)
            pos = self._facet_pos[facet_id]
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
                _, term_id = self._resolve(item, facet_id, context=f"filter {name!r}")
                mask |= self._descendants[pos][self._index[pos][term_id]]
            domains[pos] = mask
        return tuple(domains)

    def _filter_facet(self, name: str) -> str:
        if name in self._facet_pos:
            return name
        raise UnknownValueError("filter", name, list(self._facet_pos))

    def _scenario_indices(self, scenario: Sequence[object]) -> list[int]:
        if isinstance(scenario, str) or not isinstance(scenario, Sequence) or len(scenario) != len(self._facets):
            raise FilterTypeError(
                f"expected a scenario: a sequence of {len(self._facets)} terms "
                f"({', '.join(f.id for f in self._facets)}), got {scenario!r}"
            )
        out = []
        for info, value in zip(self._facets, scenario):
            pos = self._facet_pos[info.id]
            _, term_id = self._resolve(value, info.id, context=f"scenario {info.id}")
            out.append(self._index[pos][term_id])
        return out

    def _record(self, indices: Sequence[int]) -> Any:
        values = tuple(self._values[f][i] for f, i in enumerate(indices))
        return Scenario(*values) if self._builtin_facets else values

    def scenarios(
        self,
        *,
        target: Filter = None,
        perpetrator: Filter = None,
        motive: Filter = None,
        modus_operandi: Filter = None,
        min_strength: Strength | str = Strength.PLAUSIBLE,
        **other_facets: Filter,
    ) -> ScenarioSet:
        """The scenarios of the diffuse threat that match the filters.

        Each filter takes an enum member, an id or label, or an iterable of them; a broader
        term includes its narrower terms. ``min_strength="documented"`` keeps only
        scenarios whose every relation is documented by incidents. Facets added by an
        extension are filtered by their facet id as a keyword.

        >>> import softtargets as st
        >>> found = st.load().scenarios(target="kerstmarkt", modus_operandi="vehicle_ramming")
        >>> all(s.modus_operandi is st.ModusOperandi.VEHICLE_RAMMING for s in found)
        True
        """
        filters: dict[str, Filter] = {
            "target": target,
            "perpetrator": perpetrator,
            "motive": motive,
            "modus_operandi": modus_operandi,
            **other_facets,
        }
        strength = self._strength(min_strength)
        shown = {k: v for k, v in filters.items() if v is not None}
        return ScenarioSet(self, self._domains(filters), strength, shown)

    def is_plausible(self, scenario: Sequence[object], min_strength: Strength | str = Strength.PLAUSIBLE) -> bool:
        """True when every relation the scenario needs holds with at least ``min_strength``.

        >>> import softtargets as st
        >>> st.load().is_plausible(("christmas_market", "lone_actor", "jihadism", "vehicle_ramming"))
        True
        """
        indices = self._scenario_indices(scenario)
        return engine.holds(self._problem(self._strength(min_strength)), indices)

    def explain(self, scenario: Sequence[object], min_strength: Strength | str = Strength.PLAUSIBLE) -> Explanation:
        """Why a scenario is (or is not) part of the diffuse threat.

        For every relation kind of the schema, the explanation lists the relations that
        link the scenario's two terms, directly or through broader terms, with their
        sources; a requirement without any is missing.
        """
        strength = self._strength(min_strength)
        indices = self._scenario_indices(scenario)
        requirements = []
        for kind in self._kinds:
            a, b = self._facet_pos[kind.subject], self._facet_pos[kind.object]
            xa, xb = indices[a], indices[b]
            found = []
            for anc_a in self._ancestors[a][xa]:
                for anc_b in self._ancestors[b][xb]:
                    rel = self._relation_by_key.get((kind.id, self._order[a][anc_a].id, self._order[b][anc_b].id))
                    if rel is not None and rel.strength.rank >= strength.rank:
                        found.append(rel)
            evidence = self._relation_evidence()
            requirements.append(
                Requirement(
                    kind=kind.id,
                    subject=self._order[a][xa].id,
                    object=self._order[b][xb].id,
                    relations=tuple(found),
                    incident_counts=tuple(len(evidence.get(r.key, ())) for r in found),
                )
            )
        why = Explanation(
            scenario=self._record(indices),
            min_strength=strength,
            requirements=tuple(requirements),
        )
        why._taxonomy = self
        return why

    def diffuseness(
        self,
        *,
        target: Filter = None,
        perpetrator: Filter = None,
        motive: Filter = None,
        modus_operandi: Filter = None,
        min_strength: Strength | str = Strength.PLAUSIBLE,
        **other_facets: Filter,
    ) -> Diffuseness:
        """How diffuse the threat is within the filters.

        Returns the number of scenarios, their share of the Cartesian product of the
        filtered facets, and for each facet the normalised Shannon entropy of the scenario
        counts over its terms (1.0: scenarios spread evenly over every term; 0.0: all on
        one term, or the facet has a single term).
        """
        found = self.scenarios(
            target=target,
            perpetrator=perpetrator,
            motive=motive,
            modus_operandi=modus_operandi,
            min_strength=min_strength,
            **other_facets,
        )
        total = len(found)
        product = math.prod(d.bit_count() for d in found._domains)
        entropy: dict[str, float] = {}
        for info in self._facets:
            counts = found.count_by(info.id)
            n = len(counts)
            if total == 0 or n <= 1:
                entropy[info.id] = 0.0
                continue
            h = -sum((c / total) * math.log(c / total) for c in counts.values() if c)
            entropy[info.id] = min(1.0, max(0.0, round(h / math.log(n), 6))) + 0.0  # no -0.0
        result = Diffuseness(
            scenarios=total,
            product=product,
            share=(total / product) if product else 0.0,
            entropy=entropy,
            filters={k: _describe(v) for k, v in found.filters.items()},
            min_strength=found.min_strength,
        )
        result._taxonomy = self
        return result

    # ---------------------------------------------------------------- used by ScenarioSet

    def _count(self, strength: Strength, domains: Sequence[int], assigned: Sequence[int] | None = None) -> int:
        return engine.count(self._problem(strength), domains, assigned)

    def _iterate(self, strength: Strength, domains: Sequence[int]) -> Iterable[tuple[Any, ...]]:
        return engine.enumerate_values(self._problem(strength), domains, self._values)


def _problems_of(bundle: Bundle, infos: Sequence[ExtensionInfo], ext: Extension) -> list[str]:
    from .extension import check_extension

    found = check_extension(
        ext,
        facets=[f.id for f in bundle.facets],
        kinds={k.id: (k.subject, k.object) for k in bundle.kinds},
        terms={(t.facet, t.id): t.broader for t in bundle.terms},
        labels=_label_owners(bundle.terms),
        relations=[r.key for r in bundle.relations],
        sources={s.id: s for s in bundle.sources},
    )
    if any(info.namespace == ext.namespace for info in infos):
        found.append(f"namespace: namespace {ext.namespace!r} is already used by another extension")
    return found


def _label_owners(terms: Iterable[Term]) -> dict[tuple[str, str], str]:
    owners: dict[tuple[str, str], str] = {}
    for term in terms:
        for text in (term.id, term.label_en, term.label_nl, *term.alt_labels_en, *term.alt_labels_nl):
            for folded in (normalise(text), compact(text)):
                owners.setdefault((term.facet, folded), term.id)
    return owners


def _apply(bundle: Bundle, ext: Extension) -> Bundle:
    """``bundle`` plus ``ext`` (already checked): resolve the extension's specs."""
    problems: list[str] = []
    resolver = Resolver(bundle.sources, bundle.kinds)
    for n, source in enumerate(ext.sources):
        resolver.add_source(source, f"source[{n}]", problems)
    for n, incident in enumerate(ext.incidents):
        resolver.add_source(incident.to_source(), f"incident[{n}]", problems)
    items: tuple[FacetSpec | KindSpec | TermSpec | RelationSpec, ...] = (
        *ext.facets,
        *ext.kinds,
        *ext.terms,
        *ext.relations,
    )
    for item in items:
        for ref in item.sources:
            if isinstance(ref, Source):
                resolver.add_source(ref, "inline source", problems)
    facets = [f for n, s in enumerate(ext.facets) if (f := resolver.facet(s, f"facet[{n}]", problems))]
    kinds = [k for n, s in enumerate(ext.kinds) if (k := resolver.kind(s, f"kind[{n}]", problems))]
    resolver.kinds.update({k.id: k for k in kinds})
    terms = [t for n, s in enumerate(ext.terms) if (t := resolver.term(s, f"term[{n}]", problems))]
    rels = [r for n, s in enumerate(ext.relations) if (r := resolver.relation(s, f"relation[{n}]", problems))]
    if problems:  # check_extension catches these first; kept as a safety net
        raise ExtensionError(ext.origin, problems)
    return Bundle(
        tuple(resolver.catalogue.values()),
        bundle.facets + tuple(facets),
        bundle.kinds + tuple(kinds),
        bundle.terms + tuple(terms),
        bundle.relations + tuple(rels),
        bundle.incidents + ext.incidents,
    )


def _describe(value: Filter) -> str:
    if isinstance(value, str):
        return str(value.value) if isinstance(value, TermEnum) else value
    if value is None:
        return ""
    return ", ".join(_describe(v) for v in value)


_BUILTIN: Taxonomy | None = None
_BUILTIN_LOCK = threading.RLock()  # re-entrant: a plugin may call load() while loading


def _check_enums(bundle: Bundle) -> list[str]:
    problems = []
    for facet, enum in FACET_ENUMS.items():
        data_ids = {t.id for t in bundle.terms if t.facet == facet.value}
        member_ids = {m.value for m in enum}
        for missing in sorted(member_ids - data_ids):
            problems.append(f"{enum.__name__} member {missing!r} has no entry in terms.toml")
        for extra in sorted(data_ids - member_ids):
            problems.append(f"term {extra!r} ({facet.value}) in terms.toml is not a member of {enum.__name__}")
    return problems


def _builtin() -> Taxonomy:
    global _BUILTIN
    if _BUILTIN is not None:
        return _BUILTIN
    with _BUILTIN_LOCK:
        if _BUILTIN is None:
            bundle = load_builtin()
            problems = _check_enums(bundle)
            if problems:
                raise DataError("softtargets/data", problems)
            _BUILTIN = Taxonomy(bundle, origin="built-in")
    return _BUILTIN


_WITH_PLUGINS: dict[tuple[str, ...] | None, Taxonomy] = {}


def load(plugins: bool | Sequence[str] = False) -> Taxonomy:
    """The built-in taxonomy: validated on first call, then the same immutable object.

    ``plugins=True`` also applies every extension installed in the entry point group
    ``softtargets.extensions`` (sorted by name); a list of names applies only those.
    This is opt-in because loading a plugin runs its code. Each combination is built
    once and cached.

    >>> import softtargets as st
    >>> st.load() is st.load()
    True
    """
    base = _builtin()
    if plugins is False:
        return base
    if isinstance(plugins, str):
        plugins = [plugins]
    names = None if plugins is True else tuple(plugins)
    cached = _WITH_PLUGINS.get(names)
    if cached is not None:
        return cached
    with _BUILTIN_LOCK:
        cached = _WITH_PLUGINS.get(names)
        if cached is None:
            from .extension import load_plugins

            cached = base.extend(*load_plugins(names))
            _WITH_PLUGINS[names] = cached
    return cached
