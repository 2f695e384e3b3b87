"""The extension file format's JSON Schema and the library agree: what the library accepts
the schema accepts, and for the rules that need no taxonomy, the reverse."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import extensions
from hypothesis import given, settings

import softtargets as st

jsonschema = pytest.importorskip("jsonschema")
VALIDATOR = jsonschema.Draft202012Validator(
    st.Extension.json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "extension.toml"


def as_json(document: Any) -> Any:
    """A parsed TOML document as JSON would hold it: dates as ISO strings (the documented
    way to validate a TOML extension with a JSON Schema validator)."""
    return json.loads(json.dumps(document, default=lambda value: value.isoformat()))


def test_the_example_file_validates_against_the_schema() -> None:
    document = as_json(tomllib.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert list(VALIDATOR.iter_errors(document)) == []


@settings(max_examples=30, deadline=None)
@given(extensions())
def test_what_the_library_writes_the_schema_accepts(ext: st.Extension) -> None:
    document = json.loads(ext.dumps("json"))
    assert list(VALIDATOR.iter_errors(document)) == []


BASE_DOCUMENT = as_json(tomllib.loads(EXAMPLE.read_text(encoding="utf-8")))
PLACES = [
    ("incident", 0, "killed"),
    ("incident", 0, "injured"),
    ("incident", 0, "date"),
    ("incident", 0, "country"),
    ("incident", 0, "outcome"),
    ("incident", 0, "urls"),
    ("term", 0, "id"),
    ("term", 0, "label_en"),
    ("term", 0, "broader"),
    ("term", 0, "alt_labels_en"),
    ("relation", 0, "strength"),
    ("relation", 0, "sources"),
    ("version",),
    ("namespace",),
]
VALUES = [
    True,
    False,
    None,
    0,
    -1,
    7,
    1.5,
    "",
    "x",
    "2016-07-14",
    "2016-07-14T00:00:00",
    "20160714",
    "NL",
    "nl",
    "foiled",
    "documented",
    "maybe",
    "a\x01b",
    [],
    ["x"],
    ["https://example.org/"],
    {},
    {"a": 1},
]


def _set(document: Any, place: tuple[str | int, ...], value: object) -> Any:
    out = copy.deepcopy(document)
    node = out
    for part in place[:-1]:
        node = node[part]
    node[place[-1]] = value
    return out


@pytest.mark.parametrize("place", PLACES, ids=lambda p: ".".join(map(str, p)))
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_schema_and_library_agree_on_each_field(place: tuple[str | int, ...], value: object) -> None:
    document = _set(BASE_DOCUMENT, place, value)
    schema_ok = not list(VALIDATOR.iter_errors(document))
    try:
        st.Extension.model_validate(document)
        library_ok = True
    except ValueError:
        library_ok = False
    assert schema_ok == library_ok, (place, value)
