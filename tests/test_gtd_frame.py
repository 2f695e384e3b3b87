"""``gtd.classify_frame`` gives row for row what ``gtd.classify`` gives (on synthetic records
covering every code of the GTD crosswalks, blanks and hostile values), ``read_frame`` reads an
export into the same frame, the group motives are sourced data, and the frame runs per
partition on dask where dask is installed."""

from __future__ import annotations

from pathlib import Path

import pytest
import synthetic_gtd
from conftest import scaled

import softtargets as st
from softtargets import crosswalk, gtd

pd = pytest.importorskip("pandas")


def _same(frame: object, rows: list[dict[str, str]], motives: bool = False) -> None:
    assert list(frame.columns) == list(gtd.FRAME_COLUMNS)  # type: ignore[attr-defined]
    for got, row in zip(frame.itertuples(index=False), rows, strict=True):  # type: ignore[attr-defined]
        result = gtd.classify(row, motives=motives)
        assert got.unmapped == result.unmapped, row
        inc = result.incident
        if inc is None:
            assert got.id is None
            continue
        fields = (inc.id, inc.date, inc.country, inc.city, inc.targets, inc.perpetrator, inc.motive)
        assert (got.id, got.date.date(), got.country, got.city, got.targets, got.perpetrator, got.motive) == fields
        assert got.modi_operandi == inc.modi_operandi
        assert (None if pd.isna(got.killed) else got.killed) == inc.killed
        assert (None if pd.isna(got.injured) else got.injured) == inc.injured
        assert got.outcome == inc.outcome.value


def test_the_synthetic_rows_cover_every_gtd_code() -> None:
    rows = list(synthetic_gtd.rows(3000, seed=3))
    columns = {
        "gtd_target_subtype": [f"targsubtype{k}" for k in (1, 2, 3)],
        "gtd_target_type": [f"targtype{k}" for k in (1, 2, 3)],
        "gtd_weapon_subtype": [f"weapsubtype{k}" for k in (1, 2, 3, 4)],
        "gtd_weapon_type": [f"weaptype{k}" for k in (1, 2, 3, 4)],
        "gtd_attack_type": [f"attacktype{k}" for k in (1, 2, 3)],
    }
    for vocabulary, names in columns.items():
        seen = {row[c] for row in rows for c in names}
        assert {e.code for e in crosswalk.entries(vocabulary)} <= seen, vocabulary


@pytest.mark.parametrize("motives", [False, True])
def test_classify_frame_equals_classify_row_by_row(motives: bool) -> None:
    rows = list(synthetic_gtd.rows(scaled(100_000, 4_000), seed=7))
    _same(gtd.classify_frame(pd.DataFrame(rows), motives=motives), rows, motives)


def test_classify_frame_on_typed_columns_and_refused_text() -> None:
    rows = list(synthetic_gtd.rows(300, seed=1))
    rows[0]["city"] = "Ber\u200blin"  # refused text: the model's own message, as row by row
    rows[1]["eventid"] = "ABC DEF"  # no usable id
    rows[2]["attacktype1_txt"] = "x" * 3000
    frame = pd.DataFrame(rows)
    got = gtd.classify_frame(frame)
    _same(got, rows)
    assert got.loc[0, "id"] is None and any("city" in p for p in got.loc[0, "unmapped"])
    numeric = frame.copy()
    for column in ("iyear", "nkill"):
        numeric[column] = pd.to_numeric(numeric[column], errors="coerce")
    _same(gtd.classify_frame(numeric), numeric.to_dict("records"))


def test_classify_frame_dates_every_edge_as_classify_does() -> None:
    """The dates are computed with numpy: each edge of ``dt.date`` (year 0 and 10000, leap
    days, the 31st of a 30-day month, huge and fractional parts) as ``classify`` has it."""
    years = ("0", "1", "1900", "2000", "2023", "2024", "9999", "10000", "9223372036854775807", "1999.7", "", "x")
    months = ("0", "1", "2", "4", "12", "13", "2.0", "-1", "")
    days = ("0", "1", "28", "29", "30", "31", "32", "1e3", "")
    rows = [
        {"eventid": str(n), "iyear": y, "imonth": m, "iday": d}
        for n, (y, m, d) in enumerate((y, m, d) for y in years for m in months for d in days)
    ]
    got = gtd.classify_frame(pd.DataFrame(rows))
    _same(got, rows)
    assert got["id"].notna().sum() > len(rows) // 3 and got["id"].isna().sum() > len(rows) // 5


def test_classify_frame_keeps_the_index_and_empty_frames_have_the_columns() -> None:
    frame = pd.DataFrame(list(synthetic_gtd.rows(10)), index=range(100, 110))
    assert list(gtd.classify_frame(frame).index) == list(range(100, 110))
    empty = gtd.classify_frame(frame.iloc[:0])
    assert list(empty.columns) == list(gtd.FRAME_COLUMNS) and len(empty) == 0
    with pytest.raises(st.DataError, match="eventid"):
        gtd.classify_frame(pd.DataFrame({"x": [1]}))


def test_read_frame_reads_what_read_csv_reads(tmp_path: Path) -> None:
    path = synthetic_gtd.write_csv(tmp_path / "gtd.csv", 1500, seed=5)
    seen: list[tuple[int, int, int]] = []
    frame = gtd.read_frame(path, chunksize=400, progress=lambda *a: seen.append(a))
    results = list(gtd.read_csv(path))
    assert len(frame) == len(results) == 1500
    assert [r.unmapped for r in results] == list(frame["unmapped"])
    assert [r.incident.id if r.incident else None for r in results] == list(frame["id"])
    assert [s[0] for s in seen] == [400, 800, 1200, 1500] and seen[-1][1] == seen[-1][2]


def test_group_motives_are_sourced_and_unknown_stays_unknown() -> None:
    groups = gtd.group_motives()
    assert len(groups) >= 15 and all(g.sources for g in groups)
    assert gtd.group_motive("  islamic state of iraq and the levant (isil) ") == "jihadism"
    assert gtd.group_motive("Oglaigh na hEireann") == "ethno_nationalist_separatist"
    assert gtd.group_motive("Unknown") is None and gtd.group_motive("Neo-Nazi extremists") is None
    row = {"eventid": "201501010001", "iyear": "2015", "gname": "Basque Fatherland and Freedom (ETA)"}
    assert gtd.classify(row).incident.motive is None  # type: ignore[union-attr]
    assert gtd.classify(row, motives=True).incident.motive == "ethno_nationalist_separatist"  # type: ignore[union-attr]


def test_classify_frame_per_partition_on_dask_gives_the_pandas_counts() -> None:
    dd = pytest.importorskip("dask.dataframe")
    import dask

    frame = pd.DataFrame(list(synthetic_gtd.rows(3000, seed=11)))
    expected = gtd.classify_frame(frame)
    parts = dd.from_pandas(frame, npartitions=4)
    meta = gtd.classify_frame(frame.iloc[:0])
    with dask.config.set(scheduler="synchronous"):
        got = parts.map_partitions(gtd.classify_frame, meta=meta).compute()
    assert got["id"].notna().sum() == expected["id"].notna().sum()
    years = lambda f: f["date"].dt.year.value_counts().sort_index()  # noqa: E731
    assert years(got).equals(years(expected))
    assert list(got["unmapped"]) == list(expected["unmapped"])
