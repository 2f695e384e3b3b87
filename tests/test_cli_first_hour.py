"""What a new user meets in the first hour: --version, options in any place, forgiving
dates and languages, help texts, JSON that says null, ids that can be copied."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import softtargets as st
from softtargets.cli import main
from softtargets.cli.parser import build_parser


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"softtargets {st.__version__}\n")
    done = subprocess.run([sys.executable, "-m", "softtargets", "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, f"softtargets {st.__version__}")


EXTENSION = str(Path(__file__).parent.parent / "examples" / "extension.toml")


@pytest.mark.parametrize(
    "option",
    [["--lang", "nl"], ["--format", "json"], ["--format", "csv"], ["--extension", EXTENSION], ["--plugins"]],
)
def test_common_options_before_or_after_the_command(capsys: pytest.CaptureFixture[str], option: list[str]) -> None:
    before = run(capsys, *option, "threat", "kerstmarkt")
    after = run(capsys, "threat", "kerstmarkt", *option)
    assert before == after and before[0] == 0


def test_extension_files_before_and_after_are_all_applied() -> None:
    args = build_parser().parse_args(["--extension", "a.toml", "terms", "--extension", "b.toml"])
    assert args.extension == ["a.toml", "b.toml"] and not hasattr(args, "extension_after")
    assert (args.format, args.format_given, args.lang, args.plugins) == ("table", False, "en", False)


@pytest.mark.parametrize("lang", ["NL", "Nl", "nl"])
def test_lang_in_any_case(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    assert run(capsys, "--lang", lang, "term", "kerstmarkt") == run(capsys, "term", "kerstmarkt", "--lang", "nl")


def test_unknown_lang_lists_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "terms", "--lang", "de")
    assert code == 2 and out == ""
    assert all(repr(lang.value) in err.splitlines()[-1] for lang in st.Lang)


def test_every_argument_has_a_help_text() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert [(name, a.dest) for name, sub in commands.items() for a in sub._actions if not a.help] == []


def test_min_strength_and_validate_file_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "scenarios", "--help")[1].count("documented") >= 1
    code, out, _ = run(capsys, "validate", "--help")
    assert code == 0 and "an extension file" in out


def _dates(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    code, out, err = run(capsys, "incidents", "--format", "json", *argv)
    assert code == 0, err
    return [i["date"] for i in json.loads(out)]


def test_since_and_until_take_a_year_or_a_month(capsys: pytest.CaptureFixture[str]) -> None:
    every = _dates(capsys)
    assert _dates(capsys, "--since", "2016") == [d for d in every if d >= "2016-01-01"]
    assert _dates(capsys, "--since", "2016-07") == [d for d in every if d >= "2016-07-01"]
    assert _dates(capsys, "--since", "2016-07-14") == [d for d in every if d >= "2016-07-14"]
    assert _dates(capsys, "--until", "2016") == [d for d in every if d <= "2016-12-31"]
    assert _dates(capsys, "--until", "2016-02") == [d for d in every if d <= "2016-02-29"]
    assert _dates(capsys, "--since", "2016", "--until", "2016") == [d for d in every if d[:4] == "2016"]


@pytest.mark.parametrize("bad", ["20", "2020-13", "2020-02-30", "yesterday", "2020/06"])
def test_a_bad_date_says_which_forms_are_accepted(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    for option in ("--since", "--until"):
        code, _, err = run(capsys, "incidents", option, bad)
        assert code == 2 and "YYYY, YYYY-MM or YYYY-MM-DD" in err and "isoformat" not in err


def test_country_help_lists_the_countries_in_the_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "incidents", "--help")
    countries = sorted({i.country for i in st.load().incidents() if i.country})
    assert code == 0 and len(countries) > 5
    assert ", ".join(countries) in " ".join(out.split())


def _strings(value: object) -> list[object]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value]


@pytest.mark.parametrize(
    "argv",
    [
        ["terms"],
        ["term", "kerstmarkt"],
        ["scenarios", "--target", "museum"],
        ["explain", "museum", "lone_actor", "jihadism", "vehicle_ramming"],
        ["explain", "christmas_market", "lone_actor", "jihadism", "vehicle_ramming"],
        ["diffuseness"],
        ["threat", "kerstmarkt"],
        ["incidents"],
        ["evidence", "christmas_market", "organisation", "jihadism", "vehicle_ramming"],
        ["cases"],
        ["coverage", "arena"],
    ],
)
def test_json_says_null_for_absent_values(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    values = _strings(json.loads(out))
    assert values and "" not in values


def test_threat_json_has_what_the_table_shows(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "threat", "kerstmarkt", "--format", "json")
    summary = json.loads(out)
    _, table, _ = run(capsys, "threat", "kerstmarkt")
    assert code == 0 and summary["target"] == "christmas_market"
    assert f"{summary['scenarios']} plausible scenarios out of {summary['product']} combinations" in table
    assert f"{summary['documented']} of them rest only on documented relations" in table
    assert summary["documented_share"] == pytest.approx(summary["documented"] / summary["scenarios"], abs=1e-6)
    for facet, value in summary["entropy"].items():
        assert f"spread {value:.2f}" in table
        assert sum(summary["counts"][facet].values()) == summary["scenarios"]
    assert "spread: 0 = all in one category, 1 = evenly spread" in table
    assert len(summary["scenario_list"]) == summary["scenarios"]
    documented = [r for r in summary["scenario_list"] if r["strength"] == "documented"]
    assert len(documented) == summary["documented"]  # the split, per scenario
    assert {r["target"] for r in summary["scenario_list"]} == {"christmas_market"}


def test_validate_honours_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[term]]\nid = "a"\n', encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(bad), "--format", "json")
    result = json.loads(out)
    assert code == 1 and result["valid"] is False and result["problems"]
    for problem in result["problems"]:
        assert set(problem) == {"loc", "file", "line", "message"} and isinstance(problem["loc"], list)
    assert any(p["loc"] == ["term", 0, "facet"] and p["line"] == 2 for p in result["problems"])
    code, out, _ = run(capsys, "--format", "json", "validate", EXTENSION)
    result = json.loads(out)
    assert code == 0 and result["valid"] is True and result["problems"] == [] and result["terms"] >= 1


@pytest.mark.parametrize("where", ["before", "after"])
def test_export_refuses_format(capsys: pytest.CaptureFixture[str], where: str) -> None:
    argv = ["export", "json", "--format", "csv"] if where == "after" else ["--format", "csv", "export", "json"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "--format" in err


class _EntryPoint:
    def __init__(self, name: str) -> None:
        self.name = name

    def load(self) -> object:  # pragma: no cover - the hint must not load plugins
        raise AssertionError("a plugin was loaded")


def test_an_unknown_term_hints_at_installed_plugins(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.metadata

    def entry_points(group: str) -> list[_EntryPoint]:
        return [_EntryPoint("fan-zones")] if group == "softtargets.extensions" else []

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    code, _, err = run(capsys, "term", "fanzone")
    assert code == 2 and "hint: installed plugins (fan-zones) may define it: add --plugins" in err
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [])
    code, _, err = run(capsys, "term", "fanzone")
    assert code == 2 and "hint" not in err


def test_ids_are_never_cut(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "terms")
    ids = {t.id for info in st.load().facets for t in st.load().terms(info.id)}
    shown = {line.split()[1] for line in out.splitlines()[2:]}
    assert code == 0 and shown == ids and "…" not in " ".join(shown)
    assert "religious_institution" in shown


def test_term_shows_the_whole_definition_wrapped(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "term", "kerstmarkt")
    definition = st.load().term("kerstmarkt").definition
    assert code == 0 and "…" not in out and all(len(line) <= 80 for line in out.splitlines())
    assert definition.split() == " ".join(out.split()).split("definition ")[1].split(" sources ")[0].split()
