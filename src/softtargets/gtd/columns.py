"""The columns of a GTD DataFrame as codes, for ``classify_frame`` (``gtd.frame``): each column
encoded once, each distinct combination of codes numbered, a part of ``classify`` run once per
distinct combination and spread over the rows; the dates computed with numpy and the problem
lists laid end to end by numpy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from ..frames import pandas
from .records import Dated, Slot, counted, date_of

__all__ = ["Columns", "Dates", "codes_of", "combined_codes", "concat", "first_rows", "take"]


class Columns:
    """The frame's columns as numpy arrays (a missing column reads as None everywhere)."""

    def __init__(self, frame: Any) -> None:
        self.frame = frame
        self.size = len(frame)
        self.present = set(frame.columns)

    def factor(self, names: Sequence[str]) -> tuple[Any, list[list[object]]]:
        """For each row the number of its combination of values in ``names``, and each
        combination's raw values (from its first row)."""
        used = [n for n in names if n in self.present]
        found = [codes_of(self.frame[name]) for name in used]
        combined = found[0][0] if len(found) == 1 else combined_codes(self.size, found)
        first = first_rows(combined)
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
        combined = combined_codes(self.size, [(per_row, len(kinds)) for per_row, kinds in terms])
        first = first_rows(combined)
        picked = [(per_row[first].tolist(), kinds) for per_row, kinds in terms]
        joined = [(join([(kinds[numbers[g]], ()) for numbers, kinds in picked])[0], ()) for g in range(len(first))]
        return (combined, joined), problems


class Dates:
    """The date of each row from ``iyear``, ``imonth`` and ``iday``, as ``records.dated``
    gives it: each column's distinct values read by ``counted`` once, the dates computed with
    numpy, the problems once per distinct combination of (the year's problems, month value,
    day value)."""

    def __init__(self, cols: Columns) -> None:
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
        key = combined_codes(
            cols.size, [(per_row, len(classes)), (self.mcodes, len(self.months)), (self.dcodes, len(self.dayss))]
        )
        first = first_rows(key).tolist()
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


def concat(parts: list[tuple[Any, list[tuple[str, ...]]]], size: int) -> tuple[Any, list[tuple[str, ...]]]:
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
    key = combined_codes(size, [(codes, len(texts)) for codes, texts in parts])
    first = first_rows(key)
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


def codes_of(column: Any) -> tuple[Any, int]:
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


def combined_codes(size: int, found: Sequence[tuple[Any, int]]) -> Any:
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


def first_rows(combined: Any) -> Any:
    """The first row of each combination, in the order of the numbers (``pd.factorize``
    numbers them in the order they first appear: a row is a first one when its number is
    above all before it)."""
    import numpy as np

    if not len(combined):
        return np.zeros(0, dtype=np.int64)
    before = np.maximum.accumulate(combined)
    return np.flatnonzero(np.concatenate(([True], combined[1:] > before[:-1])))


def take(codes: Any, results: list[Any]) -> Any:
    """An object array: the result of each row's code."""
    import numpy as np

    values = np.empty(len(results), dtype=object)
    values[:] = results
    return values[codes]
