"""Exporting the taxonomy to the formats analysts' tools read, and reading it back.

``REGISTRY`` is the one list of formats (name, writer, reader, extra, purpose): ``export``,
``read``, the command line and the README's table all derive from it. ``FORMATS`` names every
format; ``READABLE`` those that carry a whole taxonomy and read back equal (``json``,
SKOS ``turtle`` and ``json-ld``, ``graphml``, ``node-link``); ``gexf`` and ``stix`` are
export only.

>>> from softtargets import interop
>>> interop.READABLE
('json', 'turtle', 'json-ld', 'graphml', 'node-link')
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from pydantic import ValidationError

from .. import views
from ..cache import paused_gc
from ..document import TaxonomyDocument, indented_json, read_document, to_document
from ..errors import (
    ArgumentTypeError,
    DataError,
    InputLimitError,
    MissingExtraError,
    OutputError,
    UnknownValueError,
    expect,
    shorten,
)
from ..limits import MAX_DOCUMENT_BYTES, decode, read_limited
from ..taxonomy import Taxonomy

__all__ = ["FORMATS", "READABLE", "REGISTRY", "Format", "export", "read"]


@dataclass(frozen=True)
class Format:
    """One export format: how to write it, how to read it back (None: it cannot carry a
    whole taxonomy), the extra it needs and what it is for."""

    name: str
    write: Callable[[Taxonomy], str]
    read: Callable[[str, str], Any] | None
    extra: str | None
    purpose: str
    aliases: tuple[str, ...] = ()


def _write_json(tax: Taxonomy) -> str:
    return indented_json(to_document(tax)) + "\n"


def _read_json(text: str, origin: str) -> Any:
    # one pass from text to validated records; a document that fails is parsed again, so
    # that its errors (syntax, or each record's problems) are reported as they always were
    try:
        return TaxonomyDocument.model_validate_json(text)
    except ValidationError:
        return json.loads(text)


def _writer_rdf(fmt: str, base: str | None = None) -> Callable[[Taxonomy], str]:
    def write(tax: Taxonomy) -> str:
        from .skos import BASE, serialize

        return serialize(tax, fmt, BASE if base is None else base)

    return write


def _reader_rdf(fmt: str) -> Callable[[str, str], Any]:
    def read_rdf(text: str, origin: str) -> Any:
        from .skos_read import parse

        if fmt == "json-ld":
            _inline_only(json.loads(text), origin)

        return parse(text, fmt, origin)

    return read_rdf


def _write_stix(tax: Taxonomy) -> str:
    from .stix import to_json

    return to_json(tax)


def _write_graph(fmt: str) -> Callable[[Taxonomy], str]:
    def write(tax: Taxonomy) -> str:
        import networkx as nx

        from .graphs import export_graph, to_gexf

        graph = export_graph(tax, encode=fmt != "node-link")
        if fmt == "node-link":
            data = nx.node_link_data(graph, edges="edges", name="id", key="key")
            return indented_json(data) + "\n"
        if fmt == "gexf":
            return to_gexf(graph)
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer)
        return buffer.getvalue().decode("utf-8")

    return write


def _read_node_link(text: str, origin: str) -> Any:
    import networkx as nx

    from .graphs import document_from_graph

    data = json.loads(text)
    nodes = data.get("nodes") if isinstance(data, dict) else None
    # earlier exports keyed nodes by "node" (their "id" was the term id); now by "id"
    name = "node" if isinstance(nodes, list) and any(isinstance(n, dict) and "node" in n for n in nodes) else "id"
    graph = nx.node_link_graph(data, edges="edges", name=name, key="key", multigraph=True, directed=True)
    return document_from_graph(graph, origin)


def _read_graphml(text: str, origin: str) -> Any:
    import networkx as nx

    _no_dtd(text, origin)
    from .graphs import document_from_graph

    return document_from_graph(nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True), origin)


def _inline_only(node: Any, origin: str) -> None:
    """Refuse a JSON-LD document that names a context or an import to fetch: a taxonomy
    document is data, and reading it must not reach the network or the file system."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                remote = key == "@import" or (
                    key == "@context"
                    and (isinstance(value, str) or (isinstance(value, list) and any(isinstance(v, str) for v in value)))
                )
                if remote:
                    raise DataError(
                        origin,
                        [f"{key} names {shorten(value)}: only inline JSON-LD contexts are read (nothing is fetched)"],
                    )
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def _no_dtd(text: str, origin: str) -> None:
    """Refuse XML with a document type declaration or entities: nothing outside the text is
    read, and no entity is expanded."""
    upper = text.upper()
    for marker in ("<!DOCTYPE", "<!ENTITY"):
        if marker in upper:
            raise DataError(origin, [f"the XML has a {marker[2:]} declaration: DTDs and entities are not read"])


