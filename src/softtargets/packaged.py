"""The files shipped inside the package (``softtargets/data``): one reader for all of them.

The package's own loader reads a file from a directory or a zip alike, and costs no import
(``importlib.resources`` costs the cold start several milliseconds).

>>> from softtargets.packaged import data_text
>>> data_text("terms.toml").startswith("#")
True
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["data_bytes", "data_text"]

_DATA = os.path.join(os.path.dirname(__file__), "data")


def data_bytes(name: str) -> bytes:
    """The bytes of ``softtargets/data/<name>``; ``name`` may name a subfolder with ``/``
    (``"sites/arena.toml"``). ``FileNotFoundError`` for a file the package does not ship."""
    loader: Any = globals()["__loader__"]
    data: bytes = loader.get_data(os.path.join(_DATA, *name.split("/")))
    return data


def data_text(name: str) -> str:
    """The text (UTF-8) of ``softtargets/data/<name>`` (see ``data_bytes``)."""
    return data_bytes(name).decode("utf-8")
