"""The assessment method as data: ``data/assessment.toml``, validated by the models here.

Every factor, its scale, its default weight and every rule carries its sources (ids of the
library's catalogue or of the file's own ``[[source]]`` tables). The loader refuses a file
whose vehicle-access rules would let closing vehicle access raise a vulnerability.

>>> from softtargets.assess import method
>>> method().weights.likelihood
1.0
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterable
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..cache import cached
from ..errors import DataError, Problem
from ..loader import pydantic_problems
from ..models import Identifier, Source, SourceId, Text, Translated
from ..packaged import data_text
from ..pps.data import load_pps
from .site import Setting, SymbolicValue, VehicleAccess

__all__ = [
    "ConsequenceSpec",
    "LikelihoodSpec",
    "MartynsLawSpec",
    "Method",
    "MitigationSpec",
    "Rule",
    "SensitivitySpec",
    "SettingRule",
    "SymbolicRule",
    "VulnerabilitySpec",
    "Weights",
    "method",
]

FILE = "assessment.toml"

Positive = Annotated[float, Field(gt=0, le=100)]
Share = Annotated[float, Field(ge=0, le=1)]


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[SourceId, ...] = Field(min_length=1)


class _Noted(_Spec, Translated):
    TRANSLATED: ClassVar[tuple[str, ...]] = ("note",)

    note: Text
    note_nl: Text
    note_fr: Text


class Weights(_Spec):
    """The exponents of likelihood, vulnerability and consequence in the risk product."""

    likelihood: Positive
    vulnerability: Positive
    consequence: Positive

    NAMES: ClassVar[tuple[str, ...]] = ("likelihood", "vulnerability", "consequence")


class SymbolicRule(_Noted):
    """A symbolic value raises the likelihood of scenarios with these motives."""

    value: SymbolicValue
    motives: tuple[Identifier, ...] = Field(min_length=1)
    factor: Positive


class LikelihoodSpec(_Spec):
    """How evidence and the threat level make the likelihood indicator."""

    documented: Share
    plausible: Share
    base: Share
    half_life_years: Positive
    saturation: Positive
    no_threat_level: Share
    symbolic: tuple[SymbolicRule, ...] = ()


class SettingRule(_Noted):
    """A setting (indoor, outdoor, mixed) scales the consequence of these modi operandi."""

    values: tuple[Setting, ...] = Field(min_length=1)
    modi_operandi: tuple[Identifier, ...] = Field(min_length=1)
    factor: Positive


class ConsequenceSpec(_Spec):
    """How casualty records, capacity and setting make the consequence indicator."""

    injured_weight: Share
    min_incidents: Annotated[int, Field(ge=1, le=1000)]
    reference_capacity: Annotated[int, Field(ge=2, le=100_000_000)]
    no_record: Share
    setting: tuple[SettingRule, ...] = ()


class Rule(_Noted):
    """A site attribute with one of ``values`` scales the vulnerability to these modi operandi."""

    attribute: Annotated[str, Field(pattern="^(vehicle_access|access|setting|ownership)$")]
    values: tuple[Identifier, ...] = Field(min_length=1)
    modi_operandi: tuple[Identifier, ...] = Field(min_length=1)
    factor: Positive


class VulnerabilitySpec(_Spec):
    """The base vulnerability and the rules that scale it."""

    base: Share
    rule: tuple[Rule, ...] = ()


class MitigationSpec(_Spec):
    """Each measure type in place that mitigates a scenario multiplies its risk by 1 - effect."""

    effect: Annotated[float, Field(ge=0, lt=1)]


class SensitivitySpec(_Spec):
    """The factors each weight is moved by, and how many top ranks are compared."""

    factors: tuple[Positive, ...] = Field(min_length=1)
    top: Annotated[int, Field(ge=1, le=1000)]


class MartynsLawSpec(_Spec):
    """The UK tiers by capacity, and the target types that stay in the standard tier."""

    standard_from: Annotated[int, Field(ge=1)]
    enhanced_from: Annotated[int, Field(ge=1)]
    standard_only: tuple[Identifier, ...] = ()


class Method(BaseModel):
    """The whole method: weights, indicator specs, rules, and the sources they cite."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    version: str
    source: tuple[Source, ...] = ()
    weights: Weights
    sensitivity: SensitivitySpec
    likelihood: LikelihoodSpec
    consequence: ConsequenceSpec
    vulnerability: VulnerabilitySpec
    mitigation: MitigationSpec
    martyns_law: MartynsLawSpec

    def specs(self) -> Iterable[tuple[str, _Spec]]:
        """Every spec and rule with its place in the file (for sources and the method table)."""
        for name in (
            "weights",
            "sensitivity",
            "likelihood",
            "consequence",
            "vulnerability",
            "mitigation",
            "martyns_law",
        ):
            yield name, getattr(self, name)
        for n, s in enumerate(self.likelihood.symbolic):
            yield f"likelihood.symbolic[{n}]", s
        for n, c in enumerate(self.consequence.setting):
            yield f"consequence.setting[{n}]", c
        for n, r in enumerate(self.vulnerability.rule):
            yield f"vulnerability.rule[{n}]", r

    def catalogue(self) -> dict[str, Source]:
        """The sources the method cites, by id."""
        known = {s.id: s for s in load_pps().sources} | {s.id: s for s in self.source}
        return {ref: known[ref] for _, spec in self.specs() for ref in spec.sources if ref in known}

    def with_weights(self, **weights: float) -> Method:
        """A copy with other weights (``likelihood=``, ``vulnerability=``, ``consequence=``)."""
        return self.model_copy(update={"weights": self.weights.model_copy(update=weights)})


