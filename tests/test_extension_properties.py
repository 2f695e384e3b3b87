"""Property tests for extensions: file round trips, the engine on extended taxonomies, and
malformed documents that may only ever raise ExtensionError."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from conftest import TEXT, RandomCase, brute_force, extensions, random_cases, scaled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_

import softtargets as st
from softtargets.loader import Bundle

BASE = st.load()


@settings(max_examples=scaled(ci=60, dev=20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extensions())
def test_extensions_round_trip_through_files(ext: st.Extension) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("toml", "json", "yaml"):
            again = st.Extension.from_file(ext.to_file(Path(tmp) / f"ext.{suffix}"))
            assert again.model_dump() == ext.model_dump(), suffix
    tax = BASE.extend(ext)
    for spec in ext.terms:
        assert tax.term(spec.label_nl, "target").id == spec.id


@st_.composite
def extended_cases(draw: st_.DrawFn) -> tuple[RandomCase, st.Extension]:
    case = draw(random_cases())
    facets = [f.id for f in case.bundle.facets]
    kinds = [(k.id, k.subject, k.object) for k in case.bundle.kinds]
    base_terms = {f: [t.id for t in case.bundle.terms if t.facet == f] for f in facets}
    terms = []
    for n in range(draw(st_.integers(1, 4))):
        facet = draw(st_.sampled_from(facets))
        pool = base_terms[facet] + [t.id for t in terms if t.facet == facet]
        terms.append(
            st.TermSpec(
                id=f"x.n{n}",
                facet=facet,
                label_en=f"x {n} en",
                label_nl=f"x {n} nl",
                definition="New.",
                broader=draw(st_.one_of(st_.none(), st_.sampled_from(pool))),
                sources=("test-source",),
            )
        )
    existing = {r.key for r in case.bundle.relations}
    relations = []
    for kind, a, b in kinds:
        subjects = base_terms[a] + [t.id for t in terms if t.facet == a]
        objects = base_terms[b] + [t.id for t in terms if t.facet == b]
        for s in subjects:
            for o in objects:
                if (kind, s, o) in existing or not (s.startswith("x.") or o.startswith("x.")):
                    continue
                strength = draw(st_.sampled_from([None, None, "plausible", "documented"]))
                if strength:
                    # documented relations between facets incidents do not classify cite an incident source
                    cited = ("test-source", "x-incident") if strength == "documented" else ("test-source",)
                    relations.append(
                        st.RelationSpec(kind=kind, subject=s, object=o, strength=strength, sources=cited, note="n")
                    )
    incident = st.Source(id="x-incident", kind="incident", citation="A synthetic incident.")
    return case, st.Extension(
        name="x", version="1", namespace="x", sources=(incident,), terms=terms, relations=relations
    )


@settings(max_examples=scaled(ci=150, dev=50), deadline=None)
@given(extended_cases())
def test_queries_on_extended_taxonomies_equal_brute_force(data: tuple[RandomCase, st.Extension]) -> None:
    case, ext = data
    tax = st.Taxonomy(case.bundle).extend(ext)
    # the merged data, through the public API
    merged = RandomCase(
        Bundle(tax.sources(), tax.facets, tax.kinds, tax.terms(), tax.relations()), case.filters, case.min_strength
    )
    assert len(merged.bundle.terms) == len(case.bundle.terms) + len(ext.terms)
    found = tax.scenarios(min_strength=case.min_strength, **case.filters)
    expected = brute_force(merged)
    assert sorted(map(tuple, found)) == sorted(expected)
    assert len(found) == len(expected)


VALID: dict[str, Any] = json.loads(
    json.dumps(st.Extension.from_file(Path(__file__).parent.parent / "examples" / "extension.toml").to_document())
)
JUNK = st_.recursive(
    st_.one_of(st_.none(), st_.booleans(), st_.integers(), st_.floats(allow_nan=False), TEXT, st_.text(max_size=5)),
    lambda inner: st_.one_of(st_.lists(inner, max_size=3), st_.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
TERM_IDS = ["museum", "fanzone.public_viewing", "nope", "fanzone.x", "", "Fan Zone", "event_ground"]


@st_.composite
def malformed(draw: st_.DrawFn) -> Any:
    doc = copy.deepcopy(VALID)
    for _ in range(draw(st_.integers(1, 4))):
        kind = draw(st_.sampled_from(["drop", "junk", "ref", "cycle", "huge", "deep", "dup"]))
        table = draw(st_.sampled_from(["term", "relation", "source"]))
        rows = doc.get(table)
        if not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
            doc[table] = draw(JUNK)
            continue
        row = rows[0]
        key = draw(st_.sampled_from(sorted(row) or ["id"]))
        if kind == "drop":
            row.pop(key, None)
        elif kind == "junk":
            row[key] = draw(JUNK)
        elif kind == "ref":
            row[draw(st_.sampled_from(["broader", "subject", "object", "facet", "kind"]))] = draw(
                st_.sampled_from(TERM_IDS)
            )
        elif kind == "cycle":
            row["broader"] = row.get("id")
        elif kind == "huge":
            row[key] = "x" * draw(st_.integers(2001, 100_000))
        elif kind == "deep":
            nested: Any = "x"
            for _ in range(draw(st_.integers(10, 300))):
                nested = [nested]
            row[key] = nested
        elif kind == "dup":
            rows.append(copy.deepcopy(row))
    return doc


@settings(max_examples=scaled(ci=300, dev=100), deadline=None)
@given(malformed())
def test_malformed_documents_raise_only_extension_error(doc: Any) -> None:
    before = (len(BASE.terms()), len(BASE.relations()), len(BASE.scenarios()))
    try:
        ext = st.Extension.from_document(doc)
        BASE.extend(ext)
    except st.ExtensionError as err:
        assert err.problems
    assert (len(BASE.terms()), len(BASE.relations()), len(BASE.scenarios())) == before
    assert st.load() is BASE


@settings(max_examples=scaled(ci=100, dev=40), deadline=None)
@given(malformed(), st_.sampled_from(["toml", "json", "yaml"]), st_.integers(0, 200), st_.binary(max_size=8))
def test_mutated_files_raise_only_extension_error(doc: Any, fmt: str, cut: int, noise: bytes) -> None:
    before = (len(BASE.terms()), len(BASE.relations()), len(BASE.scenarios()))
    data = st.Extension.from_document(VALID).dumps(fmt).encode("utf-8")  # type: ignore[arg-type]
    position = min(cut * 7, len(data))
    mutated = data[:position] + noise + data[position + len(noise) :]
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"ext.{fmt}"]
        paths[0].write_bytes(mutated)
        if isinstance(doc, dict):
            paths.append(Path(tmp) / "doc.json")
            paths[1].write_text(json.dumps(doc), encoding="utf-8")
        for path in paths:
            try:
                bigger = BASE.extend(st.Extension.from_file(path))
            except st.ExtensionError as err:
                assert err.problems
            else:  # the mutation left a valid extension: it applies as one
                assert len(bigger.terms()) >= before[0] and bigger.extensions
    assert (len(BASE.terms()), len(BASE.relations()), len(BASE.scenarios())) == before
