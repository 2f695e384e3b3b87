"""The ``Taxonomy``: a thin, immutable facade over ``index`` (lookup, hierarchy), ``validate``,
``compile`` (relations to the engine's problem), ``evidence`` (incidents), ``extension`` and
``document`` (the JSON document, equality); and ``load()``, the cached built-in taxonomy.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from . import views
from ._text import suggest
from .behaviour import Outcome, RelationBase, Strength
from .bundle import Bundle, builtin_bundle
from .cache import cached, paused_gc
from .compile import Compiled
from .compile import strength as to_strength
from .errors import DataError, ImmutableError, Problem, SofttargetsError, UnknownTermError, UnknownValueError, expect
from .evidence import Evidence, check_days
from .facets import Facet, TermEnum
from .index import Filter, TermIndex, TermLike
from .scenarios import ScenarioSet

if TYPE_CHECKING:
    import networkx as nx

    from .answers import Diffuseness, Explanation
    from .extension import Extension, ExtensionInfo
    from .models import FacetInfo, Incident, Relation, RelationKind, Source, Term

__all__ = ["Filter", "Taxonomy", "TermLike", "load", "or_builtin"]

_QUERY_FACETS = tuple(f.value for f in Facet)
"""The keyword filters of ``scenarios``, ``incidents`` and ``diffuseness``; others: ``**other_facets``."""


class Taxonomy:
    """An immutable set of facets, terms and sourced relations, with scenario queries (``st.load()``).

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
        checked: bool = False,
        index: TermIndex | None = None,
    ) -> None:
        # checked: the cross-record checks have run; index: a TermIndex of the bundle and enums
        if not checked:
            from .validate import bundle_problems

            problems = bundle_problems(bundle)
            if problems:
                raise DataError(origin, problems)
        self._bundle = bundle
        self._origin = origin
        self._extensions = tuple(extensions)
        self._enums = tuple(enums)
        self._index = TermIndex(bundle.facets, bundle.terms, self._enums) if index is None else index
        self._compiled = Compiled(self._index, bundle.kinds, bundle.relations)
        self._evidence = Evidence(self._index, bundle.incidents, bundle.relations)
        self._sources = {s.id: s for s in bundle.sources}
        self._kind_by_id = {k.id: k for k in bundle.kinds}
        self.__dict__["_sealed"] = True

    @cached_property
    def _relation_by_key(self) -> dict[tuple[str, str, str], Relation]:  # on the first explanation
        return {r.key: r for r in self._bundle.relations}

    def __setattr__(self, name: str, value: object) -> None:
        if self.__dict__.get("_sealed"):
            raise ImmutableError(f"a Taxonomy is immutable: cannot set {name!r}; use extend() to make a new one")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise ImmutableError(f"a Taxonomy is immutable: cannot delete {name!r}")

    def __repr__(self) -> str:
        index = self._index
        counts = ", ".join(f"{f.id}={len(index.terms(n))}" for n, f in enumerate(index.facets))
        return f"<Taxonomy {self._origin}: {counts}, relations={len(self._bundle.relations)}>"

    def __eq__(self, other: object) -> bool:
        """Equal when both hold the same facets, kinds, terms, relations, sources and
        incidents (order and the extensions' bookkeeping aside)."""
        if not isinstance(other, Taxonomy):
            return NotImplemented
        return self is other or self.canonical() == other.canonical()

    def __hash__(self) -> int:
        return hash(self.digest())

    def canonical(self) -> dict[str, Any]:
        """The taxonomy as one JSON-ready document with every table sorted: equal for equal
        taxonomies (see ``softtargets.document``). Computed once."""
        cached_doc: dict[str, Any] | None = self.__dict__.get("_canonical_cache")
        if cached_doc is None:
            from .document import canonical

            cached_doc = canonical(self)
            self.__dict__["_canonical_cache"] = cached_doc  # a cache: bypasses the immutability guard
        return cached_doc

    def digest(self) -> str:
        """A SHA-256 of the canonical document: equal taxonomies have equal digests."""
        import hashlib  # only here: it costs the cold start a few milliseconds

        return hashlib.sha256(json.dumps(self.canonical(), sort_keys=True).encode()).hexdigest()

    @property
    def origin(self) -> str:
        """Where the taxonomy came from: "built-in", a file read back, "+extensions"..."""
        return self._origin

    def export(self, fmt: str, path: str | os.PathLike[str] | None = None, *, base: str | None = None) -> str:
        """The taxonomy as text in ``fmt`` (see ``softtargets.interop.FORMATS``: "json",
        "turtle", "json-ld", "graphml", "gexf", "node-link", "stix"), also written to ``path``
        when given. SKOS formats need the ``rdf`` extra (STIX is written as plain JSON);
        ``softtargets.read`` reads back every format that carries a whole taxonomy.

        ``base`` (SKOS formats only) is the IRI the resources' IRIs start with, such as
        ``"https://example.org/st/"``; by default they are URNs (``urn:softtargets:``). The IRI
        of each resource is documented in ``softtargets.interop.skos``.

        >>> import softtargets as st
        >>> tax = st.load()
        >>> st.read(tax.export("json"), "json") == tax
        True
        """
        expect("fmt", fmt, str, "a format name (str), one of softtargets.interop.FORMATS")
        if path is not None:
            expect("path", path, (str, os.PathLike), "a file path or None")
        if base is None:
            return str(views.render("export", self, fmt, path))
        expect("base", base, str, "a base IRI (str) ending in '/', '#' or ':', or None")
        return str(views.render("export", self, fmt, path, base=base))

    def plot(self, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> Any:
        """The layered diagram of the whole taxonomy (needs the ``plot`` extra: matplotlib);
        saved to ``path`` (.png or .svg) when given. See ``softtargets.plot``."""
        return views.render("plot", self, path=path, lang=lang)

    @property
    def extensions(self) -> tuple[ExtensionInfo, ...]:
        """The extensions applied to make this taxonomy, in order (name, version, origin)."""
        return self._extensions

    @paused_gc
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
        from .extension import apply_all

        labels, folds = dict(self._index.label_owners()), dict[str, str]()
        args = (self._bundle, self._extensions, self._enums, extensions)
        bundle, infos, enums = apply_all(*args, labels=labels, folds=folds)
        # checked against all before it: no second check; the index reuses this one's parts and labels
        index = TermIndex(bundle.facets, bundle.terms, enums, base=self._index, folds=folds, owners=labels)
        origin = self._origin + "+extensions"
        return Taxonomy(bundle, origin=origin, extensions=infos, enums=enums, checked=True, index=index)

    def check(self, extension: Extension) -> tuple[Problem, ...]:
        """Every problem ``extension`` would have if applied to this taxonomy (empty when it
        applies cleanly), each located by its path into the extension's document."""
        from .extension import Extension, locate
        from .validate import extension_problems

        expect("extension", extension, Extension, "a softtargets.Extension")
        namespaces = (i.namespace for i in self._extensions)
        found = extension_problems(extension, self._bundle, namespaces, labels=dict(self._index.label_owners()))
        return locate(found, extension)

    @property
    def facets(self) -> tuple[FacetInfo, ...]:
        """The facets of the schema, in scenario field order, with labels."""
        return self._index.facets

    @property
    def kinds(self) -> tuple[RelationKind, ...]:
        """The relation kinds of the schema: which facet pairs a scenario must relate."""
        return self._bundle.kinds

    def sources(self) -> tuple[Source, ...]:
        """Every source the taxonomy cites (study, standards, guidance, incidents)."""
        return tuple(self._sources.values())

    def source(self, source_id: str) -> Source:
        """The source with this id; raises ``UnknownTermError`` with suggestions otherwise."""
        expect("source_id", source_id, str, "a source id (str)")
        try:
            return self._sources[source_id]
        except KeyError:
            raise UnknownTermError(source_id, suggest(source_id, self._sources), context="source") from None

    # ---------------------------------------------------------------- terms

    def facet(self, facet: Facet | str) -> FacetInfo:
        """The facet with this id or member (``"modus operandi"`` and ``"Modus-Operandi"``
        work too); an unknown name raises ``UnknownValueError`` listing the valid ones.

        >>> import softtargets as st
        >>> st.load().facet("modus operandi").label_nl
        'modus operandi'
        """
        return self._index.facets[self._index.position(facet)]

    def terms(self, facet: Facet | str | None = None) -> tuple[Term, ...]:
        """The terms of ``facet`` (all terms when None), in data order."""
        if facet is None:
            return self._index.all_terms()
        return self._index.terms(self._index.position(facet))

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
        return self._index.term(text, facet)

    def get(self, text: TermLike, facet: Facet | str | None = None, default: Term | None = None) -> Term | None:
        """Like ``term`` but returns ``default`` for anything it cannot look up (an unknown or
        ambiguous name, or a value that is not a term at all)."""
        try:
            return self.term(text, facet)
        except (LookupError, SofttargetsError):
            return default

    def ancestors(self, term: TermLike, facet: Facet | str | None = None) -> tuple[Term, ...]:
        """The broader terms of ``term``, nearest first (the term itself left out).

        >>> import softtargets as st
        >>> [t.id for t in st.load().ancestors("christmas_market")]
        ['event_ground']
        """
        return self._index.ancestors(term, facet)

    def narrower(self, term: TermLike, facet: Facet | str | None = None, *, deep: bool = False) -> tuple[Term, ...]:
        """The terms directly below ``term`` (with ``deep=True``, every term below it at any
        depth), in data order; the term itself is left out.

        >>> import softtargets as st
        >>> [t.id for t in st.load().narrower("religious_institution")]
        ['church', 'mosque', 'synagogue']
        """
        return self._index.narrower(term, facet, deep=deep)

    # ---------------------------------------------------------------- incidents and evidence

    def incident(self, incident_id: str) -> Incident:
        """The incident with this id; ``UnknownTermError`` with suggestions otherwise."""
        expect("incident_id", incident_id, str, "an incident id (str)")
        found = self._evidence.get(incident_id)
        if found is None:
            raise UnknownTermError(incident_id, suggest(incident_id, self._evidence.ids()), context="incident")
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
        circumstance: str | Iterable[str] | None = None,
    ) -> tuple[Incident, ...]:
        """The documented incidents that match, oldest first; ``circumstance``: those with
        one of these circumstances (``softtargets.circumstances``: insider, fake_device, ...).

        Term filters work as in ``scenarios`` (a broader term includes its narrower terms):
        an incident matches when one of its terms in that facet is within the filter; an
        incident with no term in a filtered facet does not match.

        >>> import softtargets as st
        >>> [i.name for i in st.load().incidents(target="christmas_market", modus_operandi="vehicle_ramming")][:1]
        ['Berlin Christmas market truck attack']
        """
        check_days(since, until)  # before the term filters, as ever
        filters = dict(zip(_QUERY_FACETS, (target, perpetrator, motive, modus_operandi), strict=True))
        domains = self._index.domains(filters.items())
        masks = [(self._index.position(name), domains[self._index.position(name)]) for name, v in filters.items() if v]
        return self._evidence.matching(masks, outcome, country, since, until, circumstance)

    def evidence(self, item: Relation | Sequence[object]) -> tuple[Incident, ...]:
        """The documented incidents that instantiate a relation or a scenario, oldest first.

        An incident instantiates a relation when it has a term at or below the relation's
        subject and one at or below its object (so a relation on ``event_ground`` is
        instantiated by an attack on a Christmas market). It instantiates a scenario when
        each of the scenario's terms has the incident's term at or below it.
        """
        if isinstance(item, RelationBase):
            found = self._evidence.of_relation(item)
            if found is None:
                raise UnknownValueError("relation", str(item), ["a relation of this taxonomy (tax.relations())"])
            return found
        return self._evidence.of_scenario(self._index.scenario_numbers(item))

    def incident_count(self, relation: Relation) -> int:
        """How many documented incidents instantiate ``relation`` (0 for one this taxonomy
        does not hold); cheaper than ``len(evidence(relation))`` for many relations."""
        return self._evidence.count(relation)

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
        out: Iterable[Relation] = self._bundle.relations
        if kind is not None:
            expect("kind", kind, str, "a relation kind id (str)")
            if kind not in self._kind_by_id:
                raise UnknownValueError("relation kind", kind, list(self._kind_by_id))
            out = [r for r in out if r.kind == kind]
        if facet is not None:
            facet_id = self._index.facet_id(facet)
            out = [r for r in out if facet_id in (r.subject_facet, r.object_facet)]
        if term is not None:
            t_key = self._index.resolve(term, None, context="term")
            out = [r for r in out if t_key in ((r.subject_facet, r.subject), (r.object_facet, r.object))]
        if strength is not None:
            wanted = to_strength(strength)
            out = [r for r in out if r.strength is wanted]
        return tuple(out)

    @cached_property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The taxonomy as a frozen networkx ``MultiDiGraph`` (see ``softtargets.graph``)."""
        from .graph import build_graph

        return build_graph(self)

    # ---------------------------------------------------------------- queries

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
            **dict(zip(_QUERY_FACETS, (target, perpetrator, motive, modus_operandi), strict=True)),
            **other_facets,
        }
        wanted = to_strength(min_strength)
        shown = {k: v for k, v in filters.items() if v is not None}
        return ScenarioSet(self, self._compiled, self._index.domains(filters.items()), wanted, shown)

    def is_plausible(self, scenario: Sequence[object], min_strength: Strength | str = Strength.PLAUSIBLE) -> bool:
        """True when every relation the scenario needs holds with at least ``min_strength``.

        >>> import softtargets as st
        >>> st.load().is_plausible(("christmas_market", "lone_actor", "jihadism", "vehicle_ramming"))
        True
        """
        return self._compiled.holds(to_strength(min_strength), self._index.scenario_numbers(scenario))

    def explain(self, scenario: Sequence[object], min_strength: Strength | str = Strength.PLAUSIBLE) -> Explanation:
        """Why a scenario is (or is not) part of the diffuse threat.

        For every relation kind of the schema, the explanation lists the relations that
        link the scenario's two terms, directly or through broader terms, with their
        sources; a requirement without any is missing.
        """
        from .answers import explain_numbers  # pydantic, on the first explanation

        numbers = self._index.scenario_numbers(scenario)
        return explain_numbers(
            self, self._index, self.kinds, self._relation_by_key, self._evidence, numbers, to_strength(min_strength)
        )

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
        from .answers import diffuseness_of  # pydantic, on the first figures

        return diffuseness_of(found)


@cached
def _builtin() -> Taxonomy:  # built once: the data were checked when the snapshot was made
    return Taxonomy(builtin_bundle(), origin="built-in", checked=True)


def or_builtin(taxonomy: Taxonomy | None) -> Taxonomy:
    """``taxonomy``, or the built-in one when None: what every ``taxonomy=`` parameter means."""
    if taxonomy is None:
        return _builtin()
    expect("taxonomy", taxonomy, Taxonomy, "a Taxonomy or None")
    return taxonomy


@cached
def _with_plugins(names: tuple[str, ...] | None, strict: bool) -> Taxonomy:
    from .extension import apply_plugins

    return apply_plugins(_builtin(), names, strict=strict)


def load(plugins: bool | Sequence[str] = False, *, strict: bool = False) -> Taxonomy:
    """The built-in taxonomy: validated on first call, then the same immutable object.

    ``plugins=True`` also applies every extension installed in the entry point group
    ``softtargets.extensions`` (sorted by name); a list of names applies only those.
    This is opt-in because loading a plugin runs its code. A plugin that fails to load or
    to apply is skipped with a ``PluginWarning``; ``strict=True`` raises ``ExtensionError``
    instead. Each combination is built once and cached.

    >>> import softtargets as st
    >>> st.load() is st.load()
    True
    """
    if plugins is False:
        return _builtin()
    if isinstance(plugins, str):
        plugins = [plugins]
    if plugins is not True:
        accepted = "True, False, a plugin name or a list of plugin names"
        expect("plugins", plugins, (list, tuple), accepted)
        for name in plugins:
            expect("plugins", name, str, accepted)
    return _with_plugins(None if plugins is True else tuple(plugins), bool(strict))
