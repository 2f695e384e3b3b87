"""The tables of a taxonomy (``Bundle``) and the built-in one, read from the snapshot.

Free of pydantic: loading the built-in taxonomy reads light records (``softtargets.records``)
from the generated snapshot; ``softtargets.loader`` validates data files into the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import snapshot
from .cache import cached

if TYPE_CHECKING:
    from .models import FacetInfo, Incident, Relation, RelationKind, Source, Term

__all__ = ["Bundle", "builtin_bundle", "load_builtin"]


@dataclass(frozen=True, slots=True)
class Bundle:
    """Everything a set of data documents defines: models validated from files, or the
    built-in data's light records (which behave as, and are instances of, the same models)."""

    sources: tuple[Source, ...]
    facets: tuple[FacetInfo, ...]
    kinds: tuple[RelationKind, ...]
    terms: tuple[Term, ...]
    relations: tuple[Relation, ...]
    incidents: tuple[Incident, ...] = ()


def load_builtin() -> Bundle:
    """The built-in data, new objects on each call, read from the generated snapshot
    (``softtargets.snapshot``) without validating again: the snapshot is written only from
    data that passed ``loader.parse_builtin`` and a test proves it still equals the TOML files."""
    return Bundle(**snapshot.read())


@cached
def builtin_bundle() -> Bundle:
    """The built-in data, read once and shared."""
    return load_builtin()
