"""The console script, run as a user runs it: a subprocess on the installed entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("softtargets")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "softtargets", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def test_threat_in_dutch() -> None:
    out = _run("threat", "voetbalstadion", "--lang", "nl")
    assert out.returncode == 0, out.stderr
    assert "Diffuse dreiging voor voetbalstadion" in out.stdout
    assert "Per modus operandi" in out.stdout
    assert all(len(line) <= 80 for line in out.stdout.splitlines())


def test_threat_in_english() -> None:
    out = _run("threat", "christmas market")
    assert out.returncode == 0, out.stderr
    assert "Diffuse threat to christmas market" in out.stdout.lower() or "Christmas market" in out.stdout


def test_typo_suggests_and_fails_without_traceback() -> None:
    out = _run("threat", "voetbalstadoin")
    assert out.returncode == 2
    assert "football_stadium" in out.stderr
    assert "Traceback" not in out.stderr


def test_terms_listing() -> None:
    out = _run("terms", "motive", "--lang", "nl")
    assert out.returncode == 0
    assert "jihadisme" in out.stdout


@pytest.mark.parametrize("args", [(), ("threat",), ("bogus",)])
def test_usage_errors(args: tuple[str, ...]) -> None:
    out = _run(*args)
    assert out.returncode == 2
    assert "usage" in out.stderr and "Traceback" not in out.stderr
