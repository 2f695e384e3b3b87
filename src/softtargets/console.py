"""Terminal output: tables for the command line and progress for long reads
(``gtd.read_csv(progress=True)``), drawn with rich when it is installed (the ``cli`` extra)
and the stream is a terminal, and as plain text otherwise.

Plain text is what pipes, files and captured output (tests, notebooks) always get, whatever
is installed, so scripts see the same bytes everywhere; the plain table itself is the command
line's (``softtargets.cli.output.table``). Either way a table never cuts an id: the columns
named ``fixed`` keep their whole text, and a rich table is made as wide as they need even when
the terminal is narrower. rich honours ``NO_COLOR`` and ``TERM=dumb``.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

__all__ = ["ProgressLines", "RichProgress", "progress_reporter", "rich_table", "terminal"]

_NARROWEST = 8
"""The fewest columns a rich table gives a column of free text (it wraps or is cut to fit)."""


def terminal(stream: TextIO | None) -> Console | None:
    """A rich console writing to ``stream`` when rich is installed and ``stream`` is a
    terminal; None otherwise (then write plain text)."""
    if stream is None:
        return None
    try:
        if not stream.isatty():
            return None
    except (AttributeError, OSError, ValueError):  # a closed or unusual stream
        return None
    try:
        from rich.console import Console
    except ImportError:
        return None
    return Console(file=stream)


def rich_table(
    console: Console,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    fixed: Collection[int] = (),
) -> str:
    """``rows`` under ``headers`` as ``console`` draws a rich table, returned as text (with the
    console's colours). The ``fixed`` columns (ids) are never wrapped or cut, and the table is
    drawn at least as wide as they need; the other columns wrap onto further lines to fit the
    terminal, so a rich table never cuts anything."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    longest = [max([len(h), *(len(r[n]) for r in rows)]) for n, h in enumerate(headers)]
    for n, header in enumerate(headers):
        if n in fixed:
            table.add_column(Text(header), no_wrap=True, min_width=longest[n], style="cyan")
        else:
            table.add_column(Text(header), overflow="fold")  # wraps at spaces, folds a long word
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # Text: no markup or emoji codes in the data
    gaps = 3 * (len(headers) - 1)  # padding and rule between columns
    needed = gaps + sum(longest[n] if n in fixed else min(longest[n], _NARROWEST) for n in range(len(headers)))
    width = console.width
    console.width = max(width, needed)  # print(width=) cannot go past the console's own width
    try:
        with console.capture() as captured:
            console.print(table, crop=False)
    finally:
        console.width = width
    return captured.get().rstrip("\n")


class ProgressLines:
    """Progress as plain lines on ``stream`` (stderr by default): ``<label>: 50,000 rows read
    (12%)``."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream

    def __call__(self, rows: int, done: int, total: int) -> None:
        share = f" ({done / total:.0%})" if total else ""
        print(f"{self.label}: {rows:,} rows read{share}", file=self.stream or sys.stderr)

    def close(self) -> None:
        """Nothing to end: each line is complete."""


class RichProgress:
    """Progress as a rich bar on ``console`` (bytes read of the file size, and the rows),
    started on the first report; ``close`` ends it."""

    def __init__(self, label: str, console: Console) -> None:
        self.label = label
        self.console = console
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, rows: int, done: int, total: int) -> None:
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        if self._bar is None:
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rows]:,} rows"),
                TimeElapsedColumn(),
                console=self.console,
            )
            self._task = self._bar.add_task(self.label, total=total or None, rows=rows)
            self._bar.start()
        assert self._task is not None
        self._bar.update(self._task, completed=done, rows=rows)

    def close(self) -> None:
        """Stop the bar (it stays on the screen as last drawn)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def progress_reporter(label: str, stream: TextIO | None = None) -> ProgressLines | RichProgress:
    """The progress display for ``stream`` (stderr by default): a rich bar on a terminal
    when rich is installed, plain lines otherwise. Call it with ``(rows, bytes_read,
    file_size)``; ``close()`` it when done."""
    stream = stream if stream is not None else sys.stderr
    console = terminal(stream)
    return RichProgress(label, console) if console is not None else ProgressLines(label, stream)
