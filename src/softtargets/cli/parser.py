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
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .. import __version__
from ..behaviour import Outcome, Strength
from ..errors import UnknownValueError, shorten
from ..facets import Facet
from ..language import Lang, get_language, message
from ..limits import MAX_QUERY_CHARS
from . import assess, commands, trend
from .output import OUTPUT_FORMATS, Output
from .streams import encodable

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["LANGUAGES", "OUTCOMES", "STRENGTHS", "UsageError", "build_parser", "help_language"]

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

    def speak(self, lang: str) -> None:
        """Write argparse's own section titles and the --help and --version help in ``lang``."""
        self._optionals.title = _help("options", lang)
        self._positionals.title = _help("positionals", lang)
        for action in self._actions:
            if "--help" in action.option_strings:
                action.help = _help("help", lang)
            elif "--version" in action.option_strings:
                action.help = _help("version", lang)

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


def _formatter(lang: str) -> type[argparse.HelpFormatter]:
    """A help formatter (descriptions kept as written) whose usage line is headed in ``lang``."""
    usage_prefix = _help("usage", lang)

    class Formatter(argparse.RawDescriptionHelpFormatter):
        def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
            super().add_usage(usage, actions, groups, usage_prefix if prefix is None else prefix)

    return Formatter


def _english(key: str, **values: object) -> str:
    """A type check's message: the English catalogue text (``cli.usage.<key>``), which
    ``mistakes.usage_message`` recognises and writes in the user's language."""
    return message(f"cli.usage.{key}", Lang.EN).format(**values)


def _query(text: str) -> str:
    """Lookup text, refused when longer than ``MAX_QUERY_CHARS`` (no label is that long)."""
    if len(text) > MAX_QUERY_CHARS:
        raise argparse.ArgumentTypeError(
            _english("too_long", count=f"{len(text):,}", limit=f"{MAX_QUERY_CHARS:,}", text=shorten(text))
        )
    return text


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
    raise argparse.ArgumentTypeError(_english("not_a_date", text=shorten(text))) from None


def _since(text: str) -> dt.date:
    """The first day of the year, month or day given."""
    return _period(text)[0]


def _until(text: str) -> dt.date:
    """The last day of the year, month or day given."""
    return _period(text)[1]


def _help(key: str, lang: str | None, **values: object) -> str:
    """A help text of the catalogue (``cli.help.<key>``) in ``lang``, filled in."""
    return message(f"cli.help.{key}", lang).format(**values)


def _countries_help(lang: str | None = None) -> str:
    """The ``--country`` help: the countries of the built-in taxonomy's incidents."""
    from ..taxonomy import load

    codes = sorted({i.country for i in load().incidents() if i.country})
    return _help("countries", lang, codes=", ".join(codes))


def _facet_name(facet: Facet, lang: str | None) -> str:
    """The built-in facet's label in ``lang`` (read from the data, so only for help texts)."""
    from ..taxonomy import load

    return load().facet(facet.value).label(lang)


def _circumstances_help(lang: str | None = None) -> str:
    """The ``--circumstance`` help: the ids of the circumstance vocabulary."""
    from ..circumstances import ids

    return _help("circumstance", lang, ids=", ".join(ids()))


def _positive(text: str) -> int:
    try:
        value = int(_query(text))
    except ValueError:
        raise argparse.ArgumentTypeError(_english("not_whole", text=shorten(text))) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_english("not_positive", value=value))
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


def _words(facet: Facet) -> str:
    return facet.value.replace("_", " ")


def _language(text: str) -> str:
    """A ``--lang`` value in any case (``NL`` is ``nl``)."""
    return _query(text).lower()


def _delimiter(text: str) -> str:
    """A ``--delimiter`` value: one character (``\\t`` for a tab)."""
    value = "\t" if text in ("\\t", "tab") else text
    if len(value) != 1 or value in '\r\n"':
        raise argparse.ArgumentTypeError(_english("not_one_character", text=shorten(text)))
    return value


def help_language(argv: Sequence[str]) -> str:
    """The language of the help texts for ``argv``: its ``--lang`` value, else the session's
    or ``SOFTTARGETS_LANG``, else English (a bad value is reported after parsing)."""
    wanted: str | None = None
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            wanted = argv[n + 1]
        elif arg.startswith("--lang="):
            wanted = arg.partition("=")[2]
    try:
        return get_language(wanted.strip().lower() if wanted and len(wanted) <= MAX_QUERY_CHARS else None).value
    except UnknownValueError:
        return Lang.EN.value


