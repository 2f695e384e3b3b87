"""What a new user meets in the first hour: --version, options in any place, forgiving
dates and languages, help texts, JSON that says null, ids that can be copied."""

from __future__ import annotations

import subprocess
import sys

import pytest

import softtargets as st
from softtargets.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"softtargets {st.__version__}\n")
    done = subprocess.run([sys.executable, "-m", "softtargets", "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, f"softtargets {st.__version__}")
