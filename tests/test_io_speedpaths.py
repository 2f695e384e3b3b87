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
    """``st.read(text, "json")`` step by step: validate the document, then read it."""
    from softtargets.document import read_document

    bundle, extensions = read_document(TaxonomyDocument.model_validate_json(text), origin="read:json")
    return st.Taxonomy(bundle, origin="read:json", extensions=extensions, checked=True)


def test_reading_an_export_in_one_pass_gives_what_validating_it_gave(tax: st.Taxonomy) -> None:
    text = tax.export("json")
    _same(st.read(text, "json"), _read_by_validating(text))
    _same(st.read(text.encode(), "json"), _read_by_validating(text))


# ---------------------------------------------------------------- extending

_ANY_TEXT = st_.text(st_.characters(blacklist_characters="\0"), max_size=12)


@given(
    st_.lists(
        _ANY_TEXT | st_.sampled_from(["m", "rn", "\uff2duseum", "mu\u0301seum", " a_b ", "ﬁ", "\u0410"]), max_size=30
    )
)
def test_skeletons_of_many_texts_are_each_texts_skeleton(texts: list[str]) -> None:
    from softtargets._text import skeleton, skeletons

    assert skeletons(texts) == [skeleton(text) for text in texts]
    many = [*texts, *(f"Filler-{n}_m " for n in range(1_000)), "a\0b"]  # enough ASCII texts to join
    assert skeletons(many) == [skeleton(text) for text in many]


def test_skeletons_in_batches() -> None:
    from softtargets._text import skeleton, skeletons

    texts = [f"\uff2duseum {n} \u2013 stra\u00dfe" if n % 3 == 0 else f" Big.T{n}  rn_m-1 " for n in range(3_500)]
    assert skeletons(texts) == [skeleton(text) for text in texts]


@given(st_.text(st_.characters(max_codepoint=127)))
def test_ascii_text_folds_as_its_lower_case(text: str) -> None:
    """What ``TermIndex`` relies on to fold an upper-case id as the id."""
    from softtargets._text import normalise

    assert normalise(text) == normalise(text.lower())


def _label_problems_as_they_were(terms: Any, owners: dict[tuple[str, str], str]) -> list[str]:
    """The label checks of ``validate._check_terms`` as they were before the batch skeletons."""
    from softtargets._text import compact, normalise, skeleton, unlike

    out = []
    for term in terms:
        facet, term_id = term.facet, term.id
        told: set[str] = set()
        for text in term.texts():
            for form in {normalise(text), compact(text)}:
                other = owners.setdefault((facet, form), term_id)
                if other != term_id and other not in told:
                    told.add(other)
                    out.append(f"label {text!r} of term {term_id!r} also names term {other!r} ({facet})")
        for text in term.texts():
            look = skeleton(text)
            for form in {look, look.replace(" ", "")}:
                seen = owners.setdefault((facet, "\0" + form), text)
                other = owners.get((facet, normalise(seen)), term_id) if seen != text else term_id
                if other != term_id and other not in told:
                    told.add(other)
                    odd = unlike(text, seen)
                    out.append(
                        f"label {text!r} of term {term_id!r} looks like label {seen!r} of term {other!r} ({facet}):"
                        " their confusable skeletons are equal" + (f" (it has {odd})" if odd else "")
                    )
    return out


_LABELS = st_.sampled_from(
    [
        "Football Stadium",
        "voetbalstadion",
        "Museum",
        "\uff2duseum",
        "rnuseum",
        "muséum",
        "fan zone",
        "fan-zone",
        "Fanzone",
    ]
)


