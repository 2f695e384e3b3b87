"""Shared fixtures: the built-in taxonomy and a generator of random taxonomies."""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st_

import softtargets as st
from softtargets._text import refused
from softtargets.loader import Bundle

CI = os.environ.get("CI") == "true"
"""True where CI runs (CI=true): the heavy tests then run at full size. A contributor's run
(CI unset) scales them down so that the whole suite stays within two minutes."""


def scaled(ci: int, dev: int) -> int:
    """``ci`` where CI runs, ``dev`` in a contributor's run: the size of a heavy test (rows,
    examples) that is worth running everywhere, but at full size only in CI."""
    return ci if CI else dev


# A larger hypothesis profile where CI runs: the fuzz and property tests then try more
# examples, within a few minutes. HYPOTHESIS_PROFILE overrides the choice. A test's own
# @settings(max_examples=...) overrides either profile, so such tests scale it with scaled().
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, max_examples=400, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if CI else "dev"))

SOURCE = st.Source(id="test-source", kind=st.SourceKind.GUIDANCE, citation="Synthetic test data.")


@pytest.fixture(scope="session")
def tax() -> st.Taxonomy:
    return st.load()


def make_bundle(
    facets: Sequence[str],
    terms: dict[str, list[tuple[str, str | None]]],
    kinds: Sequence[tuple[str, str, str]],
    relations: Sequence[tuple[str, str, str, str]],
) -> Bundle:
    """A bundle from plain tuples: terms per facet as (id, broader); kinds as (id, subject
    facet, object facet); relations as (kind, subject, object, strength)."""
    facet_models = tuple(
        st.FacetInfo(id=f, label_en=f, label_nl=f"{f} nl", definition=f"Facet {f}.", sources=(SOURCE,)) for f in facets
    )
    term_models = tuple(
        st.Term(
            id=t,
            facet=f,
            label_en=f"{f} {t} en",
            label_nl=f"{f} {t} nl",
            definition=f"Term {t}.",
            broader=b,
            sources=(SOURCE,),
        )
        for f in facets
        for t, b in terms[f]
    )
    kind_by_id = {k: (a, b) for k, a, b in kinds}
    kind_models = tuple(
        st.RelationKind(id=k, subject=a, object=b, label_en=k, label_nl=k, definition=k, sources=(SOURCE,))
        for k, a, b in kinds
    )
    relation_models = tuple(
        st.Relation(
            kind=k,
            subject=s,
            object=o,
            subject_facet=kind_by_id[k][0],
            object_facet=kind_by_id[k][1],
            strength=st.Strength(strength),
            sources=(SOURCE,),
            note="synthetic",
        )
        for k, s, o, strength in relations
    )
    return Bundle((SOURCE,), facet_models, kind_models, term_models, relation_models)


@dataclass
class RandomCase:
    bundle: Bundle
    filters: dict[str, list[str] | None]
    min_strength: str


@st_.composite
def random_cases(draw: st_.DrawFn, builtin_facets: bool = False) -> RandomCase:
    """A random taxonomy (facets, hierarchies, schema, relations) and a random query."""
    if builtin_facets:
        facets = [f.value for f in st.Facet]
    else:
        facets = [f"f{n}" for n in range(draw(st_.integers(2, 4)))]
    terms: dict[str, list[tuple[str, str | None]]] = {}
    for f in facets:
        size = draw(st_.integers(1, 6))
        rows: list[tuple[str, str | None]] = []
        for n in range(size):
            parent = draw(st_.one_of(st_.none(), st_.integers(0, n - 1))) if n else None
            rows.append((f"t{n}", f"t{parent}" if parent is not None else None))
        terms[f] = rows
    pairs = [(a, b) for a, b in itertools.permutations(facets, 2)]
    chosen = draw(st_.lists(st_.sampled_from(pairs), min_size=1, max_size=5))
    kinds = [(f"k{n}", a, b) for n, (a, b) in enumerate(chosen)]
    relations = []
    for k, a, b in kinds:
        for s, _ in terms[a]:
            for o, _ in terms[b]:
                strength = draw(st_.sampled_from([None, None, "plausible", "documented"]))
                if strength:
                    relations.append((k, s, o, strength))
    filters: dict[str, list[str] | None] = {}
    for f in facets:
        ids = [t for t, _ in terms[f]]
        filters[f] = draw(st_.one_of(st_.none(), st_.lists(st_.sampled_from(ids), min_size=1, max_size=3)))
    strength = draw(st_.sampled_from(["plausible", "documented"]))
    return RandomCase(make_bundle(facets, terms, kinds, relations), filters, strength)


