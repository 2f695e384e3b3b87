"""Bounded reading of every input: extension files, ``softtargets.read`` sources, GTD CSV files
and the command line's arguments all go through here.

Sizes are counted while reading, never taken from the file system's word for them, so a
FIFO, a pipe, a symlink to an endless device or a file that grows while it is read stops at
the limit like an ordinary file does. Every limit is documented here and can be raised by
the caller (``max_bytes=`` on the public readers).

>>> import io
>>> from softtargets.limits import read_limited
>>> read_limited(io.BytesIO(b"abc"), 10, "demo")
b'abc'
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO

from .errors import InputLimitError, shorten

__all__ = [
    "CHUNK",
    "MAX_DOCUMENT_BYTES",
    "MAX_LINE_CHARS",
    "MAX_QUERY_CHARS",
    "bounded_lines",
    "decode",
    "open_binary",
    "read_limited",
]

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Extension files and exported documents larger than this are refused (20 MiB)."""

MAX_LINE_CHARS = 1024 * 1024
"""A CSV line (and so any one field) longer than this is refused (1 Mi characters)."""

MAX_QUERY_CHARS = 1000
"""Lookup text longer than this is refused at once: no label is that long, and fuzzy matching
a huge string would take seconds."""

CHUNK = 64 * 1024
"""Bytes read at a time."""


def open_binary(path: str | os.PathLike[str], what: str) -> IO[bytes]:
    """``path`` opened for binary reading; ``InputLimitError`` names it when it cannot be."""
    try:
        return open(os.fspath(path), "rb")  # not pathlib: importing it costs the cold start ~4 ms
    except OSError as err:
        raise InputLimitError(what, f"cannot read the file: {err.strerror or err}") from None
    except ValueError as err:  # a NUL byte or an unencodable character in the name
        raise InputLimitError(shorten(what), f"not a usable file name: {err}") from None


def read_limited(source: str | os.PathLike[str] | IO[bytes], limit: int, what: str) -> bytes:
    """All bytes of a file or binary stream, or ``InputLimitError`` as soon as more than
    ``limit`` bytes have been read (whatever the source claims its size is)."""
    if isinstance(source, str | os.PathLike):
        with open_binary(source, what) as stream:
            return read_limited(stream, limit, what)
    parts: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = source.read(min(CHUNK, limit + 1 - size))
        except OSError as err:
            raise InputLimitError(what, f"cannot read: {err.strerror or err}") from None
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > limit:
            raise InputLimitError(
                what, f"more than {limit:,} bytes; the limit is {limit:,} (pass max_bytes= to raise it)"
            )
        parts.append(chunk)


def decode(data: bytes, where: str) -> str:
    """``data`` as UTF-8 text (a leading byte-order mark dropped), or an ``InputLimitError``
    naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputLimitError(where, f"not UTF-8 text: {err.reason} at byte {err.start}") from None


def bounded_lines(text: IO[str], limit: int, what: str) -> Iterator[str]:
    """The lines of a text stream, each read with at most ``limit + 1`` characters in memory;
    a longer line raises ``InputLimitError`` before the rest of it is read."""
    while True:
        line = text.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith("\n"):
            raise InputLimitError(what, f"a line longer than {limit:,} characters; the limit is {limit:,}")
        yield line
