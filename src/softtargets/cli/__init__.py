"""The ``softtargets`` command line (stdlib argparse).

Every command takes ``--lang`` (``st.Lang``, any case), ``--format table|json|csv``,
``--extension`` and ``--plugins``, before or after the command; tables fit 80 columns, except
that ids are never cut. Nothing ends in a traceback; the exit status says how it went:

- 0: done. Also when the reader of a pipe stops early (``softtargets terms | head -1``):
  the rest of the output is dropped quietly.
- 1: ``validate`` found problems in the extension file, or the output could not be written
  (standard output closed or full, a write error, an ``-o`` file that cannot be written).
  The reason goes to stderr in one line (nowhere, when stderr is closed too).
- 2: a mistake on the command line (unknown command, option, term, facet or case, an
  invalid value, lookup text longer than ``limits.MAX_QUERY_CHARS``): the library's message
  on stderr, with suggestions for unknown terms.

Messages quote at most 80 characters of any argument, with control and invisible
characters escaped (``streams.quote_safely``). Characters the output's encoding lacks are
written as backslash escapes (``PYTHONIOENCODING=ascii`` shows ``…`` as ``\\u2026``); set
``PYTHONIOENCODING=utf-8`` for exact text. Files are read only through the library's
bounded readers (extension files, exported documents).

``parser`` builds the arguments, ``commands`` runs them, ``output`` formats records,
``streams`` writes them and the messages, and ``texts`` holds the command line's sentences
per language.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..errors import AmbiguousTermError, ExtensionError, SofttargetsError, UnknownTermError, expect
from ..taxonomy import Taxonomy
from .commands import plugin_hint, taxonomy_of
from .mistakes import error_line, error_message, usage_message
from .parser import UsageError, build_parser, help_language
from .streams import deliver, output_closed, quote_safely, report, write_failed

__all__ = ["main"]


def _arguments(argv: Sequence[str] | None) -> list[str]:
    if argv is None:
        return sys.argv[1:]
    expect("argv", argv, (list, tuple), "a list of argument strings (or None for sys.argv)")
    for n, arg in enumerate(argv):
        expect(f"argv[{n}]", arg, str, "an argument string (str)")
    return list(argv)


def _taxonomy(args: object) -> Taxonomy | None:
    """The taxonomy of the command, to name suggested terms; None when it cannot be built."""
    try:
        return taxonomy_of(args)  # type: ignore[arg-type]
    except (SofttargetsError, OSError):
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status (0 done, 1 invalid extension or
    output not written, 2 a mistake on the command line); never raises ``SystemExit``.
    ``argv`` other than a list or tuple of strings raises ``ArgumentTypeError``.

    >>> main(["term", "kerstmarkt", "--format", "json"])  # doctest: +ELLIPSIS
    [
      {
        "facet": "target",
        "id": "christmas_market",
    ...
    0
    """
    arguments = _arguments(argv)
    if output_closed():  # before any work whose result could not be shown
        report("softtargets: error: cannot write the output: standard output is closed")
        return 1
    lang = help_language(arguments)
    parser = build_parser(lang)
    try:
        args = parser.parse_args(arguments)
    except UsageError as err:
        report(err.usage.rstrip("\n"))
        report(quote_safely(error_line(usage_message(err.message, lang), lang), arguments))
        return 2
    except SystemExit as done:  # --help: the help text is written
        code = done.code if isinstance(done.code, int) else 0
        return deliver(None) or code
    except (OSError, ValueError) as err:  # writing the help text failed
        return write_failed(err)
    try:
        out = args.func(args)
    except SofttargetsError as err:
        lang = getattr(args, "lang", None) or lang
        names = lang != "en" and isinstance(err, UnknownTermError | AmbiguousTermError)
        report(quote_safely(error_line(error_message(err, lang, _taxonomy(args) if names else None), lang), arguments))
        hint = plugin_hint(args) if isinstance(err, UnknownTermError) else None
        if hint:
            report(quote_safely(hint))
        if isinstance(err, OSError):  # a file that could not be written (an OutputError)
            return 1
        return 1 if isinstance(err, ExtensionError) and args.command == "validate" else 2
    except OSError as err:  # e.g. an -o file that cannot be written
        report(quote_safely(error_line(str(err), lang), arguments))
        return 1
    except ValueError as err:
        report(quote_safely(error_line(str(err), lang), arguments))
        return 2
    if isinstance(out, tuple):  # the text and the exit status (validate's problems as JSON)
        text, code = out
        return deliver(text) or code
    return deliver(out)