TEXT = st_.text(
    alphabet=st_.characters(blacklist_categories=("Cs", "Cc")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s.strip() and refused(s) is None)
"""Label-like text: printable, no surrounding white space, nothing that text fields refuse."""


@st_.composite
def extensions(draw: st_.DrawFn) -> st.Extension:
    """A random extension of the built-in taxonomy: new target types (some narrower than
    built-in ones or each other) with their threats, and an inline source."""
    builtin = st.load()
    targets = [t.id for t in builtin.terms("target")]
    methods = [t.id for t in builtin.terms("modus_operandi")]
    ns = draw(st_.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True))
    inline = st.Source(
        id=f"{ns}-src",
        kind=draw(st_.sampled_from(list(st.SourceKind))),
        citation=draw(TEXT),
        url=draw(st_.one_of(st_.none(), st_.just("https://example.org/a?b=c"))),
        date=draw(st_.one_of(st_.none(), st_.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))),
    )
    terms: list[st.TermSpec] = []
    n_terms = draw(st_.integers(0, 4))
    for n in range(n_terms):
        broader = draw(st_.one_of(st_.none(), st_.sampled_from(targets + [t.id for t in terms])))
        terms.append(
            st.TermSpec(
                id=f"{ns}.t{n}",
                facet="target",
                label_en=f"{ns} en {n} " + draw(TEXT),
                label_nl=f"{ns} nl {n} " + draw(TEXT),
                alt_labels_en=tuple(f"{ns} alt {n} {k} " + a for k, a in enumerate(draw(st_.lists(TEXT, max_size=2)))),
                definition=draw(TEXT),
                broader=broader,
                sources=(draw(st_.sampled_from(["cisa-stcp", inline])),),
            )
        )
    relations = []
    incidents = []
    seen = set()
    for _ in range(draw(st_.integers(0, 4))):
        if not terms:
            break
        obj = draw(st_.sampled_from([t.id for t in terms]))
        subj = draw(st_.sampled_from(methods))
        if (subj, obj) in seen:
            continue
        seen.add((subj, obj))
        strength = draw(st_.sampled_from(list(st.Strength)))
        sources: tuple[str, ...] = ("cisa-stcp",)
        if strength is st.Strength.DOCUMENTED:  # a documented relation cites an incident behind it
            incident_id = f"{ns.replace('_', '-')}-{len(incidents)}-2020-01-01"
            incidents.append(
                st.Incident(
                    id=incident_id,
                    name=f"incident {len(incidents)}",
                    date=dt.date(2020, 1, 1),
                    targets=(obj,),
                    modi_operandi=(subj,),
                    urls=("https://example.org/incident",),
                    note=draw(TEXT),
                )
            )
            sources = (incident_id,)
        relations.append(
            st.RelationSpec(
                kind="threatens",
                subject=subj,
                object=obj,
                strength=strength,
                sources=sources,
                note=draw(TEXT),
            )
        )
    return st.Extension(
        name=f"ext-{ns}",
        version=draw(st_.from_regex(r"[0-9][0-9a-z.]{0,5}", fullmatch=True)),
        namespace=ns,
        description=draw(st_.one_of(st_.none(), TEXT)),
        sources=(inline,),
        terms=tuple(terms),
        relations=tuple(relations),
        incidents=tuple(incidents),
    )


