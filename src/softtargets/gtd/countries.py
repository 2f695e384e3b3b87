"""GTD country names as ISO 3166-1 alpha-2 codes: GTD's own spellings and historical names
from ``data/gtd_countries.toml``, every other name from pycountry (the ``gtd`` extra)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from types import MappingProxyType

from ..cache import cached
from ..errors import MissingExtraError, expect
from ..packaged import data_text

__all__ = ["country_code"]


@cached
def _country_overrides() -> Mapping[str, str]:
    """GTD's own spellings and historical names with their ISO 3166 alpha-2 codes (read once):
    the names pycountry does not find, or finds with another code."""
    text = data_text("gtd_countries.toml")
    return MappingProxyType(dict(tomllib.loads(text)["overrides"]))


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a GTD ``country_txt`` name, or None when it names no
    country (``"International"``, a typo). GTD's own spellings and historical names come from
    ``data/gtd_countries.toml``; every other name is looked up exactly (name, official or
    common name, any case) in ISO 3166-1 through pycountry, which the ``gtd`` extra installs:
    without it, a name the data file does not hold raises ``MissingExtraError``.

    >>> country_code("Germany"), country_code("West Germany (FRG)"), country_code("International")
    ('DE', 'DE', None)
    """
    expect("name", name, str, "a country name (str)")
    override = _country_overrides().get(name)
    return override if override is not None else _iso_names().get(name.lower())


@cached
def _iso_names() -> Mapping[str, str]:
    """ISO 3166-1 names, official names and common names, in lower case, to their alpha-2
    codes, from pycountry (built once: a dict hit per record, as pycountry's own index)."""
    try:
        import pycountry
    except ImportError:
        raise MissingExtraError("gtd", "pycountry", "GTD country names") from None
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if isinstance(value, str):
                index.setdefault(value.lower(), str(country.alpha_2))
    return MappingProxyType(index)
