"""Text normalisation and fuzzy suggestions for term lookup; the characters that text fields
refuse; confusable skeletons (Unicode TR39) that make look-alike labels meet."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from .cache import cached
from .errors import DataError
from .packaged import data_text

__all__ = [
    "REFUSED_PATTERN",
    "check_text",
    "compact",
    "confusables",
    "normalise",
    "parse_confusables",
    "refused",
    "skeleton",
    "skeletons",
    "suggest",
    "unlike",
]

_SEPARATORS = re.compile(r"[\s_\-/]+")

# What text fields refuse, class by class: (first, last code point, what it is). XML 1.0 cannot
# hold the controls (tab and newline aside) nor the non-characters; a carriage return becomes a
# newline in GraphML and GEXF; the invisible and direction-changing characters make a label
# look like another one.
_REFUSED_CLASSES: tuple[tuple[int, int, str], ...] = (
    (0x00, 0x08, "a control character"),
    (0x0B, 0x1F, "a control character"),
    (0x7F, 0x9F, "a control character"),
    (0xAD, 0xAD, "an invisible character"),
    (0x034F, 0x034F, "an invisible character"),
    (0x115F, 0x1160, "an invisible character"),
    (0x17B4, 0x17B5, "an invisible character"),
    (0x180B, 0x180F, "an invisible character"),
    (0x061C, 0x061C, "a bidirectional control"),
    (0x200B, 0x200D, "a zero-width character"),
    (0x200E, 0x200F, "a bidirectional control"),
    (0x202A, 0x202E, "a bidirectional control"),
    (0x2060, 0x2060, "a zero-width character"),
    (0x2061, 0x2064, "an invisible character"),
    (0x2066, 0x2069, "a bidirectional control"),
    (0x3164, 0x3164, "an invisible character"),
    (0xD800, 0xDFFF, "a lone surrogate"),
    (0xFDD0, 0xFDEF, "a non-character"),
    (0xFEFF, 0xFEFF, "a zero-width character"),
    (0xFFA0, 0xFFA0, "an invisible character"),
    (0xE0000, 0xE007F, "a tag character"),
    *((plane + 0xFFFE, plane + 0xFFFF, "a non-character") for plane in range(0, 0x110000, 0x10000)),
)
_REFUSED = re.compile(
    "[" + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi, _ in _REFUSED_CLASSES) + "]"
)

# Unicode gives control characters no name; these are the ones people meet.
_NAMES = {0x00: "NULL", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE"}
_NAMES.update({0x7F: "DELETE", 0x85: "NEXT LINE"})

REFUSED_PATTERN = (
    r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufdd0-\ufdef\ufeff\uffa0\ufffe\uffff]*$"
)
"""The refused characters of the Basic Multilingual Plane as a JSON Schema pattern (which
ECMAScript, Rust and Python all read); ``check_text`` also refuses the non-characters of the
other planes and lone surrogates."""


def refused(text: str) -> str | None:
    """Why ``text`` cannot be a text field, or None: its first refused character, by code
    point, name, class and place.

    >>> refused("mu\\u200bseum")
    'contains U+200B ZERO WIDTH SPACE (a zero-width character) at character 3, which is not allowed in text'
    >>> refused("museum") is None
    True
    """
    if text.isascii() and text.isprintable():
        return None  # ASCII refuses only controls, which are not printable: the common case, fast
    found = _REFUSED.search(text)
    if found is None:
        return None
    ch = found.group()
    code = ord(ch)
    what = next(kind for lo, hi, kind in _REFUSED_CLASSES if lo <= code <= hi)
    name = _NAMES.get(code) or unicodedata.name(ch, "")
    label = f"U+{code:04X} {name}" if name else f"U+{code:04X}"
    why = f"contains {label} ({what}) at character {found.start() + 1}, which is not allowed in text"
    return why + "; write a line break as a newline (\\n)" if ch == "\r" else why


def check_text(value: object) -> object:
    """A pydantic validator: ``value`` unchanged, or ``ValueError`` naming the first refused
    character (see ``refused``). Values that are not strings pass through untouched."""
    if isinstance(value, str) and (why := refused(value)) is not None:
        raise ValueError(why)
    return value


def normalise(text: str) -> str:
    """Lower-case, accent-free, with runs of spaces, underscores, hyphens and slashes
    folded to one space: ``"Rechts-Extremisme"`` becomes ``"rechts extremisme"``."""
    if text.isascii():  # the common case: nothing decomposes, and casefold() is lower()
        return _SEPARATORS.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


def compact(text: str) -> str:
    """``normalise`` without spaces, so ``"rechtsextremisme"`` meets ``"rechts-extremisme"``."""
    return normalise(text).replace(" ", "")


def suggest(query: str, keys: Iterable[str], limit: int = 5, extra: Iterable[str] | None = None) -> list[str]:
    """The keys closest to ``query`` (already normalised), best first; prefix and substring
    hits among ``extra`` (default: the keys) fill the rest."""
    import difflib  # only on a miss: loading a taxonomy needs no fuzzy matcher

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


_DATA = "confusables.toml"
_SKELETON_KEY = re.compile(r"^[a-z0-9]+$")
_RANGE = re.compile(r"^([0-9A-F]{4,6})(?:-([0-9A-F]{4,6}))?$")


@cached
def confusables() -> tuple[Mapping[str, str], frozenset[str]]:
    """The confusables table (character -> skeleton) and the default-ignorable characters,
    read from ``data/confusables.toml`` on first use; ``DataError`` if the file is malformed."""
    return parse_confusables(data_text(_DATA))


def parse_confusables(text: str, file: str = _DATA) -> tuple[Mapping[str, str], frozenset[str]]:
    """``confusables()`` from the text of a file in the format of ``data/confusables.toml``,
    checked: ranges valid, each character listed once, and one mapping pass enough (no
    skeleton contains a character that is itself mapped)."""
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise DataError(file, [f"not valid TOML: {err}"]) from None
    problems: list[str] = []
    ignorable: set[str] = set()
    entries = doc.get("ignorable", [])
    for entry in entries if isinstance(entries, list) else [entries]:
        match = _RANGE.match(entry) if isinstance(entry, str) else None
        lo = int(match.group(1), 16) if match else -1
        hi = int(match.group(2) or match.group(1), 16) if match else -1
        if match is None or not lo <= hi <= 0x10FFFF:
            problems.append(f"ignorable: {entry!r} is not a code point or range like '00AD' or '200B-200F'")
            continue
        ignorable.update(chr(c) for c in range(lo, hi + 1))
    table: dict[str, str] = {}
    skeletons = doc.get("skeleton", {})
    for key, chars in skeletons.items() if isinstance(skeletons, dict) else ():
        if not _SKELETON_KEY.match(key) or not isinstance(chars, str) or not chars:
            problems.append(f"skeleton: {key!r} must be lower-case ASCII letters and digits naming a string")
            continue
        for ch in chars:
            if ch in table:
                problems.append(f"skeleton: U+{ord(ch):04X} is listed under both {table[ch]!r} and {key!r}")
            table[ch] = key
    for ch, key in table.items():
        if ch in ignorable:
            problems.append(f"skeleton: U+{ord(ch):04X} is also ignorable")
        if any(c in table for c in key):
            problems.append(f"skeleton: {key!r} contains a character that is itself mapped")
    if not table or not isinstance(doc.get("unicode_version"), str):
        problems.append("the file needs a unicode_version string and a non-empty [skeleton] table")
    if problems:
        raise DataError(file, problems)
    return MappingProxyType(table), frozenset(ignorable)


@functools.lru_cache(maxsize=8192)  # every extension re-checks the same built-in labels
def skeleton(text: str) -> str:
    """The confusable skeleton of ``text``: equal for texts that look alike.

    Unicode TR39's skeleton (NFD, default-ignorable characters dropped, each character mapped
    to its prototype), then ``normalise`` (case, accents, separators), then the mapping again
    for what folding produced. Only look-alikes of Latin letters and digits are mapped (see
    ``data/confusables.toml``). Skeletons are for comparing, not for display:

    >>> skeleton("\\u041cuseum") == skeleton("MUSEUM") == skeleton("museum")
    True
    >>> skeleton("museum")
    'rnuseurn'
    """
    mapping = _translation()
    return normalise(normalise(unicodedata.normalize("NFD", text).translate(mapping)).translate(mapping))


_BATCH = 1000


def skeletons(texts: Sequence[str]) -> list[str]:
    """``skeleton`` of each text; for many ASCII texts at a quarter of the cost of one call each.

    ``skeleton`` works character by character (NFD, the confusables mapping, case folding)
    but for folding runs of separators into one space and stripping the ends, which NUL
    stops: text fields refuse it. So the skeleton of ASCII texts joined by NUL, split at NUL,
    gives each text's skeleton once its ends are stripped (tests compare the two ways).
    Other texts (folded by the slower way for accents, where joining gains nothing) and any
    text holding NUL itself are done one by one."""
    whole = getattr(skeleton, "__wrapped__", skeleton)  # past its cache: a joined text is used once
    out: list[str | None] = [None] * len(texts)
    batch: list[int] = []
    for n, text in enumerate(texts):
        if text.isascii() and "\0" not in text:
            batch.append(n)
        else:
            out[n] = skeleton(text)
    if len(batch) < _BATCH:  # a few: skeleton's cache keeps them for the next check
        for n in batch:
            out[n] = skeleton(texts[n])
        batch = []
    for start in range(0, len(batch), _BATCH):
        places = batch[start : start + _BATCH]
        pieces = whole("\0".join([texts[n] for n in places])).split("\0")
        if len(pieces) == len(places):
            for n, piece in zip(places, pieces, strict=True):
                out[n] = piece.strip()
        else:  # not expected: NUL is neither mapped nor dropped
            for n in places:
                out[n] = skeleton(texts[n])
    return [look for look in out if look is not None]


@cached
def _translation() -> dict[int, str | None]:
    """``confusables()`` as a ``str.translate`` table: ignorable characters go, mapped ones
    become their skeleton."""
    table, ignorable = confusables()
    return {**dict.fromkeys(map(ord, ignorable)), **{ord(ch): key for ch, key in table.items()}}


def unlike(text: str, other: str, limit: int = 3) -> str:
    """The non-ASCII characters of ``text`` that ``other`` lacks, by code point and name: what
    makes a look-alike differ from the label it imitates, which a reader cannot see.

    >>> unlike("\\u041cuseum", "museum")
    'U+041C CYRILLIC CAPITAL LETTER EM'
    """
    odd = [ch for ch in dict.fromkeys(text) if not ch.isascii() and ch not in other]
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip() for ch in odd[:limit])
