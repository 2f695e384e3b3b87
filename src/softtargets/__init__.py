"""softtargets: the diffuse terrorist threat to soft targets, made computable.

The threat is diffuse because target types, perpetrator types, motives and modi operandi
combine freely (WODC 2018). softtargets holds each facet as a typed enum, links the terms
through sourced relations, and answers which combinations (scenarios) make up the threat,
on what evidence, and how diffuse it is.

>>> import softtargets as st
>>> tax = st.load()
>>> found = tax.scenarios(target=st.TargetType.FOOTBALL_STADIUM)
>>> found.count_by(st.Facet.MODUS_OPERANDI)[st.ModusOperandi.FIREARMS] >= 0
True
"""

from typing import TYPE_CHECKING

from ._lazy import lazy_attributes
from .errors import (
    AmbiguousTermError,
    ArgumentTypeError,
    DataError,
    ExtensionError,
    FacetMismatchError,
    FilterTypeError,
    ImmutableError,
    InputLimitError,
    MissingExtraError,
    OutputError,
    PluginWarning,
    Problem,
    SofttargetsError,
    UnknownTermError,
    UnknownValueError,
)
from .facets import Facet, ModusOperandi, Motive, PerpetratorType, TargetType, TermEnum

if TYPE_CHECKING:
    from . import analytics as analytics
    from . import circumstances as circumstances
    from . import crosswalk as crosswalk
    from . import display as display
    from . import frames as frames
    from . import gtd as gtd
    from . import interop as interop
    from . import plot as plot
    from . import pps as pps
    from .answers import Diffuseness, Explanation, Requirement
    from .behaviour import Outcome, Scenario, SourceKind, Strength
    from .extension import Extension, ExtensionInfo
    from .interop import read
    from .language import Lang, get_language, set_language
    from .models import (
        Circumstance,
        FacetInfo,
        FacetSpec,
        Incident,
        KindSpec,
        Relation,
        RelationKind,
        RelationSpec,
        Source,
        Term,
        TermSpec,
    )
    from .scenarios import ScenarioSet
    from .taxonomy import Taxonomy, load

# The pydantic-based modules load on first use of one of their names, so that
# ``import softtargets`` stays cheap (see benchmarks/import_time.py).
_LAZY = {
    **dict.fromkeys(
        [
            "Circumstance",
            "FacetInfo",
            "FacetSpec",
            "Incident",
            "KindSpec",
            "Relation",
            "RelationKind",
            "RelationSpec",
            "Source",
            "Term",
            "TermSpec",
        ],
        "models",
    ),
    **dict.fromkeys(["Outcome", "Scenario", "SourceKind", "Strength"], "behaviour"),
    **dict.fromkeys(["Extension", "ExtensionInfo"], "extension"),
    **dict.fromkeys(["Diffuseness", "Explanation", "Requirement"], "answers"),
    **dict.fromkeys(["ScenarioSet"], "scenarios"),
    **dict.fromkeys(["Taxonomy", "load"], "taxonomy"),
    **dict.fromkeys(["read"], "interop"),
    **dict.fromkeys(["Lang", "get_language", "set_language"], "language"),
}


_SUBMODULES = (
    "analytics",
    "assess",
    "circumstances",
    "crosswalk",
    "display",
    "frames",
    "gtd",
    "interop",
    "plot",
    "pps",
)
"""Modules reached as attributes: ``st.gtd.read_csv(...)``, ``st.crosswalk.lookup(...)``."""


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, globals(), _SUBMODULES)

__version__ = "0.1.0"

__all__ = [
    "AmbiguousTermError",
    "ArgumentTypeError",
    "Circumstance",
    "DataError",
    "Diffuseness",
    "Explanation",
    "Extension",
    "ExtensionError",
    "ExtensionInfo",
    "Facet",
    "FacetInfo",
    "FacetMismatchError",
    "FacetSpec",
    "FilterTypeError",
    "ImmutableError",
    "Incident",
    "InputLimitError",
    "KindSpec",
    "Lang",
    "MissingExtraError",
    "ModusOperandi",
    "Motive",
    "Outcome",
    "OutputError",
    "PerpetratorType",
    "PluginWarning",
    "Problem",
    "Relation",
    "RelationKind",
    "RelationSpec",
    "Requirement",
    "Scenario",
    "ScenarioSet",
    "SofttargetsError",
    "Source",
    "SourceKind",
    "Strength",
    "TargetType",
    "Taxonomy",
    "Term",
    "TermEnum",
    "TermSpec",
    "UnknownTermError",
    "UnknownValueError",
    "get_language",
    "load",
    "read",
    "set_language",
]
