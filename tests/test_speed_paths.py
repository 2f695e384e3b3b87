"""The shortcuts of the hot paths give what the long ways gave: models assembled without a
second validation equal validated ones, an index built from its base's parts equals one built
from scratch, the label owners a taxonomy keeps equal those computed afresh, and reading a
document validates it once yet reports the same problems. (Speed itself is measured in
``benchmarks/speed_paths.py``, not here.)"""

from __future__ import annotations

import json
import pickle
import sys
from typing import Any

import pytest

import softtargets as st
from softtargets._text import compact, normalise
from softtargets.index import TermIndex
from softtargets.loader import Resolver, assemble
from softtargets.models import Relation, RelationSpec, Term, TermSpec
from softtargets.validate import label_owners


def _same_model(a: Any, b: Any) -> None:
    assert a == b
    assert type(a) is type(b)
    assert list(a.__dict__) == list(b.__dict__)
    assert a.model_fields_set == b.model_fields_set
    assert repr(a) == repr(b)
    assert a.model_dump_json() == b.model_dump_json()
    assert pickle.loads(pickle.dumps(a)) == b
    assert hash(a) == hash(b)


def test_assembled_models_equal_validated_ones(tax: st.Taxonomy) -> None:
    for record in (*tax.terms(), *tax.relations(), *tax.facets, *tax.kinds):
        values = dict(record.__dict__)
        model = record.__class__  # a built-in light record's __class__ is its model
        _same_model(assemble(model, dict(values)), model.model_validate(values))
        shuffled = dict(reversed(values.items()))  # another order: the fields' order is restored
        _same_model(assemble(model, shuffled), model.model_validate(values))


def test_resolved_specs_equal_validated_runtime_models(tax: st.Taxonomy) -> None:
    resolver = Resolver(tax.sources(), tax.kinds)
    inline = st.Source(id="inline-x", kind="guidance", citation="Inline.")
    term = TermSpec(
        id="x.y",
        facet="target",
        label_en=" padded ",
        label_nl="nl",
        alt_labels_en=("a", "b"),
        definition="D.",
        broader="hotel",
        sources=("cisa-stcp", inline),
    )
    rel = RelationSpec(
        kind="threatens", subject="firearms", object="hotel", strength="plausible", note="N.", sources=("cisa-stcp",)
    )
    problems: list[st.Problem] = []
    built_term = resolver.term(term, (None, ("term", 0)), problems)
    built_rel = resolver.relation(rel, (None, ("relation", 0)), problems)
    again = resolver.relation(rel, (None, ("relation", 1)), problems)  # the cited sources are shared
    assert not problems and built_rel is not None and again is not None
    assert built_rel.sources is again.sources
    expected_term = Term.model_validate({**term.model_dump(), "sources": (tax.source("cisa-stcp"), inline)})
    expected_rel = Relation.model_validate(
        {
            **rel.model_dump(),
            "subject_facet": "modus_operandi",
            "object_facet": "target",
            "sources": (tax.source("cisa-stcp"),),
        }
    )
    _same_model(built_term, expected_term)
    _same_model(built_rel, expected_rel)


def test_assemble_validates_what_is_not_a_full_record() -> None:
    with pytest.raises(ValueError):
        assemble(Term, {"id": "x"})


