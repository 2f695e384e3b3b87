"""The outputs of an assessment in one language: records (for frames, CSV and tables), plain
text, the notebook view and the self-contained printable HTML report.

Every word comes from the catalogue (``assess.*`` in ``data/messages.toml``), every label
from its record (terms, pps vocabulary); numbers and dates are written the language's way.
Each output says that the figures are relative indicators, not probabilities.
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..display import get_language, header
from ..errors import OutputError
from ..formatting import format_date, format_number, format_percent
from ..language import message
from ..pps.data import describe_many
from ..pps.vocabulary import SafetyChainPhase

if TYPE_CHECKING:
    from .assessment import Assessment

__all__ = ["notebook", "records", "report", "text"]

SHOWN = 15
"""Ranked scenarios shown in the report (all of them are in the data)."""

_CSS = """
body{font-family:Helvetica,Arial,sans-serif;color:#1d1d1d;margin:2em auto;max-width:60em;font-size:11pt}
body{line-height:1.35}h1{font-size:1.6em;margin-bottom:.1em}
h2{font-size:1.15em;border-bottom:1px solid #bbb;padding-bottom:.15em;margin-top:1.4em}
.note{background:#fff4d6;border-left:4px solid #e0a800;padding:.5em .8em;margin:.8em 0}
table{border-collapse:collapse;width:100%;margin:.4em 0;font-size:.9em}
th,td{border-bottom:1px solid #ddd;padding:.25em .4em;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#666;font-size:.9em}img.heat{max-width:100%}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}
table{page-break-inside:auto}tr{page-break-inside:avoid}}
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _say(key: str, lang: str, **values: object) -> str:
    text_ = message(f"assess.{key}", lang)
    return text_.format(**values) if values else text_


def _vocab(lang: str) -> Callable[[Any], str]:
    def show(member: Any) -> str:
        return describe_many([member])[0].label(lang)

    return show


def _term(a: Assessment, lang: str) -> Callable[[str, str], str]:
    labels = {(t.facet, t.id): t.label(lang) for t in a.taxonomy.terms()}

    def label(facet: str, value: str) -> str:
        return labels.get((facet, value), value)

    return label


def _n(x: float, lang: str) -> str:
    return format_number(float(x), lang, 3)


def records(a: Assessment, lang: str | None = None) -> list[dict[str, object]]:
    """One dict per ranked scenario: ids and numbers (rounded to 4 decimals; the
    assessment keeps them whole) by default; with ``lang``, the terms, measures and phases
    by their labels in it."""
    chosen = get_language(lang) if lang is not None else None
    term = _term(a, chosen) if chosen else (lambda facet, value: value)
    show = _vocab(chosen) if chosen else (lambda member: member.value)
    return [
        {
            "rank": r.rank,
            **{facet: term(facet, v) for facet, v in zip(a.facets, r.scenario, strict=True)},
            "documented": r.documented,
            "incidents": r.incidents,
            "likelihood": round(r.likelihood, 4),
            "vulnerability": round(r.vulnerability, 4),
            "consequence": round(r.consequence, 4),
            "risk": round(r.risk, 4),
            "residual": round(r.residual, 4),
            "measures": [show(m) for m in r.measures],
            "providers": list(r.providers),
            "phases": [show(p) for p in r.phases],
        }
        for r in a.rows
    ]


def _level(a: Assessment, lang: str) -> str:
    if a.threat_level is None:
        return _say("no_level", lang)
    from ..pps.data import load_pps

    level = next(lv for lv in load_pps().levels if lv.key == a.threat_level)
    scale = next(s for s in load_pps().scales if s.id == level.scale)
    return f"{level.translated('label', lang)} ({scale.issuer} {level.rank})"


def _summary(a: Assessment, lang: str) -> str:
    measures = len({m.measure for m in a.site.measures})
    return _say(
        "summary",
        lang,
        name=a.site.name,
        n=len(a.rows),
        date=format_date(a.date, lang),
        level=_level(a, lang),
        measures=measures,
        gaps=len(a.gaps),
    )


def _martyn(a: Assessment, lang: str) -> str:
    return _say("martyn", lang, tier=_say(f"tier.{a.martyns_law_tier}", lang))


def _sensitivity(a: Assessment, lang: str) -> str:
    return _say("sensitivity_text", lang, share=format_percent(a.stable, lang), top=a.method.sensitivity.top)


def _scenario_text(a: Assessment, lang: str, scenario: Sequence[str]) -> str:
    term = _term(a, lang)
    return " / ".join(term(f, v) for f, v in zip(a.facets, scenario, strict=True))


def text(a: Assessment, lang: str | None = None, limit: int = 10) -> str:
    """The summary, the disclaimer and the top ``limit`` scenarios as plain text."""
    lang = get_language(lang)
    show = _vocab(lang)
    lines = [_summary(a, lang), _say("disclaimer", lang), _martyn(a, lang), _sensitivity(a, lang), ""]
    for r in a.rows[:limit]:
        measures = ", ".join(show(m) for m in r.measures) or "-"
        lines.append(f"{r.rank:>3}  {_n(r.residual, lang)}  {_scenario_text(a, lang, r.scenario)}  [{measures}]")
    return "\n".join(lines)


def _table(heads: Sequence[str] | None, rows: Sequence[Sequence[object]], numeric: Sequence[int] = ()) -> str:
    out = ["<table>"]
    if heads is not None:
        out += ["<thead><tr>", *(f"<th>{_e(h)}</th>" for h in heads), "</tr></thead>"]
    out.append("<tbody>")
    for row in rows:
        cells = (f'<td class="n">{_e(c)}</td>' if n in numeric else f"<td>{_e(c)}</td>" for n, c in enumerate(row))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _ranked_html(a: Assessment, lang: str, limit: int) -> str:
    show = _vocab(lang)
    facet_heads = [a.taxonomy.facet(f).label(lang) for f in a.facets]
    heads = [
        _say("head.rank", lang),
        *facet_heads,
        *(_say(f"head.{k}", lang) for k in ("likelihood", "vulnerability", "consequence", "residual")),
        header("measures", lang),
    ]
    term = _term(a, lang)
    rows = [
        [
            r.rank,
            *(term(f, v) for f, v in zip(a.facets, r.scenario, strict=True)),
            _n(r.likelihood, lang),
            _n(r.vulnerability, lang),
            _n(r.consequence, lang),
            _n(r.residual, lang),
            ", ".join(show(m) for m in r.measures) or "-",
        ]
        for r in a.rows[:limit]
    ]
    first = len(a.facets) + 1
    out = _table(heads, rows, numeric=(0, first, first + 1, first + 2, first + 3))
    if len(a.rows) > limit:
        out += f'<p class="muted">{_e(_say("more", lang, n=len(a.rows) - limit))}</p>'
    return out


def _heat_values(a: Assessment) -> tuple[list[str], list[list[float]]]:
    modi = list(dict.fromkeys(c.modus_operandi for c in a.heatmap))
    value = {(c.modus_operandi, c.phase): c.value for c in a.heatmap}
    return modi, [[value[(mo, p)] for p in SafetyChainPhase] for mo in modi]


def heatmap_png(a: Assessment, lang: str) -> bytes | None:
    """The heatmap as PNG bytes, or None when matplotlib is not installed."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return None
    modi, grid = _heat_values(a)
    if not modi:
        return None
    term = _term(a, lang)
    show = _vocab(lang)
    fig = Figure(figsize=(7.5, 0.42 * len(modi) + 1.6))
    ax = fig.add_subplot()
    top = max((v for row in grid for v in row), default=1.0) or 1.0
    image = ax.imshow(grid, cmap="OrRd", vmin=0, vmax=top, aspect="auto")
    ax.set_xticks(range(len(SafetyChainPhase)), [show(p) for p in SafetyChainPhase], rotation=20, ha="right")
    ax.set_yticks(range(len(modi)), [term("modus_operandi", mo) for mo in modi])
    for y, row in enumerate(grid):
        for x, v in enumerate(row):
            ax.text(
                x,
                y,
                format_number(v, lang, 2),
                ha="center",
                va="center",
                fontsize=7,
                color="black" if v < 0.6 * top else "white",
            )
    fig.colorbar(image, ax=ax, label=_say("head.residual", lang))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": "softtargets"})
    return buffer.getvalue()


def _heatmap_html(a: Assessment, lang: str, image: bool) -> str:
    png = heatmap_png(a, lang) if image else None
    if png is not None:
        data = base64.b64encode(png).decode("ascii")
        return f'<img class="heat" alt="{_e(_say("heatmap_alt", lang))}" src="data:image/png;base64,{data}">'
    modi, grid = _heat_values(a)
    term, show = _term(a, lang), _vocab(lang)
    heads = ["", *(show(p) for p in SafetyChainPhase)]
    rows = [[term("modus_operandi", mo), *(_n(v, lang) for v in row)] for mo, row in zip(modi, grid, strict=True)]
    return _table(heads, rows, numeric=tuple(range(1, len(heads))))


def _gaps_html(a: Assessment, lang: str) -> str:
    if not a.gaps:
        return f"<p>{_e(_say('no_gaps', lang))}</p>"
    term, show = _term(a, lang), _vocab(lang)
    heads = [
        a.taxonomy.facet("modus_operandi").label(lang),
        header("phases", lang),
        _say("head.missing", lang),
        _say("head.sectors", lang),
        _say("head.residual", lang),
    ]
    rows = [
        [
            term("modus_operandi", g.modus_operandi),
            show(g.phase),
            ", ".join(show(m) for m in g.missing),
            ", ".join(show(s) for s in g.sectors),
            _n(g.residual, lang),
        ]
        for g in a.gaps
    ]
    return _table(heads, rows, numeric=(4,))


def _site_html(a: Assessment, lang: str) -> str:
    s, show, term = a.site, _vocab(lang), _term(a, lang)

    def value(v: str) -> str:
        return _say(f"value.{v}", lang)

    rows = [
        [
            _say("attr.target_types", lang),
            ", ".join(term("target", a.taxonomy.term(t, "target").id) for t in s.target_types),
        ],
        [_say("attr.ownership", lang), show(s.ownership)],
        [_say("attr.access", lang), show(s.access)],
        [_say("attr.capacity", lang), format_number(s.capacity, lang)],
        [_say("attr.setting", lang), value(s.setting.value)],
        [_say("attr.vehicle_access", lang), value(s.vehicle_access.value)],
        [_say("attr.symbolic_value", lang), ", ".join(value(v.value) for v in s.symbolic_value) or value("none")],
        [_say("attr.country", lang), s.country],
        [header("date", lang), format_date(s.date, lang)],
        [_say("attr.partners", lang), ", ".join(f"{p.name} ({show(p.sector)})" for p in s.partners) or "-"],
    ]
    return _table(None, rows)


def _rules_html(a: Assessment, lang: str) -> str:
    m, s = a.method, a.site
    attributes = {
        "vehicle_access": str(s.vehicle_access),
        "access": str(s.access),
        "setting": str(s.setting),
        "ownership": str(s.ownership),
    }
    applied: list[tuple[str, str, Sequence[str]]] = []
    for r in m.vulnerability.rule:
        if attributes[r.attribute] in r.values:
            applied.append((r.translated("note", lang), format_number(r.factor, lang), r.sources))
    for c in m.consequence.setting:
        if s.setting in c.values:
            applied.append((c.translated("note", lang), format_number(c.factor, lang), c.sources))
    for y in m.likelihood.symbolic:
        if y.value in s.symbolic_value:
            applied.append((y.translated("note", lang), format_number(y.factor, lang), y.sources))
    if not applied:
        return ""
    heads = [_say("head.rule", lang), _say("head.factor", lang), header("sources", lang)]
    return f"<h3>{_e(_say('rules', lang))}</h3>" + _table(
        heads, [[n, f, ", ".join(src)] for n, f, src in applied], (1,)
    )


def _sources_html(a: Assessment) -> str:
    catalogue = a.method.catalogue()
    from ..pps.data import load_pps

    known = {s.id: s for s in load_pps().sources} | {s.id: s for s in a.site.sources} | catalogue
    items = []
    for ref in a.sources:
        src = known.get(ref)
        if src is None:
            continue
        link = f'<a href="{_e(src.url)}">{_e(ref)}</a>' if src.url else _e(ref)
        items.append(f'<li title="{_e(src.citation)}">{link}</li>')
    return '<ul class="muted">' + "".join(items) + "</ul>"


def _sensitivity_html(a: Assessment, lang: str) -> str:
    heads = [
        _say("head.weight", lang),
        _say("head.factor", lang),
        _say("head.overlap", lang),
        _say("head.same_first", lang),
    ]
    rows = [
        [
            _say(f"head.{r.weight}", lang),
            format_number(r.factor, lang, 1),
            format_percent(r.top_overlap, lang),
            _say("yes" if r.same_first else "no", lang),
        ]
        for r in a.sensitivity
    ]
    return _table(heads, rows, numeric=(1, 2))


def body(a: Assessment, lang: str, *, image: bool = True, limit: int = SHOWN) -> str:
    """The report's sections as HTML (no page head)."""
    parts = [
        f"<h1>{_e(_say('heading', lang, title=_say('title', lang), name=a.site.name))}</h1>",
        f'<p class="note"><strong>{_e(_say("disclaimer", lang))}</strong></p>',
        f"<p>{_e(_summary(a, lang))}</p>",
        f"<p>{_e(_martyn(a, lang))}</p>",
        f"<h2>{_e(_say('site', lang))}</h2>",
        _site_html(a, lang),
        f"<h2>{_e(_say('ranked', lang))}</h2>",
        _ranked_html(a, lang, limit),
        f"<h2>{_e(_say('heatmap', lang))}</h2>",
        f'<p class="muted">{_e(_say("heatmap_note", lang))}</p>',
        _heatmap_html(a, lang, image),
        f"<h2>{_e(_say('gaps', lang))}</h2>",
        _gaps_html(a, lang),
        f"<h2>{_e(_say('sensitivity', lang))}</h2>",
        f"<p>{_e(_sensitivity(a, lang))}</p>",
        _sensitivity_html(a, lang),
        f"<h2>{_e(_say('method', lang))}</h2>",
        f"<p>{_e(_say('method_text', lang, effect=format_percent(a.method.mitigation.effect, lang)))}</p>",
        _rules_html(a, lang),
        f"<h2>{_e(_say('sources', lang))}</h2>",
        _sources_html(a),
    ]
    return "\n".join(p for p in parts if p)


def report(a: Assessment, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> str:
    """The self-contained HTML page; written to ``path`` when given (``OutputError`` when it
    cannot be)."""
    lang = get_language(lang)
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(_say('heading', lang, title=_say('title', lang), name=a.site.name))}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n"
        f"<body>\n{body(a, lang)}\n</body>\n</html>\n"
    )
    if path is not None:
        try:
            Path(path).write_text(page, encoding="utf-8")
        except OSError as err:
            raise OutputError(str(path), err.strerror or str(err)) from None
    return page


def notebook(a: Assessment) -> str:
    """The notebook view: the report's sections in the session language, top 10 only."""
    lang = get_language(None)
    return f'<div class="softtargets-assessment">{body(a, lang, limit=10)}</div>'
