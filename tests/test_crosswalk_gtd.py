"""Crosswalks to GTD, TE-SAT and STIX vocabularies, and GTD records as incidents."""

from __future__ import annotations

import csv
import random
import tracemalloc
from pathlib import Path

import pytest
from conftest import GTD_ROW as ROW
from conftest import scaled

import softtargets as st
from softtargets import crosswalk, gtd


@pytest.mark.parametrize(
    ("vocabulary", "codes"), [("gtd_attack_type", 9), ("gtd_weapon_type", 13), ("gtd_target_type", 22)]
)
def test_every_gtd_code_has_an_entry(vocabulary: str, codes: int) -> None:
    for code in range(1, codes + 1):
        entry = crosswalk.lookup(vocabulary, code)
        assert entry.note and entry.sources
        assert (entry.match is crosswalk.Match.NONE) == (not entry.terms)


def test_entries_point_at_real_terms(tax: st.Taxonomy) -> None:
    for entry in crosswalk.entries():
        for term in entry.terms:
            assert tax.term(term, entry.facet).id == term


def test_both_directions() -> None:
    assert crosswalk.lookup("gtd_weapon_type", "5").terms == ("firearms",)
    assert crosswalk.lookup("gtd_target_subtype", 2).terms == ("restaurant_cafe",)
    assert {e.code for e in crosswalk.for_term(st.ModusOperandi.FIREARMS, vocabulary="gtd_weapon_type")} == {"5"}
    xmas = crosswalk.for_term("christmas_market", include_broader=True)
    assert xmas and not crosswalk.for_term("christmas_market", vocabulary="gtd_target_subtype")
    with pytest.raises(st.UnknownValueError, match="gtd_weapon_type code '99'"):
        crosswalk.lookup("gtd_weapon_type", 99)
    with pytest.raises(st.UnknownValueError, match="vocabulary"):
        crosswalk.entries("gtd_weapons")


def test_tesat_and_stix_reach_the_facets(tax: st.Taxonomy) -> None:
    motives = {t for e in crosswalk.entries("tesat_category") for t in e.terms}
    assert motives == {t.id for t in tax.terms("motive")}
    levels = {t for e in crosswalk.entries("stix_resource_level") for t in e.terms}
    assert levels == {t.id for t in tax.terms("perpetrator")}
    sectors = {t for e in crosswalk.entries("stix_industry_sector") for t in e.terms}
    for term in tax.terms("target"):
        chain = {term.id, *(t.id for t in tax.ancestors(term.id, "target"))}
        assert chain & sectors or "open_public_space" in chain, term.id  # public space has no operator sector


def test_classify_a_record() -> None:
    result = gtd.classify(ROW)
    inc = result.incident
    assert inc is not None
    assert (inc.date.isoformat(), inc.city, inc.country) == ("2016-12-19", "Berlin", "DE")
    # GTD codes the Christmas market as Marketplace/Plaza/Square (74): close to market and square
    assert inc.modi_operandi == ("vehicle_ramming",) and inc.targets == ("market", "open_public_space")
    assert inc.perpetrator == "lone_actor" and inc.motive is None
    assert (inc.killed, inc.injured, inc.outcome) == (12, 56, st.Outcome.COMPLETED)
    assert inc.urls[0].endswith("gtdid=201612190001")
    assert any("motive" in u for u in result.unmapped)


