"""Coverage analysis: which plausible scenarios at a partnership's targets its measures
mitigate, who provides them and in which phases; the gaps; roles per sector and phase; and a
comparison across partnerships.

A scenario is *covered* when some measure provided in the partnership mitigates the
scenario's modus operandi (or a broader one) at its target type (or a broader one, or at any
target when the measure's mitigation is not limited to target types). Coverage is a
statement about the measures in place, not about how well they work.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .. import views
from ..compile import strength as _strength
from ..display import documented_test, get_language, header, html_table, labeler, strength_word, words
from ..errors import expect
from ..facets import Facet
from ..formatting import format_percent
from ..frames import pandas
from ..language import message
from ..models import Scenario, Strength
from ..taxonomy import Taxonomy, or_builtin
from .data import MeasureKnowledge, describe_many, load_pps
from .models import Partnership
from .vocabulary import MeasureType, SafetyChainPhase, Sector

__all__ = ["Comparison", "Coverage", "CoverageRow", "RolesTable", "compare", "coverage", "roles_table"]


@dataclass(frozen=True)
class CoverageRow:
    """One scenario and the measures of the partnership that mitigate it."""

    scenario: Scenario
    measures: tuple[MeasureType, ...]
    providers: tuple[str, ...]
    sectors: tuple[Sector, ...]
    phases: tuple[SafetyChainPhase, ...]

    @property
    def covered(self) -> bool:
        """True when at least one measure mitigates the scenario."""
        return bool(self.measures)

    @property
    def provided_by(self) -> str:
        """'public', 'private', 'both' or 'none'."""
        s = set(self.sectors)
        if not s:
            return "none"
        return "both" if len(s) > 1 else next(iter(s)).value


@dataclass(frozen=True)
class Coverage:
    """The coverage of one partnership: a row per plausible scenario at its targets, and the
    taxonomy the scenarios come from (its facets name the columns of tables and frames)."""

    partnership: Partnership
    rows: tuple[CoverageRow, ...]
    target_types: tuple[str, ...]
    min_strength: Strength
    taxonomy: Taxonomy = field(repr=False, compare=False)

    def to_pandas(self, lang: str | None = None) -> Any:
        """A ``pandas.DataFrame``, one row per scenario (needs the ``pandas`` extra); ids,
        or labels and words in ``lang`` when given (see ``to_records``)."""
        return _frame(self, lang)

    def to_html(self, lang: str | None = None) -> str:
        """The coverage as an HTML table, gaps first."""
        return _html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_text(self, lang: str | None = None) -> str:
        """The summary in one sentence, in ``lang`` (default: the session language)."""
        lang = get_language(lang)
        p = self.by_provider
        return message("coverage.summary", lang).format(
            name=self.partnership.name,
            covered=len(self.covered),
            total=len(self.rows),
            share=format_percent(self.share_covered, lang),
            public=p["public"],
            private=p["private"],
            both=p["both"],
            none=p["none"],
        )

    @property
    def covered(self) -> tuple[CoverageRow, ...]:
        """The rows some measure covers."""
        return tuple(r for r in self.rows if r.covered)

    @property
    def gaps(self) -> tuple[Scenario, ...]:
        """The plausible scenarios that no measure of the partnership mitigates."""
        return tuple(r.scenario for r in self.rows if not r.covered)

    @property
    def share_covered(self) -> float:
        """Covered scenarios / all plausible scenarios at the targets (0.0 when there are none)."""
        return len(self.covered) / len(self.rows) if self.rows else 0.0

    @property
    def by_provider(self) -> Mapping[str, int]:
        """How many scenarios are covered by public measures only, private only, both, or none."""
        counts = dict.fromkeys(("public", "private", "both", "none"), 0)
        for row in self.rows:
            counts[row.provided_by] += 1
        return MappingProxyType(counts)

    @property
    def by_measure(self) -> Mapping[MeasureType, int]:
        """How many scenarios each measure covers."""
        counts: dict[MeasureType, int] = {}
        for row in self.rows:
            for m in row.measures:
                counts[m] = counts.get(m, 0) + 1
        return MappingProxyType(counts)

    def to_records(self, lang: str | None = None) -> list[dict[str, object]]:
        """One plain dict per scenario (for tables, JSON and DataFrames): the scenario's
        terms, ``strength`` ("documented" when it rests only on documented relations, else
        "plausible"), whether it is covered, by which sector, measures, providers and
        phases. Ids and enum values by default; with ``lang``, labels and words in it."""
        documented = documented_test(self.taxonomy.scenarios(min_strength=self.min_strength))
        chosen = get_language(lang) if lang is not None else None
        show = _vocabulary_labels(chosen) if chosen else str
        term = labeler(self.taxonomy, chosen) if chosen else (lambda facet, value: str(value))

        def strength(s: Strength) -> str:
            return strength_word(s, chosen) if chosen else s.value

        return [
            {
                **{f.id: term(f.id, v) for f, v in zip(self.taxonomy.facets, r.scenario, strict=False)},
                "strength": strength(Strength.DOCUMENTED if documented(r.scenario) else Strength.PLAUSIBLE),
                "covered": r.covered,
                "provided_by": _provided_by(r, chosen) if chosen else r.provided_by,
                "measures": [show(m) for m in r.measures],
                "providers": list(r.providers),
                "phases": [show(p) for p in r.phases],
            }
            for r in self.rows
        ]

    def __str__(self) -> str:
        return self.to_text()


def _chain(tax: Taxonomy, facet: Facet, term_id: str) -> set[str]:
    """The term and its broader terms (a measure or scope for a broader term applies)."""
    return {term_id, *(t.id for t in tax.ancestors(term_id, facet))}


def _target_types(p: Partnership, tax: Taxonomy) -> tuple[str, ...]:
    """The target types in ``tax`` the partnership protects: those it names and every
    narrower one, less the scope exclusions (and what is narrower than those)."""
    included = {tax.term(t, Facet.TARGET).id for target in p.targets for t in target.target_types}
    excluded = {tax.term(t, Facet.TARGET).id for scope in p.scope for t in scope.excludes}
    return tuple(
        term.id
        for term in tax.terms(Facet.TARGET)
        if (chain := _chain(tax, Facet.TARGET, term.id)) & included and not chain & excluded
    )


def _check(taxonomy: object, knowledge: object, *partnerships: tuple[str, object]) -> None:
    """``ArgumentTypeError`` for arguments of the wrong type (shared by the functions here);
    ``partnerships`` are (argument name, value) pairs."""
    for name, partnership in partnerships:
        expect(name, partnership, Partnership, 'a Partnership (e.g. pps.case("arena"))')
    expect("taxonomy", taxonomy, (Taxonomy, type(None)), "a Taxonomy or None")
    expect("knowledge", knowledge, (MeasureKnowledge, type(None)), "a MeasureKnowledge or None")


def coverage(
    partnership: Partnership,
    taxonomy: Taxonomy | None = None,
    *,
    knowledge: MeasureKnowledge | None = None,
    min_strength: Strength | str = Strength.PLAUSIBLE,
) -> Coverage:
    """For every plausible scenario at the partnership's targets (narrower target types
    included, scope exclusions left out): the measures that mitigate it, their providers,
    the sectors and the safety-chain phases; and so the gaps.

    ``taxonomy`` (the built-in one by default) gives the scenarios and the hierarchy: given
    an extended taxonomy, a term it adds under a protected target type is protected too, and
    a new facet becomes a column. The result remembers it (``Coverage.taxonomy``). A target
    type of the partnership that ``taxonomy`` lacks raises ``UnknownTermError``. Arguments of
    the wrong type raise ``ArgumentTypeError`` (a partnership id is no ``Partnership``: use
    ``pps.case("arena")``); an unknown ``min_strength`` raises ``UnknownValueError``.

    >>> import softtargets as st
    >>> arena = st.pps.case("arena")
    >>> result = st.pps.coverage(arena, st.load())
    >>> len(result.rows) == len(result.covered) + len(result.gaps)
    True
    """
    _check(taxonomy, knowledge, ("partnership", partnership))
    expect("min_strength", min_strength, str, "a strength (Strength or str)")
    strength = _strength(min_strength)
    tax = or_builtin(taxonomy)
    know = knowledge if knowledge is not None else load_pps().knowledge
    targets = _target_types(partnership, tax)
    sector_of = {a.id: a.sector for a in partnership.actors}
    positions = {f.id: n for n, f in enumerate(tax.facets)}
    # measures mitigate modi operandi at target types: those two facets of the built-in schema
    t_pos, mo_pos = positions[Facet.TARGET], positions[Facet.MODUS_OPERANDI]
    rows = []
    scenarios = tax.scenarios(target=list(targets), min_strength=strength) if targets else ()
    kept = set(targets)  # a target filter admits narrower terms too: the scope's exclusions apply after
    for scenario in scenarios:
        if str(scenario[t_pos]) not in kept:
            continue
        t_chain = _chain(tax, Facet.TARGET, str(scenario[t_pos]))
        mo_chain = _chain(tax, Facet.MODUS_OPERANDI, str(scenario[mo_pos]))
        measures: list[MeasureType] = []
        providers: list[str] = []
        for provision in partnership.measures:
            if not any(
                mo_chain & set(m.modi_operandi) and (not m.targets or t_chain & set(m.targets))
                for m in know.mitigations_of(provision.measure)
            ):
                continue
            if provision.measure not in measures:
                measures.append(provision.measure)
            if provision.provider not in providers:
                providers.append(provision.provider)
        sectors = tuple(s for s in Sector if s in {sector_of[p] for p in providers if p in sector_of})
        phases = {ph for m in measures for ph in know.phases_of(m)}
        rows.append(
            CoverageRow(
                scenario=scenario,
                measures=tuple(measures),
                providers=tuple(providers),
                sectors=sectors,
                phases=tuple(p for p in SafetyChainPhase if p in phases),
            )
        )
    return Coverage(partnership, tuple(rows), targets, strength, tax)


@dataclass(frozen=True)
class RolesTable:
    """Which measures each sector provides, per safety-chain phase, in one partnership."""

    partnership: Partnership
    cells: Mapping[Sector, Mapping[SafetyChainPhase, tuple[MeasureType, ...]]] = field(repr=False)

    def to_text(self, lang: str | None = None) -> str:
        """The table as text, sectors, phases and measures by their labels in ``lang``
        (default: the session language)."""
        lang = get_language(lang)
        show = _vocabulary_labels(lang)
        width = max(len(show(p)) for p in SafetyChainPhase)
        lines = [message("coverage.roles", lang).format(name=self.partnership.name)]
        for sector in Sector:
            lines.append(f"  {show(sector)}:")
            for phase in SafetyChainPhase:
                names = ", ".join(show(m) for m in self.cells[sector][phase]) or "-"
                lines.append(f"    {show(phase):<{width}}  {names}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def roles_table(partnership: Partnership, *, knowledge: MeasureKnowledge | None = None) -> RolesTable:
    """The sector x safety-chain-phase table of a partnership: the measures each sector
    provides in each phase (a measure counts in every phase it acts in). Arguments of the
    wrong type raise ``ArgumentTypeError``."""
    _check(None, knowledge, ("partnership", partnership))
    know = knowledge if knowledge is not None else load_pps().knowledge
    sector_of = {a.id: a.sector for a in partnership.actors}
    cells: dict[Sector, dict[SafetyChainPhase, list[MeasureType]]] = {
        s: {p: [] for p in SafetyChainPhase} for s in Sector
    }
    for provision in partnership.measures:
        sector = sector_of.get(provision.provider)
        if sector is None:
            continue
        for phase in know.phases_of(provision.measure):
            cell = cells[sector][SafetyChainPhase(phase)]
            if provision.measure not in cell:
                cell.append(provision.measure)
    frozen = {s: MappingProxyType({p: tuple(ms) for p, ms in row.items()}) for s, row in cells.items()}
    return RolesTable(partnership, MappingProxyType(frozen))


@dataclass(frozen=True)
class Comparison:
    """Partnerships side by side: one row of figures per partnership."""

    rows: tuple[Mapping[str, object], ...]

    COLUMNS = ("actors", "public_actors", "private_actors", "measures", "scenarios", "share_covered", "gaps")
    """The figures the text and HTML tables show, one column each (``rows`` hold more)."""

    def _table(self, lang: str | None) -> tuple[list[str], list[list[str]]]:
        lang = get_language(lang)
        said, show = words(lang), _vocabulary_labels(lang)
        heads = [
            header("partnership", lang),
            header("actors", lang),
            show(Sector.PUBLIC),
            show(Sector.PRIVATE),
            header("measures", lang),
            said["scenarios"],
            header("covered", lang),
            said["gaps"],
        ]
        cells = [
            [
                str(row["name"]),
                *(
                    format_percent(float(row[c]), lang) if c == "share_covered" else str(row[c])  # type: ignore[arg-type]
                    for c in self.COLUMNS
                ),
            ]
            for row in self.rows
        ]
        return heads, cells

    def to_text(self, lang: str | None = None) -> str:
        """The figures as a text table headed in ``lang`` (default: the session language),
        each column as wide as its widest cell, so that the three cases fit 80 columns."""
        heads, cells = self._table(lang)
        widths = [max(len(h), *(len(r[n]) for r in cells)) for n, h in enumerate(heads)]

        def line(values: Sequence[str]) -> str:
            figures = " ".join(f"{v:>{w}}" for v, w in zip(values[1:], widths[1:], strict=True))
            return f"{values[0]:<{widths[0]}}  {figures}"

        out = [line(heads), "-" * len(line(heads))]
        out += [line(r) for r in cells]
        return "\n".join(out)

    def __str__(self) -> str:
        return self.to_text()

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``, one row per partnership indexed by its name, with every
        figure of ``rows`` (findings per valence in ``findings_<valence>`` columns)."""
        findings: list[Mapping[str, int]] = [row["findings"] for row in self.rows]  # type: ignore[misc]
        valences = list(dict.fromkeys(k for f in findings for k in f))
        records = [
            {k: v for k, v in row.items() if k != "findings"} | {f"findings_{k}": f.get(k, 0) for k in valences}
            for row, f in zip(self.rows, findings, strict=True)
        ]
        return pandas().DataFrame(records).set_index("name")

    def to_html(self, lang: str | None = None) -> str:
        """The figures as an HTML table headed in ``lang``."""
        heads, cells = self._table(lang)
        return html_table(heads, cells, total=len(cells), lang=get_language(lang))

    def _repr_html_(self) -> str:
        return self.to_html()


