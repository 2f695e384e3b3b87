"""Pictures of the taxonomy (the ``plot`` extra: matplotlib, imported lazily).

``plot_taxonomy`` draws the relations as a grid of adjacency matrices, one panel per relation
kind, the panels sharing their facets' rows and columns (perpetrator types and target types
down, motives and modi operandi across, for the built-in schema): a shaded cell says that
the row term and the column term are related, dark when documented, lighter when only
plausible, palest when the relation is inherited from a broader term. Broader terms are
bold, their narrower terms indented under them and boxed off by separators. Given a scenario
set, it draws only the terms in its scenarios (with their broader terms) and the relations
of at least its strength. ``plot_heatmap`` shows scenario counts per target type x modus
operandi, broader terms as grey totals over their narrower ones. Both titles say the
filters of a scenario set; both return the matplotlib figure and save it when given a path
ending in .png or .svg.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import views
from .display import get_language
from .errors import MissingExtraError, UnknownValueError
from .facets import Facet
from .language import message
from .models import Strength, Term
from .scenarios import ScenarioSet, describe_filter
from .taxonomy import Taxonomy

__all__ = ["plot_heatmap", "plot_taxonomy", "pyplot", "save", "title_of"]

SIGNATURE = "softtargets plot()"
"""Written into saved files' metadata (PNG ``Software``, SVG ``Creator``)."""


_LAYERED_ORDER = tuple(f.value for f in (Facet.PERPETRATOR, Facet.TARGET, Facet.MOTIVE, Facet.MODUS_OPERANDI))
_SHADES = ("#ffffff", "#c6dbef", "#6baed6", "#08519c")  # none, inherited, plausible, documented
_CELL = 0.2  # inches per matrix cell
_GRID = "#e3e3e3"
_INCH_PER_CHAR = 0.075  # a generous width of one 8-point character


def _say(key: str, lang: str) -> str:
    """A word of titles and legends, from the catalogue (``data/messages.toml``, ``plot.*``)."""
    return message(f"plot.{key}", lang)


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


def title_of(found: ScenarioSet | None, lang: str, what: str = "") -> str:
    """The title of a picture: the whole threat, or a scenario set's size and filters in
    words ("softtargets: 8 scenarios where target type = football stadium")."""
    if found is None:
        return f"softtargets: {_say('threat', lang)}" + (f" — {what}" if what else "")
    tax = found.taxonomy
    parts = []
    for facet, value in found.filters.items():
        ids = [v.strip() for v in describe_filter(value).split(",") if v.strip()]
        labels = []
        for text in ids:
            term = tax.get(text, facet)
            labels.append(term.label(lang) if term is not None else text)
        parts.append(f"{tax.facet(facet).label(lang)} = {', '.join(labels)}")
    title = f"softtargets: {len(found)} {_say('scenarios', lang)}"
    if what:
        title += f" {what}"
    if parts:
        title += f"\n{_say('where', lang)} " + f" {_say('and', lang)} ".join(parts)
    if found.min_strength is Strength.DOCUMENTED:
        title += f" ({_say('documented_only', lang)})" if parts else f"\n{_say('documented_only', lang)}"
    return title


def _shown(tax: Taxonomy, facet: str, found: ScenarioSet | None) -> list[tuple[Term, int]]:
    """The terms of ``facet`` to draw, in data order, with their depth in the hierarchy:
    all of them, or those in ``found``'s scenarios and their broader terms."""
    terms = tax.terms(facet)
    if found is not None:
        used = {str(k) for k, n in found.count_by(facet).items() if n}
        keep = used | {a.id for t in used for a in tax.ancestors(t, facet)}
        terms = tuple(t for t in terms if t.id in keep)
    return [(t, len(tax.ancestors(t.id, facet))) for t in terms]


def _groups(tax: Taxonomy, facet: str, terms: Sequence[tuple[Term, int]]) -> list[tuple[int, int]]:
    """Each broader term's (first, last) position with the narrower terms shown under it."""
    index = {t.id: n for n, (t, _) in enumerate(terms)}
    out = []
    for n, (term, _) in enumerate(terms):
        below = [index[t.id] for t in tax.narrower(term.id, facet, deep=True) if t.id in index]
        if below:
            out.append((n, max(below)))
    return out