def test_classify_unknowns_and_specifics() -> None:
    row = {
        **ROW,
        "iday": "0",
        "nkill": "-99",
        "nwound": "",
        "country_txt": "Atlantis",
        "success": "0",
        "weaptype1": "6",
        "weapsubtype1": "13",
        "attacktype1": "3",
        "individual": "0",
        "gname": "Islamic State",
        "targtype1": "1",
        "targsubtype1": "11",
    }
    result = gtd.classify(row)
    inc = result.incident
    assert inc is not None
    assert inc.date.day == 1 and any("day unknown" in u for u in result.unmapped)
    assert inc.killed is None and inc.injured is None and inc.country is None
    assert any("Atlantis" in u for u in result.unmapped)
    assert inc.outcome is st.Outcome.FAILED
    assert inc.modi_operandi == ("person_borne_ied",)  # the attack type's 'explosives' adds nothing
    assert inc.perpetrator == "organisation"
    assert inc.targets == () and any("covers several terms" in u for u in result.unmapped)
    hostage = gtd.classify({**ROW, "attacktype1": "5", "weaptype1": "5", "individual": "1", "nperps": "3"}).incident
    assert hostage is not None and set(hostage.modi_operandi) == {"firearms", "hostage_taking"}
    assert hostage.perpetrator == "network"
    assert gtd.classify({"iyear": "2016"}).incident is None
    assert gtd.classify({**ROW, "imonth": "2", "iday": "31"}).incident is None


COLUMNS = [
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "country_txt",
    "city",
    "attacktype1",
    "weaptype1",
    "weapsubtype1",
    "targtype1",
    "targsubtype1",
    "individual",
    "nperps",
    "gname",
    "nkill",
    "nwound",
    "success",
    "summary",
]


def _write_gtd(path: Path, rows: int) -> int:
    rng = random.Random(3)
    killed = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for n in range(rows):
            k = rng.randint(0, 9)
            killed += k
            writer.writerow(
                [
                    f"2010{n:08d}",
                    rng.randint(1970, 2020),
                    rng.randint(1, 12),
                    rng.randint(1, 28),
                    rng.choice(["France", "Germany", "Iraq", "United Kingdom"]),
                    "Somewhere",
                    rng.choice([2, 3, 5, 7]),
                    rng.choice([5, 6, 8, 9, 10]),
                    "",
                    rng.choice([1, 14, 15, 19]),
                    "",
                    rng.choice([0, 1]),
                    rng.choice([1, 2, -99]),
                    rng.choice(["Unknown", "Some Group"]),
                    k,
                    rng.randint(0, 20),
                    rng.choice([0, 1]),
                    "synthetic row, " + "x" * rng.randint(0, 200),
                ]
            )
    return killed


# Rows of the synthetic file: 100,000 where CI runs, 10,000 in a contributor's run. Streaming
# needs well under 1 MB at either size; holding even 10,000 rows in memory takes about 19 MB.
ROWS = scaled(ci=100_000, dev=10_000)
PEAK_LIMIT = 5 * 1024 * 1024


def test_read_csv_streams_rows_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "gtd.csv"
    killed = _write_gtd(path, ROWS)
    every = ROWS // 4
    seen: list[tuple[int, int, int]] = []
    tracemalloc.start()
    count = total_killed = 0
    for result in gtd.read_csv(path, progress=lambda r, b, t: seen.append((r, b, t)), every=every):
        assert result.incident is not None
        count += 1
        total_killed += result.incident.killed or 0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == ROWS and total_killed == killed
    assert peak < PEAK_LIMIT, f"peak {peak / 1e6:.1f} MB for {ROWS} rows: read_csv holds rows in memory"
    assert [r for r, _, _ in seen] == [every, 2 * every, 3 * every, ROWS, ROWS]
    assert seen[-1][1] == seen[-1][2] == path.stat().st_size


def test_read_csv_errors(tmp_path: Path) -> None:
    with pytest.raises(st.DataError, match="cannot read"):
        gtd.read_csv(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(st.DataError, match="no 'eventid' column"):
        list(gtd.read_csv(bad))
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"eventid,iyear,city\n1,2001,Li\xe8ge\n")
    with pytest.raises(st.DataError, match="encoding='latin-1'"):
        list(gtd.read_csv(latin))
    (result,) = list(gtd.read_csv(latin, encoding="latin-1"))
    assert result.incident is not None and result.incident.city == "Liège"


