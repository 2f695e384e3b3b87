"""softtargets-rail: a rail operator's extension of the softtargets taxonomy (an example)."""

from __future__ import annotations

from importlib import resources

import softtargets as st

__all__ = ["RailMethod", "RailTarget", "extension"]


class RailTarget(st.TermEnum):
    """Target types this package adds."""

    HIGH_SPEED_TRAIN = "rail.high_speed_train"

    @classmethod
    def facet(cls) -> st.Facet:
        return st.Facet.TARGET


class RailMethod(st.TermEnum):
    """Modi operandi this package adds."""

    INFRASTRUCTURE_SABOTAGE = "rail.infrastructure_sabotage"

    @classmethod
    def facet(cls) -> st.Facet:
        return st.Facet.MODUS_OPERANDI


def extension() -> st.Extension:
    """The extension (the entry point calls this; nothing is read at import)."""
    data = resources.files(__name__) / "rail.toml"
    with resources.as_file(data) as path:
        return st.Extension.from_file(path, enums=(RailTarget, RailMethod))
