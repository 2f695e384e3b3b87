"""Every user-facing text of the built-in data exists in English, Dutch and French (issue 14).

The rule is generic: every pydantic record reachable from the built-in data whose class
names translated fields (``TRANSLATED``) carries a non-empty ``<field>_nl`` and ``<field>_fr``
for each English text it has. A new record type, a new translated field or a new record
without its translations fails here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from pydantic import BaseModel

import softtargets as st
from softtargets import circumstances, crosswalk
from softtargets.language import Lang
from softtargets.models import Translated
from softtargets.pps.data import load_pps


def _walk(value: Any, seen: set[int]) -> Iterator[BaseModel]:
    if id(value) in seen:
        return
    if isinstance(value, BaseModel):
        seen.add(id(value))
        yield value
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), seen)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _walk(item, seen)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _walk(item, seen)


def _records() -> list[BaseModel]:
    tax = st.load()
    pps = load_pps()
    roots: list[Any] = [
        tax.terms(),
        tax.facets,
        tax.kinds,
        tax.relations(),
        tax.incidents(),
        crosswalk.entries(),
        circumstances.vocabulary(),
        *(getattr(pps, name) for name in ("partnerships", "vocabulary", "scales", "levels", "links", "periods")),
        pps.knowledge,
    ]
    seen: set[int] = set()
    return [r for root in roots for r in _walk(root, seen)]


RECORDS = _records()


def _english(record: BaseModel, field: str) -> str | None:
    value = getattr(record, f"{field}_en", None) or getattr(record, field, None)
    return value if isinstance(value, str) else None


def test_the_walk_reaches_every_kind_of_translated_record() -> None:
    kinds = {type(r).__name__ for r in RECORDS if isinstance(r, Translated) and r.TRANSLATED}
    expected = {"Term", "FacetInfo", "RelationKind", "Relation", "Incident", "CrosswalkEntry", "Finding"}
    expected |= {"Partnership", "VocabularyEntry", "ThreatScale", "ThreatLevel", "ThreatLevelPeriod"}
    assert expected <= kinds, expected - kinds


@pytest.mark.parametrize("lang", [lang for lang in Lang if lang is not Lang.EN])
def test_every_built_in_text_has_every_language(lang: Lang) -> None:
    missing = [
        f"{type(r).__name__} {getattr(r, 'id', None) or getattr(r, 'key', '')}: {field}_{lang.value}"
        for r in RECORDS
        if isinstance(r, Translated)
        for field in r.TRANSLATED
        if _english(r, field) and not getattr(r, f"{field}_{lang.value}", None)
    ]
    assert not missing, f"{len(missing)} texts lack {lang.value}: {missing[:10]}"


def test_alt_labels_and_labels_in_every_language() -> None:
    for term in st.load().terms():
        assert all(term.label(lang) and "[en]" not in term.label(lang) for lang in Lang), term.id


def test_an_extension_in_english_only_shows_the_marker() -> None:
    ext = st.Extension(
        name="x",
        version="1",
        namespace="x",
        term=[
            {
                "id": "x.fan_zone",
                "facet": "target",
                "label_en": "fan zone",
                "label_nl": "fanzone",
                "definition": "A public viewing area.",
                "sources": ["study-summary"],
            }
        ],
    )
    term = st.load().extend(ext).term("x.fan_zone")
    assert term.label("fr") == "fan zone [en]" and term.translated("definition", "nl").endswith("[en]")
    assert term.label("en") == "fan zone" and term.label("nl") == "fanzone"


@pytest.mark.parametrize(
    ("text", "term_id"),
    [
        ("marché de Noël", "christmas_market"),
        ("kerstmarkt", "christmas_market"),
        ("Christmas market", "christmas_market"),
        ("vrachtwagen", "vehicle_ramming"),
        ("véhicule-bélier", "vehicle_ramming"),
        ("bomvest", "person_borne_ied"),
    ],
)
def test_lookups_accept_every_language(text: str, term_id: str) -> None:
    assert st.load().term(text).id == term_id
