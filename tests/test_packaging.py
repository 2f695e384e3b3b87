"""pyproject.toml's extras and URLs: every extra a ``MissingExtraError`` names exists, ``all``
installs every runtime extra, and ``dev`` (what CI installs) installs ``all`` and ``docs``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS = PROJECT["optional-dependencies"]


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower() for r in requirements}


def test_every_extra_named_in_the_code_exists() -> None:
    named = set()
    for path in (ROOT / "src" / "softtargets").rglob("*.py"):
        named |= set(re.findall(r'MissingExtraError\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    assert {"gtd", "rdf", "pandas", "plot", "yaml", "stix"} <= named
    assert named <= set(EXTRAS)


def test_all_and_dev_install_the_extras() -> None:
    runtime = set(EXTRAS) - {"all", "dev", "docs"}
    every = set().union(*(_names(EXTRAS[e]) for e in runtime))
    assert every <= _names(EXTRAS["all"])
    assert every | _names(EXTRAS["docs"]) <= _names(EXTRAS["dev"])
    assert {"pycountry", "rich"} <= _names(EXTRAS["all"])


def test_project_urls() -> None:
    urls = PROJECT["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Source", "Changelog", "Issues"}
    assert all(url.startswith("https://") for url in urls.values())
