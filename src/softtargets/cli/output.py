"""How the command line prints records: a table, JSON or CSV (``OUTPUT_FORMATS``, the one
list the ``--format`` option offers).

A table is drawn with rich on a terminal when rich (the ``cli`` extra) is installed, and as
80-column plain text otherwise: always when standard output is a pipe or a file, so what
scripts read does not depend on what is installed (``softtargets.console``). Neither cuts an
id (``ID_COLUMNS``)."""

from __future__ import annotations

import csv
import io
import json
import sys
import textwrap
from collections.abc import Collection, Sequence
from typing import Any

from ..console import rich_table, terminal

__all__ = ["ID_COLUMNS", "OUTPUT_FORMATS", "WIDTH", "Output", "cut", "emit", "plain", "plain_table", "table"]

OUTPUT_FORMATS = ("table", "json", "csv")
"""The ``--format`` choices; the first is the default."""

Output = str | tuple[str, int]
"""What a command returns: the text to print, or the text and the exit status (``validate``
prints the problems it found as JSON and exits with 1)."""

WIDTH = 80
"""Tables and wrapped text fit this many columns."""


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending in "…" when it was longer.

    >>> cut("christmas market", 10)
    'christmas…'
    """
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


ID_COLUMNS = frozenset({"id", "facet", "broader", "date", "country", "field"})
"""Columns of ids (and dates, codes) that a table never cuts, so they can be copied whole."""


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    fixed: Collection[int] = (),
    wrap: bool = False,
) -> str:
    """``rows`` under ``headers``: a rich table when standard output is a terminal and rich is
    installed (its free text wraps to the terminal's width), else ``plain_table`` (its free
    text is cut with "…", or wrapped with ``wrap``). The ``fixed`` columns (ids) are never cut."""
    cells = [[str(c) for c in row] for row in rows]
    console = terminal(sys.stdout)
    if console is not None:
        return rich_table(console, headers, cells, fixed=fixed)
    return plain_table(headers, cells, fixed=fixed, wrap=wrap)


def plain_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    width: int = WIDTH,
    *,
    fixed: Collection[int] = (),
    wrap: bool = False,
) -> str:
    """A plain-text table that fits ``width`` columns where it can: the ``fixed`` columns
    (ids) are never cut, the others are narrowed and their long cells cut with "…", or
    wrapped onto further lines with ``wrap``.

    >>> print(plain_table(["id", "n"], [["museum", 3]]))
    id      n
    ------  -
    museum  3
    """
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    gap = 2
    while sum(widths) + gap * (len(widths) - 1) > width:
        narrowable = [i for i, w in enumerate(widths) if i not in fixed and w > 6]
        if not narrowable:
            break
        widths[max(narrowable, key=widths.__getitem__)] -= 1

    def fit(cell: str, w: int, n: int) -> list[str]:
        if n in fixed or len(cell) <= w:
            return [cell]
        return textwrap.wrap(cell, w, break_on_hyphens=False) or [""] if wrap else [cut(cell, w)]

    def lines_of(row: Sequence[str]) -> list[str]:
        parts = [fit(c, w, n) for n, (c, w) in enumerate(zip(row, widths, strict=True))]
        return [
            "  ".join((p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()
            for k in range(max(map(len, parts)))
        ]

    lines = lines_of(list(headers))[:1]
    lines.append("  ".join("-" * w for w in widths))
    for r in cells:
        lines += lines_of(r)
    return "\n".join(lines)


def plain(value: object) -> str:
    """A cell's text: lists joined with commas, None as empty."""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def emit(
    fmt: str,
    headers: Sequence[str],
    records: Sequence[dict[str, Any]],
    columns: Sequence[str],
    delimiter: str | None = None,
    lang: str | None = None,
) -> str:
    """``records`` in output format ``fmt``: a table of the ``columns`` keys under
    ``headers``, a JSON list of every record (numbers stay numbers), or CSV of every field
    (lists joined with "; ") in the conventions of ``lang``: separated by ``delimiter``, by
    default ";" with decimal commas for nl and fr and "," with decimal points otherwise."""
    if fmt == "json":
        return json.dumps(list(records), indent=2, ensure_ascii=False, default=str)
    if fmt == "csv":
        from ..formatting import csv_delimiter
        from ..language import message

        sign = message("number.decimal", lang) if lang else "."

        def cell(value: Any) -> Any:
            if isinstance(value, float):
                return repr(value).replace(".", sign)
            if isinstance(value, list | tuple):
                return "; ".join(str(cell(v)) for v in value)
            return value

        buffer = io.StringIO()
        keys = list(records[0]) if records else list(columns)
        writer = csv.DictWriter(
            buffer,
            fieldnames=keys,
            extrasaction="ignore",
            lineterminator="\n",
            delimiter=delimiter or (csv_delimiter(lang) if lang else ","),
        )
        writer.writeheader()
        for record in records:
            writer.writerow({k: cell(v) for k, v in record.items()})
        return buffer.getvalue().rstrip("\n")
    fixed = [n for n, c in enumerate(columns) if c in ID_COLUMNS]
    return table(headers, [[plain(r.get(c, "")) for c in columns] for r in records], fixed=fixed)
