"""The built-in sites' ids: one per case of the study (``data/sites/<id>.toml``). Kept apart
from the site model so that the command line can offer them without importing it."""

from __future__ import annotations

__all__ = ["CASE_SITES"]

CASE_SITES = ("arena", "vierdaagse", "diamantkwartier")
"""The built-in sites: one per case of the study (``data/sites/<id>.toml``)."""
