"""The argument parser. Every list of choices comes from its one source: languages from
``Lang``, strengths from ``Strength``, outcomes from ``Outcome``, export formats from
``interop.FORMATS``, output formats from ``OUTPUT_FORMATS``.

The filter options (``--target`` ...) and the scenario arguments of ``explain`` and
``evidence`` are one per facet of the built-in schema (``Facet``): the parser is built before
any extension file is read. Facet names given as values (``softtargets terms FACET``) are
checked against the taxonomy in use, extensions included.

Every piece of lookup text (terms, facets, cases, countries) is refused while parsing when it
is longer than ``limits.MAX_QUERY_CHARS``, before any lookup runs; a mistake raises
``UsageError`` (``main`` prints it, its argument cut to 80 characters, and exits with 2)
instead of exiting from inside the parser.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .. import __version__
from ..errors import shorten
from ..facets import Facet
from ..limits import MAX_QUERY_CHARS
from ..models import Lang, Outcome, Strength
from . import commands
from .output import OUTPUT_FORMATS, Output
from .streams import encodable

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["LANGUAGES", "OUTCOMES", "STRENGTHS", "UsageError", "build_parser"]

LANGUAGES = tuple(lang.value for lang in Lang)
"""The ``--lang`` choices."""
STRENGTHS = tuple(s.value for s in sorted(Strength, key=lambda s: s.rank))
"""The ``--min-strength`` choices, weakest first."""
OUTCOMES = tuple(o.value for o in Outcome)
"""The ``--outcome`` choices."""


class UsageError(Exception):
    """A mistake on the command line: ``message`` says what, ``usage`` is the usage text of
    the command it concerns."""

    def __init__(self, usage: str, message: str) -> None:
        super().__init__(message)
        self.usage = usage
        self.message = message


class _Parser(argparse.ArgumentParser):
    """An argparse parser that raises ``UsageError`` instead of printing and exiting, and
    writes help text the output's encoding can carry. ``late_help`` gives, by destination,
    help texts computed only when the help is shown (those that read the data)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.late_help: dict[str, Callable[[], str]] = {}

    def format_help(self) -> str:
        for action in self._actions:
            if action.dest in self.late_help:
                action.help = self.late_help[action.dest]()
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        raise UsageError(self.format_usage(), message)

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        self._write(self.format_help(), file)

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        self._write(self.format_usage(), file)

    @staticmethod
    def _write(text: str, file: SupportsWrite[str] | None) -> None:
        stream = file if file is not None else sys.stdout
        if stream is not None:
            stream.write(encodable(text, stream))


def _query(text: str) -> str:
    """Lookup text, refused when longer than ``MAX_QUERY_CHARS`` (no label is that long)."""
    if len(text) > MAX_QUERY_CHARS:
        raise argparse.ArgumentTypeError(
            f"{len(text):,} characters, more than the {MAX_QUERY_CHARS:,} lookup text may have: {shorten(text)}"
        )
    return text


DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
"""The forms ``--since`` and ``--until`` accept."""


