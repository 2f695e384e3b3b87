"""``softtargets trend``: the diffuseness measures per period on the built-in incidents or a
GTD export, with their 95% bootstrap intervals, and a Mann-Kendall test per measure."""

from __future__ import annotations

import argparse
import math
from typing import Any

from ..formatting import format_number
from ..language import message
from .commands import taxonomy_of
from .output import emit

__all__ = ["add_trend", "cmd_trend"]


def _cell(value: float, low: float, high: float, lang: str) -> str:
    if math.isnan(value):
        return "-"
    if math.isnan(low):
        return format_number(value, lang)
    return f"{format_number(value, lang)} [{format_number(low, lang)}-{format_number(high, lang)}]"


def cmd_trend(args: argparse.Namespace) -> str:
    """The measures per period (a table, JSON or CSV), then the trend test of each."""
    from .. import analytics
    from ..analytics.picture import measure_name

    tax = taxonomy_of(args)
    lang = args.lang
    source = analytics.incidents(args.gtd, taxonomy=tax) if args.gtd else analytics.incidents(taxonomy=tax)
    facets = [tax.facet(args.by).id] if args.by else None
    frame = analytics.diffuseness_over_time(source, window=args.window, step=args.window, facets=facets)
    names = [
        c
        for c in frame.columns
        if c not in ("period", "start", "end", "incidents") and not c.endswith(("_low", "_high"))
    ]
    if args.format != "table":
        records: list[dict[str, Any]] = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")
        ]
        return emit(args.format, [], records, list(frame.columns), getattr(args, "delimiter", None), lang)
    trend = analytics.diffuseness_trend(source, window=args.window, facets=facets, permutations=0)
    lines = []
    for name in names:
        headers = [
            message("analytics.period", lang),
            message("analytics.incidents", lang),
            measure_name(name, lang, tax),
        ]
        rows = [
            {
                "period": row["period"],
                "n": str(row["incidents"]),
                "value": _cell(row[name], row[f"{name}_low"], row[f"{name}_high"], lang),
            }
            for row in frame.to_dict("records")
        ]
        test = trend[trend["measure"] == name].iloc[0]
        lines.append(emit("table", headers, rows, ["period", "n", "value"]))
        lines.append(
            f"{message('analytics.tau', lang)} {_cell(float(test['tau']), math.nan, math.nan, lang)}, "
            f"{message('analytics.p_value', lang)} {_cell(float(test['p_value']), math.nan, math.nan, lang)}\n"
        )
    return "\n".join(lines).rstrip("\n")


def add_trend(p: argparse.ArgumentParser, help_text: Any) -> None:
    """The options of ``trend`` (``help_text(key, **values)`` gives a ``cli.help`` text)."""
    from ..facets import Facet

    p.add_argument("--by", metavar="FACET", help=help_text("trend_by", facets=", ".join(f.value for f in Facet)))
    p.add_argument("--window", type=int, default=1, metavar="N", help=help_text("trend_window", n=1))
    p.add_argument("--gtd", metavar="FILE", help=help_text("trend_gtd"))