def _extension() -> st.Extension:
    """New facet, kind, terms (one whose label folds like a built-in one in another facet)
    and relations: every part of the index changes."""
    return st.Extension(
        name="speed",
        version="1",
        namespace="speed",
        facets=[
            st.FacetSpec(id="speed.venue", label_en="venue", label_nl="locatie", definition="V.", sources=["cisa-stcp"])
        ],
        kinds=[
            st.KindSpec(
                id="speed.hosts",
                subject="speed.venue",
                object="target",
                label_en="hosts",
                label_nl="host",
                definition="H.",
                sources=["cisa-stcp"],
            )
        ],
        terms=[
            st.TermSpec(
                id="speed.fan_zone",
                facet="target",
                broader="event_ground",
                label_en="fan zone",
                label_nl="fanzone",
                alt_labels_en=["Public Viewing"],
                definition="F.",
                sources=["cisa-stcp"],
            ),
            st.TermSpec(
                id="speed.arena",
                facet="speed.venue",
                label_en="Vehicle ramming",  # folds like a modus operandi: another facet, no clash
                label_nl="arena",
                definition="A.",
                sources=["cisa-stcp"],
            ),
            st.TermSpec(
                id="speed.plaza",
                facet="speed.venue",
                broader="speed.arena",
                label_en="plaza",
                label_nl="plein",
                definition="P.",
                sources=["cisa-stcp"],
            ),
        ],
        relations=[
            st.RelationSpec(
                kind="speed.hosts",
                subject="speed.plaza",
                object="speed.fan_zone",
                strength="plausible",
                note="N.",
                sources=["cisa-stcp"],
            )
        ],
    )


def _index_state(index: TermIndex) -> dict[str, Any]:
    return {name: getattr(index, name) for name in TermIndex.__slots__ if name not in ("_suggester", "_owners")}


def test_an_index_built_on_its_base_equals_one_built_from_scratch(tax: st.Taxonomy) -> None:
    bigger = tax.extend(_extension())
    bundle = bigger._bundle
    fresh = TermIndex(bundle.facets, bundle.terms, bigger._enums)
    assert _index_state(bigger._index) == _index_state(fresh)
    # the base is untouched by the index built on it
    assert _index_state(tax._index) == _index_state(TermIndex(tax._bundle.facets, tax._bundle.terms))
    # what a text as written finds is what folding it finds
    for text, key in fresh._exact.items():
        assert fresh._lookup[key] == (fresh._lookup.get(normalise(text)) or fresh._lookup.get(compact(text)))
    assert bigger.term("Vehicle ramming", "speed.venue").id == "speed.arena"
    assert bigger.term("Vehicle ramming", "modus_operandi").id == "vehicle_ramming"
    with pytest.raises(st.AmbiguousTermError):
        bigger.term("vehicle ramming")
    assert tax.term("vehicle ramming").id == "vehicle_ramming"


def test_an_index_refuses_a_base_that_is_not_a_prefix(tax: st.Taxonomy) -> None:
    bundle = tax._bundle
    with pytest.raises(ValueError, match="prefix"):
        TermIndex(bundle.facets, bundle.terms[1:], base=tax._index)


def test_label_owners_stay_current_across_extensions(tax: st.Taxonomy) -> None:
    one = tax.extend(_extension())
    assert one._index.label_owners() == label_owners(one._bundle.terms)
    clash = st.Extension(
        name="clash",
        version="1",
        namespace="clash",
        terms=[
            st.TermSpec(
                id="clash.x",
                facet="speed.venue",
                label_en="plaza",
                label_nl="x",
                definition="X.",
                sources=["cisa-stcp"],
            )
        ],
    )
    fine = st.Extension(
        name="fine",
        version="1",
        namespace="fine",
        terms=[
            st.TermSpec(
                id="fine.x", facet="speed.venue", label_en="x", label_nl="y", definition="X.", sources=["cisa-stcp"]
            )
        ],
    )
    # a failed extension's labels do not stay for the next one: "x" is free for fine.x
    with pytest.raises(st.ExtensionError) as err:
        one.extend(clash, fine)
    assert list(err.value.problems) == list(one.check(clash))
    assert [p.message for p in err.value.problems] == [
        "label 'plaza' of term 'clash.x' also names term 'speed.plaza' (speed.venue)"
    ]
    assert one.check(fine) == ()
    two = one.extend(fine)
    assert two._index.label_owners() == label_owners(two._bundle.terms)
    assert tax._index.label_owners() == label_owners(tax._bundle.terms)  # the base's stay as they were
    assert two == st.Taxonomy(two._bundle, extensions=two.extensions)


