"""The taxonomy as GraphML, GEXF and node-link JSON, and back.

The exported graph has one node per term and one edge per relation and per broader link.
Every format uses the same ids, and no id repeats:

* a node's id is ``"<facet>:<id>"`` (``"target:museum"``), so terms of different facets
  that share an id stay two nodes;
* an edge's id is ``"<subject node>-<kind>-<object node>"``: for a relation
  ``"modus_operandi:firearms-threatens-target:museum"``, for a hierarchy link
  ``"target:church-broader-target:religious_institution"``. Term ids, facets and kinds never
  contain ``-``, so the id reads back unambiguously; it is an XML name token, as GraphML requires.

Node attributes: ``term_id`` (the term's id), ``facet``, ``label_en``, ``label_nl``,
``alt_labels_en``, ``alt_labels_nl``, ``definition``, ``sources`` (source ids) and ``broader``
(the broader term's id, or ``""`` for none). Edge attributes: ``kind`` (the relation kind, or
``"broader"``) and, on relations, ``strength``, ``note``, ``sources`` and ``incidents`` (how many
documented incidents instantiate the relation). No attribute is named ``id``: igraph reads
GraphML node ids into an ``id`` attribute, and networkx's node-link and GEXF code take an ``id``
attribute for the node id. Earlier exports named the term id ``id``; ``read`` takes both.

Lists (``alt_labels_en``, ``alt_labels_nl``, ``sources``) are JSON-encoded strings in GraphML
and GEXF, lists in node-link JSON. The graph attribute ``softtargets`` holds, as a JSON string,
what is not a node or an edge: the sources (with citation, URL, date), incidents, facets,
relation kinds and extensions; ``softtargets_format`` names the document format.

GraphML (written by networkx) and node-link JSON (networkx's layout: ``nodes`` with ``id``,
``edges`` with ``source``, ``target`` and ``key``, the edge id) therefore carry a whole
taxonomy and read back equal. GEXF 1.2 (written here: networkx's writer puts a ``name`` on
``<graph>`` that the schema does not allow) is for Gephi; GEXF has no graph attributes, so
the export describes itself in ``<meta>`` and cannot be read back.
"""

from __future__ import annotations

import itertools
import json
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from ..language import Lang
from .document import FORMAT, to_document

if TYPE_CHECKING:
    import networkx as nx

    from ..taxonomy import Taxonomy

__all__ = ["document_from_graph", "edge_id", "export_graph", "to_gexf"]

_LISTS = (*(f"alt_labels_{lang.value}" for lang in Lang), "sources")
_EDGE_KEYS = ("kind", "subject", "object", "sources")


def edge_id(subject: str, kind: str, object_: str) -> str:
    """The id of the edge of ``kind`` from node ``subject`` to node ``object_``."""
    return f"{subject}-{kind}-{object_}"


def export_graph(tax: Taxonomy, *, encode: bool) -> nx.MultiDiGraph[str]:
    """A plain networkx graph of the taxonomy, keyed by the export ids (edges by their id,
    not by kind as in ``Taxonomy.graph``); lists JSON-encoded when ``encode``."""
    import networkx as nx

    doc = to_document(tax)
    rest = {k: doc[k] for k in ("extensions", "source", "incident", "facet", "kind")}
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.graph["softtargets_format"] = FORMAT
    graph.graph["softtargets"] = json.dumps(rest, ensure_ascii=False, sort_keys=True)

    def value(v: Any) -> Any:
        return json.dumps(v, ensure_ascii=False) if encode and isinstance(v, list) else v

    for term in doc["term"]:
        attrs = {("term_id" if k == "id" else k): value(v) for k, v in term.items()}
        attrs["broader"] = term.get("broader") or ""
        node = f"{term['facet']}:{term['id']}"
        graph.add_node(node, **attrs)
        if term.get("broader"):
            up = f"{term['facet']}:{term['broader']}"
            graph.add_edge(node, up, key=edge_id(node, "broader", up), kind="broader")
    kinds = {k["id"]: k for k in doc["kind"]}
    counts = {r.key: tax.incident_count(r) for r in tax.relations()}
    for rel in doc["relation"]:
        kind = kinds[rel["kind"]]
        subject, object_ = f"{kind['subject']}:{rel['subject']}", f"{kind['object']}:{rel['object']}"
        graph.add_edge(
            subject,
            object_,
            key=edge_id(subject, rel["kind"], object_),
            kind=rel["kind"],
            **{k: v for k, v in rel.items() if k not in _EDGE_KEYS},
            sources=value(rel["sources"]),
            incidents=counts.get((rel["kind"], rel["subject"], rel["object"]), 0),
        )
    return graph


