"""Make the pictures of the gallery (``docs/gallery.md``) with the library's own plot functions.

Run from the repository root (needs the plot extra: pip install 'softtargets[plot]')::

    PYTHONPATH=src python scripts/make_pictures.py          # writes docs/*.png
    PYTHONPATH=src python scripts/make_pictures.py OUT      # writes them into OUT instead

``tests/test_gallery.py`` makes them again into a temporary folder and checks that the
checked-in files are the same set, each of about the same size.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import softtargets as st
from softtargets import analytics

DOCS = Path(__file__).resolve().parents[1] / "docs"

PICTURES: dict[str, Callable[[st.Taxonomy, Path], Any]] = {
    "taxonomy.png": lambda tax, path: tax.plot(path),
    "heatmap.png": lambda tax, path: tax.scenarios().heatmap(path),
    "football_stadium.png": lambda tax, path: tax.scenarios(target="football_stadium").plot(path),
    "religious_institution_nl.png": lambda tax, path: tax.scenarios(
        target="religious_institution", min_strength="documented"
    ).heatmap(path, lang="nl"),
    "diffuseness.png": lambda tax, path: analytics.plot_diffuseness(
        analytics.diffuseness_over_time(tax, window=3, step=3, since=2004, until=2024), path=path
    ),
}
"""Each picture of the gallery: its file name, and how it is drawn from the built-in taxonomy."""


def make(folder: Path) -> list[Path]:
    """Draw every picture into ``folder`` (made if missing); return the files written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    tax = st.load()
    written = []
    for name, draw in PICTURES.items():
        draw(tax, folder / name)
        plt.close("all")
        written.append(folder / name)
    return written


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else DOCS
    for path in make(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
