"""Regression tests for problems found in review (one test per problem)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import season_extension

import softtargets as st
from softtargets import pps


def test_a_term_of_another_facet_names_its_facet(tax: st.Taxonomy) -> None:
    with pytest.raises(st.UnknownTermError, match=r"'jihadism' is a motive term \(jihadism\), not a target term"):
        tax.scenarios(target="jihadism")


def test_bad_values_raise_library_errors(tax: st.Taxonomy) -> None:
    with pytest.raises(st.UnknownValueError, match="outcome"):
        tax.incidents(outcome="won")
    with pytest.raises(st.UnknownValueError, match="language"):
        tax.scenarios(target="museum").to_records(lang="fr")
    with pytest.raises(st.UnknownValueError, match="country"):
        tax.incidents(country="Germany")
    assert tax.incidents(country="de") == tax.incidents(country="DE")


def test_submodules_are_reachable_after_a_plain_import() -> None:
    code = "import softtargets as st; st.display.set_language('nl'); print(st.frames.__name__, st.plot.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr


def test_read_reports_a_missing_file_and_refuses_an_empty_document(tmp_path: Path) -> None:
    with pytest.raises(st.DataError, match="cannot read the file"):
        st.read(str(tmp_path / "missing.json"), "json")
    with pytest.raises(st.DataError, match="no facets"):
        st.read("{}", "json")


def test_read_names_a_missing_extra(tax: st.Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    text = tax.export("turtle")
    monkeypatch.setitem(sys.modules, "rdflib", None)
    with pytest.raises(st.MissingExtraError):
        st.read(text, "turtle")


def test_duplicate_json_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"name": "a", "name": "b", "version": "1", "namespace": "a"}', encoding="utf-8")
    with pytest.raises(st.ExtensionError, match="duplicate key 'name'"):
        st.Extension.from_file(path)


def test_coverage_works_with_an_extension_facet(tax: st.Taxonomy) -> None:
    ext = season_extension(target="concert_venue", season="summer")
    cov = pps.coverage(pps.case("arena"), tax.extend(ext))
    assert cov.rows and all(len(r.scenario) == 5 for r in cov.rows)
    assert cov.to_records()[0]["season.time"] == "season.summer"


def test_stix_profiles_without_an_ideology_have_no_ideology_motivation(tax: st.Taxonomy) -> None:
    import json

    actors = [o for o in json.loads(tax.export("stix"))["objects"] if o["type"] == "threat-actor"]
    unknown = [a for a in actors if "other or unknown" in a["name"]]
    assert unknown and all("primary_motivation" not in a for a in unknown)
    assert all(a.get("primary_motivation") == "ideology" for a in actors if a not in unknown)