_GEXF = "http://www.gexf.net/1.2draft"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _gexf_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _gexf_value(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def to_gexf(graph: nx.MultiDiGraph[str]) -> str:
    """GEXF 1.2 text of a graph from ``export_graph(encode=True)``: the same node and edge ids
    as the other formats, typed attributes, and a ``<meta>`` that says what the file holds."""
    from xml.etree import ElementTree as ET

    # plain tag names: the root declares the GEXF namespace as the default one
    namespaces = {"xmlns": _GEXF, "xmlns:xsi": _XSI, "xsi:schemaLocation": f"{_GEXF} {_GEXF}/gexf.xsd"}
    root = ET.Element("gexf", {**namespaces, "version": "1.2"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "softtargets"
    rest = json.loads(graph.graph["softtargets"])
    extended = ", ".join(f"{e['name']} {e['version']}" for e in rest["extensions"])
    ET.SubElement(meta, "description").text = (
        "The softtargets taxonomy of the terrorist threat to soft targets"
        + (f", extended by {extended}" if extended else "")
        + ": one node per term, one edge per relation and per broader link."
    )
    body = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})

    rows: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {
        "node": [(node, "", "", data) for node, data in graph.nodes(data=True)],
        "edge": [(key, u, v, data) for u, v, key, data in graph.edges(keys=True, data=True)],
    }
    numbers = itertools.count()
    declared: dict[str, dict[str, str]] = {}  # per class: attribute name -> GEXF attribute id
    for cls, items in rows.items():
        attributes = ET.SubElement(body, "attributes", {"class": cls, "mode": "static"})
        declared[cls] = {}
        for _, _, _, data in items:
            for name, value in data.items():
                if value is not None and name not in declared[cls]:
                    declared[cls][name] = ident = str(next(numbers))
                    attrs = {"id": ident, "title": name, "type": _gexf_type(value)}
                    ET.SubElement(attributes, "attribute", attrs)
    for cls, items in rows.items():
        group = ET.SubElement(body, f"{cls}s")
        for ident, u, v, data in items:
            attrs = {"id": ident, "label": ident} if cls == "node" else {"id": ident, "source": u, "target": v}
            element = ET.SubElement(group, cls, attrs)
            present = [(name, value) for name, value in data.items() if value is not None]
            if present:
                values = ET.SubElement(element, "attvalues")
                for name, value in present:
                    ET.SubElement(values, "attvalue", {"for": declared[cls][name], "value": _gexf_value(value)})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


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
    """Rebuild the taxonomy document from a graph written by ``export_graph``, or by an
    earlier version (the term id in ``id`` rather than ``term_id``, edges keyed by kind)."""
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
        if "term_id" in term:
            term["id"] = term.pop("term_id")
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
                **{k: v for k, v in data.items() if k not in _EDGE_KEYS and k != "incidents" and v is not None},
                "kind": data.get("kind"),
                "subject": str(u).split(":", 1)[-1],
                "object": str(v).split(":", 1)[-1],
                "sources": _list(data.get("sources", []), f"{origin}: edge {u}->{v}.sources"),
            }
        )
    doc["term"], doc["relation"] = terms, relations
    return doc
