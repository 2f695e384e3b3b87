"""The Python examples in the README run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("n", range(len(BLOCKS)))
def test_readme_python_block_runs(n: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(BLOCKS[n], f"README.md python block {n}", "exec"), {})


def test_readme_has_blocks() -> None:
    assert len(BLOCKS) >= 3
