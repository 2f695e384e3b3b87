"""The outer modules (crosswalk, gtd, pps, STIX) on a taxonomy they are given: an extension
with a new facet, a new relation kind and a new term under a built-in one. They must follow
that taxonomy's hierarchy and schema, and never fall back on the built-in one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_bundle, season_extension

import softtargets as st
from softtargets import crosswalk, gtd, pps
from softtargets.pps.data import load_pps

EXAMPLE = Path(__file__).parent.parent / "examples" / "extension.toml"
FAN_ZONE = "fanzone.public_viewing"  # examples/extension.toml: a fan zone under event_ground
SEASON = "season.time"


@pytest.fixture(scope="module")
def extended() -> st.Taxonomy:
    """The built-in taxonomy with a season facet and an ``occurs_in`` kind (event grounds occur
    in winter, so every scenario now has a season) and the example's fan zone."""
    return st.load().extend(season_extension(target="event_ground"), st.Extension.from_file(EXAMPLE))


def test_the_extension_adds_a_facet_a_kind_and_a_term_under_a_builtin_one(extended: st.Taxonomy) -> None:
    assert [f.id for f in extended.facets][-1] == SEASON
    assert "season.occurs_in" in {k.id for k in extended.kinds}
    assert [t.id for t in extended.ancestors(FAN_ZONE)] == ["event_ground"]
    assert extended.scenarios(target=FAN_ZONE)


# ---------------------------------------------------------------- crosswalk


def test_for_term_follows_the_given_taxonomy(extended: st.Taxonomy, tax: st.Taxonomy) -> None:
    event_ground = crosswalk.for_term("event_ground", taxonomy=extended)
    assert event_ground  # GTD 'procession/gathering' and STIX sectors
    assert crosswalk.for_term(FAN_ZONE, include_broader=True, taxonomy=extended) == event_ground
    assert crosswalk.for_term("fan zone", include_broader=True, taxonomy=extended) == event_ground  # a label
    assert crosswalk.for_term(FAN_ZONE, taxonomy=extended) == ()  # no code of its own
    sectors = crosswalk.for_term(FAN_ZONE, vocabulary="stix_industry_sector", include_broader=True, taxonomy=extended)
    assert {e.code for e in sectors} == {"commercial", "entertainment"}
    with pytest.raises(st.UnknownTermError):  # the built-in taxonomy has no fan zone: no silent fallback
        crosswalk.for_term(FAN_ZONE, include_broader=True)
    assert crosswalk.for_term("christmas_market", include_broader=True) == crosswalk.for_term(
        "christmas_market", include_broader=True, taxonomy=tax
    )


def test_lookup_names_terms_of_the_extended_taxonomy(extended: st.Taxonomy) -> None:
    entry = crosswalk.lookup("gtd_target_subtype", 78)
    assert entry.terms == ("event_ground",)
    assert FAN_ZONE in {t.id for t in extended.narrower(entry.terms[0], entry.facet, deep=True)}
    for e in crosswalk.entries():
        for term in e.terms:
            assert extended.term(term, e.facet).id == term


def test_crosswalk_matches_terms_by_facet_and_id() -> None:
    # 'other_unknown' is a motive; no perpetrator-type code may claim it by its bare id
    motive = crosswalk.for_term(st.Motive.OTHER_UNKNOWN)
    assert motive and all(e.facet == "motive" for e in motive)


# ---------------------------------------------------------------- GTD


def test_gtd_classify_on_the_extended_taxonomy(extended: st.Taxonomy) -> None:
    row = {
        "eventid": "201612190001",
        "iyear": "2016",
        "imonth": "12",
        "iday": "19",
        "country_txt": "Germany",
        "attacktype1": "3",
        "weaptype1": "6",
        "weapsubtype1": "13",
        "targtype1": "14",
        "targsubtype1": "78",
        "individual": "1",
        "nperps": "1",
    }
    builtin = gtd.classify(row)
    result = gtd.classify(row, taxonomy=extended)
    assert result == builtin
    assert result.incident is not None and result.incident.modi_operandi == ("person_borne_ied",)
    assert result.incident.targets == ("event_ground",)


# ---------------------------------------------------------------- STIX


