"""Hostile input for the boundary tests: strings a user, a file or a caller might pass that a
well-behaved library must refuse cleanly (huge, control characters, invisible and
bidirectional marks, NUL, lone surrogates, numbers that overflow), and values of every wrong
type. Shared by test_cli_robustness, test_gtd_hostile and test_pps_arguments."""

from __future__ import annotations

import datetime as dt
import enum

from hypothesis import strategies as st_

import softtargets as st

HUGE = (
    "a" * 1_000_000,
    "9" * 5_000,  # more digits than int() converts
    "kerstmarkt " * 20_000,
    "\u202e" * 100_000,
)
"""Long strings, built once (hypothesis does not draw megabytes of text cheaply)."""

SPECIAL = (
    "",
    " ",
    "\x00",
    "museum\x00",
    "\x1b[2J\x1b[31mred",
    "\u202eevil\u202c",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeffmuseum",  # byte-order mark
    "\u2066isolate\u2069",
    "\ud800",  # a lone surrogate, as undecodable arguments arrive
    "inf",
    "-inf",
    "nan",
    "1e999",
    "-1e999",
    "1e308",
    "0x10",
    "1_000",
    "-0",
    "١٢",  # Arabic-Indic digits: int() reads them
    "arena",
    "nctv",
    "gtd_weapon_type",
    "'quoted'",
    '"double"',
    "\\",
    "\n",
)
"""Short strings that break naive code: control characters, invisible marks, overflowing numbers."""

SHORT_HOSTILE_TEXT = st_.one_of(
    st_.sampled_from(SPECIAL),
    st_.text(max_size=30),
    st_.text(alphabet=st_.characters(whitelist_categories=("Cc", "Cf", "Zl", "Zp", "Co")), max_size=10),
)
"""Strings: special, control and format characters, or anything, all short."""

HOSTILE_TEXT = st_.one_of(SHORT_HOSTILE_TEXT, st_.sampled_from(HUGE))
"""Strings: special, huge, control and format characters, or anything."""


class Colour(enum.StrEnum):
    """An enum the library knows nothing about."""

    RED = "red"


ANY = st_.one_of(
    st_.none(),
    st_.booleans(),
    st_.integers(min_value=-(10**400), max_value=10**400),
    st_.floats(),
    st_.sampled_from([float("inf"), float("-inf"), float("nan"), 10**300]),
    st_.binary(max_size=10),
    HOSTILE_TEXT,
    st_.dates(),
    st_.datetimes(),
    st_.sampled_from([Colour.RED, st.Facet.TARGET, st.TargetType.MUSEUM, st.Strength.PLAUSIBLE, object(), type]),
    st_.lists(st_.one_of(st_.none(), st_.integers(), st_.text(max_size=5)), max_size=3),
    st_.tuples(st_.text(max_size=5)),
    st_.dictionaries(st_.text(max_size=5), st_.text(max_size=5), max_size=2),
    st_.just(dt.date(2016, 6, 1)),
)
"""Values of every type, wrong and right."""
