"""Term lookup: ids, labels in both languages, alt labels, enum names; errors with suggestions."""

from __future__ import annotations

import pytest

import softtargets as st


@pytest.mark.parametrize(
    "text",
    [
        "football_stadium",
        "football stadium",
        "Voetbalstadion",
        "VOETBALSTADION",
        "FOOTBALL_STADIUM",
        "football-stadium",
        "  football   stadium ",
    ],
)
def test_lookup_forms(tax: st.Taxonomy, text: str) -> None:
    assert tax.term(text).id == "football_stadium"


def test_lookup_by_member(tax: st.Taxonomy) -> None:
    assert tax.term(st.TargetType.CHRISTMAS_MARKET).label_nl == "kerstmarkt"
    assert tax.term(st.Motive.JIHADISM).facet == "motive"


def test_accent_insensitive(tax: st.Taxonomy) -> None:
    term = tax.term("Kerstmarkt")
    assert tax.term("kérstmärkt").id == term.id


def test_alt_labels_find_their_term(tax: st.Taxonomy) -> None:
    checked = 0
    for term in tax.terms():
        for alt in (*term.alt_labels_en, *term.alt_labels_nl):
            assert tax.term(alt, term.facet).id == term.id
            checked += 1
    assert checked > 0


def test_every_label_finds_its_term(tax: st.Taxonomy) -> None:
    for term in tax.terms():
        assert tax.term(term.label_en, term.facet).id == term.id
        assert tax.term(term.label_nl, term.facet).id == term.id


def test_unknown_term_suggests(tax: st.Taxonomy) -> None:
    with pytest.raises(st.UnknownTermError) as info:
        tax.term("voetbalstadoin")
    err = info.value
    assert isinstance(err, LookupError)
    assert err.suggestions[0] == "football_stadium"
    assert "football_stadium" in str(err) and "voetbalstadoin" in str(err)


def test_a_term_of_another_facet_names_its_facet(tax: st.Taxonomy) -> None:
    message = r"'jihadism' is a motive term \(jihadism\), not a target term"
    with pytest.raises(st.UnknownTermError, match=message) as info:
        tax.term("jihadism", st.Facet.TARGET)
    assert info.value.facet == "target"
    with pytest.raises(st.UnknownTermError, match=message):  # in a query filter too
        tax.scenarios(target="jihadism")


def test_member_of_wrong_facet(tax: st.Taxonomy) -> None:
    with pytest.raises(st.FacetMismatchError):
        tax.term(st.Motive.JIHADISM, facet="target")


def test_unknown_facet(tax: st.Taxonomy) -> None:
    with pytest.raises(st.UnknownValueError, match="facet"):
        tax.terms("weapons")


def test_get_returns_default(tax: st.Taxonomy) -> None:
    assert tax.get("no such thing") is None
    assert tax.get("kerk").id == "church"  # type: ignore[union-attr]


def test_terms_per_facet(tax: st.Taxonomy) -> None:
    assert [t.id for t in tax.terms(st.Facet.PERPETRATOR)] == ["organisation", "network", "lone_actor"]
    assert len(tax.terms()) == sum(len(tax.terms(f)) for f in st.Facet)


def test_term_label_languages(tax: st.Taxonomy) -> None:
    term = tax.term("synagogue")
    assert term.label("nl") == term.label_nl and term.label(st.Lang.EN) == term.label_en
    with pytest.raises(ValueError):
        term.label("de")