def test_stix_export_of_the_extended_taxonomy(extended: st.Taxonomy, tax: st.Taxonomy) -> None:
    pytest.importorskip("stix2")
    text = extended.export("stix")  # validated strictly in tests/test_conformance_stix.py
    objects = json.loads(text)["objects"]
    identities = {o["name"]: o for o in objects if o["type"] == "identity"}
    fan_zone, event_ground = identities["fan zone"], identities["event ground"]
    assert fan_zone["sectors"] == event_ground["sectors"] == ["commercial", "entertainment"]
    into_fan_zone = [o for o in objects if o["type"] == "relationship" and o["target_ref"] == fan_zone["id"]]
    assert any("fanzone.public_viewing" in r["description"] for r in into_fan_zone)  # its own documented relation
    assert any("event_ground" in r["description"] for r in into_fan_zone)  # and those it inherits
    assert not any("season." in json.dumps(o) for o in objects)  # the new facet and kind have no STIX form
    builtin_ids = {o["id"] for o in json.loads(tax.export("stix"))["objects"]}
    assert builtin_ids < {o["id"] for o in objects}


def test_stix_scenario_report_on_the_extended_taxonomy(extended: st.Taxonomy) -> None:
    pytest.importorskip("stix2")
    from softtargets.interop.stix import _id, scenario_report, to_bundle

    found = extended.scenarios(target=FAN_ZONE)
    report = next(o for o in scenario_report(found).objects if o.type == "report")
    assert _id("identity", FAN_ZONE) in report.object_refs
    assert to_bundle(taxonomy=extended).id == to_bundle(extended).id != to_bundle().id


# ---------------------------------------------------------------- partnerships


def _event_grounds(target_type: str = "event_ground") -> pps.Partnership:
    """The Vierdaagse, as if it protected every event ground (or ``target_type``)."""
    p = pps.case("vierdaagse")
    target = p.targets[0].model_copy(update={"target_types": (target_type,)})
    return p.model_copy(update={"targets": (target,)})


def test_coverage_on_the_extended_taxonomy(extended: st.Taxonomy) -> None:
    cov = pps.coverage(_event_grounds(), extended)
    assert cov.taxonomy is extended
    assert FAN_ZONE in cov.target_types and "christmas_market" in cov.target_types
    assert all(extended.is_plausible(r.scenario) for r in cov.rows)
    assert {len(r.scenario) for r in cov.rows} == {5}
    fan_rows = [r for r in cov.rows if str(r.scenario[0]) == FAN_ZONE]
    assert fan_rows and all(str(r.scenario[-1]) == "season.winter" for r in fan_rows)
    records = cov.to_records()
    assert {SEASON, "target", "covered"} <= set(records[0])
    # the study's cases too: the arena's concert venue is an event ground, so it has seasons now
    arena = pps.coverage(pps.case("arena"), extended)
    assert arena.rows and all(len(r.scenario) == 5 for r in arena.rows)
    assert len(pps.compare(taxonomy=extended).rows) == 3


def test_coverage_html_and_frame_use_the_coverage_taxonomy(extended: st.Taxonomy) -> None:
    cov = pps.coverage(_event_grounds(), extended)
    page = cov.to_html(lang="en")
    assert "<th>season</th>" in page
    dutch = pps.coverage(pps.case("arena"), extended).to_html(lang="nl")
    assert "<th>seizoen</th>" in dutch
    fan_zone = pps.coverage(_event_grounds(FAN_ZONE), extended).to_html(lang="en")
    assert "<td>fan zone</td>" in fan_zone and "<td>winter</td>" in fan_zone
    pytest.importorskip("pandas")
    frame = cov.to_pandas()
    assert SEASON in frame.columns and len(frame) == len(cov.rows)


def test_coverage_rejects_target_types_the_taxonomy_lacks() -> None:
    other = st.Taxonomy(
        make_bundle(
            [f.value for f in st.Facet],
            {
                "target": [("hall", None)],
                "perpetrator": [("p", None)],
                "motive": [("m", None)],
                "modus_operandi": [("x", None)],
            },
            [("k", "perpetrator", "modus_operandi")],
            [("k", "p", "x", "plausible")],
        )
    )
    with pytest.raises(st.UnknownTermError, match="concert_venue"):
        pps.coverage(pps.case("arena"), other)


# ---------------------------------------------------------------- shared loaders, no hand walks


def test_loaders_build_once() -> None:
    assert crosswalk.entries() is crosswalk.entries()
    assert load_pps() is load_pps()
    assert load_pps().knowledge is pps.measure_knowledge()


@pytest.mark.parametrize(
    "module",
    [
        "crosswalk.py",
        "gtd/records.py",
        "gtd/frame.py",
        "gtd/motives.py",
        "gtd/countries.py",
        "pps/coverage.py",
        "pps/data.py",
        "interop/stix.py",
    ],
)
def test_no_hand_written_singletons_or_broader_walks(module: str) -> None:
    source = (Path(st.__file__).parent / module).read_text(encoding="utf-8")
    for pattern in (".broader", "global ", "threading.Lock", "lru_cache"):
        assert pattern not in source, f"{module} uses {pattern!r}"
