"""Timings of the hot paths of the "hot paths" issue, each against its baseline in one run.

Run:  python benchmarks/speed_paths.py [--repeat N]

Rows (medians of N runs of CPU time, ``time.process_time``, which a shared, loaded machine
disturbs less than wall time; ratios are taken within one run):
* ``tax.extend()`` of 10,000 terms and 50,000 relations (the case of ``bench_extension`` in
  ``benchmarks/run.py``);
* ``tax.export("stix")`` of the built-in taxonomy against ``stix2`` serialising the same bundle
  (``stix2.parse`` of the export, then ``serialize``);
* ``st.read(text, "json")`` of the built-in taxonomy's json export against ``json.loads`` of
  the same text.

Nothing here is a test; the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

from _common import big_extension
from _common import median_time as common_median

import softtargets as st


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    """CPU time, not wall time: the machine is shared."""
    return common_median(fn, repeat, time.process_time)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=("extend", "stix", "read"), action="append")
    args = parser.parse_args()
    only = set(args.only or ("extend", "stix", "read"))
    tax = st.load()
    rows: list[tuple[str, str, str]] = []

    if "extend" in only:
        ext = big_extension(tax)
        t = median_time(lambda: tax.extend(ext), args.repeat)
        rows.append(("extend(): 10,000 terms + 50,000 relations", f"{t:.3f} s", "goal <= 0.5 s"))

    if "stix" in only:
        text = tax.export("stix")
        try:
            import stix2  # type: ignore[import-untyped]
        except ImportError:
            stix2 = None
        t_ours = median_time(lambda: tax.export("stix"), args.repeat)
        note = "stix2 not installed"
        if stix2 is not None:
            bundle = stix2.parse(text, allow_custom=False)
            t_base = median_time(bundle.serialize, args.repeat)
            note = f"{t_ours / t_base:.1f}x stix2 serialize ({t_base * 1000:.0f} ms); goal <= 2x"
        rows.append(('export("stix"), built-in', f"{t_ours * 1000:.0f} ms", note))

    if "read" in only:
        text = tax.export("json")
        t_ours = median_time(lambda: st.read(text, "json"), args.repeat)
        t_base = median_time(lambda: json.loads(text), args.repeat)
        note = f"{t_ours / t_base:.1f}x json.loads ({t_base * 1000:.1f} ms); goal <= 4x"
        rows.append(('read(text, "json"), built-in', f"{t_ours * 1000:.0f} ms", note))

    width = max(len(m) for m, _, _ in rows)
    for metric, value, note in rows:
        print(f"{metric:<{width}}  {value:>9}  {note}")


if __name__ == "__main__":
    main()
