"""Synthetic scenario problems shaped like the built-in schema (for benchmarks only)."""

from __future__ import annotations

import random

from softtargets import engine

# The built-in schema over facets (target, perpetrator, motive, modus_operandi):
# driven_by P->M, capable_of P->MO, selects M->T, threatens MO->T: a four-cycle.
SCHEMA = ((1, 2), (1, 3), (2, 0), (3, 0))


def random_row(rng: random.Random, n: int, density: float) -> int:
    k = round(density * n)
    row = 0
    for j in rng.sample(range(n), k):
        row |= 1 << j
    return row


def problem(n: int, density: float, seed: int = 1) -> engine.Problem:
    """Four facets of ``n`` terms; each pair in the schema related with probability ``density``."""
    rng = random.Random(seed)
    constraints = []
    for a, b in SCHEMA:
        forward = [random_row(rng, n, density) for _ in range(n)]
        constraints.append(engine.Constraint.from_forward(a, b, forward, n))
    return engine.Problem((n, n, n, n), tuple(constraints))


def full_domains(p: engine.Problem) -> tuple[int, ...]:
    return tuple(p.full(f) for f in range(len(p.sizes)))
