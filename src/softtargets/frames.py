"""pandas DataFrames of the library's results (the ``pandas`` extra, imported lazily).

Every kind of object has one frame schema, chosen by what the caller asks for and never
guessed from the first item, so an empty result has the same columns and dtypes as a full
one and frames of different queries concatenate (and write to one Parquet dataset):

* ``scenarios``: one categorical column per facet (categories: the facet's term ids, or
  their labels with ``lang=``), and ``strength``: whether the scenario rests only on
  documented relations ("documented") or also on plausible ones ("plausible");
* ``incidents``: ``date`` as ``datetime64``, ``killed``/``injured`` as nullable ``Int64``,
  ``outcome``, ``perpetrator`` and ``motive`` as categoricals, list fields as lists;
* ``relations``: ``kind``, ``strength`` and the facets as categoricals, sources as id lists;
* ``terms``: ``facet`` as a categorical, sources as id lists.

Categories come from the taxonomy (``taxonomy=``, default the built-in one; a scenario
set uses its own) and from the library's enums (``Outcome``, ``Strength``).

Language: a frame is data, so by default it holds ids and the library's enum values. Made
with ``lang=`` ("en", "nl" or "fr"), its values are shown in that language: term, facet
and relation-kind labels, strength and outcome words, translated names and notes (with an
``[en]`` marker where a text has no translation); id columns (``id``, ``urls``,
``sources``, ``broader``) stay ids. Column names stay the same in every language, so frames
concatenate; ``column_labels(frame, lang)`` gives headers to ``rename`` them for display.

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
from .display import documented_test, header, outcome_word, strength_word
from .errors import ArgumentTypeError, MissingExtraError, UnknownValueError, expect
from .facets import Facet
from .language import Lang, get_language, messages
from .models import INCIDENT_FIELDS, Incident, Outcome, Relation, Strength, Term
from .scenarios import ScenarioSet

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = [
    "KINDS",
    "column_labels",
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


def _labels(tax: Taxonomy, facet: str, lang: str | None) -> dict[str, str]:
    """Term id -> the value a frame shows: the id, or the label in ``lang``."""
    return {t.id: t.label(lang) if lang else t.id for t in tax.terms(facet)}


def _strengths(lang: str | None) -> dict[str, str]:
    return {s.value: strength_word(s, lang) if lang else s.value for s in Strength}


@views.register("pandas", ScenarioSet)
def scenarios_frame(found: ScenarioSet, lang: str | None = None) -> Any:
    """One row per scenario: a categorical column per facet holding term ids, or their labels
    in ``lang``, and ``strength``: "documented" when the scenario rests only on documented
    relations (real incidents), else "plausible" (the words of ``lang`` when given).
    Materialises the whole set: mind its ``len()``."""
    tax = found.taxonomy
    strengths = _strengths(lang)
    dtypes = {f.id: _category(list(_labels(tax, f.id, lang).values())) for f in tax.facets}
    dtypes["strength"] = _category(list(strengths.values()))
    documented = documented_test(found)
    records = found.to_records(lang=lang)
    for record, scenario in zip(records, found, strict=True):
        record["strength"] = strengths[(Strength.DOCUMENTED if documented(scenario) else Strength.PLAUSIBLE).value]
    return _frame(records, dtypes)


def incidents_frame(incidents: Sequence[Incident], lang: str | None = None, *, taxonomy: Taxonomy | None = None) -> Any:
    """One row per incident, with the same columns and dtypes however many there are. With
    ``lang``, names and notes are translated and the classification columns (targets,
    perpetrator, motive, modi operandi, outcome) hold labels in ``lang``; ``id`` and
    ``urls`` stay as they are."""
    tax = _taxonomy(taxonomy)
    lang = get_language(lang).value if lang is not None else None
    labels = {f.value: _labels(tax, f.value, lang) for f in Facet}
    outcomes = {o.value: outcome_word(o, lang) if lang else o.value for o in Outcome}
    dtypes: dict[str, Any] = {
        "id": "string",
        "name": "string",
        "date": "datetime64[ns]",
        "city": "string",
        "country": "string",
        "targets": None,
        "perpetrator": _category(list(labels[Facet.PERPETRATOR].values())),
        "motive": _category(list(labels[Facet.MOTIVE].values())),
        "modi_operandi": None,
        "killed": "Int64",
        "injured": "Int64",
        "outcome": _category(list(outcomes.values())),
        "circumstances": None,
        "urls": None,
        "note": "string",
    }
    rows = []
    for inc in incidents:
        expect("incidents", inc, Incident, "a sequence of softtargets.Incident")
        row = inc.model_dump(mode="python", include=set(dtypes))

        def show(facet: Facet, value: str) -> str:
            return labels[facet].get(value, value)

        row.update(
            targets=[show(Facet.TARGET, t) for t in inc.targets],
            modi_operandi=[show(Facet.MODUS_OPERANDI, m) for m in inc.modi_operandi],
            urls=list(inc.urls),
            circumstances=list(inc.circumstances),
            outcome=outcomes[inc.outcome.value],
            perpetrator=show(Facet.PERPETRATOR, inc.perpetrator) if inc.perpetrator else None,
            motive=show(Facet.MOTIVE, inc.motive) if inc.motive else None,
        )
        if lang:
            row.update(name=inc.translated("name", lang), note=inc.translated("note", lang))
        rows.append(row)
    return _frame(rows, dtypes)


def relations_frame(relations: Sequence[Relation], lang: str | None = None, *, taxonomy: Taxonomy | None = None) -> Any:
    """One row per relation; sources as lists of ids. With ``lang``, kinds, terms, facets and
    strengths are labels in ``lang`` and notes are translated."""
    tax = _taxonomy(taxonomy)
    lang = get_language(lang).value if lang is not None else None
    facet_names = {f.id: f.label(lang) if lang else f.id for f in tax.facets}
    kinds = {k.id: k.label(lang) if lang else k.id for k in tax.kinds}
    terms = {(t.facet, t.id): t.label(lang) for t in tax.terms()} if lang else {}
    strengths = _strengths(lang)
    facets = _category(list(facet_names.values()))
    dtypes: dict[str, Any] = {
        "kind": _category(list(kinds.values())),
        "subject": "string",
        "object": "string",
        "strength": _category(list(strengths.values())),
        "note": "string",
        "subject_facet": facets,
        "object_facet": facets,
        "sources": None,
    }
    rows = []
    for rel in relations:
        expect("relations", rel, Relation, "a sequence of softtargets.Relation")
        row = {**rel.model_dump(mode="json", include=set(dtypes) - {"sources"}), "sources": [s.id for s in rel.sources]}
        if lang:
            row.update(
                kind=kinds.get(rel.kind, rel.kind),
                subject=terms.get((rel.subject_facet, rel.subject), rel.subject),
                object=terms.get((rel.object_facet, rel.object), rel.object),
                strength=strengths[rel.strength.value],
                note=rel.translated("note", lang),
                subject_facet=facet_names.get(rel.subject_facet, rel.subject_facet),
                object_facet=facet_names.get(rel.object_facet, rel.object_facet),
            )
        rows.append(row)
    return _frame(rows, dtypes)


def terms_frame(terms: Sequence[Term], lang: str | None = None, *, taxonomy: Taxonomy | None = None) -> Any:
    """One row per term, its labels and definitions in every language; alt labels and
    sources as lists. With ``lang``, ``facet`` holds the facet's label in ``lang``."""
    tax = _taxonomy(taxonomy)
    lang = get_language(lang).value if lang is not None else None
    facet_names = {f.id: f.label(lang) if lang else f.id for f in tax.facets}
    dtypes: dict[str, Any] = {
        "id": "string",
        "facet": _category(list(facet_names.values())),
        **{f"label_{code.value}": "string" for code in Lang},
        **{f"alt_labels_{code.value}": None for code in Lang},
        "definition": "string",
        **{f"definition_{code.value}": "string" for code in Lang if code is not Lang.EN},
        "broader": "string",
        "sources": None,
    }
    rows = []
    for term in terms:
        expect("terms", term, Term, "a sequence of softtargets.Term")
        row = term.model_dump(mode="json", exclude={"sources"})
        row["facet"] = facet_names.get(term.facet, term.facet)
        rows.append({**row, "sources": [s.id for s in term.sources]})
    return _frame(rows, dtypes)


