"""Every output speaks the chosen language through the one mechanism (issue #14, points 1-3):
the precedence rule, numbers and dates, CSV, HTML, frames and the command line.

The built-in data are being translated (labels, notes, names in French; notes and names in
Dutch), so the English-leak tests here take two routes: the library's own words (catalogue
entries: headers, verdicts, strength and outcome words, summaries) on the built-in data,
and every text of the object on a small taxonomy built here whose records carry en, nl and fr.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser

import pytest

import softtargets as st
from softtargets import display, frames, pps
from softtargets.cli import main
from softtargets.formatting import csv_delimiter, format_date, format_number, format_percent
from softtargets.language import ENV_VAR, Lang, get_language, messages
from softtargets.loader import Bundle

SRC = st.Source(id="lang-test", kind=st.SourceKind.GUIDANCE, citation="Synthetic test data.", url="https://example.org")


@pytest.fixture(autouse=True)
def no_session_language(monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.delenv(ENV_VAR, raising=False)
    st.set_language(None)
    yield
    st.set_language(None)


# --- the precedence rule -------------------------------------------------------------


def test_precedence_lang_over_session_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_language() is Lang.EN
    monkeypatch.setenv(ENV_VAR, "fr")
    assert get_language() is Lang.FR and display.words()["scenarios"] == "scénarios"
    st.set_language("nl")
    assert get_language() is Lang.NL and display.words()["scenarios"] == "scenario's"
    assert get_language("en") is Lang.EN and display.words("en")["scenarios"] == "scenarios"
    why = st.load().explain(("christmas_market", "lone_actor", "jihadism", "vehicle_ramming"))
    assert "deel van de diffuse dreiging" in why.to_html()  # session
    assert "part of the diffuse threat" in why.to_html("en")  # explicit
    st.set_language(None)
    assert "fait partie de la menace diffuse" in why.to_html()  # environment
    monkeypatch.setenv(ENV_VAR, "de")
    with pytest.raises(st.UnknownValueError, match=ENV_VAR):
        get_language()


def test_cli_follows_the_environment_and_lang_wins(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_VAR, "fr")
    assert main(["diffuseness", "--target", "museum"]) == 0
    french = capsys.readouterr().out
    assert "dispersion" in french and "spread" not in french
    assert main(["diffuseness", "--target", "museum", "--lang", "en"]) == 0
    assert "spread" in capsys.readouterr().out
    monkeypatch.setenv(ENV_VAR, "xx")
    assert main(["terms"]) == 2
    assert ENV_VAR in capsys.readouterr().err


# --- numbers, shares, dates ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "number", "share", "day", "first"),
    [
        ("en", "0.92", "12.5%", "3 December 2026", "1 May 2016"),
        ("nl", "0,92", "12,5%", "3 december 2026", "1 mei 2016"),
        ("fr", "0,92", "12,5 %", "3 décembre 2026", "1er mai 2016"),
    ],
)
def test_numbers_and_dates_follow_the_language(lang: str, number: str, share: str, day: str, first: str) -> None:
    assert format_number(0.9234, lang, 2) == number
    assert format_percent(0.125, lang, 1) == share
    assert format_date(dt.date(2026, 12, 3), lang) == day
    assert format_date(dt.date(2016, 5, 1), lang) == first
    assert format_number(7, lang) == "7" and format_number(-0.0001, lang, 2) == number[0] + number[1] + "00"


def test_every_month_has_a_name_in_every_language() -> None:
    for lang in Lang:
        names = [format_date(dt.date(2020, m, 15), lang).split(" ")[1] for m in range(1, 13)]
        assert len(set(names)) == 12 and "[en]" not in " ".join(names), lang


def test_formatting_refuses_what_is_no_number_or_date() -> None:
    with pytest.raises(st.ArgumentTypeError):
        format_number("0.5", "nl")  # type: ignore[arg-type]
    with pytest.raises(st.ArgumentTypeError):
        format_date("2020-01-01", "nl")  # type: ignore[arg-type]
    with pytest.raises(st.UnknownValueError):
        format_number(0.5, "de")


# --- CSV ------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


@pytest.mark.parametrize(("lang", "delimiter"), [("en", ","), ("nl", ";"), ("fr", ";")])
def test_csv_delimiter_and_decimal_sign_follow_the_language(
    capsys: pytest.CaptureFixture[str], lang: str, delimiter: str
) -> None:
    assert csv_delimiter(lang) == delimiter
    out = run(capsys, "diffuseness", "--target", "museum", "--format", "csv", "--lang", lang)
    rows = list(csv.DictReader(io.StringIO(out), delimiter=delimiter))
    share = st.load().diffuseness(target="museum").share
    assert rows[0]["share"] == repr(round(share, 6)).replace(".", "." if lang == "en" else ",")
    header = run(capsys, "scenarios", "--target", "museum", "--format", "csv", "--lang", lang).splitlines()[0]
    assert header.split(delimiter)[:2] == ["target", "target_label"]


def test_csv_delimiter_option_overrides_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "cases", "--format", "csv", "--lang", "nl", "--delimiter", ",")
    assert out.splitlines()[0].startswith("id,name,country")
    tabbed = run(capsys, "cases", "--format", "csv", "--delimiter", "\\t")
    assert tabbed.splitlines()[0].startswith("id\tname")
    assert main(["cases", "--format", "csv", "--delimiter", ";;"]) == 2


# --- the English-leak rule on the library's own words, built-in data ------------------


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


def texts_of(page: str) -> list[str]:
    parser = _Texts()
    parser.feed(page)
    return parser.texts


def english_words(lang: str) -> set[str]:
    """The catalogue's English texts (without placeholders) that differ in ``lang``."""
    return {
        entry[Lang.EN].strip()
        for key, entry in messages().items()
        if "{" not in entry[Lang.EN]
        and not key.startswith(("number.", "date."))  # signs and month names: tested apart
        and entry[Lang.EN].strip().lower() != entry[Lang(lang)].strip().lower()
    }


