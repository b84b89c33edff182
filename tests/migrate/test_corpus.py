"""The legacy corpus: after migrate every Python 3 file compiles, imports no
flask.ext, runs (where it could) with the redirect off; Python 2 files still
compile with Python 2."""

from __future__ import annotations

import ast
import difflib
import os
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import CORPUS

Run = Callable[..., "subprocess.CompletedProcess[Any]"]
EXTS = CORPUS / "_exts"
PY27 = (
    Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    / "versions/2.7.18/bin/python"
)
_NEEDS = re.compile(r"_py3(\d+)\.py$")
_RUN = """
import runpy, sys
ns = runpy.run_path(sys.argv[1], run_name="corpus_app")
response = ns["app"].test_client().get("/")
assert response.status_code == 200, response.status_code
print(response.get_data(as_text=True))
"""


def _parseable(path: Path) -> bool:
    match = _NEEDS.search(path.name)
    return match is None or sys.version_info >= (3, int(match.group(1)))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of the corpus, migrated once with the stand-in extensions
    importable (so resolution follows what is installed)."""
    root = tmp_path_factory.mktemp("corpus")
    for sub in ("py3", "py2"):
        (root / sub).mkdir()
        for path in (CORPUS / sub).glob("*.py"):
            if _parseable(path):
                shutil.copy2(path, root / sub / path.name)
    from .conftest import ROOT

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(EXTS), str(ROOT)]))
    result = subprocess.run(
        [sys.executable, "-m", "flask_ext_redirect", "migrate", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert ": error:" not in result.stderr
    return root, result.stderr


def _py3_files() -> list[Path]:
    return sorted(p for p in (CORPUS / "py3").glob("*.py") if _parseable(p))


def _legacy_imports(tree: ast.AST) -> list[str]:
    found: list[str] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value] if node.value.startswith("flask.ext.") else []
        found.extend(n for n in names if n == "flask.ext" or n.startswith("flask.ext."))
    return found


def test_corpus_is_large_enough() -> None:
    """A few dozen files, both kinds."""
    assert len(list((CORPUS / "py3").glob("*.py"))) >= 24
    assert len(list((CORPUS / "py2").glob("*.py"))) >= 8


@pytest.mark.parametrize("original", _py3_files(), ids=lambda p: p.name)
def test_python3_file_compiles_without_flask_ext(
    original: Path, migrated: tuple[Path, str]
) -> None:
    """Compiles, imports nothing from flask.ext, and only lines that
    mentioned flask.ext / flaskext changed."""
    root, _ = migrated
    new = (root / "py3" / original.name).read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(new)
        compile(tree, original.name, "exec")
    assert _legacy_imports(tree) == []
    old_lines = original.read_bytes().decode("latin-1").splitlines(keepends=True)
    new_lines = new.decode("latin-1").splitlines(keepends=True)
    for line in difflib.ndiff(old_lines, new_lines):
        if line.startswith("- "):
            assert "flask" in line, line


@pytest.mark.parametrize(
    "original",
    [p for p in _py3_files() if p.read_text().startswith("# corpus: runnable")],
    ids=lambda p: p.name,
)
def test_runnable_file_still_runs_without_the_redirect(
    original: Path, migrated: tuple[Path, str]
) -> None:
    """GET / answers 200 with FLASK_EXT_REDIRECT=0 and the package absent."""
    root, _ = migrated
    env = dict(os.environ, PYTHONPATH=str(EXTS), FLASK_EXT_REDIRECT="0")
    result = subprocess.run(
        [sys.executable, "-c", _RUN, str(root / "py3" / original.name)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    assert "flask_ext_redirect" not in result.stderr


def test_resolution_followed_what_is_installed(migrated: tuple[Path, str]) -> None:
    """flaskext-only extensions stay in flaskext; the rest moved."""
    root, stderr = migrated
    text = (root / "py3" / "legacy_namespace_db.py").read_text()
    assert "from flaskext.legacydb import LegacyDB" in text
    assert "from flask_greeting import Greeting" in text
    assert "kept 'flaskext.legacydb'" in stderr


@pytest.mark.parametrize(
    "original", sorted((CORPUS / "py2").glob("*.py")), ids=lambda p: p.name
)
def test_python2_file_migrated(original: Path, migrated: tuple[Path, str]) -> None:
    """No flask.ext import is left, and Python 2.7 still compiles the file."""
    root, _ = migrated
    path = root / "py2" / original.name
    text = path.read_bytes()
    assert not re.search(rb"^\s*(from|import)\s+flask\.ext", text, re.M)
    assert b"import_module('flask.ext" not in text
    if not PY27.exists():
        pytest.skip("Python 2.7 is not installed through pyenv")
    result = subprocess.run(
        [
            str(PY27),
            "-B",
            "-c",
            "import sys; compile(open(sys.argv[1], 'rb').read(), sys.argv[1], 'exec')",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_second_run_changes_nothing(run_cli: Run, migrated: tuple[Path, str]) -> None:
    """Migrating the migrated corpus again is a no-op (exit 0)."""
    root, _ = migrated
    result = run_cli("migrate", "--check", root, extra_path=[EXTS])
    assert result.returncode == 0, result.stderr
