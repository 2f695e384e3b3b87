"""Site assessment (``st.assess``): a hand-computed fixture, the monotonicity properties, the
three study cases, located errors in site files, and the method file's own checks."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import pytest
from conftest import scaled
from hypothesis import given, settings
from hypothesis import strategies as st_
from pydantic import ValidationError

import softtargets as st
from softtargets.assess import Partner, Site, SiteMeasure
from softtargets.assess.methodology import parse_method
from softtargets.errors import DataError
from softtargets.loader import Bundle
from softtargets.pps import MeasureType

SOURCE = st.Source(id="fixture", kind="guidance", citation="A synthetic source for the fixture.")
DAY = dt.date(2020, 6, 1)


def _tiny() -> st.Taxonomy:
    """One target (concert_venue under event_ground), one perpetrator, one motive and three
    modi operandi; one relation kind, ``threatens`` (modus operandi -> target)."""
    facets = ("target", "perpetrator", "motive", "modus_operandi")
    terms = {
        "target": [("event_ground", None), ("concert_venue", "event_ground")],
        "perpetrator": [("lone_actor", None)],
        "motive": [("jihadism", None)],
        "modus_operandi": [("vehicle_ramming", None), ("firearms", None), ("bladed_weapon", None)],
    }
    facet_models = tuple(
        st.FacetInfo(id=f, label_en=f, label_nl=f, label_fr=f, definition=f"Facet {f}.", sources=(SOURCE,))
        for f in facets
    )
    term_models = tuple(
        st.Term(
            id=t, facet=f, label_en=t, label_nl=t, label_fr=t, definition=f"Term {t}.", broader=b, sources=(SOURCE,)
        )
        for f in facets
        for t, b in terms[f]
    )
    kind = st.RelationKind(
        id="threatens",
        subject="modus_operandi",
        object="target",
        label_en="threatens",
        label_nl="bedreigt",
        label_fr="menace",
        definition="d",
        sources=(SOURCE,),
    )

    def relation(mo: str, strength: str) -> st.Relation:
        return st.Relation(
            kind="threatens",
            subject=mo,
            object="concert_venue",
            subject_facet="modus_operandi",
            object_facet="target",
            strength=st.Strength(strength),
            sources=(SOURCE,),
            note="synthetic",
        )

    def incident(n: int, mo: str, killed: int, injured: int) -> st.Incident:
        return st.Incident(
            id=f"fixture-2020-06-0{n}",
            name=f"Fixture incident {n}",
            date=DAY,
            country="NL",
            targets=("concert_venue",),
            perpetrator="lone_actor",
            motive="jihadism",
            modi_operandi=(mo,),
            killed=killed,
            injured=injured,
            urls=("https://example.org/fixture",),
            note="Synthetic.",
        )

    bundle = Bundle(
        (SOURCE,),
        facet_models,
        (kind,),
        term_models,
        (
            relation("vehicle_ramming", "documented"),
            relation("firearms", "documented"),
            relation("bladed_weapon", "plausible"),
        ),
        (incident(1, "vehicle_ramming", 9, 36), incident(2, "firearms", 2, 4)),
    )
    return st.Taxonomy(bundle, origin="fixture", checked=True)


def _fixture_site() -> Site:
    return Site(
        name="Fixture hall",
        target_types=("concert_venue",),
        ownership="private",
        access="restricted",
        capacity=100000,
        setting="indoor",
        vehicle_access="open",
        country="NL",
        date=DAY,
        threat_level="nctv:substantial",
        partner=(
            Partner(id="city", name="City", sector="public"),
            Partner(id="guards", name="Guards Ltd", sector="private"),
        ),
        measure=(
            SiteMeasure(measure="hostile_vehicle_mitigation", provider="city"),
            SiteMeasure(measure="access_control_search", provider="guards"),
        ),
    )


def test_the_hand_computed_fixture() -> None:
    """Worked out by hand from data/assessment.toml:

    relation score = strength x (0.5 + 0.5 x E / (E + 3)); one incident on the day: E = 1
      documented: 1.0 x (0.5 + 0.5 x 1/4) = 0.625; plausible, no incident: 0.5 x 0.5 = 0.25
    likelihood = evidence x threat (nctv substantial: rank 4 of 5 = 0.8)
      ramming 0.5, firearms 0.5, bladed 0.2
    vulnerability = 0.5 x rules: ramming x 1.6 (open vehicle access) x 0.5 (indoor) = 0.4;
      firearms, bladed x 0.7 (restricted access) = 0.35
    consequence = severity x capacity (100,000 = the reference: 1.0); severity = mean
      log(1 + killed + injured/4) / highest: ramming log 19 / log 19 = 1; firearms
      log 4 / log 19; bladed: no record, 0.5 (no indoor consequence rule applies)
    risk = L x V x C: ramming 0.2; firearms 0.5 x 0.35 x log4/log19 = 0.08239...; bladed 0.035
    residual = risk x 0.7 per mitigating measure type: HVM (ramming at event_ground, the
      broader term of concert_venue), search (firearms and bladed weapons at concert venues)
    """
    result = st.assess.assess(_fixture_site(), _tiny())
    got = {r.scenario[3]: r for r in result.rows}
    firearms_c = math.log(4) / math.log(19)
    expected = {
        "vehicle_ramming": (0.5, 0.4, 1.0, 0.2, 0.14),
        "firearms": (0.5, 0.35, firearms_c, 0.5 * 0.35 * firearms_c, 0.7 * 0.5 * 0.35 * firearms_c),
        "bladed_weapon": (0.2, 0.35, 0.5, 0.035, 0.0245),
    }
    assert set(got) == set(expected)
    for mo, (lik, vul, con, risk, residual) in expected.items():
        row = got[mo]
        assert (row.likelihood, row.vulnerability, row.consequence) == pytest.approx((lik, vul, con)), mo
        assert (row.risk, row.residual) == pytest.approx((risk, residual)), mo
    assert [r.scenario[3] for r in result.rows] == ["vehicle_ramming", "firearms", "bladed_weapon"]
    assert [r.rank for r in result.rows] == [1, 2, 3]
    assert got["vehicle_ramming"].measures == (MeasureType.HOSTILE_VEHICLE_MITIGATION,)
    assert got["firearms"].providers == ("guards",)
    assert result.threat_factor == pytest.approx(0.8)
    assert result.martyns_law_tier == "enhanced"


def test_weights_change_the_risk_as_exponents() -> None:
    result = st.assess.assess(_fixture_site(), _tiny(), weights={"consequence": 2.0})
    row = next(r for r in result.rows if r.scenario[3] == "bladed_weapon")
    assert row.risk == pytest.approx(0.2 * 0.35 * 0.25)
    with pytest.raises(st.ArgumentTypeError, match="unknown names"):
        st.assess.assess(_fixture_site(), _tiny(), weights={"shock": 1.0})


# ---------------------------------------------------------------------------- properties

TARGETS = ["concert_venue", "open_public_space", "street_festival", "synagogue", "shopping_street", "museum"]


@st_.composite
def sites(draw: st_.DrawFn) -> Site:
    measures = draw(st_.lists(st_.sampled_from(list(MeasureType)), max_size=5, unique=True))
    return Site(
        name="Generated site",
        target_types=tuple(draw(st_.lists(st_.sampled_from(TARGETS), min_size=1, max_size=2, unique=True))),
        ownership=draw(st_.sampled_from(["public", "private", "hybrid"])),
        access=draw(st_.sampled_from(["restricted", "unrestricted"])),
        capacity=draw(st_.integers(1, 2_000_000)),
        setting=draw(st_.sampled_from(["indoor", "outdoor", "mixed"])),
        vehicle_access=draw(st_.sampled_from(["none", "controlled", "open"])),
        symbolic_value=tuple(draw(st_.lists(st_.sampled_from(list(st.assess.SymbolicValue)), unique=True))),
        country=draw(st_.sampled_from(["NL", "BE", "GB", "FR"])),
        date=draw(st_.dates(dt.date(2004, 1, 1), dt.date(2024, 12, 31))),
        partner=(Partner(id="a", name="A", sector="public"), Partner(id="b", name="B", sector="private")),
        measure=tuple(SiteMeasure(measure=m, provider=draw(st_.sampled_from(["a", "b"]))) for m in measures),
    )


def _by_scenario(result: st.assess.Assessment, field: str) -> dict[tuple[str, ...], float]:
    return {r.scenario: getattr(r, field) for r in result.rows}


@settings(max_examples=scaled(8, 25), deadline=None)
@given(sites(), st_.sampled_from(list(MeasureType)))
def test_adding_a_measure_never_raises_a_residual(site: Site, extra: MeasureType) -> None:
    before = _by_scenario(st.assess.assess(site), "residual")
    after = _by_scenario(st.assess.assess(site.with_measure(SiteMeasure(measure=extra, provider="a"))), "residual")
    assert before.keys() == after.keys()
    assert all(after[s] <= before[s] + 1e-12 for s in before)


@settings(max_examples=scaled(8, 25), deadline=None)
@given(sites(), st_.sampled_from(["nctv", "ocam", "uk"]), st_.data())
def test_raising_the_threat_level_never_lowers_a_likelihood(site: Site, scale: str, data: st_.DataObject) -> None:
    levels = st.pps.threat_levels(scale)
    low, high = sorted(data.draw(st_.lists(st_.sampled_from(levels), min_size=2, max_size=2)), key=lambda lv: lv.rank)
    a = _by_scenario(st.assess.assess(site.replace(threat_level=low.key)), "likelihood")
    b = _by_scenario(st.assess.assess(site.replace(threat_level=high.key)), "likelihood")
    assert all(b[s] >= a[s] for s in a)


@settings(max_examples=scaled(8, 25), deadline=None)
@given(sites(), st_.integers(1, 5_000_000))
def test_raising_capacity_never_lowers_a_consequence(site: Site, more: int) -> None:
    a = _by_scenario(st.assess.assess(site), "consequence")
    b = _by_scenario(st.assess.assess(site.replace(capacity=site.capacity + more)), "consequence")
    assert all(b[s] >= a[s] for s in a)


@settings(max_examples=scaled(8, 25), deadline=None)
@given(sites())
def test_closing_vehicle_access_never_raises_the_ramming_vulnerability(site: Site) -> None:
    found = []
    for access in ("open", "controlled", "none"):
        result = st.assess.assess(site.replace(vehicle_access=access))
        found.append(max((r.vulnerability for r in result.rows if r.scenario[3] == "vehicle_ramming"), default=0.0))
    assert found[0] >= found[1] >= found[2]


@settings(max_examples=scaled(6, 20), deadline=None)
@given(sites(), st_.randoms(use_true_random=False))
def test_the_ranking_is_a_function_of_its_inputs_alone(site: Site, rnd: random.Random) -> None:
    first = st.assess.assess(site)
    st.assess.assess(st.assess.case_site("arena"))  # another assessment in between changes nothing
    measures = list(site.measures)
    rnd.shuffle(measures)
    again = st.assess.assess(site.replace(measures=tuple(measures)))
    assert [(r.scenario, r.residual) for r in first.rows] == [(r.scenario, r.residual) for r in again.rows]
    assert first.to_dict()["rows"] == st.assess.assess(site).to_dict()["rows"]


# ---------------------------------------------------------------------------- the study's cases


@pytest.mark.parametrize("case", st.assess.CASE_SITES)
def test_the_three_cases_assess(case: str) -> None:
    site = st.assess.case_site(case)
    result = st.assess.assess(site)
    assert result.rows and [r.rank for r in result.rows] == list(range(1, len(result.rows) + 1))
    residuals = [r.residual for r in result.rows]
    assert residuals == sorted(residuals, reverse=True)
    assert all(0 <= r.residual <= r.risk <= 1 for r in result.rows)
    assert result.threat_level is not None
    assert {m.measure for m in site.measures} == {m.measure for m in st.pps.case(case).measures}
    assert set(site.provenance) >= {"capacity", "setting", "vehicle_access", "access", "ownership"}
    assert result.sensitivity and all(0 <= s.top_overlap <= 1 for s in result.sensitivity)


def test_case_facts() -> None:
    arena = st.assess.assess(st.assess.case_site("arena"))
    assert arena.threat_level == "nctv:substantial" and arena.martyns_law_tier == "enhanced"
    assert {r.scenario[0] for r in arena.rows} == {"concert_venue", "open_public_space"}
    diamant = st.assess.assess(st.assess.case_site("diamantkwartier"))
    assert diamant.threat_level.startswith("ocam:")
    # the arena's measures do not address vehicle ramming: a gap in every phase that HVM acts in
    assert any(
        g.modus_operandi == "vehicle_ramming" and MeasureType.HOSTILE_VEHICLE_MITIGATION in g.missing
        for g in arena.gaps
    )
    with pytest.raises(st.UnknownValueError):
        st.assess.case_site("ajax")


def test_martyns_law_tiers() -> None:
    site = st.assess.case_site("arena")
    tier = lambda **kw: st.assess.assess(site.replace(**kw)).martyns_law_tier  # noqa: E731
    assert tier(capacity=199) == "none"
    assert tier(capacity=200) == tier(capacity=799) == "standard"
    assert tier(capacity=800) == "enhanced"
    assert tier(capacity=5000, target_types=("synagogue",)) == "standard"


# ---------------------------------------------------------------------------- site files

BAD_SITE = """\
name = "Broken site"
target_types = ["concert_venue", "moon_base"]
ownership = "public"
access = "sometimes"
capacity = "many"
setting = "outdoor"
vehicle_access = "open"
country = "NL"
date = 2019-05-01

