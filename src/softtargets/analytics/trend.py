"""Trend tests: Mann-Kendall with Sen's slope, and a permutation p-value (numpy).

Mann-Kendall (Mann 1945; Kendall 1975): ``S`` counts the pairs of periods in which the later
value is higher minus those in which it is lower; its variance under no trend, corrected for
ties, gives ``z = (S - sign(S)) / sqrt(var S)`` and a two-sided p-value from the normal
distribution. Sen's slope (Sen 1968) is the median of the pairwise slopes, per period. The
test assumes independent periods: use adjacent periods (``step == window``), never rolling
windows. With few periods the normal approximation is rough; ``permutations`` adds a
two-sided permutation p-value (the share of random orderings whose ``|S|`` is at least as
large), reproducible with ``seed``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..frames import pandas
from .collection import Incidents
from .measures import MEASURES, diffuseness_over_time

__all__ = ["Trend", "diffuseness_trend", "mann_kendall"]


class Trend(NamedTuple):
    """A Mann-Kendall test of one series."""

    periods: int
    s: int
    tau: float
    slope: float
    p_value: float
    p_permutation: float


TREND_FIELDS = ("periods", "s", "tau", "slope", "p_value", "p_permutation")
"""The fields of a ``Trend``, and the columns of ``diffuseness_trend`` after ``measure``."""


def _s(values: Sequence[float]) -> int:
    return sum((b > a) - (b < a) for i, a in enumerate(values) for b in values[i + 1 :])


def mann_kendall(values: Sequence[float], *, permutations: int = 0, seed: int | None = 0) -> Trend:
    """The Mann-Kendall test of ``values`` in time order (NaN values left out).

    >>> mann_kendall([1, 2, 3, 4, 5]).tau
    1.0
    """
    import numpy as np

    xs = [float(v) for v in values if not math.isnan(float(v))]
    n = len(xs)
    if n < 3:
        return Trend(n, 0, math.nan, math.nan, math.nan, math.nan)
    s = _s(xs)
    ties: dict[float, int] = {}
    for x in xs:
        ties[x] = ties.get(x, 0) + 1
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties.values())) / 18
    z = 0.0 if s == 0 or var <= 0 else (s - math.copysign(1, s)) / math.sqrt(var)
    p = math.erfc(abs(z) / math.sqrt(2))
    slopes = sorted((xs[j] - xs[i]) / (j - i) for i in range(n) for j in range(i + 1, n))
    slope = float(np.median(slopes))
    p_perm = math.nan
    if permutations:
        rng = np.random.default_rng(seed)
        draws = np.array([rng.permutation(xs) for _ in range(permutations)])
        signs = np.sign(draws[:, None, :] - draws[:, :, None])
        upper = np.triu(np.ones((n, n), dtype=bool), 1)
        perm_s = (signs * upper).sum(axis=(1, 2))
        p_perm = float((np.abs(perm_s) >= abs(s)).sum() + 1) / (permutations + 1)
    return Trend(n, s, s / (n * (n - 1) / 2), slope, min(1.0, p), p_perm)


def diffuseness_trend(
    source: Incidents | object = None,
    *,
    window: int = 1,
    since: int | None = None,
    until: int | None = None,
    facets: Sequence[str] | None = None,
    permutations: int = 9999,
    seed: int | None = 0,
    **options: Any,
) -> Any:
    """One row per measure of ``diffuseness_over_time`` (on adjacent periods of ``window``
    years): ``measure``, ``periods``, ``tau``, ``slope`` (Sen's, per period), ``p_value``
    (Mann-Kendall) and ``p_permutation``. ``options`` go to ``diffuseness_over_time``."""
    pd = pandas()
    frame = diffuseness_over_time(
        source, window=window, step=window, since=since, until=until, facets=facets, resamples=1, **options
    )
    names = [c for c in frame.columns if c.startswith("entropy_") and not c.endswith(("_low", "_high"))]
    rows = []
    for name in [*names, *MEASURES]:
        test = mann_kendall(list(frame[name]), permutations=permutations, seed=seed)
        rows.append({"measure": name, **dict(zip(TREND_FIELDS, test, strict=True))})
    return pd.DataFrame(rows, columns=["measure", *TREND_FIELDS])
