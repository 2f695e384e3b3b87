"""The shape of the code: one-way layers, small modules, no hand walks of the hierarchy, no
reaching into other modules' private names, errors that travel, and results that remember
the taxonomy they came from."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import season_extension

import softtargets as st
from softtargets import errors, views
from softtargets.errors import Problem

SRC = Path(__file__).resolve().parents[1] / "src" / "softtargets"
CORE = (
    "facets",
    "language",
    "models",
    "loader",
    "snapshot",
    "behaviour",
    "records",
    "bundle",
    "packaged",
    "answers",
    "index",
    "validate",
    "compile",
    "engine",
    "evidence",
    "circumstances",
    "scenarios",
    "taxonomy",
    "extension",
    "document",
    "graph",
    "errors",
    "cache",
    "limits",
    "views",
    "_text",
    "_files",
    "_frozen",
    "_lazy",
)
OUTER = (
    "display",
    "formatting",
    "frames",
    "plot",
    "interop",
    "pps",
    "crosswalk",
    "gtd",
    "cli",
    "console",
    "assess",
    "analytics",
    "wording",
)


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """The softtargets modules ``path`` imports at run time (TYPE_CHECKING blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = path.relative_to(SRC).parent.parts[: len(path.relative_to(SRC).parent.parts) - node.level + 1]
                module = ".".join((*base, node.module)) if node.module else ".".join(base)
                names = [module] if node.module else [*(f"{module}.{a.name}".strip(".") for a in node.names)]
                found.update(n.strip(".") for n in names)
            elif node.module and node.module.startswith("softtargets"):
                found.add(node.module.removeprefix("softtargets").strip("."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_core_imports_nothing_from_the_outer_modules() -> None:
    for name in CORE:
        path = SRC / f"{name}.py"
        assert path.exists(), name
        outer = {m for m in _imports(path) if m.split(".")[0] in OUTER}
        assert not outer, f"core module {name} imports {sorted(outer)}"


def test_every_module_is_core_or_outer() -> None:
    """A new module must be placed in a layer (and so checked by the test above)."""
    for path in _modules():
        top = path.relative_to(SRC).parts[0].removesuffix(".py")
        assert top in (*CORE, *OUTER, "__init__", "__main__"), f"{path.name}: add it to CORE or OUTER"


def test_import_cycles_tool_reports_none() -> None:
    tool = SRC.parents[2] / "shared" / "tools" / "import_cycles.py"
    if not tool.exists():
        pytest.skip("../shared/tools/import_cycles.py is not beside the project")
    out = subprocess.run([sys.executable, str(tool)], cwd=SRC.parents[1], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1].startswith("0 import cycles"), out.stdout


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_over_500_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 500


def _mentions_broader(node: ast.AST) -> bool:
    return any(
        (isinstance(n, ast.Attribute) and n.attr == "broader") or (isinstance(n, ast.Name) and "broader" in n.id)
        for n in ast.walk(node)
    )


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_hand_walk_of_the_hierarchy(path: Path) -> None:
    """Only the validator follows ``broader`` in a loop (it must, to find cycles); everything
    else asks ``Taxonomy.ancestors`` / ``narrower`` (or the index)."""
    if path.name == "validate.py":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    walks = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.While) and _mentions_broader(n)]
    assert not walks, f"{path.name} walks broader by hand at lines {walks}"


# networkx hands out its internal dicts; graph.py swaps them for read-only ones on purpose.
# answers.py sets the private attribute of the result models it defines.
_ALLOWED_PRIVATE = {("graph.py", "_node"), ("graph.py", "_adj"), ("graph.py", "_pred"), ("answers.py", "_taxonomy")}


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_reaches_into_private_names(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            if (path.name, node.attr) not in _ALLOWED_PRIVATE:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.ImportFrom) and node.module and not node.module.startswith("_"):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.startswith("_")]
    assert not found, found


def _error_classes() -> list[type[errors.SofttargetsError]]:
    out: list[type[errors.SofttargetsError]] = []
    todo: list[type[errors.SofttargetsError]] = [errors.SofttargetsError]
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo += cls.__subclasses__()
    return out


_SAMPLES: dict[str, errors.SofttargetsError] = {
    "SofttargetsError": errors.SofttargetsError("something went wrong"),
    "UnknownTermError": errors.UnknownTermError(
        "voetbalstadoin", ["football_stadium"], facet="target", context="filter", hints=["football_stadium (x / y)"]
    ),
    "AmbiguousTermError": errors.AmbiguousTermError("x", [("target", "x"), ("motive", "x")]),
    "UnknownValueError": errors.UnknownValueError("language", "de", ["en", "nl"]),
    "FacetMismatchError": errors.FacetMismatchError("a motive term, not a target term"),
    "FilterTypeError": errors.FilterTypeError("expected a term"),
    "DataError": errors.DataError("terms.toml", [Problem(("term", 3, "broader"), "unknown term", "terms.toml", 9)]),
    "ExtensionError": errors.ExtensionError("x.toml", ["plain message", Problem(("name",), "missing")]),
    "MissingExtraError": errors.MissingExtraError("pandas", "pandas", "DataFrames"),
    "ImmutableError": errors.ImmutableError("a Taxonomy is immutable"),
    "InputLimitError": errors.InputLimitError("big.toml", "more than 10 bytes; the limit is 10"),
    "ArgumentTypeError": errors.ArgumentTypeError("source_id: expected a str, got int 123"),
    "OutputError": errors.OutputError("/no/such/folder/x.json", "No such file or directory"),
}


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda c: c.__name__)
def test_every_error_class_pickles(cls: type[errors.SofttargetsError]) -> None:
    assert cls.__name__ in _SAMPLES, f"add a sample of {cls.__name__} to _SAMPLES"
    err = _SAMPLES[cls.__name__]
    assert type(err) is cls
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert str(back) == str(err)
    assert back.args == err.args
    assert vars(back) == vars(err)


