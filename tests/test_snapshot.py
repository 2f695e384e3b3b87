"""The generated snapshot of the built-in data: equal to a fresh parse of the TOML files, read
back as the very same records, and cheap to load (no TOML, no validation, no networkx)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import subprocess
import sys
from pathlib import Path

import pytest

import softtargets as st
from softtargets import snapshot
from softtargets.loader import Bundle, load_builtin, parse_builtin
from softtargets.models import Source

REGENERATE = "PYTHONPATH=src python scripts/make_snapshot.py"
SNAPSHOT = Path(snapshot.__file__).parent / "data" / snapshot.SNAPSHOT


@pytest.fixture(scope="module")
def parsed() -> Bundle:
    return parse_builtin()


@pytest.fixture(scope="module")
def loaded() -> Bundle:
    return load_builtin()


def _tables(bundle: Bundle) -> dict[str, tuple[object, ...]]:
    return {f.name: getattr(bundle, f.name) for f in dataclasses.fields(bundle)}


def test_snapshot_is_generated_from_the_toml_files(parsed: Bundle) -> None:
    expected = snapshot.encode(_tables(parsed))
    assert SNAPSHOT.read_text(encoding="utf-8") == expected, (
        f"{SNAPSHOT.name} is out of date with the TOML data files (or was edited by hand); "
        f"regenerate it from the repository root with: {REGENERATE}"
    )


def test_snapshot_covers_every_table_of_a_bundle() -> None:
    assert list(snapshot.TABLES) == [f.name for f in dataclasses.fields(Bundle)]


def test_loaded_records_equal_validated_ones(parsed: Bundle, loaded: Bundle) -> None:
    for table, records in _tables(parsed).items():
        assert getattr(loaded, table) == records, f"{table}: regenerate with {REGENERATE}"


def _same(a: object, b: object, where: str) -> None:
    # a light record's __class__ is its model (softtargets.records)
    assert a.__class__ is b.__class__, f"{where}: {a.__class__.__name__} != {b.__class__.__name__}"
    if isinstance(a, tuple):
        assert len(a) == len(b), where  # type: ignore[arg-type]
        for n, (x, y) in enumerate(zip(a, b, strict=True)):  # type: ignore[call-overload]
            _same(x, y, f"{where}[{n}]")
    elif isinstance(a, st.Source | st.Term):
        _record(a, b, where)
    else:
        assert a == b, where


def _record(a: object, b: object, where: str) -> None:
    assert a.__class__ is b.__class__, where
    assert a.model_fields_set == b.model_fields_set, where  # type: ignore[attr-defined]
    for name in type(a).model_fields:  # type: ignore[attr-defined]
        _same(getattr(a, name), getattr(b, name), f"{where}.{name}")


def test_loaded_records_have_the_validated_types(parsed: Bundle, loaded: Bundle) -> None:
    """Enum members, dates, tuples and nested ``Source`` objects, field by field; the same
    fields count as set (``model_dump(exclude_unset=True)`` agrees)."""
    for table, records in _tables(parsed).items():
        for n, (want, got) in enumerate(zip(records, getattr(loaded, table), strict=True)):
            _record(want, got, f"{table}[{n}]")
            assert hash(want) == hash(got)
            assert got.model_dump(exclude_unset=True) == want.model_dump(exclude_unset=True)


def test_loaded_values_are_of_the_expected_kinds(loaded: Bundle) -> None:
    source = next(s for s in loaded.sources if s.date is not None)
    assert type(source.date) is dt.date and isinstance(source.kind, enum.Enum)
    relation = loaded.relations[0]
    assert isinstance(relation.strength, st.Strength) and type(relation.sources) is tuple
    assert all(s.__class__ is Source and isinstance(s, Source) for s in relation.sources)
    incident = loaded.incidents[0]
    assert isinstance(incident.outcome, st.Outcome) and type(incident.urls) is tuple


def test_nested_sources_are_shared_with_the_catalogue(loaded: Bundle) -> None:
    catalogue = {s.id: s for s in loaded.sources}
    assert all(s is catalogue[s.id] for t in loaded.terms for s in t.sources)


def test_taxonomy_from_snapshot_equals_one_from_the_toml_files(parsed: Bundle) -> None:
    assert st.load() == st.Taxonomy(parsed)


def test_decode_refuses_another_format() -> None:
    with pytest.raises(ValueError, match="format"):
        snapshot.decode(json.dumps({"format": snapshot.FORMAT + 1}))
    with pytest.raises(ValueError, match="format"):
        snapshot.decode("[]")


def _fresh(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_load_parses_no_toml_and_imports_no_networkx() -> None:
    code = (
        "import sys, softtargets as st; st.load(); "
        "print(sorted(m for m in ('tomllib', 'networkx', 'pandas', 'rdflib', 'stix2', 'matplotlib') "
        "if m in sys.modules))"
    )
    assert _fresh(code) == "[]"


def test_load_and_queries_import_no_pydantic() -> None:
    """Loading, looking up, querying, labelling, counting and finding evidence run on the light
    records: nothing is validated, and pydantic is not even imported."""
    code = (
        "import sys, softtargets as st; tax = st.load(); t = tax.term('voetbalstadion'); "
        "found = tax.scenarios(target=t.id, motive='jihadism'); n = len(found); rows = list(found); "
        "found.count_by('modus_operandi'); t.label('nl'); t.alt_labels('fr'); t.texts(); str(t); "
        "tax.relations(term=t.id)[0].translated('note', 'fr'); tax.is_plausible(rows[0]); "
        "tax.evidence(tax.relations(term=t.id)[0]); tax.incidents(target=t.id)[0].values('target'); "
        "tax.ancestors('christmas_market'); isinstance(t, str); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))"
    )
    assert _fresh(code) == "[]"


def test_load_validates_nothing() -> None:
    """Once pydantic is in use, the built-in records still have validated nothing."""
    code = (
        "import softtargets as st; from softtargets import models, snapshot; st.load().term('museum').model(); "
        "print([m for m in snapshot.TABLES.values() "
        "if not type(getattr(models, m).__pydantic_validator__).__name__.startswith('Mock')])"
    )
    assert _fresh(code) == "[]"


def test_graph_still_builds_after_a_snapshot_load() -> None:
    code = (
        "import sys, softtargets as st; tax = st.load(); n = tax.graph.number_of_nodes(); "
        "print('networkx' in sys.modules, n > 0)"
    )
    assert _fresh(code) == "True True"


def test_message_catalogue_json_is_generated_from_the_toml_file() -> None:
    """``language`` reads ``data/messages.json``; it must equal ``data/messages.toml``."""
    import tomllib

    from softtargets.language import CATALOGUE

    folder = SNAPSHOT.parent
    toml = tomllib.loads((folder / "messages.toml").read_text(encoding="utf-8"))
    assert json.loads((folder / CATALOGUE).read_text(encoding="utf-8")) == toml, (
        f"{CATALOGUE} is out of date with messages.toml; regenerate it with: {REGENERATE}"
    )
