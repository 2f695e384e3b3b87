"""The taxonomy as a STIX 2.1 bundle: plain JSON (``bundle``, what ``export("stix")`` writes,
needs nothing beyond the standard library), or ``stix2`` objects (``to_bundle``,
``scenario_report``: these need the ``stix2`` library, the ``stix`` extra).

* each modus operandi becomes an ``attack-pattern``;
* each target type an ``identity`` of class ``class`` with STIX industry ``sectors`` from the
  crosswalk (its own or its broader term's);
* each plausible perpetrator-type x motive profile (a ``driven_by`` relation, or a pair of
  terms below one) a ``threat-actor`` of type ``terrorist``, with ``resource_level`` from the
  crosswalk, ``primary_motivation`` from the crosswalk to the attack-motivation-ov (``ideology``
  for the five ideological motives; none for ``other_unknown``, whose crosswalk code
  ``unpredictable`` covers only part of it) and the library's ids as the labels
  ``softtargets-motive:<id>`` and ``softtargets-perpetrator:<id>``;
* ``uses`` relationships from profiles to the attack patterns their perpetrator type is
  capable of, and ``targets`` relationships from profiles to the target types their motive
  selects and from attack patterns to the target types they threaten. Relations hold for the
  terms below theirs, so one pair can follow from several relations (on event grounds and on
  Christmas markets): it still gets one relationship per source, target and type, whose
  ``confidence`` is that of the strongest relation (85 documented, 50 plausible) and whose
  ``description`` and ``external_references`` gather every relation behind it;
* sources as ``external_references``.

The mapping is of the built-in schema's four facets and relation kinds. An extended taxonomy
exports its new terms of those facets (a fan zone under event grounds becomes an identity
with the sectors of event grounds, and inherits its relationships); facets and relation kinds
an extension adds have no STIX counterpart and are left out.

Versions. An object's ``id`` is a UUIDv5 in ``NAMESPACE`` of what the object stands for (its
type and term ids; a relationship's type, source and target), so it never changes. Its
``created`` is ``CREATED`` (the study's publication) for every object. Its ``modified`` is the
newest date among its own sources (the study's date at the earliest) at a time of day taken
from a SHA-256 of its content (every property but ``id``, ``created`` and ``modified``): equal
content gives an equal ``modified``, changed content another one (a 1 in 86,400,000 chance of
a clash), and new dated evidence a later day. The time of day is a fingerprint, not a clock.
A bundle's id hashes its objects' ids and ``modified``.

The bundle passes ``stix2-validator`` in strict mode except for the SHOULDs in
``NOT_FOLLOWED``. Optional: a scenario set as a STIX ``report`` (``scenario_report``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..document import indented_json
from ..errors import MissingExtraError
from ..facets import Facet
from ..taxonomy import or_builtin

if TYPE_CHECKING:
    from ..models import Relation, Source
    from ..scenarios import ScenarioSet
    from ..taxonomy import Taxonomy

__all__ = [
    "CREATED",
    "bundle",
    "to_json",
    "MOTIVE_LABEL",
    "NAMESPACE",
    "NOT_FOLLOWED",
    "PERPETRATOR_LABEL",
    "scenario_report",
    "to_bundle",
]

NAMESPACE = uuid.UUID("5d0d7b8e-4d1a-5b7e-9c83-0f1c2a3b4d5e")
"""UUIDv5 namespace of softtargets' STIX ids (the ids of the first release are kept)."""
_NAMESPACE_BYTES = NAMESPACE.bytes
STUDY_DATE = _dt.date(2018, 8, 30)
CREATED = "2018-08-30T00:00:00.000Z"
"""``created`` of every object: the publication day of the study."""
CONFIDENCE = {"documented": 85, "plausible": 50}
MOTIVE_LABEL = "softtargets-motive:"
"""Prefix of the label that carries a threat actor's motive id (``softtargets-motive:jihadism``)."""
PERPETRATOR_LABEL = "softtargets-perpetrator:"
"""Prefix of the label that carries a threat actor's perpetrator-type id."""

