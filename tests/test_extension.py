"""Extensions: from Python and files, applied safely, with every problem reported at once."""

from __future__ import annotations

import json
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from conftest import season_extension

import softtargets as st
from softtargets.extension import MAX_FILE_BYTES

EXAMPLE = Path(__file__).parent.parent / "examples" / "extension.toml"


def fan_zone_ext(**changes: object) -> st.Extension:
    ext = st.Extension.from_file(EXAMPLE)
    return ext.model_copy(update=changes) if changes else ext


def test_extend_returns_a_new_taxonomy_and_leaves_the_original(tax: st.Taxonomy) -> None:
    before = (len(tax.terms()), len(tax.relations()), len(tax.scenarios()))
    bigger = tax.extend(fan_zone_ext())
    assert bigger is not tax
    assert (len(tax.terms()), len(tax.relations()), len(tax.scenarios())) == before
    with pytest.raises(st.UnknownTermError):
        tax.term("fanzone")
    assert st.load() is tax
    term = bigger.term("fanzone")
    assert term.id == "fanzone.public_viewing" and bigger.term("fan zone") == term
    assert bigger.term("publieksscherm") == term
    assert len(bigger.scenarios()) > before[2]
    assert [e.name for e in bigger.extensions] == ["fan-zones"] and tax.extensions == ()
    assert bigger.extensions[0].origin == str(EXAMPLE)


def test_extension_terms_take_part_in_scenarios_and_explanations(tax: st.Taxonomy) -> None:
    bigger = tax.extend(fan_zone_ext())
    found = bigger.scenarios(target="fanzone", modus_operandi="person_borne_ied")
    assert ("fanzone.public_viewing", "organisation", "jihadism", "person_borne_ied") in found
    why = bigger.explain(("fanzone.public_viewing", "organisation", "jihadism", "person_borne_ied"))
    assert why.plausible
    cited = {s.id for rel in why.supporting for s in rel.sources}
    assert "fanzone.kampala-2010-07-11" in cited
    # a broader filter now includes the new narrower term
    assert any(s.target == "fanzone.public_viewing" for s in bigger.scenarios(target="event_ground"))
    assert "target:fanzone.public_viewing" in bigger.graph


def test_stacking_is_deterministic(tax: st.Taxonomy) -> None:
    rail = st.Extension(
        name="demo",
        version="1",
        namespace="demo",
        terms=[
            st.TermSpec(
                id="demo.big_screen",
                facet="target",
                broader="fanzone.public_viewing",  # a term of the extension applied before
                label_en="big screen area",
                label_nl="groot scherm",
                definition="The area right in front of a large screen.",
                sources=[st.Source(id="demo-guidance", kind="guidance", citation="Demo guidance.")],
            )
        ],
    )
    once = tax.extend(fan_zone_ext(), rail)
    twice = tax.extend(fan_zone_ext()).extend(rail)
    assert [t.id for t in once.terms()] == [t.id for t in twice.terms()]
    assert once.relations() == twice.relations()
    assert [e.name for e in once.extensions] == ["fan-zones", "demo"]
    # the new term inherits everything its broader (extension) term has
    assert len(once.scenarios(target="demo.big_screen")) == len(once.scenarios(target="fanzone.public_viewing")) // 2
    with pytest.raises(st.ExtensionError, match=r"unknown term 'fanzone\.public_viewing'"):
        tax.extend(rail)  # the broader term only exists once fan-zones is applied


def test_the_same_namespace_twice_is_refused(tax: st.Taxonomy) -> None:
    other = st.Extension(name="other", version="2", namespace="fanzone")
    with pytest.raises(st.ExtensionError, match="namespace 'fanzone' is already used"):
        tax.extend(fan_zone_ext(), other)
    with pytest.raises(st.ExtensionError, match="already exists"):
        tax.extend(fan_zone_ext(), fan_zone_ext(name="copy", namespace="fanzone"))


def test_non_extensions_are_refused(tax: st.Taxonomy) -> None:
    with pytest.raises(st.ExtensionError, match=r"expected a softtargets\.Extension, got dict"):
        tax.extend({"name": "x"})  # type: ignore[arg-type]


