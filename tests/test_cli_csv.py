"""Every command's CSV follows the language's conventions (issue 14): ";" and decimal commas
for nl and fr, "," and decimal points for en, ``--delimiter`` over both. One writer serves every
command, so a new command that writes CSV is covered by adding it here."""

from __future__ import annotations

import csv
import io
import re

import pytest

from softtargets.cli import main

COMMANDS = [
    ("scenarios", "--target", "kerstmarkt"),
    ("incidents", "--target", "kerstmarkt"),
    ("diffuseness", "--target", "museum"),
    ("coverage", "arena"),
    ("assess", "--case", "arena"),
    ("trend", "--window", "7"),
]
DECIMAL_POINT = re.compile(r"^-?\d+\.\d+$")
DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


def _csv(capsys: pytest.CaptureFixture[str], *argv: str) -> list[list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return list(csv.reader(io.StringIO(out), delimiter=";" if "--lang" in argv and argv[-1] != "en" else ","))


@pytest.mark.parametrize("argv", COMMANDS, ids=[a[0] for a in COMMANDS])
def test_csv_follows_the_language(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    english = _csv(capsys, *argv, "--format", "csv", "--lang", "en")
    assert len(english[0]) > 1 and len(english) > 1
    assert not any(DECIMAL_COMMA.match(cell) for row in english for cell in row)
    for lang in ("nl", "fr"):
        rows = _csv(capsys, *argv, "--format", "csv", "--lang", lang)
        assert len(rows[0]) == len(english[0]) and len(rows) == len(english), lang
        cells = [cell for row in rows[1:] for cell in row]
        assert not any(DECIMAL_POINT.match(cell) for cell in cells), lang
        floats = sum(bool(DECIMAL_POINT.match(c)) for row in english[1:] for c in row)
        assert sum(bool(DECIMAL_COMMA.match(c)) for c in cells) == floats, lang


def test_the_delimiter_option_wins(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scenarios", "--target", "kerstmarkt", "--format", "csv", "--lang", "nl", "--delimiter", "\\t"])
    out, _ = capsys.readouterr()
    assert code == 0 and "\t" in out.splitlines()[0] and ";" not in out.splitlines()[0]