def pieces(texts: list[str]) -> set[str]:
    """Every cell and every part of a cell before or after ": " / " = " / ", "."""
    out = set(texts)
    for text in texts:
        out.update(p.strip(" ()…") for p in re.split(r": |, | = |; | \(|\)", text))
    return out


def builtin_pages(lang: str) -> dict[str, str]:
    tax = st.load()
    return {
        "incidents": display.to_html(tax.incidents(target="christmas_market"), lang),
        "coverage": pps.coverage(pps.case("arena"), tax).to_html(lang),
        "explanation": tax.explain(("christmas_market", "lone_actor", "jihadism", "vehicle_ramming")).to_html(lang),
        "missing": tax.explain(("museum", "organisation", "single_issue", "drone")).to_html(lang),
        "scenarios": tax.scenarios(target="museum").to_html(lang),
        "diffuseness": tax.diffuseness(target="museum").to_html(lang),
        "relations": display.to_html(tax.relations(kind="selects"), lang),
        "term": display.to_html(tax.term("christmas_market"), lang),
    }


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_builtin_html_carries_none_of_the_libraries_english_words(lang: str) -> None:
    english = english_words(lang)
    english_pages = builtin_pages("en")
    for name, page in builtin_pages(lang).items():
        shown_in_english = pieces(texts_of(english_pages[name])) & english
        assert shown_in_english, name  # the English page does use catalogue words
        leaks = pieces(texts_of(page)) & english
        assert not leaks, (name, leaks)
        assert "[en]" not in page, name  # every built-in text is translated


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_strength_and_outcome_words_and_dates(lang: str) -> None:
    tax = st.load()
    page = display.to_html(tax.incidents(target="christmas_market"), lang)
    berlin = tax.incident("berlin-2016-12-19")
    assert format_date(berlin.date, lang) in page and berlin.date.isoformat() not in page
    assert display.outcome_word("completed", lang) in page and ">completed<" not in page
    why = tax.explain(("christmas_market", "lone_actor", "jihadism", "vehicle_ramming")).to_html(lang)
    assert display.strength_word("documented", lang) in why and ">documented<" not in why


