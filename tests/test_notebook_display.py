"""Rich display, DataFrames, pictures and the tour notebook."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import softtargets as st
from softtargets import display, pps
from softtargets.frames import to_pandas

ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def english() -> object:
    yield
    display.set_language("en")


def test_language_default_and_override(tax: st.Taxonomy) -> None:
    term = tax.term("christmas_market")
    assert "Christmas market" in term._repr_html_()
    display.set_language("nl")
    assert "kerstmarkt" in term._repr_html_()
    assert "Christmas market" in display.to_html(term, lang="en")
    with pytest.raises(st.UnknownValueError):
        display.set_language("de")


def test_scenario_set_html_is_compact(tax: st.Taxonomy) -> None:
    found = tax.scenarios()
    page = found._repr_html_()
    assert f"{len(found)} scenarios" in page
    assert page.count("<tr>") < 60  # counts per facet plus at most MAX_ROWS scenarios
    assert f"{len(found) - display.MAX_ROWS} more" in page
    dutch = found.to_html(lang="nl")
    assert "scenario's" in dutch and "voetbalstadion" in tax.scenarios(target="football_stadium").to_html("nl")


def test_explanation_diffuseness_incidents_coverage_html(tax: st.Taxonomy) -> None:
    why = tax.explain(("christmas_market", "lone_actor", "jihadism", "vehicle_ramming"))
    page = why._repr_html_()
    assert "<a href=" in page and "part of the diffuse threat" in page
    assert "ontbreekt" in tax.explain(("museum", "organisation", "single_issue", "drone")).to_html("nl")
    assert "0 = all in one category, 1 = evenly spread" in tax.diffuseness(target="museum")._repr_html_()
    assert "Berlin" in display.to_html(tax.incidents(target="christmas_market"))
    assert "<table" in display.to_html(tax.relations(kind="selects"))
    cov = pps.coverage(pps.case("arena"), tax)
    assert "Johan Cruijff ArenA" in cov._repr_html_()
    with pytest.raises(st.UnknownValueError):
        display.to_html(42)


def test_dataframes(tax: st.Taxonomy) -> None:
    frame = tax.scenarios(target="museum").to_pandas(lang="nl")
    assert list(frame.columns) == ["target", "perpetrator", "motive", "modus_operandi", "strength"]
    assert set(frame["strength"]) <= {"gedocumenteerd", "plausibel"}
    assert set(frame["target"]) == {"museum"} and len(frame) == len(tax.scenarios(target="museum"))
    rels = to_pandas(tax.relations())
    assert len(rels) == len(tax.relations()) and "strength" in rels.columns
    incidents = to_pandas(tax.incidents())
    assert incidents["date"].dt.year.min() >= 1995
    cov = pps.coverage(pps.case("vierdaagse"), tax).to_pandas()
    assert cov["covered"].dtype == bool
    assert len(to_pandas(tax.terms("motive"))) == len(tax.terms("motive"))
    with pytest.raises(st.UnknownValueError):
        to_pandas("nonsense")


def test_dataframes_without_pandas(tax: st.Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(st.MissingExtraError, match=r"softtargets\[pandas\]"):
        tax.scenarios(target="museum").to_pandas()


def test_plots(tax: st.Taxonomy, tmp_path: Path) -> None:
    fig = tax.plot(tmp_path / "all.png")
    assert fig.axes and (tmp_path / "all.png").stat().st_size > 10_000
    fig = tax.scenarios(target="football_stadium").plot(tmp_path / "stadium.svg", lang="nl")
    assert "voetbalstadion" in (tmp_path / "stadium.svg").read_text(encoding="utf-8")
    heat = tax.scenarios().heatmap(tmp_path / "heat.png")
    image = heat.axes[0].images[0].get_array()  # broader terms' totals: tests/test_gallery.py
    counts = tax.scenarios().count_pairs("target", "modus_operandi")
    assert int(image.data.max()) >= max(counts.values()) and (tmp_path / "heat.png").exists()
    with pytest.raises(st.UnknownValueError):
        tax.plot(tmp_path / "all.jpg")


def test_plots_without_matplotlib(tax: st.Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(st.MissingExtraError, match=r"softtargets\[plot\]"):
        tax.plot()


def test_readme_gallery_image_was_made_by_plot() -> None:
    from PIL import Image

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/taxonomy.png)" in readme
    with Image.open(ROOT / "docs" / "taxonomy.png") as image:
        assert image.info.get("Software") == "softtargets plot()"


@pytest.mark.parametrize("where", ["root", "examples"])
def test_tour_notebook_runs(where: str) -> None:
    """The notebook runs from the repository root (as the tests run) and from examples/ (as
    `jupyter nbconvert --execute tour.ipynb` there runs it)."""
    import nbformat
    from nbclient import NotebookClient

    path = ROOT / "examples" / "tour.ipynb"
    notebook = nbformat.read(path, as_version=4)
    folder = ROOT if where == "root" else ROOT / "examples"
    resources = {"metadata": {"path": str(folder)}}
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources=resources).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("text/html" in o.get("data", {}) for o in outputs)
    assert any("image/png" in o.get("data", {}) for o in outputs)