REGISTRY: Mapping[str, Format] = MappingProxyType(
    {
        f.name: f
        for f in (
            Format("json", _write_json, _read_json, None, "one validated document (softtargets.document)"),
            Format(
                "turtle", _writer_rdf("turtle"), _reader_rdf("turtle"), "rdf", "SKOS thesaurus tools", ("ttl", "rdf")
            ),
            Format("json-ld", _writer_rdf("json-ld"), _reader_rdf("json-ld"), "rdf", "SKOS as JSON-LD", ("jsonld",)),
            Format("graphml", _write_graph("graphml"), _read_graphml, None, "Gephi, Cytoscape, yEd"),
            Format("gexf", _write_graph("gexf"), None, None, "Gephi"),
            Format("node-link", _write_graph("node-link"), _read_node_link, None, "networkx / d3 JSON", ("nodelink",)),
            Format("stix", _write_stix, None, None, "threat-intelligence platforms: a STIX 2.1 bundle"),
        )
    }
)
"""Every format by name: the one list that ``export``, ``read``, the CLI and the docs use."""

FORMATS: tuple[str, ...] = tuple(REGISTRY)
"""Every export format."""
READABLE: tuple[str, ...] = tuple(name for name, f in REGISTRY.items() if f.read is not None)
"""The formats that carry a whole taxonomy and read back equal."""

_ALIASES = {alias: f.name for f in REGISTRY.values() for alias in f.aliases}


def _format(fmt: str, valid: tuple[str, ...]) -> Format:
    key = fmt.strip().lower().replace("_", "-")
    key = _ALIASES.get(key, key)
    if key not in valid:
        raise UnknownValueError("format", fmt, list(valid))
    return REGISTRY[key]


@views.register("export", Taxonomy)
def export(tax: Taxonomy, fmt: str, path: str | os.PathLike[str] | None = None, *, base: str | None = None) -> str:
    """The taxonomy as text in ``fmt`` (one of ``FORMATS``); also written to ``path`` when given.
    ``base`` sets the IRIs of the SKOS formats (``turtle``, ``json-ld``; see ``interop.skos``)."""
    form = _format(fmt, FORMATS)
    if base is None:
        text = form.write(tax)
    elif form.extra == "rdf":
        text = _writer_rdf(form.name, base)(tax)
    else:
        raise UnknownValueError("format with a base IRI", fmt, [f.name for f in REGISTRY.values() if f.extra == "rdf"])
    if path is not None:
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as err:
            raise OutputError(str(path), err.strerror or str(err)) from None
    return text


Source = str | bytes | os.PathLike[str] | IO[bytes]
"""What ``read`` takes: a path, the exported text or bytes, or a binary stream."""


def _text(source: Source, max_bytes: int) -> tuple[str, str]:
    if isinstance(source, bytes):
        if len(source) > max_bytes:
            raise InputLimitError("<bytes>", f"{len(source):,} bytes; the limit is {max_bytes:,}")
        return decode(source, "<bytes>"), "<bytes>"
    if isinstance(source, str):
        looks_like_path = (
            "\n" not in source and len(source) < 4096 and not source.lstrip().startswith(("{", "[", "<", "@", "#"))
        )
        if not looks_like_path:
            # UTF-8 takes at most four bytes a character: only a text near the limit is encoded
            if len(source) > max_bytes or (
                len(source) * 4 > max_bytes and len(source.encode("utf-8", "surrogatepass")) > max_bytes
            ):
                raise InputLimitError("<text>", f"more than {max_bytes:,} bytes; the limit is {max_bytes:,}")
            return source, "<text>"
    elif not isinstance(source, os.PathLike) and not callable(getattr(source, "read", None)):
        raise ArgumentTypeError(
            f"source: expected a path, the exported text, bytes or a binary stream, got {type(source).__name__} "
            f"{shorten(source)}"
        )
    if isinstance(source, str | os.PathLike):
        where = str(source)
        return decode(read_limited(source, max_bytes, where), where), where
    where = str(getattr(source, "name", "<stream>"))
    return decode(read_limited(source, max_bytes, where), where), where


@paused_gc
def read(source: Source, fmt: str, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Taxonomy:
    """A taxonomy from an export: a path, the exported text or bytes, or a binary stream.

    Reads every format that carries a whole taxonomy (``READABLE``); the result equals the
    exported taxonomy (``==`` compares content). At most ``max_bytes`` are read (20 MiB by
    default, counted while reading); reading never fetches or opens anything the document
    names (JSON-LD contexts and imports, XML entities and DTDs are refused). Errors raise
    ``DataError`` naming the source (``InputLimitError`` past the limit).
    """
    expect("fmt", fmt, str, "a format name (str)")
    form = _format(fmt, READABLE)
    text, origin = _text(source, max_bytes)
    reader = form.read
    assert reader is not None  # READABLE holds only formats with a reader
    doc: Any
    try:
        doc = reader(text, origin)
    except (DataError, MissingExtraError):
        raise
    except Exception as err:
        raise DataError(origin, [f"not a valid {form.name} export: {type(err).__name__}: {err}"]) from None
    bundle, extensions = read_document(doc, origin=f"read:{form.name}")
    # read_document checked the records against each other: no second check
    return Taxonomy(bundle, origin=f"read:{form.name}", extensions=extensions, checked=True)
