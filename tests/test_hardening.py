"""Hardening: concurrency, and fuzzing the lookup, query, explanation and command-line entry points
with hostile input."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import ANY
from hypothesis import given
from hypothesis import strategies as st_

import softtargets as st
from softtargets.cli import main as cli_main
from softtargets.loader import load_builtin

BASE = st.load()

# ---------------------------------------------------------------- concurrency


def _work(tax: st.Taxonomy, n: int) -> tuple[object, ...]:
    target = tax.terms("target")[n % len(tax.terms("target"))].id
    found = tax.scenarios(target=target, min_strength=("plausible", "documented")[n % 2])
    scenario = next(iter(tax.scenarios()))
    return (
        len(found),
        sorted(map(tuple, found)),
        found.count_by("modus_operandi"),
        tax.explain(scenario).plausible,
        [i.id for i in tax.evidence(tax.relations()[n % len(tax.relations())])],
        tax.term(target).label_nl,
        tax.diffuseness(target=target).share,
        tax.graph.number_of_edges(),
    )


def test_queries_from_8_threads_match_sequential_answers() -> None:
    expected = [_work(BASE, n) for n in range(32)]
    fresh = st.Taxonomy(load_builtin())  # nothing cached yet: threads race to build caches
    barrier = threading.Barrier(8)

    def job(n: int) -> tuple[object, ...]:
        if n < 8:
            barrier.wait()
        return _work(fresh, n)

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(job, range(32)))
    assert got == expected


def test_concurrent_load_builds_once() -> None:
    code = """
import threading, softtargets as st
from softtargets import bundle as loader
calls = []
original = loader.load_builtin
def counting():
    calls.append(1)
    return original()
loader.load_builtin = counting
barrier = threading.Barrier(8)
results = []
def job():
    barrier.wait()
    results.append(st.load())
threads = [threading.Thread(target=job) for _ in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
assert len(calls) == 1, calls
assert len(results) == 8 and all(r is results[0] for r in results)
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


# ---------------------------------------------------------------- fuzzing

DOCUMENTED = (st.SofttargetsError,)


@given(st_.text(), st_.one_of(st_.none(), st_.sampled_from(["target", "motive", "perpetrator", "modus_operandi"])))
def test_term_lookup_only_raises_lookup_errors(text: str, facet: str | None) -> None:
    try:
        term = BASE.term(text, facet)
    except (st.UnknownTermError, st.AmbiguousTermError):
        return
    assert facet is None or term.facet == facet


@given(
    st_.dictionaries(
        st_.sampled_from(["target", "perpetrator", "motive", "modus_operandi", "weapon"]), ANY, max_size=3
    ),
    st_.sampled_from(["plausible", "documented", "likely", ""]),
)
def test_query_filters_only_raise_documented_errors(filters: dict[str, object], strength: str) -> None:
    before = len(BASE.scenarios())
    for query in (BASE.scenarios, BASE.diffuseness, BASE.incidents):
        try:
            if query.__name__ == "incidents":
                query(**{k: v for k, v in filters.items() if k != "weapon"})  # type: ignore[operator]
            else:
                result = query(min_strength=strength, **filters)  # type: ignore[operator]
                if isinstance(result, st.ScenarioSet):
                    assert len(result) <= before
        except DOCUMENTED:
            pass
    assert len(BASE.scenarios()) == before


@given(ANY)
def test_explain_and_evidence_only_raise_documented_errors(value: object) -> None:
    try:
        why = BASE.explain(value)  # type: ignore[arg-type]
    except DOCUMENTED:
        with pytest.raises(DOCUMENTED):  # the same input is refused the same way
            BASE.is_plausible(value)  # type: ignore[arg-type]
    else:
        assert isinstance(why, st.Explanation) and BASE.is_plausible(value) is why.plausible  # type: ignore[arg-type]
    try:
        found = BASE.evidence(value)  # type: ignore[arg-type]
    except DOCUMENTED:
        return
    assert isinstance(found, tuple) and all(isinstance(i, st.Incident) for i in found)


@given(
    st_.lists(
        st_.one_of(
            st_.sampled_from(
                [
                    "terms",
                    "term",
                    "scenarios",
                    "explain",
                    "diffuseness",
                    "threat",
                    "incidents",
                    "evidence",
                    "cases",
                    "coverage",
                    "validate",
                    "--target",
                    "--motive",
                    "--lang",
                    "--format",
                    "--limit",
                    "--min-strength",
                    "nl",
                    "json",
                    "csv",
                    "museum",
                    "kerstmarkt",
                    "arena",
                    "-1",
                    "--gaps",
                    "--extension",
                    "--since",
                    "2020-13-45",
                    "--country",
                    "--help",
                ]
            ),
            st_.text(max_size=12),
        ),
        max_size=6,
    )
)
def test_cli_arguments_give_documented_exit_codes(argv: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main(argv)
        except SystemExit as exit_:  # argparse: --help (0) and usage errors (2)
            code = exit_.code if isinstance(exit_.code, int) else 2
    assert code in (0, 1, 2)
    assert "Traceback" not in err.getvalue()