def brute_force(case: RandomCase) -> list[tuple[str, ...]]:
    """The scenarios by definition (design §3), straight from the data: every combination
    of terms in the filters (narrower terms included) whose every kind is related, directly
    or through broader terms, with at least the requested strength."""
    bundle = case.bundle
    rank = {"plausible": 1, "documented": 2}
    broader = {(t.facet, t.id): t.broader for t in bundle.terms}

    def ancestors(facet: str, term: str) -> list[str]:
        out = [term]
        while (up := broader[(facet, out[-1])]) is not None:
            out.append(up)
        return out

    domains = []
    for info in bundle.facets:
        all_ids = [t.id for t in bundle.terms if t.facet == info.id]
        wanted = case.filters.get(info.id)
        if wanted is None:
            domains.append(all_ids)
        else:
            domains.append([t for t in all_ids if set(ancestors(info.id, t)) & set(wanted)])
    related = {(r.kind, r.subject, r.object) for r in bundle.relations if r.strength.rank >= rank[case.min_strength]}
    pos = {f.id: n for n, f in enumerate(bundle.facets)}
    out = []
    for combo in itertools.product(*domains):
        ok = True
        for kind in bundle.kinds:
            a, b = pos[kind.subject], pos[kind.object]
            if not any(
                (kind.id, s, o) in related
                for s in ancestors(kind.subject, combo[a])
                for o in ancestors(kind.object, combo[b])
            ):
                ok = False
                break
        if ok:
            out.append(combo)
    return out


def season_extension(target: str = "christmas_market", season: str = "winter") -> st.Extension:
    """An extension that adds a whole facet (seasons), a relation kind linking target types to
    it, one season and one relation: a schema with five facets."""
    src = st.Source(id="season-note", kind="guidance", citation="Seasonal events planning.")
    return st.Extension(
        name="season",
        version="1",
        namespace="season",
        facets=[
            st.FacetSpec(id="season.time", label_en="season", label_nl="seizoen", definition="When.", sources=[src])
        ],
        kinds=[
            st.KindSpec(
                id="season.occurs_in",
                subject="target",
                object="season.time",
                label_en="occurs in",
                label_nl="vindt plaats in",
                definition="The target is busy in this season.",
                sources=["season-note"],
            )
        ],
        terms=[
            st.TermSpec(
                id=f"season.{season}",
                facet="season.time",
                label_en=season,
                label_nl=season,
                definition=f"{season.capitalize()}.",
                sources=["season-note"],
            )
        ],
        relations=[
            st.RelationSpec(
                kind="season.occurs_in",
                subject=target,
                object=f"season.{season}",
                strength="plausible",
                sources=["season-note"],
                note=f"The target type is busy in {season}.",
            )
        ],
    )


# Any value a careless or hostile caller might pass: for the fuzz tests of the public API.
ANY = st_.recursive(
    st_.one_of(
        st_.none(),
        st_.booleans(),
        st_.integers(),
        st_.floats(),
        st_.text(),
        st_.binary(),
        st_.sampled_from([*st.TargetType, *st.Motive, *st.ModusOperandi, *st.PerpetratorType, st.Facet.TARGET]),
    ),
    lambda inner: st_.one_of(
        st_.lists(inner, max_size=4), st_.tuples(inner, inner), st_.dictionaries(st_.text(), inner, max_size=3)
    ),
    max_leaves=10,
)


# One GTD record (Berlin, 19 December 2016) that the GTD tests start from.
GTD_ROW = {
    "eventid": "201612190001",
    "iyear": "2016",
    "imonth": "12",
    "iday": "19",
    "country_txt": "Germany",
    "city": "Berlin",
    "attacktype1": "7",
    "weaptype1": "10",
    "targtype1": "14",
    "targsubtype1": "74",
    "individual": "1",
    "nperps": "1",
    "nkill": "12",
    "nwound": "56",
    "success": "1",
}
