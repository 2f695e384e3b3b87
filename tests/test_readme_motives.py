"""The README's per-motive table (what each motive's selections rest on) matches the data."""

from __future__ import annotations

import re
from pathlib import Path

import softtargets as st

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| ([a-z_]+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", re.M)


def test_readme_motive_table_matches_the_data(tax: st.Taxonomy) -> None:
    table = {m: tuple(int(n) for n in rest) for m, *rest in ROW.findall(README)}
    expected = {}
    for motive in tax.terms("motive"):
        rels = [r for r in tax.relations(kind="selects") if r.subject == motive.id]
        behind = {i.id: i for r in rels for i in tax.evidence(r)}
        expected[motive.id] = (
            len(rels),
            sum(r.strength is st.Strength.DOCUMENTED for r in rels),
            len(behind),
            len({i.country for i in behind.values()}),
        )
    assert table == expected
