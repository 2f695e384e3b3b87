"""Display in notebooks and text: HTML and plain text of the library's results, in one language.

Every output takes ``lang=``; without it the session language applies (``st.set_language``),
then ``SOFTTARGETS_LANG``, then English. The words the library writes (headers, verdicts,
strength and outcome words) come from the catalogue ``data/messages.toml``; labels,
definitions, notes and incident names come from the records (``record.translated(field,
lang)``), with an ``[en]`` marker where a text has no translation yet. Numbers and dates are
written the language's way (``softtargets.formatting``). Jupyter calls ``_repr_html_`` on
terms, scenario sets, explanations, diffuseness, incidents and partnership coverage, which
delegate here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from . import views
from .answers import Diffuseness, Explanation
from .facets import Facet
from .formatting import format_date, format_number, format_percent
from .language import Lang, message
from .language import get_language as _get_language
from .language import set_language as _set_language
from .models import Incident, Relation, RelationKind, Strength, Term
from .scenarios import ScenarioSet
from .wording import documented_test, header, labeler, outcome_word, strength_word, words

if TYPE_CHECKING:
    from .models import Source
    from .taxonomy import Taxonomy

__all__ = [
    "MAX_ROWS",
    "Raw",
    "documented_test",
    "get_language",
    "header",
    "html_table",
    "labeler",
    "outcome_word",
    "set_language",
    "source_links",
    "strength_word",
    "to_html",
    "to_text",
    "words",
]

MAX_ROWS = 20
"""Rows shown before a table is cut (the count of the rest is shown)."""


def set_language(lang: str | None) -> None:
    """Set the session's default language: ``st.set_language`` (kept here for old code)."""
    _set_language(lang)


def get_language(lang: str | None = None) -> str:
    """The language an output uses: ``lang``, the session default, ``SOFTTARGETS_LANG``, English."""
    return _get_language(lang).value


def _e(value: object) -> str:
    return html.escape(str(value))


