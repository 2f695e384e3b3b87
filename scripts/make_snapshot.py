"""Regenerate ``src/softtargets/data/snapshot.json`` from the TOML data files.

It also writes ``data/messages.json`` from ``data/messages.toml`` (the message catalogue).
The snapshot is what ``softtargets.load()`` reads: the built-in data, validated once here
(``loader.parse_builtin``: every model, every cross-record check, the built-in enums) and
written as plain JSON, so that loading needs neither TOML parsing nor validation. Run it
after editing any file in ``loader.BUILTIN_FILES``; ``tests/test_snapshot.py`` fails until
you do::

    PYTHONPATH=src python scripts/make_snapshot.py

Never edit the snapshot by hand.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from softtargets import snapshot
from softtargets.language import CATALOGUE
from softtargets.loader import parse_builtin

OUT = Path(__file__).resolve().parents[1] / "src" / "softtargets" / "data" / snapshot.SNAPSHOT


def catalogue() -> str:
    """``data/messages.json``: the message catalogue ``data/messages.toml`` as JSON (what
    ``softtargets.language`` reads, so that no command parses TOML)."""
    doc = tomllib.loads((OUT.parent / "messages.toml").read_text(encoding="utf-8"))
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _write(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        print(f"{path.name} is up to date")
        return
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(text.encode())} bytes)")


def main() -> int:
    _write(OUT.parent / CATALOGUE, catalogue())
    bundle = parse_builtin()
    tables = {name: getattr(bundle, name) for name in snapshot.TABLES}
    _write(OUT, snapshot.encode(tables))
    return 0


if __name__ == "__main__":
    sys.exit(main())
