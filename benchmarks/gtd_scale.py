"""GTD at scale: ``classify_frame`` against the row-by-row path, and a 200,000-row synthetic
export read, classified and summarised by period (time and peak memory).

Run alone:  PYTHONPATH=src python benchmarks/gtd_scale.py     (benchmarks/run.py runs it too)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

import synthetic_gtd  # noqa: E402

from softtargets import gtd  # noqa: E402

SUMMARY = """
import resource, sys, time
start = time.perf_counter()
from softtargets import analytics
found = analytics.incidents(sys.argv[1], motives=True)
frame = analytics.diffuseness_over_time(found, window=5, step=5, resamples=200)
took = time.perf_counter() - start
try:  # this process's own peak: ru_maxrss keeps the parent's peak at the fork across exec
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(took, peak, len(found), len(frame))
"""


def speedup(rows: int = 200_000, sample: int = 10_000) -> tuple[float, float, float]:
    """(frame seconds for ``rows``, row-by-row seconds for ``rows`` from a ``sample``, ratio)."""
    import pandas as pd

    records = list(synthetic_gtd.rows(rows, seed=2))
    frame = pd.DataFrame(records)
    gtd.classify_frame(frame.head(100))
    start = time.perf_counter()
    gtd.classify_frame(frame)
    fast = time.perf_counter() - start
    start = time.perf_counter()
    for row in records[:sample]:
        gtd.classify(row)
    slow = (time.perf_counter() - start) * rows / sample
    return fast, slow, slow / fast


def speedup_fresh(rows: int = 200_000) -> float:
    """``speedup(rows)``'s ratio measured in a fresh interpreter (median of three)."""
    code = f"import gtd_scale; print(gtd_scale.speedup({rows})[2])"
    here = str(Path(__file__).parent)
    runs = [
        subprocess.run([sys.executable, "-c", code], cwd=here, capture_output=True, text=True, check=True)
        for _ in range(3)
    ]
    return sorted(float(r.stdout) for r in runs)[1]


def summary(rows: int = 200_000) -> tuple[float, float]:
    """(seconds, peak MiB) of reading, classifying and summarising ``rows`` synthetic records
    in a fresh interpreter."""
    with tempfile.TemporaryDirectory() as folder:
        path = synthetic_gtd.write_csv(Path(folder) / "gtd.csv", rows, seed=4)
        out = subprocess.run([sys.executable, "-c", SUMMARY, str(path)], capture_output=True, text=True, check=True)
    took, peak, *_ = out.stdout.split()
    return float(took), float(peak)


if __name__ == "__main__":
    fast, slow, ratio = speedup()
    print(f"classify_frame 200,000 rows: {fast:.2f} s; row by row (extrapolated): {slow:.1f} s; {ratio:.1f}x")
    took, peak = summary()
    print(f"200,000-row export read + classified + summarised: {took:.1f} s, peak {peak:.0f} MiB")
