"""The library's languages and the one rule that picks the language of every output.

Precedence, everywhere (API, CLI, HTML, DataFrames, plots): an explicit ``lang=`` argument,
then the session default set with ``set_language``, then the ``SOFTTARGETS_LANG``
environment variable, then English.

Texts in the data are written in English and translated field by field: a record with an
English field ``note`` carries ``note_nl`` and ``note_fr``; labels are ``label_en``,
``label_nl`` and ``label_fr``. ``text(record, "note", "fr")`` returns the French text, or the
English one followed by a visible marker (``[en]``) when no translation was given, as an
extension written in English only may do. The built-in data carry every language (tested).

The library's own words (table headers, sentences, plot titles) live in one catalogue,
``data/messages.toml``; ``message(key, lang)`` reads it (through ``data/messages.json``, which
``scripts/make_snapshot.py`` generates from it, so that a command parses no TOML; a test
checks the two agree).

>>> import softtargets as st
>>> st.load().term("kerstmarkt").label("fr")
'marché de Noël'
"""

from __future__ import annotations

import _thread  # threading's own locks, without importing threading (2 ms of the cold start)
import json
import os
from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import Any

from ._text import suggest
from .errors import UnknownValueError
from .packaged import data_bytes

__all__ = [
    "ENV_VAR",
    "Lang",
    "get_language",
    "language",
    "message",
    "messages",
    "set_language",
    "text",
    "untranslated",
]

ENV_VAR = "SOFTTARGETS_LANG"
"""The environment variable that sets the default language of a process."""


class Lang(StrEnum):
    """The languages of every user-facing text: English, Dutch and French."""

    EN = "en"
    NL = "nl"
    FR = "fr"


def language(lang: Lang | str) -> Lang:
    """``lang`` as a ``Lang`` (case and surrounding space ignored); ``UnknownValueError``
    listing the supported languages otherwise."""
    if isinstance(lang, Lang):
        return lang
    try:
        return Lang(lang.strip().lower()) if isinstance(lang, str) else Lang(lang)
    except ValueError:
        raise UnknownValueError("language", lang, [v.value for v in Lang]) from None


_SESSION: dict[str, Lang | None] = {"value": None}
_LOCK = _thread.allocate_lock()


def set_language(lang: Lang | str | None) -> None:
    """Set the session's default language ("en", "nl" or "fr"); ``None`` clears it, so that
    ``SOFTTARGETS_LANG`` (or English) applies again."""
    checked = None if lang is None else language(lang)
    with _LOCK:
        _SESSION["value"] = checked


def get_language(lang: Lang | str | None = None) -> Lang:
    """The language an output uses: ``lang`` when given, else the session default, else
    ``SOFTTARGETS_LANG``, else English. A bad value raises ``UnknownValueError`` naming it."""
    if lang is not None:
        return language(lang)
    session = _SESSION["value"]
    if session is not None:
        return session
    env = os.environ.get(ENV_VAR)
    if env:
        try:
            return language(env)
        except UnknownValueError:
            raise UnknownValueError(ENV_VAR, env, [v.value for v in Lang]) from None
    return Lang.EN


def untranslated(english: str, lang: Lang | str) -> str:
    """English text marked as not yet translated into ``lang``: ``"text [en]"``."""
    return english if language(lang) is Lang.EN else f"{english} [en]"


def text(record: object, field: str, lang: Lang | str | None = None) -> str:
    """The text of ``record``'s ``field`` in ``lang`` (see the module's precedence rule).

    ``field`` names the English field (``"note"``, ``"definition"``) or, for fields written
    with a suffix in every language, their stem (``"label"`` for ``label_en``, ``label_nl``,
    ``label_fr``). A missing
    translation gives the English text with the marker of ``untranslated``; an empty field
    gives ``""``.
    """
    chosen = get_language(lang)
    english = getattr(record, f"{field}_en", None) or getattr(record, field, None) or ""
    if chosen is Lang.EN:
        return str(english)
    value = getattr(record, f"{field}_{chosen.value}", None)
    if value:
        return str(value)
    return untranslated(str(english), chosen) if english else ""


CATALOGUE = "messages.json"
"""The catalogue as read: JSON generated from ``data/messages.toml`` (``scripts/make_snapshot.py``)."""


@cache
def messages() -> Mapping[str, Mapping[Lang, str]]:
    """The catalogue of the library's own words: key -> language -> text."""
    raw: dict[str, Any] = json.loads(data_bytes(CATALOGUE))
    out: dict[str, Mapping[Lang, str]] = {}

    def walk(prefix: str, table: Mapping[str, Any]) -> None:
        if "en" in table and isinstance(table["en"], str):
            out[prefix] = MappingProxyType({Lang(k): v for k, v in table.items() if k in Lang.__members__.values()})
            return
        for key, value in table.items():
            if isinstance(value, dict):
                walk(f"{prefix}.{key}" if prefix else key, value)

    walk("", raw)
    return MappingProxyType(out)


def message(key: str, lang: Lang | str | None = None) -> str:
    """The catalogue's text for ``key`` (``"display.scenarios"``) in ``lang``; the English
    text with the ``[en]`` marker when the catalogue lacks the language; an unknown key
    raises ``UnknownValueError`` with the closest keys."""
    chosen = get_language(lang)
    entry = messages().get(key)
    if entry is None:
        raise UnknownValueError("message", key, suggest(key, messages()) or sorted(messages())[:5])
    value = entry.get(chosen)
    return value if value else untranslated(entry[Lang.EN], chosen)
