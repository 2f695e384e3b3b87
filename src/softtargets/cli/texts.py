"""The command line's own sentences and words, per label language (``st.Lang``).

Term and facet labels come from the taxonomy; these are only the CLI's frame around them.
A language without an entry here falls back to English, and a test checks that every
``Lang`` member has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ..models import Lang

__all__ = ["SENTENCES", "WORDS", "sentences", "words"]

SENTENCES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        Lang.EN.value: {
            "threat": "Diffuse threat to {label} ({id})",
            "summary": "{n} plausible scenarios out of {product} combinations ({share:.0%}).",
            "documented": "{n} of them rest only on documented relations (real incidents).",
            "by": "By {facet}:",
            "entropy": "spread (normalised entropy) {value:.2f}",
            "none": "No scenario: nothing in the data relates this target to the other facets.",
            "scenarios": "Scenarios (perpetrator / motive / modus operandi):",
            "more": "  ... and {n} more",
            "shown": "{shown} of {n} scenarios shown (--limit {limit}; --format csv or json lists all).",
            "valid": "{path}: valid extension {name} {version}: {terms} terms, {relations} relations; "
            "{scenarios} scenarios after applying it (built-in: {before}).",
        },
        Lang.NL.value: {
            "threat": "Diffuse dreiging voor {label} ({id})",
            "summary": "{n} plausibele scenario's van {product} combinaties ({share:.0%}).",
            "documented": "Daarvan berusten er {n} alleen op gedocumenteerde relaties (echte incidenten).",
            "by": "Per {facet}:",
            "entropy": "spreiding (genormaliseerde entropie) {value:.2f}",
            "none": "Geen scenario: niets in de data verbindt dit doelwit met de andere facetten.",
            "scenarios": "Scenario's (dader / motief / modus operandi):",
            "more": "  ... en nog {n}",
            "shown": "{shown} van {n} scenario's getoond (--limit {limit}; --format csv of json toont alles).",
            "valid": "{path}: geldige extensie {name} {version}: {terms} termen, {relations} relaties; "
            "{scenarios} scenario's na toepassing (ingebouwd: {before}).",
        },
    }
)
"""Whole sentences (``str.format`` templates) of the readable outputs."""

WORDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        Lang.EN.value: {
            "date": "date",
            "incident": "incident",
            "country": "country",
            "motive": "motive",
            "id": "id",
            "name": "name",
            "actors": "actors",
            "measures": "measures",
            "by": "by",
            "figure": "figure",
            "value": "value",
            "scenarios": "scenarios",
            "combinations": "combinations",
            "share": "share",
            "entropy": "entropy",
            "ok": "ok",
            "missing": "MISSING",
            "via": "via",
            "incidents": "incidents",
            "part": "part of the diffuse threat",
            "not_part": "NOT part of the diffuse threat",
            "covered": "{name}: {covered} of {total} plausible scenarios covered ({share:.0%}); public only "
            "{public}, private only {private}, both {both}; gaps {none}",
            "none": "none",
            "both": "both",
            "public": "public",
            "private": "private",
        },
        Lang.NL.value: {
            "date": "datum",
            "incident": "incident",
            "country": "land",
            "motive": "motief",
            "id": "id",
            "name": "naam",
            "actors": "actoren",
            "measures": "maatregelen",
            "by": "door",
            "figure": "maat",
            "value": "waarde",
            "scenarios": "scenario's",
            "combinations": "combinaties",
            "share": "aandeel",
            "entropy": "entropie",
            "ok": "ok",
            "missing": "ONTBREEKT",
            "via": "via",
            "incidents": "incidenten",
            "part": "deel van de diffuse dreiging",
            "not_part": "GEEN deel van de diffuse dreiging",
            "covered": "{name}: {covered} van {total} plausibele scenario's gedekt ({share:.0%}); alleen publiek "
            "{public}, alleen privaat {private}, beide {both}; lacunes {none}",
            "none": "geen",
            "both": "beide",
            "public": "publiek",
            "private": "privaat",
        },
    }
)
"""Single words: table headers, verdicts and sectors."""


def sentences(lang: str) -> Mapping[str, str]:
    """The sentence templates in ``lang`` (English for a language without its own).

    >>> sentences("nl")["by"].format(facet="motief")
    'Per motief:'
    """
    return SENTENCES.get(lang, SENTENCES[Lang.EN.value])


def words(lang: str) -> Mapping[str, str]:
    """The words in ``lang`` (English for a language without its own).

    >>> words("nl")["measures"]
    'maatregelen'
    """
    return WORDS.get(lang, WORDS[Lang.EN.value])
