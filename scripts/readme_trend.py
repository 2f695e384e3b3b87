"""The README's table "Is the threat becoming more diffuse?" (tests/test_readme_trend.py
checks that the README holds exactly this): python scripts/readme_trend.py"""

from __future__ import annotations

from softtargets import analytics
from softtargets.analytics.picture import measure_name


def table() -> str:
    frame = analytics.diffuseness_over_time(window=7, step=7, since=2004, until=2024)
    trend = analytics.diffuseness_trend(since=2004, until=2024, permutations=999).set_index("measure")
    head = (
        "| measure | "
        + " | ".join(f"{p} (n={n})" for p, n in zip(frame["period"], frame["incidents"]))
        + " | yearly trend: tau, p |"
    )
    lines = [head, "|" + " --- |" * (len(frame) + 2)]
    for name in trend.index:
        cells = [f"{r[name]:.2f} [{r[name + '_low']:.2f}, {r[name + '_high']:.2f}]" for _, r in frame.iterrows()]
        if name == "scenarios":
            cells = [f"{r[name]:.0f} [{r[name + '_low']:.0f}, {r[name + '_high']:.0f}]" for _, r in frame.iterrows()]
        test = trend.loc[name]
        lines.append(
            f"| {measure_name(name, 'en')} | " + " | ".join(cells) + f" | {test.tau:+.2f}, {test.p_permutation:.2f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
