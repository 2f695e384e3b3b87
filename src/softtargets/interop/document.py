"""The ``json`` export format: the whole taxonomy as one validated document.

The document model lives in the core (``softtargets.document``); it is named here too
because the ``json`` format is one of the interop formats.
"""

from __future__ import annotations

from ..document import FORMAT, TaxonomyDocument, to_document

__all__ = ["FORMAT", "TaxonomyDocument", "to_document"]
