"""The built-in data's light records: what ``st.load()`` holds, made from the snapshot without
pydantic.

The pydantic models in ``softtargets.models`` stay the one description of the data's fields;
the snapshot carries each model's field list, and a record class is made from it with the
model's behaviour (``softtargets.behaviour``: ``label()``, ``texts()``, ``key``, ...). Records
are immutable, equal to and hashed like the models with the same values, and
``isinstance(record, st.Term)`` holds (a record's ``__class__`` is its model). Anything else the
model offers (``model_dump()``, ``model_fields``, ``model_copy()``, ``to_source()``, ...) comes
from the model, built once on first use: loading and querying the built-in taxonomy imports no
pydantic at all.

>>> import softtargets as st
>>> term = st.load().term("voetbalstadion")
>>> isinstance(term, st.Term), term.model_dump()["id"]
(True, 'football_stadium')
"""

from __future__ import annotations

import sys
from itertools import islice
from typing import TYPE_CHECKING, Any, ClassVar

from .behaviour import BEHAVIOUR

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["Record", "as_model", "make", "record_type"]


def _from_model(name: str, methods: frozenset[str]) -> bool:
    """Whether a record hands ``name`` to its model: pydantic's API and the model-only methods."""
    return name.startswith(("model_", "__pydantic")) or name in methods


class _RecordType(type):
    """The record classes' type: a pydantic attribute of the class (``type(record).model_fields``)
    comes from the model class."""

    MODEL: str
    FROM_MODEL: frozenset[str]

    def __getattr__(cls, name: str) -> Any:
        if cls.MODEL and _from_model(name, cls.FROM_MODEL):
            from . import models

            return getattr(getattr(models, cls.MODEL), name)
        raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")


class Record(metaclass=_RecordType):
    """A built-in record: the fields of a model (``MODEL`` in ``softtargets.models``), read from
    the snapshot without validation (they were validated when it was written).

    Immutable, equal to (and hashed like) the model with the same values; ``model()`` builds
    that model once, and every pydantic attribute (``model_dump``, ``model_fields``, ...) goes
    through it.
    """

    __slots__ = ("_model", "_set")

    MODEL: ClassVar[str] = ""
    """The name of the record's model in ``softtargets.models``."""
    FIELDS: ClassVar[tuple[str, ...]] = ()
    """The model's field names, in order."""
    FROM_MODEL: ClassVar[frozenset[str]] = frozenset()
    """Methods only the model has (its behaviour's ``FROM_MODEL``)."""

    if TYPE_CHECKING:
        _set: int  # a bit mask of the fields that were set, in FIELDS order
        _model: BaseModel | None

    def model(self) -> Any:
        """The pydantic model with this record's values (built once, without validation)."""
        built = self._model
        if built is None:
            from . import models

            cls: Any = getattr(models, self.MODEL)
            values = {name: _as_models(getattr(self, name)) for name in self.FIELDS}
            given = {name for n, name in enumerate(self.FIELDS) if self._set >> n & 1}
            built = cls.model_construct(_fields_set=given, **values)
            object.__setattr__(self, "_model", built)
        return built

    def __getattr__(self, name: str) -> Any:
        # only for names the record lacks: pydantic's API and the methods only the model has
        if _from_model(name, self.FROM_MODEL):
            return getattr(self.model(), name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self.model(), name, value)  # pydantic's own frozen-instance error
        raise AssertionError("unreachable: models are frozen")  # pragma: no cover

    def __delattr__(self, name: str) -> None:
        delattr(self.model(), name)
        raise AssertionError("unreachable: models are frozen")  # pragma: no cover

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        """The record's model once ``softtargets.models`` is imported, so that
        ``isinstance(record, st.Term)`` holds (``type()`` still gives the record class);
        before that no caller can hold a model class to compare with."""
        models = sys.modules.get("softtargets.models")
        found: type = type(self) if models is None else getattr(models, self.MODEL)
        return found

    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        """The field values by name, as a model's ``__dict__`` holds them."""
        return {name: getattr(self, name) for name in self.FIELDS}

    def field_values(self) -> tuple[Any, ...]:
        """The field values, in the model's order."""
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self.MODEL == other.MODEL and self.field_values() == other.field_values()
        if hasattr(type(other), "__pydantic_fields__"):
            return bool(self.model() == other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.field_values())  # as a frozen pydantic model hashes its field values

    def __repr__(self) -> str:
        return repr(self.model())

    def __str__(self) -> str:
        return str(self.model())

    def __reduce__(self) -> tuple[Any, ...]:
        return self.model().__reduce__()  # type: ignore[no-any-return]

    def __copy__(self) -> Record:
        return self

    def __deepcopy__(self, memo: object) -> Record:
        return self


def _as_models(value: Any) -> Any:
    if isinstance(value, Record):
        return value.model()
    if type(value) is tuple and value and isinstance(value[0], Record):
        return tuple(v.model() if isinstance(v, Record) else v for v in value)
    return value


def as_model(value: Any) -> Any:
    """``value``'s pydantic model when it is a light record; anything else as it is."""
    return value.model() if isinstance(value, Record) else value


_TYPES: dict[tuple[str, tuple[str, ...]], type[Record]] = {}


def record_type(model: str, fields: tuple[str, ...]) -> type[Record]:
    """The light record class of ``model`` (a name in ``softtargets.models``) with ``fields``."""
    key = (model, fields)
    found = _TYPES.get(key)
    if found is None:
        behaviour = BEHAVIOUR.get(model, object)
        taken = {name for name in fields if not name.isidentifier() or name.startswith("_")}
        taken |= {name for name in fields if hasattr(Record, name) or hasattr(behaviour, name)}
        if taken or len(set(fields)) != len(fields):
            raise ValueError(f"{model}: field names a record cannot hold: {sorted(taken) or 'a repeated name'}")
        more: frozenset[str] = getattr(behaviour, "FROM_MODEL", frozenset())
        # the behaviour first (its __str__ and methods), then Record's equality, hash and repr
        namespace = {"__slots__": fields, "MODEL": model, "FIELDS": fields, "FROM_MODEL": more}
        cls: Any = _RecordType(model, (behaviour, Record), namespace)
        cls.__module__ = __name__
        cls.__qualname__ = f"Record[{model}]"
        found = _TYPES[key] = cls
    return found


def make(cls: type[Record], row: list[Any]) -> Record:
    """A record of ``cls`` from a snapshot row: a bit mask of the fields that were set (the rest
    hold their defaults, as a model's ``model_fields_set`` says), then every field's value in
    ``cls.FIELDS`` order."""
    out = object.__new__(cls)
    setter = object.__setattr__
    for name, value in zip(cls.FIELDS, islice(row, 1, None), strict=True):
        setter(out, name, value)
    setter(out, "_set", row[0])
    setter(out, "_model", None)
    return out
