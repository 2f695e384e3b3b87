"""A griffe extension (mkdocs.yml loads it into mkdocstrings): the library's docstrings hold
plain doctest blocks (``>>>`` lines and their output, up to a blank line), which Markdown
would read as nested quotes; this fences each one as a ``pycon`` code block and drops the
``# doctest:`` directives, so the examples render as the console sessions they are."""

from __future__ import annotations

import re
from typing import Any

import griffe

_DIRECTIVE = re.compile(r"\s*#\s*doctest:.*$")


def fence_doctests(text: str) -> str:
    """``text`` with each doctest block inside a ```` ```pycon ```` fence (same indent)."""
    out: list[str] = []
    block: list[str] = []
    indent = ""
    fenced = False

    def close() -> None:
        if block:
            out.extend([f"{indent}```pycon", *block, f"{indent}```"])
            block.clear()

    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("```"):
            fenced = not fenced
        if block and stripped:
            block.append(_DIRECTIVE.sub("", line))
            continue
        close()
        if not fenced and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            block.append(_DIRECTIVE.sub("", line))
            continue
        out.append(line)
    close()
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fences the doctest blocks of every docstring griffe reads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
