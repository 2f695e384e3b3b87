"""Every public function of ``st.pps`` and ``st.crosswalk`` checks its arguments: a wrong type
raises ``ArgumentTypeError`` naming the argument and what it accepts, a wrong value the
documented ``UnknownValueError`` (or ``UnknownTermError``), whatever the input."""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from hostile import ANY, HUGE
from hypothesis import given
from hypothesis import strategies as st_

import softtargets as st
from softtargets import crosswalk, pps
from softtargets.errors import ArgumentTypeError, SofttargetsError

ARENA = pps.case("arena")

WRONG_TYPES: list[tuple[Callable[[], object], str, str]] = [
    (lambda: pps.case(123), "partnership_id", "str"),  # type: ignore[arg-type]
    (lambda: pps.case(None), "partnership_id", "str"),  # type: ignore[arg-type]
    (lambda: pps.threat_level_on("nctv", "2016-06-01"), "day", "datetime.date"),  # type: ignore[arg-type]
    (lambda: pps.threat_level_on(1, dt.date(2016, 6, 1)), "scale", "str"),  # type: ignore[arg-type]
    (lambda: pps.threat_levels(scale=5), "scale", "str"),  # type: ignore[arg-type]
    (lambda: pps.threat_periods(b"nctv"), "scale", "str"),  # type: ignore[arg-type]
    (lambda: pps.coverage("arena"), "partnership", "Partnership"),  # type: ignore[arg-type]
    (lambda: pps.coverage(ARENA, "builtin"), "taxonomy", "Taxonomy"),  # type: ignore[arg-type]
    (lambda: pps.coverage(ARENA, knowledge={}), "knowledge", "MeasureKnowledge"),  # type: ignore[arg-type]
    (lambda: pps.coverage(ARENA, min_strength=2), "min_strength", "Strength"),  # type: ignore[arg-type]
    (lambda: pps.roles_table("arena"), "partnership", "Partnership"),  # type: ignore[arg-type]
    (lambda: pps.roles_table(ARENA, knowledge=1), "knowledge", "MeasureKnowledge"),  # type: ignore[arg-type]
    (lambda: pps.compare("arena"), "partnerships", "list or tuple"),  # type: ignore[arg-type]
    (lambda: pps.compare(["arena"]), "partnerships[0]", "Partnership"),  # type: ignore[list-item]
    (lambda: pps.compare(taxonomy=1), "taxonomy", "Taxonomy"),  # type: ignore[arg-type]
    (lambda: pps.describe("x"), "member", "SafetyChainPhase"),  # type: ignore[arg-type]
    (lambda: pps.describe(3), "member", "MeasureType"),  # type: ignore[arg-type]
    (lambda: pps.measure_knowledge().phases_of(3), "measure", "MeasureType"),  # type: ignore[arg-type]
    (lambda: pps.measure_knowledge().mitigations_of(None), "measure", "MeasureType"),  # type: ignore[arg-type]
    (lambda: pps.measure_knowledge().sectors_of(b"x"), "measure", "MeasureType"),  # type: ignore[arg-type]
    (lambda: ARENA.actor(1), "actor_id", "str"),  # type: ignore[arg-type]
    (lambda: ARENA.with_measure("exercises"), "provision", "MeasureProvision"),  # type: ignore[arg-type]
    (lambda: crosswalk.lookup(5, 1), "vocabulary", "str"),  # type: ignore[arg-type]
    (lambda: crosswalk.lookup("gtd_weapon_type", 10.0), "code", "str or int"),  # type: ignore[arg-type]
    (lambda: crosswalk.lookup("gtd_weapon_type", True), "code", "str or int"),
    (lambda: crosswalk.lookup("gtd_weapon_type", None), "code", "str or int"),  # type: ignore[arg-type]
    (lambda: crosswalk.entries(3), "vocabulary", "str"),  # type: ignore[arg-type]
    (lambda: crosswalk.for_term(5), "term", "str"),  # type: ignore[arg-type]
    (lambda: crosswalk.for_term("museum", vocabulary=["gtd"]), "vocabulary", "str"),  # type: ignore[arg-type]
    (lambda: crosswalk.for_term("museum", include_broader="yes"), "include_broader", "True or False"),  # type: ignore[arg-type]
    (lambda: crosswalk.for_term("museum", facet=3), "facet", "Facet or str"),  # type: ignore[arg-type]
    (lambda: crosswalk.for_term("museum", taxonomy="x"), "taxonomy", "Taxonomy"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    ("call", "name", "accepted"), WRONG_TYPES, ids=[f"{n}-{i}" for i, (_, n, _) in enumerate(WRONG_TYPES)]
)
def test_a_wrong_type_names_the_argument_and_what_it_accepts(
    call: Callable[[], object], name: str, accepted: str
) -> None:
    with pytest.raises(ArgumentTypeError) as err:
        call()
    message = str(err.value)
    assert message.startswith(f"{name}: expected ") and accepted in message and " got " in message
    assert isinstance(err.value, TypeError)


@pytest.mark.parametrize(
    ("call", "what"),
    [
        (lambda: pps.case("arean"), "partnership"),
        (lambda: pps.threat_levels("nctvv"), "threat-level scale"),
        (lambda: pps.threat_level_on("x", dt.date(2016, 6, 1)), "threat-level scale"),
        (lambda: pps.describe(st.Facet.TARGET), "vocabulary member"),
        (lambda: pps.coverage(ARENA, min_strength="likely"), "strength"),
        (lambda: crosswalk.lookup("gtd_weapons", 1), "vocabulary"),
        (lambda: crosswalk.lookup("gtd_weapon_type", 99), "gtd_weapon_type code"),
        (lambda: crosswalk.for_term("museum", vocabulary="stix"), "vocabulary"),
    ],
)
def test_a_wrong_value_is_an_unknown_value(call: Callable[[], object], what: str) -> None:
    with pytest.raises(st.UnknownValueError, match=f"unknown {what} "):
        call()


def test_a_datetime_counts_as_its_day() -> None:
    day = pps.threat_level_on("nctv", dt.date(2016, 6, 1))
    assert day is not None and pps.threat_level_on("nctv", dt.datetime(2016, 6, 1, 23, 59)) == day


@pytest.mark.parametrize(
    "call",
    [
        lambda huge: pps.case(huge),
        lambda huge: pps.threat_levels(huge),
        lambda huge: crosswalk.lookup("gtd_target_type", huge),
        lambda huge: crosswalk.lookup(huge, 1),
        lambda huge: crosswalk.lookup("gtd_target_type", 10**5000),
    ],
)
def test_huge_values_are_refused_at_once_and_quoted_cut(
    call: Callable[[str], object], monkeypatch: pytest.MonkeyPatch
) -> None:
    import difflib

    def refuse_long(self: difflib.SequenceMatcher[str], seq: str) -> None:  # "at once", without a clock
        raise AssertionError(f"fuzzy matching ran on {len(seq):,} characters")

    original = difflib.SequenceMatcher.set_seq2
    monkeypatch.setattr(
        difflib.SequenceMatcher,
        "set_seq2",
        lambda self, seq: refuse_long(self, seq) if len(seq) > 1000 else original(self, seq),
    )
    with pytest.raises(st.UnknownValueError) as err:
        call("x" * 10_000_000)
    assert len(str(err.value)) < 500


# ---------------------------------------------------------------- fuzzing every public function

VALID: dict[str, tuple[Callable[..., object], dict[str, object]]] = {
    "pps.case": (pps.case, {"partnership_id": "arena"}),
    "pps.describe": (pps.describe, {"member": pps.Sector.PUBLIC}),
    "pps.threat_levels": (pps.threat_levels, {"scale": "nctv"}),
    "pps.threat_periods": (pps.threat_periods, {"scale": "nctv"}),
    "pps.threat_level_on": (pps.threat_level_on, {"scale": "nctv", "day": dt.date(2016, 6, 1)}),
    "pps.coverage": (
        pps.coverage,
        {"partnership": ARENA, "taxonomy": None, "knowledge": None, "min_strength": "plausible"},
    ),
    "pps.roles_table": (pps.roles_table, {"partnership": ARENA, "knowledge": None}),
    "pps.compare": (pps.compare, {"partnerships": None, "taxonomy": None, "knowledge": None}),
    "MeasureKnowledge.mitigations_of": (pps.measure_knowledge().mitigations_of, {"measure": "exercises"}),
    "MeasureKnowledge.phases_of": (pps.measure_knowledge().phases_of, {"measure": "exercises"}),
    "MeasureKnowledge.sectors_of": (pps.measure_knowledge().sectors_of, {"measure": "exercises"}),
    "crosswalk.lookup": (crosswalk.lookup, {"vocabulary": "gtd_weapon_type", "code": 10}),
    "crosswalk.entries": (crosswalk.entries, {"vocabulary": "gtd_weapon_type"}),
    "crosswalk.for_term": (
        crosswalk.for_term,
        {"term": "museum", "vocabulary": None, "include_broader": False, "facet": None, "taxonomy": None},
    ),
}
NO_ARGUMENTS = [
    pps.cases,
    pps.actors,
    pps.measure_knowledge,
    pps.threat_scales,
    pps.threat_links,
    crosswalk.vocabularies,
]
PARAMETERS = [(name, parameter) for name, (_, valid) in VALID.items() for parameter in valid]


def test_the_fuzzed_functions_are_every_public_function() -> None:
    public = {getattr(m, n) for m in (pps, crosswalk) for n in m.__all__ if inspect.isfunction(getattr(m, n))}
    fuzzed = {function for function, _ in VALID.values()} | set(NO_ARGUMENTS)
    assert public <= fuzzed, public - fuzzed
    for name, (function, valid) in VALID.items():  # every parameter, with a valid value
        assert set(valid) == set(inspect.signature(function).parameters), name
        function(**valid)
    for function in NO_ARGUMENTS:
        assert function()


@given(st_.sampled_from(PARAMETERS), st_.one_of(ANY, st_.sampled_from(HUGE)))
def test_any_argument_raises_only_documented_errors(where: tuple[str, str], value: Any) -> None:
    name, parameter = where
    function, valid = VALID[name]
    with contextlib.suppress(SofttargetsError):
        function(**{**valid, parameter: value})
