"""The pictures: panels, titles that say the filter, the hierarchy in the heatmap, and the
checked-in gallery made by scripts/make_pictures.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import softtargets as st
from softtargets.language import message
from softtargets.plot import title_of

pytest.importorskip("matplotlib")

ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def close_figures() -> Any:
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _panels(fig: Any) -> dict[str, Any]:
    """The matrix panels of a taxonomy picture, by relation kind."""
    return {ax.get_label(): ax for ax in fig.axes if ax.collections}


def test_taxonomy_has_one_panel_per_kind(tax: st.Taxonomy) -> None:
    fig = tax.plot()
    panels = _panels(fig)
    assert set(panels) == {k.id for k in tax.kinds}
    for kind in tax.kinds:
        assert kind.label("en") in panels[kind.id].get_xlabel()
    assert "the diffuse threat" in fig._suptitle.get_text()
    # the matrices share rows and columns: perpetrator types down with target types, motives across
    driven, selects = panels["driven_by"], panels["selects"]
    assert driven.get_xlim() == selects.get_xlim() == (0, len(tax.terms("motive")))
    assert selects.get_ylim() == (len(tax.terms("target")), 0)
    texts = {t.get_text().strip() for ax in fig.axes for t in ax.texts}
    assert {"christmas market".casefold(), "airport"} <= {t.casefold() for t in texts}


def test_taxonomy_cells_show_strength_and_inheritance(tax: st.Taxonomy) -> None:
    fig = tax.plot()
    selects = _panels(fig)["selects"]
    values = selects.collections[0].get_array().reshape(len(tax.terms("target")), len(tax.terms("motive")))
    row = {t.id: n for n, t in enumerate(tax.terms("target"))}
    col = {t.id: n for n, t in enumerate(tax.terms("motive"))}
    assert values[row["religious_institution"], col["jihadism"]] == 3  # documented
    assert values[row["church"], col["jihadism"]] == 1  # inherited from religious institution
    assert values[row["museum"], col["single_issue"]] == 0


def test_filtered_plots_say_the_filter(tax: st.Taxonomy) -> None:
    found = tax.scenarios(target="football_stadium")
    title = found.plot(lang="nl")._suptitle.get_text()
    assert f"{len(found)} scenario's" in title and "type doelwit = voetbalstadion" in title
    assert "gedreven door" in _panels(found.plot(lang="nl"))["driven_by"].get_xlabel()
    strict = tax.scenarios(target=["museum", "school"], motive="jihadism", min_strength="documented")
    heading = strict.heatmap().axes[0].get_title()
    assert "target type = museum, school and motive = jihadism" in heading
    assert message("plot.documented_only", "en") in heading
    assert title_of(None, "nl") == "softtargets: de diffuse dreiging"
    assert "where" not in tax.scenarios().heatmap().axes[0].get_title()


def test_heatmap_groups_narrower_terms_under_broader(tax: st.Taxonomy) -> None:
    found = tax.scenarios()
    ax = found.heatmap().axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert rows.index("airport") + 1 == rows.index("   airport landside")  # indented under it
    bold = {t.get_text() for t in ax.get_yticklabels() if t.get_fontweight() == "bold"}
    assert "airport" in bold and "museum" not in bold
    values = ax.images[0].get_array()
    # a broader term's cell counts what a query for it returns (its narrower terms included)
    airport = values.data[rows.index("airport"), cols.index("firearms")]
    assert airport == len(tax.scenarios(target="airport", modus_operandi="firearms")) > 0
    explosives = values.data[rows.index("   station"), cols.index("explosives")]
    assert explosives == len(tax.scenarios(target="station", modus_operandi="explosives"))
    assert values.mask[rows.index("airport"), 0] and not values.mask[rows.index("museum"), 0]  # grey, not red
    leaves = [t for t in tax.terms("target") if not tax.narrower(t.id)]
    methods = [m for m in tax.terms("modus_operandi") if not tax.narrower(m.id)]
    assert int(values.sum()) == len(
        tax.scenarios(target=[t.id for t in leaves], modus_operandi=[m.id for m in methods])
    )


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pictures", ROOT / "scripts" / "make_pictures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_checked_in_pictures_are_up_to_date(tmp_path: Path) -> None:
    """The gallery is remade by one command: the same files, each of about the same size
    (not the same bytes: fonts differ between machines). Run scripts/make_pictures.py when
    this fails."""
    from PIL import Image

    made = _script().make(tmp_path)
    names = {p.name for p in made}
    # browser screenshots are made by their own script (it needs Chromium), not the gallery's
    screenshots = {"assessment_report.png"}  # scripts/assessment_screenshot.py
    assert names == {p.name for p in (ROOT / "docs").glob("*.png")} - screenshots
    for name in names:
        with Image.open(tmp_path / name) as new, Image.open(ROOT / "docs" / name) as old:
            assert old.info.get("Software") == "softtargets plot()"
            for a, b in zip(new.size, old.size, strict=True):
                assert abs(a - b) <= 0.08 * b, f"docs/{name} is out of date: run scripts/make_pictures.py"
    page = (ROOT / "docs" / "gallery.md").read_text(encoding="utf-8")
    assert all(f"]({name})" in page for name in names)
    assert "docs/gallery.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_tour_helpers_partnership_tables() -> None:
    """What the tour notebook shows: the comparison fits 80 columns and has a frame and
    HTML; coverage HTML names the case once; measures against a threat as a frame."""
    from softtargets import pps

    comparison = pps.compare()
    assert max(len(line) for line in str(comparison).splitlines()) <= 80
    frame = comparison.to_pandas()
    assert list(frame.index) == [p.name for p in pps.cases()] and "findings_positive" in frame.columns
    assert "<table" in comparison._repr_html_()
    page = pps.coverage(pps.case("arena"))._repr_html_()
    assert page.count("Johan Cruijff ArenA") == 1
    know = pps.measure_knowledge()
    measures = know.against("vehicle_ramming", "event_ground")
    assert "hostile_vehicle_mitigation" in measures
    assert set(know.against("vehicle ramming", "kerstmarkt")) >= set(measures)  # narrower: inherits
    table = know.to_pandas(measures, lang="nl")
    assert list(table.columns) == ["measure", "phases", "sectors", "from_study"] and len(table) == len(measures)


def _texts(fig: Any) -> list[str]:
    import matplotlib.text

    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_plots_carry_no_english_text(tax: st.Taxonomy, lang: str) -> None:
    """Every text in the pictures (titles, legends, axis and tick labels) is in the chosen
    language: no English label of a term, facet or kind, no English word of the catalogue."""
    import matplotlib.pyplot as plt

    from softtargets.language import messages

    english = {t.label_en for t in tax.terms()} | {f.label_en for f in tax.facets} | {k.label_en for k in tax.kinds}
    english |= {
        entry[st.Lang.EN]
        for key, entry in messages().items()
        if key.startswith(("plot.", "strength.")) and entry[st.Lang.EN] != entry[st.Lang(lang)]
    }
    translated = {t.label(lang) for t in tax.terms()} | {f.label(lang) for f in tax.facets}
    translated |= {k.label(lang) for k in tax.kinds}
    english -= translated  # words that are the same in both languages ("via", "plausible")
    found = tax.scenarios(target="football_stadium")
    for fig in (tax.plot(lang=lang), found.plot(lang=lang), found.heatmap(lang=lang)):
        for text in _texts(fig):
            assert "[en]" not in text, text
            pieces = {p.strip(" ()") for line in text.splitlines() for p in line.split(" / ")} | {text.strip()}
            assert not pieces & english, (text, pieces & english)
        plt.close(fig)
