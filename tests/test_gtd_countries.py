"""GTD country names to ISO 3166 codes: pycountry for the names ISO spells as the GTD does,
``data/gtd_countries.toml`` only for GTD's own spellings and historical names."""

from __future__ import annotations

import json
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from conftest import GTD_ROW

import softtargets as st
from softtargets import gtd
from softtargets.gtd import countries

pycountry = pytest.importorskip("pycountry")

NAMES = json.loads((Path(__file__).parent / "data" / "gtd_country_names.json").read_text(encoding="utf-8"))
OVERRIDES = tomllib.loads((resources.files("softtargets") / "data" / "gtd_countries.toml").read_text("utf-8"))[
    "overrides"
]


@pytest.mark.parametrize("name", sorted(NAMES))
def test_pycountry_gives_the_curated_code(name: str) -> None:
    assert gtd.country_code(name) == NAMES[name]


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_every_override_is_needed(name: str) -> None:
    try:
        found = pycountry.countries.lookup(name).alpha_2
    except LookupError:
        found = None
    assert found != OVERRIDES[name], f"{name}: pycountry gives {found} already; drop it from gtd_countries.toml"
    assert gtd.country_code(name) == OVERRIDES[name]


def test_no_name_is_both_overridden_and_expected_from_pycountry() -> None:
    assert not set(NAMES) & set(OVERRIDES)


@pytest.mark.parametrize("name", ["International", "Atlantis", "", "x" * 10_000])
def test_names_of_no_country(name: str) -> None:
    assert gtd.country_code(name) is None


def test_country_code_checks_its_argument() -> None:
    with pytest.raises(st.ArgumentTypeError, match="name"):
        gtd.country_code(5)  # type: ignore[arg-type]


def test_without_pycountry_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pycountry", None)  # import pycountry now fails
    countries._iso_names.clear()
    try:
        with pytest.raises(st.MissingExtraError, match=r"softtargets\[gtd\]") as caught:
            gtd.classify(GTD_ROW)  # Germany: ISO's own name, looked up in pycountry
        assert caught.value.extra == "gtd" and isinstance(caught.value, ImportError)
        assert gtd.country_code("West Germany (FRG)") == "DE"  # the data file's names need no extra
    finally:
        countries._iso_names.clear()
