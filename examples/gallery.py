"""Make the pictures in the README with the library's own plot functions.

Run:  python examples/gallery.py      (needs the plot extra: pip install 'softtargets[plot]')
"""

from __future__ import annotations

from pathlib import Path

import softtargets as st

DOCS = Path(__file__).parent.parent / "docs"


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    tax = st.load()
    tax.plot(DOCS / "taxonomy.png")
    tax.scenarios().heatmap(DOCS / "heatmap.png")
    print(f"wrote {DOCS / 'taxonomy.png'} and {DOCS / 'heatmap.png'}")


if __name__ == "__main__":
    main()