@st_.composite
def _colliding(draw: st_.DrawFn) -> st.Extension:
    """An extension whose terms' labels collide and look alike, with the built-in's and each
    other's, citing known, unknown and inline sources (one of them taken)."""
    inline = st.Source(id="x-src", kind="guidance", citation="X.")
    taken = st.Source(id="cisa-stcp", kind="guidance", citation="Not CISA.")
    refs = st_.sampled_from(["cisa-stcp", "no-such-source", "x-src", inline, taken])
    terms = [
        st.TermSpec(
            id=f"x.t{n}",
            facet="target",
            label_en=draw(_LABELS | TEXT_),
            label_nl=draw(_LABELS | TEXT_),
            alt_labels_en=tuple(draw(st_.lists(_LABELS, max_size=2))),
            definition="X.",
            sources=tuple(draw(st_.lists(refs, min_size=1, max_size=3))),
        )
        for n in range(draw(st_.integers(1, 5)))
    ]
    return st.Extension(name="x", version="1", namespace="x", terms=terms)


TEXT_ = st_.text(st_.characters(codec="utf-8", categories=("L", "Nd", "Zs")), min_size=1, max_size=8).map(
    lambda s: s.strip() or "x"
)


@given(_colliding())
def test_extension_label_and_source_checks_are_as_they_were(ext: st.Extension) -> None:
    from softtargets.loader import builtin_bundle
    from softtargets.validate import extension_problems, label_owners

    bundle = builtin_bundle()
    found = extension_problems(ext, bundle, labels=label_owners(bundle.terms))
    labels = [p.message for p in found if p.message.startswith("label ")]
    assert sorted(labels) == sorted(_label_problems_as_they_were(ext.terms, label_owners(bundle.terms)))
    known = {s.id for s in bundle.sources}
    inline = {r.id for t in ext.terms for r in t.sources if isinstance(r, st.Source)}
    unknown = [
        (("term", n, "sources", m), f"unknown source id {r!r}")
        for n, t in enumerate(ext.terms)
        for m, r in enumerate(t.sources)
        if isinstance(r, str) and r not in known | inline
    ]
    assert [(p.loc, p.message) for p in found if p.message.startswith("unknown source")] == unknown
    taken = [p.loc for p in found if p.message.endswith("is already taken")]
    assert all(p[-1] == "id" for p in taken)


@given(_colliding())
def test_extending_gives_what_a_taxonomy_built_at_once_gives(ext: st.Extension) -> None:
    tax = st.load()
    try:
        extended = tax.extend(ext)
    except st.ExtensionError as err:
        assert list(err.problems) == list(tax.check(ext))
        return
    whole = st.Taxonomy(extended._bundle, extensions=extended.extensions)
    assert extended == whole
    assert extended._index.label_owners() == whole._index.label_owners()
    for term in ext.terms:
        for text in (*term.texts(), term.id.upper()):
            assert _found(extended, text) == _found(whole, text)
    assert extended.relations() == whole.relations()


def _found(tax: st.Taxonomy, text: str) -> Any:
    try:
        return tax.term(text).id
    except st.SofttargetsError as err:
        return type(err), str(err)


def test_relations_made_in_bulk_are_what_the_resolver_makes(tax: st.Taxonomy) -> None:
    from softtargets.extension import _relations
    from softtargets.loader import Resolver, builtin_bundle

    bundle = builtin_bundle()
    inline = st.Source(id="x-src", kind="guidance", citation="X.")
    other = st.Source(id="cisa-stcp", kind="guidance", citation="Not CISA.")
    specs = [
        st.RelationSpec(kind=kind, subject="s", object=f"o{n}", strength="plausible", sources=refs, note="N.")
        for n, (kind, refs) in enumerate(
            [
                ("threatens", ("cisa-stcp",)),
                ("threatens", ("cisa-stcp",)),
                ("selects", ("cisa-stcp", "study-summary")),
                ("no_such_kind", ("cisa-stcp",)),
                ("threatens", ("no-such-source",)),
                ("threatens", (inline,)),
                ("threatens", ("x-src",)),
                ("threatens", (other,)),
                ("threatens", ("cisa-stcp",)),
                ("capable_of", ("x-src", "cisa-stcp")),
                ("capable_of", ("x-src", "cisa-stcp")),
            ]
        )
    ]
    one, problems_one = Resolver(bundle.sources, bundle.kinds), []
    bulk = _relations(one, specs, "x.toml", problems_one)
    two, problems_two = Resolver(bundle.sources, bundle.kinds), []
    each = [r for n, s in enumerate(specs) if (r := two.relation(s, ("x.toml", ("relation", n)), problems_two))]
    assert bulk == each and problems_one == problems_two and len(problems_one) >= 3
    for a, b in zip(bulk, each, strict=True):
        assert list(a.__dict__) == list(b.__dict__) and a.model_fields_set == b.model_fields_set
        assert a.sources == b.sources


