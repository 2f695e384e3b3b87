"""Incident analytics: is the threat becoming more diffuse, and in which facet?

``incidents(source)`` makes one kind of collection of the built-in or an extension's
incidents, a GTD export or frame, or a user's DataFrame; ``diffuseness_over_time`` gives per
period the normalised entropy of each facet, the distinct scenarios hit and the shares of
lone actors and low-complexity methods, each with a bootstrap confidence interval;
``diffuseness_trend`` tests each measure for a monotonic trend (Mann-Kendall, with a
permutation p-value); ``plot_diffuseness`` draws them. numpy and pandas (the ``pandas``
extra) are imported on first use. The method is in ``softtargets.analytics.measures``.

>>> from softtargets import analytics
>>> frame = analytics.diffuseness_over_time(window=7, step=7, since=2004, until=2024)
>>> list(frame["period"])
['2004-2010', '2011-2017', '2018-2024']
"""

from __future__ import annotations

from .collection import FACETS, IncidentRecord, Incidents, incidents
from .measures import EXPLOSIVES_FIREARMS, LEVELS, LOW_COMPLEXITY, MEASURES, diffuseness_over_time, periods
from .picture import plot_diffuseness
from .trend import Trend, diffuseness_trend, mann_kendall

__all__ = [
    "EXPLOSIVES_FIREARMS",
    "FACETS",
    "LEVELS",
    "LOW_COMPLEXITY",
    "MEASURES",
    "IncidentRecord",
    "Incidents",
    "Trend",
    "diffuseness_over_time",
    "diffuseness_trend",
    "incidents",
    "mann_kendall",
    "periods",
    "plot_diffuseness",
]
