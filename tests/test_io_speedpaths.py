"""The shortcuts of reading, extending and exporting give what the long ways gave: the JSON
writer in Rust writes what ``json.dumps(indent=2)`` wrote, the STIX ids and timestamps spelled
out equal ``uuid.uuid5`` and datetime's, and reading a document identical to the built-in
taxonomy's export gives what validating it gave. (Speed is measured in ``benchmarks``.)"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import uuid
from typing import Any

import pytest
from conftest import season_extension
from hypothesis import given
from hypothesis import strategies as st_
from pydantic import ValidationError

import softtargets as st
from softtargets.document import TaxonomyDocument, indented_json


@pytest.fixture(scope="module")
def extended(tax: st.Taxonomy) -> st.Taxonomy:
    return tax.extend(season_extension())


# JSON as the documents and exports hold it: no floats (their text differs between writers)
_SCALARS = st_.none() | st_.booleans() | st_.integers(min_value=-(2**80), max_value=2**80) | st_.text()
_JSON = st_.recursive(
    _SCALARS,
    lambda inner: st_.lists(inner, max_size=4) | st_.dictionaries(st_.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


@given(_JSON)
def test_the_rust_writer_indents_as_json_does(value: Any) -> None:
    assert indented_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_the_rust_writer_leaves_what_utf8_cannot_hold_to_json() -> None:
    value = {"a": ["x\ud800y", "\x00\x1f\x7f\u2028", 'é " \\ \n \t']}
    assert indented_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_no_document_holds_a_float() -> None:
    """``indented_json`` writes floats otherwise than json (``1e-05``): the document has none."""
    schema = json.dumps(TaxonomyDocument.json_schema())
    assert '"number"' not in schema


def test_the_exports_are_what_json_wrote(tax: st.Taxonomy, extended: st.Taxonomy) -> None:
    from softtargets.document import to_document
    from softtargets.interop.stix import bundle

    for t in (tax, extended):
        assert t.export("json") == json.dumps(to_document(t), indent=2, ensure_ascii=False) + "\n"
        assert t.export("stix") == json.dumps(bundle(t), indent=2, ensure_ascii=False) + "\n"


@given(st_.text(max_size=3).map(lambda s: s.replace("/", "")), st_.lists(st_.text(max_size=20), min_size=1, max_size=3))
def test_stix_ids_are_uuid5(kind: str, key: list[str]) -> None:
    from softtargets.interop.stix import NAMESPACE, _id

    assert _id(kind, *key) == f"{kind}--{uuid.uuid5(NAMESPACE, '/'.join((kind, *key)))}"


@given(st_.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 30)), st_.integers(0, 86_400_000 - 1))
def test_stix_timestamps_are_datetimes_formatting(day: dt.date, ms: int) -> None:
    from softtargets.interop.stix import _stamp, _version

    stamp = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(milliseconds=ms)
    text = stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"
    if day.year >= 1000:  # strftime does not pad years below 1000 on every platform
        assert _stamp(day, ms) == text
    written = _stamp(day, ms)
    parsed = dt.datetime.strptime(written, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    assert parsed == stamp
    assert _version(written) == str(parsed)


def _same(a: st.Taxonomy, b: st.Taxonomy) -> None:
    """Two taxonomies alike in everything a user sees, order of every table included."""
    assert a == b
    assert a.origin == b.origin and a.extensions == b.extensions
    assert a.sources() == b.sources()
    assert a.facets == b.facets and a.kinds == b.kinds
    assert a.terms() == b.terms() and a.relations() == b.relations() and a.incidents() == b.incidents()
    for x, y in zip(a.terms(), b.terms(), strict=True):
        assert type(x) is type(y) and x.__dict__ == y.__dict__
        assert [s.__dict__ for s in x.sources] == [s.__dict__ for s in y.sources]
    for x, y in zip(a.relations(), b.relations(), strict=True):
        assert x.__dict__ == y.__dict__
    assert a.export("json") == b.export("json")
    assert repr(a) == repr(b)
    assert len(a.scenarios()) == len(b.scenarios())
    assert pickle.loads(pickle.dumps(a.terms())) == b.terms()


def _read_by_validating(text: str) -> st.Taxonomy:
    """``st.read(text, "json")`` without the built-in's shortcut: validate the document."""
    from softtargets.document import read_document

    bundle, extensions = read_document(TaxonomyDocument.model_validate_json(text), origin="read:json")
    return st.Taxonomy(bundle, origin="read:json", extensions=extensions, checked=True)


def test_reading_the_builtin_export_gives_what_validating_it_gave(tax: st.Taxonomy) -> None:
    text = tax.export("json")
    read = st.read(text, "json")
    _same(read, _read_by_validating(text))
    assert read.term("football_stadium") is tax.term("football_stadium")  # the shortcut was taken
    _same(st.read(text.encode(), "json"), read)


def test_a_document_that_differs_from_the_builtin_in_anything_is_validated(tax: st.Taxonomy) -> None:
    text = tax.export("json")
    for other in (
        text.replace("\n", "\r\n"),
        text.rstrip("\n"),
        text + " ",
        text.replace('"version": 1', '"version": true', 1),
        text.replace('"killed": 0', '"killed": false', 1),
    ):
        assert other != text
        try:
            expected: Any = _read_by_validating(other)
        except (st.DataError, ValidationError) as err:
            expected = err
        try:
            got: Any = st.read(other, "json")
        except st.DataError as err:
            got = err
        if isinstance(expected, Exception):
            assert isinstance(got, st.DataError)
        else:
            _same(got, expected)
            assert got.term("football_stadium") is not tax.term("football_stadium")
