"""The taxonomy as GraphML, GEXF and node-link JSON (through networkx), and back.

The exported graph has one node per term (keyed ``"<facet>:<id>"``) and one edge per relation
and per broader link, like ``Taxonomy.graph``. Attributes that a format cannot hold natively
are encoded, as documented here:

* ``alt_labels_en``, ``alt_labels_nl`` and ``sources`` (source ids) are lists; GraphML and
  GEXF hold them as JSON-encoded strings, node-link JSON as lists;
* ``broader`` is the broader term's id, or ``""`` for none;
* the graph attribute ``softtargets`` holds, as a JSON string, what is not a node or an edge:
  the sources (with citation, URL, date), incidents, facets, relation kinds and extensions.

GraphML and node-link JSON therefore carry a whole taxonomy and read back equal. GEXF is for
Gephi: networkx writes no graph attributes to it, so it is export-only.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from .document import FORMAT, to_document

if TYPE_CHECKING:
    import networkx as nx

    from ..taxonomy import Taxonomy

__all__ = ["document_from_graph", "export_graph"]

_LISTS = ("alt_labels_en", "alt_labels_nl", "sources")


def export_graph(tax: Taxonomy, *, encode: bool) -> nx.MultiDiGraph[str]:
    """A plain networkx graph of the taxonomy, lists JSON-encoded when ``encode``."""
    import networkx as nx

    doc = to_document(tax)
    rest = {k: doc[k] for k in ("extensions", "source", "incident", "facet", "kind")}
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.graph["softtargets_format"] = FORMAT
    graph.graph["softtargets"] = json.dumps(rest, ensure_ascii=False, sort_keys=True)

    def value(v: Any) -> Any:
        return json.dumps(v, ensure_ascii=False) if encode and isinstance(v, list) else v

    for term in doc["term"]:
        attrs = {k: value(v) for k, v in term.items()}
        attrs["broader"] = term.get("broader") or ""
        graph.add_node(f"{term['facet']}:{term['id']}", **attrs)
        if term.get("broader"):
            graph.add_edge(
                f"{term['facet']}:{term['id']}", f"{term['facet']}:{term['broader']}", key="broader", kind="broader"
            )
    kinds = {k["id"]: k for k in doc["kind"]}
    counts = {r.key: tax.incident_count(r) for r in tax.relations()}
    for rel in doc["relation"]:
        kind = kinds[rel["kind"]]
        graph.add_edge(
            f"{kind['subject']}:{rel['subject']}",
            f"{kind['object']}:{rel['object']}",
            key=rel["kind"],
            kind=rel["kind"],
            strength=rel["strength"],
            note=rel["note"],
            sources=value(rel["sources"]),
            incidents=counts.get((rel["kind"], rel["subject"], rel["object"]), 0),
        )
    return graph


def _list(value: Any, where: str) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        try:
            decoded = json.loads(value) if value else []
        except json.JSONDecodeError:
            raise DataError(where, [f"expected a JSON list, got {value[:60]!r}"]) from None
        if isinstance(decoded, list):
            return decoded
    raise DataError(where, [f"expected a list, got {type(value).__name__}"])


def document_from_graph(graph: Any, origin: str) -> dict[str, Any]:
    """Rebuild the taxonomy document from a graph written by ``export_graph``."""
    attrs = getattr(graph, "graph", {})
    if attrs.get("softtargets_format") != FORMAT or "softtargets" not in attrs:
        raise DataError(origin, ["not a softtargets export: the graph lacks the 'softtargets' attribute"])
    try:
        doc: dict[str, Any] = json.loads(attrs["softtargets"])
    except (TypeError, json.JSONDecodeError) as err:
        raise DataError(origin, [f"graph attribute 'softtargets' is not valid JSON: {err}"]) from None
    doc["format"], doc["version"] = FORMAT, 1
    terms = []
    for node, data in graph.nodes(data=True):
        term = {k: v for k, v in data.items() if v is not None}
        for key in _LISTS:
            term[key] = _list(term.get(key, []), f"{origin}: node {node}.{key}")
        if not term.get("broader"):
            term.pop("broader", None)
        terms.append(term)
    relations = []
    for u, v, data in graph.edges(data=True):
        if data.get("kind") == "broader":
            continue
        relations.append(
            {
                "kind": data.get("kind"),
                "subject": str(u).split(":", 1)[-1],
                "object": str(v).split(":", 1)[-1],
                "strength": data.get("strength"),
                "note": data.get("note"),
                "sources": _list(data.get("sources", []), f"{origin}: edge {u}->{v}.sources"),
            }
        )
    doc["term"], doc["relation"] = terms, relations
    return doc
