"""The one way a package here loads its public names on first use (``softtargets`` and
``softtargets.assess``): ``import softtargets`` stays cheap, and a command that needs no
pydantic model imports none."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(
    package: str, where: Mapping[str, str], namespace: dict[str, Any], submodules: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's module ``__getattr__`` and ``__dir__``: a name in ``where`` comes from the
    submodule ``where[name]`` (imported then, and kept in ``namespace``, the package's
    ``globals()``); a name in ``submodules`` is that submodule itself."""
    modules = frozenset(submodules)

    def __getattr__(name: str) -> Any:
        if name in modules:
            return importlib.import_module(f".{name}", package)
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value  # a submodule imported later must not hide it
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace.get("__all__", ()), *modules})

    return __getattr__, __dir__