NOT_FOLLOWED: Mapping[str, str] = MappingProxyType(
    {
        "uuid-check": (
            "STIX 2.1 section 2.9: the UUID of an identifier MUST comply with RFC 4122 (a UUIDv5 does) and "
            "SDOs, SROs and bundles SHOULD use UUIDv4. The ids here are UUIDv5 in a namespace of the "
            "project's own (not the SCO namespace 00abedb4-aa42-466c-9c01-fed23315a9b7, which the MUST "
            "excludes) so that an object keeps its id from release to release and versions can be told "
            "apart by modified."
        ),
        "extref-hashes": (
            "STIX 2.1 section 2.5: hashes of the url's content SHOULD be given with a url. The sources "
            "are web pages that change and the library never fetches them, so any hash would be "
            "unverified or soon wrong; the references keep the url without one."
        ),
    }
)
"""The ``stix2-validator`` checks (by name) whose recommendation the bundle does not follow,
with the reason: every other strict check passes."""

_DAY_MS = 86_400_000
_indented: Callable[[Any], str] = indented_json  # json.dumps(indent=2, ensure_ascii=False), in Rust

# The order in which stix2 (3.x) writes the properties of each type after type, spec_version,
# id, created and modified: the plain JSON is written in it, so that the export is byte for
# byte what serialising stix2 objects gave. External references are built in their order.
_ORDER: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "attack-pattern": ("name", "description", "aliases", "labels", "confidence", "external_references"),
        "identity": ("name", "description", "identity_class", "sectors", "labels", "external_references"),
        "threat-actor": (
            "name",
            "description",
            "threat_actor_types",
            "aliases",
            "resource_level",
            "primary_motivation",
            "secondary_motivations",
            "labels",
            "confidence",
            "external_references",
        ),
        "relationship": (
            "relationship_type",
            "description",
            "source_ref",
            "target_ref",
            "labels",
            "confidence",
            "external_references",
        ),
        "report": ("created_by_ref", "name", "description", "report_types", "published", "object_refs"),
    }
)


def _stix2() -> Any:
    try:
        import stix2  # type: ignore[import-untyped]
    except ImportError:
        raise MissingExtraError("stix", "stix2", "STIX 2.1 export") from None
    return stix2


