"""Loading the partnership data files into validated, cached models.

``pps_vocabulary.toml`` (labels of every vocabulary member), ``measures.toml`` (what each
measure does), ``cases.toml`` (the study's three partnerships) and ``threat_levels.toml``.
Their sources resolve against the built-in taxonomy's catalogue plus the sources the files
define.

These are built-in data: the target types and modi operandi they name are built-in terms,
so they are validated once, against the built-in taxonomy, and shared. Every taxonomy built
on the built-in one (``load().extend(...)``) holds those terms, so the same data serve
coverage on any of them; a taxonomy of one's own comes with its own ``MeasureKnowledge``
and partnerships (``coverage(..., knowledge=...)``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..cache import cached
from ..errors import DataError, Problem, expect
from ..facets import Facet
from ..loader import At, Resolver, pydantic_problems
from ..models import Source
from ..packaged import data_text
from ..taxonomy import Taxonomy, or_builtin
from .models import (
    Actor,
    MeasureDelivery,
    MeasureMitigation,
    MeasurePhases,
    Partnership,
    ThreatLevel,
    ThreatLevelLink,
    ThreatLevelPeriod,
    ThreatScale,
    VocabularyEntry,
)
from .vocabulary import VOCABULARIES, MeasureType

__all__ = ["MeasureKnowledge", "PPSData", "load_pps"]

FILES = ("pps_vocabulary.toml", "measures.toml", "cases.toml", "threat_levels.toml")

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class MeasureKnowledge:
    """What each measure type does: the modi operandi it mitigates (and where), the
    safety-chain phases it acts in and the sectors that can deliver it."""

    mitigations: tuple[MeasureMitigation, ...]
    phases: tuple[MeasurePhases, ...]
    deliveries: tuple[MeasureDelivery, ...]

    def mitigations_of(self, measure: MeasureType | str) -> tuple[MeasureMitigation, ...]:
        """The mitigation facts of one measure type."""
        expect("measure", measure, str, "a measure type (MeasureType or str)")
        return tuple(m for m in self.mitigations if m.measure == measure)

    def phases_of(self, measure: MeasureType | str) -> tuple[str, ...]:
        """The safety-chain phases of one measure type, in chain order."""
        from .vocabulary import SafetyChainPhase

        expect("measure", measure, str, "a measure type (MeasureType or str)")
        found = {p for fact in self.phases if fact.measure == measure for p in fact.phases}
        return tuple(p for p in SafetyChainPhase if p in found)

    def sectors_of(self, measure: MeasureType | str) -> tuple[str, ...]:
        """The sectors that can deliver one measure type."""
        expect("measure", measure, str, "a measure type (MeasureType or str)")
        return tuple(dict.fromkeys(s for fact in self.deliveries if fact.measure == measure for s in fact.sectors))

    def against(
        self, modus_operandi: str, target: str | None = None, *, taxonomy: Taxonomy | None = None
    ) -> tuple[MeasureType, ...]:
        """The measure types that mitigate ``modus_operandi`` (at ``target`` when given), in
        data order. A mitigation stated for a broader term applies to its narrower terms, and
        one without target types to every target, as in ``coverage``. Terms are looked up in
        ``taxonomy`` (the built-in one by default): ids or labels in any language.

        >>> import softtargets as st
        >>> "hostile_vehicle_mitigation" in st.pps.measure_knowledge().against("vehicle ramming", "kerstmarkt")
        True
        """
        tax = or_builtin(taxonomy)
        mo = tax.term(modus_operandi, Facet.MODUS_OPERANDI)
        mo_chain = {mo.id, *(t.id for t in tax.ancestors(mo.id, Facet.MODUS_OPERANDI))}
        t_chain: set[str] = set()
        if target is not None:
            term = tax.term(target, Facet.TARGET)
            t_chain = {term.id, *(t.id for t in tax.ancestors(term.id, Facet.TARGET))}
        found = (
            m.measure
            for m in self.mitigations
            if mo_chain & set(m.modi_operandi) and (target is None or not m.targets or t_chain & set(m.targets))
        )
        return tuple(dict.fromkeys(found))

    def to_pandas(self, measures: Sequence[MeasureType | str] | None = None, lang: str | None = None) -> Any:
        """A ``pandas.DataFrame``, one row per measure type (all, or ``measures``): its label
        in ``lang``, the safety-chain phases it acts in, the sectors that can deliver it, and
        whether the study itself says what it mitigates. Needs the ``pandas`` extra.

        >>> know = st.pps.measure_knowledge()                                # doctest: +SKIP
        >>> know.to_pandas(know.against("vehicle_ramming", "event_ground"))  # doctest: +SKIP
        """
        from ..display import get_language
        from ..frames import pandas
        from .vocabulary import MeasureType

        lang = get_language(lang)
        chosen = list(MeasureType) if measures is None else [MeasureType(m) for m in measures]
        labels = {e.id: e.label(lang) for e in describe_many(chosen)}
        rows = [
            {
                "measure": labels[m.value],
                "phases": list(self.phases_of(m)),
                "sectors": list(self.sectors_of(m)),
                "from_study": any(f.from_study for f in self.mitigations_of(m)),
            }
            for m in chosen
        ]
        return pandas().DataFrame(rows, columns=["measure", "phases", "sectors", "from_study"])


@dataclass(frozen=True)
class PPSData:
    """Everything the partnership data files hold, validated."""

    vocabulary: tuple[VocabularyEntry, ...]
    knowledge: MeasureKnowledge
    actors: tuple[Actor, ...]
    partnerships: tuple[Partnership, ...]
    scales: tuple[ThreatScale, ...]
    levels: tuple[ThreatLevel, ...]
    links: tuple[ThreatLevelLink, ...]
    periods: tuple[ThreatLevelPeriod, ...]
    sources: tuple[Source, ...]


def _read(name: str) -> dict[str, Any]:
    text = data_text(name)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise DataError(name, [f"not valid TOML: {err}"]) from None


def _rows(doc: Mapping[str, Any], key: str) -> list[Any]:
    value = doc.get(key, [])
    return value if isinstance(value, list) else [value]


def _resolve_tree(value: Any, resolver: Resolver, where: At, problems: list[Problem]) -> Any:
    """Replace every ``sources`` list of ids in a nested record by ``Source`` models."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                refs = [r if isinstance(r, str) else Source.model_validate(r) for r in item]
                resolved = resolver.sources(refs, where, problems)
                out[key] = list(resolved) if resolved is not None else []
            else:
                out[key] = _resolve_tree(item, resolver, (where[0], (*where[1], key)), problems)
        return out
    if isinstance(value, list):
        return [_resolve_tree(v, resolver, (where[0], (*where[1], n)), problems) for n, v in enumerate(value)]
    return value


