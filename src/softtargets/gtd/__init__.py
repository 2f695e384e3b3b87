"""Global Terrorism Database records as taxonomy incidents.

GTD data are licensed by START and are not shipped here: bring your own export. ``classify``
turns one record (a mapping of GTD column names to values; ``-9``/``-99`` and blanks mean
unknown) into an ``Incident`` and says what it could not map; ``read_csv`` streams an export
with the ``csv`` module, in constant memory, optionally reporting progress.
``classify_frame`` classifies a whole pandas DataFrame at once (the same results, each
distinct combination of codes classified once), ``read_frame`` reads an export in chunks into
such a frame, and runs per partition on dask (``dask.dataframe.map_partitions``) where one
machine's memory is not enough. The GTD codes no ideology: ``group_motive`` gives the motive
of major groups (``data/gtd_motives.toml``, sourced), and only with ``motives=True``.

Hostile values are problems of the record, never crashes: a number that is not a whole
number, infinite (``inf``, ``1e999``) or beyond ``MAX_WHOLE`` becomes unknown and is reported
in ``GTDResult.unmapped`` (``NaN`` is a blank, as pandas writes one). ``read_csv`` reads at
most ``limits.MAX_LINE_CHARS`` characters of a line (``max_line_chars=`` raises it) and
refuses a longer one with ``InputLimitError`` before reading the rest. Arguments of the
wrong type raise ``ArgumentTypeError`` naming the argument.

>>> from softtargets import gtd
>>> result = gtd.classify({"eventid": "201612190001", "iyear": "2016", "imonth": "12", "iday": "19",
...     "country_txt": "Germany", "city": "Berlin", "attacktype1": "7", "weaptype1": "10",
...     "targtype1": "14", "targsubtype1": "74", "individual": "1", "nperps": "1",
...     "nkill": "12", "nwound": "56", "success": "1"})
>>> result.incident.modi_operandi, result.incident.perpetrator, result.incident.country
(('vehicle_ramming',), 'lone_actor', 'DE')
"""

from __future__ import annotations

from .countries import country_code
from .frame import COLUMNS, FRAME_COLUMNS, classify_frame, read_frame
from .motives import GroupMotive, group_motive, group_motives
from .read import read_csv
from .records import INCIDENT_URL, MAX_WHOLE, GTDResult, classify

__all__ = [
    "COLUMNS",
    "FRAME_COLUMNS",
    "GTDResult",
    "GroupMotive",
    "INCIDENT_URL",
    "MAX_WHOLE",
    "classify",
    "classify_frame",
    "country_code",
    "group_motive",
    "group_motives",
    "read_csv",
    "read_frame",
]