[[partner]]
id = "city"
name = "City"
sector = "public"

[[measure]]
measure = "hostile_vehicle_mitigation"
provider = "nobody"
"""


def test_a_site_file_with_mistakes_names_each_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(BAD_SITE, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        st.assess.read_site(path)
    problems = {(p.loc[0], p.line) for p in caught.value.problems}
    assert problems == {("target_types", 2), ("access", 4), ("capacity", 5), ("measure", 18)}
    text = str(caught.value)
    for word in ("moon_base", "access", "capacity", "nobody"):
        assert word in text


def test_site_files_round_trip_in_every_format(tmp_path: Path) -> None:
    import json

    site = st.assess.case_site("vierdaagse")
    doc = site.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    (tmp_path / "v.json").write_text(json.dumps(doc), encoding="utf-8")
    assert st.assess.read_site(tmp_path / "v.json") == site
    yaml = pytest.importorskip("yaml")
    (tmp_path / "v.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert st.assess.read_site(tmp_path / "v.yaml") == site
    with pytest.raises(DataError, match="unknown file type"):
        st.assess.read_site(tmp_path / "v.txt")


def test_a_site_file_can_take_a_case(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(
        'name = "Arena, a bigger night"\ncase = "arena"\ntarget_types = ["concert_venue"]\nownership = "public"\n'
        'access = "restricted"\ncapacity = 70000\nsetting = "mixed"\nvehicle_access = "none"\ncountry = "NL"\n'
        "date = 2024-06-01\n",
        encoding="utf-8",
    )
    site = st.assess.read_site(path)
    assert len(site.partners) == len(st.pps.case("arena").actors)
    assert st.assess.assess(site).threat_level == "nctv:substantial"


def test_the_method_refuses_rules_that_would_reward_open_vehicle_access() -> None:
    import tomllib
    from importlib import resources

    doc = tomllib.loads((resources.files("softtargets") / "data" / "assessment.toml").read_text("utf-8"))
    for rule in doc["vulnerability"]["rule"]:
        if rule["attribute"] == "vehicle_access" and rule["values"] == ["none"]:
            rule["factor"] = 2.0
    with pytest.raises(DataError, match="closing vehicle access would raise"):
        parse_method(doc)
    doc["weights"]["likelihood"] = -1
    with pytest.raises(DataError, match="weights"):
        parse_method(doc)


def test_every_method_table_cites_a_known_source() -> None:
    m = st.assess.method()
    catalogue = m.catalogue()
    for _where, spec in m.specs():
        assert spec.sources and all(ref in catalogue for ref in spec.sources)


def test_results_are_immutable() -> None:
    result = st.assess.assess(st.assess.case_site("arena"))
    with pytest.raises(ValidationError):  # pydantic's frozen-instance error
        result.rows[0].residual = 0.0  # type: ignore[misc]
    with pytest.raises(ValidationError):
        result.site.capacity = 1  # type: ignore[misc]


def test_the_example_site_file_assesses() -> None:
    site = st.assess.read_site(Path(__file__).resolve().parents[1] / "examples" / "site.toml")
    assert site.target_types == ("kerstmarkt",)  # labels in any language are accepted
    result = st.assess.assess(site)
    assert {r.scenario[0] for r in result.rows} == {"christmas_market"}
    ramming = [r for r in result.rows if r.scenario[3] == "vehicle_ramming"]
    assert ramming and all(MeasureType.HOSTILE_VEHICLE_MITIGATION in r.measures for r in ramming)
