"""The answers' models: why a scenario is or is not part of the diffuse threat
(``Explanation``, one ``Requirement`` per relation kind) and how diffuse the threat is
(``Diffuseness``); ``Taxonomy.explain`` and ``Taxonomy.diffuseness`` make them.

Pydantic models (they validate and serialise); imported on the first explanation, so that
loading and querying a taxonomy imports no pydantic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_serializer, field_validator

from . import views
from .behaviour import Strength
from .models import Relation
from .records import as_model
from .scenarios import ScenarioSet, describe_filter, spread

if TYPE_CHECKING:
    from .evidence import Evidence
    from .index import TermIndex
    from .models import RelationKind
    from .taxonomy import Taxonomy

__all__ = ["Diffuseness", "Explanation", "Requirement", "diffuseness_of", "explain_numbers"]


class _Frozen(BaseModel):
    # defer_build: the schemas are built on first validation, not when the module is imported
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True, defer_build=True)


class _Answer(_Frozen):
    """What the taxonomy's answers share: the taxonomy that made them, and their HTML view."""

    _taxonomy: Any = PrivateAttr(default=None)

    @property
    def taxonomy(self) -> Taxonomy | None:
        """The taxonomy that made the answer (None for one read back from JSON)."""
        return self._taxonomy  # type: ignore[no-any-return]

    def to_html(self, lang: str | None = None) -> str:
        """The answer as an HTML table (an explanation's sources as links)."""
        return str(views.render("html", self, lang))

    def _repr_html_(self) -> str:
        return self.to_html()


class Requirement(_Frozen):
    """One relation kind a scenario needs, and the relations that satisfy it (if any).

    A relation between broader terms counts for narrower ones: ``relations`` may name a
    broader subject or object than the scenario's own terms.
    """

    kind: str
    subject: str = Field(description="The scenario's term in the kind's subject facet.")
    object: str = Field(description="The scenario's term in the kind's object facet.")
    relations: tuple[Relation, ...]
    incident_counts: tuple[int, ...] = Field(
        default=(), description="For each relation, how many documented incidents instantiate it."
    )

    @property
    def satisfied(self) -> bool:
        """True when at least one relation supports the requirement."""
        return bool(self.relations)

    def __str__(self) -> str:
        if not self.relations:
            return f"MISSING  {self.subject} {self.kind} {self.object}"
        parts = []
        counts = self.incident_counts or (None,) * len(self.relations)
        for rel, count in zip(self.relations, counts):
            via = (
                ""
                if (rel.subject, rel.object) == (self.subject, self.object)
                else f" (via {rel.subject} -> {rel.object})"
            )
            cites = "; ".join(s.citation.split(":")[0] for s in rel.sources)
            seen = "" if count is None else f", {count} incident{'' if count == 1 else 's'} in the data"
            parts.append(
                f"{self.subject} {self.kind} {self.object}{via}: {rel.strength.value}{seen}. {rel.note} [{cites}]"
            )
        return "\n".join("ok       " + p for p in parts)


class Explanation(_Answer):
    """Why a scenario is or is not part of the diffuse threat: one requirement per kind."""

    scenario: tuple[Any, ...]
    min_strength: Strength
    requirements: tuple[Requirement, ...]

    def __repr__(self) -> str:
        verdict = "plausible" if self.plausible else "not plausible"
        return f"<Explanation {' / '.join(map(str, self.scenario))}: {verdict}>"

    @property
    def plausible(self) -> bool:
        """True when every requirement is satisfied."""
        return all(r.satisfied for r in self.requirements)

    @property
    def supporting(self) -> tuple[Relation, ...]:
        """Every relation that supports the scenario."""
        return tuple(rel for r in self.requirements for rel in r.relations)

    @property
    def missing(self) -> tuple[Requirement, ...]:
        """The requirements no relation satisfies."""
        return tuple(r for r in self.requirements if not r.satisfied)

    def __str__(self) -> str:
        head = " / ".join(str(v) for v in self.scenario)
        verdict = "part of the diffuse threat" if self.plausible else "NOT part of the diffuse threat"
        lines = [f"{head}: {verdict} (min strength {self.min_strength.value})"]
        lines += [str(r) for r in self.requirements]
        return "\n".join(lines)


class Diffuseness(_Answer):
    """How diffuse the threat is within a query's filters (see ``Taxonomy.diffuseness``)."""

    scenarios: int = Field(description="Number of scenarios that match.")
    product: int = Field(description="Size of the Cartesian product of the filtered facets.")
    share: float = Field(description="scenarios / product.")
    entropy: Mapping[str, float] = Field(
        description="Per facet: normalised Shannon entropy (0..1) of scenario counts over its terms."
    )
    filters: Mapping[str, str]
    min_strength: Strength

    @field_validator("entropy", "filters", mode="after")
    @classmethod
    def _read_only(cls, value: Mapping[str, Any]) -> Mapping[str, Any]:
        return MappingProxyType(dict(value))

    @field_serializer("entropy", "filters")
    def _plain(self, value: Mapping[str, Any]) -> dict[str, Any]:
        return dict(value)

    def __str__(self) -> str:
        ent = ", ".join(f"{k} {v:.2f}" for k, v in self.entropy.items())
        return f"{self.scenarios} of {self.product} combinations ({self.share:.1%}); entropy: {ent}"


def diffuseness_of(found: ScenarioSet) -> Diffuseness:
    """The diffuseness figures of a scenario set (see ``Taxonomy.diffuseness``)."""
    total, product, entropy = spread(found)
    result = Diffuseness(
        scenarios=total,
        product=product,
        share=(total / product) if product else 0.0,
        entropy=entropy,
        filters={k: describe_filter(v) for k, v in found.filters.items()},
        min_strength=found.min_strength,
    )
    result._taxonomy = found.taxonomy
    return result


def explain_numbers(
    taxonomy: Taxonomy,
    index: TermIndex,
    kinds: Iterable[RelationKind],
    relations: Mapping[tuple[str, str, str], Relation],
    evidence: Evidence,
    numbers: Sequence[int],
    min_strength: Strength,
) -> Explanation:
    """The explanation of the scenario of these term numbers: per kind, the relations that
    link its two terms directly or through broader terms (see ``Taxonomy.explain``)."""
    requirements = []
    for kind in kinds:
        a, b = index.position(kind.subject), index.position(kind.object)
        terms_a, terms_b = index.terms(a), index.terms(b)
        found = []
        for up_a in index.up(a, numbers[a]):
            for up_b in index.up(b, numbers[b]):
                rel = relations.get((kind.id, terms_a[up_a].id, terms_b[up_b].id))
                if rel is not None and rel.strength.rank >= min_strength.rank:
                    found.append(as_model(rel))
        requirements.append(
            Requirement(
                kind=kind.id,
                subject=terms_a[numbers[a]].id,
                object=terms_b[numbers[b]].id,
                relations=tuple(found),
                incident_counts=tuple(evidence.count(r) for r in found),
            )
        )
    why = Explanation(scenario=index.record(numbers), min_strength=min_strength, requirements=tuple(requirements))
    why._taxonomy = taxonomy
    return why