# Every GTD target subtype (codebook, 0718 release), sorted into those that designate a publicly
# accessible place or a civilian gathering, which must map to target terms, and the rest. A code
# that is in neither list (a new codebook release) fails the test until someone sorts it; the
# labels pin the codes to the codebook's meaning.
PUBLIC_PLACES_AND_GATHERINGS = {
    "2": "Restaurant/Bar/Café",
    "3": "Bank/Commerce",
    "6": "Medical/Pharmaceutical",
    "7": "Retail/Grocery/Bakery",
    "8": "Hotel/Resort",
    "11": "Entertainment/Cultural/Stadium/Casino",
    "14": "Judge/Attorney/Court",
    "15": "Politician or Political Party Movement/Meeting/Rally",
    "19": "Election-related",
    "21": "Government Building/Facility/Office",
    "40": "Clinics",
    "44": "Airport",
    "49": "School/University/Educational Building",
    "53": "Newspaper Journalist/Staff/Facility",
    "54": "Radio Journalist/Staff/Facility",
    "55": "Television Journalist/Staff/Facility",
    "56": "Other (including online news agencies)",
    "57": "Civilian Maritime",
    "74": "Marketplace/Plaza/Square",
    "78": "Procession/Gathering (funeral, wedding, birthday, religious)",
    "79": "Public Area (garden, parking lot, garage, beach, public building, camp)",
    "80": "Memorial/Cemetery/Monument",
    "81": "Museum/Cultural Center/Cultural House",
    "83": "Protester",
    "84": "Political Party Member/Rally",
    "86": "Place of Worship",
    "87": "Affiliated Institution",
    "95": "Tourism Travel Agency",
    "98": "Other Facility",
    "99": "Bus (excluding tourists)",
    "100": "Train/Train Tracks/Trolley",
    "101": "Bus Station/Stop",
    "102": "Subway",
    "111": "Rally",
}
"""Codes whose places are open to the public or whose victims are a civilian gathering."""


def _codes(text: str) -> set[str]:
    return set(text.split())


NOT_PUBLIC_PLACES = {
    # persons chosen for who they are, wherever they were
    "persons": _codes("16 17 18 41 43 45 48 50 67 68 69 70 71 72 77 85 97 109 113"),
    # police, military, intelligence, diplomatic and armed groups: guarded or hard targets
    "guarded": _codes("20 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 39 46 47 66 93 94"),
    # infrastructure, industry and their firms: no crowd, no public access
    "infrastructure": _codes("1 4 5 9 10 12 13 51 52 58 59 60 88 89 90 91 92 103 104 106 107 108 112"),
    # private places and vehicles, organisations' offices, emergency services
    "private": _codes("42 61 62 63 64 65 73 75 76 82 96 105 110"),
}
"""The rest, with the reason they are no soft-target place (their mappings may still be none)."""


def test_every_public_place_or_gathering_subtype_maps_to_a_target_term(tax: st.Taxonomy) -> None:
    entries = {e.code: e for e in crosswalk.entries("gtd_target_subtype")}
    rest = set().union(*NOT_PUBLIC_PLACES.values())
    assert not rest & PUBLIC_PLACES_AND_GATHERINGS.keys()
    assert sum(len(v) for v in NOT_PUBLIC_PLACES.values()) == len(rest), "a code is sorted twice"
    unsorted = entries.keys() - rest - PUBLIC_PLACES_AND_GATHERINGS.keys()
    assert not unsorted, f"sort these GTD target subtypes: {sorted(unsorted, key=int)}"
    for code, label in PUBLIC_PLACES_AND_GATHERINGS.items():
        entry = entries[code]
        assert entry.label == label, f"code {code} is {entry.label!r} in the crosswalk, not {label!r}"
        assert entry.match is not crosswalk.Match.NONE and entry.terms, f"{code} {label} maps to no term"
        assert entry.facet == "target" and entry.note, code
        for term in entry.terms:
            assert tax.term(term, st.Facet.TARGET).id == term
    # the new kinds of place are each reached from GTD
    reached = {t for e in entries.values() for t in e.terms}
    for term in ("health_care", "theatre_cinema", "tourist_attraction", "market", "commercial_premises"):
        assert term in reached, term
    assert "media_premises" in reached and "sports_venue" in reached
