"""The outputs of a site assessment: frame, JSON, text, the HTML report in three languages
(no English words left in the Dutch and French reports beyond proper names), the command
line, and the report rendered in a real browser where Chromium is installed."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import softtargets as st
from softtargets.cli import main
from softtargets.language import messages

ARENA = st.assess.assess(st.assess.case_site("arena"))


def _visible(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _cells(page: str) -> set[str]:
    found = set()
    for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", page, flags=re.S):
        for part in re.split(r", | / ", html.unescape(cell)):
            found.add(part.strip())
    return found


def test_every_output_says_the_figures_are_not_probabilities() -> None:
    for lang in ("en", "nl", "fr"):
        disclaimer = st.language.message("assess.disclaimer", lang)
        assert disclaimer in _visible(ARENA.to_html(lang=lang))
        assert disclaimer in ARENA.to_text(lang)
    assert "not probabilities" in ARENA.to_json()
    assert st.language.message("assess.disclaimer", "en") in ARENA._repr_html_()


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_no_english_leaks_into_the_dutch_and_french_reports(lang: str) -> None:
    for case in st.assess.CASE_SITES:
        result = st.assess.assess(st.assess.case_site(case))
        page = result.to_html(lang=lang)
        visible = _visible(page)
        for key, texts in messages().items():
            english, translated = texts[st.Lang.EN], texts[st.Lang(lang)]
            if key.startswith(("assess.", "header.")) and english != translated and len(english) > 5:
                shown = english.split("{")[0].strip()
                if len(shown) > 5 and shown not in translated:
                    assert not re.search(rf"\b{re.escape(shown)}\b", visible), (case, key)
        cells = _cells(page)
        tax = result.taxonomy
        for term in tax.terms():
            if term.label("en") != term.label(lang) and len(term.label("en")) > 4:
                assert term.label("en") not in cells, (case, term.id)
        for entry in st.pps.data.load_pps().vocabulary:
            if entry.label("en") != entry.label(lang) and len(entry.label("en")) > 4:
                assert entry.label("en") not in cells, (case, entry.id)
        assert "[en]" not in visible


def test_the_report_is_self_contained_and_printable(tmp_path: Path) -> None:
    path = tmp_path / "arena.html"
    page = ARENA.to_html(path, lang="nl")
    assert path.read_text(encoding="utf-8") == page
    assert '<html lang="nl">' in page and "@media print" in page
    assert not re.search(r'<(link|script)\b|src="https?:', page)  # nothing fetched from elsewhere
    pytest.importorskip("matplotlib")
    assert 'src="data:image/png;base64,' in page


def test_the_report_falls_back_to_a_table_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    page = ARENA.to_html(lang="fr")
    assert "data:image" not in page
    assert st.language.message("assess.heatmap", "fr") in page


def test_frame_and_json() -> None:
    pytest.importorskip("pandas")
    frame = ARENA.to_pandas(lang="fr")
    assert len(frame) == len(ARENA.rows)
    assert frame.iloc[0]["rank"] == 1 and frame.iloc[0]["modus_operandi"] == "véhicule-bélier"
    data = json.loads(ARENA.to_json())
    assert data["rows"][0]["rank"] == 1 and data["martyns_law_tier"] == "enhanced"
    assert data["rows"][0]["residual"] == pytest.approx(ARENA.rows[0].residual)


def test_cli_assess(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "--case", "arena", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "geen kansen" in out and "Johan Cruijff ArenA" in out
    assert main(["assess", "--case", "arena", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["site"]["capacity"] == 55000
    assert main(["assess", "--case", "vierdaagse", "--format", "csv", "--lang", "fr"]) == 0
    assert capsys.readouterr().out.startswith("rank;target;")
    target = tmp_path / "report.html"
    assert main(["assess", "--case", "diamantkwartier", "--format", "html", "-o", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    site = Path(st.__file__).parent / "data" / "sites" / "arena.toml"
    assert main(["assess", str(site), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["threat_level"] == "nctv:substantial"


def test_cli_assess_reports_a_broken_site_with_its_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_assess import BAD_SITE

    path = tmp_path / "bad.toml"
    path.write_text(BAD_SITE, encoding="utf-8")
    assert main(["assess", str(path)]) != 0
    err = capsys.readouterr().err
    assert "line 2" in err and "line 18" in err and "moon_base" in err
    assert main(["assess"]) == 2  # neither a site nor --case
    capsys.readouterr()


REPORT_PNG = Path(__file__).resolve().parents[1] / "docs" / "assessment_report.png"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_the_report_renders_in_a_real_browser(tmp_path: Path) -> None:
    """Headless Chromium renders the report to PNG (docs/assessment_report.png is made the
    same way: scripts/assessment_screenshot.py)."""
    page = tmp_path / "arena.html"
    ARENA.to_html(page, lang="en")
    shot = tmp_path / "arena.png"
    done = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={shot}",
            "--window-size=1100,1600",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a page with content, not a blank one
    assert REPORT_PNG.exists()


def test_the_readme_top_ten_and_gaps_match_the_data() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The ArenA's outer area", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in section.splitlines() if re.match(r"\| \d+ \|", line)]
    label = {(t.facet, t.id): t.label("en") for t in ARENA.taxonomy.terms()}
    assert [int(r[0].strip("| ")) for r in rows] == [r.rank for r in ARENA.top]
    for cells, ranked in zip(rows, ARENA.top, strict=True):
        assert cells[1:5] == [label[(f, v)] for f, v in zip(ARENA.facets, ranked.scenario, strict=True)]
        assert float(cells[8]) == pytest.approx(ranked.residual, abs=5e-4)
    gap_lines = [line for line in section.splitlines() if line.startswith("| ") and line.count(" | ") == 3]
    assert len(gap_lines) - 1 == len(ARENA.gaps)  # the header line, then one per gap
    assert "docs/assessment_report.png" in section and REPORT_PNG.exists()
