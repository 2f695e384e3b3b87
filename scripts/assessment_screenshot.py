"""Render the ArenA outer area's assessment report with headless Chromium and save the
screenshot the README shows (docs/assessment_report.png).

Usage: PYTHONPATH=src python scripts/assessment_screenshot.py  (needs chromium on PATH:
``apt-get install chromium`` on Debian)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import softtargets as st

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "assessment_report.png"


def main() -> int:
    browser = shutil.which("chromium")
    if browser is None:
        print("chromium is not installed", file=sys.stderr)
        return 1
    result = st.assess.assess(st.assess.case_site("arena"))
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "arena.html"
        result.to_html(page, lang="en")
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--screenshot={TARGET}",
                "--window-size=1000,2400",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
