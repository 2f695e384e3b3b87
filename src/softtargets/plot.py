"""Pictures of the taxonomy (the ``plot`` extra: matplotlib, imported lazily).

``plot_taxonomy`` draws a layered diagram, one column per facet, terms top to bottom in data
order (narrower terms indented under their broader term), relations as lines coloured by
kind, solid when documented and dashed when plausible. Given a scenario set, it draws only the
terms in its scenarios (with their broader terms) and the relations among them.
``plot_heatmap`` shows scenario counts per target type x modus operandi. Both return the
matplotlib figure and save it when given a path ending in .png or .svg.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import views
from .display import get_language
from .errors import MissingExtraError, UnknownValueError
from .facets import Facet
from .scenarios import ScenarioSet
from .taxonomy import Taxonomy

__all__ = ["plot_heatmap", "plot_taxonomy"]

SIGNATURE = "softtargets plot()"
"""Written into saved files' metadata (PNG ``Software``, SVG ``Creator``)."""
_LAYERED_ORDER = tuple(f.value for f in (Facet.PERPETRATOR, Facet.MOTIVE, Facet.TARGET, Facet.MODUS_OPERANDI))
_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")


def _pyplot() -> Any:
    try:
        import matplotlib

        interactive = matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline")
        if interactive and not os.environ.get("DISPLAY") and not os.environ.get("MPLBACKEND"):
            matplotlib.use("Agg")  # no screen: draw off-screen
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingExtraError("plot", "matplotlib", "plots") from None
    return plt


def _save(fig: Any, path: str | os.PathLike[str] | None) -> None:
    if path is None:
        return
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise UnknownValueError("image file type", suffix or str(file), [".png", ".svg"])
    metadata = {"Software": SIGNATURE} if suffix == ".png" else {"Creator": SIGNATURE}
    fig.savefig(file, metadata=metadata, bbox_inches="tight", dpi=150 if suffix == ".png" else None)


def _source(obj: Taxonomy | ScenarioSet) -> tuple[Taxonomy, ScenarioSet | None]:
    if isinstance(obj, ScenarioSet):
        return obj.taxonomy, obj
    return obj, None


@views.register("plot", Taxonomy)
@views.register("plot", ScenarioSet)
def plot_taxonomy(
    obj: Taxonomy | ScenarioSet, *, path: str | os.PathLike[str] | None = None, lang: str | None = None
) -> Any:
    """The layered diagram of a taxonomy, or of the terms and relations behind a scenario set."""
    plt = _pyplot()
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    lang = get_language(lang)
    tax, found = _source(obj)
    facet_ids = [f.id for f in tax.facets]
    order = list(_LAYERED_ORDER) if set(facet_ids) == set(_LAYERED_ORDER) else facet_ids
    keep: dict[str, set[str]] = {}
    for facet in order:
        terms = tax.terms(facet)
        if found is None:
            keep[facet] = {t.id for t in terms}
            continue
        used = {str(k) for k, n in found.count_by(facet).items() if n}
        keep[facet] = used | {a.id for t in used for a in tax.ancestors(t, facet)}

    rows = max(1, max(len(v) for v in keep.values()))
    fig, ax = plt.subplots(figsize=(15, max(5.0, 0.3 * rows + 1.5)))
    pos: dict[tuple[str, str], tuple[float, float]] = {}
    for x, facet in enumerate(order):
        shown = [t for t in tax.terms(facet) if t.id in keep[facet]]
        info = next(f for f in tax.facets if f.id == facet)
        ax.text(
            x,
            1.03,
            info.label(lang),
            ha="center",
            va="bottom",
            fontsize=11,
            fontweight="bold",
            transform=ax.get_xaxis_transform(),
        )
        for n, term in enumerate(shown):
            depth = len(tax.ancestors(term.id, facet))
            px, py = x + 0.06 * depth, 1 - (n + 0.5) / rows
            pos[(facet, term.id)] = (px, py)
            ax.plot([px], [py], "o", color="#333333", markersize=4 if depth else 6, zorder=3)
            ax.text(px + 0.03, py, term.label(lang), va="center", fontsize=7 if depth else 8, zorder=4)
    kinds = [k.id for k in tax.kinds]
    colour = {k: _COLOURS[n % len(_COLOURS)] for n, k in enumerate(kinds)}
    for rel in tax.relations():
        a, b = (rel.subject_facet, rel.subject), (rel.object_facet, rel.object)
        if a not in pos or b not in pos:
            continue
        gap = abs(order.index(rel.subject_facet) - order.index(rel.object_facet))
        patch = FancyArrowPatch(
            pos[a],
            pos[b],
            arrowstyle="-",
            color=colour[rel.kind],
            alpha=0.45,
            linewidth=0.8,
            linestyle="-" if rel.strength.value == "documented" else "--",
            connectionstyle=f"arc3,rad={0.25 if gap > 1 else 0.0}",
            zorder=1,
        )
        ax.add_patch(patch)
    ax.set_xlim(-0.15, len(order) - 0.1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    handles = [Line2D([0], [0], color=colour[k], lw=2, label=k) for k in kinds]
    handles += [
        Line2D([0], [0], color="#333333", lw=1, ls="-", label="documented"),
        Line2D([0], [0], color="#333333", lw=1, ls="--", label="plausible"),
    ]
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=len(handles), fontsize=8, frameon=False
    )
    title = "softtargets: the diffuse threat" if found is None else f"softtargets: {len(found)} scenarios"
    ax.set_title(title, fontsize=13, pad=34)
    _save(fig, path)
    return fig


@views.register("heatmap", ScenarioSet)
def plot_heatmap(found: ScenarioSet, *, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> Any:
    """Scenario counts per target type (rows) x modus operandi (columns)."""
    plt = _pyplot()
    lang = get_language(lang)
    tax = found.taxonomy
    counts = found.count_pairs(Facet.TARGET, Facet.MODUS_OPERANDI)
    targets = list(dict.fromkeys(t for t, _ in counts))
    methods = list(dict.fromkeys(m for _, m in counts))
    matrix = [[counts[(t, m)] for m in methods] for t in targets]
    fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(methods) + 3), max(4.0, 0.3 * len(targets) + 1.5)))
    image = ax.imshow(matrix, cmap="Reds", aspect="auto")
    ax.set_xticks(range(len(methods)))
    ax.set_xticklabels(
        [tax.term(str(m), Facet.MODUS_OPERANDI).label(lang) for m in methods], rotation=45, ha="right", fontsize=8
    )
    ax.set_yticks(range(len(targets)))
    ax.set_yticklabels([tax.term(str(t), Facet.TARGET).label(lang) for t in targets], fontsize=8)
    top = max((max(row) for row in matrix), default=0)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                ax.text(
                    j,
                    i,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if value > top / 2 else "black",
                )
    fig.colorbar(image, ax=ax, shrink=0.6, label="scenarios")
    ax.set_title(f"softtargets: {len(found)} scenarios by target type and modus operandi", fontsize=11)
    _save(fig, path)
    return fig
