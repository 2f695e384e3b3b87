"""Numbers, shares and dates as each language writes them, for text, tables and CSV.

Small pure functions; the words and signs they use (decimal sign, month names, the shape of
a date and of a percentage) come from the one catalogue of the library's words
(``data/messages.toml``), so a language is added there, not here. ``lang`` follows the
library's precedence (``lang=``, ``set_language``, ``SOFTTARGETS_LANG``, English).

>>> format_number(0.9234, "nl", 2), format_number(0.9234, "en", 2)
('0,92', '0.92')
>>> import datetime
>>> format_date(datetime.date(2026, 12, 3), "fr")
'3 décembre 2026'
>>> format_percent(0.125, "fr", 1)
'12,5 %'
"""

from __future__ import annotations

import datetime as _dt
import math
from numbers import Real

from .errors import ArgumentTypeError
from .language import Lang, get_language, message

__all__ = ["CSV_DELIMITERS", "csv_delimiter", "format_date", "format_number", "format_percent"]

CSV_DELIMITERS: dict[Lang, str] = {Lang.EN: ",", Lang.NL: ";", Lang.FR: ";"}
"""The CSV field separator each language's spreadsheets expect: ";" where the decimal sign
is a comma (Dutch and French settings), "," in English."""


def csv_delimiter(lang: Lang | str | None = None) -> str:
    """The default CSV delimiter of ``lang``: ``";"`` for nl and fr, ``","`` for en."""
    return CSV_DELIMITERS[get_language(lang)]


def format_number(value: float | int, lang: Lang | str | None = None, digits: int = 2) -> str:
    """``value`` with ``digits`` decimals and the language's decimal sign (``0,92`` in nl and
    fr, ``0.92`` in en); whole numbers (``int``) without decimals. No thousands separator, so
    that the text reads back as a number in every locale's spreadsheet."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ArgumentTypeError(f"value: expected a number, got {type(value).__name__}")
    if not isinstance(digits, int) or isinstance(digits, bool) or digits < 0:
        raise ArgumentTypeError(f"digits: expected a whole number >= 0, got {digits!r}")
    if isinstance(value, int):
        return str(value)
    number = float(value)
    if not math.isfinite(number):
        return str(number)
    text = f"{number:.{digits}f}"
    if text.startswith("-") and float(text) == 0:  # no "-0,00"
        text = text[1:]
    return text.replace(".", message("number.decimal", lang))


def format_percent(share: float, lang: Lang | str | None = None, digits: int = 0) -> str:
    """A share (0.125) as a percentage in the language's writing (``12,5 %`` in fr)."""
    if isinstance(share, bool) or not isinstance(share, Real):
        raise ArgumentTypeError(f"share: expected a number, got {type(share).__name__}")
    return message("number.percent", lang).format(value=format_number(float(share) * 100, lang, digits))


def format_date(day: _dt.date, lang: Lang | str | None = None) -> str:
    """``day`` written out: "3 December 2026", "3 december 2026", "3 décembre 2026" (the
    French first of the month is "1er")."""
    if not isinstance(day, _dt.date):
        raise ArgumentTypeError(f"day: expected a date (datetime.date), got {type(day).__name__}")
    number = message("date.first", lang) if day.day == 1 else str(day.day)
    return message("date.format", lang).format(
        day=number, month=message(f"date.month.{day.month}", lang), year=day.year
    )
