"""The command line's own sentences and words, per language, read from the one catalogue
of the library's words (``data/messages.toml``: keys ``cli.sentence.*``, and the words it
shares with HTML and frames, ``display.*`` and ``header.*``).

Term and facet labels come from the taxonomy; these are only the CLI's frame around them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ..language import Lang, message, messages

__all__ = ["sentences", "words"]


def _group(prefix: str, lang: Lang | str) -> Mapping[str, str]:
    keys = [key for key in messages() if key.startswith(prefix)]
    return MappingProxyType({key[len(prefix) :]: message(key, lang) for key in keys})


def sentences(lang: Lang | str) -> Mapping[str, str]:
    """The sentence templates (``str.format``) in ``lang``.

    >>> sentences("nl")["by"].format(facet="motief")
    'Per motief:'
    """
    return _group("cli.sentence.", lang)


def words(lang: Lang | str) -> Mapping[str, str]:
    """Single words (table headers, verdicts) in ``lang``: the ``display.*`` and
    ``header.*`` words of the catalogue, the ones HTML and frames use.

    >>> words("fr")["measures"]
    'mesures'
    """
    return MappingProxyType({**_group("display.", lang), **_group("header.", lang)})