def _slots(tax: Taxonomy) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    """Facets down (rows) and across (columns), and per kind its (row, column) slot.

    When the kinds link the facets as a bipartite graph with at most one kind per pair (the
    built-in schema), each facet gets one row or column and the panels share them; otherwise
    each kind gets a row and a column of its own."""
    order = {f: n for n, f in enumerate(_LAYERED_ORDER)}
    facets = sorted((f.id for f in tax.facets), key=lambda f: order.get(f, len(order)))
    side: dict[str, int] = {}
    ok = len({frozenset((k.subject, k.object)) for k in tax.kinds}) == len(tax.kinds)
    for start in facets:
        if start in side or not ok:
            continue
        side[start], todo = 0, [start]
        while todo and ok:
            here = todo.pop()
            for k in tax.kinds:
                if here in (k.subject, k.object):
                    there = k.object if here == k.subject else k.subject
                    if there not in side:
                        side[there] = 1 - side[here]
                        todo.append(there)
                    ok = ok and side[there] != side[here]
    if not ok:
        return [k.subject for k in tax.kinds], [k.object for k in tax.kinds], [(n, n) for n in range(len(tax.kinds))]
    down = [f for f in facets if side[f] == 0 and any(f in (k.subject, k.object) for k in tax.kinds)]
    across = [f for f in facets if side[f] == 1]
    cells = [
        (
            down.index(k.subject if side[k.subject] == 0 else k.object),
            across.index(k.object if side[k.subject] == 0 else k.subject),
        )
        for k in tax.kinds
    ]
    return down, across, cells


def _matrix(
    tax: Taxonomy,
    kind: str,
    rows: tuple[str, list[tuple[Term, int]]],
    cols: tuple[str, list[tuple[Term, int]]],
    strength: Strength,
) -> list[list[int]]:
    """Per cell: 3 documented, 2 plausible, 1 inherited through a broader term, 0 none."""
    direct: dict[tuple[str, str], int] = {}
    for rel in tax.relations(kind=kind):
        if rel.strength.rank >= strength.rank:
            key = (rel.subject, rel.object) if rel.subject_facet == rows[0] else (rel.object, rel.subject)
            direct[key] = max(direct.get(key, 0), 3 if rel.strength is Strength.DOCUMENTED else 2)

    def chain(facet: str, term: Term) -> list[str]:
        return [term.id, *(a.id for a in tax.ancestors(term.id, facet))]

    out = []
    for r, _ in rows[1]:
        line = []
        for c, _ in cols[1]:
            if (r.id, c.id) in direct:
                line.append(direct[(r.id, c.id)])
            else:
                inherited = any((a, b) in direct for a in chain(rows[0], r) for b in chain(cols[0], c))
                line.append(1 if inherited else 0)
        out.append(line)
    return out


def _separators(ax: Any, groups: list[tuple[int, int]], across: bool) -> None:
    line = ax.axvline if across else ax.axhline
    for first, last in groups:
        for at in (first, last + 1):
            line(at, color="#555555", linewidth=0.8)


