"""The ``softtargets`` command line (stdlib argparse).

Every command takes ``--lang en|nl`` and ``--format table|json|csv``; tables fit 80 columns.
User mistakes print the library's message on stderr (with suggestions for unknown terms) and
exit with status 2, never a traceback; ``validate`` exits with 1 when the file has problems.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import SofttargetsError
from .taxonomy import Taxonomy, load

__all__ = ["main"]

WIDTH = 80
_MAX_LISTED = 20

_TEXT = {
    "en": {
        "threat": "Diffuse threat to {label} ({id})",
        "summary": "{n} plausible scenarios out of {product} combinations ({share:.0%}).",
        "documented": "{n} of them rest only on documented relations (real incidents).",
        "by": "By {facet}:",
        "entropy": "spread (normalised entropy) {value:.2f}",
        "none": "No scenario: nothing in the data relates this target to the other facets.",
        "scenarios": "Scenarios (perpetrator / motive / modus operandi):",
        "more": "  ... and {n} more",
        "shown": "{shown} of {n} scenarios shown (--limit {limit}; --format csv or json lists all).",
        "valid": "{path}: valid extension {name} {version}: {terms} terms, {relations} relations; "
        "{scenarios} scenarios after applying it (built-in: {before}).",
    },
    "nl": {
        "threat": "Diffuse dreiging voor {label} ({id})",
        "summary": "{n} plausibele scenario's van {product} combinaties ({share:.0%}).",
        "documented": "Daarvan berusten er {n} alleen op gedocumenteerde relaties (echte incidenten).",
        "by": "Per {facet}:",
        "entropy": "spreiding (genormaliseerde entropie) {value:.2f}",
        "none": "Geen scenario: niets in de data verbindt dit doelwit met de andere facetten.",
        "scenarios": "Scenario's (dader / motief / modus operandi):",
        "more": "  ... en nog {n}",
        "shown": "{shown} van {n} scenario's getoond (--limit {limit}; --format csv of json toont alles).",
        "valid": "{path}: geldige extensie {name} {version}: {terms} termen, {relations} relaties; "
        "{scenarios} scenario's na toepassing (ingebouwd: {before}).",
    },
}

_WORDS = {
    "en": {
        "date": "date",
        "incident": "incident",
        "country": "country",
        "motive": "motive",
        "id": "id",
        "name": "name",
        "actors": "actors",
        "measures": "measures",
        "by": "by",
        "figure": "figure",
        "value": "value",
        "scenarios": "scenarios",
        "combinations": "combinations",
        "share": "share",
        "entropy": "entropy",
        "ok": "ok",
        "missing": "MISSING",
        "via": "via",
        "incidents": "incidents",
        "part": "part of the diffuse threat",
        "not_part": "NOT part of the diffuse threat",
        "covered": "{name}: {covered} of {total} plausible scenarios covered ({share:.0%}); public only "
        "{public}, private only {private}, both {both}; gaps {none}",
        "none": "none",
        "both": "both",
        "public": "public",
        "private": "private",
    },
    "nl": {
        "date": "datum",
        "incident": "incident",
        "country": "land",
        "motive": "motief",
        "id": "id",
        "name": "naam",
        "actors": "actoren",
        "measures": "maatregelen",
        "by": "door",
        "figure": "maat",
        "value": "waarde",
        "scenarios": "scenario's",
        "combinations": "combinaties",
        "share": "aandeel",
        "entropy": "entropie",
        "ok": "ok",
        "missing": "ONTBREEKT",
        "via": "via",
        "incidents": "incidenten",
        "part": "deel van de diffuse dreiging",
        "not_part": "GEEN deel van de diffuse dreiging",
        "covered": "{name}: {covered} van {total} plausibele scenario's gedekt ({share:.0%}); alleen publiek "
        "{public}, alleen privaat {private}, beide {both}; lacunes {none}",
        "none": "geen",
        "both": "beide",
        "public": "publiek",
        "private": "privaat",
    },
}

# ---------------------------------------------------------------------------- output


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], width: int = WIDTH) -> str:
    """A plain-text table that fits ``width`` columns (long cells are cut with "…")."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    gap = 2
    while sum(widths) + gap * (len(widths) - 1) > width and max(widths) > 6:
        widths[widths.index(max(widths))] -= 1
    lines = ["  ".join(_cut(h, w).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_cut(c, w).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def _emit(
    args: argparse.Namespace, headers: Sequence[str], records: Sequence[dict[str, Any]], columns: Sequence[str]
) -> str:
    """Records as a table (the ``columns`` keys under ``headers``), JSON or CSV."""
    if args.format == "json":
        return json.dumps(list(records), indent=2, ensure_ascii=False, default=str)
    if args.format == "csv":
        buffer = io.StringIO()
        keys = list(records[0]) if records else list(columns)
        writer = csv.DictWriter(buffer, fieldnames=keys, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(
                {k: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in record.items()}
            )
        return buffer.getvalue().rstrip("\n")
    return table(headers, [[_plain(r.get(c, "")) for c in columns] for r in records])


def _plain(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


# ---------------------------------------------------------------------------- helpers


def _taxonomy(args: argparse.Namespace) -> Taxonomy:
    from .extension import Extension

    tax = load(plugins=bool(getattr(args, "plugins", False)))
    files = getattr(args, "extension", None) or []
    if files:
        tax = tax.extend(*(Extension.from_file(f) for f in files))
    return tax


def _labels(tax: Taxonomy, lang: str) -> Callable[[str, object], str]:
    names = {(t.facet, t.id): t.label(lang) for t in tax.terms()}
    return lambda facet, value: names.get((facet, str(value)), str(value))


def _scenario_records(tax: Taxonomy, scenarios: Any, lang: str, limit: int | None = None) -> list[dict[str, Any]]:
    label = _labels(tax, lang)
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


def _scenario(args: argparse.Namespace) -> tuple[str, str, str, str]:
    return (args.scenario_target, args.scenario_perpetrator, args.scenario_motive, args.scenario_modus_operandi)


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "target": args.target,
        "perpetrator": args.perpetrator,
        "motive": args.motive,
        "modus_operandi": args.modus_operandi,
    }


# ---------------------------------------------------------------------------- commands


def cmd_terms(args: argparse.Namespace) -> str:
    tax = _taxonomy(args)
    records = []
    for info in tax.facets:
        if args.facet and info.id != tax.facet(args.facet).id:
            continue
        for term in tax.terms(info.id):
            records.append(
                {
                    "facet": info.id,
                    "id": term.id,
                    "label": term.label(args.lang),
                    "broader": term.broader or "",
                    "definition": term.definition,
                }
            )
    return _emit(args, ["facet", "id", "label", "broader"], records, ["facet", "id", "label", "broader"])


def cmd_term(args: argparse.Namespace) -> str:
    tax = _taxonomy(args)
    term = tax.term(args.text, args.facet)
    record = {
        "facet": term.facet,
        "id": term.id,
        "label_en": term.label_en,
        "label_nl": term.label_nl,
        "alt_labels": [*term.alt_labels_en, *term.alt_labels_nl],
        "broader": term.broader or "",
        "definition": term.definition,
        "sources": [s.id for s in term.sources],
    }
    if args.format != "table":
        return _emit(args, [], [record], list(record))
    return table(["field", "value"], [[k, _plain(v)] for k, v in record.items()])


def cmd_scenarios(args: argparse.Namespace) -> str:
    tax = _taxonomy(args)
    found = tax.scenarios(min_strength=args.min_strength, **_filters(args))
    limit = args.limit if args.format == "table" else None
    records = _scenario_records(tax, found, args.lang, limit)
    columns = [f"{f.id}_label" for f in tax.facets]
    out = _emit(args, [f.label(args.lang) for f in tax.facets], records, columns)
    if args.format == "table" and len(found) > len(records):
        out += "\n" + _TEXT[args.lang]["shown"].format(shown=len(records), n=len(found), limit=args.limit)
    return out


def cmd_explain(args: argparse.Namespace) -> str:
    tax = _taxonomy(args)
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
                    "via_subject": rel.subject if rel else "",
                    "via_object": rel.object if rel else "",
                    "strength": rel.strength.value if rel else "",
                    "note": rel.note if rel else "",
                    "incidents": req.incident_counts[n] if rel and req.incident_counts else 0,
                    "sources": [s.id for s in rel.sources] if rel else [],
                }
            )
    return _emit(args, [], records, [])


def _explain_text(tax: Taxonomy, why: Any, lang: str) -> str:
    words = _WORDS[lang]
    label = _labels(tax, lang)
    kinds = {k.id: k for k in tax.kinds}
    head = " / ".join(label(f.id, v) for f, v in zip(tax.facets, why.scenario, strict=False))
    lines = [f"{head}: {words['part'] if why.plausible else words['not_part']}"]
    for req in why.requirements:
        kind = kinds[req.kind]
        pair = f"{label(kind.subject, req.subject)} {kind.label(lang)} {label(kind.object, req.object)}"
        if not req.relations:
            lines.append(f"{words['missing']}  {pair}")
            continue
        counts = req.incident_counts or (0,) * len(req.relations)
        for rel, n in zip(req.relations, counts, strict=False):
            via = (
                ""
                if (rel.subject, rel.object) == (req.subject, req.object)
                else (f" ({words['via']} {label(kind.subject, rel.subject)} / {label(kind.object, rel.object)})")
            )
            sources = "; ".join(s.id for s in rel.sources)
            lines.append(
                f"{words['ok']}  {pair}{via}: {rel.strength.value}, {n} {words['incidents']}. {rel.note} [{sources}]"
            )
    return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent=" " * 4) for line in lines)


