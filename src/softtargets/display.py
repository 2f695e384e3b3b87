"""Display in notebooks: the session's label language and HTML for the library's results.

``set_language("nl")`` makes Dutch the default for every display; each ``to_html`` call can
override it with ``lang=``. Jupyter calls ``_repr_html_`` on terms, scenario sets,
explanations, diffuseness, incidents and partnership coverage, which delegate here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import views
from .language import get_language as _get_language
from .language import message
from .language import set_language as _set_language
from .models import Incident, Relation, Term
from .scenarios import Diffuseness, Explanation, ScenarioSet

if TYPE_CHECKING:
    from .models import Source
    from .taxonomy import Taxonomy

__all__ = [
    "MAX_ROWS",
    "Raw",
    "get_language",
    "html_table",
    "labeler",
    "set_language",
    "source_links",
    "to_html",
    "words",
]

MAX_ROWS = 20
"""Rows shown before a table is cut (the count of the rest is shown)."""

_WORDS = (
    "scenarios",
    "of",
    "more",
    "plausible",
    "not_plausible",
    "missing",
    "via",
    "incidents",
    "share",
    "entropy",
    "covered",
    "gaps",
    "by",
    "measures",
    "none",
)


def set_language(lang: str | None) -> None:
    """Set the session's default language: ``st.set_language`` (kept here for old code)."""
    _set_language(lang)


def get_language(lang: str | None = None) -> str:
    """The language an output uses: ``lang``, the session default, ``SOFTTARGETS_LANG``, English."""
    return _get_language(lang).value


def _filter_text(value: object) -> str:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return str(value)
    return ", ".join(map(str, value))


def _e(value: object) -> str:
    return html.escape(str(value))


def html_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], total: int | None = None, lang: str = "en"
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


def words(lang: str | None = None) -> dict[str, str]:
    """The display vocabulary (table headers, verdicts) in ``lang`` or the session language."""
    return {key: message(f"display.{key}", lang) for key in _WORDS}


def labeler(tax: Taxonomy, lang: str) -> Any:
    """A function ``(facet id, term id or member) -> label in lang`` over ``tax``."""
    labels = {(t.facet, t.id): t.label(lang) for t in tax.terms()}

    def label(facet: str, value: object) -> str:
        return labels.get((facet, str(value)), str(value))

    return label


@views.register("html", Term)
def term_html(term: Term, lang: str | None = None) -> str:
    lang = get_language(lang)
    alt = ", ".join(term.alt_labels(lang))
    rows = [
        ("id", term.id),
        ("facet", term.facet),
        ("en / nl", f"{term.label_en} / {term.label_nl}"),
        ("alt", alt or "-"),
        ("broader", term.broader or "-"),
        ("definition", term.definition),
        ("sources", source_links(term.sources)),
    ]
    return f"<strong>{_e(term.label(lang))}</strong>" + html_table(["", ""], rows, lang=lang)


@views.register("html", ScenarioSet)
def scenario_set_html(found: ScenarioSet, lang: str | None = None) -> str:
    lang = get_language(lang)
    tax = found.taxonomy
    label = labeler(tax, lang)
    said = words(lang)
    total = len(found)
    head = f"<p><strong>{total} {said['scenarios']}</strong>"
    if found.filters:
        shown = "; ".join(f"{k} = {_filter_text(v)}" for k, v in found.filters.items())
        head += f" ({_e(shown)})"
    head += "</p>"
    counts = []
    for info in tax.facets:
        by = found.count_by(info.id)
        top = sorted(((n, label(info.id, k)) for k, n in by.items() if n), reverse=True)[:6]
        counts.append((info.label(lang), ", ".join(f"{name} {n}" for n, name in top) or "-"))
    summary = html_table(["", ""], counts, lang=lang)
    rows = ([label(info.id, v) for info, v in zip(tax.facets, s, strict=False)] for s in found)
    table = html_table([f.label(lang) for f in tax.facets], rows, total=total, lang=lang)
    return head + summary + table


@views.register("html", Explanation)
def explanation_html(why: Explanation, lang: str | None = None) -> str:
    lang = get_language(lang)
    tax = why.taxonomy or _builtin()
    said = words(lang)
    label = labeler(tax, lang)
    facets = [f.id for f in tax.facets]
    title = " / ".join(label(f, v) for f, v in zip(facets, why.scenario, strict=False))
    verdict = said["plausible"] if why.plausible else said["not_plausible"]
    rows: list[Sequence[object]] = []
    kinds = {k.id: k for k in tax.kinds}
    for req in why.requirements:
        kind = kinds.get(req.kind)
        pair = (
            f"{label(kind.subject, req.subject)} → {label(kind.object, req.object)}"
            if kind is not None
            else f"{req.subject} → {req.object}"
        )
        if not req.relations:
            rows.append((req.kind, pair, said["missing"], "", "", ""))
            continue
        counts = req.incident_counts or (0,) * len(req.relations)
        for rel, n in zip(req.relations, counts, strict=False):
            via = (
                ""
                if (rel.subject, rel.object) == (req.subject, req.object)
                else f" ({said['via']} {rel.subject} → {rel.object})"
            )
            rows.append((req.kind, pair + via, rel.strength.value, rel.note, n, source_links(rel.sources)))
    table = html_table(["kind", "", "strength", "note", said["incidents"], "sources"], rows, lang=lang)
    return f"<p><strong>{_e(title)}</strong>: {_e(verdict)}</p>" + table


@views.register("html", Diffuseness)
def diffuseness_html(d: Diffuseness, lang: str | None = None) -> str:
    lang = get_language(lang)
    tax = d.taxonomy
    said = words(lang)
    rows: list[Sequence[object]] = [
        (said["scenarios"], f"{d.scenarios} {said['of']} {d.product}"),
        (said["share"], f"{d.share:.1%}"),
    ]
    names = {f.id: f.label(lang) for f in tax.facets} if tax is not None else {}
    rows += [(f"{said['entropy']}: {names.get(k, k)}", f"{v:.2f}") for k, v in d.entropy.items()]
    return html_table(["", ""], rows, lang=lang)


def incidents_html(incidents: Sequence[Incident], lang: str | None = None) -> str:
    lang = get_language(lang)
    rows = (
        (
            i.date.isoformat(),
            Raw(f'<a href="{_e(i.urls[0])}">{_e(i.name)}</a>'),
            f"{i.city or ''} {i.country or ''}",
            ", ".join(i.targets),
            i.perpetrator or "?",
            i.motive or "?",
            ", ".join(i.modi_operandi),
            i.killed if i.killed is not None else "",
        )
        for i in incidents
    )
    return html_table(
        ["date", "incident", "where", "targets", "perpetrator", "motive", "modi operandi", "killed"],
        rows,
        total=len(incidents),
        lang=lang,
    )


def relations_html(relations: Sequence[Relation], lang: str | None = None) -> str:
    lang = get_language(lang)
    rows = ((r.kind, r.subject, r.object, r.strength.value, r.note, source_links(r.sources)) for r in relations)
    return html_table(
        ["kind", "subject", "object", "strength", "note", "sources"], rows, total=len(relations), lang=lang
    )


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
