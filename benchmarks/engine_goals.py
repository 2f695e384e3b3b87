"""Benchmark: the issue's query-engine rows only (the ``--goals`` rows of ``run.py`` about
counting and enumeration), measured as ``run.py --goals`` measures them, without the rest.

Run:  python benchmarks/engine_goals.py                      (this checkout, about a minute)
      python benchmarks/engine_goals.py --against OTHER_SRC  (alternating fresh interpreters
                                                              of this checkout and OTHER_SRC)

Rows: ``len`` and ``list`` of ``tax.scenarios(target="football_stadium", motive="jihadism")``
on the built-in taxonomy; ``len(big.scenarios())`` for ``synthetic(1000, 400_000)`` (n = 1000
terms per facet, density 0.1) as the first query (compiling the relations included) and again;
the enumeration rate of ``iter(big.scenarios())`` (first 2,000,000) and of the tiny-blocks
query (one perpetrator). Each fast answer is checked against a slower one. Medians; with
``--against``, each round runs both checkouts one after the other, so that both see the same
machine load. Wall-clock and process (CPU) time are both shown: on a shared machine the
second is the steadier. Nothing is asserted about the figures.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import compare_main
from _common import run_fresh as run_fresh_script

HERE = Path(__file__).resolve().parent
QUERY = {"target": "football_stadium", "motive": "jihadism"}


def _per_call(fn: Callable[[], Any], number: int, timer: Callable[[], float]) -> float:
    return statistics.median(t / number for t in timeit.repeat(fn, number=number, repeat=7, timer=timer))


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def measure() -> dict[str, float]:
    """Every row once, in this interpreter: {row (wall) and row (cpu): figure}."""
    sys.path.insert(0, str(HERE))
    from run import synthetic

    import softtargets as st

    out: dict[str, float] = {}
    tax = st.load()
    assert len(tax.scenarios(**QUERY)) == len(list(tax.scenarios(**QUERY)))
    for name, clock in (("wall", time.perf_counter), ("cpu", time.process_time)):
        out[f"len(scenarios(target, motive)) µs ({name})"] = 1e6 * _per_call(
            lambda: len(tax.scenarios(**QUERY)), 2000, clock
        )
        out[f"list(scenarios(target, motive)) µs ({name})"] = 1e6 * _per_call(
            lambda: list(tax.scenarios(**QUERY)), 2000, clock
        )

    big = st.Taxonomy(synthetic(1000, 400_000))
    total, wall, cpu = _timed(lambda: len(big.scenarios()))
    out["count all, first query s (wall)"], out["count all, first query s (cpu)"] = wall, cpu
    by_mo = big.scenarios().count_by("modus_operandi")
    assert sum(by_mo.values()) == total
    again = [_timed(lambda: len(big.scenarios()))[1:] for _ in range(3)]
    out["count all, compiled s (wall)"] = statistics.median(w for w, _ in again)
    out["count all, compiled s (cpu)"] = statistics.median(c for _, c in again)
    limit = 2_000_000
    got, wall, cpu = _timed(lambda: sum(1 for _ in itertools.islice(iter(big.scenarios()), limit)))
    assert got == min(limit, total)
    out["enumeration M/s (wall)"], out["enumeration M/s (cpu)"] = got / wall / 1e6, got / cpu / 1e6
    small = big.scenarios(target=[f"t{i}" for i in range(0, 1000, 7)], perpetrator="t1")
    n_small = len(small)
    got, wall, cpu = _timed(lambda: sum(1 for _ in small))
    assert got == n_small
    out["tiny blocks M/s (wall)"], out["tiny blocks M/s (cpu)"] = got / wall / 1e6, got / cpu / 1e6
    return out


def run_fresh(src: str) -> dict[str, float]:
    """``measure()`` in a fresh interpreter on the checkout whose ``src`` directory is given;
    every fast answer in it is checked (count_by against len, enumeration against len)."""
    return run_fresh_script(__file__, src)


def main() -> None:
    compare_main(__file__, measure, __doc__)


if __name__ == "__main__":
    main()