def cmd_diffuseness(args: argparse.Namespace) -> str:
    tax = _taxonomy(args)
    d = tax.diffuseness(min_strength=args.min_strength, **_filters(args))
    record = {
        "scenarios": d.scenarios,
        "product": d.product,
        "share": round(d.share, 6),
        **{f"entropy_{k}": v for k, v in d.entropy.items()},
    }
    if args.format != "table":
        return _emit(args, [], [record], list(record))
    words = _WORDS[args.lang]
    names = {f.id: f.label(args.lang) for f in tax.facets}
    rows: list[list[object]] = [
        [words["scenarios"], d.scenarios],
        [words["combinations"], d.product],
        [words["share"], f"{d.share:.1%}"],
    ]
    rows += [[f"{words['entropy']}: {names[k]}", f"{v:.2f}"] for k, v in d.entropy.items()]
    return table([words["figure"], words["value"]], rows)


def cmd_threat(args: argparse.Namespace) -> str:
    tax = _taxonomy(args)
    lang = args.lang
    text = _TEXT[lang]
    term = tax.term(args.target, "target")
    found = tax.scenarios(target=term.id)
    if args.format != "table":
        return _emit(args, [], _scenario_records(tax, found, lang), [])
    diff = tax.diffuseness(target=term.id)
    documented = len(tax.scenarios(target=term.id, min_strength="documented"))
    lines = [text["threat"].format(label=term.label(lang), id=term.id), ""]
    if not found:
        lines.append(text["none"])
        return "\n".join(lines)
    lines.append(text["summary"].format(n=diff.scenarios, product=diff.product, share=diff.share))
    lines.append(text["documented"].format(n=documented))
    label = _labels(tax, lang)
    for info in tax.facets:
        if info.id == "target":
            continue
        counts = found.count_by(info.id)
        spread = text["entropy"].format(value=diff.entropy[info.id])
        lines += ["", text["by"].format(facet=info.label(lang)) + "  " + spread]
        name_width = min(40, max(len(label(info.id, k)) for k in counts))
        top = max(counts.values()) or 1
        for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            bar = "#" * round((WIDTH - name_width - 12) * n / top)
            lines.append(f"  {_cut(label(info.id, key), name_width):<{name_width}}  {n:>5}  {bar}".rstrip())
    lines += ["", text["scenarios"]]
    for shown, scenario in enumerate(found):
        if shown == _MAX_LISTED:
            lines.append(text["more"].format(n=len(found) - shown))
            break
        names = [label(i.id, v) for i, v in zip(tax.facets, scenario, strict=False) if i.id != "target"]
        lines.append(_cut("  " + " / ".join(names), WIDTH))
    return "\n".join(lines)


