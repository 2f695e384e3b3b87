"""The command line reports mistakes in the user's language (issue 14).

Every mistake below is made in English, Dutch and French. In English the message must be one
the catalogue knows (its ``cli.usage.*`` / ``cli.error.*`` templates), so that a new kind of
argparse or type-check message without a translation fails here; in Dutch and French the
message must be the catalogue's translation, with no English template left in it.
"""

from __future__ import annotations

import pytest

from softtargets.cli import main
from softtargets.cli.mistakes import _patterns, usage_message
from softtargets.language import Lang, message, messages

MISTAKES = [
    ("explain", "a", "b"),  # required arguments
    ("terms", "--bogus"),  # unrecognised
    ("terms", "--format", "xml"),  # invalid choice
    ("terms", "--facet"),  # expected one argument
    ("incidents", "--since", "20x0"),  # not a date
    ("scenarios", "--limit", "x"),  # not a whole number
    ("scenarios", "--limit", "0"),  # not positive
    ("terms", "--format", "csv", "--delimiter", "ab"),  # not one character
    ("term", "x" * 5000),  # too long
]


def _error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    _, err = capsys.readouterr()
    assert code == 2, (argv, err)
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize("argv", MISTAKES, ids=[" ".join(a)[:30] for a in MISTAKES])
def test_every_mistake_is_in_the_catalogue_and_translated(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    english = _error(capsys, *argv, "--lang", "en")
    prefix = "softtargets: error: "
    assert english.startswith(prefix)
    text = english[len(prefix) :]
    assert any(p.fullmatch(text) for _, p in _patterns()), f"no cli.usage template for: {text}"
    for lang in ("nl", "fr"):
        said = _error(capsys, *argv, "--lang", lang)
        assert said.startswith(f"softtargets: {message('cli.error.prefix', lang)}: "), said
        assert said.endswith(usage_message(text, lang)) and usage_message(text, lang) != text


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_an_unknown_term_is_named_with_labels_in_the_language(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    said = _error(capsys, "term", "voetbalstadoin", "--lang", lang)
    assert message("cli.error.unknown_term", lang).split("{")[0] in said
    assert message("cli.error.did_you_mean", lang).split("{")[0] in said
    football = "voetbalstadion" if lang == "nl" else "stade de football"
    assert f"{football} (football_stadium)" in said and "football stadium" not in said


def test_the_english_templates_are_the_patterns() -> None:
    keys = [key for key in messages() if key.startswith("cli.usage.")]
    assert {key for key, _ in _patterns()} == set(keys)
    for key in keys:  # each template's own English text, filled in, is recognised as itself
        english = message(key, Lang.EN)
        sample = english.format(**{name: "X" for name in _names(english)})
        assert any(p.fullmatch(sample) for _, p in _patterns()), key


def _names(template: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
