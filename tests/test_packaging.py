"""What ``python -m build`` puts in the wheel and the sdist: the start-up
files at the root of the wheel, the typing marker, the tests and docs in the
sdist, and nothing that is not part of the project.
"""

from __future__ import annotations

import subprocess
import tarfile
import zipfile
from pathlib import Path
from pathlib import PurePosixPath

import pytest
from conftest import ROOT

pytestmark = pytest.mark.venv

# Left behind by tools, editors and builds; never part of a distribution.
STRAY_PARTS = {
    "__pycache__",
    ".venv",
    ".nox",
    ".cache",
    ".git",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "_build",
    "build",
    "dist",
    "htmlcov",
}
STRAY_SUFFIXES = (".pyc", ".pyo", ".orig", ".rej", ".swp", "~")


def _wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


def _sdist_names(sdist: Path) -> list[str]:
    """Member paths relative to the sdist's top folder (files only)."""
    with tarfile.open(sdist) as tf:
        members = [m for m in tf.getmembers() if m.isfile()]
    top = {PurePosixPath(m.name).parts[0] for m in members}
    assert len(top) == 1, top
    return [str(PurePosixPath(*PurePosixPath(m.name).parts[1:])) for m in members]


def _tracked(under: str = ".") -> set[str] | None:
    """Files of the project as git sees them: tracked, or new and not
    ignored (work in progress counts); None outside a git checkout.
    """
    try:
        out = subprocess.run(
            [
                "git",
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                under,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return {name for name in out.split("\0") if name}


def _strays(names: list[str]) -> list[str]:
    return [
        name
        for name in names
        if STRAY_PARTS & set(PurePosixPath(name).parts[:-1])
        or name.endswith(STRAY_SUFFIXES)
    ]


def test_wheel_has_start_up_files_at_its_root(dists: dict[str, Path]) -> None:
    """The .pth, the .start and the start-up module sit at the wheel's root,
    so they land at the top of site-packages.
    """
    names = set(_wheel_names(dists["wheel"]))
    assert {
        "flask_ext_redirect.pth",
        "flask_ext_redirect.start",
        "_flask_ext_redirect_startup.py",
    } <= names
    with zipfile.ZipFile(dists["wheel"]) as zf:
        assert (
            zf.read("flask_ext_redirect.pth") == b"import _flask_ext_redirect_startup\n"
        )
        start = zf.read("flask_ext_redirect.start").decode().strip()
    assert start == "_flask_ext_redirect_startup:activate"


def test_wheel_is_typed_and_holds_only_the_packages(dists: dict[str, Path]) -> None:
    """py.typed ships; no tests, docs or stray files do."""
    names = _wheel_names(dists["wheel"])
    assert "flask_ext_redirect/py.typed" in names
    assert "flask_ext_redirect/__init__.py" in names
    tops = {PurePosixPath(name).parts[0] for name in names}
    dist_info = {top for top in tops if top.endswith(".dist-info")}
    assert len(dist_info) == 1
    assert not {"tests", "docs", "benchmarks", "startup", "requirements"} & tops
    assert _strays(names) == []


def test_wheel_ships_the_knowledge_base(dists: dict[str, Path]) -> None:
    """knowledge.json, the data ``doctor`` and ``migrate --upgrade`` read,
    is in the wheel beside its loader.
    """
    names = _wheel_names(dists["wheel"])
    assert "flask_ext_redirect/_era/knowledge.json" in names
    assert "flask_ext_redirect/_era/__init__.py" in names


def test_wheel_files_come_from_the_checkout(dists: dict[str, Path]) -> None:
    """Every file in the wheel is a file of the project (or its metadata):
    nothing that git ignores slips in.
    """
    tracked = _tracked()
    if tracked is None:
        pytest.skip("not a git checkout")
    placed = {
        "flask_ext_redirect.pth": "startup/flask_ext_redirect.pth",
        "flask_ext_redirect.start": "startup/flask_ext_redirect.start",
    }
    for name in _wheel_names(dists["wheel"]):
        if PurePosixPath(name).parts[0].endswith(".dist-info"):
            continue
        assert placed.get(name, name) in tracked, name


def test_wheel_metadata_names_the_license(dists: dict[str, Path]) -> None:
    """The license file travels with the metadata, as the SPDX field says."""
    names = _wheel_names(dists["wheel"])
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    with zipfile.ZipFile(dists["wheel"]) as zf:
        (metadata,) = (n for n in names if n.endswith(".dist-info/METADATA"))
        text = zf.read(metadata).decode()
    assert "License-Expression: BSD-3-Clause" in text
    assert "Classifier: Typing :: Typed" in text


def test_sdist_has_tests_docs_and_changes(dists: dict[str, Path]) -> None:
    """The sdist carries every file of tests/ and docs/, the changelog,
    the start-up files the wheel is built from, and what runs the tests.
    """
    names = set(_sdist_names(dists["sdist"]))
    assert {
        "PKG-INFO",
        "pyproject.toml",
        "README.rst",
        "LICENSE",
        "CHANGES.rst",
        "_flask_ext_redirect_startup.py",
        "startup/flask_ext_redirect.pth",
        "startup/flask_ext_redirect.start",
        "flask_ext_redirect/py.typed",
        "tests/conftest.py",
        "docs/conf.py",
        "docs/index.rst",
        "Makefile",
        "noxfile.py",
        "requirements/tests.txt",
        "requirements/docs.txt",
    } <= names
    for folder in ("tests", "docs"):
        tracked = _tracked(folder)
        if tracked is not None:
            assert tracked <= names, sorted(tracked - names)


def test_sdist_has_no_stray_files(dists: dict[str, Path]) -> None:
    """No caches, virtual environments, build output or docs/_build; with
    git at hand, nothing that git ignores.
    """
    names = _sdist_names(dists["sdist"])
    assert _strays(names) == []
    tracked = _tracked()
    if tracked is not None:
        assert set(names) - {"PKG-INFO"} <= tracked, sorted(set(names) - tracked)
