"""Diffuseness over time: per period, how evenly incidents spread over each facet's terms,
how many distinct scenarios they hit, and the shares of lone actors and of low-complexity
methods, each with a bootstrap confidence interval (numpy and pandas: the ``pandas`` extra).

Method
------
* **Periods**: calendar years, or windows of ``window`` years starting every ``step`` years
  (``step=1``: rolling windows; ``step=window``: adjacent blocks).
* **Level**: with ``level="top"`` (the default) each term counts as its broadest ancestor
  (a Christmas market as an event ground, a person-borne IED as explosives), so that the
  measure asks about kinds of targets and methods rather than the data's detail;
  ``level="term"`` uses the terms as classified.
* **Normalised entropy** of a facet: each incident with terms in the facet weighs 1, split
  evenly over its (distinct) terms; with shares ``p`` of the ``K`` terms at that level,
  ``H = -sum(p log p) / log K`` (0: all incidents on one term; 1: spread evenly over all).
  ``K`` is fixed by the taxonomy, so periods compare. Incidents with no term in the facet
  are left out of that facet. The estimate is biased down in small samples (with ``n``
  incidents at most ``log n / log K``): compare periods of similar size.
* **Distinct scenarios**: the number of distinct (target, perpetrator, motive, modus
  operandi) combinations the period's incidents classified in all four facets instantiate.
  It grows with the number of incidents; its bootstrap interval is indicative only (a
  resample never has more distinct values than the sample).
* **Shares**: of the incidents with a known perpetrator, those by a lone actor; of those
  with a known modus operandi, those using a low-complexity method (``LOW_COMPLEXITY``) and
  those using explosives or firearms (``EXPLOSIVES_FIREARMS``; an incident may use both).
* **Confidence intervals**: percentile bootstrap (Efron and Tibshirani 1993, ch. 13) over
  the period's incidents, ``resamples`` times, reproducible with ``seed``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ArgumentTypeError, UnknownValueError, expect
from ..frames import pandas
from .collection import FACETS, IncidentRecord, Incidents, incidents

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = ["EXPLOSIVES_FIREARMS", "LEVELS", "LOW_COMPLEXITY", "MEASURES", "diffuseness_over_time", "periods"]

LOW_COMPLEXITY = ("bladed_weapon", "vehicle_ramming", "arson_incendiary")
"""Modi operandi counted as low-complexity: weapons and means anyone can obtain, with no
training or network (the issue's definition; TE-SAT notes the same trend in its reports)."""

EXPLOSIVES_FIREARMS = ("explosives", "firearms")
"""Modi operandi counted as explosives and firearms (with their narrower terms)."""

LEVELS = ("top", "term")
"""``level`` choices: broadest ancestors, or the terms as classified."""

MEASURES = ("scenarios", "lone_actor_share", "low_complexity_share", "explosives_firearms_share")
"""The measures besides the per-facet ``entropy_<facet>``."""


def periods(first: int, last: int, window: int = 1, step: int = 1) -> list[tuple[int, int]]:
    """The (first year, last year) of each period from ``first`` to ``last``: windows of
    ``window`` years starting every ``step`` years, the last one ending by ``last``.

    >>> periods(2004, 2024, 7, 7)
    [(2004, 2010), (2011, 2017), (2018, 2024)]
    """
    return [(y, y + window - 1) for y in range(first, last - window + 2, step)]


def _lift(taxonomy: Taxonomy, facet: str, level: str) -> dict[str, str]:
    """Each term of ``facet`` -> the term it counts as at ``level``."""
    out = {}
    for term in taxonomy.terms(facet):
        ancestors = taxonomy.ancestors(term.id, facet)
        out[term.id] = ancestors[-1].id if level == "top" and ancestors else term.id
    return out


def _check(name: str, value: object, low: int) -> int:
    expect(name, value, int, "a whole number")
    assert isinstance(value, int)
    if value < low:
        raise ArgumentTypeError(f"{name}: expected a whole number of at least {low}, got {value}")
    return value


def diffuseness_over_time(
    source: Incidents | object = None,
    *,
    window: int = 1,
    step: int = 1,
    facets: Sequence[str] | None = None,
    since: int | None = None,
    until: int | None = None,
    level: str = "top",
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int | None = 0,
    taxonomy: Taxonomy | None = None,
) -> Any:
    """The diffuseness measures per period (see the module's Method), one row per period:
    ``period`` ("2004" or "2004-2010"), ``start``, ``end``, ``incidents``, then for each facet
    ``entropy_<facet>`` and for each of ``MEASURES`` the value, with ``_low`` and ``_high``
    columns for the bounds of the ``confidence`` interval (NaN where a period has no data).

    ``source`` is an ``Incidents`` collection or anything ``incidents()`` takes (None: the
    built-in incidents). ``since``/``until`` are years (default: the data's first and last).
    ``facets`` limits the entropy columns. ``seed`` makes the bootstrap reproducible (None:
    fresh randomness). Raises ``ArgumentTypeError`` or ``UnknownValueError`` naming a bad
    argument.
    """
    import numpy as np

    pd = pandas()
    found = source if isinstance(source, Incidents) else incidents(source, taxonomy=taxonomy)
    tax = found.taxonomy
    window, step, resamples = _check("window", window, 1), _check("step", step, 1), _check("resamples", resamples, 1)
    expect("confidence", confidence, float, "a share between 0 and 1 (float)")
    if not 0 < confidence < 1:
        raise ArgumentTypeError(f"confidence: expected a share between 0 and 1, got {confidence}")
    if level not in LEVELS:
        raise UnknownValueError("level", level, list(LEVELS))
    chosen = tuple(facets) if facets is not None else FACETS
    for facet in chosen:
        if facet not in FACETS:
            raise UnknownValueError("facet", facet, list(FACETS))
    records = found.records  # oldest first: each period is one slice of them
    years = np.fromiter((r.date.year for r in records), dtype=np.int64, count=len(records))
    first = since if since is not None else (int(years[0]) if years.size else dt.date.today().year)
    last = until if until is not None else (int(years[-1]) if years.size else first)
    lifts = {f: _lift(tax, f, level) for f in FACETS}
    keys = {f: sorted(set(lifts[f].values())) for f in FACETS}
    lone = {"lone_actor"} & set(keys["perpetrator"]) or {"lone_actor"}
    low = set(lifts["modus_operandi"].get(t, t) for t in LOW_COMPLEXITY)
    heavy = set(lifts["modus_operandi"].get(t, t) for t in EXPLOSIVES_FIREARMS)
    rng = np.random.default_rng(seed)
    alpha = (1 - confidence) / 2
    rows = []
    known, codes = _profiles(records, lifts)
    for start, end in periods(first, last, window, step):
        low_at, high_at = np.searchsorted(years, start, "left"), np.searchsorted(years, end, "right")
        here = codes[low_at:high_at]
        order = pd.unique(here)  # the profiles in the order the period's incidents first have them
        tally = np.bincount(here, minlength=len(known))[order] if here.size else np.zeros(0, dtype=np.int64)
        profiles = {known[c]: int(n) for c, n in zip(order.tolist(), tally.tolist(), strict=True)}
        row: dict[str, Any] = {
            "period": str(start) if start == end else f"{start}-{end}",
            "start": start,
            "end": end,
            "incidents": int(here.size),
        }
        keys_now = {f: sorted(set(keys[f]) | {t for p in profiles for t in p[FACETS.index(f)]}) for f in FACETS}
        stats = _statistics(
            list(profiles), np.array(list(profiles.values()), dtype=np.int64), keys_now, lone, low, heavy
        )
        resampled = _bootstrap(stats, resamples, rng)
        for name, (value, draws) in _measures(stats, resampled, chosen).items():
            row[name] = value
            finite = draws[np.isfinite(draws)] if draws is not None else np.array([])
            row[f"{name}_low"] = float(np.quantile(finite, alpha)) if finite.size else math.nan
            row[f"{name}_high"] = float(np.quantile(finite, 1 - alpha)) if finite.size else math.nan
        rows.append(row)
    columns = ["period", "start", "end", "incidents"]
    for name in [*(f"entropy_{f}" for f in chosen), *MEASURES]:
        columns += [name, f"{name}_low", f"{name}_high"]
    return pd.DataFrame(rows, columns=columns)


def _profiles(records: Sequence[IncidentRecord], lifts: dict[str, dict[str, str]]) -> tuple[list[Any], Any]:
    """The distinct profiles (each facet's lifted terms, sorted) and each record's number of
    its profile; records with the same term tuples share one lookup."""
    import numpy as np

    known: dict[tuple[tuple[str, ...], ...], int] = {}
    seen: dict[tuple[tuple[str, ...], ...], int] = {}
    codes = np.empty(len(records), dtype=np.int64)
    for n, r in enumerate(records):
        terms = (r.target, r.perpetrator, r.motive, r.modus_operandi)
        code = seen.get(terms)
        if code is None:
            profile = tuple(tuple(sorted({lifts[f].get(t, t) for t in r.values(f)})) for f in FACETS)
            code = seen[terms] = known.setdefault(profile, len(known))
        codes[n] = code
    return list(known), codes


def _statistics(
    profiles: list[tuple[tuple[str, ...], ...]],
    counts: Any,
    keys: dict[str, list[str]],
    lone: set[str],
    low: set[str],
    heavy: set[str],
) -> dict[str, Any]:
    """Per distinct profile (the lifted terms of each facet): the weight matrices and flags
    every measure is a weighted sum of."""
    import numpy as np

    size = len(profiles)
    out: dict[str, Any] = {"counts": counts}
    for n, facet in enumerate(FACETS):
        position = {t: k for k, t in enumerate(keys[facet])}
        weights = np.zeros((size, len(position)))
        for p, profile in enumerate(profiles):
            for term in profile[n]:
                weights[p, position[term]] = 1 / len(profile[n])
        out[facet] = weights
    perp, mo = FACETS.index("perpetrator"), FACETS.index("modus_operandi")
    out["perp_known"] = np.array([bool(p[perp]) for p in profiles], dtype=float)
    out["lone"] = np.array([bool(lone & set(p[perp])) for p in profiles], dtype=float)
    out["mo_known"] = np.array([bool(p[mo]) for p in profiles], dtype=float)
    out["low"] = np.array([bool(low & set(p[mo])) for p in profiles], dtype=float)
    out["heavy"] = np.array([bool(heavy & set(p[mo])) for p in profiles], dtype=float)
    scenarios: dict[tuple[str, ...], int] = {}
    incidence: list[list[int]] = []
    for profile in profiles:
        mine = [scenarios.setdefault(s, len(scenarios)) for s in _product(profile)]
        incidence.append(mine)
    matrix = np.zeros((size, len(scenarios)), dtype=bool)
    for p, mine in enumerate(incidence):
        matrix[p, mine] = True
    out["scenarios"] = matrix
    return out


def _product(profile: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    import itertools

    return [tuple(s) for s in itertools.product(*profile)]


def _bootstrap(stats: dict[str, Any], resamples: int, rng: Any) -> Any:
    """``resamples`` resampled counts per profile: drawing the period's incidents with
    replacement is drawing the profiles' counts from a multinomial."""
    import numpy as np

    counts = stats["counts"]
    total = int(counts.sum())
    if total == 0:
        return np.zeros((resamples, 0))
    return rng.multinomial(total, counts / total, size=resamples).astype(float)


def _entropy(totals: Any) -> Any:
    import numpy as np

    size = totals.shape[-1]
    sums = totals.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = totals / sums
        logs = np.where(shares > 0, np.log(np.where(shares > 0, shares, 1)), 0.0)
        h = -(shares * logs).sum(axis=-1) / math.log(size) if size > 1 else np.zeros(totals.shape[:-1])
    h = np.where(sums[..., 0] > 0, h, np.nan)
    return np.clip(h, 0.0, 1.0) + 0.0  # no -0.0


def _measures(stats: dict[str, Any], draws: Any, facets: Sequence[str]) -> dict[str, tuple[float, Any]]:
    """Each measure's value on the data and on each resample."""
    import numpy as np

    counts = stats["counts"].astype(float)
    out: dict[str, tuple[float, Any]] = {}

    def both(fn: Any) -> tuple[float, Any]:
        if counts.size == 0:
            return math.nan, None
        value = float(fn(counts[None, :])[0])
        return value, fn(draws)

    for facet in facets:
        out[f"entropy_{facet}"] = both(lambda m, f=facet: _entropy(m @ stats[f]))
    out["scenarios"] = both(lambda m: ((m > 0) @ stats["scenarios"] > 0).sum(axis=1).astype(float))

    def share(part: str, whole: str) -> Any:
        def fn(m: Any) -> Any:
            with np.errstate(invalid="ignore", divide="ignore"):
                return (m @ stats[part]) / (m @ stats[whole])

        return fn

    out["lone_actor_share"] = both(share("lone", "perp_known"))
    out["low_complexity_share"] = both(share("low", "mo_known"))
    out["explosives_firearms_share"] = both(share("heavy", "mo_known"))
    return out
