"""Partnerships: vocabulary, the three cases as sourced data, threat levels, coverage and gaps."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_bundle, season_extension
from hypothesis import given, settings
from hypothesis import strategies as st_

import softtargets as st
from softtargets import pps
from softtargets.models import Labelled, Source, SourceKind

STUDY = Source(id="study-x", kind=SourceKind.STUDY, citation="A study section.")
GUIDE = Source(id="guide-x", kind=SourceKind.GUIDANCE, citation="Some guidance.")


def test_three_cases() -> None:
    cases = pps.cases()
    assert [p.id for p in cases] == ["arena", "vierdaagse", "diamantkwartier"]
    arena = pps.case("arena")
    assert arena.since == 2016 and arena.scope and "football_stadium" in arena.scope[0].excludes
    vierdaagse = pps.case("Nijmeegse Vierdaagse")
    assert vierdaagse.formal_equality is False and vierdaagse.perceived_equality is True
    liaison = [c for c in vierdaagse.crisis_roles if c.role is pps.Role.CRISIS_LIAISON]
    assert liaison and vierdaagse.actor(liaison[0].actor).sector is pps.Sector.PRIVATE
    assert all(p.form is pps.PPSForm.NETWORK_PPS for p in cases)
    assert any(a.ownership is pps.Ownership.HYBRID for a in arena.actors)
    with pytest.raises(st.UnknownValueError, match="arena"):
        pps.case("arean")


def test_every_fact_has_a_source_and_context_is_never_the_study() -> None:
    facts: list[pps.models._Sourced] = []
    for p in pps.cases():
        facts += [p, *p.targets, *p.scope, *p.members, *p.measures, *p.crisis_roles, *p.findings, *p.actors]
    knowledge = pps.measure_knowledge()
    facts += [*knowledge.mitigations, *knowledge.phases, *knowledge.deliveries]
    facts += [*pps.threat_scales(), *pps.threat_levels(), *pps.threat_links(), *pps.threat_periods()]
    for fact in facts:
        assert fact.sources, fact
        for source in fact.sources:
            # study sources are the catalogue's sections of the report, nothing else
            assert (source.kind is SourceKind.STUDY) == source.id.startswith("study-"), source.id
    # findings are the study's (Table 4, chapter sections)
    for p in pps.cases():
        for finding in p.findings:
            assert finding.from_study, finding.text
    # some case facts come from elsewhere and say so
    antwerp = pps.case("diamantkwartier")
    assert any(not m.from_study for m in antwerp.measures)
    assert any(s.kind is SourceKind.CONTEXT for m in antwerp.measures for s in m.sources)


def test_vocabulary_is_complete_and_labelled() -> None:
    for enum in pps.VOCABULARIES.values():
        for member in enum:
            entry = pps.describe(member)
            assert entry.label_en and entry.label_nl and entry.definition and entry.sources
    for phase in pps.SafetyChainPhase:
        assert pps.describe(phase).contest, phase
    assert pps.describe(pps.SafetyChainPhase.PREPARATION).contest == (pps.ContestStrand.PREPARE,)
    with pytest.raises(st.UnknownValueError):
        pps.describe(st.Facet.TARGET)


def test_vocabulary_labels_are_the_core_label() -> None:
    entry = pps.describe(pps.SafetyChainPhase.PREVENTION)
    assert isinstance(entry, Labelled)
    assert (entry.label(), entry.label("nl"), entry.label(st.Lang.NL)) == ("prevention", "preventie", "preventie")
    with pytest.raises(st.UnknownValueError, match="language 'de'"):
        entry.label("de")


def test_threat_levels() -> None:
    kinds = {s.id: s.kind for s in pps.threat_scales()}
    assert kinds == {
        "nctv": "national_threat_level",
        "ocam": "national_threat_level",
        "uk": "national_threat_level",
        "atb": "sector_alert_system",
    }
    assert [lv.rank for lv in pps.threat_levels("nctv")] == [1, 2, 3, 4, 5]
    assert len(pps.threat_levels("ocam")) == 4 and len(pps.threat_levels("uk")) == 5
    assert pps.threat_links()
    assert all(
        "atb" not in (link.source_level.split(":")[0], link.target_level.split(":")[0]) for link in pps.threat_links()
    )
    assert all(link.match == "close" for link in pps.threat_links())
    # the study: substantial since March 2013
    assert pps.threat_level_on("nctv", dt.date(2016, 6, 1)).id == "substantial"  # type: ignore[union-attr]
    assert pps.threat_level_on("nctv", dt.date(2021, 6, 1)).rank == 3  # type: ignore[union-attr]
    assert pps.threat_level_on("nctv", dt.date(1990, 1, 1)) is None
    with pytest.raises(st.UnknownValueError):
        pps.threat_levels("fr")


# ---------------------------------------------------------------- a small fixture, by hand


def fixture() -> tuple[st.Taxonomy, pps.MeasureKnowledge, pps.Partnership]:
    tax = st.Taxonomy(
        make_bundle(
            ["target", "perpetrator", "motive", "modus_operandi"],
            {
                "target": [("square", None), ("hall", None), ("market", "square")],
                "perpetrator": [("lone", None)],
                "motive": [("m", None)],
                "modus_operandi": [("ramming", None), ("firearms", None)],
            },
            [
                ("sel", "motive", "target"),
                ("thr", "modus_operandi", "target"),
                ("cap", "perpetrator", "modus_operandi"),
            ],
            [
                ("sel", "m", "square", "documented"),
                ("sel", "m", "hall", "documented"),
                ("thr", "ramming", "square", "documented"),
                ("thr", "firearms", "square", "documented"),
                ("thr", "firearms", "hall", "documented"),
                ("cap", "lone", "ramming", "documented"),
                ("cap", "lone", "firearms", "documented"),
            ],
        )
    )
    knowledge = pps.MeasureKnowledge(
        mitigations=(
            pps.MeasureMitigation(
                measure="hostile_vehicle_mitigation",
                modi_operandi=("ramming",),
                targets=("square",),
                note="Barriers.",
                sources=(GUIDE,),
            ),
            pps.MeasureMitigation(
                measure="guarding_patrols", modi_operandi=("firearms",), note="Guards.", sources=(GUIDE,)
            ),
        ),
        phases=(
            pps.MeasurePhases(
                measure="hostile_vehicle_mitigation", phases=("pro_action", "prevention"), note="n", sources=(GUIDE,)
            ),
            pps.MeasurePhases(
                measure="guarding_patrols", phases=("prevention", "response"), note="n", sources=(GUIDE,)
            ),
            pps.MeasurePhases(measure="camera_surveillance", phases=("response",), note="n", sources=(GUIDE,)),
        ),
        deliveries=(),
    )
    city = pps.Actor(id="city", name="City", sector="public", level="local", country="NL", sources=(STUDY,))
    firm = pps.Actor(id="firm", name="Firm", sector="private", level="local", country="NL", sources=(STUDY,))
    partnership = pps.Partnership(
        id="fixture",
        name="Fixture",
        country="NL",
        form="network_pps",
        legal_structuring="informal",
        summary="A hand-made partnership.",
        sources=(STUDY,),
        targets=(
            pps.ProtectedTarget(
                name="Square and hall",
                target_types=("square", "hall"),
                ownership="public",
                access="unrestricted",
                sources=(STUDY,),
            ),
        ),
        members=(pps.Membership(actor="city", sources=(STUDY,)), pps.Membership(actor="firm", sources=(STUDY,))),
        measures=(
            pps.MeasureProvision(measure="hostile_vehicle_mitigation", provider="city", sources=(STUDY,)),
            pps.MeasureProvision(measure="guarding_patrols", provider="firm", sources=(STUDY,)),
        ),
        actors=(city, firm),
    )
    return tax, knowledge, partnership


def test_coverage_on_the_fixture_matches_the_hand_computation() -> None:
    tax, knowledge, partnership = fixture()
    cov = pps.coverage(partnership, tax, knowledge=knowledge)
    # scenarios at square (and its narrower market) and hall:
    #   square: ramming, firearms; market (inherits square): ramming, firearms; hall: firearms
    assert len(cov.rows) == 5 and cov.target_types == ("square", "hall", "market")
    rows = {(str(r.scenario.target), str(r.scenario.modus_operandi)): r for r in cov.rows}
    assert rows[("square", "ramming")].measures == (pps.MeasureType.HOSTILE_VEHICLE_MITIGATION,)
    assert rows[("square", "ramming")].provided_by == "public"
    assert rows[("square", "ramming")].phases == (pps.SafetyChainPhase.PRO_ACTION, pps.SafetyChainPhase.PREVENTION)
    assert rows[("market", "ramming")].providers == ("city",)  # barriers at squares cover markets on them
    assert rows[("hall", "firearms")].provided_by == "private"
    assert cov.gaps == () and cov.share_covered == 1.0
    assert dict(cov.by_provider) == {"public": 2, "private": 3, "both": 0, "none": 0}
    # without the guards, the three firearms scenarios are gaps
    bare = partnership.model_copy(update={"measures": partnership.measures[:1]})
    gaps = pps.coverage(bare, tax, knowledge=knowledge).gaps
    assert sorted((str(s.target), str(s.modus_operandi)) for s in gaps) == [
        ("hall", "firearms"),
        ("market", "firearms"),
        ("square", "firearms"),
    ]
    # a scope restriction removes the hall
    scoped = partnership.model_copy(
        update={"scope": (pps.ScopeRestriction(description="Not the hall.", excludes=("hall",), sources=(STUDY,)),)}
    )
    assert len(pps.coverage(scoped, tax, knowledge=knowledge).rows) == 4


def test_roles_table_on_the_fixture() -> None:
    _, knowledge, partnership = fixture()
    table = pps.roles_table(partnership, knowledge=knowledge)
    assert table.cells[pps.Sector.PUBLIC][pps.SafetyChainPhase.PRO_ACTION] == (
        pps.MeasureType.HOSTILE_VEHICLE_MITIGATION,
    )
    assert table.cells[pps.Sector.PRIVATE][pps.SafetyChainPhase.RESPONSE] == (pps.MeasureType.GUARDING_PATROLS,)
    assert table.cells[pps.Sector.PRIVATE][pps.SafetyChainPhase.AFTERCARE] == ()
    assert "guarding and patrols" in str(table) and "guarding_patrols" not in str(table)


def test_with_measure_needs_a_member() -> None:
    _, _, partnership = fixture()
    with pytest.raises(KeyError):
        partnership.with_measure(pps.MeasureProvision(measure="exercises", provider="nobody", sources=(STUDY,)))


@settings(max_examples=60, deadline=None)
@given(
    st_.sampled_from(["arena", "vierdaagse", "diamantkwartier"]),
    st_.sampled_from(list(pps.MeasureType)),
    st_.integers(0, 10),
)
def test_adding_a_measure_only_shrinks_the_gaps(case_id: str, measure: pps.MeasureType, who: int) -> None:
    partnership = pps.case(case_id)
    provider = partnership.actors[who % len(partnership.actors)].id
    before = set(pps.coverage(partnership).gaps)
    more = partnership.with_measure(pps.MeasureProvision(measure=measure, provider=provider, sources=(STUDY,)))
    after = set(pps.coverage(more).gaps)
    assert after <= before


def test_cases_coverage_and_comparison(tax: st.Taxonomy) -> None:
    comparison = pps.compare()
    assert [r["id"] for r in comparison.rows] == ["arena", "vierdaagse", "diamantkwartier"]
    for row, p in zip(comparison.rows, pps.cases(), strict=True):
        cov = pps.coverage(p, tax)
        assert row["scenarios"] == len(cov.rows) > 0
        assert row["gaps"] == len(cov.gaps)
        assert row["actors"] == row["public_actors"] + row["private_actors"]
        for r in cov.rows:  # every row is a plausible scenario at the partnership's targets
            assert tax.is_plausible(r.scenario)
    arena = pps.coverage(pps.case("arena"), tax)
    assert all(str(r.scenario.target) != "football_stadium" for r in arena.rows)
    assert "Johan Cruijff ArenA" in str(comparison)
    records = arena.to_records()
    assert records and {"covered", "measures", "providers"} <= set(records[0])


def test_coverage_works_with_an_extension_facet(tax: st.Taxonomy) -> None:
    bigger = tax.extend(season_extension(target="concert_venue", season="summer"))
    cov = pps.coverage(pps.case("arena"), bigger)
    assert cov.rows and all(len(r.scenario) == 5 for r in cov.rows)
    # every scenario now needs a season: only the arena's concert-venue scenarios have one
    base = pps.coverage(pps.case("arena"), tax)
    expected = sorted(tuple(map(str, r.scenario)) for r in base.rows if str(r.scenario.target) == "concert_venue")
    assert expected and sorted(tuple(map(str, r.scenario[:4])) for r in cov.rows) == expected
    assert {str(r.scenario[4]) for r in cov.rows} == {"season.summer"}
    assert cov.to_records()[0]["season.time"] == "season.summer"


def test_roles_table_of_the_vierdaagse() -> None:
    table = pps.roles_table(pps.case("vierdaagse"))
    assert pps.MeasureType.PERMIT_CONDITIONS in table.cells[pps.Sector.PUBLIC][pps.SafetyChainPhase.PREVENTION]
    assert pps.MeasureType.CROWD_MOBILITY_MANAGEMENT in table.cells[pps.Sector.PRIVATE][pps.SafetyChainPhase.PREVENTION]


def test_example_script() -> None:
    script = Path(__file__).parent.parent / "examples" / "partnerships.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert "not covered by any measure" in out.stdout and "Nijmeegse Vierdaagse" in out.stdout


def test_scope_exclusions_hold_for_narrower_terms_of_a_protected_type() -> None:
    """A partnership that protects open public space but excludes beaches has no scenario at a
    beach, although a query for open public space admits its narrower terms."""
    tax = st.load()
    assert "beach_promenade" in {t.id for t in tax.narrower("open_public_space", "target", deep=True)}
    for case in ("arena", "diamantkwartier"):
        cov = pps.coverage(pps.case(case), tax)
        shown = {str(r.scenario.target) for r in cov.rows}
        assert "beach_promenade" not in shown and shown <= set(cov.target_types), case