def _period(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a year (``2020``), a month (``2020-06``) or a day."""
    parts = _query(text).strip().split("-")
    try:
        if len(parts) == 3 and all(len(p) == n for p, n in zip(parts, (4, 2, 2), strict=True)):
            day = dt.date(*map(int, parts))
            return day, day
        if len(parts) == 2 and (len(parts[0]), len(parts[1])) == (4, 2):
            first = dt.date(int(parts[0]), int(parts[1]), 1)
            return first, (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        if len(parts) == 1 and len(parts[0]) == 4:
            year = int(parts[0])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{shorten(text)} is not a date: give {DATE_FORMS}") from None


def _since(text: str) -> dt.date:
    """The first day of the year, month or day given."""
    return _period(text)[0]


def _until(text: str) -> dt.date:
    """The last day of the year, month or day given."""
    return _period(text)[1]


def _countries_help() -> str:
    """The ``--country`` help: the countries of the built-in taxonomy's incidents."""
    from ..taxonomy import load

    codes = sorted({i.country for i in load().incidents() if i.country})
    return f"ISO 3166 alpha-2 code, one of the countries in the data: {', '.join(codes)}; repeatable"


def _circumstances_help() -> str:
    """The ``--circumstance`` help: the ids of the circumstance vocabulary."""
    from ..circumstances import ids

    return f"incidents with this circumstance, one of: {', '.join(ids())}; repeatable"


def _positive(text: str) -> int:
    try:
        value = int(_query(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shorten(text)} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


class _ExportFormats(Sequence[str]):
    """``interop.FORMATS``, imported only when argparse looks at them (an ``export`` command
    or a help text), so that every other command skips the exporters' imports."""

    def _names(self) -> tuple[str, ...]:
        from ..interop import FORMATS

        return FORMATS

    def __getitem__(self, n: Any) -> Any:
        return self._names()[n]

    def __len__(self) -> int:
        return len(self._names())

    def __contains__(self, name: object) -> bool:
        return name in self._names()


def _either(names: Sequence[str]) -> str:
    """``"a, b or c"``."""
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)


def _words(facet: Facet) -> str:
    return facet.value.replace("_", " ")


def _language(text: str) -> str:
    """A ``--lang`` value in any case (``NL`` is ``nl``)."""
    return _query(text).lower()


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The options every command takes, accepted before the command (``top``: they hold the
    defaults) and after it (no defaults, so that they do not overwrite what came before).
    ``--extension`` files after the command go to ``extension_after``; ``_Main`` joins them."""

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--lang",
        type=_language,
        choices=LANGUAGES,
        default=default(Lang.EN.value),
        help=f"label language, {_either(LANGUAGES)} in any case (default {Lang.EN.value})",
    )
    parser.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        default=default(None),
        help=f"output format (default {OUTPUT_FORMATS[0]})",
    )
    parser.add_argument(
        "--extension",
        dest="extension" if top else "extension_after",
        action="append",
        metavar="FILE",
        default=default(None),
        help="apply an extension file (TOML, JSON, YAML); repeatable",
    )
    parser.add_argument(
        "--plugins",
        action="store_true",
        default=default(False),
        help="apply installed extension plugins (runs their code)",
    )


class _Main(_Parser):
    """The top parser: after parsing, the common options given before and after the command
    are one set (``--extension`` files in the order given), ``format`` holds the output
    format and ``format_given`` whether ``--format`` was given at all."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        ns, rest = super().parse_known_args(args, namespace)
        later = vars(ns).pop("extension_after", None)
        if later:
            ns.extension = [*(ns.extension or []), *later]
        ns.format_given = ns.format is not None
        ns.format = ns.format or OUTPUT_FORMATS[0]
        return ns, rest


def _filters() -> _Parser:
    filters = _Parser(add_help=False)
    for facet in Facet:
        filters.add_argument(
            "--" + facet.value.replace("_", "-"),
            dest=facet.value,
            action="append",
            type=_query,
            metavar="TERM",
            help=f"{_words(facet)}: id or English/Dutch label; repeatable",
        )
    return filters


def _strength() -> _Parser:
    strength = _Parser(add_help=False)
    strength.add_argument(
        "--min-strength",
        choices=STRENGTHS,
        default=Strength.PLAUSIBLE.value,
        help=f"the weakest relation a scenario may rest on: {Strength.PLAUSIBLE.value} (default) counts every "
        f"relation, {Strength.DOCUMENTED.value} only those real incidents instantiate",
    )
    return strength


def _scenario() -> _Parser:
    scenario = _Parser(add_help=False)
    for facet in Facet:  # one positional each (argparse cannot show a tuple metavar)
        scenario.add_argument(
            f"scenario_{facet.value}", type=_query, metavar=facet.value.upper(), help=f"the scenario's {_words(facet)}"
        )
    return scenario


def build_parser() -> argparse.ArgumentParser:
    """The ``softtargets`` parser; each subcommand's ``func`` default is its command.

    >>> args = build_parser().parse_args(["scenarios", "--target", "museum", "--lang", "nl"])
    >>> args.func.__name__, args.target, args.lang
    ('cmd_scenarios', ['museum'], 'nl')
    """
    common, filters, strength, scenario = _Parser(add_help=False), _filters(), _strength(), _scenario()
    _common(common, top=False)
    parser = _Main(
        prog="softtargets",
        description="The diffuse terrorist threat to soft targets, from the command line.",
        epilog="example: softtargets scenarios --target voetbalstadion --lang nl\n"
        "run 'softtargets COMMAND --help' for the options of a command",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"softtargets {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def add(
        name: str,
        help_text: str,
        example: str,
        parents: list[_Parser],
        func: Callable[[argparse.Namespace], Output],
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

    p = add("terms", "list the terms of a facet (or all)", "softtargets terms motive --lang nl", [], commands.cmd_terms)
    p.add_argument(
        "facet", nargs="?", type=_query, help=f"a facet: {', '.join(f.value for f in Facet)} or one an extension adds"
    )
    p = add("term", "show one term: labels, definition, sources", "softtargets term kerstmarkt", [], commands.cmd_term)
    p.add_argument("text", type=_query, help="id, English or Dutch label, or alt label")
    p.add_argument("--facet", type=_query, help="the facet, when the text is ambiguous")
    p = add(
        "scenarios",
        "list the scenarios of the diffuse threat that match the filters",
        "softtargets scenarios --target voetbalstadion --motive jihadism --lang nl",
        [filters, strength],
        commands.cmd_scenarios,
    )
    p.add_argument("--limit", type=_positive, default=40, help="rows in a table (default 40)")
    add(
        "explain",
        "why a scenario is, or is not, part of the diffuse threat",
        "softtargets explain christmas_market lone_actor jihadism vehicle_ramming",
        [scenario, strength],
        commands.cmd_explain,
    )
    add(
        "diffuseness",
        "how diffuse the threat is within the filters",
        "softtargets diffuseness --target museum",
        [filters, strength],
        commands.cmd_diffuseness,
    )
    p = add(
        "threat",
        "a readable summary of the diffuse threat to one target type",
        "softtargets threat voetbalstadion --lang nl",
        [],
        commands.cmd_threat,
    )
    p.add_argument("target", type=_query, help="a target type: id, English or Dutch label")
    p = add(
        "incidents",
        "list documented incidents, filtered like scenarios",
        "softtargets incidents --modus-operandi vehicle_ramming --country DE",
        [filters],
        commands.cmd_incidents,
    )
    p.add_argument("--country", action="append", type=_query, help="ISO 3166 alpha-2 code; repeatable")
    if isinstance(p, _Parser):
        p.late_help["country"] = _countries_help
    p.add_argument("--outcome", choices=OUTCOMES, action="append", help="%(choices)s; repeatable")
    p.add_argument("--circumstance", action="append", type=_query, help="an incident circumstance; repeatable")
    if isinstance(p, _Parser):
        p.late_help["circumstance"] = _circumstances_help
    p.add_argument(
        "--since", type=_since, metavar="DATE", help=f"on or after this date ({DATE_FORMS}; 2020 is 2020-01-01)"
    )
    p.add_argument(
        "--until", type=_until, metavar="DATE", help=f"up to and including this date ({DATE_FORMS}; 2020 is 2020-12-31)"
    )
    add(
        "evidence",
        "the documented incidents behind a scenario",
        "softtargets evidence christmas_market organisation jihadism vehicle_ramming",
        [scenario],
        commands.cmd_evidence,
    )
    add("cases", "the study's three partnerships", "softtargets cases", [], commands.cmd_cases)
    p = add(
        "coverage",
        "which plausible scenarios a partnership's measures cover; the gaps",
        "softtargets coverage arena --gaps",
        [],
        commands.cmd_coverage,
    )
    p.add_argument("case", type=_query, help="arena, vierdaagse or diamantkwartier")
    p.add_argument("--gaps", action="store_true", help="only the scenarios no measure covers")
    p = add(
        "export", "export the taxonomy", "softtargets export graphml -o softtargets.graphml", [], commands.cmd_export
    )
    p.add_argument("fmt", metavar="FORMAT", choices=_ExportFormats(), help="%(choices)s")
    p.add_argument("-o", "--output", metavar="PATH", help="write to a file instead of standard output")
    p = add(
        "validate",
        "check an extension file against the built-in taxonomy (and --extension files)",
        "softtargets validate examples/extension.toml",
        [],
        commands.cmd_validate,
    )
    p.add_argument("file", type=Path, metavar="FILE", help="an extension file (TOML, JSON or YAML)")
    return parser
