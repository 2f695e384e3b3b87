"""Installed extension plugins: a broken one is reported and skipped, unless strict."""

from __future__ import annotations

import importlib.metadata
import sys
import types
import warnings

import pytest
from conftest import season_extension

import softtargets as st
from softtargets.extension import ENTRY_POINT_GROUP, apply_plugins


@pytest.fixture
def plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three installed plugins, applied in name order: one good, one whose code fails, one
    that does not apply (the good one's namespace again)."""
    module = types.ModuleType("fake_plugins")
    module.good = season_extension()  # type: ignore[attr-defined]

    def broken() -> st.Extension:
        raise RuntimeError("the plugin's own bug")

    module.broken = broken  # type: ignore[attr-defined]
    module.clash = season_extension()  # type: ignore[attr-defined]  # the same namespace again
    monkeypatch.setitem(sys.modules, "fake_plugins", module)
    eps = importlib.metadata.EntryPoints(
        importlib.metadata.EntryPoint(name, f"fake_plugins:{name}", ENTRY_POINT_GROUP)
        for name in ("good", "broken", "clash")  # applied sorted: broken, clash, good
    )

    def entry_points(**kwargs: object) -> importlib.metadata.EntryPoints:
        return eps if kwargs.get("group") == ENTRY_POINT_GROUP else importlib.metadata.EntryPoints(())

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


@pytest.mark.usefixtures("plugins")
def test_broken_plugins_are_skipped_with_a_warning() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tax = apply_plugins(st.load(), None, strict=False)
    messages = [str(w.message) for w in caught if issubclass(w.category, st.PluginWarning)]
    assert len(messages) == 2
    assert any("'broken'" in m and "the plugin's own bug" in m for m in messages)
    assert any("'good'" in m and "already used" in m for m in messages), messages
    assert [e.name for e in tax.extensions] == ["season"]
    assert tax.term("winter").id == "season.winter"


@pytest.mark.usefixtures("plugins")
def test_strict_loading_raises_and_applies_nothing() -> None:
    with pytest.raises(st.ExtensionError, match="the plugin's own bug"):
        apply_plugins(st.load(), None, strict=True)
    with pytest.raises(st.ExtensionError, match="already used"):
        apply_plugins(st.load(), ["clash", "good"], strict=True)


@pytest.mark.usefixtures("plugins")
def test_load_with_plugins_is_lenient_by_default() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tax = st.load(plugins=["good", "broken"])
    assert [e.name for e in tax.extensions] == ["season"]
    assert any(issubclass(w.category, st.PluginWarning) for w in caught)
    with pytest.raises(st.ExtensionError):
        st.load(plugins=["good", "broken"], strict=True)


@pytest.mark.usefixtures("plugins")
def test_a_name_that_is_not_installed_is_an_error_even_when_lenient() -> None:
    with pytest.raises(st.UnknownValueError, match="broken, clash, good"):
        apply_plugins(st.load(), ["nope"], strict=False)
