"""pandas DataFrames of the library's results (the ``pandas`` extra, imported lazily).

>>> import softtargets as st
>>> frame = st.load().scenarios(target="museum").to_pandas()   # doctest: +SKIP
>>> list(frame.columns)                                          # doctest: +SKIP
['target', 'perpetrator', 'motive', 'modus_operandi']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import views
from .errors import MissingExtraError
from .models import Incident, Relation, Term
from .scenarios import ScenarioSet

__all__ = ["pandas", "to_pandas"]


def pandas() -> Any:
    """The pandas module, or a ``MissingExtraError`` naming the ``pandas`` extra."""
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise MissingExtraError("pandas", "pandas", "DataFrames") from None
    return pandas


@views.register("pandas", ScenarioSet)
def scenarios_frame(found: ScenarioSet, lang: str | None = None) -> Any:
    """One row per scenario: the facets' term ids, or their labels in ``lang``."""
    columns = [f.id for f in found.taxonomy.facets]
    return pandas().DataFrame(found.to_records(lang=lang), columns=columns)


def to_pandas(obj: object, lang: str | None = None) -> Any:
    """A ``pandas.DataFrame`` of a scenario set (one row per scenario; ids, or labels in
    ``lang``), a partnership coverage (one row per scenario, registered by
    ``softtargets.pps``), or a sequence of relations, incidents or terms (one row each; list
    fields as lists, sources as their ids)."""
    if isinstance(obj, Sequence) and not isinstance(obj, str):
        pd = pandas()
        items = list(obj)
        if all(isinstance(i, Relation) for i in items):
            rows = [
                {**r.model_dump(mode="json", exclude={"sources"}), "sources": [s.id for s in r.sources]} for r in items
            ]
            return pd.DataFrame(
                rows,
                columns=["kind", "subject", "object", "strength", "note", "subject_facet", "object_facet", "sources"],
            )
        if all(isinstance(i, Incident) for i in items):
            frame = pd.DataFrame([i.model_dump(mode="python") for i in items])
            if len(frame):
                frame["date"] = pd.to_datetime(frame["date"])
            return frame
        if all(isinstance(i, Term) for i in items):
            return pd.DataFrame(
                [
                    {**t.model_dump(mode="json", exclude={"sources"}), "sources": [s.id for s in t.sources]}
                    for t in items
                ]
            )
    return views.render("pandas", obj, lang)