def test_scenario_tables_and_json_show_the_documented_split(capsys: pytest.CaptureFixture[str]) -> None:
    tax = st.load()
    found = tax.scenarios(target="christmas_market")
    documented = tax.scenarios(target="christmas_market", min_strength="documented")
    records = json.loads(run(capsys, "scenarios", "--target", "kerstmarkt", "--format", "json"))
    assert sum(r["strength"] == "documented" for r in records) == len(documented) < len(found) == len(records)
    frame = found.to_pandas(lang="fr")
    assert (frame["strength"] == "documenté").sum() == len(documented)
    table = run(capsys, "scenarios", "--target", "kerstmarkt", "--lang", "nl")
    assert "onderbouwing" in table and "plausibel" in table and "gedocumenteerd" in table
    cov = pps.coverage(pps.case("arena"), tax)
    assert {r["strength"] for r in cov.to_records()} == {"documented", "plausible"}
    assert {r["strength"] for r in cov.to_records("nl")} == {"gedocumenteerd", "plausibel"}


def test_spread_is_explained_in_every_language(capsys: pytest.CaptureFixture[str]) -> None:
    scales = {
        "en": "0 = all in one category, 1 = evenly spread",
        "nl": "0 = alles in één categorie, 1 = gelijk verdeeld",
        "fr": "0 = tout dans une seule catégorie, 1 = réparti également",
    }
    d = st.load().diffuseness(target="museum")
    for lang, scale in scales.items():
        assert scale in d.to_html(lang) and scale in display.to_text(d, lang)
        assert scale in run(capsys, "threat", "kerstmarkt", "--lang", lang)
        assert scale in run(capsys, "diffuseness", "--target", "museum", "--lang", lang)
    assert "spreiding 0,56" in display.to_text(d, "nl") or "0,56" in display.to_text(d, "nl")
    assert "entropie" not in display.to_text(d, "nl")  # no jargon


def test_roles_table_and_comparison_show_labels() -> None:
    arena = pps.case("arena")
    dutch = pps.roles_table(arena).to_text("nl")
    assert "preventie" in dutch and "prevention" not in dutch and "information_sharing" not in dutch
    assert "pro_action" not in str(pps.roles_table(arena))
    assert "samenwerking" in pps.compare().to_text("nl") and "partnership" not in pps.compare().to_text("nl")


# --- every text of an object, on a small taxonomy with en, nl and fr --------------------

ENGLISH = ("street market", "lone wolf", "zealotry", "ramming", "chooses", "is able to", "hits")
ENGLISH_NOTES = ("Shoppers gathered", "Single attackers", "Crowds struck", "Carts driven", "Market raid", "Riders")


def _term(facet: str, id_: str, en: str, nl: str, fr: str) -> st.Term:
    return st.Term(
        id=id_,
        facet=facet,
        label_en=en,
        label_nl=nl,
        label_fr=fr,
        definition=f"{en.capitalize()} as a category.",
        definition_nl=f"{nl.capitalize()} als categorie.",
        definition_fr=f"{fr.capitalize()} en tant que catégorie.",
        sources=(SRC,),
    )


