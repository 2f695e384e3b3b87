"""Benchmark: the cost of ``import softtargets`` against ``import networkx, pydantic``.

Run:  python benchmarks/import_time.py

Each import runs in a fresh interpreter, 10 times, alternating; it prints the medians and
their ratio. softtargets imports networkx only when ``Taxonomy.graph`` is first used.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 10


def wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> None:
    wall("import softtargets, networkx, pydantic")  # warm the file cache
    ours: list[float] = []
    base: list[float] = []
    for _ in range(RUNS):
        ours.append(wall("import softtargets"))
        base.append(wall("import networkx, pydantic"))
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    print(f"import softtargets          median {m_ours * 1000:7.1f} ms")
    print(f"import networkx, pydantic   median {m_base * 1000:7.1f} ms")
    print(f"ratio                       {m_ours / m_base:7.2f}x")


if __name__ == "__main__":
    main()
