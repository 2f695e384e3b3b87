"""GTD records by the DataFrame: ``classify_frame`` and ``read_frame`` (the ``pandas`` extra).

``classify_frame`` gives, row for row, what ``classify`` gives, without classifying each row:
it factorises the columns each part of a record depends on (the date on ``iyear``, ``imonth``
and ``iday``; the targets on the six target columns; ...), runs the part (``gtd.records``)
once per distinct combination, and spreads the results over the rows. A GTD export has a few
thousand distinct combinations per part against hundreds of thousands of rows, which makes it
about ten times faster on the synthetic benchmark than the row-by-row path
(``benchmarks/run.py``), with the same results by construction (``tests/test_gtd_frame.py``
checks them on 100,000 synthetic rows in CI).
The rare row whose id, city or note the ``Incident`` model refuses goes through ``classify``
itself, so its problems are the same too.

Because it works on any frame and keeps the frame's index, it runs per partition on dask:
``ddf.map_partitions(gtd.classify_frame, meta=gtd.classify_frame(ddf._meta))`` (see
``examples/gtd_dask.py``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from ..console import progress_reporter
from ..errors import DataError, expect
from ..frames import pandas
from ..models import Text
from .read import HINT, Progress, check_encoding, positive
from .records import (
    ATTACK_COLUMNS,
    TARGET_COLUMNS,
    WEAPON_COLUMNS,
    Dated,
    Slot,
    attack_slot,
    classify,
    combine,
    counted,
    country_of,
    date_of,
    implied,
    motive_of,
    note_of,
    outcome_of,
    perpetrator_of,
    target_slot,
    text_of,
    weapon_slot,
)

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = ["COLUMNS", "FRAME_COLUMNS", "classify_frame", "read_frame"]

COLUMNS = (
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "country_txt",
    "city",
    *TARGET_COLUMNS,
    *WEAPON_COLUMNS,
    *ATTACK_COLUMNS,
    "attacktype1_txt",
    "targtype1_txt",
    "individual",
    "nperps",
    "gname",
    "nkill",
    "nwound",
    "success",
)
"""The GTD columns ``classify`` reads (``read_frame`` reads only these)."""

FRAME_COLUMNS = (
    "id",
    "date",
    "country",
    "city",
    "targets",
    "perpetrator",
    "motive",
    "modi_operandi",
    "killed",
    "injured",
    "outcome",
    "unmapped",
)
"""The columns of ``classify_frame``'s result: the ``Incident`` fields (``id`` None for a
record that makes no incident), ``date`` as ``datetime64[s]``, ``killed``/``injured`` as
nullable ``Int64``, term columns as tuples, and ``unmapped``: what ``classify`` reports."""

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")  # models.SourceId
_TEXT: TypeAdapter[str] = TypeAdapter(Text)


def _fine(text: str | None) -> bool:
    """Whether the ``Incident`` model takes ``text`` as a ``Text`` field."""
    if text is None:
        return True
    try:
        _TEXT.validate_python(text)
    except ValidationError:
        return False
    return True


class _Columns:
    """The frame's columns as numpy arrays (a missing column reads as None everywhere)."""

    def __init__(self, frame: Any) -> None:
        self.frame = frame
        self.size = len(frame)
        self.present = set(frame.columns)

    def factor(self, names: Sequence[str]) -> tuple[Any, list[list[object]]]:
        """For each row the number of its combination of values in ``names``, and each
        combination's raw values (from its first row)."""
        used = [n for n in names if n in self.present]
        found = [_codes(self.frame[name]) for name in used]
        combined = found[0][0] if len(found) == 1 else _combined(self.size, found)
        first = _first(combined)
        arrays = {n: self.frame[n].take(first).tolist() for n in used}
        rows = [[arrays[n][g] if n in arrays else None for n in names] for g in range(len(first))]
        return combined, rows

    def grouped(self, names: Sequence[str], part: Callable[..., Any]) -> tuple[Any, list[Any]]:
        """For each row the number of its combination of ``names``, and ``part`` of each."""
        combined, rows = self.factor(names)
        return combined, [part(*row) for row in rows]

    def slots(
        self, pairs: Sequence[Sequence[str]], part: Callable[..., Slot], join: Callable[[list[Slot]], Slot]
    ) -> tuple[tuple[Any, list[Any]], list[tuple[Any, list[Any]]]]:
        """The terms ``join`` makes of the ``part`` of each group of columns in ``pairs``, and
        each group's problems as a part of its own (``combine`` only concatenates the slots'
        problems, in order): each slot is classified once per distinct value, and each
        distinct combination of the slots' terms joined once."""
        import numpy as np

        problems: list[tuple[Any, list[Any]]] = []
        terms: list[tuple[Any, list[tuple[str, ...]]]] = []  # per slot: each row's terms number, the terms
        memo: dict[tuple[object, ...], Slot] = {}  # the slots of a kind share most values

        def slot(*raws: object) -> Slot:
            found = memo.get(raws)
            if found is None:
                found = memo[raws] = part(*raws)
            return found

        for pair in pairs:
            codes, results = self.grouped(pair, slot)
            problems.append((codes, [((), found[1]) for found in results]))
            index: dict[tuple[str, ...], int] = {}
            numbers = np.array([index.setdefault(found[0], len(index)) for found in results], dtype=np.int64)
            per_row = numbers[codes] if self.size else codes
            terms.append((per_row, list(index)))
        combined = _combined(self.size, [(per_row, len(kinds)) for per_row, kinds in terms])
        first = _first(combined)
        picked = [(per_row[first].tolist(), kinds) for per_row, kinds in terms]
        joined = [(join([(kinds[numbers[g]], ()) for numbers, kinds in picked])[0], ()) for g in range(len(first))]
        return (combined, joined), problems