@views.register("plot", Taxonomy)
@views.register("plot", ScenarioSet)
def plot_taxonomy(
    obj: Taxonomy | ScenarioSet, *, path: str | os.PathLike[str] | None = None, lang: str | None = None
) -> Any:
    """The relations of a taxonomy, or those behind a scenario set, as one adjacency matrix
    per relation kind (see the module's docstring). Each panel's axes carry the kind's id
    (``ax.get_label()``) and its x label says the relation in words."""
    plt = _pyplot()
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    lang = get_language(lang)
    tax, found = _source(obj)
    strength = found.min_strength if found is not None else Strength.PLAUSIBLE
    down, across, cells = _slots(tax)
    terms = {f: _shown(tax, f, found) for f in {*down, *across}}
    notes = [_relation_words(tax, kind, lang) for kind in tax.kinds]
    # the layout in inches: row labels, then one column of panels per facet across, with
    # room between them for the words under each panel; cells are _CELL inches square
    col_w = [_CELL * max(1, len(terms[f])) for f in across]
    row_h = [_CELL * max(1, len(terms[f])) for f in down]
    note_w = [
        max((_INCH_PER_CHAR * max(map(len, n.split("\n"))) for n, (_, c) in zip(notes, cells) if c == col), default=0)
        for col in range(len(across))
    ]
    over = [max(0.0, (n - w) / 2) for n, w in zip(note_w, col_w)]
    label_w = _INCH_PER_CHAR * max(
        *(1.15 * (len(t.label(lang)) + 3 * d) for f in down for t, d in terms[f]),
        *(1.5 * len(tax.facet(f).label(lang)) for f in down),  # the facet's name: bold, larger
    )
    xs = [label_w + max(0.25, over[0])]
    for c in range(1, len(across)):
        xs.append(xs[-1] + col_w[c - 1] + max(0.25, over[c - 1] + over[c] + 0.15))
    head = 0.75 + 0.85 * _INCH_PER_CHAR * max(
        (len(t.label(lang)) + 3 * d for f in across for t, d in terms[f]), default=8
    )
    ys = [head]
    for r in range(1, len(down)):
        ys.append(ys[-1] + row_h[r - 1] + 0.95)
    width = max(6.0, xs[-1] + col_w[-1] + over[-1] + 0.2)
    height = ys[-1] + row_h[-1] + 1.1
    fig = plt.figure(figsize=(width, height))

    def place(x: float, y: float, w: float, h: float, **kw: Any) -> Any:
        return fig.add_axes((x / width, 1 - (y + h) / height, w / width, h / height), **kw)

    for r, facet in enumerate(down):
        _row_labels(place(xs[0] - label_w - 0.05, ys[r], label_w, row_h[r]), tax, facet, terms[facet], lang)
    cmap, norm = ListedColormap(list(_SHADES)), BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5], len(_SHADES))
    topmost = {c: min(r for r, cc in cells if cc == c) for _, c in cells}
    for kind, (r, c), note in zip(tax.kinds, cells, notes):
        ax = place(xs[c], ys[r], col_w[c], row_h[r], label=kind.id)
        rows, cols = (down[r], terms[down[r]]), (across[c], terms[across[c]])
        ax.pcolormesh(_matrix(tax, kind.id, rows, cols, strength), cmap=cmap, norm=norm, edgecolors=_GRID, lw=0.4)
        ax.set_xlim(0, max(1, len(cols[1])))
        ax.set_ylim(max(1, len(rows[1])), 0)
        ax.set_yticks([])
        ax.set_xticks([])
        _separators(ax, _groups(tax, rows[0], rows[1]), across=False)
        _separators(ax, _groups(tax, cols[0], cols[1]), across=True)
        ax.set_xlabel(note, fontsize=8, style="italic")
        if topmost[c] == r:
            _column_labels(ax, tax, cols[0], cols[1], lang)
    legend = [
        Patch(facecolor=_SHADES[3], edgecolor=_GRID, label=message("strength.documented", lang)),
        Patch(facecolor=_SHADES[2], edgecolor=_GRID, label=message("strength.plausible", lang)),
        Patch(facecolor=_SHADES[1], edgecolor=_GRID, label=_say("inherited", lang)),
    ]
    fig.legend(
        handles=legend, loc="lower center", bbox_to_anchor=(0.5, 0.1 / height), ncol=3, fontsize=9, frameon=False
    )
    title = title_of(found, lang, "" if found is not None else _say("relations", lang))
    fig.suptitle(title, y=1 - 0.15 / height, va="top", fontsize=13)
    _save(fig, path)
    return fig


def _relation_words(tax: Taxonomy, kind: Any, lang: str) -> str:
    """Under a panel: the kind, and which facet it links to which."""
    return f"{kind.label(lang)}\n{tax.facet(kind.subject).label(lang)} → {tax.facet(kind.object).label(lang)}"


def _column_labels(ax: Any, tax: Taxonomy, facet: str, terms: list[tuple[Term, int]], lang: str) -> None:
    """The term labels of one facet across the top, narrower terms set off, and its name."""
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("bottom")
    ax.tick_params(length=0)
    ax.set_xticks([n + 0.5 for n in range(len(terms))])
    ax.set_xticklabels([("   " * d) + t.label(lang) for t, d in terms], rotation=90, fontsize=8, va="bottom")
    groups = {first for first, _ in _groups(tax, facet, terms)}
    for n, tick in enumerate(ax.get_xticklabels()):
        tick.set_fontweight("bold" if n in groups else "normal")
    ax.set_title(tax.facet(facet).label(lang), fontsize=11, fontweight="bold")


def _row_labels(ax: Any, tax: Taxonomy, facet: str, terms: list[tuple[Term, int]], lang: str) -> None:
    """The term labels of one facet down the left, narrower terms indented, and its name."""
    ax.set_xlim(0, 1)
    ax.set_ylim(max(1, len(terms)), 0)
    ax.axis("off")
    groups = {first for first, _ in _groups(tax, facet, terms)}
    for n, (term, depth) in enumerate(terms):
        ax.text(
            0.0,
            n + 0.5,
            ("   " * depth) + term.label(lang),
            va="center",
            ha="left",
            fontsize=8,
            fontweight="bold" if n in groups else "normal",
        )
    ax.set_title(tax.facet(facet).label(lang), loc="left", fontsize=11, fontweight="bold")


