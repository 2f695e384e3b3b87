"""The command line's two streams: output that cannot be written, cannot be encoded or has no
reader left, and messages that quote what the user typed without echoing it whole.

Standard output written by ``deliver``:

- characters the stream's encoding lacks (an ASCII terminal, ``PYTHONIOENCODING=ascii``)
  are written as backslash escapes (``…`` becomes ``\\u2026``), so the rest of the output
  still arrives and the command succeeds; set ``PYTHONIOENCODING=utf-8`` for exact text;
- a write that fails (a full disk, ``> /dev/full``, a closed stream) is reported on stderr
  in one line and the command exits with 1;
- a reader that stops early (``softtargets terms | head -1``) is not an error: the rest of
  the output is dropped quietly and the command exits with 0.

Messages on stderr go through ``quote_safely``: any piece of the command line longer than
``QUOTED_CHARS`` characters is cut to that length, and control, zero-width and
bidirectional-override characters are escaped, so a message never carries a huge argument
or terminal control sequences.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Iterable
from typing import TextIO

from ..errors import shorten

__all__ = ["QUOTED_CHARS", "deliver", "encodable", "output_closed", "quote_safely", "report", "write_failed"]

QUOTED_CHARS = 80
"""A message quotes at most this many characters of any one argument."""

# a quoted string (as repr writes it) of more than QUOTED_CHARS characters; an apostrophe
# inside a word ("can't") neither opens nor closes one
_RUN = "{" + str(QUOTED_CHARS) + ",}"
_LONG_QUOTED = re.compile(r"(?<![\w'\"])(?:'(?:[^'\\\n]|\\.)" + _RUN + r"'|\"(?:[^\"\\\n]|\\.)" + _RUN + r"\")(?!\w)")


def _json_escapes(err: UnicodeError) -> tuple[str, int]:
    """A codec error handler: each character ``err`` names as ``\\uXXXX`` (a UTF-16
    surrogate pair above U+FFFF), the one escape form that JSON, Python and the terminal
    all read, where ``backslashreplace`` writes ``\\xe9``, which JSON refuses."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for ch in err.object[err.start : err.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), err.end


codecs.register_error("softtargets.json_escapes", _json_escapes)


def encodable(text: str, stream: object) -> str:
    """``text`` with the characters ``stream``'s encoding cannot write (and lone surrogates
    from undecodable arguments) as ``\\uXXXX`` escapes, so JSON output stays valid JSON.

    >>> encodable("marché …", type("S", (), {"encoding": "ascii"})())
    'march\\\\u00e9 \\\\u2026'
    """
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str) or not encoding:
        return text
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, "softtargets.json_escapes").decode(encoding, "replace")
    except LookupError:
        return text
    return text


def output_closed() -> bool:
    """True when there is no standard output to write to (``softtargets ... >&-``)."""
    stream = sys.stdout
    return stream is None or bool(getattr(stream, "closed", False))


def _drop_further_output() -> None:
    """Point the process's standard output at the null device, so that the interpreter's
    final flush of what could not be written neither fails nor prints a traceback. Only the
    process's own stdout is redirected (not a stream a caller put in ``sys.stdout``)."""
    stream = sys.stdout
    if stream is None or stream is not sys.__stdout__:  # a caller's own stream: leave it
        return
    try:
        fd = sys.__stdout__.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError):
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return str(err) or type(err).__name__


def report(message: str) -> None:
    """Write a message (a line, or a library error's lines) to stderr; silently nothing
    when stderr is closed or fails (there is then nowhere left to say it, and the exit code
    still tells)."""
    stream: TextIO | None = sys.stderr
    if stream is None:
        return
    try:
        stream.write(encodable(message.rstrip("\n") + "\n", stream))
        stream.flush()
    except (OSError, ValueError):
        pass


def deliver(text: str | None) -> int:
    """Write ``text`` and a newline to standard output (None: nothing) and flush it; the
    exit code: 0 when written or when the reader closed the pipe early, 1 when it could not
    be written (the reason goes to stderr in one line)."""
    if output_closed():
        report("softtargets: error: cannot write the output: standard output is closed")
        return 1
    stream = sys.stdout
    try:
        if text is not None:
            stream.write(encodable(text + "\n", stream))
        stream.flush()
    except (OSError, ValueError) as err:  # ValueError: a stream closed in-process
        return write_failed(err)
    return 0


def write_failed(err: OSError | ValueError) -> int:
    """The exit code after writing standard output failed with ``err``: 0 for a reader that
    closed the pipe early, else 1 with the reason on stderr. Further output is dropped."""
    _drop_further_output()
    if isinstance(err, BrokenPipeError):
        return 0
    report(f"softtargets: error: cannot write the output: {_reason(err)}")
    return 1


def _printable(text: str) -> str:
    """Control, format (zero-width, bidirectional) and other non-printable characters
    escaped; line breaks kept."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == "\n" else ascii(ch)[1:-1] for ch in text)


def quote_safely(message: str, argv: Iterable[str] = ()) -> str:
    """``message`` with every argument of ``argv`` longer than ``QUOTED_CHARS`` (as written,
    or quoted) cut to that length, any other quoted text of that length cut too, and
    non-printable characters escaped.

    >>> quote_safely("unknown term " + repr("x" * 500) + "; did you mean 'taxi'?", ["x" * 500]) == (
    ...     "unknown term '" + "x" * 78 + "…'; did you mean 'taxi'?")
    True
    >>> quote_safely("unrecognized arguments: \\x1b[2J")
    'unrecognized arguments: \\\\x1b[2J'
    """
    pieces: set[str] = set()
    for arg in argv:
        pieces.add(arg)
        if arg.startswith("-") and "=" in arg:  # --option=value: argparse quotes the value alone
            pieces.add(arg.partition("=")[2])
    for piece in sorted((p for p in pieces if len(p) > QUOTED_CHARS), key=len, reverse=True):
        quoted = repr(piece)
        short = shorten(piece, QUOTED_CHARS) + quoted[0]  # closed again: 'xxx…'
        message = message.replace(quoted, short).replace(piece, short)
    message = _LONG_QUOTED.sub(lambda m: m.group(0)[: QUOTED_CHARS - 1] + "…" + m.group(0)[0], message)
    return _printable(message)
