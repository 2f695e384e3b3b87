"""Incidents: the documented attacks behind the relations, and evidence queries."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

import softtargets as st


def test_dataset_size_and_spread(tax: st.Taxonomy) -> None:
    incidents = tax.incidents()
    assert len(incidents) >= 40
    assert len({i.motive for i in incidents if i.motive}) >= 5
    assert len({mo for i in incidents for mo in i.modi_operandi}) >= 8
    europe = {"AT", "BE", "DE", "DK", "ES", "FI", "FR", "GB", "GR", "IE", "IT", "NL", "NO", "SE", "CH", "PL", "PT"}
    recent_europe = [i for i in incidents if i.country in europe and i.date >= dt.date(2004, 1, 1)]
    assert len(recent_europe) > len(incidents) / 2
    assert any(i.outcome is st.Outcome.FOILED for i in incidents)
    assert list(incidents) == sorted(incidents, key=lambda i: (i.date, i.id))


def test_every_incident_is_sourced_and_classified(tax: st.Taxonomy) -> None:
    for inc in tax.incidents():
        assert inc.urls and all(u.startswith(("http://", "https://")) for u in inc.urls), inc.id
        assert inc.note and inc.name
        assert inc.modi_operandi or inc.outcome is st.Outcome.FOILED, inc.id
        assert inc.id in {s.id for s in tax.sources()}


def test_every_documented_relation_is_instantiated(tax: st.Taxonomy) -> None:
    assert tax.relations(strength="documented")
    for rel in tax.relations(strength="documented"):
        assert tax.evidence(rel), f"{rel} has no incident in the dataset"


def test_cited_incidents_instantiate_what_cites_them(tax: st.Taxonomy) -> None:
    checked = 0
    for rel in tax.relations(strength="documented"):
        behind = {i.id for i in tax.evidence(rel)}
        for source in rel.sources:
            if source.kind is st.SourceKind.INCIDENT:
                assert source.id in behind, f"{rel} cites {source.id}, whose classification does not instantiate it"
                checked += 1
    assert checked > 0


def test_evidence_is_inherited_through_broader_terms(tax: st.Taxonomy) -> None:
    rel = next(r for r in tax.relations(kind="selects") if (r.subject, r.object) == ("jihadism", "event_ground"))
    behind = tax.evidence(rel)
    assert any("christmas_market" in i.targets for i in behind)
    assert all(i.motive == "jihadism" for i in behind)


def test_evidence_for_a_scenario(tax: st.Taxonomy) -> None:
    found = tax.evidence(("christmas_market", "organisation", "jihadism", "vehicle_ramming"))
    assert [i.id for i in found] == ["berlin-2016-12-19"]
    broad = tax.evidence(("event_ground", "organisation", "jihadism", "vehicle_ramming"))
    assert {i.id for i in found} <= {i.id for i in broad}
    assert tax.evidence(("museum", "organisation", "single_issue", "drone")) == ()


def test_incident_filters(tax: st.Taxonomy) -> None:
    ramming = tax.incidents(modus_operandi=st.ModusOperandi.VEHICLE_RAMMING)
    assert ramming and all("vehicle_ramming" in i.modi_operandi for i in ramming)
    explosives = tax.incidents(modus_operandi="explosives")  # includes narrower kinds of device
    assert any("person_borne_ied" in i.modi_operandi for i in explosives)
    german = tax.incidents(country="DE", motive="right_wing")
    assert german and all(i.country == "DE" and i.motive == "right_wing" for i in german)
    foiled = tax.incidents(outcome="foiled")
    assert foiled and all(i.foiled for i in foiled)
    recent = tax.incidents(since=dt.date(2020, 1, 1))
    assert recent and all(i.date >= dt.date(2020, 1, 1) for i in recent)
    with pytest.raises(st.UnknownTermError):
        tax.incidents(target="stadion x")
    with pytest.raises(st.UnknownValueError, match="outcome"):
        tax.incidents(outcome="won")
    with pytest.raises(st.UnknownValueError, match="country"):
        tax.incidents(country="Germany")
    assert tax.incidents(country="de") == tax.incidents(country="DE") != ()  # codes in any case
    assert tax.incident("nice-2016-07-14").city == "Nice"
    with pytest.raises(st.UnknownTermError, match="nice-2016-07-14"):
        tax.incident("nice-2016-07-15")


def test_counts_in_graph_and_explain(tax: st.Taxonomy) -> None:
    rel = tax.relations(kind="threatens", term="christmas_market")[0]
    u, v = f"{rel.subject_facet}:{rel.subject}", f"{rel.object_facet}:{rel.object}"
    assert tax.graph.edges[u, v, rel.kind]["incidents"] == len(tax.evidence(rel))
    why = tax.explain(("christmas_market", "lone_actor", "jihadism", "vehicle_ramming"))
    for req in why.requirements:
        assert len(req.incident_counts) == len(req.relations)
        for r, n in zip(req.relations, req.incident_counts, strict=True):
            assert n == len(tax.evidence(r))
    assert "incidents in the data" in str(why) or "incident in the data" in str(why)


def test_incident_model_validates() -> None:
    base = {"id": "x-2020-01-01", "name": "X", "date": "2020-01-01", "urls": ["https://example.org"], "note": "n"}
    assert st.Incident.model_validate(base).outcome is st.Outcome.COMPLETED
    for bad in ({"country": "Germany"}, {"killed": -1}, {"urls": []}, {"urls": ["ftp://x"]}, {"outcome": "stopped"}):
        with pytest.raises(ValidationError):
            st.Incident.model_validate({**base, **bad})
    source = st.Incident.model_validate({**base, "city": "Y", "country": "NL"}).to_source()
    assert source.kind is st.SourceKind.INCIDENT and source.citation.startswith("X, Y, NL")


def test_extensions_can_add_incidents(tax: st.Taxonomy) -> None:
    bali = st.Incident(
        id="bali-2005-10-01",
        name="Bali bombings",
        date=dt.date(2005, 10, 1),
        city="Kuta",
        country="ID",
        targets=("restaurant_cafe",),
        perpetrator="organisation",
        motive="jihadism",
        modi_operandi=("person_borne_ied",),
        killed=20,
        urls=("https://en.wikipedia.org/wiki/2005_Bali_bombings",),
        note="Suicide bombers of Jemaah Islamiyah struck restaurants full of diners.",
    )
    ext = st.Extension(
        name="bali",
        version="1",
        namespace="bali",
        incidents=(bali,),
    )
    bigger = tax.extend(ext)
    assert len(bigger.incidents()) == len(tax.incidents()) + 1
    # the built-in relation (documented by Paris 2015) now also has Bali as evidence
    rel = bigger.relations(kind="threatens", term="restaurant_cafe")
    assert any(bali in bigger.evidence(r) for r in rel)
    bad = ext.model_copy(update={"incidents": (bali.model_copy(update={"motive": "greed"}),)})
    with pytest.raises(st.ExtensionError, match="'greed' is not a motive term"):
        tax.extend(bad)


# Pairs that an incident's record combines although the attack did not: a record lists all
# its targets and all its methods, so an attack in two places with two methods yields pairs
# of a method and a place it was not used at. Each entry says why; an entry that is no
# longer a gap (the pair became related) or names a pair the incident lacks fails the test.
NOT_INSTANTIATED: dict[tuple[str, str, str, str], str] = {
    ("paris-2015-11-13", "threatens", "hostage_taking", "football_stadium"): (
        "hostages were held only in the Bataclan concert hall, not at the stadium"
    ),
    ("arnhem-2018-09-27", "threatens", "vehicle_borne_ied", "street_festival"): (
        "the plot paired the shooting and suicide vests at the festival with a car bomb elsewhere"
    ),
    ("london-2017-03-22", "threatens", "vehicle_ramming", "government_building"): (
        "the car struck pedestrians on the bridge; the attack at Parliament was with a knife"
    ),
    ("london-2017-06-03", "threatens", "vehicle_ramming", "restaurant_cafe"): (
        "the van struck pedestrians on the bridge; the restaurants and pubs were attacked with knives"
    ),
}


def test_every_incident_is_part_of_the_diffuse_threat(tax: st.Taxonomy) -> None:
    """The relations must cover what the incidents show. For each incident and each relation
    kind, every pair of its terms is related: its perpetrator type and motive (driven_by), its
    perpetrator type and each method (capable_of), its motive and each target (selects), and
    each method and each target (threatens), unless NOT_INSTANTIATED says why the attack did
    not combine them. A relation on a broader term counts (one on ``explosives`` covers a
    ``placed_ied``); an unspecified kind on the incident (``explosives``) counts as related
    when some kind of it is, since the record cannot say which."""
    related = {(r.kind, r.subject, r.object) for r in tax.relations()}

    def up(facet: str, term: str) -> list[str]:
        out = [term]
        while (b := tax.term(out[-1], facet).broader) is not None:
            out.append(b)
        return out

    def down(facet: str, term: str) -> list[str]:
        return [t.id for t in tax.terms(facet) if term in up(facet, t.id)]

    def holds(kind: str, sf: str, s: str, of: str, o: str) -> bool:
        return any((kind, a, b) in related for x in down(sf, s) for a in up(sf, x) for b in up(of, o))

    pairs: list[tuple[str, str, str, str, str, str]] = []  # incident, kind, facets, terms
    for inc in tax.incidents():
        p, m, targets, methods = inc.perpetrator, inc.motive, inc.targets, inc.modi_operandi
        if p and m:
            pairs.append((inc.id, "driven_by", "perpetrator", p, "motive", m))
        pairs += [(inc.id, "capable_of", "perpetrator", p, "modus_operandi", mo) for mo in methods if p]
        pairs += [(inc.id, "selects", "motive", m, "target", t) for t in targets if m]
        pairs += [(inc.id, "threatens", "modus_operandi", mo, "target", t) for mo in methods for t in targets]
    assert len(pairs) > 300

    gaps = [
        f"{i}: {kind} {s} {o}"
        for i, kind, sf, s, of, o in pairs
        if (i, kind, s, o) not in NOT_INSTANTIATED and not holds(kind, sf, s, of, o)
    ]
    assert not gaps, gaps

    combined = {(i, kind, s, o): (sf, of) for i, kind, sf, s, of, o in pairs}
    for key, why in NOT_INSTANTIATED.items():
        assert key in combined, f"{key} is not a pair of that incident"
        assert not holds(key[1], combined[key][0], key[2], combined[key][1], key[3]), f"{key} is related now"
        assert why


# Hosts that copy other sites' pages (scraper mirrors of encyclopedias) or are blogs; an
# incident is checked against the primary or a reputable page instead.
MIRRORS_AND_BLOGS = (
    "liquisearch.com",
    "owiki.org",
    "wiki.x.io",
    "piglix.com",
    "christianpedia.com",
    "calendarz.com",
    "findatwiki.com",
    "wikiwand.com",
    "zxc.wiki",
    "wwrn.org",
    "culteducation.com",
    "radicalrightanalysis.com",
    "tunisianjihadism.com",
    "longwarjournal.org",
    "simple.wikipedia.org",
    "simple.m.wikipedia.org",
)


def test_incident_pages_are_no_mirrors_or_blogs(tax: st.Taxonomy) -> None:
    from urllib.parse import urlsplit

    def listed(url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return any(host == m or host.endswith("." + m) for m in MIRRORS_AND_BLOGS)

    bad = [(inc.id, url) for inc in tax.incidents() for url in inc.urls if listed(url)]
    assert not bad, bad
