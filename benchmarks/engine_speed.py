"""Benchmark: the engine's hot paths (counting, enumeration, small queries on the built-in data).

Run:  python benchmarks/engine_speed.py                      (this checkout, about a minute)
      python benchmarks/engine_speed.py --against OTHER_SRC  (alternating runs of this checkout
                                                              and OTHER_SRC, medians side by side)

Figures (medians):
* count all: ``len()`` of every scenario of a synthetic taxonomy in the built-in schema's
  shape, n = 1000 terms per facet, 200,000 relations (compiled beforehand; cold planner);
* enumerate: scenarios per second through ``ScenarioSet.__iter__`` (first 2,000,000), for
  that taxonomy and for engine problems of density 0.1 and of tiny Cartesian blocks;
* blocks: the same through ``ScenarioSet.blocks()`` where that exists (term numbers);
* builtin list: ``list(tax.scenarios(target=..., motive=...))`` on the built-in taxonomy.

With ``--against``, each round runs both checkouts in fresh interpreters, one after the other,
so both see the same machine load; the ratio column is other / this. Nothing is asserted.
"""

from __future__ import annotations

import itertools
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from _common import compare_main, median_time

HERE = Path(__file__).resolve().parent
LIMIT = 2_000_000


def _median_time(fn: Any, repeat: int) -> float:
    return median_time(fn, repeat)


def _rate(iterable: Any) -> float:
    start = time.perf_counter()
    n = sum(1 for _ in itertools.islice(iterable, LIMIT))
    return n / (time.perf_counter() - start)


def _block_rate(found: Any) -> float | None:
    blocks = getattr(found, "blocks", None)
    if blocks is None:
        return None
    start = time.perf_counter()
    n = 0
    for block in blocks():
        n += math.prod(map(len, block))
        if n >= LIMIT:
            break
    return n / (time.perf_counter() - start)


def measure() -> dict[str, float | None]:
    """Every figure once, in this interpreter."""
    sys.path.insert(0, str(HERE))
    import _synthetic
    from run import synthetic

    import softtargets as st
    from softtargets import engine

    out: dict[str, float | None] = {}
    tax = st.load()
    list(tax.scenarios(target="football_stadium", motive="jihadism"))
    out["builtin list(target, motive) µs"] = 1e6 * _median_time(
        lambda: list(tax.scenarios(target="football_stadium", motive="jihadism")), 2000
    )
    out["builtin list(target) µs"] = 1e6 * _median_time(lambda: list(tax.scenarios(target="football_stadium")), 500)

    big = st.Taxonomy(synthetic(1000, 200_000))
    found = big.scenarios()
    problem = big._compiled.problem(st.Strength.PLAUSIBLE)

    def count_cold() -> int:
        problem.planners.clear()
        problem.parts.clear()
        return len(big.scenarios())

    out["count all n=1000 200k rel s"] = _median_time(count_cold, 5)
    out["enumerate n=1000 200k rel M/s"] = statistics.median(_rate(iter(found)) for _ in range(3)) / 1e6
    rate = _block_rate(found)
    out["blocks n=1000 200k rel M/s"] = None if rate is None else rate / 1e6

    for label, density in (("d=0.1", 0.1), ("small blocks d=0.03", 0.03)):
        p = _synthetic.problem(1000, density)
        domains = _synthetic.full_domains(p)
        values = [[f"f{f}t{i}" for i in range(size)] for f, size in enumerate(p.sizes)]
        rates = [_rate(engine.enumerate_values(p, domains, values)) for _ in range(3)]
        out[f"enumerate engine n=1000 {label} M/s"] = statistics.median(rates) / 1e6
        out[f"count engine n=1000 {label} s"] = _median_time(lambda p=p, d=domains: engine.count(p, d), 3)
    return out


def main() -> None:
    compare_main(__file__, measure, __doc__)


if __name__ == "__main__":
    main()
