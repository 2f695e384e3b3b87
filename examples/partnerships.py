"""Partnerships (PPS) that guard soft targets: what the ArenA partnership covers, who provides
what, and the three cases compared.

Run:  python examples/partnerships.py
"""

from __future__ import annotations

import softtargets as st
from softtargets import pps


def main() -> None:
    tax = st.load()
    arena = pps.case("arena")
    print(f"{arena.name} ({arena.since}): {arena.summary}")
    scope = "; ".join(s.description for s in arena.scope)
    print(f"Scope: {scope}")

    cov = pps.coverage(arena, tax)
    print(f"\n{cov}")
    print("\nWhich plausible scenarios at the ArenA are not covered by any measure?")
    for scenario in cov.gaps:
        labels = [tax.term(value, info.id).label_en for info, value in zip(tax.facets, scenario, strict=True)]
        print("  " + " / ".join(labels))

    print("\nWhich measures do private parties provide, and for which scenarios?")
    private = {a.id for a in arena.actors if a.sector is pps.Sector.PRIVATE}
    for provision in arena.measures:
        if provision.provider in private:
            n = cov.by_measure.get(provision.measure, 0)
            print(
                f"  {pps.describe(provision.measure).label_en:<32} by {arena.actor(provision.provider).name}"
                f" (covers {n} scenarios)"
            )

    print()
    print(pps.roles_table(arena))

    print("\nThe three cases compared:")
    print(pps.compare(taxonomy=tax))
    for p in pps.cases():
        valences = ", ".join(
            f"{f.valence.value}: {f.text}" for f in p.findings if f.dimension is pps.FindingDimension.RESULT
        )
        print(f"\n{p.name} — results as the study reports them: {valences}")


if __name__ == "__main__":
    main()