def compare(
    partnerships: Sequence[Partnership] | None = None,
    taxonomy: Taxonomy | None = None,
    *,
    knowledge: MeasureKnowledge | None = None,
) -> Comparison:
    """Figures per partnership (the study's three cases by default): actors by sector,
    measures by sector, scenarios at the targets, share covered, gaps, findings by valence.
    The scenarios come from ``taxonomy`` (the built-in one by default), as in ``coverage``.
    Arguments of the wrong type raise ``ArgumentTypeError``."""
    expect("partnerships", partnerships, (list, tuple, type(None)), "a list or tuple of Partnership, or None")
    _check(taxonomy, knowledge, *((f"partnerships[{n}]", p) for n, p in enumerate(partnerships or ())))
    cases = partnerships if partnerships is not None else load_pps().partnerships
    rows = []
    for p in cases:
        cov = coverage(p, taxonomy, knowledge=knowledge)
        sector_of = {a.id: a.sector for a in p.actors}
        valences: dict[str, int] = {}
        for f in p.findings:
            valences[f.valence.value] = valences.get(f.valence.value, 0) + 1
        rows.append(
            MappingProxyType(
                {
                    "id": p.id,
                    "name": p.name,
                    "actors": len(p.actors),
                    "public_actors": sum(a.sector is Sector.PUBLIC for a in p.actors),
                    "private_actors": sum(a.sector is Sector.PRIVATE for a in p.actors),
                    "measures": len(p.measures),
                    "measures_public": sum(sector_of.get(m.provider) is Sector.PUBLIC for m in p.measures),
                    "measures_private": sum(sector_of.get(m.provider) is Sector.PRIVATE for m in p.measures),
                    "scenarios": len(cov.rows),
                    "share_covered": cov.share_covered,
                    "gaps": len(cov.gaps),
                    "findings": MappingProxyType(valences),
                }
            )
        )
    return Comparison(tuple(rows))


