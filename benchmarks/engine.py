"""Benchmark: the scenario engine against brute force (filtering the Cartesian product).

Run:  python benchmarks/engine.py            (about two minutes; brute force dominates)
      python benchmarks/engine.py --quick    (skips brute force at n = 100)

For synthetic problems with n terms per facet and relation density d, in the built-in
schema's shape, it prints the engine's count and enumeration times, brute force's time
where feasible (n <= 100), their ratio measured in the same run, whether the results are
identical (same count and same order-independent checksum), and the enumeration rate in
scenarios per second (through the code path ``ScenarioSet.__iter__`` uses: engine tuples
turned into ``Scenario`` records).
This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _synthetic import full_domains, problem

from softtargets import Scenario, engine

make = partial(tuple.__new__, Scenario)


def fingerprint(rows: Iterable[tuple[int, ...]]) -> tuple[int, int]:
    """(count, order-independent checksum) of a stream of scenarios, in constant memory."""
    n = total = 0
    for row in rows:
        n += 1
        total = (total + hash(tuple(row))) & 0xFFFFFFFFFFFFFFFF
    return n, total


def engine_fingerprint(p: engine.Problem, domains: tuple[int, ...]) -> tuple[int, int]:
    values = [list(range(size)) for size in p.sizes]
    return fingerprint(map(make, engine.enumerate_values(p, domains, values)))


def brute_fingerprint(p: engine.Problem, domains: tuple[int, ...]) -> tuple[int, int]:
    return fingerprint(engine.brute_force(p, domains))


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def enumerate_rate(p: engine.Problem, domains: tuple[int, ...], limit: int) -> tuple[int, float]:
    values = [[f"f{f}t{i}" for i in range(size)] for f, size in enumerate(p.sizes)]
    start = time.perf_counter()
    n = 0
    for _ in itertools.islice(map(make, engine.enumerate_values(p, domains, values)), limit):
        n += 1
    return n, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip brute force at n = 100")
    args = parser.parse_args()
    header = (
        f"{'n':>5} {'d':>4} {'scenarios':>14} {'count s':>9} {'enum s':>9} {'brute s':>9} "
        f"{'brute/engine':>12} {'same':>5} {'scen/s':>12}"
    )
    print(header)
    print("-" * len(header))
    for n in (10, 30, 100, 1000):
        for d in (0.1, 0.5):
            p = problem(n, d)
            domains = full_domains(p)
            total, t_count = timed(engine.count, p, domains)
            brute_s = ratio = same = "-"
            if n <= 100:
                (count, checksum), t_enum = timed(engine_fingerprint, p, domains)
                rate = count / t_enum if t_enum else float("inf")
                enum_label = f"{t_enum:9.3f}"
                if n <= 30 or not args.quick:
                    expected, t_brute = timed(brute_fingerprint, p, domains)
                    brute_s = f"{t_brute:9.3f}"
                    ratio = f"{t_brute / t_enum:11.1f}x"
                    same = "yes" if (count, checksum) == expected and count == total else "NO"
            else:
                enumerated, t_enum = enumerate_rate(p, domains, 2_000_000)
                rate = enumerated / t_enum
                enum_label = f"{t_enum:9.3f}*"
            print(
                f"{n:>5} {d:>4} {total:>14,} {t_count:>9.3f} {enum_label:>9} {brute_s:>9} "
                f"{ratio:>12} {same:>5} {rate:>12,.0f}"
            )
    print("\n* enumeration of the first 2,000,000 scenarios only (the full set is counted, not listed)")


if __name__ == "__main__":
    main()
