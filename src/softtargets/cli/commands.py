"""The commands: each takes the parsed arguments and returns the text to print.

Every command works on the taxonomy the common options describe (the built-in one, plus
``--plugins`` and ``--extension`` files); facet columns and labels come from its schema.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from collections.abc import Sequence
from typing import Any

from ..behaviour import Strength
from ..facets import Facet
from ..formatting import format_date, format_number, format_percent
from ..language import Lang
from ..scenarios import ScenarioSet, spread
from ..taxonomy import Taxonomy, load
from ..wording import documented_test, header, labeler, outcome_word, strength_word, words
from .output import WIDTH, Output, cut, emit, plain, table
from .texts import sentences

__all__ = [
    "cmd_cases",
    "cmd_coverage",
    "cmd_diffuseness",
    "cmd_evidence",
    "cmd_explain",
    "cmd_export",
    "cmd_incidents",
    "cmd_scenarios",
    "cmd_term",
    "cmd_terms",
    "cmd_threat",
    "cmd_validate",
    "plugin_hint",
    "taxonomy_of",
]

MAX_LISTED = 20
"""Scenarios listed under the summary of ``threat``."""


def taxonomy_of(args: argparse.Namespace) -> Taxonomy:
    """The taxonomy the common options describe: built-in, ``--plugins``, ``--extension`` files."""
    tax = load(plugins=bool(getattr(args, "plugins", False)))
    files = getattr(args, "extension", None) or []
    if files:
        from ..extension import Extension  # only then: it builds the validators

        tax = tax.extend(*(Extension.from_file(f) for f in files))
    return tax


def plugin_hint(args: argparse.Namespace) -> str | None:
    """For an unknown term without ``--plugins``: a hint naming the installed extension
    plugins that might define it (entry point names only; no plugin is loaded), or None."""
    if getattr(args, "plugins", False):
        return None
    from importlib.metadata import entry_points

    names = sorted({ep.name for ep in entry_points(group="softtargets.extensions")})
    if not names:
        return None
    return sentences(getattr(args, "lang", None) or Lang.EN)["plugin_hint"].format(names=", ".join(names))


def _emit(
    args: argparse.Namespace, headers: Sequence[str], records: Sequence[dict[str, Any]], columns: Sequence[str]
) -> str:
    """``emit`` in the language of ``args`` and with its ``--delimiter``."""
    return emit(args.format, headers, records, columns, getattr(args, "delimiter", None), args.lang)


def _strength_of(documented: bool, lang: str) -> dict[str, str]:
    strength = Strength.DOCUMENTED if documented else Strength.PLAUSIBLE
    return {"strength": strength.value, "strength_label": strength_word(strength, lang)}


def _scenario_records(tax: Taxonomy, found: ScenarioSet, lang: str, limit: int | None = None) -> list[dict[str, Any]]:
    """One record per scenario: ids, labels in ``lang`` and its ``strength`` ("documented"
    when it rests only on documented relations, else "plausible") with its word in ``lang``."""
    label = labeler(tax, lang)
    documented = documented_test(found)
    out = []
    for n, s in enumerate(found):
        if limit is not None and n >= limit:
            break
        record: dict[str, Any] = {}
        for info, value in zip(tax.facets, s, strict=False):
            record[info.id] = str(value)
            record[f"{info.id}_label"] = label(info.id, value)
        record.update(_strength_of(documented(s), lang))
        out.append(record)
    return out


def _scenario(args: argparse.Namespace) -> tuple[str, ...]:
    """The scenario given as positional arguments, one per built-in facet (see the parser)."""
    return tuple(getattr(args, f"scenario_{f.value}") for f in Facet)


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    """The ``--<facet>`` filter options, by facet id."""
    return {f.value: getattr(args, f.value) for f in Facet}


def cmd_terms(args: argparse.Namespace) -> str:
    """List the terms of one facet, or of all."""
    tax = taxonomy_of(args)
    wanted = tax.facet(args.facet).id if args.facet else None
    records = [
        {
            "facet": info.id,
            "id": term.id,
            "label": term.label(args.lang),
            "broader": term.broader,
            "definition": term.translated("definition", args.lang),
        }
        for info in tax.facets
        if wanted in (None, info.id)
        for term in tax.terms(info.id)
    ]
    columns = ["facet", "id", "label", "broader"]
    return _emit(args, [header(c, args.lang) for c in columns], records, columns)


def cmd_term(args: argparse.Namespace) -> str:
    """Show one term: its label and definition in ``--lang``, its labels in every language,
    alt labels, sources."""
    tax = taxonomy_of(args)
    term = tax.term(args.text, args.facet)
    lang = args.lang
    record = {
        "facet": term.facet,
        "id": term.id,
        "label": term.label(lang),
        **{f"label_{code.value}": term.label(code) for code in Lang},
        "alt_labels": [alt for code in Lang for alt in term.alt_labels(code)],
        "broader": term.broader,
        "definition": term.translated("definition", lang),
        "sources": [s.id for s in term.sources],
    }
    if args.format != "table":
        return _emit(args, [], [record], list(record))

    def name(key: str) -> str:
        stem, _, code = key.rpartition("_")
        if stem == "label" and code in {c.value for c in Lang}:
            return f"{header('label', lang)} ({code})"
        return header(key, lang)

    rows = [[name(k), plain(v)] for k, v in record.items()]
    return table([header("field", lang), header("value", lang)], rows, fixed=[0], wrap=True)


def cmd_scenarios(args: argparse.Namespace) -> str:
    """List the scenarios that match the filters (a table is cut at ``--limit`` rows), each
    with its strength: documented (only documented relations) or plausible."""
    tax = taxonomy_of(args)
    found = tax.scenarios(min_strength=args.min_strength, **_filters(args))
    limit = args.limit if args.format == "table" else None
    records = _scenario_records(tax, found, args.lang, limit)
    columns = [f"{f.id}_label" for f in tax.facets] + ["strength_label"]
    headers = [f.label(args.lang) for f in tax.facets] + [header("strength", args.lang)]
    out = _emit(args, headers, records, columns)
    if args.format == "table" and len(found) > len(records):
        out += "\n" + sentences(args.lang)["shown"].format(shown=len(records), n=len(found), limit=args.limit)
    return out


def cmd_explain(args: argparse.Namespace) -> str:
    """Why a scenario is, or is not, part of the diffuse threat."""
    tax = taxonomy_of(args)
    lang = args.lang
    why = tax.explain(_scenario(args), min_strength=args.min_strength)
    if args.format == "table":
        from ..display import explanation_text

        lines = explanation_text(why, lang)
        return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent=" " * 4) for line in lines)
    kinds = {k.id: k for k in tax.kinds}
    records = []
    for req in why.requirements:
        for n, rel in enumerate(req.relations or (None,)):
            records.append(
                {
                    "kind": req.kind,
                    "kind_label": kinds[req.kind].label(lang) if req.kind in kinds else req.kind,
                    "subject": req.subject,
                    "object": req.object,
                    "satisfied": req.satisfied,
                    "via_subject": rel.subject if rel else None,
                    "via_object": rel.object if rel else None,
                    "strength": rel.strength.value if rel else None,
                    "strength_label": strength_word(rel.strength, lang) if rel else None,
                    "note": rel.translated("note", lang) if rel else None,
                    "incidents": req.incident_counts[n] if rel and req.incident_counts else 0,
                    "sources": [s.id for s in rel.sources] if rel else [],
                }
            )
    return _emit(args, [], records, [])


def cmd_diffuseness(args: argparse.Namespace) -> str:
    """How diffuse the threat is within the filters; the spread per facet runs from 0 (all
    scenarios in one category) to 1 (spread evenly)."""
    tax = taxonomy_of(args)
    d = tax.diffuseness(min_strength=args.min_strength, **_filters(args))
    record = {
        "scenarios": d.scenarios,
        "product": d.product,
        "share": round(d.share, 6),
        **{f"entropy_{k}": v for k, v in d.entropy.items()},
    }
    if args.format != "table":
        return _emit(args, [], [record], list(record))
    lang = args.lang
    said = words(lang)
    names = {f.id: f.label(lang) for f in tax.facets}
    rows: list[list[object]] = [
        [said["scenarios"], d.scenarios],
        [said["combinations"], d.product],
        [said["share"], format_percent(d.share, lang, 1)],
    ]
    rows += [[f"{said['entropy']}: {names[k]}", format_number(v, lang, 2)] for k, v in d.entropy.items()]
    out = table([header("figure", lang), header("value", lang)], rows)
    return out + "\n\n" + textwrap.fill(f"{said['entropy']}: {said['entropy_scale']}", WIDTH)


def cmd_threat(args: argparse.Namespace) -> str:
    """A readable summary of the diffuse threat to one target type: the spread over every
    other facet of the taxonomy, and the first scenarios."""
    tax = taxonomy_of(args)
    lang = args.lang
    text = sentences(lang)
    said = words(lang)
    target = Facet.TARGET.value
    term = tax.term(args.target, target)
    found = tax.scenarios(target=term.id)
    if args.format == "csv":  # flat: the scenarios only
        return _emit(args, [], _scenario_records(tax, found, lang), [])
    total, product, entropy = spread(found)  # the figures of tax.diffuseness, without its model
    share_of = total / product if product else 0.0
    documented = len(tax.scenarios(target=term.id, min_strength="documented"))
    others = [f for f in tax.facets if f.id != target]
    counts = {info.id: found.count_by(info.id) if found else {} for info in others}
    if args.format == "json":
        summary = {
            "target": term.id,
            "label": term.label(lang),
            "scenarios": total,
            "product": product,
            "share": round(share_of, 6),
            "documented": documented,
            "documented_share": round(documented / total, 6) if total else None,
            "entropy": {info.id: entropy.get(info.id) for info in others},
            "counts": {facet: {str(k): n for k, n in c.items()} for facet, c in counts.items()},
            "scenario_list": _scenario_records(tax, found, lang),
        }
        return json.dumps(summary, indent=2, ensure_ascii=False)
    lines = [text["threat"].format(label=term.label(lang), id=term.id), ""]
    if not found:
        lines.append(text["none"])
        return "\n".join(lines)
    share = format_percent(share_of, lang)
    lines.append(text["summary"].format(n=total, product=product, share=share))
    lines.append(text["documented"].format(n=documented))
    lines.append(f"{said['entropy']}: {said['entropy_scale']}")
    label = labeler(tax, lang)
    for info in others:
        by = counts[info.id]
        figure = f"{said['entropy']} {format_number(entropy[info.id], lang, 2)}"
        lines += ["", text["by"].format(facet=info.label(lang)) + "  " + figure]
        name_width = min(40, max(len(label(info.id, k)) for k in by))
        top = max(by.values()) or 1
        for key, n in sorted(by.items(), key=lambda kv: -kv[1]):
            bar = "#" * round((WIDTH - name_width - 12) * n / top)
            lines.append(f"  {cut(label(info.id, key), name_width):<{name_width}}  {n:>5}  {bar}".rstrip())
    lines += ["", text["scenarios"]]
    for shown, scenario in enumerate(found):
        if shown == MAX_LISTED:
            lines.append(text["more"].format(n=len(found) - shown))
            break
        names = [label(i.id, v) for i, v in zip(tax.facets, scenario, strict=False) if i.id != target]
        lines.append(cut("  " + " / ".join(names), WIDTH))
    return "\n".join(lines)


def cmd_incidents(args: argparse.Namespace) -> str:
    """List documented incidents, filtered like scenarios."""
    tax = taxonomy_of(args)
    found = tax.incidents(
        country=args.country,
        outcome=args.outcome,
        since=args.since,
        until=args.until,
        circumstance=args.circumstance,
        **_filters(args),
    )
    return _incident_output(args, tax, found)


def _incident_output(args: argparse.Namespace, tax: Taxonomy, incidents: Sequence[Any]) -> str:
    lang = args.lang
    label = labeler(tax, lang)
    motive = Facet.MOTIVE.value  # an incident records the built-in facets
    records = [
        {
            "id": i.id,
            "date": i.date.isoformat(),
            "name": i.translated("name", lang),
            "city": i.city,
            "country": i.country,
            "targets": list(i.targets),
            "perpetrator": i.perpetrator,
            "motive": i.motive,
            "modi_operandi": list(i.modi_operandi),
            "killed": i.killed,
            "injured": i.injured,
            "outcome": i.outcome.value,
            "outcome_label": outcome_word(i.outcome, lang),
            "circumstances": list(i.circumstances),
            "url": i.urls[0],
            "motive_label": label(motive, i.motive) if i.motive else None,
        }
        for i in incidents
    ]
    headers = [header("date", lang), header("incident", lang), header("country", lang), tax.facet(motive).label(lang)]
    columns = ["date", "name", "country", "motive_label"]
    if args.format == "table":  # dates written out in the language; JSON and CSV keep ISO dates
        shown = [{**r, "date": format_date(i.date, lang)} for r, i in zip(records, incidents, strict=True)]
        return _emit(args, headers, shown, columns)
    return _emit(args, headers, records, columns)


def cmd_evidence(args: argparse.Namespace) -> str:
    """The documented incidents behind a scenario."""
    tax = taxonomy_of(args)
    return _incident_output(args, tax, tax.evidence(_scenario(args)))


def cmd_cases(args: argparse.Namespace) -> str:
    """The study's three partnerships."""
    from .. import pps

    records = [
        {
            "id": p.id,
            "name": p.name,
            "country": p.country,
            "since": p.since,
            "actors": len(p.actors),
            "measures": len(p.measures),
            "findings": len(p.findings),
        }
        for p in pps.cases()
    ]
    columns = ["id", "name", "country", "actors", "measures"]
    return _emit(args, [header(c, args.lang) for c in columns], records, columns)


