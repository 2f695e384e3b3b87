"""The analyst questions of the design (§1) that the core taxonomy answers, printed readably.

Run:  python examples/diffuse_threat.py
"""

from __future__ import annotations

import softtargets as st


def heading(text: str) -> None:
    print(f"\n== {text}")


def main() -> None:
    tax = st.load()
    print(tax)

    heading("How diffuse is the threat to a football stadium, compared with a museum?")
    for target in (st.TargetType.FOOTBALL_STADIUM, st.TargetType.MUSEUM):
        d = tax.diffuseness(target=target)
        print(f"{tax.term(target).label_en:>17}: {d}")

    heading("Which modi operandi threaten a football stadium, in how many scenarios?")
    stadium = tax.scenarios(target=st.TargetType.FOOTBALL_STADIUM)
    for mo, n in sorted(stadium.count_by(st.Facet.MODUS_OPERANDI).items(), key=lambda kv: -kv[1]):
        print(f"  {tax.term(mo).label_en:<28} {n:>4}")

    heading("Is 'lone actor, right-wing extremist, firearms, religious institution' part of it, and why?")
    scenario = st.Scenario(
        st.TargetType.RELIGIOUS_INSTITUTION,
        st.PerpetratorType.LONE_ACTOR,
        st.Motive.RIGHT_WING,
        st.ModusOperandi.FIREARMS,
    )
    print(tax.explain(scenario))

    heading("And on documented relations only (real incidents behind every link)?")
    print(tax.is_plausible(scenario, min_strength="documented"))

    heading("Which scenarios make up vehicle ramming at a Christmas market (in Dutch)?")
    for record in tax.scenarios(target="kerstmarkt", modus_operandi="voertuig als wapen").to_records(lang="nl"):
        print("  " + " / ".join(record.values()))

    heading("A scenario the data does not support, and what is missing")
    print(tax.explain(("museum", "organisation", "single_issue", "drone")))

    heading("The whole taxonomy")
    whole = tax.diffuseness()
    print(f"{whole.scenarios} of {whole.product} combinations are plausible ({whole.share:.1%}).")
    documented = tax.diffuseness(min_strength="documented")
    print(f"{documented.scenarios} rest only on documented relations ({documented.share:.1%}).")


if __name__ == "__main__":
    main()