def cmd_incidents(args: argparse.Namespace) -> str:
    tax = _taxonomy(args)
    since = dt.date.fromisoformat(args.since) if args.since else None
    found = tax.incidents(country=args.country, outcome=args.outcome, since=since, **_filters(args))
    return _incident_output(args, found)


def _incident_output(args: argparse.Namespace, incidents: Sequence[Any]) -> str:
    words = _WORDS[args.lang]
    label = _labels(load(), args.lang)
    records = [
        {
            "id": i.id,
            "date": i.date.isoformat(),
            "name": i.name,
            "city": i.city or "",
            "country": i.country or "",
            "targets": list(i.targets),
            "perpetrator": i.perpetrator or "",
            "motive": i.motive or "",
            "modi_operandi": list(i.modi_operandi),
            "killed": i.killed,
            "injured": i.injured,
            "outcome": i.outcome.value,
            "url": i.urls[0],
            "motive_label": label("motive", i.motive) if i.motive else "",
        }
        for i in incidents
    ]
    headers = [words["date"], words["incident"], words["country"], words["motive"]]
    return _emit(args, headers, records, ["date", "name", "country", "motive_label"])


def cmd_evidence(args: argparse.Namespace) -> str:
    tax = _taxonomy(args)
    return _incident_output(args, tax.evidence(_scenario(args)))


