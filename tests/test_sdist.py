"""The source distribution is complete: built from this tree (``python -m build --sdist``, no
build isolation, so nothing is fetched), it holds the licence, changelog, tests, examples and
docs, and a fast part of the suite passes when run from the unpacked tree alone."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("build")
pytest.importorskip("hatchling")

FAST_TESTS = ("tests/test_lookup.py", "tests/test_data_integrity.py", "tests/test_docs.py")
"""Run from the unpacked sdist: the data files, the lookup, and the docs' sources."""


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (archive,) = out.glob("softtargets-*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    (tree,) = (p for p in out.iterdir() if p.is_dir())
    return tree


@pytest.mark.parametrize(
    "path",
    [
        "LICENSE",
        "CHANGELOG.md",
        "README.md",
        "pyproject.toml",
        "mkdocs.yml",
        "docs/hooks.py",
        "docs/api/index.md",
        "examples/tour.ipynb",
        "examples/extension.toml",
        "tests/conftest.py",
        "tests/data/gtd_country_names.json",
        "src/softtargets/data/gtd_countries.toml",
        "src/softtargets/py.typed",
    ],
)
def test_the_sdist_holds(unpacked: Path, path: str) -> None:
    assert (unpacked / path).is_file()


def test_the_sdist_holds_every_test_example_and_page(unpacked: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "tests", "examples", "docs"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if listed.returncode != 0 or not listed.stdout:
        pytest.skip("not a git checkout: nothing to compare the sdist with")
    tracked = {p for p in listed.stdout.splitlines() if (ROOT / p).is_file()}
    shipped = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert tracked - shipped == set()


def test_fast_tests_pass_from_the_unpacked_sdist(unpacked: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(unpacked / "src")}
    for name in ("PYTEST_XDIST_WORKER", "CI", "HYPOTHESIS_PROFILE"):  # the fast, small profile
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n0", "-p", "no:cacheprovider", *FAST_TESTS],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
    probe = subprocess.run(
        [sys.executable, "-c", "import softtargets; print(softtargets.__file__)"],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
    )
    assert Path(probe.stdout.strip()).is_relative_to(unpacked)  # the sdist's own code was tested
