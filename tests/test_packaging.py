"""What ``python -m build`` puts in the wheels and sdists of the two
distributions.  Flask-Ext-Redirect: the redirect and its start-up files at
the root of the wheel, every file git tracks (tests, docs,
flask-sqlite3/) in the sdist.  Flask-SQLite3 (built from flask-sqlite3/):
flask_sqlite3 and flaskext/sqlite3.py, no import hook, no
flaskext/__init__.py.  Both typed, licensed, and nothing that is not part of
the project.
"""

from __future__ import annotations

import subprocess
import tarfile
import zipfile
from pathlib import Path
from pathlib import PurePosixPath

import pytest
from conftest import ROOT
from conftest import SQLITE3_PROJECT

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
# What the build writes into each sdist: its metadata and its file list.
GENERATED = {"PKG-INFO", "sdist-files.txt"}


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


def _tracked(under: str = ".", root: Path = ROOT) -> set[str] | None:
    """The files under ``under`` (relative to ``root``) that git tracks, as
    paths relative to ``root``; None outside a git checkout.  This is what
    the sdists carry (hatch_build.py).
    """
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--", under],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return {name for name in out.split("\0") if name and (root / name).is_file()}


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


def test_wheel_is_typed_and_holds_only_the_redirect(dists: dict[str, Path]) -> None:
    """py.typed ships; flask_sqlite3 and flaskext (Flask-SQLite3's), tests,
    docs and stray files do not.
    """
    names = _wheel_names(dists["wheel"])
    assert "flask_ext_redirect/py.typed" in names
    assert "flask_ext_redirect/__init__.py" in names
    tops = {PurePosixPath(name).parts[0] for name in names}
    dist_info = {top for top in tops if top.endswith(".dist-info")}
    assert len(dist_info) == 1
    assert tops - dist_info == {
        "flask_ext_redirect",
        "_flask_ext_redirect_startup.py",
        "flask_ext_redirect.pth",
        "flask_ext_redirect.start",
    }
    assert _strays(names) == []


def test_wheel_ships_the_knowledge_base(dists: dict[str, Path]) -> None:
    """knowledge.json, the data ``doctor`` and ``migrate --upgrade`` read,
    is in the wheel beside its loader.
    """
    names = _wheel_names(dists["wheel"])
    assert "flask_ext_redirect/_era/knowledge.json" in names
    assert "flask_ext_redirect/_era/__init__.py" in names
    # The schema of ``doctor --format json``, documented as shipped.
    assert "flask_ext_redirect/_diagnose/doctor-report.schema.json" in names


def test_sqlite3_wheel_holds_the_extension_and_no_hook(dists: dict[str, Path]) -> None:
    """Flask-SQLite3's wheel: flask_sqlite3 (typed) and flaskext/sqlite3.py,
    no .pth, no start-up module, no flaskext/__init__.py (PEP 420: it must
    not overwrite or take away a legacy distribution's).
    """
    names = _wheel_names(dists["sqlite3_wheel"])
    assert {
        "flask_sqlite3/__init__.py",
        "flask_sqlite3/py.typed",
        "flaskext/sqlite3.py",
    } <= set(names)
    assert "flaskext/__init__.py" not in names
    tops = {PurePosixPath(name).parts[0] for name in names}
    dist_info = {top for top in tops if top.endswith(".dist-info")}
    assert len(dist_info) == 1
    assert tops - dist_info == {"flask_sqlite3", "flaskext"}
    assert not [name for name in names if name.endswith(".pth")]
    assert _strays(names) == []


def test_sqlite3_wheel_files_come_from_its_folder(dists: dict[str, Path]) -> None:
    """Every file of Flask-SQLite3's wheel is a file of flask-sqlite3/."""
    tracked = _tracked("flask-sqlite3")
    if tracked is None:
        pytest.skip("not a git checkout")
    for name in _wheel_names(dists["sqlite3_wheel"]):
        if not PurePosixPath(name).parts[0].endswith(".dist-info"):
            assert f"flask-sqlite3/{name}" in tracked, name


def test_sqlite3_metadata_needs_only_flask(dists: dict[str, Path]) -> None:
    """Flask-SQLite3's metadata: its own name and README, Flask >= 1.1 its
    only requirement, the license travelling with it.
    """
    names = _wheel_names(dists["sqlite3_wheel"])
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    with zipfile.ZipFile(dists["sqlite3_wheel"]) as zf:
        (metadata,) = (n for n in names if n.endswith(".dist-info/METADATA"))
        text = zf.read(metadata).decode()
    assert "Name: Flask-SQLite3\n" in text
    requires = [line for line in text.splitlines() if line.startswith("Requires-Dist:")]
    assert requires == ["Requires-Dist: flask>=1.1"]
    assert "License-Expression: BSD-3-Clause" in text
    assert "Classifier: Typing :: Typed" in text
    assert "\nFlask-SQLite3\n=============\n" in text  # the README, not ours


def test_sqlite3_sdist_has_its_sources_and_changes(dists: dict[str, Path]) -> None:
    """Flask-SQLite3's sdist: its package sources, README, LICENSE and
    CHANGES, every one a file of flask-sqlite3/, and nothing stray.
    """
    names = set(_sdist_names(dists["sqlite3_sdist"]))
    assert {
        "PKG-INFO",
        "pyproject.toml",
        "README.rst",
        "LICENSE",
        "CHANGES.rst",
        "flask_sqlite3/__init__.py",
        "flask_sqlite3/py.typed",
        "flaskext/sqlite3.py",
    } <= names
    assert "flaskext/__init__.py" not in names
    assert _strays(sorted(names)) == []
    tracked = _tracked("flask-sqlite3")
    if tracked is not None:
        # Hatchling adds the repository's .gitignore, whose rules it follows.
        ours = {f"flask-sqlite3/{name}" for name in names - GENERATED - {".gitignore"}}
        assert ours == tracked, sorted(ours ^ tracked)
    assert (SQLITE3_PROJECT / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()


def test_sdist_has_tests_docs_and_changes(dists: dict[str, Path]) -> None:
    """The sdist carries every file of tests/, docs/ and flask-sqlite3/
    (the tests need Flask-SQLite3), the changelog, the start-up files the
    wheel is built from, and what runs the tests.
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
        "flask-sqlite3/pyproject.toml",
        "flask-sqlite3/flask_sqlite3/__init__.py",
        "tests/conftest.py",
        "docs/conf.py",
        "docs/index.rst",
        "Makefile",
        "noxfile.py",
        "requirements/tests.txt",
        "requirements/docs.txt",
    } <= names
    for folder in ("tests", "docs", "flask-sqlite3"):
        tracked = _tracked(folder)
        if tracked is not None:
            assert tracked <= names, sorted(tracked - names)


def test_sdist_has_no_stray_files(dists: dict[str, Path]) -> None:
    """No caches, virtual environments, build output or docs/_build; with
    git at hand, exactly the files git tracks.
    """
    names = _sdist_names(dists["sdist"])
    assert _strays(names) == []
    tracked = _tracked()
    if tracked is not None:
        assert set(names) - GENERATED == tracked, sorted(set(names) ^ tracked)
