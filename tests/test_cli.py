"""The console script, run as a user runs it: a subprocess on the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"
COMMANDS = [
    "terms",
    "term",
    "scenarios",
    "explain",
    "diffuseness",
    "threat",
    "incidents",
    "evidence",
    "cases",
    "coverage",
    "export",
    "validate",
]


SCRIPT = Path(sys.executable).parent / "softtargets"  # the console script pip installed beside python


def run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = str(SCRIPT) if SCRIPT.exists() else shutil.which("softtargets")
    assert exe, "the softtargets console script is not installed"
    cmd = [exe, *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


def ok(*args: str) -> str:
    out = run(*args)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return out.stdout


def test_scenarios_in_dutch() -> None:
    out = ok("scenarios", "--target", "voetbalstadion", "--lang", "nl")
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["type", "doelwit"]
    assert "voetbalstadion" in out and "jihadisme" in out and "organisatie" in out
    assert "football" not in out
    assert all(len(line) <= 80 for line in lines)


def test_typo_suggests_and_exits_non_zero() -> None:
    out = run("scenarios", "--target", "voetbalstadoin", "--lang", "nl")
    assert out.returncode == 2 and out.stdout == ""
    assert "football_stadium" in out.stderr and "voetbalstadoin" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    out = ok(command, "--help")
    assert "example:" in out and f"softtargets {command}" in out
    assert all(len(line) <= 80 for line in out.splitlines())


@pytest.mark.parametrize(
    "args",
    [
        ("terms",),
        ("terms", "target", "--lang", "nl"),
        ("term", "kerstmarkt"),
        ("scenarios", "--motive", "right_wing", "--modus-operandi", "firearms"),
        ("explain", "christmas_market", "lone_actor", "jihadism", "vehicle_ramming"),
        ("diffuseness", "--target", "museum", "--lang", "nl"),
        ("threat", "kerstmarkt", "--lang", "nl"),
        ("incidents", "--motive", "right_wing"),
        ("evidence", "christmas_market", "organisation", "jihadism", "vehicle_ramming"),
        ("cases",),
        ("coverage", "arena"),
        ("coverage", "vierdaagse", "--gaps"),
    ],
)
def test_tables_fit_80_columns(args: tuple[str, ...]) -> None:
    out = ok(*args)
    assert out.strip()
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)


def test_json_and_csv() -> None:
    rows = json.loads(ok("scenarios", "--target", "museum", "--format", "json"))
    assert rows and {"target", "target_label", "modus_operandi"} <= set(rows[0])
    table = list(csv.DictReader(io.StringIO(ok("scenarios", "--target", "museum", "--format", "csv"))))
    assert [r["modus_operandi"] for r in table] == [r["modus_operandi"] for r in rows]
    incidents = json.loads(ok("incidents", "--country", "DE", "--format", "json"))
    assert incidents and all(i["country"] == "DE" for i in incidents)
    why = json.loads(ok("explain", "museum", "organisation", "single_issue", "drone", "--format", "json"))
    assert any(not r["satisfied"] for r in why)
    d = json.loads(ok("diffuseness", "--format", "json"))[0]
    assert d["scenarios"] < d["product"]


def test_export_every_format(tmp_path: Path) -> None:
    for fmt in ("json", "turtle", "json-ld", "graphml", "gexf", "node-link", "stix"):
        path = tmp_path / f"t.{fmt}"
        assert "wrote" in ok("export", fmt, "-o", str(path))
        assert path.stat().st_size > 1000
    assert json.loads(ok("export", "json"))["format"] == "softtargets-taxonomy"


def test_validate(tmp_path: Path) -> None:
    assert "valid extension fan-zones" in ok("validate", str(EXAMPLES / "extension.toml"))
    broken = tmp_path / "broken.toml"
    broken.write_text(
        'name = "b"\nversion = "1"\nnamespace = "b"\n\n[[term]]\nid = "b.x"\nfacet = "target"\n'
        'broader = "nope"\nlabel_en = "x"\nlabel_nl = "x"\ndefinition = "X."\nsources = ["cisa-stcp"]\n'
    )
    out = run("validate", str(broken))
    assert out.returncode == 1
    assert "term[0].broader (line 8): unknown term 'nope'" in out.stderr and "Traceback" not in out.stderr
    missing = run("validate", str(tmp_path / "missing.toml"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr  # not a valid extension either


def test_extension_files_apply_to_queries() -> None:
    out = ok("scenarios", "--target", "fanzone", "--extension", str(EXAMPLES / "extension.toml"))
    assert "fan zone" in out


@pytest.mark.parametrize(
    "args", [(), ("threat",), ("bogus",), ("scenarios", "--min-strength", "likely"), ("export", "xml")]
)
def test_usage_errors(args: tuple[str, ...]) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert "usage" in out.stderr and "Traceback" not in out.stderr