def cmd_cases(args: argparse.Namespace) -> str:
    from . import pps

    records = [
        {
            "id": p.id,
            "name": p.name,
            "country": p.country,
            "since": p.since or "",
            "actors": len(p.actors),
            "measures": len(p.measures),
            "findings": len(p.findings),
        }
        for p in pps.cases()
    ]
    words = _WORDS[args.lang]
    headers = [words["id"], words["name"], words["country"], words["actors"], words["measures"]]
    return _emit(args, headers, records, ["id", "name", "country", "actors", "measures"])


def cmd_coverage(args: argparse.Namespace) -> str:
    from . import pps

    tax = _taxonomy(args)
    cov = pps.coverage(pps.case(args.case), tax)
    label = _labels(tax, args.lang)
    words = _WORDS[args.lang]
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
                "provided_by_label": words[r.provided_by],
            }
        )
        records.append(record)
    columns = [f"{f.id}_label" for f in tax.facets] + ["provided_by_label"]
    out = _emit(args, [f.label(args.lang) for f in tax.facets] + [words["by"]], records, columns)
    p = cov.by_provider
    summary = words["covered"].format(
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
    tax = _taxonomy(args)
    text = tax.export(args.fmt, args.output)
    return f"wrote {args.output} ({len(text):,} characters)" if args.output else text.rstrip("\n")


def cmd_validate(args: argparse.Namespace) -> str:
    from .extension import Extension

    base = load()
    ext = Extension.from_file(args.file, against=base)  # one error with every problem, or none
    tax = base.extend(ext)
    return _TEXT[args.lang]["valid"].format(
        path=args.file,
        name=ext.name,
        version=ext.version,
        terms=len(ext.terms),
        relations=len(ext.relations),
        scenarios=len(tax.scenarios()),
        before=len(base.scenarios()),
    )


# ---------------------------------------------------------------------------- parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["en", "nl"], default="en", help="label language (default en)")
    common.add_argument("--format", choices=["table", "json", "csv"], default="table", help="output format")
    common.add_argument(
        "--extension", action="append", metavar="FILE", help="apply an extension file (TOML, JSON, YAML); repeatable"
    )
    common.add_argument("--plugins", action="store_true", help="apply installed extension plugins (runs their code)")

    filters = argparse.ArgumentParser(add_help=False)
    for name, flag in (
        ("target", "--target"),
        ("perpetrator", "--perpetrator"),
        ("motive", "--motive"),
        ("modus_operandi", "--modus-operandi"),
    ):
        filters.add_argument(
            flag,
            dest=name,
            action="append",
            metavar="TERM",
            help=f"{name.replace('_', ' ')}: id or English/Dutch label; repeatable",
        )
    strength = argparse.ArgumentParser(add_help=False)
    strength.add_argument("--min-strength", choices=["plausible", "documented"], default="plausible")
    scenario = argparse.ArgumentParser(add_help=False)
    for name in ("target", "perpetrator", "motive", "modus_operandi"):  # (argparse cannot show a tuple metavar)
        scenario.add_argument(f"scenario_{name}", metavar=name.upper(), help=f"the scenario's {name.replace('_', ' ')}")

    parser = argparse.ArgumentParser(
        prog="softtargets",
        description="The diffuse terrorist threat to soft targets, from the command line.",
        epilog="example: softtargets scenarios --target voetbalstadion --lang nl\n"
        "run 'softtargets COMMAND --help' for the options of a command",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str,
        help_text: str,
        example: str,
        parents: list[argparse.ArgumentParser],
        func: Callable[[argparse.Namespace], str],
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            parents=[common, *parents],
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.set_defaults(func=func)
        return p

    p = add("terms", "list the terms of a facet (or all)", "softtargets terms motive --lang nl", [], cmd_terms)
    p.add_argument("facet", nargs="?", help="target, perpetrator, motive or modus_operandi")
    p = add("term", "show one term: labels, definition, sources", "softtargets term kerstmarkt", [], cmd_term)
    p.add_argument("text", help="id, English or Dutch label, or alt label")
    p.add_argument("--facet", help="the facet, when the text is ambiguous")
    p = add(
        "scenarios",
        "list the scenarios of the diffuse threat that match the filters",
        "softtargets scenarios --target voetbalstadion --motive jihadism --lang nl",
        [filters, strength],
        cmd_scenarios,
    )
    p.add_argument("--limit", type=_positive, default=40, help="rows in a table (default 40)")
    add(
        "explain",
        "why a scenario is, or is not, part of the diffuse threat",
        "softtargets explain christmas_market lone_actor jihadism vehicle_ramming",
        [scenario, strength],
        cmd_explain,
    )
    add(
        "diffuseness",
        "how diffuse the threat is within the filters",
        "softtargets diffuseness --target museum",
        [filters, strength],
        cmd_diffuseness,
    )
    p = add(
        "threat",
        "a readable summary of the diffuse threat to one target type",
        "softtargets threat voetbalstadion --lang nl",
        [],
        cmd_threat,
    )
    p.add_argument("target", help="a target type: id, English or Dutch label")
    p = add(
        "incidents",
        "list documented incidents, filtered like scenarios",
        "softtargets incidents --modus-operandi vehicle_ramming --country DE",
        [filters],
        cmd_incidents,
    )
    p.add_argument("--country", action="append", help="ISO 3166 alpha-2 code; repeatable")
    p.add_argument("--outcome", choices=["completed", "failed", "foiled"], action="append")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    add(
        "evidence",
        "the documented incidents behind a scenario",
        "softtargets evidence christmas_market organisation jihadism vehicle_ramming",
        [scenario],
        cmd_evidence,
    )
    add("cases", "the study's three partnerships", "softtargets cases", [], cmd_cases)
    p = add(
        "coverage",
        "which plausible scenarios a partnership's measures cover; the gaps",
        "softtargets coverage arena --gaps",
        [],
        cmd_coverage,
    )
    p.add_argument("case", help="arena, vierdaagse or diamantkwartier")
    p.add_argument("--gaps", action="store_true", help="only the scenarios no measure covers")
    p = add("export", "export the taxonomy", "softtargets export graphml -o softtargets.graphml", [], cmd_export)
    p.add_argument(
        "fmt",
        metavar="FORMAT",
        choices=["json", "turtle", "json-ld", "graphml", "gexf", "node-link", "stix"],
        help="json, turtle, json-ld, graphml, gexf, node-link or stix",
    )
    p.add_argument("-o", "--output", metavar="PATH", help="write to a file instead of standard output")
    p = add(
        "validate",
        "check an extension file against the built-in taxonomy",
        "softtargets validate examples/extension.toml",
        [],
        cmd_validate,
    )
    p.add_argument("file", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 invalid extension, 2 user mistake)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        out = args.func(args)
    except SofttargetsError as err:
        print(f"softtargets: error: {err}", file=sys.stderr)
        from .errors import ExtensionError

        return 1 if isinstance(err, ExtensionError) and args.command == "validate" else 2
    except (OSError, ValueError) as err:
        print(f"softtargets: error: {err}", file=sys.stderr)
        return 2
    with contextlib.suppress(BrokenPipeError):  # e.g. piped into head
        print(out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
