"""The taxonomy as a STIX 2.1 bundle (via the ``stix2`` library: the ``stix`` extra).

* each modus operandi becomes an ``attack-pattern``;
* each target type an ``identity`` of class ``class`` with STIX industry ``sectors`` from the
  crosswalk (its own or its broader term's);
* each plausible perpetrator-type x motive profile (a ``driven_by`` relation) a
  ``threat-actor`` of type ``terrorist``, with ``resource_level`` from the crosswalk and
  ``primary_motivation`` ``ideology``;
* ``uses`` relationships from profiles to the attack patterns their perpetrator type is
  capable of, and ``targets`` relationships from profiles to the target types their motive
  selects and from attack patterns to the target types they threaten; a relationship's
  ``confidence`` is 85 for a documented relation and 50 for a plausible one, its
  ``description`` the relation's note;
* sources as ``external_references`` (incidents with their URL and date in the description).

The mapping is of the built-in schema's four facets and relation kinds. An extended taxonomy
exports its new terms of those facets (a fan zone under event grounds becomes an identity
with the sectors of event grounds, and inherits its relationships); facets and relation kinds
an extension adds have no STIX counterpart and are left out.

Ids are UUIDv5 over the taxonomy ids and timestamps are fixed, so the same taxonomy always
gives the same bundle. Optional: a scenario set as a STIX ``report`` (``scenario_report``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError
from ..facets import Facet

if TYPE_CHECKING:
    from ..models import Relation, Source
    from ..scenarios import ScenarioSet
    from ..taxonomy import Taxonomy

__all__ = ["NAMESPACE", "TIMESTAMP", "scenario_report", "to_bundle"]

NAMESPACE = uuid.UUID("5d0d7b8e-4d1a-5b7e-9c83-0f1c2a3b4d5e")
"""UUIDv5 namespace of softtargets' STIX ids."""
TIMESTAMP = "2018-08-30T00:00:00.000Z"
"""``created``/``modified`` of every object: the publication day of the study."""
CONFIDENCE = {"documented": 85, "plausible": 50}


def _stix2() -> Any:
    try:
        import stix2  # type: ignore[import-untyped]
    except ImportError:
        raise MissingExtraError("stix", "stix2", "STIX 2.1 export") from None
    return stix2


def _id(kind: str, *key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, '/'.join((kind, *key)))}"


def _refs(sources: Iterable[Source]) -> list[dict[str, str]]:
    out = []
    for s in sources:
        ref = {"source_name": s.id, "description": s.citation[:1000]}
        if s.url:
            ref["url"] = s.url
        out.append(ref)
    return out


def _objects(tax: Taxonomy) -> list[Any]:
    stix2 = _stix2()
    from ..crosswalk import Match, for_term

    def codes(term_id: str, facet: Facet, vocabulary: str, include_broader: bool = False) -> list[str]:
        found = for_term(term_id, facet=facet, vocabulary=vocabulary, include_broader=include_broader, taxonomy=tax)
        return [e.code for e in found if e.match is not Match.NONE]

    common = {"created": TIMESTAMP, "modified": TIMESTAMP}
    objects: list[Any] = []
    patterns: dict[str, str] = {}
    for term in tax.terms(Facet.MODUS_OPERANDI):
        sid = _id("attack-pattern", term.id)
        patterns[term.id] = sid
        objects.append(
            stix2.AttackPattern(
                id=sid,
                name=term.label_en,
                description=term.definition,
                aliases=[term.label_nl, *term.alt_labels_en],
                external_references=[{"source_name": "softtargets", "external_id": term.id}, *_refs(term.sources)],
                **common,
            )
        )
    identities: dict[str, str] = {}
    for term in tax.terms(Facet.TARGET):
        sid = _id("identity", term.id)
        identities[term.id] = sid
        sectors = sorted(set(codes(term.id, Facet.TARGET, "stix_industry_sector", include_broader=True)))
        extra: dict[str, Any] = {"sectors": sectors} if sectors else {}
        objects.append(
            stix2.Identity(
                id=sid,
                name=term.label_en,
                description=term.definition,
                identity_class="class",
                external_references=[{"source_name": "softtargets", "external_id": term.id}, *_refs(term.sources)],
                **extra,
                **common,
            )
        )
    levels: dict[str, str | None] = {}
    for perpetrator in tax.terms(Facet.PERPETRATOR):
        found = codes(perpetrator.id, Facet.PERPETRATOR, "stix_resource_level")
        levels[perpetrator.id] = found[0] if found else None
    actors: dict[tuple[str, str], str] = {}
    for rel in tax.relations(kind="driven_by"):
        p, m = tax.term(rel.subject, Facet.PERPETRATOR), tax.term(rel.object, Facet.MOTIVE)
        sid = _id("threat-actor", p.id, m.id)
        actors[(p.id, m.id)] = sid
        level = levels.get(p.id)
        actor_extra: dict[str, Any] = {"resource_level": level} if level else {}
        objects.append(
            stix2.ThreatActor(
                id=sid,
                name=f"{p.label_en}, {m.label_en}",
                threat_actor_types=["terrorist"],
                **({"primary_motivation": "ideology"} if m.id != "other_unknown" else {}),
                description=f"Profile: {p.definition} {m.definition} {rel.note}",
                external_references=[
                    {"source_name": "softtargets", "external_id": f"{p.id}/{m.id}"},
                    *_refs(rel.sources),
                ],
                **actor_extra,
                **common,
            )
        )

    def relationship(rel: Relation, kind: str, source: str, target: str, key: tuple[str, ...]) -> Any:
        return stix2.Relationship(
            id=_id("relationship", *key),
            relationship_type=kind,
            source_ref=source,
            target_ref=target,
            description=f"{rel.subject} {rel.kind} {rel.object} ({rel.strength.value}): {rel.note}",
            confidence=CONFIDENCE[rel.strength.value],
            external_references=_refs(rel.sources),
            **common,
        )

    for rel in tax.relations(kind="capable_of"):
        for (pid, mid), actor in actors.items():
            if pid == rel.subject:
                for mo in _with_narrower(tax, Facet.MODUS_OPERANDI, rel.object):
                    objects.append(relationship(rel, "uses", actor, patterns[mo], ("uses", pid, mid, mo, rel.object)))
    for rel in tax.relations(kind="selects"):
        for (pid, mid), actor in actors.items():
            if mid == rel.subject:
                for t in _with_narrower(tax, Facet.TARGET, rel.object):
                    key = ("targets", pid, mid, t, rel.object)
                    objects.append(relationship(rel, "targets", actor, identities[t], key))
    for rel in tax.relations(kind="threatens"):
        for mo in _with_narrower(tax, Facet.MODUS_OPERANDI, rel.subject):
            for t in _with_narrower(tax, Facet.TARGET, rel.object):
                objects.append(
                    relationship(
                        rel, "targets", patterns[mo], identities[t], ("threatens", mo, t, rel.subject, rel.object)
                    )
                )
    return objects