def _vocabulary_labels(lang: str) -> Any:
    """A function: vocabulary member (sector, phase, measure type) -> its label in ``lang``."""

    def show(member: Any) -> str:
        return describe_many([member])[0].label(lang)

    return show


def _provided_by(row: CoverageRow, lang: str) -> str:
    """Who provides the measures of a row, in ``lang``: a sector's label, both, or no one."""
    if row.provided_by == "both":
        return words(lang)["both"]
    if row.provided_by == "none":
        return message("coverage.none", lang)
    return str(_vocabulary_labels(lang)(Sector(row.provided_by)))


@views.register("pandas", Coverage)
def _frame(cov: Coverage, lang: str | None = None) -> Any:
    """One row per scenario: a column per facet of ``cov.taxonomy``, then the coverage."""
    return pandas().DataFrame(cov.to_records(lang))


@views.register("html", Coverage)
def _html(cov: Coverage, lang: str | None = None) -> str:
    """The coverage as an HTML table (gaps first), labelled from ``cov.taxonomy``."""
    lang = get_language(lang)
    said = words(lang)
    tax = cov.taxonomy
    records = sorted(cov.to_records(lang), key=lambda r: bool(r["covered"]))
    head = f"<p><strong>{html.escape(cov.to_text(lang))}</strong></p>"
    rows = (
        (
            *[r[f.id] for f in tax.facets],
            r["strength"],
            ", ".join(map(str, r["measures"])) or said["none"],  # type: ignore[call-overload]
            r["provided_by"],
        )
        for r in records
    )
    headers = [
        *[f.label(lang) for f in tax.facets],
        header("strength", lang),
        header("measures", lang),
        header("provided_by", lang),
    ]
    return head + html_table(headers, rows, total=len(cov.rows), lang=lang)
