"""The ``softtargets`` command line (stdlib argparse).

softtargets threat voetbalstadion --lang nl
softtargets terms target
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import SofttargetsError
from .models import Lang
from .taxonomy import Taxonomy, load

__all__ = ["main"]

_MAX_LISTED = 20
_WIDTH = 80
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
    },
}


def _threat(tax: Taxonomy, target: str, lang: str) -> str:
    text = _TEXT[lang]
    term = tax.term(target, "target")
    found = tax.scenarios(target=term.id)
    diff = tax.diffuseness(target=term.id)
    documented = len(tax.scenarios(target=term.id, min_strength="documented"))
    lines = [text["threat"].format(label=term.label(lang), id=term.id), ""]
    if not found:
        lines.append(text["none"])
        return "\n".join(lines)
    lines.append(text["summary"].format(n=diff.scenarios, product=diff.product, share=diff.share))
    lines.append(text["documented"].format(n=documented))
    for info in tax.facets:
        if info.id == "target":
            continue
        counts = found.count_by(info.id)
        labels = {t.id: t.label(lang) for t in tax.terms(info.id)}
        spread = text["entropy"].format(value=diff.entropy[info.id])
        lines += [
            "",
            text["by"].format(facet=info.label(lang)) + "  " + spread,
        ]
        width = max(len(labels[str(k)]) for k in counts)
        top = max(counts.values()) or 1
        for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            bar = "#" * round(30 * n / top)
            lines.append(f"  {labels[str(key)]:<{width}}  {n:>5}  {bar}")
    term_labels = {(t.facet, t.id): t.label(lang) for t in tax.terms()}
    lines += ["", text["scenarios"]]
    for shown, scenario in enumerate(found):
        if shown == _MAX_LISTED:
            lines.append(text["more"].format(n=len(found) - shown))
            break
        names = [term_labels[(info.id, str(value))] for info, value in zip(tax.facets, scenario) if info.id != "target"]
        line = "  " + " / ".join(names)
        lines.append(line if len(line) <= _WIDTH else line[: _WIDTH - 3] + "...")
    return "\n".join(lines)


def _terms(tax: Taxonomy, facet: str | None, lang: str) -> str:
    lines = []
    for info in tax.facets:
        if facet is not None and info.id != facet:
            continue
        lines.append(f"{info.label(lang)}:")
        for term in tax.terms(info.id):
            indent = "    " if term.broader else "  "
            lines.append(f"{indent}{term.id:<30} {term.label(lang)}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="softtargets",
        description="The diffuse terrorist threat to soft targets, from the command line.",
        epilog="example: softtargets threat voetbalstadion --lang nl",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    threat = sub.add_parser(
        "threat",
        help="print the diffuse threat to a target type",
        epilog="example: softtargets threat 'christmas market' --lang en",
    )
    threat.add_argument("target", help="a target type: id, English or Dutch label")
    threat.add_argument("--lang", choices=[lang.value for lang in Lang], default="en")
    terms = sub.add_parser(
        "terms", help="list the terms of a facet", epilog="example: softtargets terms motive --lang nl"
    )
    terms.add_argument("facet", nargs="?", choices=["target", "perpetrator", "motive", "modus_operandi"])
    terms.add_argument("--lang", choices=[lang.value for lang in Lang], default="en")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (user mistakes: 2, no traceback)."""
    args = _parser().parse_args(argv)
    try:
        tax = load()
        if args.command == "threat":
            print(_threat(tax, args.target, args.lang))
        else:
            print(_terms(tax, args.facet, args.lang))
    except SofttargetsError as err:
        print(f"softtargets: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