class _Dates:
    """The date of each row from ``iyear``, ``imonth`` and ``iday``, as ``records.dated``
    gives it: each column's distinct values read by ``counted`` once, the dates computed with
    numpy, the problems once per distinct combination of (the year's problems, month value,
    day value)."""

    def __init__(self, cols: _Columns) -> None:
        import numpy as np

        found = []
        for name in ("iyear", "imonth", "iday"):
            codes, results = cols.grouped((name,), partial(counted, column=name))
            numbers = np.array([-1 if r[0] is None else r[0] for r in results], dtype=np.int64)
            found.append((codes, numbers[codes] if cols.size else codes, results))
        (self.ycodes, year, self.years), (self.mcodes, month, self.months), (self.dcodes, day, self.dayss) = found
        self.refused: dict[tuple[int, int, int, bool], tuple[str, ...]] = {}
        month_bad = (month < 1) | (month > 12)  # -1: unknown
        months = np.where(month_bad, 1, month)
        days = np.where(month_bad | (day <= 0), 1, day)
        starts = ((np.clip(year, 1, 9999) - 1970) * 12 + months - 1).astype("datetime64[M]")
        lengths = ((starts + 1).astype("datetime64[D]") - starts.astype("datetime64[D]")).astype(np.int64)
        self.valid = (year >= 1) & (year <= 9999) & (days <= lengths)  # what dt.date takes
        self.days = starts.astype("datetime64[D]") + np.where(self.valid, days - 1, 0)
        self.days[~self.valid] = np.datetime64("NaT")
        # the problems: the year's (and whether it is known), the month's and the day's values
        classes: dict[tuple[bool, tuple[str, ...]], int] = {}
        yclass = np.array([classes.setdefault((r[0] is None, r[1]), len(classes)) for r in self.years], dtype=np.int64)
        per_row = yclass[self.ycodes] if cols.size else self.ycodes
        key = _combined(
            cols.size, [(per_row, len(classes)), (self.mcodes, len(self.months)), (self.dcodes, len(self.dayss))]
        )
        first = _first(key).tolist()
        self.problems = (key, [(None, self._dated(n).problems) for n in first])  # as the other parts'

    def _dated(self, n: int) -> Dated:
        return date_of(self.years[self.ycodes[n]], self.months[self.mcodes[n]], self.dayss[self.dcodes[n]])

    def refusal(self, n: int, *, year: bool = True) -> tuple[str, ...]:
        """What ``classify`` reports for row ``n`` without a usable date (``year`` False: or
        without an eventid)."""
        key = (int(self.ycodes[n]), int(self.mcodes[n]), int(self.dcodes[n]), year)
        found = self.refused.get(key)
        if found is None:
            when = self._dated(n)
            if not year or when.year is None:
                found = ("the record has no eventid or iyear", *(when.problems if when.year is None else ()))
            else:
                found = (str(when.error), *when.problems)
            self.refused[key] = found
        return found


