"""The computation of an assessment: pure functions of the site, the taxonomy, the measure
knowledge and the method (``methodology.py`` documents every formula; ``data/assessment.toml``
holds every number). Nothing here keeps state except a small cache of per-taxonomy tables
(relation scores and casualty severities per day), which does not change any result."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from ..facets import Facet
from ..models import Outcome, Strength
from ..pps import MeasureKnowledge, MeasureType, SafetyChainPhase, ThreatLevel
from ..pps.data import load_pps
from ..taxonomy import Taxonomy
from .methodology import Method, Weights
from .site import Site

__all__ = ["clip", "martyns_tier", "prepare", "rank", "relation_table", "risk", "severity_table", "threat"]

_CACHE: OrderedDict[tuple[Any, ...], tuple[Taxonomy, Any]] = OrderedDict()
_CACHE_SIZE = 16


def _memo(tax: Taxonomy, key: tuple[Any, ...], build: Any) -> Any:
    """``build()`` once per (taxonomy object, key); the taxonomy is held so its id stays its own."""
    full = (id(tax), *key)
    hit = _CACHE.get(full)
    if hit is not None and hit[0] is tax:
        _CACHE.move_to_end(full)
        return hit[1]
    value = build()
    _CACHE[full] = (tax, value)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def clip(x: float) -> float:
    """``x`` within 0..1."""
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def relation_table(tax: Taxonomy, m: Method, as_of: Any) -> dict[tuple[str, str, str], tuple[float, bool, int]]:
    """Per relation key: its likelihood score, whether it is documented, and how many
    incidents up to ``as_of`` instantiate it."""
    spec = m.likelihood

    def build() -> dict[tuple[str, str, str], tuple[float, bool, int]]:
        out = {}
        for rel in tax.relations():
            weight, n = 0.0, 0
            for inc in tax.evidence(rel):
                if inc.date <= as_of:
                    age = (as_of - inc.date).days / 365.25
                    weight += 0.5 ** (age / spec.half_life_years)
                    n += 1
            documented = rel.strength is Strength.DOCUMENTED
            strength = spec.documented if documented else spec.plausible
            score = strength * (spec.base + (1 - spec.base) * weight / (weight + spec.saturation))
            out[rel.key] = (score, documented, n)
        return out

    key = ("relations", as_of, spec.documented, spec.plausible, spec.base, spec.half_life_years, spec.saturation)
    result: dict[tuple[str, str, str], tuple[float, bool, int]] = _memo(tax, key, build)
    return result


def _log_casualties(incidents: Iterable[Any], injured_weight: float) -> list[float]:
    return [math.log1p((i.killed or 0) + injured_weight * (i.injured or 0)) for i in incidents]


def severity_table(tax: Taxonomy, m: Method, as_of: Any, targets: Sequence[str]) -> dict[str, float]:
    """Per modus operandi: the casualty severity, 0..1 (see ``data/assessment.toml``)."""
    spec = m.consequence

    def overall() -> dict[str, float]:
        out = {}
        for term in tax.terms(Facet.MODUS_OPERANDI):
            found = tax.incidents(modus_operandi=term.id, outcome=Outcome.COMPLETED, until=as_of)
            logs = _log_casualties(found, spec.injured_weight)
            if logs:
                out[term.id] = sum(logs) / len(logs)
        return out

    means: dict[str, float] = _memo(tax, ("severity", as_of, spec.injured_weight), overall)
    top = max(means.values(), default=0.0)
    out = {}
    for term in tax.terms(Facet.MODUS_OPERANDI):
        local = tax.incidents(modus_operandi=term.id, target=list(targets), outcome=Outcome.COMPLETED, until=as_of)
        logs = _log_casualties(local, spec.injured_weight)
        if len(logs) >= spec.min_incidents:
            mean = sum(logs) / len(logs)
        elif term.id in means:
            mean = means[term.id]
        else:
            out[term.id] = spec.no_record
            continue
        out[term.id] = clip(mean / top) if top > 0 else spec.no_record
    return out


def threat(site: Site, m: Method) -> tuple[ThreatLevel | None, float]:
    """The level in force (the site's own, or from the history of its country's national
    scale on its date) and its factor: rank / highest rank."""
    data = load_pps()
    level = None
    if site.threat_level is not None:
        level = next((lv for lv in data.levels if lv.key == site.threat_level), None)
    else:
        from ..pps import threat_level_on

        for scale in data.scales:
            if scale.kind == "national_threat_level" and scale.country == site.country:
                level = threat_level_on(scale.id, site.date)
                break
    if level is None:
        return None, m.likelihood.no_threat_level
    top = max(lv.rank for lv in data.levels if lv.scale == level.scale)
    return level, level.rank / top


def martyns_tier(site: Site, tax: Taxonomy, m: Method) -> str:
    """'none' (below the threshold), 'standard' or 'enhanced': the UK tier the site's
    capacity would fall under; a site whose every target type is a place of worship or a
    school stays 'standard'."""
    spec = m.martyns_law
    if site.capacity < spec.standard_from:
        return "none"
    if site.capacity < spec.enhanced_from:
        return "standard"

    def standard_only(t: str) -> bool:
        term = tax.term(t, Facet.TARGET)
        return bool({term.id, *(a.id for a in tax.ancestors(term.id, Facet.TARGET))} & set(spec.standard_only))

    return "standard" if all(standard_only(t) for t in site.target_types) else "enhanced"


def prepare(site: Site, tax: Taxonomy, know: MeasureKnowledge, m: Method) -> dict[str, Any]:
    """Everything per scenario: indicators, mitigating measures and their phases."""
    targets = [tax.term(t, Facet.TARGET).id for t in site.target_types]
    positions = {f.id: n for n, f in enumerate(tax.facets)}
    t_pos, mo_pos = positions[Facet.TARGET], positions[Facet.MODUS_OPERANDI]
    motive_pos = positions.get(Facet.MOTIVE)
    chains: dict[tuple[str, str], set[str]] = {}

    def chain(facet: str, term: str) -> set[str]:
        key = (facet, term)
        if key not in chains:
            chains[key] = {term, *(a.id for a in tax.ancestors(term, facet))}
        return chains[key]

    relations = relation_table(tax, m, site.date)
    severity = severity_table(tax, m, site.date, targets)
    level, threat_factor = threat(site, m)
    spec_c, spec_v = m.consequence, m.vulnerability
    capacity = min(1.0, math.log1p(site.capacity) / math.log1p(spec_c.reference_capacity))
    attributes = {
        "vehicle_access": str(site.vehicle_access),
        "access": str(site.access),
        "setting": str(site.setting),
        "ownership": str(site.ownership),
    }
    effect = m.mitigation.effect
    phases_of: dict[MeasureType, tuple[str, ...]] = {}
    for sm in site.measures:
        own = tuple(p.value for p in sm.phases) or know.phases_of(sm.measure)
        phases_of[sm.measure] = tuple(dict.fromkeys((*phases_of.get(sm.measure, ()), *own)))
    providers: dict[MeasureType, list[str]] = {}
    for sm in site.measures:
        providers.setdefault(sm.measure, []).append(sm.provider)

    per_mo: dict[str, tuple[float, float]] = {}
    per_pair: dict[tuple[str, str], tuple[MeasureType, ...]] = {}

    def mo_indicators(mo: str) -> tuple[float, float]:
        if mo not in per_mo:
            mc = chain(Facet.MODUS_OPERANDI, mo)
            v = spec_v.base
            for r in spec_v.rule:
                if attributes[r.attribute] in r.values and mc & set(r.modi_operandi):
                    v *= r.factor
            c = severity.get(mo, spec_c.no_record) * capacity
            for s in spec_c.setting:
                if site.setting in s.values and mc & set(s.modi_operandi):
                    c *= s.factor
            per_mo[mo] = (clip(v), clip(c))
        return per_mo[mo]

    def mitigating(target: str, mo: str) -> tuple[MeasureType, ...]:
        if (target, mo) not in per_pair:
            tc, mc = chain(Facet.TARGET, target), chain(Facet.MODUS_OPERANDI, mo)
            per_pair[(target, mo)] = tuple(
                measure
                for measure in phases_of
                if any(
                    mc & set(f.modi_operandi) and (not f.targets or tc & set(f.targets))
                    for f in know.mitigations_of(measure)
                )
            )
        return per_pair[(target, mo)]

    rows = []
    wanted = set(targets)  # the site's own target types, not every narrower one
    for scenario in tax.scenarios(target=targets):
        ids = tuple(str(v) for v in scenario)
        if ids[t_pos] not in wanted:
            continue
        best: list[tuple[float, bool, int]] = []
        for kind in tax.kinds:
            a, b = ids[positions[kind.subject]], ids[positions[kind.object]]
            found = [
                relations[(kind.id, x, y)]
                for x in chain(kind.subject, a)
                for y in chain(kind.object, b)
                if (kind.id, x, y) in relations
            ]
            best.append(max(found) if found else (0.0, False, 0))
        evidence = sum(s for s, _, _ in best) / len(best) if best else 0.0
        symbolic = 1.0
        if motive_pos is not None:
            motives = chain(Facet.MOTIVE, ids[motive_pos])
            for rule in m.likelihood.symbolic:
                if rule.value in site.symbolic_value and motives & set(rule.motives):
                    symbolic *= rule.factor
        likelihood = clip(evidence * threat_factor * symbolic)
        vulnerability, consequence = mo_indicators(ids[mo_pos])
        measures = mitigating(ids[t_pos], ids[mo_pos])
        rows.append(
            {
                "scenario": ids,
                "documented": all(d for _, d, _ in best),
                "incidents": sum(n for _, _, n in best),
                "evidence": evidence,
                "likelihood": likelihood,
                "vulnerability": vulnerability,
                "consequence": consequence,
                "measures": measures,
                "providers": tuple(dict.fromkeys(p for ms in measures for p in providers[ms])),
                "phases": tuple(p.value for p in SafetyChainPhase if any(p.value in phases_of[ms] for ms in measures)),
                "mitigation": (1 - effect) ** len(measures),
            }
        )
    return {
        "rows": rows,
        "targets": tuple(targets),
        "threat_level": level,
        "threat_factor": threat_factor,
        "capacity_factor": capacity,
        "phases_of": phases_of,
        "effect": effect,
        "mo_position": mo_pos,
        "target_position": t_pos,
    }


def risk(row: dict[str, Any], w: Weights) -> float:
    """likelihood^w_l x vulnerability^w_v x consequence^w_c."""
    return float(
        row["likelihood"] ** w.likelihood
        * row["vulnerability"] ** w.vulnerability
        * row["consequence"] ** w.consequence
    )


def rank(rows: Sequence[dict[str, Any]], w: Weights) -> list[tuple[float, float, dict[str, Any]]]:
    """(residual, risk, row), highest residual first; ties by risk, then by the scenario's ids."""
    scored = []
    for row in rows:
        r = risk(row, w)
        scored.append((r * row["mitigation"], r, row))
    scored.sort(key=lambda x: (-x[0], -x[1], x[2]["scenario"]))
    return scored
