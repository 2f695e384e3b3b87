"""The command line in-process: its choices come from their one source, its sentences cover
every language, and its commands follow the schema of the taxonomy in use (extension facets
included). The console script itself is tested as a subprocess in test_cli.py."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import season_extension

import softtargets as st
from softtargets import interop
from softtargets.cli import main
from softtargets.cli.output import OUTPUT_FORMATS
from softtargets.cli.parser import build_parser
from softtargets.language import messages

EXAMPLE = Path(__file__).parent.parent / "examples" / "extension.toml"


def _option(parser: argparse.ArgumentParser, command: str, dest: str) -> argparse.Action:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return next(a for a in sub.choices[command]._actions if a.dest == dest)


@pytest.mark.parametrize(
    ("command", "dest", "source"),
    [
        ("terms", "lang", [lang.value for lang in st.Lang]),
        ("scenarios", "format", list(OUTPUT_FORMATS)),
        ("scenarios", "min_strength", sorted(s.value for s in st.Strength)),
        ("incidents", "outcome", [o.value for o in st.Outcome]),
        ("export", "fmt", list(interop.FORMATS)),
    ],
)
def test_choices_come_from_their_source(command: str, dest: str, source: list[str]) -> None:
    choices = _option(build_parser(), command, dest).choices
    assert choices is not None
    assert sorted(choices) == sorted(source)


def test_no_literal_choice_lists() -> None:
    package = Path(st.__file__).parent / "cli"
    for module in package.glob("*.py"):
        assert "choices=[" not in module.read_text(encoding="utf-8"), module.name


def test_every_message_exists_in_every_language_with_the_same_placeholders() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert any(key.startswith("cli.sentence.") for key in messages())
    for key, entry in messages().items():
        assert set(entry) == set(st.Lang), key
        assert all(text.strip() for text in entry.values()), key
        assert {lang: fields(text) for lang, text in entry.items()} == dict.fromkeys(
            entry, fields(entry[st.Lang.EN])
        ), key


def test_entry_points() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "softtargets.cli", "term", "kerstmarkt", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0 and json.loads(out.stdout)[0]["id"] == "christmas_market"


# ---------------------------------------------------------------- the schema of the taxonomy in use


@pytest.fixture(scope="module")
def season_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ext") / "season.json"
    path.write_text(json.dumps(season_extension(target="event_ground").to_document()), encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_commands_show_an_extension_facet(capsys: pytest.CaptureFixture[str], season_file: str) -> None:
    ext = ["--extension", season_file, "--extension", str(EXAMPLE)]
    code, out, _ = run(capsys, "terms", "Season.Time", *ext)  # facet names resolve like tax.facet
    assert code == 0 and "season.winter" in out
    code, out, _ = run(capsys, "scenarios", "--target", "fan zone", "--format", "json", *ext)
    rows = json.loads(out)
    assert code == 0 and rows and {r["season.time"] for r in rows} == {"season.winter"}
    code, out, _ = run(capsys, "threat", "fanzone", "--lang", "nl", *ext)
    assert code == 0 and "Per seizoen:" in out
    code, out, _ = run(capsys, "coverage", "arena", "--format", "csv", *ext)
    assert code == 0 and out.splitlines()[0].startswith("target,perpetrator,motive,modus_operandi,season.time,")
    code, _, err = run(capsys, "terms", "seasons", *ext)
    assert code == 2 and "unknown facet 'seasons'" in err


def test_validate_against_the_extensions_given(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    child = tmp_path / "child.toml"
    child.write_text(
        'name = "c"\nversion = "1"\nnamespace = "c"\n\n[[term]]\nid = "c.big_screen"\nfacet = "target"\n'
        'broader = "fanzone.public_viewing"\nlabel_en = "big screen"\nlabel_nl = "groot scherm"\n'
        'definition = "A big screen."\nsources = ["cisa-stcp"]\n'
    )
    code, _, err = run(capsys, "validate", str(child))
    assert code == 1 and "fanzone.public_viewing" in err
    code, out, _ = run(capsys, "validate", str(child), "--extension", str(EXAMPLE))
    assert code == 0 and "valid extension c 1" in out


def test_incident_labels_come_from_the_taxonomy_in_use(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "incidents", "--motive", "right_wing", "--lang", "nl", "--format", "json")
    assert code == 0 and {r["motive_label"] for r in json.loads(out)} == {"rechts-extremisme"}


@pytest.mark.parametrize(
    "name",
    [
        "softtargets.cli",
        "softtargets.cli.output",
        "softtargets.cli.parser",
        "softtargets.cli.streams",
        "softtargets.cli.texts",
        "softtargets.pps.data",
        "softtargets.interop.stix",
    ],
)
def test_docstring_examples(name: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
