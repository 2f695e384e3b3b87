"""The README's "Is the threat becoming more diffuse?" table is what the data give (so its
numbers cannot go stale), and the analytics behave as documented."""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import sys
from pathlib import Path

import pytest

import softtargets as st

pd = pytest.importorskip("pandas")
from softtargets import analytics  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _script() -> object:
    spec = importlib.util.spec_from_file_location("readme_trend", ROOT / "scripts" / "readme_trend.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_readme_trend_table_is_the_data() -> None:
    table = _script().table()  # type: ignore[attr-defined]
    assert table in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| share of lone actors |" in table


def test_collections_from_every_source_agree(tax: st.Taxonomy) -> None:
    builtin = analytics.incidents()
    assert len(builtin) == len(tax.incidents()) == len(analytics.incidents(list(tax.incidents())))
    again = analytics.incidents(builtin.to_pandas())
    assert [r.target for r in again] == [r.target for r in builtin]
    since = builtin.filter(since=dt.date(2016, 1, 1), target="event_ground")
    assert since and all(r.date.year >= 2016 for r in since)
    assert {r.id for r in since} == {i.id for i in tax.incidents(target="event_ground", since=dt.date(2016, 1, 1))}
    with pytest.raises(st.ImmutableError):
        builtin._records = ()  # type: ignore[misc]


def test_measures_on_a_known_case() -> None:
    frame = pd.DataFrame(
        {
            "date": ["2001-01-01", "2001-06-01", "2002-01-01", "2002-02-01"],
            "target": ["museum", "museum", "museum", "school"],
            "perpetrator": ["lone_actor", "lone_actor", "organisation", None],
            "modus_operandi": [["firearms"], ["bladed_weapon"], ["explosives"], []],
        }
    )
    result = analytics.diffuseness_over_time(frame, resamples=200, seed=1).set_index("period")
    assert result.loc["2001", "entropy_target"] == 0.0  # all on one term
    k = len({t.id for t in st.load().terms("target") if not st.load().ancestors(t.id, "target")})
    assert math.isclose(result.loc["2002", "entropy_target"], math.log(2) / math.log(k))
    assert result.loc["2001", "lone_actor_share"] == 1.0 and result.loc["2002", "lone_actor_share"] == 0.0
    assert result.loc["2001", "low_complexity_share"] == 0.5
    assert result.loc["2002", "explosives_firearms_share"] == 1.0  # the one with a known method
    same = analytics.diffuseness_over_time(frame, resamples=200, seed=1)
    assert same.equals(result.reset_index()[same.columns])  # the seed makes it reproducible


def test_mann_kendall_against_hand_computed_values() -> None:
    up = analytics.mann_kendall([1, 2, 3, 4, 5, 6], permutations=999)
    assert up.s == 15 and up.tau == 1.0 and up.slope == 1.0
    assert math.isclose(up.p_value, math.erfc((15 - 1) / math.sqrt(6 * 5 * 17 / 18) / math.sqrt(2)))
    assert up.p_permutation < 0.01
    flat = analytics.mann_kendall([3, 1, 3, 1, 3, 1])
    assert flat.tau < 0.2 and flat.p_value > 0.5
    assert analytics.periods(2004, 2024, 7, 7) == [(2004, 2010), (2011, 2017), (2018, 2024)]


def test_gtd_rows_become_a_collection(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import synthetic_gtd

    path = synthetic_gtd.write_csv(tmp_path / "gtd.csv", 800, seed=2, wide=False)
    found = analytics.incidents(path, motives=True)
    assert 700 < len(found) <= 800 and any(r.motive for r in found)
    frame = analytics.diffuseness_over_time(found, window=10, step=10, resamples=50)
    assert frame["incidents"].sum() == len(found)


def test_cli_trend(capsys: pytest.CaptureFixture[str]) -> None:
    from softtargets.cli import main

    main(["trend", "--window", "7", "--by", "target", "--lang", "fr"])
    out = capsys.readouterr().out
    assert "diffusion : type de cible" in out or "diffusion :" in out
    assert "tau de Kendall" in out
