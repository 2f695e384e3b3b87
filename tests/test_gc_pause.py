"""``paused_gc``: bulk builds run with the cyclic collector paused and always restore it."""

from __future__ import annotations

import gc
import threading

import pytest

import softtargets as st
from softtargets.cache import paused_gc


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    seen: list[bool] = []

    @paused_gc
    def build() -> None:
        seen.append(gc.isenabled())

    assert gc.isenabled()
    build()
    assert seen == [False] and gc.isenabled()


def test_restored_after_an_error_and_when_nested() -> None:
    @paused_gc
    def inner() -> None:
        assert not gc.isenabled()
        raise ValueError("boom")

    @paused_gc
    def outer() -> None:
        with pytest.raises(ValueError):
            inner()
        assert not gc.isenabled()  # the outer build is still running

    outer()
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        paused_gc(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_concurrent_builds_restore_once(tax: st.Taxonomy) -> None:
    ext = st.Extension(name="x", version="1", namespace="x")
    threads = [threading.Thread(target=tax.extend, args=(ext,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gc.isenabled()


def test_extend_and_read_run_paused(tax: st.Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    states: list[bool] = []
    real = st.Taxonomy.__init__

    def spy(self: st.Taxonomy, *args: object, **kwargs: object) -> None:
        states.append(gc.isenabled())
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(st.Taxonomy, "__init__", spy)
    tax.extend(st.Extension(name="x", version="1", namespace="x"))
    st.read(tax.export("json"), "json")
    assert states == [False, False] and gc.isenabled()
