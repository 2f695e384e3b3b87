"""The commands: each takes the parsed arguments and returns the text to print.

Every command works on the taxonomy the common options describe (the built-in one, plus
``--plugins`` and ``--extension`` files); facet columns and labels come from its schema.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from ..display import labeler
from ..facets import Facet
from ..language import Lang
from ..taxonomy import Taxonomy, load
from .output import WIDTH, Output, cut, emit, plain, table
from .texts import sentences, words

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
    return f"hint: installed plugins ({', '.join(names)}) may define it: add --plugins"


def _scenario_records(
    tax: Taxonomy, scenarios: Iterable[Any], lang: str, limit: int | None = None
) -> list[dict[str, Any]]:
    label = labeler(tax, lang)
    out = []
    for n, s in enumerate(scenarios):
        if limit is not None and n >= limit:
            break
        record: dict[str, Any] = {}
        for info, value in zip(tax.facets, s, strict=False):
            record[info.id] = str(value)
            record[f"{info.id}_label"] = label(info.id, value)
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
            "definition": term.definition,
        }
        for info in tax.facets
        if wanted in (None, info.id)
        for term in tax.terms(info.id)
    ]
    return emit(args.format, ["facet", "id", "label", "broader"], records, ["facet", "id", "label", "broader"])


def cmd_term(args: argparse.Namespace) -> str:
    """Show one term: labels, definition, sources."""
    tax = taxonomy_of(args)
    term = tax.term(args.text, args.facet)
    record = {
        "facet": term.facet,
        "id": term.id,
        **{f"label_{lang.value}": getattr(term, f"label_{lang.value}") for lang in Lang},
        "alt_labels": [alt for lang in Lang for alt in term.alt_labels(lang)],
        "broader": term.broader,
        "definition": term.definition,
        "sources": [s.id for s in term.sources],
    }
    if args.format != "table":
        return emit(args.format, [], [record], list(record))
    return table(["field", "value"], [[k, plain(v)] for k, v in record.items()], fixed=[0], wrap=True)


def cmd_scenarios(args: argparse.Namespace) -> str:
    """List the scenarios that match the filters (a table is cut at ``--limit`` rows)."""
    tax = taxonomy_of(args)
    found = tax.scenarios(min_strength=args.min_strength, **_filters(args))
    limit = args.limit if args.format == "table" else None
    records = _scenario_records(tax, found, args.lang, limit)
    columns = [f"{f.id}_label" for f in tax.facets]
    out = emit(args.format, [f.label(args.lang) for f in tax.facets], records, columns)
    if args.format == "table" and len(found) > len(records):
        out += "\n" + sentences(args.lang)["shown"].format(shown=len(records), n=len(found), limit=args.limit)
    return out


def cmd_explain(args: argparse.Namespace) -> str:
    """Why a scenario is, or is not, part of the diffuse threat."""
    tax = taxonomy_of(args)
    why = tax.explain(_scenario(args), min_strength=args.min_strength)
    if args.format == "table":
        return _explain_text(tax, why, args.lang)
    records = []
    for req in why.requirements:
        for n, rel in enumerate(req.relations or (None,)):
            records.append(
                {
                    "kind": req.kind,
                    "subject": req.subject,
                    "object": req.object,
                    "satisfied": req.satisfied,
                    "via_subject": rel.subject if rel else None,
                    "via_object": rel.object if rel else None,
                    "strength": rel.strength.value if rel else None,
                    "note": rel.note if rel else None,
                    "incidents": req.incident_counts[n] if rel and req.incident_counts else 0,
                    "sources": [s.id for s in rel.sources] if rel else [],
                }
            )
    return emit(args.format, [], records, [])


def _explain_text(tax: Taxonomy, why: Any, lang: str) -> str:
    said = words(lang)
    label = labeler(tax, lang)
    kinds = {k.id: k for k in tax.kinds}
    head = " / ".join(label(f.id, v) for f, v in zip(tax.facets, why.scenario, strict=False))
    lines = [f"{head}: {said['part'] if why.plausible else said['not_part']}"]
    for req in why.requirements:
        kind = kinds[req.kind]
        pair = f"{label(kind.subject, req.subject)} {kind.label(lang)} {label(kind.object, req.object)}"
        if not req.relations:
            lines.append(f"{said['missing']}  {pair}")
            continue
        counts = req.incident_counts or (0,) * len(req.relations)
        for rel, n in zip(req.relations, counts, strict=False):
            via = (
                ""
                if (rel.subject, rel.object) == (req.subject, req.object)
                else (f" ({said['via']} {label(kind.subject, rel.subject)} / {label(kind.object, rel.object)})")
            )
            sources = "; ".join(s.id for s in rel.sources)
            lines.append(
                f"{said['ok']}  {pair}{via}: {rel.strength.value}, {n} {said['incidents']}. {rel.note} [{sources}]"
            )
    return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent=" " * 4) for line in lines)


def cmd_diffuseness(args: argparse.Namespace) -> str:
    """How diffuse the threat is within the filters."""
    tax = taxonomy_of(args)
    d = tax.diffuseness(min_strength=args.min_strength, **_filters(args))
    record = {
        "scenarios": d.scenarios,
        "product": d.product,
        "share": round(d.share, 6),
        **{f"entropy_{k}": v for k, v in d.entropy.items()},
    }
    if args.format != "table":
        return emit(args.format, [], [record], list(record))
    said = words(args.lang)
    names = {f.id: f.label(args.lang) for f in tax.facets}
    rows: list[list[object]] = [
        [said["scenarios"], d.scenarios],
        [said["combinations"], d.product],
        [said["share"], f"{d.share:.1%}"],
    ]
    rows += [[f"{said['entropy']}: {names[k]}", f"{v:.2f}"] for k, v in d.entropy.items()]
    return table([said["figure"], said["value"]], rows)


def cmd_threat(args: argparse.Namespace) -> str:
    """A readable summary of the diffuse threat to one target type: the spread over every
    other facet of the taxonomy, and the first scenarios."""
    tax = taxonomy_of(args)
    lang = args.lang
    text = sentences(lang)
    target = Facet.TARGET.value
    term = tax.term(args.target, target)
    found = tax.scenarios(target=term.id)
    if args.format == "csv":  # flat: the scenarios only
        return emit(args.format, [], _scenario_records(tax, found, lang), [])
    diff = tax.diffuseness(target=term.id)
    documented = len(tax.scenarios(target=term.id, min_strength="documented"))
    others = [f for f in tax.facets if f.id != target]
    counts = {info.id: found.count_by(info.id) if found else {} for info in others}
    if args.format == "json":
        summary = {
            "target": term.id,
            "label": term.label(lang),
            "scenarios": diff.scenarios,
            "product": diff.product,
            "share": round(diff.share, 6),
            "documented": documented,
            "documented_share": round(documented / diff.scenarios, 6) if diff.scenarios else None,
            "entropy": {info.id: diff.entropy.get(info.id) for info in others},
            "counts": {facet: {str(k): n for k, n in c.items()} for facet, c in counts.items()},
            "scenario_list": _scenario_records(tax, found, lang),
        }
        return json.dumps(summary, indent=2, ensure_ascii=False)
    lines = [text["threat"].format(label=term.label(lang), id=term.id), ""]
    if not found:
        lines.append(text["none"])
        return "\n".join(lines)
    lines.append(text["summary"].format(n=diff.scenarios, product=diff.product, share=diff.share))
    lines.append(text["documented"].format(n=documented))
    label = labeler(tax, lang)
    for info in others:
        by = counts[info.id]
        spread = text["entropy"].format(value=diff.entropy[info.id])
        lines += ["", text["by"].format(facet=info.label(lang)) + "  " + spread]
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
    said = words(args.lang)
    label = labeler(tax, args.lang)
    motive = Facet.MOTIVE.value  # an incident records the built-in facets
    records = [
        {
            "id": i.id,
            "date": i.date.isoformat(),
            "name": i.name,
            "city": i.city,
            "country": i.country,
            "targets": list(i.targets),
            "perpetrator": i.perpetrator,
            "motive": i.motive,
            "modi_operandi": list(i.modi_operandi),
            "killed": i.killed,
            "injured": i.injured,
            "outcome": i.outcome.value,
            "circumstances": list(i.circumstances),
            "url": i.urls[0],
            "motive_label": label(motive, i.motive) if i.motive else None,
        }
        for i in incidents
    ]
    headers = [said["date"], said["incident"], said["country"], said["motive"]]
    return emit(args.format, headers, records, ["date", "name", "country", "motive_label"])


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
    said = words(args.lang)
    headers = [said["id"], said["name"], said["country"], said["actors"], said["measures"]]
    return emit(args.format, headers, records, ["id", "name", "country", "actors", "measures"])


def cmd_coverage(args: argparse.Namespace) -> str:
    """Which plausible scenarios a partnership's measures cover, in the taxonomy of the
    common options; with ``--gaps`` only those no measure covers."""
    from .. import pps

    tax = taxonomy_of(args)
    cov = pps.coverage(pps.case(args.case), tax)
    label = labeler(tax, args.lang)
    said = words(args.lang)
    rows = [r for r in cov.rows if not (args.gaps and r.covered)]
    records = []
    for r in rows:
        record: dict[str, Any] = {f.id: str(v) for f, v in zip(tax.facets, r.scenario, strict=False)}
        record.update({f"{f.id}_label": label(f.id, v) for f, v in zip(tax.facets, r.scenario, strict=False)})
        record.update(
            {
                "covered": r.covered,
                "provided_by": r.provided_by,
                "measures": [m.value for m in r.measures],
                "provided_by_label": said[r.provided_by],
            }
        )
        records.append(record)
    columns = [f"{f.id}_label" for f in tax.facets] + ["provided_by_label"]
    out = emit(args.format, [f.label(args.lang) for f in tax.facets] + [said["by"]], records, columns)
    p = cov.by_provider
    summary = said["covered"].format(
        name=cov.partnership.name,
        covered=len(cov.covered),
        total=len(cov.rows),
        share=cov.share_covered,
        public=p["public"],
        private=p["private"],
        both=p["both"],
        none=p["none"],
    )
    return (textwrap.fill(summary, WIDTH) + "\n\n" + out) if args.format == "table" else out


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
    return f"wrote {args.output} ({len(text):,} characters)" if args.output else text.rstrip("\n")


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
    return emit(args.format, [], rows, ["loc", "file", "line", "message"])