def _with_narrower(tax: Taxonomy, facet: Facet, term_id: str) -> list[str]:
    """The term and every term below it (relations are inherited downward)."""
    return [term_id, *(t.id for t in tax.narrower(term_id, facet, deep=True))]


def to_bundle(taxonomy: Taxonomy | None = None) -> Any:
    """``taxonomy`` (the built-in one by default) as a ``stix2.Bundle``; deterministic: the
    same taxonomy gives the same bundle. ``Taxonomy.export("stix")`` writes it as JSON.

    >>> from softtargets.interop.stix import to_bundle
    >>> bundle = to_bundle()                                  # doctest: +SKIP
    >>> {o.type for o in bundle.objects} >= {"attack-pattern", "identity", "threat-actor"}  # doctest: +SKIP
    True
    """
    stix2 = _stix2()
    if taxonomy is None:
        from ..taxonomy import load

        taxonomy = load()
    objects = _objects(taxonomy)
    digest = json.dumps(sorted(o.id for o in objects))
    return stix2.Bundle(objects=objects, id=f"bundle--{uuid.uuid5(NAMESPACE, digest)}")


def scenario_report(found: ScenarioSet, name: str = "softtargets scenarios") -> Any:
    """A STIX ``report`` that refers to the objects behind a scenario set's scenarios (their
    attack patterns, target identities and threat-actor profiles), in a bundle with them.
    The objects come from the taxonomy the scenario set remembers (``found.taxonomy``)."""
    stix2 = _stix2()
    tax = found.taxonomy
    objects = {o.id: o for o in _objects(tax)}
    # by position, not attribute: a taxonomy with an extension's facet gives plain tuples
    pos = {f.id: n for n, f in enumerate(tax.facets)}
    t, p, m, mo = (pos[f] for f in (Facet.TARGET, Facet.PERPETRATOR, Facet.MOTIVE, Facet.MODUS_OPERANDI))
    refs: set[str] = set()
    for s in found:
        refs.add(_id("attack-pattern", str(s[mo])))
        refs.add(_id("identity", str(s[t])))
        refs.add(_id("threat-actor", str(s[p]), str(s[m])))
    refs &= set(objects)
    report = stix2.Report(
        id=_id("report", name, *sorted(refs)),
        name=name,
        report_types=["threat-report"],
        published=TIMESTAMP,
        object_refs=sorted(refs) or [_id("identity", "none")],
        created=TIMESTAMP,
        modified=TIMESTAMP,
        description=f"{len(found)} scenarios of the diffuse threat ({found.min_strength.value} or stronger).",
    )
    keep = [objects[r] for r in sorted(refs)]
    return stix2.Bundle(objects=[report, *keep], id=f"bundle--{uuid.uuid5(NAMESPACE, report.id)}")
