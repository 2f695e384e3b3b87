"""The result of assessing a site: ranked scenarios with their indicators, the gaps per
safety-chain phase and modus operandi, the Martyn's Law reference tier and the sensitivity
of the ranking to the weights. Immutable; every output (frame, HTML report, JSON, CLI)
reads from it and says that the figures are relative indicators, not probabilities."""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import ArgumentTypeError, expect
from ..pps import MeasureKnowledge, MeasureType, SafetyChainPhase, Sector
from ..pps.data import load_pps
from ..taxonomy import Taxonomy, or_builtin
from . import compute
from .methodology import Method, Weights
from .methodology import method as builtin_method
from .site import Site

__all__ = ["Assessment", "Gap", "HeatCell", "RankedScenario", "SensitivityRow", "assess"]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RankedScenario(_Result):
    """One scenario of the site with its indicators (each 0..1, relative, not a
    probability), the measures in place that mitigate it, their providers and phases."""

    rank: int = Field(ge=1)
    scenario: tuple[str, ...] = Field(description="Term ids, one per facet of the taxonomy.")
    documented: bool = Field(description="Every relation it needs is documented by incidents.")
    incidents: int = Field(description="Incidents up to the site's date behind its best relations.")
    evidence: float
    likelihood: float
    vulnerability: float
    consequence: float
    risk: float = Field(description="Before the measures in place.")
    residual: float = Field(description="After the measures in place: the ranking key.")
    measures: tuple[MeasureType, ...] = ()
    providers: tuple[str, ...] = ()
    phases: tuple[SafetyChainPhase, ...] = ()


class Gap(_Result):
    """A modus operandi and a safety-chain phase in which measures exist that would mitigate
    it at the site, and none of them is in place; who typically provides them."""

    modus_operandi: str
    phase: SafetyChainPhase
    missing: tuple[MeasureType, ...]
    sectors: tuple[Sector, ...] = Field(description="The sectors that can deliver the missing measures.")
    residual: float = Field(description="The highest residual of the scenarios with this modus operandi.")


class HeatCell(_Result):
    """The highest residual of a modus operandi's scenarios counting only the measures that
    act in one phase: high where that phase leaves the most risk."""

    modus_operandi: str
    phase: SafetyChainPhase
    value: float


class SensitivityRow(_Result):
    """The ranking with one weight moved: how many of the top ranks stay in the top."""

    weight: str
    factor: float
    top_overlap: float = Field(description="Share of the top scenarios that stay in the top.")
    same_first: bool


