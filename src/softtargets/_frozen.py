"""Read-only containers used to hand out data without letting callers change it."""

from __future__ import annotations

import copy
from typing import Any, NoReturn, TypeVar

from .errors import ImmutableError

__all__ = ["ReadOnlyDict"]

K = TypeVar("K")
V = TypeVar("V")


class ReadOnlyDict(dict[K, V]):
    """A ``dict`` that refuses every change; ``copy()`` gives an ordinary, mutable dict.

    It stays a real ``dict`` so that networkx algorithms and writers work on it unchanged.
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableError("this mapping belongs to an immutable taxonomy; copy() it to change it")

    __setitem__ = _refuse
    __delitem__ = _refuse
    __ior__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse

    def copy(self) -> dict[K, V]:
        return dict(self)

    def __copy__(self) -> dict[K, V]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[K, V]:
        return {copy.deepcopy(k, memo): copy.deepcopy(v, memo) for k, v in self.items()}

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self),))
