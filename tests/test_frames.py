"""DataFrames: one schema per kind of object, the same for empty and full results."""

from __future__ import annotations

import pytest

import softtargets as st
from softtargets import frames

pd = pytest.importorskip("pandas")


def test_empty_and_full_incident_frames_have_one_schema(tax: st.Taxonomy) -> None:
    full = frames.to_pandas(tax.incidents())
    empty = frames.to_pandas((), kind="incidents")
    none = frames.to_pandas(tax.incidents(country="AQ"), kind="incidents")
    assert list(full.columns) == list(empty.columns) == list(none.columns)
    assert full.dtypes.equals(empty.dtypes) and full.dtypes.equals(none.dtypes)
    assert str(full["killed"].dtype) == "Int64" and str(full["injured"].dtype) == "Int64"
    assert isinstance(full["outcome"].dtype, pd.CategoricalDtype)
    assert set(full["outcome"].cat.categories) == {o.value for o in st.Outcome}
    assert full["killed"].isna().any() or full["killed"].notna().all()  # missing counts stay missing, not NaN floats
    assert str(full["date"].dtype).startswith("datetime64")


def test_an_empty_sequence_needs_its_kind(tax: st.Taxonomy) -> None:
    with pytest.raises(st.UnknownValueError, match="pass kind="):
        frames.to_pandas(())
    with pytest.raises(st.UnknownValueError):
        frames.to_pandas((), kind="gizmos")
    relations = frames.to_pandas((), kind="relations")
    assert relations.dtypes.equals(frames.to_pandas(tax.relations()).dtypes)
    assert list(frames.to_pandas((), kind="terms").columns) == list(frames.to_pandas(tax.terms()).columns)


def test_the_kind_is_asked_for_not_guessed(tax: st.Taxonomy) -> None:
    with pytest.raises(st.ArgumentTypeError):
        frames.to_pandas([*tax.relations()[:1], *tax.incidents()[:1]], kind="incidents")


def test_scenario_frames_concatenate_and_keep_categories(tax: st.Taxonomy) -> None:
    some = tax.scenarios(target="museum").to_pandas()
    none = tax.scenarios(target="museum", motive="other_unknown", modus_operandi="cbrn", perpetrator="organisation")
    empty = none.to_pandas()
    assert len(empty) == len(none) and some.dtypes.equals(empty.dtypes)
    both = pd.concat([some, empty])
    assert all(isinstance(dtype, pd.CategoricalDtype) for dtype in both.dtypes)
    assert set(both["target"].cat.categories) == {t.id for t in tax.terms("target")}
    dutch = tax.scenarios(target="museum").to_pandas(lang="nl")
    assert "museum" in set(dutch["target"]) and "aanslag met een voertuig" not in dutch["target"].cat.categories


def test_frames_write_to_one_parquet_dataset(tax: st.Taxonomy, tmp_path: object) -> None:
    pytest.importorskip("pyarrow")
    from pathlib import Path

    folder = Path(str(tmp_path))
    frames.to_pandas(tax.incidents(country="NL"), kind="incidents").to_parquet(folder / "a.parquet")
    frames.to_pandas(tax.incidents(country="AQ"), kind="incidents").to_parquet(folder / "b.parquet")
    back = pd.concat([pd.read_parquet(folder / "a.parquet"), pd.read_parquet(folder / "b.parquet")])
    assert len(back) == len(tax.incidents(country="NL"))
    assert str(back["killed"].dtype) == "Int64"


def test_extension_facets_get_their_own_columns(tax: st.Taxonomy) -> None:
    from conftest import season_extension

    big = tax.extend(season_extension())
    frame = big.scenarios(target="christmas_market").to_pandas()
    assert list(frame.columns)[-2:] == ["season.time", "strength"]
    assert list(frame["season.time"].cat.categories) == ["season.winter"]
