"""The cold start pays only for what is used: loading and querying the built-in taxonomy, and
the commands that print tables of it, import neither pydantic (the records are light, see
``softtargets.records``) nor networkx, rich, pandas or a TOML parser; the commands that make a
model (``explain``, ``diffuseness``) import pydantic and nothing else heavy. Import-time
figures are in the benchmarks (``benchmarks/run.py --goals``); these tests check which
modules a fresh interpreter ends up with, which does not depend on the machine's speed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pydantic", "pydantic_core", "networkx", "rich", "pandas", "numpy", "tomllib", "matplotlib", "rdflib")


def _imported_after(code: str) -> list[str]:
    probe = (
        "import sys, io, contextlib\n"
        f"{code}\n"
        f"print(__import__('json').dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


LIGHT_COMMANDS = [
    ["threat", "voetbalstadion"],
    ["threat", "museum", "--format", "json"],
    ["threat", "museum", "--format", "csv", "--lang", "fr"],
    ["terms"],
    ["terms", "--facet", "target", "--format", "csv"],
    ["term", "kerstmarkt", "--lang", "nl"],
    ["scenarios", "--target", "museum", "--motive", "jihadism"],
    ["incidents", "--target", "museum"],
    ["evidence", "christmas_market", "lone_actor", "jihadism", "vehicle_ramming"],
    ["--help"],
    ["assess", "--help"],
]


@pytest.mark.parametrize("argv", LIGHT_COMMANDS, ids=" ".join)
def test_table_commands_import_nothing_heavy(argv: list[str]) -> None:
    code = (
        "from softtargets.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    try: main({argv!r})\n"
        "    except SystemExit as e: assert e.code in (0, None), e.code\n"
    )
    assert _imported_after(code) == []


@pytest.mark.parametrize(
    "argv", [["explain", "museum", "lone_actor", "jihadism", "firearms"], ["diffuseness"]], ids=" ".join
)
def test_model_commands_import_pydantic_only(argv: list[str]) -> None:
    code = f"from softtargets.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n    main({argv!r})\n"
    assert _imported_after(code) == ["pydantic", "pydantic_core"]


def test_import_and_load_import_nothing_heavy() -> None:
    code = "import softtargets as st\ntax = st.load()\nlen(tax.scenarios(target='museum'))\nst.Strength, st.Scenario"
    assert _imported_after(code) == []


def test_the_models_are_there_on_first_use() -> None:
    code = "import softtargets as st\nassert isinstance(st.load().term('museum'), st.Term)"
    assert _imported_after(code) == ["pydantic", "pydantic_core"]


def test_lazy_names_are_not_shadowed_by_submodules() -> None:
    """A package that loads its names on first use must not hand out a submodule instead of
    the function or class of the same name once that submodule was imported by someone else."""
    code = (
        "import importlib, pkgutil, types, softtargets as st\n"
        "import softtargets.cli\n"
        "for pkg in (st, st.assess, st.analytics, st.gtd, st.interop, st.pps, softtargets.cli):\n"
        "    for info in pkgutil.iter_modules(pkg.__path__):\n"
        "        if info.name != '__main__': importlib.import_module(f'{pkg.__name__}.{info.name}')\n"
        "bad = [f'{p.__name__}.{n}' for p in (st, st.assess, st.analytics, st.gtd, st.interop, st.pps)\n"
        "       for n in p.__all__ if isinstance(getattr(p, n), types.ModuleType)\n"
        "       and n not in getattr(p, '_SUBMODULES', ())]\n"
        "assert not bad, bad\n"
    )
    _imported_after(code)