def _common(
    parser: argparse.ArgumentParser, *, top: bool, lang: str | None = None, formats: Sequence[str] = OUTPUT_FORMATS
) -> None:
    """The options every command takes, accepted before the command (``top``: they hold the
    defaults) and after it (no defaults, so that they do not overwrite what came before).
    ``--extension`` files after the command go to ``extension_after``; ``_Main`` joins them."""

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument(
        "--lang",
        type=_language,
        choices=LANGUAGES,
        default=default(None),
        help=_help("lang", lang, choices=", ".join(LANGUAGES), default=Lang.EN.value),
    )
    parser.add_argument(
        "--format",
        choices=formats,
        default=default(None),
        help=_help("format", lang, default=OUTPUT_FORMATS[0])
        if formats == OUTPUT_FORMATS
        else _help("assess_format", lang),
    )
    parser.add_argument(
        "--delimiter",
        type=_delimiter,
        metavar="CHAR",
        default=default(None),
        help=_help("delimiter", lang),
    )
    parser.add_argument(
        "--extension",
        dest="extension" if top else "extension_after",
        action="append",
        metavar="FILE",
        default=default(None),
        help=_help("extension", lang),
    )
    parser.add_argument(
        "--plugins",
        action="store_true",
        default=default(False),
        help=_help("plugins", lang),
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
        try:  # --lang, else the session language, else SOFTTARGETS_LANG, else English
            ns.lang = get_language(ns.lang).value
        except UnknownValueError as err:
            self.error(str(err))
        return ns, rest


def _filters(lang: str | None) -> _Parser:
    filters = _Parser(add_help=False)
    for facet in Facet:  # the facet's label in the help text is read when the help is shown
        filters.add_argument(
            "--" + facet.value.replace("_", "-"),
            dest=facet.value,
            action="append",
            type=_query,
            metavar="TERM",
            help=_help("filter", lang, facet=_words(facet)),
        )
    return filters


def _strength(lang: str | None) -> _Parser:
    strength = _Parser(add_help=False)
    strength.add_argument(
        "--min-strength",
        choices=STRENGTHS,
        default=Strength.PLAUSIBLE.value,
        help=_help("min_strength", lang, plausible=Strength.PLAUSIBLE.value, documented=Strength.DOCUMENTED.value),
    )
    return strength


def _scenario(lang: str | None) -> _Parser:
    scenario = _Parser(add_help=False)
    for facet in Facet:  # one positional each (argparse cannot show a tuple metavar)
        scenario.add_argument(
            f"scenario_{facet.value}",
            type=_query,
            metavar=facet.value.upper(),
            help=_help("scenario", lang, facet=_words(facet)),
        )
    return scenario


def _facet_help(parser: argparse.ArgumentParser, key: str, dest: str, facet: Facet, lang: str | None) -> None:
    """Name the facet by its label in ``lang`` in the help text of ``dest``, once shown."""
    if isinstance(parser, _Parser):
        parser.late_help[dest] = lambda: _help(key, lang, facet=_facet_name(facet, lang))


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The ``softtargets`` parser, its help texts in ``lang`` (default: the session language,
    else ``SOFTTARGETS_LANG``, else English); each subcommand's ``func`` default is its command.

    >>> args = build_parser().parse_args(["scenarios", "--target", "museum", "--lang", "nl"])
    >>> args.func.__name__, args.target, args.lang
    ('cmd_scenarios', ['museum'], 'nl')
    """
    lang = help_language(["--lang", lang] if lang else [])
    common, filters, strength, scenario = _Parser(add_help=False), _filters(lang), _strength(lang), _scenario(lang)
    _common(common, top=False, lang=lang)
    example = _help("example", lang)
    parser = _Main(
        prog="softtargets",
        description=textwrap.fill(_help("description", lang), 79),
        epilog=f"{example}: softtargets scenarios --target voetbalstadion --lang nl\n{_help('epilog', lang)}",
        formatter_class=_formatter(lang),
    )
    parser.add_argument("--version", action="version", version=f"softtargets {__version__}")
    parser.speak(lang)
    _common(parser, top=True, lang=lang)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    def add(
        name: str,
        line: str,
        parents: list[_Parser],
        func: Callable[[argparse.Namespace], Output],
        base: _Parser = common,
    ) -> argparse.ArgumentParser:
        help_text = _help(name, lang)
        p = sub.add_parser(
            name,
            help=help_text,
            description=textwrap.fill(help_text, 79),
            parents=[base, *parents],
            epilog=f"{example}:\n  {line}",
            formatter_class=_formatter(lang),
        )
        p.set_defaults(func=func)
        if isinstance(p, _Parser):
            p.speak(lang)
        for facet in Facet:
            if filters in parents:
                _facet_help(p, "filter", facet.value, facet, lang)
            if scenario in parents:
                _facet_help(p, "scenario", f"scenario_{facet.value}", facet, lang)
        return p

    p = add("terms", "softtargets terms motive --lang nl", [], commands.cmd_terms)
    p.add_argument(
        "facet", nargs="?", type=_query, help=_help("terms_facet", lang, facets=", ".join(f.value for f in Facet))
    )
    p = add("term", "softtargets term kerstmarkt", [], commands.cmd_term)
    p.add_argument("text", type=_query, help=_help("term_text", lang))
    p.add_argument("--facet", type=_query, help=_help("term_facet", lang))
    p = add(
        "scenarios",
        "softtargets scenarios --target voetbalstadion --motive jihadism --lang nl",
        [filters, strength],
        commands.cmd_scenarios,
    )
    p.add_argument("--limit", type=_positive, default=40, help=_help("limit", lang, n=40))
    add(
        "explain",
        "softtargets explain christmas_market lone_actor jihadism vehicle_ramming",
        [scenario, strength],
        commands.cmd_explain,
    )
    add("diffuseness", "softtargets diffuseness --target museum", [filters, strength], commands.cmd_diffuseness)
    p = add("threat", "softtargets threat voetbalstadion --lang nl", [], commands.cmd_threat)
    p.add_argument("target", type=_query, help=_help("threat_target", lang))
    p = add(
        "incidents",
        "softtargets incidents --modus-operandi vehicle_ramming --country DE",
        [filters],
        commands.cmd_incidents,
    )
    p.add_argument("--country", action="append", type=_query, help=_help("country", lang))
    if isinstance(p, _Parser):
        p.late_help["country"] = lambda: _countries_help(lang)
    p.add_argument("--circumstance", action="append", type=_query, help=_help("circumstance", lang, ids="..."))
    if isinstance(p, _Parser):
        p.late_help["circumstance"] = lambda: _circumstances_help(lang)
    p.add_argument(
        "--outcome", choices=OUTCOMES, action="append", help=_help("repeatable", lang, choices="%(choices)s")
    )
    p.add_argument("--since", type=_since, metavar="DATE", help=_help("since", lang))
    p.add_argument("--until", type=_until, metavar="DATE", help=_help("until", lang))
    add(
        "evidence",
        "softtargets evidence christmas_market organisation jihadism vehicle_ramming",
        [scenario],
        commands.cmd_evidence,
    )
    add("cases", "softtargets cases", [], commands.cmd_cases)
    p = add("coverage", "softtargets coverage arena --gaps", [], commands.cmd_coverage)
    p.add_argument("case", type=_query, help=_help("coverage_case", lang, cases="arena, vierdaagse, diamantkwartier"))
    p.add_argument("--gaps", action="store_true", help=_help("gaps", lang))
    with_html = _Parser(add_help=False)  # the common options, --format also offering html
    _common(with_html, top=False, lang=lang, formats=assess.FORMATS)
    line = "softtargets assess --case arena --format html -o arena.html"
    assess.arguments(add("assess", line, [], assess.cmd_assess, with_html), lang)
    p = add("export", "softtargets export graphml -o softtargets.graphml", [], commands.cmd_export)
    p.add_argument("fmt", metavar="FORMAT", choices=_ExportFormats(), help="%(choices)s")
    p.add_argument("-o", "--output", metavar="PATH", help=_help("output", lang))
    p = add("validate", "softtargets validate examples/extension.toml", [], commands.cmd_validate)
    p.add_argument("file", type=Path, metavar="FILE", help=_help("validate_file", lang))
    p = add("trend", "softtargets trend --window 7 --by target", [], trend.cmd_trend)
    trend.add_trend(p, lambda key, **values: _help(key, lang, **values))
    return parser