def test_stix_export_needs_no_stix2(tax: st.Taxonomy, monkeypatch: pytest.MonkeyPatch) -> None:
    stix2 = pytest.importorskip("stix2")
    from softtargets.interop import stix

    text = tax.export("stix")
    # the plain JSON is what serialising the stix2 objects gives
    assert json.loads(text) == json.loads(stix.to_bundle(tax).serialize())
    assert isinstance(stix.to_bundle(tax), stix2.Bundle)
    monkeypatch.setitem(sys.modules, "stix2", None)
    assert tax.export("stix") == text
    with pytest.raises(st.MissingExtraError, match=r"softtargets\[stix\]"):
        stix.to_bundle(tax)


@pytest.mark.parametrize(
    "value",
    [
        {"a": [], "b": {}, "c": [1, 2.5, True, None, 'é \u2028 " \\ \n'], "d": {"e": [{"f": ("g",)}]}},
        [],
        {},
        "x",
        [[[]], [{}], -0.0, 10**30],
    ],
)
def test_the_stix_writer_indents_as_json_does(value: Any) -> None:
    from softtargets.interop.stix import _indented

    assert _indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_the_stix_export_is_the_indented_bundle(tax: st.Taxonomy) -> None:
    from softtargets.interop.stix import bundle

    assert tax.export("stix") == json.dumps(bundle(tax), indent=2, ensure_ascii=False) + "\n"


def _outcome(read: Any) -> Any:
    """What a read gives: the taxonomy's canonical document, or the error and its problems."""
    try:
        return read().canonical()
    except (st.DataError, st.InputLimitError) as err:
        return type(err), str(err), [(p.loc, p.file, p.line, p.message) for p in err.problems]


def _read_the_long_way(text: str) -> st.Taxonomy:
    """``st.read(text, "json")`` as it was: json.loads, validate the document, then the
    bundle, and check it again when building the taxonomy."""
    from softtargets.document import read_document

    try:
        data = json.loads(text)
    except Exception as err:
        raise st.DataError("<text>", [f"not a valid json export: {type(err).__name__}: {err}"]) from None
    bundle, extensions = read_document(data, origin="read:json")
    return st.Taxonomy(bundle, origin="read:json", extensions=extensions)


def _variants(tax: st.Taxonomy) -> list[str]:
    doc = json.loads(tax.export("json"))
    out = [json.dumps(doc)]

    def changed(table: str, n: int, **fields: Any) -> None:
        copy = json.loads(json.dumps(doc))
        copy[table][n].update(fields)
        out.append(json.dumps(copy, ensure_ascii=False))

    changed("term", 3, label_en="x\u200by")  # a refused character
    changed("term", 4, broader="no_such_term")  # a cross-record problem
    changed("term", 5, label_nl=doc["term"][6]["label_nl"])  # a label collision
    changed("relation", 2, strength="certain", note="")  # two field problems
    changed("incident", 1, killed=1.5)
    changed("incident", 2, killed=10**30, date="2020-01-01T00:00:00")
    changed("source", 0, id="Bad Id")
    changed("term", 7, sources=["no-such-source"])
    out.append(json.dumps(doc)[:-1])  # truncated
    out.append(json.dumps(doc) + " x")  # trailing text
    out.append(json.dumps(doc).replace('"label_en": "', '"label_en": "\\ud800', 1))  # a lone surrogate
    out.append(json.dumps(doc).replace('"label_en": "', '"label_en": "\t', 1))  # a raw tab
    out.append(json.dumps({**doc, "version": 1.0}))
    out.append(json.dumps({**doc, "version": 2}))
    out.append(json.dumps({**doc, "term": []}))
    out.append(json.dumps({**doc, "extra": 1}))
    out.append("[" * 100_000 + "]" * 100_000)
    out.append("{}")
    return out


def test_reading_json_gives_what_the_long_way_gave(tax: st.Taxonomy) -> None:
    for text in _variants(tax):
        assert _outcome(lambda text=text: st.read(text, "json")) == _outcome(lambda text=text: _read_the_long_way(text))
