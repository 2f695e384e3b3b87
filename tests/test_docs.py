"""The documentation site: its configuration is valid, every public name has an entry in the
API reference, the command-line reference lists every command, and the README's sections
and the nav agree. (CI builds the whole site with ``mkdocs build --strict``; see .ci/run.)"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

import softtargets as st
from softtargets.cli.parser import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", DOCS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


hooks = _load("hooks")


def _documented() -> set[str]:
    """The objects the API reference pages render (``::: softtargets.Name`` lines)."""
    found: set[str] = set()
    for page in (DOCS / "api").glob("*.md"):
        found |= set(re.findall(r"^::: *([\w.]+) *$", page.read_text(encoding="utf-8"), re.M))
    return found


def test_every_public_name_is_in_the_api_reference() -> None:
    missing = sorted(name for name in st.__all__ if f"softtargets.{name}" not in _documented())
    assert missing == [], f"add these to a page in docs/api/: {missing}"


def test_every_submodule_has_an_api_page() -> None:
    submodules = {"pps", "assess", "interop", "crosswalk", "gtd", "analytics", "display", "frames", "plot"}
    assert {f"softtargets.{m}" for m in submodules} <= _documented()


def test_the_api_reference_names_only_what_exists() -> None:
    import importlib

    for target in sorted(_documented()):
        module, _, name = target.rpartition(".")
        if module == "softtargets" and name not in st.__all__:
            importlib.import_module(target)  # a submodule
        elif module:
            assert hasattr(importlib.import_module(module), name), target


def test_the_cli_reference_lists_every_command() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands
    page = hooks.cli_reference()
    headings = re.findall(r"^## softtargets (\S+)$", page, re.M)
    assert headings == list(commands)
    common = {a.dest for a in parser._actions}  # the options of every command: in their own table
    for name, sub in commands.items():
        section = page.split(f"## softtargets {name}\n", 1)[1].split("\n## ", 1)[0]
        assert sub.format_usage().strip() in section
        table = section.split("| argument |", 1)[-1]
        for action in sub._actions:
            if action.dest not in common | {"help", "extension_after"}:
                names = action.option_strings or [action.metavar or action.dest]
                assert any(n in table for n in names), (name, action.dest)


def test_the_readme_sections_are_the_guide_pages() -> None:
    pages = hooks.readme_pages((ROOT / "README.md").read_text(encoding="utf-8"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    in_nav = set(re.findall(r":\s*(guide/[\w-]+\.md)\s*$", config, re.M))
    assert set(pages) - {"index.md"} == in_nav
    assert pages["index.md"].startswith("# softtargets") and "## Quickstart" in pages["index.md"]
    assert "(../taxonomy.png)" in pages["guide/in-notebooks.md"]  # README's docs/ paths fixed


def test_doctests_are_fenced_for_the_site() -> None:
    fence = _load("griffe_doctests").fence_doctests if importlib.util.find_spec("griffe") else None
    if fence is None:
        pytest.skip("griffe (the docs extra) is not installed")
    text = "Intro.\n\n>>> x = [1]  # doctest: +SKIP\n>>> x\n[1]\n\nAfter."
    assert fence(text) == "Intro.\n\n```pycon\n>>> x = [1]\n>>> x\n[1]\n```\n\nAfter."


def test_the_mkdocs_configuration_is_valid(caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    from mkdocs.config import load_config

    with caplog.at_level("WARNING"):
        config = load_config(str(ROOT / "mkdocs.yml"))  # raises on an invalid setting
    assert [r.getMessage() for r in caplog.records if r.levelname != "INFO"] == []
    assert config["strict"] is True
    assert config["site_name"] == "softtargets"
    assert {"mkdocs-jupyter", "mkdocstrings", "docs/hooks.py"} <= set(config["plugins"])
    jupyter = config["plugins"]["mkdocs-jupyter"].config
    assert jupyter["execute"] is False  # the notebook renders as saved: no kernel at build time
