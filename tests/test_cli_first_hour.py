"""What a new user meets in the first hour: --version, options in any place, forgiving
dates and languages, help texts, JSON that says null, ids that can be copied."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import softtargets as st
from softtargets.cli import main
from softtargets.cli.parser import build_parser


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"softtargets {st.__version__}\n")
    done = subprocess.run([sys.executable, "-m", "softtargets", "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, f"softtargets {st.__version__}")


EXTENSION = str(Path(__file__).parent.parent / "examples" / "extension.toml")


@pytest.mark.parametrize(
    "option",
    [["--lang", "nl"], ["--format", "json"], ["--format", "csv"], ["--extension", EXTENSION], ["--plugins"]],
)
def test_common_options_before_or_after_the_command(capsys: pytest.CaptureFixture[str], option: list[str]) -> None:
    before = run(capsys, *option, "threat", "kerstmarkt")
    after = run(capsys, "threat", "kerstmarkt", *option)
    assert before == after and before[0] == 0


def test_extension_files_before_and_after_are_all_applied() -> None:
    args = build_parser().parse_args(["--extension", "a.toml", "terms", "--extension", "b.toml"])
    assert args.extension == ["a.toml", "b.toml"] and not hasattr(args, "extension_after")
    assert (args.format, args.format_given, args.lang, args.plugins) == ("table", False, "en", False)


@pytest.mark.parametrize("lang", ["NL", "Nl", "nl"])
def test_lang_in_any_case(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    assert run(capsys, "--lang", lang, "term", "kerstmarkt") == run(capsys, "term", "kerstmarkt", "--lang", "nl")


def test_unknown_lang_lists_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "terms", "--lang", "fr")
    assert code == 2 and out == ""
    assert all(repr(lang.value) in err.splitlines()[-1] for lang in st.Lang)


def test_every_argument_has_a_help_text() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert [(name, a.dest) for name, sub in commands.items() for a in sub._actions if not a.help] == []


def test_min_strength_and_validate_file_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "scenarios", "--help")[1].count("documented") >= 1
    code, out, _ = run(capsys, "validate", "--help")
    assert code == 0 and "an extension file" in out
