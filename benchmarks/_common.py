"""Helpers the benchmark scripts share (for benchmarks only)."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
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