def _concat(parts: list[tuple[Any, list[tuple[str, ...]]]], size: int) -> tuple[Any, list[tuple[str, ...]]]:
    """Each row's number and the tuples: for each row the concatenation of its tuple of each
    part, each distinct combination built once, by numpy on the messages laid end to end."""
    import numpy as np

    distinct = []  # each part's codes to its distinct tuples
    for codes, texts in parts:
        if any(texts):
            index: dict[tuple[str, ...], int] = {}
            numbers = np.array([index.setdefault(t, len(index)) for t in texts], dtype=np.int64)
            distinct.append((numbers[codes] if size else codes, list(index)))
    parts = distinct
    key = _combined(size, [(codes, len(texts)) for codes, texts in parts])
    first = _first(key)
    count = len(first)
    if not parts or not count:
        return key, [()] * max(count, 1)
    picked = []  # per part: each combination's tuple number, their lengths, messages, offsets
    total = np.zeros(count, dtype=np.int64)
    for codes, texts in parts:
        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        messages = np.empty(int(lengths.sum()), dtype=object)
        messages[:] = [m for t in texts for m in t]
        offsets = np.cumsum(lengths) - lengths
        numbers = codes[first]
        picked.append((numbers, lengths[numbers], messages, offsets))
        total += lengths[numbers]
    ends = np.cumsum(total)
    at = ends - total  # where each combination's next part starts
    flat = np.empty(int(ends[-1]) if count else 0, dtype=object)
    for numbers, lengths, messages, offsets in picked:
        which = np.repeat(np.arange(count), lengths)
        step = np.arange(len(which)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        flat[at[which] + step] = messages[offsets[numbers[which]] + step]
        at += lengths
    items = flat.tolist()
    starts = (ends - total).tolist()
    return key, [tuple(items[a:b]) for a, b in zip(starts, ends.tolist(), strict=True)]


def _codes(column: Any) -> tuple[Any, int]:
    """Each value's code (equal values, missing ones too, share one), numbered in the order
    they first appear, and the number of codes: a text column of one Arrow chunk (pandas'
    ``str``) encoded by Arrow itself, as ``pd.factorize`` would, without its conversions."""
    import numpy as np

    pd = pandas()
    arrow = isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"
    chunked = column.array.__arrow_array__() if arrow else None  # a pyarrow ChunkedArray
    if getattr(chunked, "num_chunks", 0) == 1:
        assert chunked is not None
        encoded = chunked.chunk(0).dictionary_encode(null_encoding="encode")
        return np.asarray(encoded.indices, dtype=np.int64), len(encoded.dictionary)
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return pd.factorize(codes)[0], len(uniques)  # the missing value's code may come last


def _combined(size: int, found: Sequence[tuple[Any, int]]) -> Any:
    """Each row's number of its combination of codes, numbered as ``pd.factorize`` numbers
    them (in the order they first appear): ``found`` holds each row's code of each part and
    the part's number of codes. The codes are mixed in one integer, renumbered only when it
    would overflow."""
    import numpy as np

    pd = pandas()
    key = np.zeros(size, dtype=np.int64)
    span = 1
    for codes, count in found:
        count = max(count, 1)
        if span * count >= 2**62:
            key, uniques = pd.factorize(key)
            span = max(len(uniques), 1)
        key = key * count + codes
        span *= count
    numbers, _ = pd.factorize(key)
    return numbers


def _first(combined: Any) -> Any:
    """The first row of each combination, in the order of the numbers (``pd.factorize``
    numbers them in the order they first appear: a row is a first one when its number is
    above all before it)."""
    import numpy as np

    if not len(combined):
        return np.zeros(0, dtype=np.int64)
    before = np.maximum.accumulate(combined)
    return np.flatnonzero(np.concatenate(([True], combined[1:] > before[:-1])))


def _take(codes: Any, results: list[Any]) -> Any:
    """An object array: the result of each row's code."""
    import numpy as np

    values = np.empty(len(results), dtype=object)
    values[:] = results
    return values[codes]


def classify_frame(frame: Any, *, taxonomy: Taxonomy | None = None, motives: bool = False) -> Any:
    """Classify every record of a DataFrame of GTD columns (``COLUMNS``; others are ignored,
    missing ones read as unknown): a DataFrame with ``FRAME_COLUMNS`` and the same index,
    row for row what ``classify(row, taxonomy=taxonomy, motives=motives)`` gives.

    Raises ``DataError`` for a frame without an ``eventid`` column and
    ``ArgumentTypeError`` for a ``frame`` that is no DataFrame.
    """
    import numpy as np

    from ..taxonomy import or_builtin

    pd = pandas()
    expect("frame", frame, pd.DataFrame, "a pandas DataFrame of GTD columns")
    expect("motives", motives, bool, "True or False")
    tax = or_builtin(taxonomy)
    if "eventid" not in frame.columns:
        raise DataError("DataFrame", ["not a GTD frame: no 'eventid' column"])
    cols = _Columns(frame)
    weapons = [WEAPON_COLUMNS[n : n + 2] for n in (0, 2, 4, 6)]
    ancestors = implied(tax)

    def modi_slot(*raws: object) -> Slot:
        return weapon_slot(*raws) if len(raws) == 2 else attack_slot(raws[0])

    targets, target_problems = cols.slots([TARGET_COLUMNS[n : n + 2] for n in (0, 2, 4)], target_slot, combine)
    modi, modi_problems = cols.slots(
        [*weapons, *((c,) for c in ATTACK_COLUMNS)],
        modi_slot,
        lambda found: combine(found[:4], found[4:], ancestors),
    )
    parts = {  # each: (codes per row, result per code); results are (value, problems)
        "country": cols.grouped(("country_txt",), country_of),
        "targets": targets,
        "modi_operandi": modi,
        "perpetrator": cols.grouped(("individual", "nperps", "gname"), perpetrator_of),
        "motive": cols.grouped(("gname",), lambda raw: motive_of(raw, motives)),
        "killed": cols.grouped(("nkill",), lambda raw: counted(raw, "nkill")),
        "injured": cols.grouped(("nwound",), lambda raw: counted(raw, "nwound")),
    }
    when = _Dates(cols)
    problem_parts = [  # in the order classify reports them
        when.problems,
        parts["country"],
        *target_problems,
        *modi_problems,
        *(parts[name] for name in ("perpetrator", "motive", "killed", "injured")),
    ]
    outcome = cols.grouped(("success",), lambda raw: outcome_of(raw).value)
    city = cols.grouped(("city",), lambda raw: (text_of(raw), _fine(text_of(raw))))
    note = cols.grouped(("attacktype1_txt", "targtype1_txt"), lambda a, t: _fine(note_of(a, t)))

    ids, fine = _ids(frame["eventid"])
    has_id = np.array([i is not None for i in ids], dtype=bool)
    usable = has_id & when.valid
    fine &= _take(*_column(city, 1)).astype(bool) & _take(*note).astype(bool)

    out: dict[str, Any] = {}
    for name in ("country", "targets", "perpetrator", "motive", "modi_operandi", "killed", "injured"):
        out[name] = _take(*_column(parts[name], 0))
    out["date"] = when.days
    out["city"] = _take(*_column(city, 0))
    out["outcome"] = _take(*outcome)
    out["unmapped"] = _take(
        *_concat([(codes, [_problems(r) for r in results]) for codes, results in problem_parts], cols.size)
    )
    out["id"] = ids
    bad = ~usable
    for n in np.flatnonzero(bad).tolist():
        out["unmapped"][n] = when.refusal(n) if has_id[n] else when.refusal(n, year=False)
    for name in ("id", "country", "city", "perpetrator", "motive", "killed", "injured", "outcome"):
        out[name][bad] = None
    out["date"][bad] = np.datetime64("NaT")
    out["targets"][bad] = out["modi_operandi"][bad] = _take(np.zeros(int(bad.sum()), dtype=np.int64), [()])
    for n in np.flatnonzero(usable & ~fine).tolist():  # the model refuses a field: classify says how
        record = {c: frame[c].iloc[n] for c in COLUMNS if c in cols.present}
        result = classify(record, taxonomy=tax, motives=motives)
        _put(out, n, result.incident, result.unmapped)
    return _build(out, frame.index)


def _ids(column: Any) -> tuple[Any, Any]:
    """Each row's incident id (None without an eventid) and whether the model takes it: a
    text column's plain digit eventids (a GTD export's) at once, the rest one by one."""
    import numpy as np

    pd = pandas()
    ids = np.empty(len(column), dtype=object)
    plain = np.zeros(len(column), dtype=bool)
    if isinstance(column.dtype, pd.StringDtype):  # up to 196 digits: "gtd-" and those fit the id
        plain = column.str.fullmatch(r"[0-9]{1,196}").to_numpy(dtype=bool, na_value=False)
        ids[plain] = ("gtd-" + column[plain]).to_numpy(dtype=object)
    fine = plain.copy()
    rest = np.flatnonzero(~plain)
    for n, value in zip(rest.tolist(), column.take(rest).to_numpy(dtype=object).tolist(), strict=True):
        eventid = text_of(value)
        if eventid is not None:
            ids[n] = ident = f"gtd-{eventid}"
            fine[n] = len(ident) <= 200 and _ID.match(ident) is not None
    return ids, fine


def _problems(result: Any) -> tuple[str, ...]:
    problems: tuple[str, ...] = result.problems if isinstance(result, Dated) else result[1]
    return problems


def _column(part: tuple[Any, list[Any]], n: int) -> tuple[Any, list[Any]]:
    codes, results = part
    return codes, [r[n] for r in results]


def _put(out: dict[str, Any], n: int, incident: Any, unmapped: tuple[str, ...]) -> None:
    if incident is None:
        for name in FRAME_COLUMNS:
            out[name][n] = unmapped if name == "unmapped" else () if name in ("targets", "modi_operandi") else None
        return
    for name in FRAME_COLUMNS:
        if name == "unmapped":
            out[name][n] = unmapped
        elif name == "outcome":
            out[name][n] = incident.outcome.value
        else:
            out[name][n] = getattr(incident, name)


def _build(out: dict[str, Any], index: Any) -> Any:
    import numpy as np

    pd = pandas()
    dates = np.asarray(out["date"], dtype="datetime64[D]").astype("datetime64[s]")
    data: dict[str, Any] = {}
    for name in FRAME_COLUMNS:
        if name == "date":
            data[name] = pd.Series(dates, index=index)
        elif name in ("killed", "injured"):  # ints (at most MAX_WHOLE) and None
            missing = pd.isna(out[name])
            numbers = np.where(missing, 0, out[name]).astype(np.int64)
            data[name] = pd.Series(pd.arrays.IntegerArray(numbers, missing), index=index)
        else:
            data[name] = pd.Series(out[name], index=index, dtype=object)
    return pd.DataFrame(data, index=index)


def read_frame(
    path: str | os.PathLike[str],
    *,
    chunksize: int = 50_000,
    progress: bool | Progress = False,
    encoding: str = "utf-8",
    taxonomy: Taxonomy | None = None,
    motives: bool = False,
) -> Any:
    """Read a GTD CSV export into ``classify_frame``'s DataFrame, ``chunksize`` rows at a time:
    only the ``COLUMNS`` it needs are read, as text (as ``read_csv`` reads them), so memory
    stays bounded by a chunk and the result. ``progress`` as in ``read_csv``: True shows a
    rich bar on a terminal (the project's one progress library; plain lines otherwise), a
    callable gets ``(rows, bytes_read, file_size)``.

    Raises ``DataError`` when the file cannot be read or decoded (GTD exports are often
    Latin-1: pass ``encoding="latin-1"``) or lacks the ``eventid`` column.
    """
    pd = pandas()
    expect("path", path, (str, os.PathLike), "a path (str or os.PathLike)")
    chunksize = positive("chunksize", chunksize, "a positive number of rows (int)")
    expect("encoding", encoding, str, "an encoding name (str)")
    check_encoding(encoding)
    file = Path(path)
    report: Progress | None = progress_reporter("softtargets.gtd") if progress is True else (progress or None)
    parts: list[Any] = []
    rows = 0
    try:
        with open(file, "rb") as raw:
            total = os.fstat(raw.fileno()).st_size
            reader = pd.read_csv(
                raw,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                usecols=lambda c: c in COLUMNS,
                chunksize=chunksize,
                encoding=encoding,
            )
            for chunk in reader:
                if "eventid" not in chunk.columns:
                    raise DataError(str(file), ["not a GTD export: no 'eventid' column"])
                parts.append(classify_frame(chunk, taxonomy=taxonomy, motives=motives))
                rows += len(chunk)
                if report is not None:
                    report(rows, raw.tell(), total)
    except UnicodeDecodeError as err:
        raise DataError(str(file), [f"cannot decode: {err}{HINT}"]) from None
    except OSError as err:
        raise DataError(str(file), [f"cannot read the file: {err.strerror or err}"]) from None
    except (ValueError, pd.errors.ParserError) as err:
        if isinstance(err, DataError):
            raise
        raise DataError(str(file), [f"not valid CSV: {err}"]) from None
    finally:
        close = getattr(report, "close", None)
        if callable(close):
            close()
    if not parts:
        return classify_frame(pd.DataFrame({"eventid": pd.Series([], dtype=str)}), taxonomy=taxonomy)
    return pd.concat(parts, ignore_index=True)
