"""GTD records and files at the boundary: numbers that overflow, encodings that do not exist,
lines far too long, arguments of the wrong type. Each is a reported problem or a documented
error (``DataError``, ``InputLimitError``, ``UnknownValueError``, ``ArgumentTypeError``),
never an ``OverflowError``, a ``LookupError`` or a raw ``csv.Error``."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import GTD_ROW as ROW
from conftest import scaled
from hostile import ANY, HUGE, SHORT_HOSTILE_TEXT
from hypothesis import assume, given, settings
from hypothesis import strategies as st_

import softtargets as st
from softtargets import gtd
from softtargets.errors import ArgumentTypeError, InputLimitError, SofttargetsError
from softtargets.limits import MAX_LINE_CHARS

COUNTS = ["iyear", "imonth", "iday", "nkill", "nwound", "nperps"]
CODES = ["attacktype1", "weaptype1", "weapsubtype1", "targtype1", "targsubtype1", "individual", "success"]
OVERFLOWING: list[object] = ["inf", "-inf", "1e999", "-1e999", "9" * 400, "9" * 5000, float("inf"), 10**400, 2**63]


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("column", COUNTS + CODES)
@pytest.mark.parametrize("value", OVERFLOWING, ids=lambda v: repr(v)[:12])
def test_overflowing_numbers_are_reported_not_raised(column: str, value: object) -> None:
    result = gtd.classify({**ROW, column: value})
    assert isinstance(result, gtd.GTDResult)
    if column in COUNTS:  # reported as the column's problem, quoted at most 80 characters
        problem = next(u for u in result.unmapped if u.startswith(column + " "))
        assert "not a whole number" in problem and len(problem) < 200
    else:  # not a code of the codebook (or not "1"): the record stays usable
        assert result.incident is not None
    if column == "iyear":
        assert result.incident is None
    if column in ("nkill", "nwound"):
        assert (
            result.incident is not None and getattr(result.incident, {"nkill": "killed"}.get(column, "injured")) is None
        )


def test_nan_is_a_blank_and_fractions_still_truncate() -> None:
    result = gtd.classify({**ROW, "nkill": "nan", "nwound": float("nan"), "imonth": "12.0", "iday": "19.7"})
    assert result.incident is not None and result.incident.killed is None and result.incident.injured is None
    assert result.incident.date.isoformat() == "2016-12-19"
    assert not any(u.startswith(("nkill", "nwound")) for u in result.unmapped)


def test_negative_and_text_counts_are_reported() -> None:
    result = gtd.classify({**ROW, "nkill": "-3", "nwound": "many"})
    assert result.incident is not None and result.incident.killed is None and result.incident.injured is None
    assert any(u.startswith("nkill '-3'") for u in result.unmapped)
    assert any(u.startswith("nwound 'many'") for u in result.unmapped)


def test_a_year_beyond_the_calendar_is_an_invalid_date() -> None:
    result = gtd.classify({**ROW, "iyear": "99999"})
    assert result.incident is None and result.unmapped[0] == "invalid date 99999-12-19"
    huge = gtd.classify({**ROW, "iyear": str(2**62)})
    assert huge.incident is None and huge.unmapped[0].startswith("invalid date")


def test_huge_fields_are_quoted_cut() -> None:
    result = gtd.classify({**ROW, "country_txt": "A" * 100_000, "targsubtype1": "x" * 100_000, "targtype1": ""})
    assert result.incident is not None
    assert all(len(u) < 300 for u in result.unmapped), max(result.unmapped, key=len)[:100]


def test_overflowing_numbers_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "gtd.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(ROW))
        writer.writeheader()
        for value in ["inf", "1e999", "-inf", "nan", "9" * 5000]:
            writer.writerow({**ROW, "nkill": value, "imonth": value, "weaptype1": value})
    results = list(gtd.read_csv(path))
    assert len(results) == 5 and all(r.incident is not None for r in results)
    assert sum(any(u.startswith("nkill") for u in r.unmapped) for r in results) == 4  # nan is a blank


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["bogus", "base64", "rot13", "utf\x008", "", "x" * 10_000])
def test_an_unknown_encoding_is_named_at_the_call(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "gtd.csv"
    path.write_text("eventid,iyear\n1,2001\n", encoding="utf-8")
    with pytest.raises(st.UnknownValueError, match="unknown encoding") as err:
        gtd.read_csv(path, encoding=encoding)  # not a LookupError, and before any row is read
    assert not isinstance(err.value, LookupError)
    assert len(str(err.value)) < 300
    if encoding == "bogus":
        assert "'bogus'" in str(err.value)


# ---------------------------------------------------------------- long lines


def _fifo_with_a_long_line(tmp_path: Path, size: int) -> tuple[Path, threading.Thread]:
    """A FIFO whose writer sends a header, then one line of ``size`` characters, 1 MiB at a
    time: nothing of it is ever held whole, by the writer or the file system."""
    path = tmp_path / "gtd.fifo"
    os.mkfifo(path)
    chunk = b"x" * (1 << 20)

    def write() -> None:
        try:
            with path.open("wb") as fifo:
                fifo.write(b"eventid,iyear,summary\n1,2001,")
                for _ in range(size // len(chunk)):
                    fifo.write(chunk)
                fifo.write(b"\n")
        except BrokenPipeError:  # the reader stopped at its limit: the point of the test
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return path, writer


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_200_mb_line_is_refused_without_reading_it(tmp_path: Path) -> None:
    path, writer = _fifo_with_a_long_line(tmp_path, 200 * (1 << 20))
    tracemalloc.start()
    try:
        with pytest.raises(InputLimitError) as err:
            list(gtd.read_csv(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    writer.join(timeout=60)
    assert not writer.is_alive()
    message = str(err.value)
    assert "line 2" in message and f"{MAX_LINE_CHARS:,}" in message and "max_line_chars=" in message
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB: the line was read whole"


def _long_field_file(tmp_path: Path, chars: int) -> Path:
    path = tmp_path / "long.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=[*ROW, "summary"])
        writer.writeheader()
        writer.writerow({**ROW, "summary": "s" * chars})
    return path


def test_a_field_longer_than_the_csv_modules_default_limit_is_read(tmp_path: Path) -> None:
    # 200,000 characters: under MAX_LINE_CHARS, over csv's own default field limit (131,072)
    (result,) = list(gtd.read_csv(_long_field_file(tmp_path, 200_000)))
    assert result.incident is not None


def test_max_line_chars_raises_and_lowers_the_limit(tmp_path: Path) -> None:
    path = _long_field_file(tmp_path, MAX_LINE_CHARS + 10)
    with pytest.raises(InputLimitError, match="line 2"):
        list(gtd.read_csv(path))
    (result,) = list(gtd.read_csv(path, max_line_chars=2 * MAX_LINE_CHARS))
    assert result.incident is not None
    with pytest.raises(InputLimitError, match="line 1: longer than 10 characters"):
        list(gtd.read_csv(path, max_line_chars=10))


# ---------------------------------------------------------------- argument types


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: gtd.classify(123), "row"),  # type: ignore[arg-type]
        (lambda: gtd.classify("eventid,iyear"), "row"),  # type: ignore[arg-type]
        (lambda: gtd.classify(ROW, line="3"), "line"),  # type: ignore[arg-type]
        (lambda: gtd.classify(ROW, taxonomy="builtin"), "taxonomy"),  # type: ignore[arg-type]
        (lambda: gtd.read_csv(123), "path"),  # type: ignore[arg-type]
        (lambda: gtd.read_csv(b"gtd.csv"), "path"),  # type: ignore[arg-type]
        (lambda: gtd.read_csv("gtd.csv", progress="yes"), "progress"),  # type: ignore[arg-type]
        (lambda: gtd.read_csv("gtd.csv", every=0), "every"),
        (lambda: gtd.read_csv("gtd.csv", every=2.5), "every"),  # type: ignore[arg-type]
        (lambda: gtd.read_csv("gtd.csv", encoding=None), "encoding"),  # type: ignore[arg-type]
        (lambda: gtd.read_csv("gtd.csv", taxonomy={}), "taxonomy"),  # type: ignore[arg-type]
        (lambda: gtd.read_csv("gtd.csv", max_line_chars="1M"), "max_line_chars"),  # type: ignore[arg-type]
        (lambda: gtd.read_csv("gtd.csv", max_line_chars=-1), "max_line_chars"),
    ],
)
def test_wrong_argument_types_name_the_argument(call: object, name: str) -> None:
    with pytest.raises(ArgumentTypeError, match=f"^{name}: expected"):
        call()  # type: ignore[operator]


# ---------------------------------------------------------------- fuzzing

COLUMNS = [*ROW, "weapsubtype1", "gname", "attacktype1_txt", "targtype1_txt"]


@given(st_.dictionaries(st_.sampled_from(COLUMNS), ANY, max_size=8))
def test_classify_never_raises_on_hostile_values(changes: dict[str, object]) -> None:
    result = gtd.classify({**ROW, **changes})
    assert isinstance(result, gtd.GTDResult)
    assert result.incident is not None or result.unmapped
    assert all(isinstance(u, str) and len(u) < 1000 for u in result.unmapped)


@given(ANY, ANY, ANY)
def test_classify_arguments_raise_only_documented_errors(row: object, line: object, taxonomy: object) -> None:
    try:
        gtd.classify(row, line=line, taxonomy=taxonomy)  # type: ignore[arg-type]
    except SofttargetsError:
        return


@settings(max_examples=scaled(ci=200, dev=25))
@given(st_.lists(st_.lists(st_.one_of(SHORT_HOSTILE_TEXT, st_.just("z" * 6000)), min_size=1, max_size=6), max_size=4))
def test_read_csv_raises_only_documented_errors(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["eventid", "iyear", "nkill", "targtype1", "city", "weaptype1"])
    writer.writerows(rows)
    with _scratch_file(buffer.getvalue().encode("utf-8", "surrogatepass")) as path:
        try:
            for result in gtd.read_csv(path, max_line_chars=5000):
                assert isinstance(result, gtd.GTDResult)
        except st.DataError:
            pass


@given(
    st_.one_of(ANY, st_.sampled_from(HUGE)),
    st_.sampled_from(["progress", "every", "encoding", "taxonomy", "max_line_chars"]),
)
def test_read_csv_arguments_raise_only_documented_errors(value: object, name: str) -> None:
    assume(not (name == "progress" and callable(value)))  # a callback's own errors are its own
    with _scratch_file(b"eventid,iyear\n1,2001\n") as path, contextlib.suppress(SofttargetsError):
        list(gtd.read_csv(path, **{name: value}))  # type: ignore[arg-type]


@contextlib.contextmanager
def _scratch_file(data: bytes) -> Iterator[Path]:
    """A temporary file holding ``data``, removed afterwards (hypothesis tests take no tmp_path)."""
    handle, name = tempfile.mkstemp(suffix=".csv")
    os.write(handle, data)
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink()
