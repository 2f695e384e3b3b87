"""The examples in the docstrings run and are right (on the installed package)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "softtargets",
    "softtargets.errors",
    "softtargets.models",
    "softtargets.taxonomy",
    "softtargets.scenarios",
    "softtargets.extension",
    "softtargets.crosswalk",
    "softtargets.gtd",
    "softtargets.pps",
    "softtargets.pps.coverage",
    "softtargets.formatting",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0
