"""Site assessment: from the catalogue of scenarios to one place, its partners and its
measures. For a site (``Site``: target types, ownership, access, capacity, setting, vehicle
access, symbolic value, country and date, partners and measures in place), ``assess`` ranks
every scenario admitted for its target types by relative indicators, explains them and
names the gaps per safety-chain phase and who could fill them.

The method is data (``data/assessment.toml``: every factor, scale, weight and rule with its
source; ``method()``); its figures are **relative indicators for prioritising, never
probabilities**.

>>> import softtargets as st
>>> result = st.assess.assess(st.assess.case_site("arena"))
>>> len(result.rows) > 0, result.threat_level
(True, 'nctv:substantial')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes
from .cases import CASE_SITES

if TYPE_CHECKING:
    from .assessment import Assessment, Gap, HeatCell, RankedScenario, SensitivityRow, assess
    from .methodology import Method, Weights, method
    from .site import (
        Partner,
        Setting,
        Site,
        SiteMeasure,
        SymbolicValue,
        VehicleAccess,
        case_site,
        read_site,
        site_from_document,
    )

_WHERE = {
    **dict.fromkeys(["Assessment", "Gap", "HeatCell", "RankedScenario", "SensitivityRow", "assess"], "assessment"),
    **dict.fromkeys(["Method", "Weights", "method"], "methodology"),
    **dict.fromkeys(
        [
            "Partner",
            "Setting",
            "Site",
            "SiteMeasure",
            "SymbolicValue",
            "VehicleAccess",
            "case_site",
            "read_site",
            "site_from_document",
        ],
        "site",
    ),
}
"""Where each public name lives: its module is imported on first use (``softtargets assess
--help`` and the other commands need none of it)."""


__getattr__, __dir__ = lazy_attributes(__name__, _WHERE, globals())

__all__ = [
    "CASE_SITES",
    "Assessment",
    "Gap",
    "HeatCell",
    "Method",
    "Partner",
    "RankedScenario",
    "SensitivityRow",
    "Setting",
    "Site",
    "SiteMeasure",
    "SymbolicValue",
    "VehicleAccess",
    "Weights",
    "assess",
    "case_site",
    "method",
    "read_site",
    "site_from_document",
]