def _id(kind: str, *key: str) -> str:
    """The id of the ``kind`` object that stands for ``key`` (term ids, or a relationship's
    type, source and target): the same in every release."""
    # uuid.uuid5 spelled out (a test compares the two): SHA-1 of the namespace and the name,
    # with the version (5) and the RFC 4122 variant set; without making a UUID object
    raw = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "/".join((kind, *key)).encode()).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50
    raw[8] = (raw[8] & 0x3F) | 0x80
    x = raw.hex()
    return f"{kind}--{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def _modified(props: Mapping[str, Any], dates: Iterable[_dt.date | None]) -> str:
    """The newest of ``dates`` (the study's date at the earliest) at a time of day taken
    from a hash of ``props``: see the module docstring."""
    content = json.dumps(props, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    ms = int.from_bytes(hashlib.sha256(content.encode()).digest()[:8], "big") % _DAY_MS
    day = max((STUDY_DATE, *(d for d in dates if d is not None)))
    return _stamp(day, ms)


def _stamp(day: _dt.date, ms: int) -> str:
    """``day`` at ``ms`` milliseconds after midnight UTC, as STIX writes a timestamp
    (``2018-08-30T12:34:56.789Z``); a test compares it with datetime's own formatting."""
    seconds, milli = divmod(ms, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}.{milli:03d}Z"


def _version(modified: str) -> str:
    """A ``modified`` timestamp as ``str()`` of stix2's timestamp writes it (a datetime in
    UTC): ``2018-08-30 12:34:56.789000+00:00``, without the fraction when it is zero."""
    fraction = modified[19:-1]  # ".789"
    return f"{modified[:10]} {modified[11:19]}{'' if fraction == '.000' else fraction + '000'}+00:00"


def _versioned(
    key: tuple[str, ...], props: dict[str, Any], dates: Iterable[_dt.date | None], **more: Any
) -> dict[str, Any]:
    """A STIX object (plain JSON) of ``props``: id from ``key``, ``modified`` from its content
    (``props``; ``more`` is added after). Empty lists and None are left out, as stix2 does."""
    kind = props["type"]
    modified = _modified(props, dates)
    content = {k: v for k, v in {**props, **more}.items() if v is not None and v != []}
    order = _ORDER[kind]
    unknown = set(content) - {"type", *order}
    if unknown:
        raise ValueError(f"{kind}: no place for {sorted(unknown)} in the property order")
    head = {"type": kind, "spec_version": "2.1", "id": _id(kind, *key), "created": CREATED, "modified": modified}
    return {**head, **{k: content[k] for k in order if k in content}}


def _sources(sources: Iterable[Source]) -> list[Source]:
    """``sources`` once each, by id: their order in the data is not content."""
    return sorted({s.id: s for s in sources}.values(), key=lambda s: s.id)


def _refs(sources: Iterable[Source]) -> list[dict[str, str]]:
    out = []
    for s in _sources(sources):
        ref = {"source_name": s.id, "description": s.citation[:1000]}
        if s.url:
            ref["url"] = s.url
        out.append(ref)
    return out


def _objects(tax: Taxonomy) -> list[dict[str, Any]]:
    from ..crosswalk import Match, for_term

    def codes(term_id: str, facet: Facet, vocabulary: str, include_broader: bool = False) -> list[str]:
        found = for_term(term_id, facet=facet, vocabulary=vocabulary, include_broader=include_broader, taxonomy=tax)
        return [e.code for e in found if e.match is not Match.NONE]

    def motivations(motive_id: str) -> dict[str, Any]:
        # a code describes the motive when it is the same (exact, close) or broader (narrow);
        # a code narrower than the motive ("broad") would claim too much for its profiles
        found = for_term(
            motive_id, facet=Facet.MOTIVE, vocabulary="stix_attack_motivation", include_broader=True, taxonomy=tax
        )
        fitting = sorted({e.code for e in found if e.match in (Match.EXACT, Match.CLOSE, Match.NARROW)})
        if len(fitting) == 1:
            return {"primary_motivation": fitting[0]}
        return {"secondary_motivations": fitting} if fitting else {}

    below = _with_narrower(tax)
    objects: list[dict[str, Any]] = []
    patterns: dict[str, str] = {}
    for term in tax.terms(Facet.MODUS_OPERANDI):
        props: dict[str, Any] = {
            "type": "attack-pattern",
            "name": term.label_en,
            "description": term.definition,
            "aliases": [term.label_nl, *sorted(term.alt_labels_en)],
            "external_references": [{"source_name": "softtargets", "external_id": term.id}, *_refs(term.sources)],
        }
        obj = _versioned((term.id,), props, (s.date for s in term.sources))
        patterns[term.id] = obj["id"]
        objects.append(obj)
    identities: dict[str, str] = {}
    for term in tax.terms(Facet.TARGET):
        sectors = sorted(set(codes(term.id, Facet.TARGET, "stix_industry_sector", include_broader=True)))
        props = {
            "type": "identity",
            "name": term.label_en,
            "description": term.definition,
            "identity_class": "class",
            **({"sectors": sectors} if sectors else {}),
            "external_references": [{"source_name": "softtargets", "external_id": term.id}, *_refs(term.sources)],
        }
        obj = _versioned((term.id,), props, (s.date for s in term.sources))
        identities[term.id] = obj["id"]
        objects.append(obj)

    profiles: dict[tuple[str, str], list[Relation]] = {}
    for rel in tax.relations(kind="driven_by"):
        for p in below(Facet.PERPETRATOR, rel.subject):
            for m in below(Facet.MOTIVE, rel.object):
                profiles.setdefault((p, m), []).append(rel)
    actors: dict[tuple[str, str], str] = {}
    for (pid, mid), rels in profiles.items():
        perpetrator, motive = tax.term(pid, Facet.PERPETRATOR), tax.term(mid, Facet.MOTIVE)
        levels = codes(pid, Facet.PERPETRATOR, "stix_resource_level", include_broader=True)
        notes = " ".join(r.note for r in _ordered(rels))
        props = {
            "type": "threat-actor",
            "name": f"{perpetrator.label_en}, {motive.label_en}",
            "description": f"Profile: {perpetrator.definition} {motive.definition} {notes}",
            "threat_actor_types": ["terrorist"],
            "labels": [MOTIVE_LABEL + mid, PERPETRATOR_LABEL + pid],
            **motivations(mid),
            **({"resource_level": levels[0]} if levels else {}),
            "external_references": [
                {"source_name": "softtargets", "external_id": f"{pid}/{mid}"},
                *_refs(s for r in rels for s in r.sources),
            ],
        }
        obj = _versioned((pid, mid), props, (s.date for r in rels for s in r.sources))
        actors[(pid, mid)] = obj["id"]
        objects.append(obj)

    # (type, source, target) -> the relations behind that one relationship
    links: dict[tuple[str, str, str], list[Relation]] = {}
    for rel in tax.relations(kind="capable_of"):
        for p in below(Facet.PERPETRATOR, rel.subject):
            for (pid, _), actor in actors.items():
                if pid == p:
                    for mo in below(Facet.MODUS_OPERANDI, rel.object):
                        links.setdefault(("uses", actor, patterns[mo]), []).append(rel)
    for rel in tax.relations(kind="selects"):
        for m in below(Facet.MOTIVE, rel.subject):
            for (_, mid), actor in actors.items():
                if mid == m:
                    for t in below(Facet.TARGET, rel.object):
                        links.setdefault(("targets", actor, identities[t]), []).append(rel)
    for rel in tax.relations(kind="threatens"):
        for mo in below(Facet.MODUS_OPERANDI, rel.subject):
            for t in below(Facet.TARGET, rel.object):
                links.setdefault(("targets", patterns[mo], identities[t]), []).append(rel)
    for (kind, source, target), rels in links.items():
        rels = _ordered(rels)
        props = {
            "type": "relationship",
            "relationship_type": kind,
            "source_ref": source,
            "target_ref": target,
            "description": "; ".join(f"{r.subject} {r.kind} {r.object} ({r.strength.value}): {r.note}" for r in rels),
            "confidence": max(CONFIDENCE[r.strength.value] for r in rels),
            "external_references": _refs(s for r in rels for s in r.sources),
        }
        objects.append(_versioned((kind, source, target), props, (s.date for r in rels for s in r.sources)))
    return objects


def _ordered(relations: Iterable[Relation]) -> list[Relation]:
    """``relations`` once each, by key: their order in the data is not content."""
    return sorted({r.key: r for r in relations}.values(), key=lambda r: r.key)


def _with_narrower(tax: Taxonomy) -> Callable[[Facet, str], list[str]]:
    """A lookup of a term and every term below it (relations are inherited downward), each
    asked of ``tax`` once."""
    found: dict[tuple[Facet, str], list[str]] = {}

    def below(facet: Facet, term_id: str) -> list[str]:
        key = (facet, term_id)
        if key not in found:
            found[key] = [term_id, *(t.id for t in tax.narrower(term_id, facet, deep=True))]
        return found[key]

    return below


def _bundle(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """A bundle whose id changes with any object's version."""

    versions = json.dumps(sorted((o["id"], _version(o["modified"])) for o in objects))
    return {"type": "bundle", "id": f"bundle--{uuid.uuid5(NAMESPACE, versions)}", "objects": objects}


def bundle(taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """``taxonomy`` (the built-in one by default) as a STIX 2.1 bundle in plain JSON (dicts
    and lists), without the ``stix2`` library: what ``Taxonomy.export("stix")`` writes.
    Deterministic: the same taxonomy gives the same bundle, and an object whose content
    changes keeps its id and gets another ``modified``."""
    taxonomy = or_builtin(taxonomy)
    return _bundle(_objects(taxonomy))


def to_json(taxonomy: Taxonomy | None = None) -> str:
    """``bundle(taxonomy)`` as JSON text indented by two spaces: what ``export("stix")`` writes."""
    return _indented(bundle(taxonomy)) + "\n"


def to_bundle(taxonomy: Taxonomy | None = None) -> Any:
    """``bundle(taxonomy)`` as a ``stix2.Bundle`` (needs the ``stix`` extra), for code that
    works with stix2 objects (a ``MemoryStore``, a TAXII client).

    >>> from softtargets.interop.stix import to_bundle
    >>> bundle = to_bundle()                                  # doctest: +SKIP
    >>> {o.type for o in bundle.objects} >= {"attack-pattern", "identity", "threat-actor"}  # doctest: +SKIP
    True
    """
    return _stix2().parse(bundle(taxonomy), allow_custom=False)


def _producer() -> dict[str, Any]:
    """The identity of softtargets, the author of its reports."""
    props = {
        "type": "identity",
        "name": "softtargets",
        "description": "The softtargets library, which derives scenario reports from its taxonomy.",
        "identity_class": "system",
    }
    return _versioned(("producer", "softtargets"), props, ())


def _query(found: ScenarioSet) -> list[str]:
    """The scenario set's minimum strength and filters, with terms as sorted ids."""
    tax = found.taxonomy
    parts = [found.min_strength.value]
    for facet, value in sorted(found.filters.items()):
        if value is not None:
            items = (value,) if isinstance(value, str) else tuple(value)
            parts.append(f"{facet}=" + ",".join(sorted({tax.term(i, facet).id for i in items})))
    return parts


def scenario_report(found: ScenarioSet, name: str = "softtargets scenarios") -> Any:
    """A STIX ``report`` that refers to the objects behind a scenario set's scenarios (their
    attack patterns, target identities and threat-actor profiles), in a bundle with them and
    with the report's author, the ``softtargets`` identity (an empty set's report refers to
    that identity alone: STIX requires at least one reference). The objects come from the
    taxonomy the scenario set remembers (``found.taxonomy``). The report's id follows its
    name, minimum strength and filters; its ``modified``, like every object's, its content."""
    stix2 = _stix2()
    tax = found.taxonomy
    objects = {o["id"]: o for o in _objects(tax)}
    # by position, not attribute: a taxonomy with an extension's facet gives plain tuples
    pos = {f.id: n for n, f in enumerate(tax.facets)}
    t, p, m, mo = (pos[f] for f in (Facet.TARGET, Facet.PERPETRATOR, Facet.MOTIVE, Facet.MODUS_OPERANDI))
    refs: set[str] = set()
    for s in found:
        refs.add(_id("attack-pattern", str(s[mo])))
        refs.add(_id("identity", str(s[t])))
        refs.add(_id("threat-actor", str(s[p]), str(s[m])))
    keep = [objects[r] for r in sorted(refs)]
    producer = _producer()
    query = _query(found)
    matching = f" matching {'; '.join(query[1:])}" if query[1:] else ""
    props = {
        "type": "report",
        "name": name,
        "description": f"{len(found)} scenarios of the diffuse threat ({query[0]} or stronger){matching}.",
        "report_types": ["threat-report"],
        "created_by_ref": producer["id"],
        "object_refs": sorted(refs) or [producer["id"]],
    }
    dates = [_dt.date.fromisoformat(o["modified"][:10]) for o in keep]
    report = _versioned((json.dumps([name, *query]),), props, dates, published=_modified(props, dates))
    return stix2.parse(_bundle([report, producer, *keep]), allow_custom=False)
