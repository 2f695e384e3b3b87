"""Trust at the boundaries: hostile files, size limits, wrong argument types, and nothing
fetched. One test per defect found in review, and a fuzz test over every public method of
``Taxonomy``: only documented errors come out."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ANY
from hypothesis import given
from hypothesis import strategies as st_

import softtargets as st
from softtargets.errors import ArgumentTypeError, InputLimitError, OutputError

BASE = st.load()


# ---------------------------------------------------------------- nothing is fetched


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP listener on the loopback that records every connection it receives."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            seen.append(conn.recv(1024) or b"(connected)")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", seen
    stop.set()
    thread.join(2)
    server.close()


def _jsonld(context: object) -> str:
    pytest.importorskip("rdflib")
    doc = json.loads(BASE.export("json-ld"))
    if isinstance(doc, dict):
        doc["@context"] = context
    else:
        doc = {"@context": context, "@graph": doc}
    return json.dumps(doc)


@pytest.mark.parametrize(
    "make",
    [
        lambda url: url + "/context.jsonld",
        lambda url: [url + "/context.jsonld"],
        lambda url: {"@import": url + "/context.jsonld"},
        lambda url: "file:///etc/passwd",
        lambda url: "context.jsonld",
    ],
    ids=["remote", "remote-in-list", "import", "file-url", "relative-path"],
)
def test_jsonld_never_fetches_a_context(make: Callable[[str], object], listener: tuple[str, list[bytes]]) -> None:
    url, seen = listener
    with pytest.raises(st.DataError, match="only inline JSON-LD contexts"):
        st.read(_jsonld(make(url)), "json-ld")
    assert seen == []


def test_graphml_with_a_dtd_or_entities_is_refused(tmp_path: Path) -> None:
    text = BASE.export("graphml")
    evil = text.replace("<graphml", '<!DOCTYPE graphml [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<graphml', 1)
    with pytest.raises(st.DataError, match="DOCTYPE declaration"):
        st.read(evil, "graphml")


# ---------------------------------------------------------------- bounded reading


def _peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    with contextlib.suppress(st.SofttargetsError):
        fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.fixture
def endless(tmp_path: Path) -> Iterator[Path]:
    """A path that reads forever: a symlink to /dev/zero."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    link = tmp_path / "endless.toml"
    link.symlink_to("/dev/zero")
    yield link


def test_an_endless_extension_file_stops_at_the_limit(endless: Path) -> None:
    with pytest.raises(st.ExtensionError, match=f"the limit is {1000:,}"):
        st.Extension.from_file(endless, max_bytes=1000)
    assert _peak(lambda: st.Extension.from_file(endless)) < 50 * 2**20


def test_an_endless_source_for_read_stops_at_the_limit(endless: Path) -> None:
    target = endless.with_suffix(".json")
    endless.rename(target)
    with pytest.raises(InputLimitError, match="the limit is"):
        st.read(target, "json", max_bytes=4096)
    with open(target, "rb") as stream, pytest.raises(InputLimitError):
        st.read(stream, "json", max_bytes=4096)
    assert _peak(lambda: st.read(target, "json")) < 50 * 2**20


def test_a_fifo_is_bounded_too(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)

    def write() -> None:
        try:
            with open(fifo, "wb") as out:
                while True:
                    out.write(b"[" * 65536)
        except (BrokenPipeError, OSError):
            return

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    with pytest.raises(InputLimitError, match="the limit is"):
        st.read(fifo, "json", max_bytes=100_000)
    writer.join(5)


def test_a_large_sparse_file_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as out:
        out.truncate(300 * 2**20)  # 300 MB, sparse: no disk used
    assert _peak(lambda: st.read(big, "json")) < 50 * 2**20
    with pytest.raises(InputLimitError):
        st.read(big, "json")


def test_undecodable_bytes_are_a_data_error() -> None:
    with pytest.raises(st.DataError, match="not UTF-8"):
        st.read(b"\xff", "json")


