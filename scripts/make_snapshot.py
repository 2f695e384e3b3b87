"""Regenerate ``src/softtargets/data/snapshot.json`` from the TOML data files.

The snapshot is what ``softtargets.load()`` reads: the built-in data, validated once here
(``loader.parse_builtin``: every model, every cross-record check, the built-in enums) and
written as plain JSON, so that loading needs neither TOML parsing nor validation. Run it
after editing any file in ``loader.BUILTIN_FILES``; ``tests/test_snapshot.py`` fails until
you do::

    PYTHONPATH=src python scripts/make_snapshot.py

Never edit the snapshot by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

from softtargets import snapshot
from softtargets.loader import parse_builtin

OUT = Path(__file__).resolve().parents[1] / "src" / "softtargets" / "data" / snapshot.SNAPSHOT


def main() -> int:
    bundle = parse_builtin()
    tables = {name: getattr(bundle, name) for name in snapshot.TABLES}
    text = snapshot.encode(tables)
    old = OUT.read_text(encoding="utf-8") if OUT.exists() else None
    if old == text:
        print(f"{OUT.name} is up to date")
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
