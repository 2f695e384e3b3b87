"""The built-in data's light records (``softtargets.records``) behave as the pydantic models they
stand for, wherever a model could go: equality and hashing both ways, ``isinstance``, repr,
pickling and copying, every attribute and method the model has, frozen fields, and pydantic
models and adapters that hold them."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import softtargets as st
from softtargets import models
from softtargets.loader import parse_builtin
from softtargets.records import Record, as_model


@pytest.fixture(scope="module")
def pairs() -> list[tuple[Any, Any]]:
    """(light record, the model validated from the TOML files) for every built-in record."""
    tax, parsed = st.load(), parse_builtin()
    loaded = (tax.sources(), tax.facets, tax.kinds, tax.terms(), tax.relations(), tax.incidents())
    wanted = (parsed.sources, parsed.facets, parsed.kinds, parsed.terms, parsed.relations, parsed.incidents)
    out: list[tuple[Any, Any]] = []
    for got, want in zip(loaded, wanted, strict=True):
        by_id = {getattr(m, "key", None) or m.id: m for m in want}
        out += [(r, by_id[getattr(r, "key", None) or r.id]) for r in got]
    assert out and all(isinstance(r, Record) for r, _ in out)
    return out


def test_records_equal_and_hash_like_their_models(pairs: list[tuple[Any, Any]]) -> None:
    for record, model in pairs:
        assert record == model and model == record and (record != model) is False
        assert hash(record) == hash(model)
        assert len({record, model}) == 1
        assert record.__class__ is type(model) and isinstance(record, type(model))
        assert repr(record) == repr(model) and str(record) == str(model)


def test_records_offer_every_public_attribute_of_their_model(pairs: list[tuple[Any, Any]]) -> None:
    """Every public name a model has (fields, properties, methods, pydantic's API) is there on
    the record with the same value; a method added to a model only must be listed in its
    behaviour's FROM_MODEL (softtargets.behaviour), or this fails."""
    seen: set[type] = set()
    for record, model in pairs:
        if type(record) in seen:
            continue
        seen.add(type(record))
        for name in dir(type(model)):
            if name.startswith("_") or (name in dir(BaseModel) and not name.startswith("model_")):
                continue  # private, or pydantic's deprecated v1 API
            if name in ("model_fields", "model_computed_fields"):
                continue  # read from the class (below), as pydantic asks
            got, want = getattr(record, name), getattr(model, name)
            if callable(want):
                assert callable(got), name
            else:
                assert got == want, name
        assert type(record).model_fields == type(model).model_fields


def test_record_methods_answer_as_the_models_do(pairs: list[tuple[Any, Any]]) -> None:
    for record, model in pairs:
        for lang in ("en", "nl", "fr"):
            for field in type(model).TRANSLATED if hasattr(model, "TRANSLATED") else ():
                assert record.translated(field, lang) == model.translated(field, lang)
            if hasattr(model, "label"):
                assert record.label(lang) == model.label(lang)
            if hasattr(model, "alt_labels"):
                assert record.alt_labels(lang) == model.alt_labels(lang)
        if isinstance(model, st.Term):
            assert record.texts() == model.texts()
        if isinstance(model, st.Relation):
            assert record.key == model.key
        if isinstance(model, st.Incident):
            assert record.to_source() == model.to_source()
            assert [record.values(f) for f in st.Facet] == [model.values(f) for f in st.Facet]
        assert record.model_dump() == model.model_dump()
        assert record.model_dump_json() == model.model_dump_json()
        assert record.model_fields_set == model.model_fields_set


def test_records_pickle_and_copy_to_equal_objects(pairs: list[tuple[Any, Any]]) -> None:
    for record, model in pairs[::7]:
        assert pickle.loads(pickle.dumps(record)) == model
        assert copy.copy(record) == model and copy.deepcopy(record) == model
        assert record.model_copy(update={}) == model


def test_records_are_frozen(pairs: list[tuple[Any, Any]]) -> None:
    record = pairs[0][0]
    with pytest.raises(ValidationError):
        record.id = "x"
    with pytest.raises(ValidationError):
        del record.id
    assert record.model() is record.model() and as_model(record) is record.model()
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        record.nothing  # noqa: B018 - the attribute error is the point


def test_pydantic_models_that_hold_records_validate_and_serialise() -> None:
    """A record given where a model field wants its model: validated as that model (it is an
    instance of it) and serialised as the model would be."""
    tax = st.load()
    term, relation = tax.term("museum"), tax.relations()[0]

    class Holder(BaseModel):
        term: models.Term
        relations: tuple[models.Relation, ...]

    held = Holder(term=term, relations=(relation,))
    expected = Holder(term=term.model(), relations=(relation.model(),))
    assert held == expected
    assert held.model_dump() == expected.model_dump()
    assert held.model_dump_json() == expected.model_dump_json()
    adapter = TypeAdapter(tuple[models.Term, ...])
    assert adapter.dump_json(tax.terms()) == adapter.dump_json(tuple(t.model() for t in tax.terms()))
    why = tax.explain(("museum", "lone_actor", "jihadism", "firearms"))
    assert why.model_dump_json()  # an explanation holds relations of the built-in data


def test_an_extended_taxonomy_mixes_records_and_models_alike() -> None:
    ext = st.Extension(
        name="records-test",
        version="1",
        namespace="rt",
        terms=[
            st.TermSpec(
                id="rt.pier",
                facet="target",
                label_en="pier",
                label_nl="pier",
                label_fr="jetée",
                definition="A pier.",
                broader="beach_promenade",
                sources=["study-summary"],
            )
        ],
    )
    tax = st.load().extend(ext)
    pier, beach = tax.term("rt.pier"), tax.term("beach_promenade")
    assert not isinstance(pier, Record) and isinstance(beach, Record)
    assert isinstance(pier, st.Term) and isinstance(beach, st.Term)
    assert tax.ancestors("rt.pier")[0] == beach
    assert st.read(tax.export("json"), "json") == tax


@pytest.mark.parametrize("fields", [("id", "model"), ("id", "_set"), ("id", "label"), ("id", "not an id"), ("a", "a")])
def test_a_record_class_refuses_field_names_that_would_hide_its_own(fields: tuple[str, ...]) -> None:
    from softtargets.records import record_type

    with pytest.raises(ValueError, match="field names a record cannot hold"):
        record_type("Term", fields)
