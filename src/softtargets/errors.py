"""The exception hierarchy: every error the library raises on purpose is a ``SofttargetsError``.

Each class also subclasses the matching builtin, so ordinary ``except LookupError`` or
``except ValueError`` clauses keep working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

__all__ = [
    "ArgumentTypeError",
    "InputLimitError",
    "Problem",
    "expect",
    "shorten",
    "AmbiguousTermError",
    "DataError",
    "ExtensionError",
    "FacetMismatchError",
    "FilterTypeError",
    "ImmutableError",
    "MissingExtraError",
    "OutputError",
    "PluginWarning",
    "SofttargetsError",
    "UnknownTermError",
    "UnknownValueError",
]


Loc = tuple[str | int, ...]
"""A path into a document: table names and keys as strings, array positions as ints."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a data document or an extension: where it is and what is wrong.

    ``loc`` is the path into the document (``("term", 3, "broader")`` is the ``broader`` key
    of the fourth ``[[term]]`` table); ``file`` names the document and ``line`` is its line
    where the format tells. Problems are data: only ``str()`` turns them into text.

    >>> from softtargets.errors import Problem
    >>> str(Problem(("term", 3, "broader"), "unknown term 'x'", file="my.toml", line=12))
    "my.toml: term[3].broader (line 12): unknown term 'x'"
    """

    loc: Loc
    message: str
    file: str | None = None
    line: int | None = None

    @property
    def path(self) -> str:
        """``loc`` written as a path: ``term[3].broader``; empty for the whole document."""
        out = ""
        for part in self.loc:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out

    def at(self, *, file: str | None = None, line: int | None = None, prefix: Loc = ()) -> Problem:
        """The same problem in ``file``, at ``line``, with ``prefix`` put before ``loc``."""
        return replace(
            self,
            loc=(*prefix, *self.loc),
            file=self.file if file is None else file,
            line=self.line if line is None else line,
        )

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where = f"{where} (line {self.line})" if where else f"line {self.line}"
        head = ": ".join(part for part in (self.file, where) if part)
        return f"{head}: {self.message}" if head else self.message


def as_problems(items: Iterable[Problem | str]) -> tuple[Problem, ...]:
    """Problems from problems or plain messages (a message becomes a problem without a place)."""
    return tuple(p if isinstance(p, Problem) else Problem((), str(p)) for p in items)


class SofttargetsError(Exception):
    """Base class of all errors raised by softtargets.

    Every subclass pickles and unpickles to an equal error (``__reduce__`` rebuilds it from
    the arguments it was made with), so errors travel across ``multiprocessing`` and
    parallel test runners.
    """

    _init: tuple[tuple[Any, ...], dict[str, Any]] = ((), {})

    def _remember(self, *args: Any, **kwargs: Any) -> None:
        self._init = (args, kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        args, kwargs = self._init
        if not args and not kwargs:
            return (type(self), self.args)
        return (_rebuild, (type(self), args, kwargs))

    def __str__(self) -> str:  # LookupError would repr() a single argument
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


def _rebuild(cls: type[SofttargetsError], args: tuple[Any, ...], kwargs: dict[str, Any]) -> SofttargetsError:
    return cls(*args, **kwargs)


class UnknownTermError(SofttargetsError, LookupError):
    """No term matches the text; ``suggestions`` holds the closest valid term ids.

    >>> import softtargets as st
    >>> try:
    ...     st.load().term("voetbalstadoin")
    ... except st.UnknownTermError as err:
    ...     print(err.suggestions[0])
    football_stadium
    """

    def __init__(
        self,
        query: str,
        suggestions: Sequence[str] = (),
        *,
        facet: str | None = None,
        context: str | None = None,
        hints: Sequence[str] = (),
        note: str | None = None,
    ) -> None:
        self._remember(query, suggestions, facet=facet, context=context, hints=hints, note=note)
        self.query = query
        self.facet = facet
        self.suggestions = tuple(suggestions)
        where = f" in facet {facet!r}" if facet else ""
        prefix = f"{context}: " if context else ""
        message = f"{prefix}unknown term {shorten(query)}{where}"
        shown = tuple(hints) or self.suggestions
        if note:
            message += f"; {note}"
        elif shown:
            message += "; did you mean " + ", ".join(shown) + "?"
        super().__init__(message)


class AmbiguousTermError(SofttargetsError, LookupError):
    """The text names terms in more than one facet; pass ``facet=`` to choose."""

    def __init__(self, query: str, candidates: Sequence[tuple[str, str]]) -> None:
        self._remember(query, candidates)
        self.query = query
        self.candidates = tuple(candidates)
        names = ", ".join(f"{term_id} ({facet})" for facet, term_id in self.candidates)
        super().__init__(f"{shorten(query)} is ambiguous: it names {names}; pass facet= to choose")


class UnknownValueError(SofttargetsError, ValueError):
    """A value outside a closed vocabulary (a facet, relation kind, strength or language)."""

    def __init__(self, what: str, value: object, valid: Sequence[str]) -> None:
        self._remember(what, value, valid)
        self.what = what
        self.value = value
        self.valid = tuple(valid)
        super().__init__(f"unknown {what} {shorten(value)}; valid: {', '.join(self.valid)}")


class FacetMismatchError(SofttargetsError, ValueError):
    """A term of one facet was given where a term of another facet is required."""


class ArgumentTypeError(SofttargetsError, TypeError):
    """A public function got an argument of the wrong type; the message names the argument,
    the accepted types and (shortened) what was given."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def expect(name: str, value: object, types: type | tuple[type, ...], accepted: str) -> None:
    """Raise ``ArgumentTypeError`` unless ``value`` is an instance of ``types``.

    >>> from softtargets.errors import expect
    >>> expect("source_id", 123, str, "a source id (str)")
    Traceback (most recent call last):
    ...
    softtargets.errors.ArgumentTypeError: source_id: expected a source id (str), got int 123
    """
    if not isinstance(value, types) or (
        isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))
    ):
        raise ArgumentTypeError(f"{name}: expected {accepted}, got {type(value).__name__} {shorten(value)}")


