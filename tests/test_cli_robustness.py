"""The command line at its boundaries: output that cannot be written (a full device, a closed
stream, an encoding without the characters, a reader that stops early) and arguments that
are huge or carry control characters. Exit status 0, 1 or 2, one-line messages, never a
traceback, never a huge argument echoed."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hostile import HOSTILE_TEXT, HUGE
from hypothesis import given
from hypothesis import strategies as st_

from softtargets.cli import main
from softtargets.cli.streams import QUOTED_CHARS, quote_safely
from softtargets.errors import ArgumentTypeError
from softtargets.limits import MAX_QUERY_CHARS


def cli(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """``python -m softtargets ARGS`` as a subprocess (the sources under test come through
    the inherited environment)."""
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "softtargets", *args],
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def no_long_echo(message: str, argv: list[str]) -> None:
    """No argument longer than QUOTED_CHARS appears whole in ``message``."""
    for arg in argv:
        if len(arg) > QUOTED_CHARS:
            assert arg not in message and repr(arg) not in message


# ---------------------------------------------------------------- output that cannot be written


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("terms",), ("cases",), ("export", "json"), ("--help",)])
def test_a_full_device_exits_1_with_one_line(args: tuple[str, ...]) -> None:
    # small outputs fail only at the final flush: once an 'Exception ignored' and status 120
    with open("/dev/full", "w") as full:
        out = cli(*args, stdout=full, stderr=subprocess.PIPE)
    assert out.returncode == 1, out.stderr
    assert out.stderr == "softtargets: error: cannot write the output: No space left on device\n"


def test_an_ascii_stdout_gets_escapes_not_a_traceback() -> None:
    out = cli("incidents", "--lang", "nl", env={"PYTHONIOENCODING": "ascii"}, capture_output=True)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    assert "datum" in out.stdout and "\\u2026" in out.stdout  # the table's "…" in a cut incident name
    as_json = cli("term", "kerstmarkt", "--format", "json", env={"PYTHONIOENCODING": "ascii"}, capture_output=True)
    assert as_json.returncode == 0 and json.loads(as_json.stdout)[0]["label_nl"] == "kerstmarkt"


def test_ascii_stdout_help_and_messages() -> None:
    out = cli("term", "caf\u00e9\u2026", env={"PYTHONIOENCODING": "ascii"}, capture_output=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr and "caf" in out.stderr
    assert cli("--help", env={"PYTHONIOENCODING": "ascii"}, capture_output=True).returncode == 0


def _close(*fds: int) -> object:
    def close() -> None:  # runs in the child before exec
        for fd in fds:
            os.close(fd)

    return close


def test_a_closed_stdout_exits_1() -> None:
    out = cli("terms", stderr=subprocess.PIPE, preexec_fn=_close(1))  # softtargets terms >&-
    assert out.returncode == 1
    assert out.stderr == "softtargets: error: cannot write the output: standard output is closed\n"


def test_closed_stdout_and_stderr_still_exit_1() -> None:
    out = cli("terms", preexec_fn=_close(1, 2))  # softtargets terms >&- 2>&-
    assert out.returncode == 1


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "softtargets", "export", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:  # softtargets export json | head -1
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().strip() == "{"
        proc.stdout.close()
        err = proc.stderr.read()
        code = proc.wait(timeout=120)
    assert code == 0 and err == ""


def test_an_unwritable_output_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "export", "json", "-o", str(tmp_path / "missing" / "t.json"))
    assert code == 1 and out == ""
    assert "No such file or directory" in err and len(err.splitlines()) == 1


def test_a_stream_closed_in_process(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    closed = open(os.devnull, "w")  # noqa: SIM115
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed)
    assert main(["cases"]) == 1
    assert "standard output is closed" in capsys.readouterr().err


# ---------------------------------------------------------------- arguments


def _no_fuzzy_matching_of_long_texts(monkeypatch: pytest.MonkeyPatch, longest: int) -> None:
    """Make difflib refuse any text longer than ``longest``: "refused at once" checked without
    a clock (fuzzy matching is what turns a huge argument into minutes)."""
    import difflib

    for name in ("set_seq1", "set_seq2"):
        original = getattr(difflib.SequenceMatcher, name)

        def guarded(self: difflib.SequenceMatcher[str], seq: str, _original: Any = original) -> None:
            assert len(seq) <= longest, f"fuzzy matching ran on {len(seq):,} characters"
            _original(self, seq)

        monkeypatch.setattr(difflib.SequenceMatcher, name, guarded)


def test_a_huge_argument_is_refused_at_once_and_never_echoed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_fuzzy_matching_of_long_texts(monkeypatch, MAX_QUERY_CHARS)
    huge = "a" * 10_000_000
    for argv in (
        ["term", huge],
        ["scenarios", "--target", huge],
        ["threat", huge],
        ["coverage", huge],
        ["incidents", "--country", huge],
        ["explain", huge, "lone_actor", "jihadism", "vehicle_ramming"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert f"10,000,000 characters, more than the {MAX_QUERY_CHARS:,}" in err
        assert len(err) < 1000 and "a" * (QUOTED_CHARS + 1) not in err


def test_huge_arguments_that_argparse_quotes_are_cut(capsys: pytest.CaptureFixture[str]) -> None:
    huge = "b" * 100_000
    for argv in (
        [huge],  # an unknown command: 'invalid choice'
        ["terms", "target", huge],  # 'unrecognized arguments'
        ["scenarios", "--lang", huge],
        ["scenarios", f"--lang={huge}"],
        ["scenarios", "--limit", huge],
        ["incidents", "--since", huge],
        ["export", huge],
        [f"--{huge}"],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert "usage:" in err and len(err) < 2000, argv[0][:10]
        no_long_echo(err, argv)


def test_a_huge_argument_from_the_shell() -> None:
    huge = "c" * 100_000  # under the kernel's limit for one argument
    out = cli("term", huge, capture_output=True)
    assert out.returncode == 2 and "100,000 characters" in out.stderr and len(out.stderr) < 1000


def test_control_characters_are_escaped_in_messages(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "terms", "target", "\x1b[2J\u202eevil")  # echoed raw by argparse before
    assert code == 2 and "\x1b" not in err and "\u202e" not in err
    assert "\\x1b[2J\\u202eevil" in err
    code, _, err = run(capsys, "term", "\x00\u200b")
    assert code == 2 and "\x00" not in err and "\u200b" not in err


def test_quote_safely_keeps_apostrophes_and_short_quotes() -> None:
    text = "can't read " + "y" * 200 + " in 'file.toml'"
    assert quote_safely(text) == text
    assert quote_safely("unknown term " + repr("z" * 300)) == "unknown term '" + "z" * 78 + "…'"


def test_an_invalid_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "incidents", "--since", "2020-13-45")
    assert code == 2 and "'2020-13-45' is not a date: give YYYY, YYYY-MM or YYYY-MM-DD" in err


def test_main_returns_the_status_and_never_exits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0 and "usage:" in capsys.readouterr().out
    assert main(["bogus"]) == 2 and "invalid choice: 'bogus'" in capsys.readouterr().err
    assert main([]) == 2


@pytest.mark.parametrize("argv", ["terms", [1], ("term", None), 5])
def test_main_refuses_arguments_of_the_wrong_type(argv: object) -> None:
    with pytest.raises(ArgumentTypeError, match="argv"):
        main(argv)  # type: ignore[arg-type]


# ---------------------------------------------------------------- fuzzing

WORDS = [
    "terms",
    "term",
    "scenarios",
    "explain",
    "threat",
    "incidents",
    "evidence",
    "coverage",
    "cases",
    "validate",
    "export",
    "--target",
    "--facet",
    "--lang",
    "--format",
    "--limit",
    "--country",
    "--since",
    "--extension",
    "-o",  # the fuzz runs in an empty directory: files it writes land there
    "json",
    "museum",
    "arena",
]


@given(st_.lists(st_.one_of(st_.sampled_from(WORDS), HOSTILE_TEXT), max_size=6))
def test_hostile_arguments_give_documented_exit_codes(argv: list[str]) -> None:
    code, out, err = _run_quietly(argv)
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    no_long_echo(err, argv)
    if code:
        assert err and not out


@given(st_.sampled_from(WORDS[:9]), st_.sampled_from(HUGE))
def test_huge_arguments_to_every_command(command: str, huge: str) -> None:
    code, _, err = _run_quietly([command, huge, huge, huge, huge])
    assert code == 2 and "Traceback" not in err
    no_long_echo(err, [huge])


SCRATCH = tempfile.TemporaryDirectory(prefix="softtargets-cli-fuzz-")  # removed when the run ends


def _run_quietly(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(SCRATCH.name), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()
