"""Terminal output: rich tables and progress on a terminal when rich is installed, plain text
otherwise (pipes, files, captured output); ids are never cut either way."""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest
from conftest import GTD_ROW

import softtargets as st
from softtargets import console, gtd
from softtargets.cli import main
from softtargets.cli.output import plain_table, table

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_plain_text_when_not_a_terminal() -> None:
    assert console.terminal(io.StringIO()) is None
    assert console.terminal(None) is None
    assert table(["id", "n"], [["museum", 3]]) == plain_table(["id", "n"], [["museum", 3]])


def test_plain_text_on_a_terminal_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich.console", None)
    assert console.terminal(Terminal()) is None
    assert isinstance(console.progress_reporter("x", Terminal()), console.ProgressLines)


rich = pytest.importorskip("rich")


@pytest.mark.parametrize("width", [120, 60, 20])
def test_a_rich_table_never_cuts_an_id(width: int) -> None:
    from rich.console import Console

    ids = ["ethno_nationalist_separatist", "religious_institution"]
    rows = [["motive", ids[0], "etnonationalisme en separatisme " * 3], ["target", ids[1], "[bold]x[/] :smile:"]]
    term = Console(file=io.StringIO(), force_terminal=True, width=width, color_system=None)
    out = console.rich_table(term, ["facet", "id", "label"], rows, fixed=[0, 1])
    lines = out.splitlines()
    assert [line.split()[1] for line in lines[2:] if line.split() and line.split()[0] in ("motive", "target")] == ids
    assert "[bold]x[/]:smile:" in "".join(out.split())  # data is text, never markup
    assert "…" not in out and term.width == width
    if width >= 60:
        assert max(map(len, lines)) <= width


def test_the_cli_draws_rich_tables_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setenv("COLUMNS", "50")
    assert main(["terms"]) == 0
    out = ANSI.sub("", screen.getvalue())
    assert "─" in out  # rich's rule under the header
    tax = st.load()
    ids = {t.id for info in tax.facets for t in tax.terms(info.id)}
    shown = {
        line.split()[1]
        for line in out.splitlines()[2:]
        if len(line.split()) > 1 and line.split()[0] in {f.id for f in tax.facets}
    }
    assert shown == ids


def test_progress_on_a_terminal_is_a_rich_bar() -> None:
    reporter = console.progress_reporter("softtargets.gtd", Terminal())
    assert isinstance(reporter, console.RichProgress)
    reporter(10, 50, 100)
    reporter(20, 100, 100)
    reporter.close()
    reporter.close()  # twice is harmless
    assert "softtargets.gtd" in ANSI.sub("", reporter.console.file.getvalue())  # type: ignore[attr-defined]


def _gtd_file(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "gtd.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(GTD_ROW))
        writer.writeheader()
        for n in range(rows):
            writer.writerow({**GTD_ROW, "eventid": f"2016121900{n:02d}"})
    return path


def test_gtd_progress_lines_when_stderr_is_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = list(gtd.read_csv(_gtd_file(tmp_path, 5), progress=True, every=2))
    err = capsys.readouterr().err.splitlines()
    assert len(results) == 5
    assert [re.sub(r" \(\d+%\)$", "", line) for line in err] == [
        "softtargets.gtd: 2 rows read",
        "softtargets.gtd: 4 rows read",
        "softtargets.gtd: 5 rows read",
    ]
    assert err[-1].endswith("(100%)")


def test_gtd_progress_bar_ends_when_the_reader_stops_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    rows = gtd.read_csv(_gtd_file(tmp_path, 6), progress=True, every=1)
    next(rows), next(rows)
    rows.close()  # the bar is stopped, not left drawing
    assert "softtargets.gtd" in ANSI.sub("", screen.getvalue())