def test_unknown_term_message_is_not_wrapped_twice() -> None:
    err = errors.UnknownTermError("x", ["y"])
    assert str(err) == "unknown term 'x'; did you mean y?"
    assert str(pickle.loads(pickle.dumps(err))) == str(err)


def test_problems_are_structured() -> None:
    term = st.TermSpec(
        id="nope.x", facet="target", label_en="x", label_nl="x", definition="X.", sources=["no-such-source"]
    )
    bad = season_extension().model_copy(update={"terms": (term,), "relations": ()})
    with pytest.raises(st.ExtensionError) as info:
        st.load().extend(bad)
    problems = info.value.problems
    assert all(isinstance(p, Problem) for p in problems)
    locs = {p.loc for p in problems}
    assert ("term", 0, "id") in locs and ("term", 0, "sources", 0) in locs
    assert all(p.message and p.message not in ("", str(p.loc)) for p in problems)
    assert str(problems[0]).endswith(problems[0].message)


def test_views_refuse_a_second_implementation() -> None:
    class Thing:
        pass

    @views.register("html", Thing)
    def first(obj: Thing, lang: str | None = None) -> str:
        return "first"

    with pytest.raises(ValueError, match="already registered"):

        @views.register("html", Thing)
        def second(obj: Thing, lang: str | None = None) -> str:
            return "second"

    assert views.render("html", Thing()) == "first"
    with pytest.raises(st.UnknownValueError, match="object for the html view"):
        views.render("html", object())


@pytest.fixture(scope="module")
def extended() -> st.Taxonomy:
    """The built-in taxonomy with a new facet and a new relation kind."""
    return st.load().extend(season_extension())


def test_displays_use_the_taxonomy_of_the_result(extended: st.Taxonomy) -> None:
    from softtargets import display

    scenario = next(iter(extended.scenarios(target="christmas_market", modus_operandi="vehicle_ramming")))
    why = extended.explain(scenario)
    assert why.taxonomy is extended
    html = display.to_html(why, lang="nl")
    assert "vindt plaats in" in html  # the extension's kind, by its Dutch label
    assert "winter" in html and "season.occurs_in" not in html
    assert display.to_html(extended.diffuseness(target="christmas_market"), lang="nl").count("seizoen") == 1
    assert extended.scenarios(target="christmas_market").to_html(lang="nl").count("seizoen") >= 1


def test_json_export_of_an_extended_taxonomy_reads_back(extended: st.Taxonomy) -> None:
    back = st.read(extended.export("json"), "json")
    assert back == extended
    assert back.facet("season.time").label_nl == "seizoen"


def test_formats_have_one_source() -> None:
    from softtargets import interop

    assert tuple(interop.REGISTRY) == interop.FORMATS
    assert set(interop.READABLE) < set(interop.FORMATS)
    readme = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `") and "reads back" not in line]
    named = {name.strip("`, ") for line in table for name in line.split("|")[1].split(",")}
    assert set(interop.FORMATS) <= named


def test_display_speaks_every_supported_language() -> None:
    from softtargets import display

    for lang in st.Lang:
        assert display.words(lang.value), lang
    with pytest.raises(st.UnknownValueError, match="valid: en, nl"):
        display.set_language("de")
    with pytest.raises(st.UnknownValueError):
        st.load().term("museum").label("de")


def test_incident_fields_cover_the_builtin_facets() -> None:
    from softtargets.models import INCIDENT_FIELDS

    assert set(INCIDENT_FIELDS) == {f.value for f in st.Facet}
    nice = st.load().incident("nice-2016-07-14")
    assert nice.values("modus_operandi") == nice.modi_operandi
    assert nice.values("season.time") == ()


@pytest.mark.parametrize("path", sorted(Path(__file__).parent.glob("test_*.py")), ids=lambda p: p.name)
def test_no_test_reads_a_clock(path: Path) -> None:
    """Speed is measured in the benchmarks (ratios in one run), never asserted in a test: a
    timed test fails on a busy machine. A test checks the structure that makes code fast
    instead (which modules load, which path runs, that fuzzy matching never sees a huge text)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    clocks = {"perf_counter", "perf_counter_ns", "process_time", "monotonic", "time", "timeit", "repeat"}
    found = [
        f"{node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in clocks
        and isinstance(node.value, ast.Name)
        and node.value.id in ("time", "timeit")
    ]
    assert not found, f"{path.name} reads a clock: {found}"
