"""The diffuseness measures over time as a picture (the ``plot`` extra)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..display import get_language
from ..language import message
from .measures import MEASURES

__all__ = ["measure_name", "plot_diffuseness"]


def measure_name(name: str, lang: str | None = None, taxonomy: Any = None) -> str:
    """A measure column's name in ``lang``: "diffuseness: target type" and so on."""
    from ..taxonomy import or_builtin

    if name.startswith("entropy_"):
        facet = or_builtin(taxonomy).facet(name.removeprefix("entropy_"))
        return message("analytics.entropy", lang).format(facet=facet.label(lang))
    return message(f"analytics.{name}", lang)


def plot_diffuseness(
    frame: Any,
    *,
    measures: Sequence[str] | None = None,
    path: str | os.PathLike[str] | None = None,
    lang: str | None = None,
) -> Any:
    """One panel per measure of a ``diffuseness_over_time`` frame: the value per period
    (at its middle year) and its confidence interval as a band. Returns the figure; saves
    it when given a ``path`` ending in .png or .svg."""
    from ..plot import pyplot, save

    plt = pyplot()
    chosen = lang or get_language()
    names = (
        list(measures)
        if measures is not None
        else [
            c
            for c in frame.columns
            if (c.startswith("entropy_") or c in MEASURES) and not c.endswith(("_low", "_high"))
        ]
    )
    columns = 2
    rows = (len(names) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(9, 2.4 * rows), squeeze=False, sharex=True)
    middle = (frame["start"] + frame["end"]) / 2
    for ax, name in zip(axes.flat, names, strict=False):
        ax.plot(middle, frame[name], marker="o", color="#08519c")
        ax.fill_between(middle, frame[f"{name}_low"], frame[f"{name}_high"], color="#6baed6", alpha=0.35, linewidth=0)
        ax.set_title(measure_name(name, chosen), fontsize=9)
        ax.grid(True, color="#e3e3e3")
    for ax in list(axes.flat)[len(names) :]:
        ax.set_visible(False)
    fig.suptitle(message("analytics.title", chosen), fontsize=11)
    fig.tight_layout()
    save(fig, path)
    return fig
