"""The command line's error messages in the user's language.

Mistakes on the command line come from argparse (English templates) and from the parser's own
type checks; ``usage_message`` recognises each by the English text of its catalogue entry
(``cli.usage.*`` in ``data/messages.toml``: the English template is the pattern, so the two
cannot drift apart) and writes it in the chosen language. Errors of the library name their
problem with structured fields: ``error_message`` writes unknown terms and values from those
fields, term labels in the chosen language. Problems found in data files (an extension's
located problems) stay in English, as the validator writes them.
"""

from __future__ import annotations

import re
import string
from functools import cache

from ..errors import AmbiguousTermError, SofttargetsError, UnknownTermError, UnknownValueError, shorten
from ..language import Lang, message, messages
from ..taxonomy import Taxonomy

__all__ = ["error_line", "error_message", "usage_message"]


def error_line(text: str, lang: str) -> str:
    """``softtargets: error: <text>`` with "error" in ``lang``."""
    return f"softtargets: {message('cli.error.prefix', lang)}: {text}"


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each ``cli.usage.*`` key with a regular expression made from its English template."""
    out = []
    for key, entry in messages().items():
        if not key.startswith("cli.usage."):
            continue
        parts = []
        for literal, name, _, _ in string.Formatter().parse(entry[Lang.EN]):
            parts.append(re.escape(literal))
            if name:
                parts.append(f"(?P<{name}>.+?)")
        out.append((key, re.compile("".join(parts), re.S)))
    return tuple(out)


def usage_message(text: str, lang: str) -> str:
    """An argparse or type-check message in ``lang`` (unchanged when no template matches, or
    for English). A wrapped message (``argument --since: ...``) is translated inside too."""
    if lang == Lang.EN.value:
        return text
    for key, pattern in _patterns():
        found = pattern.fullmatch(text)
        if found:
            values = {k: (usage_message(v, lang) if k == "problem" else v) for k, v in found.groupdict().items()}
            return message(key, lang).format(**values)
    return text


def _named(tax: Taxonomy | None, term_id: str, lang: str) -> str:
    """``label (id)`` in ``lang`` when the taxonomy knows the id, else the id."""
    term = tax.get(term_id) if tax is not None else None
    return f"{term.label(lang)} ({term_id})" if term is not None else term_id


def error_message(err: SofttargetsError, lang: str, tax: Taxonomy | None = None) -> str:
    """The message of a library error in ``lang``: unknown and ambiguous terms and unknown
    values from their fields (suggested terms by their labels in ``lang``), others as written."""
    if lang == Lang.EN.value:
        return str(err)
    if isinstance(err, UnknownTermError):
        where = message("cli.error.in_facet", lang).format(facet=err.facet) if err.facet else ""
        text = message("cli.error.unknown_term", lang).format(query=shorten(err.query), where=where)
        if err.suggestions:
            names = ", ".join(_named(tax, s, lang) for s in err.suggestions)
            text += message("cli.error.did_you_mean", lang).format(names=names)
        return text
    if isinstance(err, AmbiguousTermError):
        names = ", ".join(f"{_named(tax, t, lang)} [{f}]" for f, t in err.candidates)
        return message("cli.error.ambiguous", lang).format(query=shorten(err.query), names=names)
    if isinstance(err, UnknownValueError):
        return message("cli.error.unknown_value", lang).format(
            what=err.what, value=shorten(err.value), valid=", ".join(err.valid)
        )
    return str(err)