def shorten(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, so a huge input is never echoed whole."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to convert to text
        text = f"<{type(value).__name__} too long to show>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


class FilterTypeError(ArgumentTypeError):
    """A query filter got a value that is neither a term, a string nor an iterable of them."""


class DataError(SofttargetsError, ValueError):
    """A data document is invalid; ``problems`` lists each one as a ``Problem`` (``loc``,
    ``file``, ``line``, ``message``). Plain strings given as problems become problems
    without a place."""

    def __init__(self, source: str, problems: Iterable[Problem | str]) -> None:
        self.source = source
        self.problems: tuple[Problem, ...] = as_problems(problems)
        self._remember(source, self.problems)
        # a problem in the error's own source need not name it again
        shown = (replace(p, file=None) if p.file == source else p for p in self.problems)
        lines = "\n".join(f"  - {problem}" for problem in shown)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source}: {count} {noun}:\n{lines}")


class InputLimitError(DataError):
    """An input could not be read within its limit (size, line length) or at all; the
    message names the input and the limit (see ``softtargets.limits``)."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(source, [Problem((), message, file=source)])
        self._remember(source, message)


class ExtensionError(DataError):
    """An extension is invalid or cannot be read; ``problems`` lists every problem with its
    location (file, path into the document and, where the format tells, the line).
    Nothing is applied when an extension has any problem."""


class MissingExtraError(SofttargetsError, ImportError):
    """An optional feature needs a package that is not installed; the message names the
    extra that installs it (``pip install 'softtargets[<extra>]'``)."""

    def __init__(self, extra: str, package: str, feature: str) -> None:
        self._remember(extra, package, feature)
        self.extra = extra
        self.package = package
        super().__init__(f"{feature} needs {package}: pip install 'softtargets[{extra}]'")


class OutputError(SofttargetsError, OSError):
    """A result could not be written (a missing folder, a full disk, no permission); the
    message names the path and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        self._remember(path, reason)
        self.path = path
        super().__init__(f"{path}: cannot write: {reason}")


class ImmutableError(SofttargetsError, TypeError):
    """Something returned by a taxonomy was modified; taxonomies are immutable."""


class PluginWarning(UserWarning):
    """An installed extension plugin could not be loaded or applied and was skipped; the
    message names the plugin and the cause (``st.load(plugins=True, strict=True)`` raises
    instead)."""