def _lookup_as_it_was(terms: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """``TermIndex``'s label tables built as they were: every text and the upper-case id folded."""
    from softtargets._text import compact, normalise

    lookup: dict[str, Any] = {}
    exact: dict[str, str] = {}
    for term in terms:
        hit = (term.facet, term.id)
        for text in (*term.texts(), term.id.upper()):
            exact.setdefault(text, normalise(text))
            for key in {normalise(text), compact(text)}:
                hits = lookup.get(key, ())
                if hit not in hits:
                    lookup[key] = (*hits, hit)
    return lookup, exact


@given(_colliding())
def test_the_index_of_an_extended_taxonomy_has_the_label_tables_as_they_were(ext: st.Extension) -> None:
    tax = st.load()
    try:
        extended = tax.extend(ext)
    except st.ExtensionError:
        ext = ext.model_copy(
            update={"terms": tuple(t.model_copy(update={"sources": ("cisa-stcp",)}) for t in ext.terms)}
        )
        try:
            extended = tax.extend(ext)
        except st.ExtensionError:
            return
    lookup, exact = _lookup_as_it_was(extended._bundle.terms)
    assert extended._index._lookup == lookup
    assert extended._index._exact == exact


def test_the_index_of_a_large_extension_has_the_label_tables_as_they_were(tax: st.Taxonomy) -> None:
    terms = [
        st.TermSpec(
            id=f"big.t{n}",
            facet="target",
            broader="football_stadium" if n % 2 else None,
            label_en=f"big target {n}",
            label_nl=f"groot doelwit {n}",
            alt_labels_en=(f"Big-Target_{n}x",),
            definition="Synthetic.",
            sources=("cisa-stcp",),
        )
        for n in range(300)
    ]
    relations = [
        st.RelationSpec(
            kind="threatens",
            subject="vehicle_ramming",
            object=f"big.t{n}",
            strength="plausible",
            sources=("cisa-stcp",),
            note="S.",
        )
        for n in range(300)
    ]
    ext = st.Extension(name="big", version="1", namespace="big", terms=terms, relations=relations)
    extended = tax.extend(ext).extend(season_extension())
    for one in (extended, tax.extend(ext)):
        lookup, exact = _lookup_as_it_was(one._bundle.terms)
        assert one._index._lookup == lookup
        assert one._index._exact == exact
    assert extended == st.Taxonomy(extended._bundle, extensions=extended.extensions)


def test_assembled_in_bulk_as_one_by_one(tax: st.Taxonomy) -> None:
    from softtargets.loader import assemble, assemble_all

    for records in (tax.relations(), tax.terms(), tax.facets):
        model = records[0].__class__  # a built-in light record's __class__ is its model
        rows = [dict(r.__dict__) for r in records]
        rows[0] = dict(reversed(rows[0].items()))  # another order: assembled as assemble does
        bulk = assemble_all(model, [dict(row) for row in rows])
        each = [assemble(model, dict(row)) for row in rows]
        assert bulk == each == list(records)
        for a, b in zip(bulk, each, strict=True):
            assert type(a) is type(b) and list(a.__dict__) == list(b.__dict__)
            assert a.model_fields_set == b.model_fields_set and a.model_fields_set is not b.model_fields_set
            assert pickle.loads(pickle.dumps(a)) == b and hash(a) == hash(b) and repr(a) == repr(b)
        assert bulk[1].model_fields_set is not bulk[2].model_fields_set  # each its own