@views.register("heatmap", ScenarioSet)
def plot_heatmap(found: ScenarioSet, *, path: str | os.PathLike[str] | None = None, lang: str | None = None) -> Any:
    """Scenario counts per target type (rows) x modus operandi (columns); narrower terms sit
    indented under their broader term, whose row (column) shows in grey the total over the
    group, the count a query for the broader term returns."""
    plt = _pyplot()
    import numpy as np

    lang = get_language(lang)
    tax = found.taxonomy
    counts = found.count_pairs(Facet.TARGET, Facet.MODUS_OPERANDI)
    facets = (Facet.TARGET.value, Facet.MODUS_OPERANDI.value)
    allowed = [{str(t) for t, _ in counts}, {str(m) for _, m in counts}]
    shown = [[(t, d) for t, d in _shown(tax, f, None) if t.id in allowed[n]] for n, f in enumerate(facets)]
    own = {(str(t), str(m)): n for (t, m), n in counts.items()}

    def members(facet: str, term: Term) -> list[str]:
        return [term.id, *(t.id for t in tax.narrower(term.id, facet, deep=True))]

    def total(t: Term, m: Term) -> int:
        return sum(own.get((a, b), 0) for a in members(facets[0], t) for b in members(facets[1], m))

    rows, cols = shown
    broad = [[bool(tax.narrower(t.id, f)) for t, _ in shown[n]] for n, f in enumerate(facets)]
    matrix = np.array([[total(t, m) for m, _ in cols] for t, _ in rows], dtype=float)
    grey = np.array([[br or bc for bc in broad[1]] for br in broad[0]], dtype=bool).reshape(matrix.shape)
    fig, ax = plt.subplots(figsize=(max(6.0, 0.5 * len(cols) + 4), max(4.0, 0.3 * len(rows) + 2.2)))
    leaf = np.ma.masked_where(grey, matrix)
    image = ax.imshow(leaf, cmap="Reds", aspect="auto", vmin=0)
    ax.imshow(np.ma.masked_where(~grey, np.ones_like(matrix)), cmap="Greys", vmin=0, vmax=12, aspect="auto")
    top = float(leaf.max()) if leaf.count() else 0.0
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            value = int(matrix[i, j])
            if value:
                dark = not grey[i, j] and value > top / 2
                ax.text(
                    j,
                    i,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else ("#555555" if grey[i, j] else "black"),
                    style="italic" if grey[i, j] else "normal",
                )
    ax.set_xticks(range(len(cols)))
    ax.set_xticklabels([t.label(lang) for t, _ in cols], rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([("   " * d) + t.label(lang) for t, d in rows], fontsize=8, ha="left")
    for ticks, isbroad in ((ax.get_xticklabels(), broad[1]), (ax.get_yticklabels(), broad[0])):
        for tick, b in zip(ticks, isbroad):
            tick.set_fontweight("bold" if b else "normal")
    for groups, line in ((_groups(tax, facets[0], rows), ax.axhline), (_groups(tax, facets[1], cols), ax.axvline)):
        for first, last in groups:
            for at in (first - 0.5, last + 0.5):
                line(at, color="#555555", linewidth=0.8)
    fig.colorbar(image, ax=ax, shrink=0.6, label=_say("scenarios", lang))
    fig.canvas.draw()  # measure the labels to set them flush left, indents visible
    widest = max((t.get_window_extent().width for t in ax.get_yticklabels()), default=0.0)
    ax.tick_params(axis="y", pad=widest * 72 / fig.dpi + 4)
    ax.set_xlabel(_say("total", lang), fontsize=8, style="italic")
    ax.set_title(title_of(found, lang, _say("by_target_mo", lang)), fontsize=11)
    _save(fig, path)
    return fig


def pyplot() -> Any:
    """matplotlib.pyplot (drawing off-screen without a display), or ``MissingExtraError``
    naming the ``plot`` extra."""
    return _pyplot()


def save(fig: Any, path: str | os.PathLike[str] | None) -> None:
    """Save ``fig`` to ``path`` (.png or .svg, with the library's signature), if given."""
    _save(fig, path)
