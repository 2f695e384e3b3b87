"""pandas DataFrames of the library's results (the ``pandas`` extra, imported lazily).

Every kind of object has one frame schema, chosen by what the caller asks for and never
guessed from the first item, so an empty result has the same columns and dtypes as a full
one and frames of different queries concatenate (and write to one Parquet dataset):

* ``scenarios``: one categorical column per facet (categories: the facet's term ids, or
  their labels with ``lang=``);
* ``incidents``: ``date`` as ``datetime64``, ``killed``/``injured`` as nullable ``Int64``,
  ``outcome``, ``perpetrator`` and ``motive`` as categoricals, list fields as lists;
* ``relations``: ``kind``, ``strength`` and the facets as categoricals, sources as id lists;
* ``terms``: ``facet`` as a categorical, sources as id lists.

Categories come from the taxonomy (``taxonomy=``, default the built-in one; a scenario
set uses its own) and from the library's enums (``Outcome``, ``Strength``).

>>> import softtargets as st
>>> from softtargets import frames
>>> empty = frames.incidents_frame(())                     # doctest: +SKIP
>>> str(empty["killed"].dtype)                             # doctest: +SKIP
'Int64'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import views
from .errors import ArgumentTypeError, MissingExtraError, UnknownValueError, expect
from .language import Lang
from .models import Incident, Outcome, Relation, Strength, Term
from .scenarios import ScenarioSet

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = [
    "KINDS",
    "incidents_frame",
    "pandas",
    "relations_frame",
    "scenarios_frame",
    "terms_frame",
    "to_pandas",
]


def pandas() -> Any:
    """The pandas module, or a ``MissingExtraError`` naming the ``pandas`` extra."""
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise MissingExtraError("pandas", "pandas", "DataFrames") from None
    return pandas


def _taxonomy(taxonomy: Taxonomy | None) -> Taxonomy:
    from .taxonomy import or_builtin

    return or_builtin(taxonomy)


def _category(values: Sequence[str]) -> Any:
    return pandas().CategoricalDtype(categories=list(dict.fromkeys(values)), ordered=False)


def _frame(rows: list[dict[str, Any]], dtypes: Mapping[str, Any]) -> Any:
    pd = pandas()
    frame = pd.DataFrame(rows, columns=list(dtypes))
    for column, dtype in dtypes.items():
        if dtype is not None:
            frame[column] = frame[column].astype(dtype)
    return frame


@views.register("pandas", ScenarioSet)
def scenarios_frame(found: ScenarioSet, lang: str | None = None) -> Any:
    """One row per scenario: a categorical column per facet holding term ids, or their labels
    in ``lang``. Materialises the whole set: mind its ``len()``."""
    tax = found.taxonomy
    dtypes = {f.id: _category([t.label(lang) if lang else t.id for t in tax.terms(f.id)]) for f in tax.facets}
    return _frame(found.to_records(lang=lang), dtypes)


def incidents_frame(incidents: Sequence[Incident], *, taxonomy: Taxonomy | None = None) -> Any:
    """One row per incident, with the same columns and dtypes however many there are."""
    tax = _taxonomy(taxonomy)
    dtypes: dict[str, Any] = {
        "id": "string",
        "name": "string",
        "date": "datetime64[ns]",
        "city": "string",
        "country": "string",
        "targets": None,
        "perpetrator": _category([t.id for t in tax.terms("perpetrator")]),
        "motive": _category([t.id for t in tax.terms("motive")]),
        "modi_operandi": None,
        "killed": "Int64",
        "injured": "Int64",
        "outcome": _category([o.value for o in Outcome]),
        "circumstances": None,
        "urls": None,
        "note": "string",
    }
    rows = []
    for inc in incidents:
        expect("incidents", inc, Incident, "a sequence of softtargets.Incident")
        row = inc.model_dump(mode="python")
        row.update(targets=list(inc.targets), modi_operandi=list(inc.modi_operandi), urls=list(inc.urls))
        row["circumstances"] = list(inc.circumstances)
        row["outcome"] = inc.outcome.value
        rows.append(row)
    return _frame(rows, dtypes)


def relations_frame(relations: Sequence[Relation], *, taxonomy: Taxonomy | None = None) -> Any:
    """One row per relation; sources as lists of ids."""
    tax = _taxonomy(taxonomy)
    facets = _category([f.id for f in tax.facets])
    dtypes: dict[str, Any] = {
        "kind": _category([k.id for k in tax.kinds]),
        "subject": "string",
        "object": "string",
        "strength": _category([s.value for s in Strength]),
        "note": "string",
        "subject_facet": facets,
        "object_facet": facets,
        "sources": None,
    }
    rows = []
    for rel in relations:
        expect("relations", rel, Relation, "a sequence of softtargets.Relation")
        rows.append({**rel.model_dump(mode="json", exclude={"sources"}), "sources": [s.id for s in rel.sources]})
    return _frame(rows, dtypes)


def terms_frame(terms: Sequence[Term], *, taxonomy: Taxonomy | None = None) -> Any:
    """One row per term; alt labels and sources as lists."""
    tax = _taxonomy(taxonomy)
    dtypes: dict[str, Any] = {
        "id": "string",
        "facet": _category([f.id for f in tax.facets]),
        **{f"label_{lang.value}": "string" for lang in Lang},
        **{f"alt_labels_{lang.value}": None for lang in Lang},
        "definition": "string",
        **{f"definition_{lang.value}": "string" for lang in Lang if lang is not Lang.EN},
        "broader": "string",
        "sources": None,
    }
    rows = []
    for term in terms:
        expect("terms", term, Term, "a sequence of softtargets.Term")
        row = term.model_dump(mode="json", exclude={"sources"})
        rows.append({**row, "sources": [s.id for s in term.sources]})
    return _frame(rows, dtypes)


KINDS: Mapping[str, Callable[..., Any]] = MappingProxyType(
    {"incidents": incidents_frame, "relations": relations_frame, "terms": terms_frame}
)
"""The frame of each kind of sequence ``to_pandas`` takes, by name."""

_ITEM_KINDS = ((Incident, "incidents"), (Relation, "relations"), (Term, "terms"))


def to_pandas(
    obj: object, lang: str | None = None, *, kind: str | None = None, taxonomy: Taxonomy | None = None
) -> Any:
    """A ``pandas.DataFrame`` of a scenario set, a partnership coverage (registered by
    ``softtargets.pps``), or a sequence of incidents, relations or terms.

    For a sequence, ``kind`` ("incidents", "relations" or "terms") chooses the frame; without
    it the kind is read from the items, and an empty sequence needs ``kind`` (its frame then
    has the same columns and dtypes as a full one).
    """
    if kind is not None:
        expect("kind", kind, str, f"one of {', '.join(KINDS)}")
        if kind not in KINDS:
            raise UnknownValueError("frame kind", kind, list(KINDS))
        if not isinstance(obj, Sequence) or isinstance(obj, str):
            raise ArgumentTypeError(f"obj: expected a sequence of {kind}, got {type(obj).__name__}")
        return KINDS[kind](obj, taxonomy=taxonomy)
    if isinstance(obj, Sequence) and not isinstance(obj, str):
        if not obj:
            raise UnknownValueError("frame kind for an empty sequence (pass kind=)", None, list(KINDS))
        for cls, name in _ITEM_KINDS:
            if isinstance(obj[0], cls):
                return KINDS[name](obj, taxonomy=taxonomy)
    return views.render("pandas", obj, lang)
