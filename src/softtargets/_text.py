"""Text normalisation and fuzzy suggestions for term lookup."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["compact", "normalise", "suggest"]

_SEPARATORS = re.compile(r"[\s_\-/]+")


def normalise(text: str) -> str:
    """Lower-case, accent-free, with runs of spaces, underscores, hyphens and slashes
    folded to one space: ``"Rechts-Extremisme"`` becomes ``"rechts extremisme"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


def compact(text: str) -> str:
    """``normalise`` without spaces, so ``"rechtsextremisme"`` meets ``"rechts-extremisme"``."""
    return normalise(text).replace(" ", "")


def suggest(query: str, keys: Iterable[str], limit: int = 5, extra: Iterable[str] | None = None) -> list[str]:
    """The keys closest to ``query`` (already normalised), best first; prefix and substring
    hits among ``extra`` (default: the keys) fill the rest."""
    pool = list(keys)
    found = difflib.get_close_matches(query, pool, n=limit, cutoff=0.6)
    if len(found) < limit:
        # Prefix and substring hits catch partial input such as "stadi".
        for key in pool if extra is None else extra:
            if len(found) >= limit:
                break
            if key not in found and query and (key.startswith(query) or query in key):
                found.append(key)
    return found
