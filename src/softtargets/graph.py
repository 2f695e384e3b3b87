"""The taxonomy as a frozen networkx ``MultiDiGraph``.

Nodes are keyed ``"<facet>:<term id>"`` (for example ``"target:football_stadium"``), so
terms of different facets that share an id never collide. Node attributes:

``facet``, ``id``, ``label_<lang>`` and ``alt_labels_<lang>`` (tuples) for every ``Lang``,
``definition`` with ``definition_nl`` and ``definition_fr``, ``broader`` (node key or None),
``sources`` (tuple of ``Source`` models).

Edges, keyed by their kind:

* one edge per relation, subject node to object node, with ``kind`` (e.g. ``"threatens"``),
  ``strength`` (``"documented"`` or ``"plausible"``), ``note`` (``note_nl``, ``note_fr``), ``sources`` and ``incidents``
  (how many documented incidents in the data instantiate the relation);
* one edge per hierarchy link, narrower node to broader node, with ``kind="broader"``.

The graph is frozen (``networkx.freeze``) and its attribute dicts are read-only: any
attempt to change it raises. ``graph.copy()`` gives an ordinary, mutable graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._frozen import ReadOnlyDict
from .cache import cached
from .errors import ImmutableError
from .language import Lang

if TYPE_CHECKING:
    import networkx as nx

    from .taxonomy import Taxonomy

__all__ = ["build_graph", "node_key"]


def node_key(facet: str, term_id: str) -> str:
    """The graph node of a term: ``"<facet>:<id>"``."""
    return f"{facet}:{term_id}"


_TEXTS = tuple(
    f"{field}_{lang.value}" if field != "definition" or lang is not Lang.EN else field
    for field in ("label", "alt_labels", "definition")
    for lang in Lang
)
"""The node attributes that carry the term's texts, in every language."""


def build_graph(taxonomy: Taxonomy) -> nx.MultiDiGraph[str]:
    """Build the frozen graph of ``taxonomy``."""
    import networkx as nx

    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(name="softtargets taxonomy")
    for term in taxonomy.terms():
        graph.add_node(
            node_key(term.facet, term.id),
            facet=term.facet,
            id=term.id,
            **{name: getattr(term, name) for name in _TEXTS},
            broader=node_key(term.facet, term.broader) if term.broader else None,
            sources=term.sources,
        )
    for term in taxonomy.terms():
        if term.broader:
            graph.add_edge(
                node_key(term.facet, term.id), node_key(term.facet, term.broader), key="broader", kind="broader"
            )
    for rel in taxonomy.relations():
        graph.add_edge(
            node_key(rel.subject_facet, rel.subject),
            node_key(rel.object_facet, rel.object),
            key=rel.kind,
            kind=rel.kind,
            strength=rel.strength.value,
            note=rel.note,
            note_nl=rel.note_nl,
            note_fr=rel.note_fr,
            sources=rel.sources,
            incidents=taxonomy.incident_count(rel),
        )
    _make_read_only(graph)
    frozen: nx.MultiDiGraph[str] = nx.freeze(graph)
    frozen.__class__ = _sealed_class()
    frozen.__dict__["_sealed"] = True
    return frozen


@cached
def _sealed_class() -> type:
    """A ``MultiDiGraph`` whose attributes (``graph``, ``name``...) cannot be set or deleted
    once sealed; ``copy()`` gives an ordinary, mutable ``MultiDiGraph``."""
    import networkx as nx

    class FrozenMultiDiGraph(nx.MultiDiGraph):  # type: ignore[type-arg]
        def __setattr__(self, name: str, value: object) -> None:
            if self.__dict__.get("_sealed"):
                raise ImmutableError(f"the taxonomy's graph is frozen: cannot set {name!r}; use graph.copy()")
            super().__setattr__(name, value)

        def __delattr__(self, name: str) -> None:
            if self.__dict__.get("_sealed"):
                raise ImmutableError(f"the taxonomy's graph is frozen: cannot delete {name!r}; use graph.copy()")
            super().__delattr__(name)

        def copy(self, as_view: bool = False) -> Any:
            if as_view:
                return super().copy(as_view=True)
            return nx.MultiDiGraph(self)

    return FrozenMultiDiGraph


def _make_read_only(graph: Any) -> None:
    # networkx hands out its internal attribute dicts; swap each for a read-only one.
    graph.graph = ReadOnlyDict(graph.graph)
    nodes = graph._node
    for n in list(nodes):
        nodes[n] = ReadOnlyDict(nodes[n])
    for nbrs in graph._adj.values():
        for keydict in list(nbrs.values()):
            for k in list(keydict):
                dict.__setitem__(keydict, k, ReadOnlyDict(keydict[k]))
    # key dicts are shared between _succ and _pred: freeze them after the swap
    for u, nbrs in graph._adj.items():
        for v in list(nbrs):
            frozen = ReadOnlyDict(nbrs[v])
            dict.__setitem__(nbrs, v, frozen)
            dict.__setitem__(graph._pred[v], u, frozen)