def cmd_coverage(args: argparse.Namespace) -> str:
    """Which plausible scenarios a partnership's measures cover, in the taxonomy of the
    common options; with ``--gaps`` only those no measure covers."""
    from .. import pps

    tax = taxonomy_of(args)
    lang = args.lang
    cov = pps.coverage(pps.case(args.case), tax)
    ids, labels = cov.to_records(), cov.to_records(lang)
    records = []
    for row, plain_row, shown in zip(cov.rows, ids, labels, strict=True):
        if args.gaps and row.covered:
            continue
        record: dict[str, Any] = {f.id: plain_row[f.id] for f in tax.facets}
        record.update({f"{f.id}_label": shown[f.id] for f in tax.facets})
        record.update(
            {
                "strength": plain_row["strength"],
                "strength_label": shown["strength"],
                "covered": row.covered,
                "provided_by": row.provided_by,
                "measures": plain_row["measures"],
                "provided_by_label": shown["provided_by"],
            }
        )
        records.append(record)
    columns = [f"{f.id}_label" for f in tax.facets] + ["strength_label", "provided_by_label"]
    headers = [f.label(lang) for f in tax.facets] + [header("strength", lang), header("provided_by", lang)]
    out = _emit(args, headers, records, columns)
    return (textwrap.fill(cov.to_text(lang), WIDTH) + "\n\n" + out) if args.format == "table" else out


