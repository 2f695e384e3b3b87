"""One cached-loader helper for every lazily built, shared value (the built-in taxonomy, the
partnership data, the crosswalks, the GTD country table), and ``paused_gc`` for the bulk
builds (``extend``, ``read``) that allocate many objects and free none of them.

``@cached`` turns a function into one that builds its value on the first call for each
argument tuple, under a re-entrant lock (a plugin may call ``load()`` while loading), and
returns the same object afterwards. A failed build is not cached, so a fixed cause can be
retried.

>>> from softtargets.cache import cached
>>> calls = []
>>> @cached
... def table() -> dict[str, int]:
...     calls.append(1)
...     return {"a": 1}
>>> table() is table(), len(calls)
(True, 1)
"""

from __future__ import annotations

import _thread  # threading's own locks, without importing threading (2 ms of the cold start)
import functools
import gc
from collections.abc import Callable, Hashable
from typing import Generic, ParamSpec, TypeVar

__all__ = ["Cached", "cached", "paused_gc"]

P = ParamSpec("P")
T = TypeVar("T")

_MISSING = object()


class Cached(Generic[P, T]):
    """A function whose results are built once per argument tuple and then shared."""

    def __init__(self, build: Callable[P, T]) -> None:
        self._build = build
        self._values: dict[Hashable, T] = {}
        self._lock = _thread.RLock()
        functools.update_wrapper(self, build)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        key: Hashable = (args, tuple(sorted(kwargs.items())))
        value = self._values.get(key, _MISSING)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        with self._lock:
            value = self._values.get(key, _MISSING)
            if value is _MISSING:
                value = self._build(*args, **kwargs)
                self._values[key] = value
        return value  # type: ignore[return-value]

    def clear(self) -> None:
        """Forget every built value (for tests that change what the builder reads)."""
        with self._lock:
            self._values.clear()


def cached(build: Callable[P, T]) -> Cached[P, T]:
    """Decorate ``build`` so each distinct call builds once and is then shared (thread-safe)."""
    return Cached(build)


_PAUSES = {"depth": 0}
_PAUSE_LOCK = _thread.allocate_lock()


def paused_gc(fn: Callable[P, T]) -> Callable[P, T]:
    """Run ``fn`` with Python's cyclic garbage collector paused (restored afterwards, also on
    error; nested and concurrent calls restore it once, when the last one ends).

    A bulk build creates hundreds of thousands of objects that all stay alive, and each
    automatic collection rescans them: about a third of ``extend``'s time for 10,000 terms
    (benchmarks/speed_paths.py). Reference counting still frees everything as usual.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with _PAUSE_LOCK:
            if _PAUSES["depth"] == 0:
                _PAUSES["was_enabled"] = int(gc.isenabled())
                gc.disable()
            _PAUSES["depth"] += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _PAUSE_LOCK:
                _PAUSES["depth"] -= 1
                if _PAUSES["depth"] == 0 and _PAUSES["was_enabled"]:
                    gc.enable()

    return wrapper
