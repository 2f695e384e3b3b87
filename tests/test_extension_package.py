"""The example downstream package, installed with pip into a fresh virtual environment, is
found through its entry point and works like a built-in part of the taxonomy."""

from __future__ import annotations

import importlib.util
import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

from conftest import CI

import softtargets as st

PACKAGE = Path(__file__).parent.parent / "examples" / "extension_package"

CHECK = r"""
import json, sys, softtargets as st, softtargets_rail
from importlib.metadata import entry_points
from softtargets_rail import RailMethod, RailTarget

plain = st.load()
tax = st.load(plugins=True)
named = st.load(plugins=["rail"])
out = {
    "prefix": sys.prefix,
    "softtargets_file": st.__file__,
    "rail_file": softtargets_rail.__file__,
    "entry_points": [[ep.name, ep.value] for ep in entry_points(group="softtargets.extensions")],
    "plain_has_rail": plain.get("hogesnelheidstrein") is not None,
    "plain_is_cached": plain is st.load(),
    "plain_extensions": [e.name for e in plain.extensions],
    "extensions": [[e.name, e.version, e.origin] for e in tax.extensions],
    "named_same": [t.id for t in named.terms()] == [t.id for t in tax.terms()],
    "en": tax.term("high-speed train").id,
    "nl": tax.term("hogesnelheidstrein").id,
    "mo_nl": tax.term("sabotage van spoorinfrastructuur").id,
    "scenarios": [list(map(str, s)) for s in tax.scenarios(
        target=RailTarget.HIGH_SPEED_TRAIN, modus_operandi=RailMethod.INFRASTRUCTURE_SABOTAGE)],
    "typed": all(type(s.target) is RailTarget and type(s.modus_operandi) is RailMethod
                 for s in tax.scenarios(target=RailTarget.HIGH_SPEED_TRAIN,
                                        modus_operandi=RailMethod.INFRASTRUCTURE_SABOTAGE)),
    "explained": tax.explain((RailTarget.HIGH_SPEED_TRAIN, "network", "left_wing_anarchist",
                              RailMethod.INFRASTRUCTURE_SABOTAGE)).plausible,
    "inherited": len(tax.scenarios(target=RailTarget.HIGH_SPEED_TRAIN, modus_operandi="firearms")),
    "rail_vehicle_firearms": len(plain.scenarios(target="rail_vehicle", modus_operandi="firearms")),
    "plain_unchanged": len(plain.scenarios()) == len(st.load().scenarios()),
}
try:
    st.load(plugins=["railway"])
except st.UnknownValueError as err:
    out["unknown_plugin"] = str(err)
print(json.dumps(out))
"""


def test_downstream_package_via_entry_point(tmp_path: Path) -> None:
    # the package must come from the new environment, not from a leftover install in this one
    assert importlib.util.find_spec("softtargets_rail") is None
    env_dir = tmp_path / "venv"
    # Where CI runs, the new environment gets its own pip (ensurepip: about five seconds);
    # a contributor's run installs into it with this environment's pip (pip --python).
    venv.create(env_dir, with_pip=CI)
    python = env_dir / "bin" / "python"
    # the new environment sees this one's packages (softtargets as installed here, pydantic, networkx)
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # addsitedir also runs that environment's own .pth files (an editable install's hook)
    lines = [f"import site; site.addsitedir({path!r})" for path in site.getsitepackages()]
    Path(purelib, "parent_env.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pip = [str(python), "-m", "pip"] if CI else [sys.executable, "-m", "pip", "--python", str(python)]
    install = subprocess.run(
        [*pip, "install", "--no-deps", "--quiet", "--disable-pip-version-check", str(PACKAGE)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PIP_NO_INPUT": "1"},
    )
    assert install.returncode == 0, install.stderr
    run = subprocess.run([str(python), "-c", CHECK], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    # the check ran in the new environment, on this softtargets, with the package pip put there
    assert Path(out["prefix"]).resolve() == env_dir.resolve()
    assert Path(out["softtargets_file"]).resolve() == Path(st.__file__).resolve()
    assert Path(out["rail_file"]).resolve().is_relative_to(Path(purelib).resolve())
    assert ["rail", "softtargets_rail:extension"] in out["entry_points"]
    assert out["plain_has_rail"] is False and out["plain_is_cached"] and out["plain_extensions"] == []
    assert out["extensions"][0][:2] == ["rail", "1.0.0"] and "entry point rail" in out["extensions"][0][2]
    assert out["named_same"]
    assert out["en"] == out["nl"] == "rail.high_speed_train"
    assert out["mo_nl"] == "rail.infrastructure_sabotage"
    assert ["rail.high_speed_train", "network", "left_wing_anarchist", "rail.infrastructure_sabotage"] in out[
        "scenarios"
    ]
    assert out["typed"] and out["explained"]
    # the new narrower term inherits what its broader built-in term has
    assert out["inherited"] == out["rail_vehicle_firearms"] > 0
    assert out["plain_unchanged"]
    assert "rail" in out["unknown_plugin"]
