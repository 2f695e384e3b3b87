"""Streaming a GTD CSV export with the csv module, one ``GTDResult`` per record."""

from __future__ import annotations

import codecs
import csv
import io
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..console import progress_reporter
from ..errors import ArgumentTypeError, DataError, InputLimitError, UnknownValueError, expect, shorten
from ..limits import MAX_LINE_CHARS, bounded_lines, open_binary
from .records import GTDResult, classify, cut

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = ["HINT", "Progress", "check_encoding", "positive", "read_csv"]

_CSV_FIELD_MAX = 2**31 - 1  # the csv module's field limit is a C long: 32 bits on some platforms
HINT = " (GTD exports are often Latin-1: pass encoding='latin-1')"

Progress = Callable[[int, int, int], None]
"""A progress callback: (rows read, bytes read, file size in bytes)."""


def check_encoding(encoding: str) -> None:
    """``UnknownValueError`` naming ``encoding`` unless it is a text encoding Python knows."""
    try:
        codecs.lookup(encoding)
        io.TextIOWrapper(io.BytesIO(), encoding=encoding)  # refuses bytes-to-bytes codecs (base64)
    except (LookupError, ValueError):
        raise UnknownValueError(
            "encoding", cut(encoding), ["utf-8", "latin-1", "cp1252", "any other text encoding Python knows"]
        ) from None


def positive(name: str, value: object, what: str) -> int:
    expect(name, value, int, what)
    assert isinstance(value, int)
    if not 1 <= value < sys.maxsize:
        raise ArgumentTypeError(f"{name}: expected {what}, got {shorten(value)}")
    return value


def read_csv(
    path: str | os.PathLike[str],
    *,
    progress: bool | Progress = False,
    every: int = 50_000,
    encoding: str = "utf-8",
    taxonomy: Taxonomy | None = None,
    max_line_chars: int = MAX_LINE_CHARS,
    motives: bool = False,
) -> Iterator[GTDResult]:
    """Stream a GTD CSV export, one ``GTDResult`` per record, in constant memory.

    ``progress=True`` shows progress on stderr every ``every`` rows (a rich bar on a terminal
    when rich, the ``cli`` extra, is installed; else a line each time); a callable gets
    ``(rows, bytes_read, file_size)`` instead (0 and 0 for a source that cannot tell, such
    as a FIFO; what the callable raises reaches the caller). GTD exports are often Latin-1:
    pass ``encoding="latin-1"`` when UTF-8 fails; an encoding Python does not know raises
    ``UnknownValueError`` naming it. ``taxonomy`` and ``motives`` are passed on to ``classify``.

    A line longer than ``max_line_chars`` characters (``limits.MAX_LINE_CHARS``, 1 Mi, by
    default) raises ``InputLimitError`` naming the file and the line, after reading no more
    than that much of it; the csv module's field limit is raised to ``max_line_chars`` when
    it is lower (it is process-wide, and never lowered). Raises ``DataError`` when the file
    cannot be read or decoded, is not valid CSV or lacks the ``eventid`` column. Arguments
    of the wrong type (and ``every`` or ``max_line_chars`` below 1) raise
    ``ArgumentTypeError``. The argument checks and opening the file happen at the call;
    the rest as the rows are read.

    >>> from softtargets import gtd
    >>> for result in gtd.read_csv("globalterrorismdb.csv", progress=True):  # doctest: +SKIP
    ...     if result.incident and "vehicle_ramming" in result.incident.modi_operandi:
    ...         print(result.incident)
    """
    from ..taxonomy import or_builtin

    expect("path", path, (str, os.PathLike), "a path (str or os.PathLike)")
    if not (isinstance(progress, bool) or callable(progress)):
        raise ArgumentTypeError(
            f"progress: expected a bool or a callable (rows, bytes_read, file_size), "
            f"got {type(progress).__name__} {shorten(progress)}"
        )
    every = positive("every", every, "a positive number of rows (int)")
    expect("encoding", encoding, str, "an encoding name (str)")
    tax = or_builtin(taxonomy)  # checks its type too
    max_line_chars = positive(
        "max_line_chars", max_line_chars, "a positive number of characters (int below sys.maxsize)"
    )
    check_encoding(encoding)
    report: Progress | None = progress_reporter("softtargets.gtd") if progress is True else (progress or None)
    file = Path(path)
    raw = open_binary(file, str(file))
    try:
        total = os.fstat(raw.fileno()).st_size
    except OSError:
        total = 0
    wanted = min(max_line_chars, _CSV_FIELD_MAX)
    if csv.field_size_limit() < wanted:  # a field may be as long as a line, not shorter
        csv.field_size_limit(wanted)
    expect("motives", motives, bool, "True or False")
    return _rows(raw, str(file), total, report, every, encoding, tax, max_line_chars, motives)


def _lines(text: IO[str], limit: int, source: str) -> Iterator[str]:
    """The lines of ``text``, none longer than ``limit`` (``InputLimitError`` names the line)."""
    number = 0
    lines = bounded_lines(text, limit, source)
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except InputLimitError:
            raise InputLimitError(
                source,
                f"line {number + 1}: longer than {limit:,} characters, the limit (pass max_line_chars= to raise it)",
            ) from None
        number += 1
        yield line


def _tell(raw: IO[bytes]) -> int:
    try:
        return raw.tell()
    except OSError:  # a FIFO or a pipe cannot tell
        return 0


def _rows(
    raw: IO[bytes],
    source: str,
    total: int,
    report: Progress | None,
    every: int,
    encoding: str,
    taxonomy: Taxonomy,
    max_line_chars: int,
    motives: bool,
) -> Iterator[GTDResult]:
    try:
        with raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
            reader = csv.DictReader(_lines(text, max_line_chars, source))
            try:
                header = reader.fieldnames
            except UnicodeDecodeError as err:
                raise DataError(source, [f"cannot read the header: {err}{HINT}"]) from None
            except csv.Error as err:
                raise DataError(source, [f"cannot read the header: {err}"]) from None
            except OSError as err:
                raise DataError(source, [f"cannot read the file: {err.strerror or err}"]) from None
            if not header or "eventid" not in header:
                raise DataError(source, ["not a GTD export: no 'eventid' column"])
            rows = 0
            try:
                for rows, record in enumerate(reader, 1):
                    yield classify(record, line=reader.line_num, taxonomy=taxonomy, motives=motives)
                    if report is not None and rows % every == 0:
                        report(rows, _tell(raw), total)
            except UnicodeDecodeError as err:
                raise DataError(source, [f"near line {reader.line_num}: {err}{HINT}"]) from None
            except csv.Error as err:
                raise DataError(source, [f"line {reader.line_num}: {err}"]) from None
            except OSError as err:
                raise DataError(source, [f"near line {reader.line_num}: cannot read: {err.strerror or err}"]) from None
            if report is not None:
                report(rows, total, total)
    finally:  # also when the reader stops early: a progress bar is ended
        close = getattr(report, "close", None)
        if callable(close):
            close()