FIVE_MISTAKES = """\
name = "broken"
version = "1"
namespace = "broken"

[[term]]
id = "broken.kiosk"
facet = "target"
broader = "market_stall"
label_en = "kiosk"
label_nl = "kiosk"
definition = "A small stand in a public space."
sources = ["cisa-stcp"]

[[term]]
id = "broken.museum_shop"
facet = "target"
label_en = "museum"
label_nl = "museumwinkel"
definition = "The shop of a museum."
sources = ["cisa-stcp"]

[[term]]
id = "broken.fair"
facet = "target"
label_en = "fair"
label_nl = ""
definition = "A funfair."
sources = ["cisa-stcp"]

[[relation]]
kind = "threatens"
subject = "museum"
object = "firearms"
strength = "plausible"
sources = ["cisa-stcp"]
note = "Facets the wrong way round."

[[relation]]
kind = "threatens"
subject = "firearms"
object = "museum"
strength = "documented"
sources = ["no-such-source"]
note = "Already in the built-in data, and an unknown source."
"""


def test_five_mistakes_in_one_error(tax: st.Taxonomy, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(FIVE_MISTAKES, encoding="utf-8")
    expected = [
        "term[2].label_nl (line 26): String should have at least 1 character",
        "term[0].broader (line 8): unknown term 'market_stall' in facet 'target'",
        "term[1] (line 14): label 'museum' of term 'broken.museum_shop' also names term 'museum' (target)",
        "relation[0].subject (line 32): 'museum' is not a modus_operandi term",
        "relation[0].object (line 33): 'firearms' is not a target term",
        "relation[1] (line 38): relation firearms threatens museum already exists",
        "relation[1].sources[0] (line 43): unknown source id 'no-such-source'",
    ]
    # reading checks the file against the built-in taxonomy: every mistake in one round
    with pytest.raises(st.ExtensionError) as info:
        st.Extension.from_file(path)
    message = str(info.value)
    for line in expected:
        assert line in message, line
    assert len(info.value.problems) == len(expected)
    # the same problems when an unchecked extension is applied (minus the schema one)
    fixed = FIVE_MISTAKES.replace('label_nl = ""', 'label_nl = "kermis"')
    ext = st.Extension.model_validate(tomllib.loads(fixed)).model_copy(
        update={"origin": str(path), "source_text": fixed}
    )
    with pytest.raises(st.ExtensionError) as info:
        tax.extend(ext)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    for line in expected[1:]:
        assert line in message, line
    problems = info.value.problems
    assert len(problems) == len(expected) - 1
    assert {p.file for p in problems} == {str(path)}
    assert all(p.line is not None and p.loc for p in problems)
    assert problems[0].loc == ("term", 0, "broader") and problems[0].line == 8
    assert message.startswith("cannot apply extension 'broken'")


THE_ISSUES_FIVE = """name = "five"
version = "1"
namespace = "five"

[[term]]
id = "five.kiosk"
facet = "target"
label_en = "kiosk"
definition = "A small stand in a public space."
sources = ["cisa-stcp"]

[[term]]
id = "five.stall"
facet = "market"
label_en = "stall"
label_nl = "kraam"
definition = "A market stall."
sources = ["cisa-stcp"]

[[term]]
id = "five.booth"
facet = "target"
broader = "five.nowhere"
label_en = "booth"
label_nl = "hokje"
definition = "A booth."
sources = ["cisa-stcp"]

[[term]]
id = "five.booth"
facet = "target"
label_en = "ticket booth"
label_nl = "kassahokje"
definition = "A ticket booth."
sources = ["cisa-stcp"]

[[relation]]
kind = "threatens"
subject = "firearms"
object = "five.unknown"
strength = "plausible"
sources = ["cisa-stcp"]
note = "To a term nobody defined."
"""


@pytest.mark.parametrize("against", [None, "built-in"])
def test_the_five_mistakes_of_the_issue_in_one_error(tmp_path: Path, against: str | None) -> None:
    """Missing field, unknown facet, unknown broader, duplicate id, relation to an unknown
    term: one error names all five, each with its line, with and without ``against=``."""
    path = tmp_path / "five.toml"
    path.write_text(THE_ISSUES_FIVE, encoding="utf-8")
    with pytest.raises(st.ExtensionError) as info:
        st.Extension.from_file(path, against=st.load() if against else None)
    found = {(p.loc, p.line) for p in info.value.problems}
    assert (("term", 0, "label_nl"), 5) in found  # the [[term]] header: the key is missing
    assert (("term", 1, "facet"), 14) in found
    assert (("term", 2, "broader"), 23) in found
    assert (("term", 3, "id"), 30) in found
    assert (("relation", 0, "object"), 40) in found
    duplicate = next(p for p in info.value.problems if p.loc == ("term", 3, "id"))
    assert "'booth'" in duplicate.message  # both records named, neither lost
    assert len(info.value.problems) == 5, [str(p) for p in info.value.problems]


def test_formats_read_the_same(tmp_path: Path) -> None:
    ext = fan_zone_ext()
    for suffix in ("toml", "json", "yaml"):
        path = ext.to_file(tmp_path / f"fan.{suffix}")
        again = st.Extension.from_file(path)
        assert again.model_dump() == ext.model_dump(), suffix
    assert json.loads((tmp_path / "fan.json").read_text())["term"][0]["id"] == "fanzone.public_viewing"


@pytest.mark.parametrize(
    ("suffix", "text", "fragment"),
    [
        ("toml", 'name = "x"\nversion = \n', "not valid TOML"),
        ("json", '{"name": "x",\n "version": }', "not valid JSON (line 2"),
        ("yaml", "name: x\nversion: [1, 2\n", "not valid YAML"),
        ("yaml", "a: &anchor [1, 2]\nb: *anchor\n", "aliases are not allowed"),
        ("json", "[1, 2]", "must be a table/object"),
        ("json", '{"name": "a", "name": "b", "version": "1", "namespace": "a"}', "duplicate key 'name'"),
        ("txt", "name = 'x'", "unknown file type"),
        ("json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_unreadable_files(tmp_path: Path, suffix: str, text: str, fragment: str) -> None:
    path = tmp_path / f"ext.{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(st.ExtensionError) as info:
        st.Extension.from_file(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_and_size_limit(tmp_path: Path) -> None:
    with pytest.raises(st.ExtensionError, match="cannot read the file"):
        st.Extension.from_file(tmp_path / "missing.toml")
    big = tmp_path / "big.toml"
    big.write_text('name = "x"\n' + "# padding\n" * 2000, encoding="utf-8")
    with pytest.raises(st.ExtensionError, match="the limit is 1,000"):
        st.Extension.from_file(big, max_bytes=1000)
    # the default limit, on a hostile file just past it
    huge = tmp_path / "huge.json"
    padding = "x" * (MAX_FILE_BYTES + 1)
    huge.write_text('{"name": "x", "version": "1", "namespace": "x", "description": "' + padding + '"}')
    with pytest.raises(st.ExtensionError, match=f"the limit is {MAX_FILE_BYTES:,}"):
        st.Extension.from_file(huge)


def test_yaml_without_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ext.yaml"
    path.write_text("name: x\n", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(st.MissingExtraError) as info:
        st.Extension.from_file(path)
    assert isinstance(info.value, ImportError)
    assert "pip install 'softtargets[yaml]'" in str(info.value) and info.value.extra == "yaml"


def test_json_schema_is_shipped_and_current() -> None:
    shipped = json.loads((resources.files("softtargets") / "data" / "extension.schema.json").read_text("utf-8"))
    assert shipped == st.Extension.json_schema()
    props = shipped["properties"]
    assert {"name", "version", "namespace", "term", "relation", "source", "facet", "kind"} <= set(props)
    assert "enums" not in props and "origin" not in props
    assert set(shipped["required"]) == {"name", "version", "namespace"}


def test_typed_enums_come_back_from_scenarios(tax: st.Taxonomy) -> None:
    class FanTarget(st.TermEnum):
        PUBLIC_VIEWING = "fanzone.public_viewing"

        @classmethod
        def facet(cls) -> st.Facet:
            return st.Facet.TARGET

    bigger = tax.extend(fan_zone_ext(enums=(FanTarget,)))
    found = bigger.scenarios(target=FanTarget.PUBLIC_VIEWING)
    assert found and all(s.target is FanTarget.PUBLIC_VIEWING for s in found)
    assert bigger.term(FanTarget.PUBLIC_VIEWING).label_nl == "fanzone"
    with pytest.raises(st.FacetMismatchError):
        bigger.scenarios(motive=FanTarget.PUBLIC_VIEWING)

    class Wrong(st.TermEnum):
        NOPE = "fanzone.nope"

        @classmethod
        def facet(cls) -> st.Facet:
            return st.Facet.TARGET

    with pytest.raises(st.ExtensionError, match=r"Wrong\.NOPE = 'fanzone\.nope' is not a target term"):
        tax.extend(fan_zone_ext(enums=(Wrong,)))


def test_new_relation_kind_tightens_the_schema(tax: st.Taxonomy) -> None:
    ext = st.Extension(
        name="strict",
        version="1",
        namespace="strict",
        kinds=[
            st.KindSpec(
                id="strict.seen_with",
                subject="modus_operandi",
                object="motive",
                label_en="seen with",
                label_nl="gezien bij",
                definition="The method has been used by perpetrators with this motive.",
                sources=["tesat"],
            )
        ],
        relations=[
            st.RelationSpec(
                kind="strict.seen_with",
                subject="vehicle_ramming",
                object="jihadism",
                strength="documented",
                sources=["berlin-2016-12-19"],
                note="Rammings in Nice, Berlin and Barcelona were jihadist.",
            )
        ],
    )
    stricter = tax.extend(ext)
    found = stricter.scenarios()
    assert 0 < len(found) < len(tax.scenarios())
    assert all(s.modus_operandi == "vehicle_ramming" and s.motive == "jihadism" for s in found)
    assert len(stricter.explain(next(iter(found))).requirements) == 5


def test_new_facet(tax: st.Taxonomy) -> None:
    ext = season_extension()
    bigger = tax.extend(ext)
    found = bigger.scenarios(**{"season.time": "winter"})
    rows = list(found)
    assert rows and all(len(r) == 5 and r[0] == "christmas_market" and r[4] == "season.winter" for r in rows)
    assert len(found) == len(tax.scenarios(target="christmas_market"))


def test_example_file_is_valid_against_the_builtin_taxonomy(tax: st.Taxonomy) -> None:
    ext = st.Extension.from_file(EXAMPLE)
    assert ext.name == "fan-zones" and ext.origin == str(EXAMPLE)
    assert tax.extend(ext).term("fanzone.public_viewing").broader == "event_ground"


def test_every_mistake_at_once_when_checked_against_a_taxonomy(tax: st.Taxonomy, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(FIVE_MISTAKES, encoding="utf-8")  # with the empty Dutch label: six mistakes
    with pytest.raises(st.ExtensionError) as info:
        st.Extension.from_file(path, against=tax)
    message = str(info.value)
    print(message)
    for line in [
        "term[2].label_nl (line 26): String should have at least 1 character",
        "term[0].broader (line 8): unknown term 'market_stall' in facet 'target'",
        "term[1] (line 14): label 'museum' of term 'broken.museum_shop' also names term 'museum' (target)",
        "relation[0].subject (line 32): 'museum' is not a modus_operandi term",
        "relation[1] (line 38): relation firearms threatens museum already exists",
        "relation[1].sources[0] (line 43): unknown source id 'no-such-source'",
    ]:
        assert line in message, line
    assert len(info.value.problems) == 7  # relation[0] has a wrong subject and a wrong object
    assert tax.check(st.Extension.from_file(EXAMPLE)) == ()
