"""The library's words for its figures, in the chosen language: table headers, verdicts,
strength and outcome words (all from the catalogue ``data/messages.toml``), term labels and
the documented-only test of a scenario set. Shared by the HTML display and the command line,
and free of pydantic, so that a command that prints a table imports none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .behaviour import Outcome, Strength
from .language import Lang, message, messages

if TYPE_CHECKING:
    from .scenarios import ScenarioSet
    from .taxonomy import Taxonomy

__all__ = ["documented_test", "header", "labeler", "outcome_word", "strength_word", "words"]


def _group(prefix: str, lang: Lang | str | None) -> dict[str, str]:
    return {key[len(prefix) :]: message(key, lang) for key in messages() if key.startswith(prefix)}


def words(lang: str | None = None) -> dict[str, str]:
    """The display vocabulary (verdicts, figures; catalogue keys ``display.*``) in ``lang``."""
    return _group("display.", lang)


def header(name: str, lang: Lang | str | None = None) -> str:
    """A table header or column name (catalogue key ``header.<name>``) in ``lang``."""
    return message(f"header.{name}", lang)


def strength_word(strength: Strength | str, lang: Lang | str | None = None) -> str:
    """The strength word in ``lang``: "documented" is "gedocumenteerd" / "documenté"."""
    return message(f"strength.{Strength(strength).value}", lang)


def outcome_word(outcome: Outcome | str, lang: Lang | str | None = None) -> str:
    """How an incident ended: "completed" / "uitgevoerd" / "commis", and so on."""
    return message(f"outcome.{Outcome(outcome).value}", lang)


def labeler(tax: Taxonomy, lang: str | None) -> Callable[[str, object], str]:
    """A function ``(facet id, term id or member) -> label in lang`` over ``tax``."""
    labels = {(t.facet, t.id): t.label(lang) for t in tax.terms()}

    def label(facet: str, value: object) -> str:
        return labels.get((facet, str(value)), str(value))

    return label


def documented_test(found: ScenarioSet) -> Callable[[Sequence[object]], bool]:
    """For the scenarios of ``found``: a function telling whether a scenario rests only on
    documented relations (real incidents), the strongest support a scenario can have."""
    if found.min_strength is Strength.DOCUMENTED:
        return lambda scenario: True
    documented = found.taxonomy.scenarios(min_strength=Strength.DOCUMENTED)
    return lambda scenario: tuple(scenario) in documented
