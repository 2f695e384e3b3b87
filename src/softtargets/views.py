"""The one seam between the core and the modules built on it.

Core objects (terms, scenario sets, explanations, taxonomies) offer conveniences such as
``to_html``, ``to_pandas``, ``plot`` and ``export``, but the core never imports the modules
that implement them. Those modules register their implementation here when they are
imported (``@views.register("html", ScenarioSet)``), the way pandas' plotting backends do.
``render`` finds the implementation for an object's type (through its MRO); on a miss it
imports the module that ``PROVIDERS`` names for that view, once, and looks again. This table
is the only place where the core names an outer module.

>>> from softtargets import views
>>> sorted(views.PROVIDERS)
['export', 'heatmap', 'html', 'pandas', 'plot']
"""

from __future__ import annotations

import _thread  # threading's own locks, without importing threading (2 ms of the cold start)
import importlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from .errors import UnknownValueError

__all__ = ["PROVIDERS", "register", "registered", "render"]

F = TypeVar("F", bound=Callable[..., Any])

PROVIDERS: Mapping[str, str] = MappingProxyType(
    {
        "html": "softtargets.display",
        "pandas": "softtargets.frames",
        "plot": "softtargets.plot",
        "heatmap": "softtargets.plot",
        "export": "softtargets.interop",
    }
)
"""For each view, the module that registers its implementations for the core's types."""

_VIEWS: dict[str, dict[type, Callable[..., Any]]] = {}
_LOCK = _thread.allocate_lock()


def register(view: str, cls: type) -> Callable[[F], F]:
    """Register the decorated function as the ``view`` of ``cls`` (and its subclasses).

    Registering a second implementation for the same view and type raises ``ValueError``:
    two modules claiming one view is a mistake, not an override.
    """

    def decorate(fn: F) -> F:
        with _LOCK:
            table = _VIEWS.setdefault(view, {})
            old = table.get(cls)
            if old is not None and old is not fn and getattr(old, "__qualname__", None) != fn.__qualname__:
                raise ValueError(f"view {view!r} of {cls.__name__} is already registered by {old.__module__}")
            table[cls] = fn
        return fn

    return decorate


def _find(view: str, cls: type) -> Callable[..., Any] | None:
    table = _VIEWS.get(view, {})
    for base in cls.__mro__:
        fn = table.get(base)
        if fn is not None:
            return fn
    return None


def registered(view: str) -> tuple[type, ...]:
    """The types that have an implementation of ``view`` (after importing its provider)."""
    _import_provider(view)
    return tuple(_VIEWS.get(view, {}))


def _import_provider(view: str) -> None:
    module = PROVIDERS.get(view)
    if module is None:
        raise UnknownValueError("view", view, sorted(PROVIDERS))
    importlib.import_module(module)  # its import registers its views


def render(view: str, obj: object, /, *args: Any, **kwargs: Any) -> Any:
    """Call the ``view`` registered for ``obj``'s type with ``obj`` and the arguments.

    Raises ``UnknownValueError`` naming the types that do have the view when none fits.
    """
    fn = _find(view, type(obj))
    if fn is None:
        _import_provider(view)
        # a light record's __class__ is its model (softtargets.records)
        fn = _find(view, type(obj)) or _find(view, obj.__class__)
    if fn is None:
        names = sorted(c.__name__ for c in _VIEWS.get(view, {}))
        raise UnknownValueError(f"object for the {view} view", type(obj).__name__, names)
    return fn(obj, *args, **kwargs)
