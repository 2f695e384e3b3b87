"""Exporting the taxonomy to the formats analysts' tools read, and reading it back.

======================  ========================================  ================  ==========
format                  what                                      extra             reads back
======================  ========================================  ================  ==========
``json``                one validated document (``TaxonomyDocument``)               yes
``turtle``, ``json-ld`` SKOS concept schemes (``interop.skos``)   ``rdf``           yes
``graphml``             graph for Gephi, Cytoscape, yEd           (networkx)        yes
``node-link``           networkx node-link JSON (d3)              (networkx)        yes
``gexf``                Gephi's format                            (networkx)        no
``stix``                STIX 2.1 bundle (``interop.stix``)        ``stix``          no
======================  ========================================  ================  ==========
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from .. import views
from ..errors import DataError, MissingExtraError, UnknownValueError
from ..taxonomy import Taxonomy

__all__ = ["FORMATS", "READABLE", "export", "read"]

FORMATS = ("json", "turtle", "json-ld", "graphml", "gexf", "node-link", "stix")
"""Every export format."""
READABLE = ("json", "turtle", "json-ld", "graphml", "node-link")
"""The formats that carry a whole taxonomy and read back equal."""


def _format(fmt: str, valid: tuple[str, ...]) -> str:
    key = fmt.strip().lower().replace("_", "-")
    key = {"ttl": "turtle", "jsonld": "json-ld", "nodelink": "node-link", "rdf": "turtle"}.get(key, key)
    if key not in valid:
        raise UnknownValueError("format", fmt, list(valid))
    return key


@views.register("export", Taxonomy)
def export(tax: Taxonomy, fmt: str, path: str | os.PathLike[str] | None = None) -> str:
    """The taxonomy as text in ``fmt``; also written to ``path`` when given."""
    key = _format(fmt, FORMATS)
    text: str
    if key == "json":
        from .document import to_document

        text = json.dumps(to_document(tax), indent=2, ensure_ascii=False) + "\n"
    elif key in ("turtle", "json-ld"):
        from .skos import to_rdf

        text = to_rdf(tax).serialize(format=key)
    elif key == "stix":
        from .stix import to_bundle

        # stix2's pretty printer sorts keys in quadratic time; indent the plain output instead
        text = json.dumps(json.loads(to_bundle(tax).serialize()), indent=2, ensure_ascii=False) + "\n"
    else:
        import networkx as nx

        from .graphs import export_graph

        graph = export_graph(tax, encode=key != "node-link")
        if key == "node-link":
            text = json.dumps(nx.node_link_data(graph, edges="edges", name="node"), indent=2, ensure_ascii=False) + "\n"
        else:
            buffer = io.BytesIO()
            (nx.write_graphml if key == "graphml" else nx.write_gexf)(graph, buffer)
            text = buffer.getvalue().decode("utf-8")
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _text(source: str | bytes | os.PathLike[str]) -> tuple[str, str]:
    if isinstance(source, bytes):
        return source.decode("utf-8"), "<bytes>"
    looks_like_path = (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 4096
        and not source.lstrip().startswith(("{", "[", "<", "@", "#"))
    )
    if isinstance(source, os.PathLike) or looks_like_path:
        file = Path(source)
        try:
            return file.read_text(encoding="utf-8"), str(file)
        except (OSError, UnicodeDecodeError) as err:
            raise DataError(str(file), [f"cannot read the file: {err}"]) from None
    return str(source), "<text>"


def read(source: str | bytes | os.PathLike[str], fmt: str) -> Taxonomy:
    """A taxonomy from an export: a path, or the exported text itself.

    Reads every format that carries a whole taxonomy (``READABLE``); the result equals the
    exported taxonomy (``==`` compares content). Errors raise ``DataError`` naming the source.
    """
    key = _format(fmt, READABLE)
    text, origin = _text(source)
    from .document import from_document

    doc: Any
    try:
        if key == "json":
            doc = json.loads(text)
        elif key == "node-link":
            import networkx as nx

            from .graphs import document_from_graph

            doc = document_from_graph(
                nx.node_link_graph(json.loads(text), edges="edges", name="node", multigraph=True, directed=True), origin
            )
        elif key == "graphml":
            import networkx as nx

            from .graphs import document_from_graph

            graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
            doc = document_from_graph(graph, origin)
        else:
            from .skos import _rdflib, from_rdf

            graph = _rdflib().Graph()
            graph.parse(data=text, format=key)
            doc = from_rdf(graph, origin)
    except (DataError, MissingExtraError):
        raise
    except (ValueError, KeyError, TypeError, SyntaxError) as err:
        raise DataError(origin, [f"not a valid {key} export: {type(err).__name__}: {err}"]) from None
    except Exception as err:
        raise DataError(origin, [f"not a valid {key} export: {type(err).__name__}: {err}"]) from None
    return from_document(doc, origin=f"read:{key}")