def test_yaml_errors_are_wrapped_once(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    path = tmp_path / "y.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(st.ExtensionError) as info:
        st.Extension.from_file(path)
    assert str(info.value).count("problem") == 1
    assert "not valid YAML" in str(info.value)


# ---------------------------------------------------------------- extensions


def _documented(sources: tuple[str, ...], incidents: tuple[st.Incident, ...] = ()) -> st.Extension:
    return st.Extension(
        name="doc",
        version="1",
        namespace="doc",
        incidents=incidents,
        relations=[
            st.RelationSpec(
                kind="threatens",
                subject="drone",
                object="synagogue",
                strength="documented",
                sources=sources,
                note="Claimed to rest on incidents.",
            )
        ],
    )


def test_a_documented_relation_must_cite_an_instantiating_incident() -> None:
    problems = BASE.check(_documented(("cisa-stcp",)))
    assert [p.loc for p in problems] == [("relation", 0, "strength")]
    assert "cites no incident" in problems[0].message
    # an incident that has nothing to do with the relation does not count either
    assert BASE.check(_documented(("nice-2016-07-14",)))
    incident = st.Incident(
        id="doc-2030-01-01",
        name="A synthetic drone incident",
        date=dt.date(2030, 1, 1),
        targets=("synagogue",),
        modi_operandi=("drone",),
        urls=("https://example.org/doc",),
        note="Test data.",
    )
    assert BASE.check(_documented(("doc-2030-01-01",), (incident,))) == ()


def test_long_chains_check_and_extend() -> None:
    depth = 3000  # timing lives in the benchmark (10,000 deep); here: correct, no recursion limit
    terms = [
        st.TermSpec(
            id=f"deep.t{i}",
            facet="target",
            broader="event_ground" if i == 0 else f"deep.t{i - 1}",
            label_en=f"deep {i}",
            label_nl=f"diep {i}",
            definition="Deep.",
            sources=("cisa-stcp",),
        )
        for i in range(depth)
    ]
    ext = st.Extension(name="deep", version="1", namespace="deep", terms=terms)
    big = BASE.extend(ext)
    assert len(big.ancestors(f"deep.t{depth - 1}")) == depth
    looped = ext.model_copy(
        update={"terms": (terms[0].model_copy(update={"broader": f"deep.t{depth - 1}"}), *terms[1:])}
    )
    cycles = [p for p in BASE.check(looped) if "cycle" in p.message]
    assert len(cycles) == depth  # every term on the cycle, each once


class Season(st.TermEnum):
    WINTER = "season.winter"

    @classmethod
    def facet(cls) -> st.Facet:
        return "season.time"  # type: ignore[return-value]  # a new facet is no Facet member


def test_an_enum_for_a_new_facet_works_everywhere() -> None:
    from conftest import season_extension

    ext = season_extension().model_copy(update={"enums": (Season,)})
    tax = BASE.extend(ext)
    assert tax.term(Season.WINTER).id == "season.winter"
    found = tax.scenarios(target="christmas_market", **{"season.time": Season.WINTER})
    scenario = next(iter(found))
    assert Season.WINTER in scenario and scenario in found
    assert tax.explain(scenario).plausible


# ---------------------------------------------------------------- wrong types


CALLS: list[tuple[str, Callable[[], object]]] = [
    ("source", lambda: BASE.source(123)),  # type: ignore[arg-type]
    ("incident", lambda: BASE.incident([])),  # type: ignore[arg-type]
    ("relations kind", lambda: BASE.relations(kind=["threatens"])),  # type: ignore[arg-type]
    ("relations strength", lambda: BASE.relations(strength=[1])),  # type: ignore[arg-type]
    ("relations facet", lambda: BASE.relations(facet=3)),  # type: ignore[arg-type]
    ("incidents since", lambda: BASE.incidents(since="2016-01-01")),  # type: ignore[arg-type]
    ("incidents country", lambda: BASE.incidents(country=5)),  # type: ignore[arg-type]
    ("incidents outcome", lambda: BASE.incidents(outcome=[1])),  # type: ignore[list-item]
    ("check", lambda: BASE.check(None)),  # type: ignore[arg-type]
    ("export fmt", lambda: BASE.export(None)),  # type: ignore[arg-type]
    ("export path", lambda: BASE.export("json", 5)),  # type: ignore[arg-type]
    ("load", lambda: st.load(plugins=None)),  # type: ignore[arg-type]
    ("load names", lambda: st.load(plugins=[1])),  # type: ignore[list-item]
    ("scenarios strength", lambda: BASE.scenarios(min_strength=2)),  # type: ignore[arg-type]
    ("terms facet", lambda: BASE.terms(7)),  # type: ignore[arg-type]
    ("read fmt", lambda: st.read("{}", None)),  # type: ignore[arg-type]
    ("read source", lambda: st.read(12, "json")),  # type: ignore[arg-type]
    ("term", lambda: BASE.term(3.5)),  # type: ignore[arg-type]
]


@pytest.mark.parametrize("call", [c for _, c in CALLS], ids=[n for n, _ in CALLS])
def test_wrong_argument_types_raise_a_documented_type_error(call: Callable[[], object]) -> None:
    with pytest.raises(ArgumentTypeError) as info:
        call()
    assert isinstance(info.value, TypeError) and "expected" in str(info.value)


def test_extension_built_in_python_raises_extension_error() -> None:
    with pytest.raises(st.ExtensionError) as info:
        st.Extension(name=1, version="1", namespace="x")  # type: ignore[arg-type]
    assert info.value.problems[0].loc == ("name",)


@pytest.mark.parametrize("value", [123, None, [], 3.5, b"museum", object()])
def test_get_returns_none_for_anything_it_cannot_look_up(value: Any) -> None:
    assert BASE.get(value) is None


def test_export_to_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        BASE.export("json", tmp_path / "missing" / "x.json")


def test_huge_lookup_text_is_refused_quickly_and_not_echoed() -> None:
    text = "m" * 10_000_000
    with pytest.raises(st.UnknownTermError) as info:
        BASE.term(text)
    assert len(str(info.value)) < 300


def test_the_graph_cannot_be_replaced() -> None:
    graph = BASE.graph
    with pytest.raises(st.ImmutableError):
        graph.graph = {"name": "changed"}  # type: ignore[misc]
    with pytest.raises(st.ImmutableError):
        del graph.graph
    assert st.load().graph.graph["name"] == "softtargets taxonomy"
    copy = graph.copy()
    copy.graph["name"] = "mine"
    copy.add_node("x")
    assert st.load().graph.graph["name"] == "softtargets taxonomy" and "x" not in st.load().graph


# ---------------------------------------------------------------- fuzz: every public method


METHODS: dict[str, Callable[..., object]] = {
    "term": BASE.term,
    "get": BASE.get,
    "terms": BASE.terms,
    "facet": BASE.facet,
    "ancestors": BASE.ancestors,
    "narrower": BASE.narrower,
    "source": BASE.source,
    "incident": BASE.incident,
    "incidents": lambda v: BASE.incidents(target=v),
    "evidence": BASE.evidence,
    "relations": lambda v: BASE.relations(kind=v),
    "relations_term": lambda v: BASE.relations(term=v),
    "scenarios": lambda v: BASE.scenarios(motive=v),
    "diffuseness": lambda v: BASE.diffuseness(min_strength=v),
    "is_plausible": BASE.is_plausible,
    "explain": BASE.explain,
    "extend": BASE.extend,
    "check": BASE.check,
    "export": BASE.export,
    "read_json": lambda v: st.read(v, "json"),
    "read_fmt": lambda v: st.read("{}", v),
    "load": st.load,
}


@pytest.mark.parametrize("name", sorted(METHODS))
@given(value=st_.one_of(ANY, st_.text(alphabet=st_.characters(), max_size=50)))
def test_every_public_method_raises_only_documented_errors(name: str, value: object) -> None:
    try:
        METHODS[name](value)
    except st.SofttargetsError:
        pass
    except RecursionError:  # pragma: no cover - a nested input deeper than Python allows
        pytest.fail("recursion")