class Assessment(_Result):
    """A site assessed: ``rows`` ranked by residual (rank 1 first). Every figure is a
    relative indicator for prioritising within this site under this method, never a
    probability."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    site: Site
    date: _dt.date
    threat_level: str | None = Field(description="'<scale>:<level>' in force, None when not recorded.")
    threat_factor: float
    capacity_factor: float
    martyns_law_tier: str = Field(description="'none', 'standard' or 'enhanced' (UK, reference only).")
    weights: Weights
    rows: tuple[RankedScenario, ...]
    gaps: tuple[Gap, ...]
    heatmap: tuple[HeatCell, ...]
    sensitivity: tuple[SensitivityRow, ...]
    facets: tuple[str, ...]
    sources: tuple[str, ...] = Field(description="Ids of the sources of the method and the site.")
    method: Method = Field(exclude=True, repr=False)
    taxonomy: Taxonomy = Field(exclude=True, repr=False)

    @property
    def top(self) -> tuple[RankedScenario, ...]:
        """The first ranks (as many as the method's sensitivity compares)."""
        return self.rows[: self.method.sensitivity.top]

    @property
    def stable(self) -> float:
        """The lowest top overlap over the sensitivity runs (1.0: the top never changes)."""
        return min((r.top_overlap for r in self.sensitivity), default=1.0)

    def to_dict(self) -> dict[str, Any]:
        """The assessment as plain JSON-ready data (the method and taxonomy left out)."""
        data = self.model_dump(mode="json")
        data["note"] = "Relative indicators for prioritising, not probabilities."
        return data

    def to_json(self, indent: int | None = 2) -> str:
        """The assessment as JSON text (``to_dict``)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_records(self, lang: str | None = None) -> list[dict[str, object]]:
        """One dict per ranked scenario; ids by default, labels and words in ``lang``."""
        from .report import records

        return records(self, lang)

    def to_pandas(self, lang: str | None = None) -> Any:
        """A ``pandas.DataFrame``, one row per ranked scenario (needs the ``pandas`` extra)."""
        from ..frames import pandas

        rows = self.to_records(lang)
        return pandas().DataFrame(rows, columns=list(rows[0]) if rows else None)

    def to_text(self, lang: str | None = None, limit: int = 10) -> str:
        """A summary and the top ``limit`` scenarios as plain text, in ``lang``."""
        from .report import text

        return text(self, lang, limit)

    def to_html(self, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> str:
        """The printable, self-contained report (inline CSS; the heatmap as an inline image
        when matplotlib is installed, else a table) in ``lang``; written to ``path`` when
        given. Returns the HTML."""
        from .report import report

        return report(self, path, lang)

    def _repr_html_(self) -> str:
        from .report import notebook

        return notebook(self)

    def __str__(self) -> str:
        return self.to_text()


def _gaps(tax: Taxonomy, know: MeasureKnowledge, prepared: Mapping[str, Any], best: Mapping[str, float]) -> list[Gap]:
    targets = prepared["targets"]
    in_place = prepared["phases_of"]
    gaps = []
    for mo in sorted(best, key=lambda k: (-best[k], k)):
        candidates: list[MeasureType] = []
        for t in targets:
            for measure in know.against(mo, t, taxonomy=tax):
                if measure not in candidates:
                    candidates.append(measure)
        for phase in SafetyChainPhase:
            acting = [c for c in candidates if phase.value in know.phases_of(c)]
            present = [c for c in candidates if phase.value in in_place.get(c, ())]
            if acting and not present:
                sectors = {s for c in acting for s in know.sectors_of(c)}
                gaps.append(
                    Gap(
                        modus_operandi=mo,
                        phase=phase,
                        missing=tuple(acting),
                        sectors=tuple(s for s in Sector if s.value in sectors),
                        residual=best[mo],
                    )
                )
    return gaps


def assess(
    site: Site,
    taxonomy: Taxonomy | None = None,
    weights: Mapping[str, float] | Weights | None = None,
    *,
    knowledge: MeasureKnowledge | None = None,
    method: Method | None = None,
) -> Assessment:
    """Assess ``site``: every scenario admitted for its target types in ``taxonomy`` (the
    built-in one by default), ranked by its residual indicator, with the gaps, the Martyn's
    Law reference tier and the sensitivity of the ranking. ``weights`` overrides the
    method's (a mapping with ``likelihood``, ``vulnerability``, ``consequence``);
    ``knowledge`` the measure knowledge (``pps``) and ``method`` the method
    (``data/assessment.toml``) by default.

    The figures are relative indicators for prioritising, not probabilities.

    >>> import softtargets as st
    >>> result = st.assess.assess(st.assess.case_site("arena"))
    >>> result.rows[0].rank, result.martyns_law_tier
    (1, 'enhanced')
    """
    expect("site", site, Site, "a Site (st.assess.read_site(...) or st.assess.case_site(...))")
    expect("taxonomy", taxonomy, (Taxonomy, type(None)), "a Taxonomy or None")
    expect("knowledge", knowledge, (MeasureKnowledge, type(None)), "a MeasureKnowledge or None")
    m = method if method is not None else builtin_method()
    expect("method", m, Method, "a Method or None")
    if weights is not None:
        if isinstance(weights, Weights):
            m = m.model_copy(update={"weights": weights})
        elif isinstance(weights, Mapping):
            unknown = sorted(set(weights) - set(Weights.NAMES))
            if unknown:
                raise ArgumentTypeError(f"weights: unknown names {unknown}; use {', '.join(Weights.NAMES)}")
            m = m.with_weights(**{k: float(v) for k, v in weights.items()})
        else:
            raise ArgumentTypeError(f"weights: expected a mapping or Weights, got {type(weights).__name__}")
    tax = or_builtin(taxonomy)
    know = knowledge if knowledge is not None else load_pps().knowledge
    prepared = compute.prepare(site, tax, know, m)
    ranked = compute.rank(prepared["rows"], m.weights)
    mo_pos = prepared["mo_position"]
    rows = tuple(
        RankedScenario(
            rank=n,
            scenario=row["scenario"],
            documented=row["documented"],
            incidents=row["incidents"],
            evidence=row["evidence"],
            likelihood=row["likelihood"],
            vulnerability=row["vulnerability"],
            consequence=row["consequence"],
            risk=risk,
            residual=residual,
            measures=row["measures"],
            providers=row["providers"],
            phases=row["phases"],
        )
        for n, (residual, risk, row) in enumerate(ranked, 1)
    )
    best: dict[str, float] = {}
    for r in rows:
        mo = r.scenario[mo_pos]
        best[mo] = max(best.get(mo, 0.0), r.residual)
    heat = []
    effect, phases_of = prepared["effect"], prepared["phases_of"]
    for mo in sorted(best, key=lambda k: (-best[k], k)):
        for phase in SafetyChainPhase:
            value = max(
                (
                    r.risk * (1 - effect) ** sum(1 for ms in r.measures if phase.value in phases_of[ms])
                    for r in rows
                    if r.scenario[mo_pos] == mo
                ),
                default=0.0,
            )
            heat.append(HeatCell(modus_operandi=mo, phase=phase, value=value))
    sensitivity = []
    top_n = m.sensitivity.top
    base_top = [r.scenario for r in rows[:top_n]]
    for name in Weights.NAMES:
        for factor in m.sensitivity.factors:
            moved = m.weights.model_copy(update={name: getattr(m.weights, name) * factor})
            again = compute.rank(prepared["rows"], moved)
            top = {row["scenario"] for _, _, row in again[:top_n]}
            overlap = len(top & set(base_top)) / len(base_top) if base_top else 1.0
            first = bool(again) and bool(base_top) and again[0][2]["scenario"] == base_top[0]
            sensitivity.append(SensitivityRow(weight=name, factor=factor, top_overlap=overlap, same_first=first))
    level = prepared["threat_level"]
    sources = tuple(dict.fromkeys((*m.catalogue(), *(ref for refs in site.provenance.values() for ref in refs))))
    return Assessment(
        site=site,
        date=site.date,
        threat_level=level.key if level is not None else None,
        threat_factor=prepared["threat_factor"],
        capacity_factor=prepared["capacity_factor"],
        martyns_law_tier=compute.martyns_tier(site, tax, m),
        weights=m.weights,
        rows=rows,
        gaps=tuple(_gaps(tax, know, prepared, best)),
        heatmap=tuple(heat),
        sensitivity=tuple(sensitivity),
        facets=tuple(f.id for f in tax.facets),
        sources=sources,
        method=m,
        taxonomy=tax,
    )
