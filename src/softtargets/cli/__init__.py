"""The ``softtargets`` command line (stdlib argparse).

Every command takes ``--lang`` (``st.Lang``) and ``--format table|json|csv``; tables fit 80
columns. User mistakes print the library's message on stderr (with suggestions for unknown
terms) and exit with status 2, never a traceback; ``validate`` exits with 1 when the file
has problems.

``parser`` builds the arguments, ``commands`` runs them, ``output`` prints records and
``texts`` holds the command line's sentences per language.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence

from ..errors import ExtensionError, SofttargetsError
from .parser import build_parser

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 invalid extension, 2 user mistake).

    >>> main(["term", "kerstmarkt", "--format", "json"])  # doctest: +ELLIPSIS
    [
      {
        "facet": "target",
        "id": "christmas_market",
    ...
    0
    """
    args = build_parser().parse_args(argv)
    try:
        out = args.func(args)
    except SofttargetsError as err:
        print(f"softtargets: error: {err}", file=sys.stderr)
        return 1 if isinstance(err, ExtensionError) and args.command == "validate" else 2
    except (OSError, ValueError) as err:
        print(f"softtargets: error: {err}", file=sys.stderr)
        return 2
    with contextlib.suppress(BrokenPipeError):  # e.g. piped into head
        print(out)
    return 0