def column_labels(frame: Any, lang: str | None = None) -> dict[str, str]:
    """Headers in ``lang`` for a frame's columns, for ``frame.rename(columns=...)`` before a
    table is shown or written: facet columns get the facet's label, the others the
    catalogue's header (columns without one keep their name). Frames themselves keep
    stable column names, so that frames in different languages concatenate.

    >>> column_labels(pandas().DataFrame(columns=["date", "killed"]), "nl")  # doctest: +SKIP
    {'date': 'datum', 'killed': 'doden'}
    """
    lang = get_language(lang).value
    facets = {f.id: f.label(lang) for f in _taxonomy(None).facets}
    facets.update({field: facets[facet] for facet, field in INCIDENT_FIELDS.items() if facet in facets})
    out = {}
    for column in map(str, frame.columns):
        if column in facets:
            out[column] = facets[column]
        elif f"header.{column}" in messages():
            out[column] = header(column, lang)
    return out


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
        return KINDS[kind](obj, lang, taxonomy=taxonomy)
    if isinstance(obj, Sequence) and not isinstance(obj, str):
        if not obj:
            raise UnknownValueError("frame kind for an empty sequence (pass kind=)", None, list(KINDS))
        for cls, name in _ITEM_KINDS:
            if isinstance(obj[0], cls):
                return KINDS[name](obj, lang, taxonomy=taxonomy)
    return views.render("pandas", obj, lang)
