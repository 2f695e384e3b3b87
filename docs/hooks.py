"""MkDocs hooks: the pages that are made, not written (mkdocs.yml names this file).

- ``index.md`` and ``guide/<section>.md``: the README cut at its ``##`` headings (the
  introduction and Quickstart are the home page; every other section is a guide page, its
  headings raised one level), so the README stays the one text;
- ``changelog.md``: CHANGELOG.md as it is;
- ``cli.md``: the command-line reference, walked from ``softtargets.cli.parser.build_parser``;
- ``tour.ipynb``: examples/tour.ipynb, which mkdocs-jupyter renders as saved (never executed).

A README section without a page in mkdocs.yml's nav, or a nav page without its section, is
a warning, so ``mkdocs build --strict`` fails until the two agree. ``tests/test_docs.py``
imports ``readme_pages`` and ``cli_reference`` from here.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://github.com/softtargets/softtargets"
HOME_SECTIONS = ("Quickstart",)
"""README sections that stay on the home page, under the introduction."""

log = logging.getLogger("mkdocs.hooks.softtargets")


def slug(heading: str) -> str:
    """``"Evidence and other vocabularies"`` -> ``"evidence-and-other-vocabularies"``."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


def _sections(text: str) -> list[tuple[str, list[str]]]:
    """The README's ``##`` sections as (heading, lines); the text before the first one has
    the heading ``""``. Headings inside code blocks do not count."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            sections.append((line[3:].strip(), []))
            continue
        sections[-1][1].append(line)
    return sections


def _raise_headings(lines: list[str]) -> list[str]:
    """Every heading one level up (``###`` becomes ``##``), code blocks left alone."""
    out, fenced = [], False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        out.append(line[1:] if not fenced and line.startswith("##") else line)
    return out


def _links(text: str, depth: int) -> str:
    """Relative links of the README (written from the repository's root) made to work from a
    page ``depth`` folders deep: files under docs/ are in the site, anything else is a link to
    the repository."""

    def fix(match: re.Match[str]) -> str:
        label, target = match.group(1), match.group(2)
        if re.match(r"[a-z]+:|#", target):
            return match.group(0)
        if target.startswith("docs/"):
            return f"{label}({'../' * depth}{target.removeprefix('docs/')})"
        return f"{label}({REPOSITORY}/blob/main/{target})"

    return re.sub(r"(!?\[[^\]]*\])\(([^)\s]+)\)", fix, text)


def readme_pages(text: str) -> dict[str, str]:
    """The site's pages made from the README: ``index.md`` and one ``guide/<slug>.md`` per
    ``##`` section outside ``HOME_SECTIONS``, each starting with its heading."""
    sections = _sections(text)
    home = list(sections[0][1])
    pages: dict[str, str] = {}
    for heading, lines in sections[1:]:
        if heading in HOME_SECTIONS:
            home += [f"## {heading}", *lines]
        else:
            body = "\n".join([f"# {heading}", *_raise_headings(lines)]).strip() + "\n"
            pages[f"guide/{slug(heading)}.md"] = _links(body, 1)
    return {"index.md": _links("\n".join(home).strip() + "\n", 0), **pages}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _arguments_table(parser: argparse.ArgumentParser, skip: set[str]) -> list[str]:
    """A Markdown table of ``parser``'s arguments, without the destinations in ``skip``."""
    formatter = parser._get_formatter()
    rows = []
    for action in parser._actions:
        if action.dest in skip or action.help == argparse.SUPPRESS:
            continue
        if action.option_strings:
            name = ", ".join(f"`{o}`" for o in action.option_strings)
            if action.nargs != 0:
                name += f" `{formatter._format_args(action, formatter._get_default_metavar_for_optional(action))}`"
        else:
            name = f"`{formatter._format_args(action, formatter._get_default_metavar_for_positional(action))}`"
        rows.append(f"| {_cell(name)} | {_cell(formatter._expand_help(action) if action.help else '')} |")
    if not rows:
        return []
    return ["| argument | what it does |", "|---|---|", *rows, ""]


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def cli_reference(parser: argparse.ArgumentParser | None = None) -> str:
    """The command-line reference in Markdown: the options every command takes, then one
    section per command (``## softtargets <command>``) with its usage, arguments and example,
    all read from the parser (by default ``softtargets.cli.parser.build_parser()``)."""
    if parser is None:
        from softtargets.cli.parser import build_parser

        parser = build_parser()
    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"  # argparse wraps usage to the terminal: the page is the same everywhere
    try:
        return _reference(parser)
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns


def _reference(parser: argparse.ArgumentParser) -> str:
    parser.format_help()  # fills in the help texts computed on demand
    commands = _commands(parser)
    common = {a.dest for a in parser._actions} | {"extension_after", "help"}
    lines = [
        "# Command-line reference",
        "",
        "Generated from the `softtargets` argument parser (`softtargets.cli.parser.build_parser`);",
        "`softtargets COMMAND --help` prints the same.",
        "",
        "```",
        parser.format_usage().strip(),
        "```",
        "",
        parser.description or "",
        "",
        "## Options of every command",
        "",
        "Given before or after the command.",
        "",
        *_arguments_table(parser, {"command", "help"}),
        "## Commands",
        "",
        "| command | what it does |",
        "|---|---|",
        *(f"| [`{name}`](#softtargets-{name}) | {_cell(sub.description or '')} |" for name, sub in commands.items()),
        "",
    ]
    for name, sub in commands.items():
        sub.format_help()
        lines += [
            f"## softtargets {name}",
            "",
            sub.description or "",
            "",
            "```",
            sub.format_usage().strip(),
            "```",
            "",
            *_arguments_table(sub, common),
        ]
        if sub.epilog:
            lines += ["```", sub.epilog.strip(), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


# --- the hooks ------------------------------------------------------------------------------


def _nav_pages(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return {p for v in nav.values() for p in _nav_pages(v)}
    if isinstance(nav, list):
        return {p for v in nav for p in _nav_pages(v)}
    return set()


try:
    from mkdocs.plugins import event_priority
    from mkdocs.structure.files import File, Files
except ImportError:  # imported by the tests without mkdocs: the page makers still work
    pass
else:

    @event_priority(100)  # before mkdocs-jupyter, which takes up the notebook
    def on_files(files: Files, config: Any) -> Files:
        pages = readme_pages((ROOT / "README.md").read_text(encoding="utf-8"))
        in_nav = _nav_pages(config["nav"])
        for page in sorted(set(pages) - in_nav):
            log.warning("README section made into %s, which mkdocs.yml's nav does not list", page)
        pages["changelog.md"] = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
        pages["cli.md"] = cli_reference()
        for path, content in pages.items():
            files.append(File.generated(config, path, content=content))
        files.append(File("tour.ipynb", str(ROOT / "examples"), config["site_dir"], config["use_directory_urls"]))
        return files