@pytest.fixture(scope="module")
def trilingual() -> st.Taxonomy:
    facets = tuple(
        st.FacetInfo(id=f, label_en=en, label_nl=nl, label_fr=fr, definition="x", sources=(SRC,))
        for f, en, nl, fr in [
            ("target", "target kind", "doelsoort", "genre de cible"),
            ("perpetrator", "attacker kind", "daderssoort", "genre d'auteur"),
            ("motive", "driver", "drijfveer", "mobile"),
            ("modus_operandi", "method", "werkwijze", "méthode"),
        ]
    )
    terms = (
        _term("target", "street_market", "street market", "straatmarkt", "marché de rue"),
        _term("perpetrator", "lone_wolf", "lone wolf", "solist", "loup solitaire"),
        _term("motive", "zealotry", "zealotry", "dweperij", "fanatisme"),
        _term("modus_operandi", "ramming", "ramming", "inrijden", "fonçage"),
    )
    kinds = tuple(
        st.RelationKind(
            id=k, subject=a, object=b, label_en=en, label_nl=nl, label_fr=fr, definition="x", sources=(SRC,)
        )
        for k, a, b, en, nl, fr in [
            ("chooses", "motive", "target", "chooses", "kiest", "choisit"),
            ("able", "perpetrator", "modus_operandi", "is able to", "is in staat tot", "est capable de"),
            ("hits", "modus_operandi", "target", "hits", "treft", "frappe"),
        ]
    )
    notes = {
        "chooses": ("Shoppers gathered there.", "Winkelend publiek kwam er samen.", "Les chalands s'y rassemblaient."),
        "able": (
            "Single attackers managed it.",
            "Solisten kregen het voor elkaar.",
            "Des auteurs seuls y sont parvenus.",
        ),
        "hits": ("Crowds struck by carts.", "Menigten door karren getroffen.", "Des foules frappées par des chariots."),
    }
    pairs = {
        "chooses": ("zealotry", "street_market"),
        "able": ("lone_wolf", "ramming"),
        "hits": ("ramming", "street_market"),
    }
    relations = tuple(
        st.Relation(
            kind=k.id,
            subject=pairs[k.id][0],
            object=pairs[k.id][1],
            subject_facet=k.subject,
            object_facet=k.object,
            strength=st.Strength.DOCUMENTED if k.id == "hits" else st.Strength.PLAUSIBLE,
            note=notes[k.id][0],
            note_nl=notes[k.id][1],
            note_fr=notes[k.id][2],
            sources=(SRC,),
        )
        for k in kinds
    )
    incident = st.Incident(
        id="somewhere-2020-05-01",
        name="Market raid",
        name_nl="Aanslag op de markt",
        name_fr="Attentat du marché",
        date=dt.date(2020, 5, 1),
        city="Somewhere",
        country="NL",
        targets=("street_market",),
        perpetrator="lone_wolf",
        motive="zealotry",
        modi_operandi=("ramming",),
        outcome=st.Outcome.FOILED,
        urls=("https://example.org/raid",),
        note="Riders were stopped.",
        note_nl="De rijders werden tegengehouden.",
        note_fr="Les conducteurs ont été arrêtés.",
    )
    return st.Taxonomy(Bundle((SRC,), facets, kinds, terms, relations, (incident,)))


def trilingual_pages(tax: st.Taxonomy, lang: str) -> dict[str, str]:
    scenario = ("street_market", "lone_wolf", "zealotry", "ramming")
    return {
        "explanation": tax.explain(scenario).to_html(lang),
        "explanation text": display.to_text(tax.explain(scenario), lang),
        "scenarios": tax.scenarios().to_html(lang),
        "diffuseness": tax.diffuseness().to_html(lang),
        "incidents": display.incidents_html(tax.incidents(), lang, taxonomy=tax),
        "relations": display.relations_html(tax.relations(), lang, taxonomy=tax),
    }


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_translated_records_leave_no_english_in_html(trilingual: st.Taxonomy, lang: str) -> None:
    english_pages = trilingual_pages(trilingual, "en")
    english = english_words(lang)
    for name, page in trilingual_pages(trilingual, lang).items():
        assert "[en]" not in page, name
        for word in (*ENGLISH, *ENGLISH_NOTES, "target kind", "attacker kind", "driver", "method"):
            if word in english_pages[name]:
                assert word not in page, (name, word)
        assert not pieces(texts_of(page)) & english, name
    assert "Aanslag op de markt" in trilingual_pages(trilingual, "nl")["incidents"]
    assert "1er mai 2020" in trilingual_pages(trilingual, "fr")["incidents"]


