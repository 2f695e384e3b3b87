"""GTD records by the DataFrame: ``classify_frame`` and ``read_frame`` (the ``pandas`` extra).

``classify_frame`` gives, row for row, what ``classify`` gives, without classifying each row:
it factorises the columns each part of a record depends on (the targets on the six target
columns; ...), runs the part (``gtd.records``) once per distinct combination, and spreads the
results over the rows; the dates are computed with numpy, and each row's problems are laid end
to end by numpy, once per distinct combination of the parts' problems. A GTD export has a few
thousand distinct combinations per part against hundreds of thousands of rows, which makes it
about twenty times faster on the synthetic benchmark than the row-by-row path
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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from ..console import progress_reporter
from ..errors import DataError, expect
from ..frames import pandas
from ..models import Text
from .columns import Columns, Dates, concat, take
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
    cols = Columns(frame)
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
    when = Dates(cols)
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
    fine &= take(*_column(city, 1)).astype(bool) & take(*note).astype(bool)

    out: dict[str, Any] = {}
    for name in ("country", "targets", "perpetrator", "motive", "modi_operandi", "killed", "injured"):
        out[name] = take(*_column(parts[name], 0))
    out["date"] = when.days
    out["city"] = take(*_column(city, 0))
    out["outcome"] = take(*outcome)
    out["unmapped"] = take(
        *concat([(codes, [_problems(r) for r in results]) for codes, results in problem_parts], cols.size)
    )
    out["id"] = ids
    bad = ~usable
    for n in np.flatnonzero(bad).tolist():
        out["unmapped"][n] = when.refusal(n) if has_id[n] else when.refusal(n, year=False)
    for name in ("id", "country", "city", "perpetrator", "motive", "killed", "injured", "outcome"):
        out[name][bad] = None
    out["date"][bad] = np.datetime64("NaT")
    out["targets"][bad] = out["modi_operandi"][bad] = take(np.zeros(int(bad.sum()), dtype=np.int64), [()])
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