def _vehicle_problems(m: Method) -> list[str]:
    """Closing vehicle access (open -> controlled -> none) must never raise a vulnerability."""
    order = [VehicleAccess.OPEN, VehicleAccess.CONTROLLED, VehicleAccess.NONE]
    modi = {mo for r in m.vulnerability.rule if r.attribute == "vehicle_access" for mo in r.modi_operandi}
    problems = []
    for mo in sorted(modi):
        factors = []
        for value in order:
            f = 1.0
            for r in m.vulnerability.rule:
                if r.attribute == "vehicle_access" and value in r.values and mo in r.modi_operandi:
                    f *= r.factor
            factors.append(f)
        if any(b > a for a, b in itertools.pairwise(factors)):
            problems.append(f"vulnerability.rule: closing vehicle access would raise the vulnerability to {mo}")
    return problems


def _check(m: Method) -> list[str]:
    from ..taxonomy import load

    tax = load()
    problems = _vehicle_problems(m)
    known = {s.id for s in load_pps().sources} | {s.id for s in m.source}
    for where, spec in m.specs():
        problems += [f"{where}: unknown source {ref!r}" for ref in spec.sources if ref not in known]
    terms = {(t.facet, t.id) for t in tax.terms()}
    for where, spec in m.specs():
        for mo in getattr(spec, "modi_operandi", ()):
            if ("modus_operandi", mo) not in terms:
                problems.append(f"{where}: {mo!r} is not a modus operandi")
        for motive in getattr(spec, "motives", ()):
            if ("motive", motive) not in terms:
                problems.append(f"{where}: {motive!r} is not a motive")
    for t in m.martyns_law.standard_only:
        if ("target", t) not in terms:
            problems.append(f"martyns_law: {t!r} is not a target type")
    if m.martyns_law.enhanced_from <= m.martyns_law.standard_from:
        problems.append("martyns_law: enhanced_from must be above standard_from")
    return problems


def parse_method(document: dict[str, Any], origin: str = FILE) -> Method:
    """A ``Method`` from a parsed document; one ``DataError`` lists every problem."""
    try:
        m = Method.model_validate(document)
    except ValidationError as err:
        raise DataError(origin, pydantic_problems(err, (origin, ()))) from None
    problems = _check(m)
    if problems:
        raise DataError(origin, [Problem((), p, file=origin) for p in problems])
    return m


@cached
def method() -> Method:
    """The built-in method (``data/assessment.toml``), read and validated once."""
    text = data_text(FILE)
    return parse_method(tomllib.loads(text))