def cmd_export(args: argparse.Namespace) -> str:
    """Export the taxonomy of the common options. ``FORMAT`` chooses the document written, so
    ``--format`` (the other commands' table, JSON or CSV) is refused rather than ignored."""
    if getattr(args, "format_given", False):
        raise ValueError(
            f"export writes the FORMAT it is given ({args.fmt}); --format applies to the other commands: "
            f"leave it out (softtargets export {args.fmt})"
        )
    tax = taxonomy_of(args)
    text = tax.export(args.fmt, args.output)
    if args.output:
        return sentences(args.lang)["wrote"].format(path=args.output, n=len(text))
    return text.rstrip("\n")


def cmd_validate(args: argparse.Namespace) -> Output:
    """Check an extension file against the taxonomy of the common options (the built-in one
    unless ``--plugins`` or ``--extension`` add to it). With ``--format json`` or ``csv`` the
    problems are records (``loc``, ``file``, ``line``, ``message``) on standard output, and
    the exit status is still 1 when there are any."""
    from ..errors import ExtensionError
    from ..extension import Extension

    base = taxonomy_of(args)
    try:
        ext = Extension.from_file(args.file, against=base)  # one error with every problem, or none
    except ExtensionError as err:
        if args.format == "table":
            raise
        problems = [{"loc": list(p.loc), "file": p.file, "line": p.line, "message": p.message} for p in err.problems]
        return _validation(args, {"file": str(args.file), "valid": False}, problems), 1
    tax = base.extend(ext)
    found = {
        "name": ext.name,
        "version": ext.version,
        "terms": len(ext.terms),
        "relations": len(ext.relations),
        "scenarios": len(tax.scenarios()),
        "before": len(base.scenarios()),
    }
    if args.format != "table":
        return _validation(args, {"file": str(args.file), "valid": True, **found}, [])
    return sentences(args.lang)["valid"].format(path=args.file, **found)


def _validation(args: argparse.Namespace, summary: dict[str, Any], problems: list[dict[str, Any]]) -> str:
    """``validate``'s result as JSON (one object, its ``problems`` a list) or CSV (a row per problem)."""
    if args.format == "json":
        return json.dumps({**summary, "problems": problems}, indent=2, ensure_ascii=False, default=str)
    rows = [{**p, "loc": ".".join(map(str, p["loc"]))} for p in problems]
    return _emit(args, [], rows, ["loc", "file", "line", "message"])