def test_translated_records_in_frames(trilingual: st.Taxonomy) -> None:
    pd = pytest.importorskip("pandas")
    incidents = frames.incidents_frame(trilingual.incidents(), "fr", taxonomy=trilingual)
    row = incidents.iloc[0]
    assert (row["name"], row["perpetrator"], row["outcome"]) == ("Attentat du marché", "loup solitaire", "déjoué")
    assert list(row["modi_operandi"]) == ["fonçage"] and row["id"] == "somewhere-2020-05-01"
    relations = frames.relations_frame(trilingual.relations(), "nl", taxonomy=trilingual)
    assert set(relations["kind"]) == {"kiest", "is in staat tot", "treft"}
    assert set(relations["strength"]) == {"gedocumenteerd", "plausibel"}
    ids = frames.incidents_frame(trilingual.incidents(), taxonomy=trilingual)
    assert ids.iloc[0]["outcome"] == "foiled" and ids.iloc[0]["name"] == "Market raid"  # data: ids by default
    renamed = incidents.rename(columns=frames.column_labels(incidents, "fr"))
    assert {"date", "issue", "tués", "nom"} <= set(renamed.columns)
    assert isinstance(pd.concat([incidents, frames.incidents_frame((), "fr")]), pd.DataFrame)


def test_untranslated_extension_text_is_marked(trilingual: st.Taxonomy) -> None:
    rel = trilingual.relations()[0].model_copy(update={"note_fr": None})
    page = display.relations_html([rel], "fr", taxonomy=trilingual)
    assert f"{rel.note} [en]" in page
    assert "[en]" not in display.relations_html([rel], "nl", taxonomy=trilingual)


# --- the command line's acceptance commands --------------------------------------------


def test_term_prints_label_and_definition_in_the_environment_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_VAR, "fr")
    term = st.load().term("kerstmarkt")
    out = run(capsys, "term", "kerstmarkt")
    assert "libellé" in out and "définition" in out and "field" not in out and "[en]" not in out
    assert term.label("fr") in out
    assert " ".join(term.translated("definition", "fr").split()[:4]) in " ".join(out.split())
    data = json.loads(run(capsys, "term", "kerstmarkt", "--format", "json"))[0]
    assert (data["label"], data["definition"]) == (term.label("fr"), term.translated("definition", "fr"))


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_explain_speaks_the_language(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    """The acceptance command of #14: "vrachtwagen" resolves, and the output carries no
    English text of the data (labels, notes, incident names) and no untranslated marker."""
    tax = st.load()
    out = run(capsys, "explain", "kerstmarkt", "eenling", "jihadisme", "vrachtwagen", "--lang", lang)
    assert "[en]" not in out
    flat = " ".join(out.split())
    why = tax.explain(("christmas_market", "lone_actor", "jihadism", "vehicle_ramming"))
    assert tax.term("vrachtwagen").id == "vehicle_ramming"
    for rel in why.supporting:
        note = " ".join(rel.translated("note", lang).split())
        assert note in flat
        assert " ".join(rel.note.split()) not in flat  # the English note
        flat = flat.replace(note, " ")
        assert display.strength_word(rel.strength, lang) in flat
    assert st.Strength.DOCUMENTED.value not in flat.split()
    for kind in tax.kinds:
        assert kind.label(lang) in flat
    shown = [tax.term(t, f.id) for f, t in zip(tax.facets, why.scenario, strict=True)]
    for term in shown:
        assert term.label(lang) in out
        if term.label_en.lower() not in term.label(lang).lower():
            assert term.label_en not in out, term.label_en
    for incident in tax.evidence(why.scenario):
        if incident.name != incident.translated("name", lang):
            assert incident.name not in out, incident.name
    for word in sorted(english_words(lang), key=len, reverse=True):
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", flat), word
