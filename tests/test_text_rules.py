"""Trust at the boundaries: the characters text fields refuse, confusable skeletons (Unicode
TR39), and extension labels that only look like an existing label."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import scaled
from hypothesis import assume, given, settings
from hypothesis import strategies as st_
from pydantic import TypeAdapter, ValidationError

import softtargets as st
from softtargets._text import confusables, parse_confusables, refused, skeleton
from softtargets.errors import DataError
from softtargets.models import Text

SOURCE = "nactso-crowded-places"

# One or more of every refused class, with the class named as the message names it.
REFUSED = [
    ("\x00", "control character"),
    ("\x01", "control character"),
    ("\x0b", "control character"),
    ("\x0c", "control character"),
    ("\x1b", "control character"),
    ("\x1f", "control character"),
    ("\r", "control character"),
    ("\x7f", "control character"),
    ("\x80", "control character"),
    ("\x85", "control character"),
    ("\x9f", "control character"),
    ("\ufdd0", "non-character"),
    ("\ufdef", "non-character"),
    ("\ufffe", "non-character"),
    ("\uffff", "non-character"),
    ("\U0001fffe", "non-character"),
    ("\U0010ffff", "non-character"),
    ("\u200b", "zero-width character"),
    ("\u200c", "zero-width character"),
    ("\u200d", "zero-width character"),
    ("\u2060", "zero-width character"),
    ("\ufeff", "zero-width character"),
    ("\xad", "invisible character"),
    ("\u061c", "bidirectional control"),
    ("\u200e", "bidirectional control"),
    ("\u200f", "bidirectional control"),
    ("\u202a", "bidirectional control"),
    ("\u202e", "bidirectional control"),
    ("\u2066", "bidirectional control"),
    ("\u2069", "bidirectional control"),
    ("\ud800", "lone surrogate"),
]
IDS = [f"U+{ord(ch):04X}" for ch, _ in REFUSED]


def term(**fields: object) -> dict[str, object]:
    """A new target type for an extension in namespace ``x``, with ``fields`` replaced."""
    base: dict[str, object] = {
        "id": "x.kiosk",
        "facet": "target",
        "label_en": "ticket kiosk",
        "label_nl": "kaartjeskiosk",
        "definition": "A free-standing booth selling tickets.",
        "sources": [SOURCE],
    }
    return base | fields


def extension(*terms: dict[str, object]) -> st.Extension:
    return st.Extension(name="x", version="1", namespace="x", terms=list(terms))


def code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


# -- refused characters ---------------------------------------------------------------------


@pytest.mark.parametrize(("ch", "kind"), REFUSED, ids=IDS)
@pytest.mark.parametrize("field", ["label_en", "definition"])
def test_termspec_refuses(ch: str, kind: str, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        st.TermSpec.model_validate(term(**{field: f"ticket{ch}kiosk"}))
    (error,) = info.value.errors()
    assert error["loc"] == (field,)
    assert f"contains {code(ch)}" in error["msg"]
    assert kind in error["msg"] and "at character 7" in error["msg"]
    assert "not allowed in text" in error["msg"]


@pytest.mark.parametrize(("ch", "kind"), REFUSED, ids=IDS)
def test_extension_refuses_in_alt_labels_and_description(ch: str, kind: str) -> None:
    with pytest.raises(st.ExtensionError) as info:
        st.Extension(
            name="x",
            version="1",
            namespace="x",
            description=f"a{ch}b",
            terms=[term(alt_labels_en=["kiosk", f"booth{ch}"])],
        )
    locs = {p.loc: p.message for p in info.value.problems}
    assert set(locs) == {("description",), ("terms", 0, "alt_labels_en", 1)}
    assert all(code(ch) in msg and kind in msg for msg in locs.values())


@pytest.mark.parametrize("ch", ["\u200b", "\ufffe", "\r", "\x85", "\u202e"], ids=code)
def test_extension_file_refuses(tmp_path: Path, ch: str) -> None:
    path = tmp_path / "x.json"
    doc = {"name": "x", "version": "1", "namespace": "x", "terms": [term(definition=f"one{ch}two")]}
    path.write_text(json.dumps(doc), encoding="utf-8")  # written as a \\u escape
    with pytest.raises(st.ExtensionError) as info:
        st.Extension.from_file(path)
    (problem,) = info.value.problems
    assert problem.loc == ("terms", 0, "definition")
    assert code(ch) in problem.message


def test_carriage_return_is_refused_with_a_hint() -> None:
    with pytest.raises(ValidationError, match=r"U\+000D CARRIAGE RETURN .*write a line break as a newline"):
        st.TermSpec.model_validate(term(definition="line one\r\nline two"))


def test_other_models_refuse_too() -> None:
    with pytest.raises(ValidationError, match="U\\+200B"):
        st.Source(id="s", kind="guidance", citation="Guide\u200b")
    with pytest.raises(ValidationError, match="U\\+202E"):
        st.RelationSpec(
            kind="threatens", subject="arson", object="museum", strength="plausible", sources=[SOURCE], note="a\u202eb"
        )
    incident = {
        "id": "x-2020-01-01",
        "name": "X",
        "date": "2020-01-01",
        "urls": ["https://example.org/a\u200bb"],
        "note": "n",
    }
    with pytest.raises(ValidationError, match="U\\+200B"):
        st.Incident.model_validate(incident)


@pytest.mark.parametrize(
    "text",
    ["tab\there", "two\nlines", "café crème", "Музей", "Μουσείο", "emoji \U0001f3df", "a\u00a0b", "x\u2028y"],
)
def test_allowed_text(text: str) -> None:
    spec = st.TermSpec.model_validate(term(definition=text, label_en=text))
    assert spec.definition == text and spec.label_en == text


def test_surrounding_white_space_is_still_stripped() -> None:
    assert st.TermSpec.model_validate(term(definition="  \n\tkiosk \n")).definition == "kiosk"


def test_tab_and_newline_still_extend() -> None:
    tax = st.load().extend(extension(term(definition="First line.\n\tSecond, indented.")))
    assert tax.term("x.kiosk").definition == "First line.\n\tSecond, indented."


def test_the_schema_pattern_matches_the_validator() -> None:
    """The JSON Schema pattern (for editors) refuses exactly the refused characters of the
    Basic Multilingual Plane that the validator refuses."""
    import re

    pattern = re.compile(TypeAdapter(Text).json_schema()["pattern"])
    for c in range(0x10000):
        ch = chr(c)
        if 0xD800 <= c <= 0xDFFF:
            continue  # not in a JSON Schema string; the validator refuses them
        assert (pattern.match(ch) is None) == (refused(ch) is not None), code(ch)


# -- skeletons ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "museum",
        "MUSEUM",
        "Museum",
        "\u041cuseum",  # Cyrillic capital em
        "\u039cu\u0455eum",  # Greek capital mu, Cyrillic dze
        "mus\u0435um",  # Cyrillic ie
        "rnuseum",
        "\uff4d\uff55\uff53\uff45\uff55\uff4d",  # full-width
        "mu\u034fseum",  # combining grapheme joiner: default-ignorable, dropped
    ],
)
def test_look_alikes_share_a_skeleton(variant: str) -> None:
    assert skeleton(variant) == skeleton("museum")


@pytest.mark.parametrize(
    ("a", "b"),
    [("ICE", "ice"), ("0ven", "oven"), ("1one", "lone"), ("\u0440\u0430\u0440\u0435\u0433", "paper")],
)
def test_more_look_alikes(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(("a", "b"), [("museum", "stadium"), ("museum", "muzeum"), ("church", "chapel")])
def test_different_words_differ(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


@settings(max_examples=scaled(500, 100))
@given(st_.text(alphabet=st_.characters(blacklist_categories=("Cs",)), max_size=30))
def test_skeleton_is_idempotent(text: str) -> None:
    once = skeleton(text)
    assert skeleton(once) == once


def test_shipped_table_loads_and_names_its_source() -> None:
    table, ignorable = confusables()
    assert table["\u041c"] == "rn" and table["0"] == "o" and "\u200b" in ignorable
    header = Path(st.__file__).with_name("data").joinpath("confusables.toml").read_text("utf-8")
    assert "Unicode 17.0.0" in header and "tr39" in header and "UNICODE LICENSE V3" in header


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('unicode_version = "1"\nignorable = ["00AD"]\n[skeleton]\nrn = "m"\nm = "x"', "is itself mapped"),
        ('unicode_version = "1"\n[skeleton]\na = "x"\nb = "x"', "listed under both"),
        ('unicode_version = "1"\nignorable = ["zz"]\n[skeleton]\na = "x"', "not a code point"),
        ('unicode_version = "1"\nignorable = ["0078"]\n[skeleton]\na = "x"', "also ignorable"),
        ('unicode_version = "1"\n[skeleton]\nA = "x"', "lower-case ASCII"),
        ("[skeleton]", "unicode_version"),
        ("not toml = = ", "not valid TOML"),
    ],
)
def test_malformed_tables_are_refused(text: str, problem: str) -> None:
    with pytest.raises(DataError, match=problem):
        parse_confusables(text)


# -- look-alike labels ----------------------------------------------------------------------


def test_look_alike_label_is_refused_naming_both() -> None:
    with pytest.raises(st.ExtensionError) as info:
        st.load().extend(extension(term(id="x.fake", label_en="\u041cuseum")))
    (problem,) = info.value.problems
    assert problem.message == (
        "label '\u041cuseum' of term 'x.fake' looks like label 'museum' of term 'museum' (target): "
        "their confusable skeletons are equal (it has U+041C CYRILLIC CAPITAL LETTER EM)"
    )
    assert problem.loc == ("term", 0)


def test_mixed_greek_and_cyrillic_label_is_refused() -> None:
    fake = "\u039cu\u0455eum"  # Greek Mu, Cyrillic dze
    with pytest.raises(st.ExtensionError) as info:
        st.load().extend(extension(term(id="x.fake", label_nl=fake)))
    (problem,) = info.value.problems
    assert f"label {fake!r} of term 'x.fake' looks like label 'museum' of term 'museum'" in problem.message
    assert "GREEK CAPITAL LETTER MU" in problem.message and "CYRILLIC SMALL LETTER DZE" in problem.message


def test_each_look_alike_pair_is_reported_once() -> None:
    fake = term(id="x.fake", label_en="\u041cuseum", label_nl="\u041cUSEUM", alt_labels_en=["mus\u0435um", "rnuseum"])
    with pytest.raises(st.ExtensionError) as info:
        st.load().extend(extension(fake))
    assert len(info.value.problems) == 1


def test_an_exact_collision_keeps_its_message_and_is_not_reported_twice() -> None:
    with pytest.raises(st.ExtensionError) as info:
        st.load().extend(extension(term(id="x.fake", label_en="museum", alt_labels_en=["\u041cuseum"])))
    (problem,) = info.value.problems
    assert problem.message == "label 'museum' of term 'x.fake' also names term 'museum' (target)"


def test_look_alikes_between_new_terms() -> None:
    one = term(id="x.one", label_en="ticket kiosk", label_nl="kaartjeskiosk")
    two = term(id="x.two", label_en="ticket k\u0456osk", label_nl="andere kiosk")  # Cyrillic i
    with pytest.raises(st.ExtensionError) as info:
        st.load().extend(extension(one, two))
    (problem,) = info.value.problems
    assert "of term 'x.two' looks like label 'ticket kiosk' of term 'x.one' (target)" in problem.message
    assert problem.loc == ("term", 1)


def test_look_alikes_in_another_facet_are_allowed() -> None:
    tax = st.load().extend(extension(term(id="x.fake", facet="motive", label_en="\u041cuseum", label_nl="m")))
    assert tax.term("x.fake").label_en == "\u041cuseum"


def test_builtin_labels_have_no_look_alikes_within_a_facet() -> None:
    tax = st.load()
    for facet in tax.facets:
        seen: dict[str, str] = {}
        for t in tax.terms(facet.id):
            for text in {t.id, t.label_en, t.label_nl, *t.alt_labels_en, *t.alt_labels_nl}:
                other = seen.setdefault(skeleton(text), t.id)
                assert other == t.id, f"{text!r} of {t.id} looks like a label of {other}"


# -- round trips ----------------------------------------------------------------------------

TRICKY = ["\t", "\n", " ", "\xa0", "\u2028", "\u2029", "<", "&", "]]>", '"', "'", "e\u0301", "\U0001f600", "\ue000"]


@settings(max_examples=scaled(40, 6))
@given(
    st_.lists(
        st_.lists(
            st_.one_of(st_.characters(blacklist_categories=("Cs",)), st_.sampled_from(TRICKY)), min_size=1, max_size=20
        ).map("".join),
        min_size=1,
        max_size=4,
    )
)
def test_accepted_text_survives_the_round_trips(texts: list[str]) -> None:
    """Whatever ``Text`` accepts comes back unchanged from GraphML (XML), JSON and node-link."""
    valid = TypeAdapter(Text)
    kept = []
    for text in texts:
        try:
            kept.append(valid.validate_python(text))
        except ValidationError:
            continue
    assume(kept)
    terms = [
        term(id=f"x.t{n}", label_en=f"zz term {n}", label_nl=f"zz begrip {n}", definition=text)
        for n, text in enumerate(kept)
    ]
    tax = st.load().extend(extension(*terms))
    assert [tax.term(f"x.t{n}").definition for n in range(len(kept))] == kept
    for fmt in ("graphml", "json", "node-link"):
        assert st.read(tax.export(fmt), fmt) == tax, fmt


@given(
    st_.text(st_.characters(max_codepoint=0x7F))
    | st_.text(st_.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)))
)
def test_refused_fast_path_agrees_with_the_schema_pattern(text: str) -> None:
    """``refused`` skips its search for printable ASCII; in the Basic Multilingual Plane (lone
    surrogates aside, which the pattern leaves to ``check_text``) its answer is the JSON Schema
    pattern's, whichever path it takes."""
    import re

    from softtargets._text import REFUSED_PATTERN

    assert (refused(text) is None) == (re.fullmatch(REFUSED_PATTERN, text) is not None)