def _models(
    model: type[M], doc: Mapping[str, Any], key: str, name: str, resolver: Resolver, problems: list[Problem]
) -> list[M]:
    out = []
    for n, record in enumerate(_rows(doc, key)):
        where: At = (name, (key, n))
        data = _resolve_tree(record, resolver, where, problems)
        try:
            out.append(model.model_validate(data))
        except ValidationError as err:
            problems.extend(pydantic_problems(err, where))
    return out


def _partnership_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The file's singular table names (target, member, ...) as the model's plural fields."""
    renames = {
        "target": "targets",
        "member": "members",
        "measure": "measures",
        "crisis_role": "crisis_roles",
        "finding": "findings",
    }
    return {renames.get(k, k): v for k, v in record.items()}


def _check(data: PPSData, taxonomy_terms: set[tuple[str, str]]) -> list[str]:
    problems: list[str] = []
    entries = {(e.vocabulary, e.id) for e in data.vocabulary}
    for vocabulary, enum in VOCABULARIES.items():
        for member in enum:
            if (vocabulary, member.value) not in entries:
                problems.append(f"pps_vocabulary.toml: {vocabulary} member {member.value!r} has no entry")
    for vocabulary, member_id in entries:
        known: type[StrEnum] | None = VOCABULARIES.get(vocabulary)
        if known is None or member_id not in {m.value for m in known}:
            problems.append(f"pps_vocabulary.toml: {vocabulary}.{member_id} is not a member of any vocabulary")
    for fact in data.knowledge.mitigations:
        for mo in fact.modi_operandi:
            if (Facet.MODUS_OPERANDI, mo) not in taxonomy_terms:
                problems.append(f"measures.toml: {fact.measure}: {mo!r} is not a modus operandi")
        for target_id in fact.targets:
            if (Facet.TARGET, target_id) not in taxonomy_terms:
                problems.append(f"measures.toml: {fact.measure}: {target_id!r} is not a target type")
    for measure in MeasureType:
        if not data.knowledge.phases_of(measure):
            problems.append(f"measures.toml: {measure.value} has no acts_in entry")
        if not data.knowledge.sectors_of(measure):
            problems.append(f"measures.toml: {measure.value} has no delivered_by entry")
    for p in data.partnerships:
        member_ids = {m.actor for m in p.members}
        for target in p.targets:
            for t in target.target_types:
                if (Facet.TARGET, t) not in taxonomy_terms:
                    problems.append(f"cases.toml: {p.id}: {t!r} is not a target type")
        for scope in p.scope:
            for t in scope.excludes:
                if (Facet.TARGET, t) not in taxonomy_terms:
                    problems.append(f"cases.toml: {p.id}: scope excludes unknown target type {t!r}")
        for ref in (
            *(m.provider for m in p.measures),
            *(c.actor for c in p.crisis_roles),
            *(a for f in p.findings for a in f.actors),
        ):
            if ref not in member_ids:
                problems.append(f"cases.toml: {p.id}: actor {ref!r} is not a member of the partnership")
    level_keys = {lv.key for lv in data.levels}
    scale_ids = {s.id for s in data.scales}
    for lv in data.levels:
        if lv.scale not in scale_ids:
            problems.append(f"threat_levels.toml: level {lv.key}: unknown scale")
    for link in data.links:
        for end in (link.source_level, link.target_level):
            if end not in level_keys:
                problems.append(f"threat_levels.toml: crosswalk names unknown level {end!r}")
    for period in data.periods:
        if f"{period.scale}:{period.level}" not in level_keys:
            problems.append(f"threat_levels.toml: period names unknown level {period.scale}:{period.level}")
    return problems


@cached
def load_pps() -> PPSData:
    """Read and validate the partnership data files once (against the built-in taxonomy,
    whose terms they name), then return the same object.

    >>> from softtargets.pps.data import load_pps
    >>> load_pps() is load_pps()
    True
    """
    from ..taxonomy import load

    tax = load()
    docs = {name: _read(name) for name in FILES}
    problems: list[Problem] = []
    resolver = Resolver(tax.sources())
    for name, doc in docs.items():
        for n, record in enumerate(_rows(doc, "source")):
            try:
                resolver.add_source(Source.model_validate(record), (name, ("source", n)), problems)
            except ValidationError as err:
                problems.extend(pydantic_problems(err, (name, ("source", n))))

    vocab_doc = docs["pps_vocabulary.toml"]
    vocabulary = _models(VocabularyEntry, vocab_doc, "term", "pps_vocabulary.toml", resolver, problems)
    measures = docs["measures.toml"]
    knowledge = MeasureKnowledge(
        tuple(_models(MeasureMitigation, measures, "mitigates", "measures.toml", resolver, problems)),
        tuple(_models(MeasurePhases, measures, "acts_in", "measures.toml", resolver, problems)),
        tuple(_models(MeasureDelivery, measures, "delivered_by", "measures.toml", resolver, problems)),
    )
    cases = docs["cases.toml"]
    actors = _models(Actor, cases, "actor", "cases.toml", resolver, problems)
    actor_by_id = {a.id: a for a in actors}
    partnerships = []
    for n, record in enumerate(_rows(cases, "partnership")):
        where: At = ("cases.toml", ("partnership", n))
        data = _resolve_tree(_partnership_record(record), resolver, where, problems)
        members = [m.get("actor") for m in data.get("members", []) if isinstance(m, dict)]
        missing = [a for a in members if a not in actor_by_id]
        for a in missing:
            problems.append(Problem(where[1], f"member {a!r} is not an [[actor]]", file=where[0]))
        data["actors"] = [actor_by_id[a] for a in members if a in actor_by_id]
        try:
            partnerships.append(Partnership.model_validate(data))
        except ValidationError as err:
            problems.extend(pydantic_problems(err, where))
    levels_doc = docs["threat_levels.toml"]
    result = PPSData(
        vocabulary=tuple(vocabulary),
        knowledge=knowledge,
        actors=tuple(actors),
        partnerships=tuple(partnerships),
        scales=tuple(_models(ThreatScale, levels_doc, "scale", "threat_levels.toml", resolver, problems)),
        levels=tuple(_models(ThreatLevel, levels_doc, "level", "threat_levels.toml", resolver, problems)),
        links=tuple(_models(ThreatLevelLink, levels_doc, "crosswalk", "threat_levels.toml", resolver, problems)),
        periods=tuple(_models(ThreatLevelPeriod, levels_doc, "period", "threat_levels.toml", resolver, problems)),
        sources=tuple(resolver.catalogue.values()),
    )
    terms = {(t.facet, t.id) for t in tax.terms()}
    checked = _check(result, terms)
    if problems or checked:
        raise DataError("softtargets partnership data", [*problems, *checked])
    return result


def describe_many(members: Sequence[StrEnum]) -> list[VocabularyEntry]:
    """The vocabulary entries of several members (helper for ``describe``)."""
    index = {(e.vocabulary, e.id): e for e in load_pps().vocabulary}
    names = {enum: name for name, enum in VOCABULARIES.items()}
    return [index[(names[type(m)], m.value)] for m in members]
