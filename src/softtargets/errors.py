"""The exception hierarchy: every error the library raises on purpose is a ``SofttargetsError``.

Each class also subclasses the matching builtin, so ordinary ``except LookupError`` or
``except ValueError`` clauses keep working.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousTermError",
    "DataError",
    "ExtensionError",
    "FacetMismatchError",
    "FilterTypeError",
    "ImmutableError",
    "MissingExtraError",
    "SofttargetsError",
    "UnknownTermError",
    "UnknownValueError",
]


class SofttargetsError(Exception):
    """Base class of all errors raised by softtargets."""


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
        self.query = query
        self.facet = facet
        self.suggestions = tuple(suggestions)
        where = f" in facet {facet!r}" if facet else ""
        prefix = f"{context}: " if context else ""
        message = f"{prefix}unknown term {query!r}{where}"
        shown = tuple(hints) or self.suggestions
        if note:
            message += f"; {note}"
        elif shown:
            message += "; did you mean " + ", ".join(shown) + "?"
        super().__init__(message)

    def __str__(self) -> str:  # LookupError would repr() a single argument
        return str(self.args[0])


class AmbiguousTermError(SofttargetsError, LookupError):
    """The text names terms in more than one facet; pass ``facet=`` to choose."""

    def __init__(self, query: str, candidates: Sequence[tuple[str, str]]) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        names = ", ".join(f"{term_id} ({facet})" for facet, term_id in self.candidates)
        super().__init__(f"{query!r} is ambiguous: it names {names}; pass facet= to choose")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownValueError(SofttargetsError, ValueError):
    """A value outside a closed vocabulary (a facet, relation kind, strength or language)."""

    def __init__(self, what: str, value: object, valid: Sequence[str]) -> None:
        self.what = what
        self.value = value
        self.valid = tuple(valid)
        super().__init__(f"unknown {what} {value!r}; valid: {', '.join(self.valid)}")


class FacetMismatchError(SofttargetsError, ValueError):
    """A term of one facet was given where a term of another facet is required."""


class FilterTypeError(SofttargetsError, TypeError):
    """A query filter got a value that is neither a term, a string nor an iterable of them."""


class DataError(SofttargetsError, ValueError):
    """A data document is invalid; ``problems`` lists each one with its location."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source}: {count} {noun}:\n{lines}")


class ExtensionError(DataError):
    """An extension is invalid or cannot be read; ``problems`` lists every problem with its
    location (file, path into the document and, where the format tells, the line).
    Nothing is applied when an extension has any problem."""


class MissingExtraError(SofttargetsError, ImportError):
    """An optional feature needs a package that is not installed; the message names the
    extra that installs it (``pip install 'softtargets[<extra>]'``)."""

    def __init__(self, extra: str, package: str, feature: str) -> None:
        self.extra = extra
        self.package = package
        super().__init__(f"{feature} needs {package}: pip install 'softtargets[{extra}]'")


class ImmutableError(SofttargetsError, TypeError):
    """Something returned by a taxonomy was modified; taxonomies are immutable."""
