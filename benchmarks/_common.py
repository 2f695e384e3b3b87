"""Helpers the benchmark scripts share (for benchmarks only)."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import softtargets as st


def median_time(fn: Callable[[], Any], repeat: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """The median of ``repeat`` timed calls (medians, not minima: what a user sees)."""
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


def big_extension(base: st.Taxonomy) -> st.Extension:
    """10,000 new target types under random built-in ones and 50,000 threats to them."""
    targets = [t.id for t in base.terms("target")]
    mos = [t.id for t in base.terms("modus_operandi")]
    rng = random.Random(5)
    terms = [
        st.TermSpec(
            id=f"big.t{i}",
            facet="target",
            broader=rng.choice(targets),
            label_en=f"big target {i}",
            label_nl=f"groot doelwit {i}",
            definition="Synthetic.",
            sources=("cisa-stcp",),
        )
        for i in range(10_000)
    ]
    pairs = rng.sample([(mo, i) for mo in mos for i in range(10_000)], 50_000)
    relations = [
        st.RelationSpec(
            kind="threatens", subject=mo, object=f"big.t{i}", strength="plausible", sources=("cisa-stcp",), note="S."
        )
        for mo, i in pairs
    ]
    return st.Extension(name="big", version="1", namespace="big", terms=terms, relations=relations)


def run_fresh(script: str, src: str) -> dict[str, Any]:
    """The figures ``script --json`` prints, measured in a fresh interpreter on the checkout
    whose ``src`` directory is given."""
    env = dict(os.environ, PYTHONPATH=src)
    done = subprocess.run([sys.executable, script, "--json"], env=env, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout))


def compare_main(script: str, measure: Callable[[], dict[str, Any]], doc: str | None) -> None:
    """The command line of a benchmark that may compare two checkouts: ``--json`` prints
    ``measure()`` here; otherwise each of ``--rounds`` rounds runs ``script`` in a fresh
    interpreter on this checkout (and on ``--against OTHER_SRC`` right after, so that both
    see the same machine load), and the medians are printed side by side."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", help="another checkout's src directory to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure()))
        return
    this = str(Path(script).resolve().parents[1] / "src")
    sides = {"this": this} | ({"other": args.against} if args.against else {})
    results: dict[str, list[dict[str, Any]]] = {k: [] for k in sides}
    for _ in range(args.rounds):
        for side, path in sides.items():
            results[side].append(run_fresh(script, path))
    width = max(map(len, results["this"][0]))
    print(f"{'figure':<{width}} {'this':>10} {'other':>10} {'other/this':>10}")
    for name in results["this"][0]:
        cells = []
        for side in ("this", "other"):
            got = [r[name] for r in results.get(side, []) if r.get(name) is not None]
            cells.append(statistics.median(got) if got else None)
        ratio = f"{cells[1] / cells[0]:10.2f}" if cells[0] and cells[1] else f"{'-':>10}"
        shown = [f"{c:10.3f}" if c is not None else f"{'-':>10}" for c in cells]
        print(f"{name:<{width}} {shown[0]} {shown[1]} {ratio}")
