"""``softtargets assess``: assess a site file, or the built-in site of a study case.

``--format table`` (the summary and the top ranks), ``json`` (the whole assessment), ``csv``
(one row per scenario) or ``html`` (the printable report); ``-o FILE`` writes the output to a
file. The site file is read with the library's bounded reader; its mistakes are reported
together, each with its line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import OutputError
from ..language import message
from .output import OUTPUT_FORMATS, Output, emit
from .texts import sentences

__all__ = ["FORMATS", "arguments", "cmd_assess"]

FORMATS = (*OUTPUT_FORMATS, "html")
"""The ``--format`` choices of ``assess``: the common ones and the HTML report."""

SHOWN = 20
"""Ranks listed under the summary in the table output."""


def arguments(p: argparse.ArgumentParser, lang: str | None) -> None:
    """The arguments of ``assess`` (the parser gives it the common options with ``FORMATS``)."""
    from ..assess.cases import CASE_SITES

    def say(key: str, **values: object) -> str:
        return message(f"cli.help.{key}", lang).format(**values)

    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("site", nargs="?", type=Path, metavar="SITE", help=say("assess_site"))
    group.add_argument("--case", choices=CASE_SITES, help=say("assess_case", cases=", ".join(CASE_SITES)))
    p.add_argument("-o", "--output", metavar="FILE", help=say("assess_output"))


def cmd_assess(args: argparse.Namespace) -> Output:
    """Assess the site and write it in the chosen format (to ``-o FILE`` when given)."""
    from .. import assess
    from .commands import taxonomy_of

    tax = taxonomy_of(args)
    site = assess.case_site(args.case) if args.case else assess.read_site(args.site, taxonomy=tax)
    result = assess.assess(site, tax)
    lang = args.lang
    if args.format == "html":
        text = result.to_html(lang=lang)
    elif args.format == "json":
        text = result.to_json()
    else:
        records = result.to_records(lang)
        if args.format == "csv":
            text = emit("csv", [], records, list(records[0]) if records else [], args.delimiter, lang)
        else:
            columns = ["rank", *result.facets, "residual", "measures"]
            heads = [
                message("assess.head.rank", lang),
                *(tax.facet(f).label(lang) for f in result.facets),
                message("assess.head.residual", lang),
                message("header.measures", lang),
            ]
            shown = [
                {**r, "residual": f"{r['residual']:.3f}".replace(".", message("number.decimal", lang))}
                for r in records[:SHOWN]
            ]
            text = result.to_text(lang, limit=0).rstrip("\n") + "\n\n" + emit("table", heads, shown, columns)
    if args.output:
        try:
            Path(args.output).write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        except OSError as err:
            raise OutputError(args.output, err.strerror or str(err)) from None
        return sentences(lang)["wrote"].format(path=args.output, n=len(text))
    return text.rstrip("\n")
