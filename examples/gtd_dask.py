"""GTD-sized data beyond one machine's memory: ``gtd.classify_frame`` per partition on dask.

    pip install 'softtargets[dask]'
    python examples/gtd_dask.py [GTD.csv]      # without a file: 20,000 synthetic records

Reads the export lazily with ``dask.dataframe.read_csv`` (only the columns ``classify``
needs, as text), classifies each partition with ``map_partitions`` and counts incidents per
year and modus operandi, on dask's local scheduler; then does the same with pandas and
checks that the counts are equal.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import dask
import dask.dataframe as dd
import pandas as pd

from softtargets import gtd


def counts(frame: pd.DataFrame) -> pd.Series:
    """Incidents per (year, modus operandi)."""
    found = frame[frame["id"].notna()].explode("modi_operandi")
    return found.groupby([found["date"].dt.year, "modi_operandi"]).size().sort_index()


def main(path: Path) -> None:
    read = {"dtype": str, "keep_default_na": False, "usecols": lambda c: c in gtd.COLUMNS}
    parts = dd.read_csv(path, blocksize="1MB", **read)
    meta = gtd.classify_frame(pd.DataFrame({c: pd.Series([], dtype=str) for c in parts.columns}))
    with dask.config.set(scheduler="threads"):  # the local scheduler
        classified = parts.map_partitions(gtd.classify_frame, meta=meta).compute()
    on_dask = counts(classified)
    on_pandas = counts(gtd.read_frame(path))
    assert on_dask.equals(on_pandas), "dask and pandas disagree"
    print(f"{parts.npartitions} partitions, {int(on_dask.sum()):,} (incident, modus operandi) pairs; same as pandas")
    print(on_dask.groupby(level=1).sum().sort_values(ascending=False).head(8).to_string())


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        import synthetic_gtd

        with tempfile.TemporaryDirectory() as folder:
            main(synthetic_gtd.write_csv(Path(folder) / "gtd.csv", 20_000, seed=1))