def html_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], total: int | None = None, lang: str | None = None
) -> str:
    """A compact HTML table, cut after ``MAX_ROWS`` rows with a note of how many are left."""
    out = ['<table class="softtargets">', "<thead><tr>"]
    out += [f"<th>{_e(h)}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    shown = 0
    for row in rows:
        if shown == MAX_ROWS:
            break
        out.append("<tr>" + "".join(f"<td>{c if isinstance(c, Raw) else _e(c)}</td>" for c in row) + "</tr>")
        shown += 1
    out.append("</tbody></table>")
    if total is not None and total > shown:
        out.append(f"<p><em>… {total - shown} {message('display.more', lang)}</em></p>")
    return "".join(out)


class Raw(str):
    """Already-escaped HTML inside a table cell (``html_table`` inserts it as it is)."""


def source_links(sources: Iterable[Source]) -> Raw:
    parts = []
    for s in sources:
        title = _e(s.citation)
        label = _e(s.id)
        parts.append(
            f'<a href="{_e(s.url)}" title="{title}">{label}</a>' if s.url else f'<span title="{title}">{label}</span>'
        )
    return Raw(", ".join(parts))


def _facet_names(tax: Taxonomy | None, lang: str) -> dict[str, str]:
    return {f.id: f.label(lang) for f in tax.facets} if tax is not None else {}


@views.register("html", Term)
def term_html(term: Term, lang: str | None = None) -> str:
    lang = get_language(lang)
    tax = _builtin()
    facet = _facet_names(tax, lang).get(term.facet, term.facet)
    broader = labeler(tax, lang)(term.facet, term.broader) if term.broader else "-"
    rows = [
        (header("id", lang), term.id),
        (header("facet", lang), facet),
        (header("label", lang), " / ".join(f"{term.label(code)} ({code.value})" for code in Lang)),
        (header("alt_labels", lang), ", ".join(term.alt_labels(lang)) or "-"),
        (header("broader", lang), broader),
        (header("definition", lang), term.translated("definition", lang)),
        (header("sources", lang), source_links(term.sources)),
    ]
    return f"<strong>{_e(term.label(lang))}</strong>" + html_table(["", ""], rows, lang=lang)


def _filters_text(found: ScenarioSet, lang: str) -> str:
    label, names = labeler(found.taxonomy, lang), _facet_names(found.taxonomy, lang)
    parts = []
    for facet, value in found.filters.items():
        values = [value] if isinstance(value, str) or not isinstance(value, Iterable) else list(value)
        parts.append(f"{names.get(facet, facet)} = {', '.join(label(facet, v) for v in values)}")
    return "; ".join(parts)


@views.register("html", ScenarioSet)
def scenario_set_html(found: ScenarioSet, lang: str | None = None) -> str:
    lang = get_language(lang)
    tax = found.taxonomy
    label = labeler(tax, lang)
    said = words(lang)
    total = len(found)
    head = f"<p><strong>{total} {said['scenarios']}</strong>"
    if found.filters:
        head += f" ({_e(_filters_text(found, lang))})"
    head += "</p>"
    counts = []
    for info in tax.facets:
        by = found.count_by(info.id)
        top = sorted(((n, label(info.id, k)) for k, n in by.items() if n), reverse=True)[:6]
        counts.append((info.label(lang), ", ".join(f"{name} {n}" for n, name in top) or "-"))
    summary = html_table(["", ""], counts, lang=lang)
    documented = documented_test(found)
    word = {True: strength_word(Strength.DOCUMENTED, lang), False: strength_word(Strength.PLAUSIBLE, lang)}
    rows = (
        [*(label(info.id, v) for info, v in zip(tax.facets, s, strict=False)), word[documented(s)]]
        for _, s in zip(range(MAX_ROWS), found, strict=False)
    )
    headers = [*(f.label(lang) for f in tax.facets), header("strength", lang)]
    return head + summary + html_table(headers, rows, total=total, lang=lang)


def _evidence(n: int, lang: str) -> str:
    return message("explain.evidence_one" if n == 1 else "explain.evidence", lang).format(n=n)


def _explanation_rows(why: Explanation, lang: str) -> list[tuple[str, str, str, str, int | None, Relation | None]]:
    """(kind label, pair, strength word, note, incidents, relation) per requirement and relation."""
    tax = why.taxonomy or _builtin()
    said = words(lang)
    label = labeler(tax, lang)
    kinds = {k.id: k for k in tax.kinds}
    rows: list[tuple[str, str, str, str, int | None, Relation | None]] = []
    for req in why.requirements:
        kind = kinds.get(req.kind)
        name = kind.label(lang) if kind is not None else req.kind

        def pair(subject: str, obj: str, kind: RelationKind | None = kind) -> str:
            if kind is None:
                return f"{subject} → {obj}"
            return f"{label(kind.subject, subject)} → {label(kind.object, obj)}"

        if not req.relations:
            rows.append((name, pair(req.subject, req.object), said["missing"], "", None, None))
            continue
        counts = req.incident_counts or (0,) * len(req.relations)
        for rel, n in zip(req.relations, counts, strict=False):
            same = (rel.subject, rel.object) == (req.subject, req.object)
            via = "" if same else f" ({said['via']} {pair(rel.subject, rel.object)})"
            text = pair(req.subject, req.object) + via
            rows.append((name, text, strength_word(rel.strength, lang), rel.translated("note", lang), n, rel))
    return rows


def _verdict(why: Explanation, lang: str) -> str:
    tax = why.taxonomy or _builtin()
    label = labeler(tax, lang)
    scenario = " / ".join(label(f.id, v) for f, v in zip(tax.facets, why.scenario, strict=False))
    said = words(lang)
    verdict = said["plausible"] if why.plausible else said["not_plausible"]
    return message("explain.verdict", lang).format(scenario=scenario, verdict=verdict)


@views.register("html", Explanation)
def explanation_html(why: Explanation, lang: str | None = None) -> str:
    lang = get_language(lang)
    rows = [
        (kind, pair, strength, note, "" if n is None else n, source_links(rel.sources) if rel else "")
        for kind, pair, strength, note, n, rel in _explanation_rows(why, lang)
    ]
    headers = [header("kind", lang), "", header("strength", lang), header("note", lang)]
    table = html_table([*headers, words(lang)["incidents"], header("sources", lang)], rows, lang=lang)
    return f"<p><strong>{_e(_verdict(why, lang))}</strong></p>" + table


def explanation_text(why: Explanation, lang: str | None = None) -> list[str]:
    """The explanation as lines of text in ``lang``: the verdict, then one line per
    requirement and relation (strength word, incidents in the data, note, sources)."""
    lang = get_language(lang)
    said = words(lang)
    lines = [_verdict(why, lang)]
    for kind, pair, strength, note, n, rel in _explanation_rows(why, lang):
        if rel is None:
            lines.append(f"{said['missing']}  {kind}: {pair}")
            continue
        sources = "; ".join(s.id for s in rel.sources)
        lines.append(f"{said['ok']}  {kind}: {pair}: {strength}, {_evidence(n or 0, lang)}. {note} [{sources}]")
    return lines


def _spread(d: Diffuseness, lang: str) -> list[tuple[str, str]]:
    names = _facet_names(d.taxonomy, lang)
    return [(names.get(k, k), format_number(v, lang, 2)) for k, v in d.entropy.items()]


@views.register("html", Diffuseness)
def diffuseness_html(d: Diffuseness, lang: str | None = None) -> str:
    lang = get_language(lang)
    said = words(lang)
    rows: list[Sequence[object]] = [
        (said["scenarios"], f"{d.scenarios} {said['of']} {d.product} {said['combinations']}"),
        (said["share"], format_percent(d.share, lang, 1)),
    ]
    rows += [(f"{said['entropy']}: {name}", value) for name, value in _spread(d, lang)]
    note = f"<p><em>{_e(said['entropy'])}: {_e(said['entropy_scale'])}</em></p>"
    return html_table(["", ""], rows, lang=lang) + note


def diffuseness_text(d: Diffuseness, lang: str | None = None) -> str:
    """The figures in one sentence in ``lang``, the spread explained (0 and 1)."""
    lang = get_language(lang)
    return message("diffuseness.summary", lang).format(
        scenarios=d.scenarios,
        product=d.product,
        share=format_percent(d.share, lang, 1),
        scale=words(lang)["entropy_scale"],
        spread=", ".join(f"{name} {value}" for name, value in _spread(d, lang)),
    )


def incidents_html(incidents: Sequence[Incident], lang: str | None = None, taxonomy: Taxonomy | None = None) -> str:
    lang = get_language(lang)
    tax = taxonomy if taxonomy is not None else _builtin()
    label, names = labeler(tax, lang), _facet_names(tax, lang)

    def many(facet: str, values: Iterable[str]) -> str:
        return ", ".join(label(facet, v) for v in values)

    rows = (
        (
            format_date(i.date, lang),
            Raw(f'<a href="{_e(i.urls[0])}">{_e(i.translated("name", lang))}</a>'),
            " ".join(p for p in (i.city, i.country) if p),
            many(Facet.TARGET, i.targets),
            label(Facet.PERPETRATOR, i.perpetrator) if i.perpetrator else "?",
            label(Facet.MOTIVE, i.motive) if i.motive else "?",
            many(Facet.MODUS_OPERANDI, i.modi_operandi),
            outcome_word(i.outcome, lang),
            "" if i.killed is None else i.killed,
        )
        for i in incidents
    )
    headers = [
        header("date", lang),
        header("incident", lang),
        header("where", lang),
        *(names.get(f.value, f.value) for f in Facet),
        header("outcome", lang),
        header("killed", lang),
    ]
    return html_table(headers, rows, total=len(incidents), lang=lang)


def relations_html(relations: Sequence[Relation], lang: str | None = None, taxonomy: Taxonomy | None = None) -> str:
    lang = get_language(lang)
    tax = taxonomy if taxonomy is not None else _builtin()
    label = labeler(tax, lang)
    kinds = {k.id: k.label(lang) for k in tax.kinds}
    rows = (
        (
            kinds.get(r.kind, r.kind),
            label(r.subject_facet, r.subject),
            label(r.object_facet, r.object),
            strength_word(r.strength, lang),
            r.translated("note", lang),
            source_links(r.sources),
        )
        for r in relations
    )
    headers = [header(h, lang) for h in ("kind", "subject", "object", "strength", "note", "sources")]
    return html_table(headers, rows, total=len(relations), lang=lang)


def _builtin() -> Taxonomy:
    from .taxonomy import or_builtin

    return or_builtin(None)


def to_html(obj: object, lang: str | None = None) -> str:
    """HTML for any displayable result: a term, scenario set, explanation, diffuseness, a
    partnership's coverage (registered by ``softtargets.pps``), or a sequence of relations
    or incidents. Results remember their taxonomy, so an extended one is shown as it is."""
    if isinstance(obj, Sequence) and not isinstance(obj, str) and obj:
        if all(isinstance(o, Incident) for o in obj):
            return incidents_html(list(obj), lang)
        if all(isinstance(o, Relation) for o in obj):
            return relations_html(list(obj), lang)
    return str(views.render("html", obj, lang))


def to_text(obj: Explanation | Diffuseness, lang: str | None = None) -> str:
    """Plain text of an explanation or diffuseness figures in ``lang`` (``str()`` of those
    objects stays the English, id-based form for developers)."""
    if isinstance(obj, Explanation):
        return "\n".join(explanation_text(obj, lang))
    if isinstance(obj, Diffuseness):
        return diffuseness_text(obj, lang)
    from .errors import ArgumentTypeError

    raise ArgumentTypeError(f"obj: expected an Explanation or Diffuseness, got {type(obj).__name__}")
