"""The claim that matters, checked with real pip on Python 3.13: each 2015
pin set under ``files/`` fails to install there, and installs once
``migrate --upgrade`` has rewritten it."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import clean_env
from conftest import ROOT

FILES = Path(__file__).resolve().parent / "files"


def _python313() -> str | None:
    """A real Python 3.13 (pyenv's build first: a pyenv shim needs pyenv's
    environment, which the tests do not pass on)."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    pattern = os.path.join(root, "versions", "3.13.*", "bin", "python")
    matches = sorted(glob.glob(pattern))
    if matches:
        return matches[-1]
    found = shutil.which("python3.13")
    return found if found and "shims" not in found else None


PYTHON = _python313()


def _install(venv: Path, requirements: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-r", str(requirements)],
        env=clean_env(),
        capture_output=True,
        text=True,
    )


@pytest.mark.venv
@pytest.mark.skipif(PYTHON is None, reason="needs a Python 3.13 interpreter")
@pytest.mark.parametrize(
    ("app", "failing"),
    [("blog-2015", "wsgiref"), ("api-2015", "lxml")],
)
def test_pins_fail_before_and_install_after_rewrite(
    app: str, failing: str, tmp_path: Path
) -> None:
    """pip install -r fails on the 2015 pins (naming the distribution that
    stops it) and succeeds on the file migrate --upgrade writes."""
    assert PYTHON is not None
    copy = tmp_path / app
    shutil.copytree(FILES / app, copy)
    venv = tmp_path / "venv"
    subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True, env=clean_env())
    before = _install(venv, copy / "requirements.txt")
    assert before.returncode != 0
    assert failing in before.stdout + before.stderr
    # The rewrite runs on Python 3.13 too: the first releases for that Python.
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(ROOT)],
        check=True,
        env=clean_env(),
        capture_output=True,
    )
    upgraded = subprocess.run(
        [str(venv / "bin" / "flask-ext-redirect"), "migrate", "--upgrade", str(copy)],
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    assert upgraded.returncode == 1, upgraded.stderr
    fresh = tmp_path / "fresh"
    subprocess.run([PYTHON, "-m", "venv", str(fresh)], check=True, env=clean_env())
    after = _install(fresh, copy / "requirements.txt")
    assert after.returncode == 0, after.stdout[-3000:] + after.stderr[-3000:]
