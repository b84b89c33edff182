"""``python -m`` and ``coverage run -m`` with a legacy name run the real
module's code as ``__main__``, in real child interpreters.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import clean_env
from conftest import EXTS


def _python(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """This interpreter (its venv activates the redirect) with the fixtures."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=clean_env(PYTHONPATH=str(EXTS)),
        cwd=cwd,
    )


@pytest.mark.parametrize(
    ("name", "real"),
    [
        ("flask.ext.newext_simple", "flask_newext_simple"),
        ("flaskext.newext_simple", "flask_newext_simple"),
    ],
)
def test_dash_m_runs_a_module_as_main(name: str, real: str) -> None:
    """python -m flask.ext.solo runs flask_solo as __main__, and warns."""
    result = _python("-m", name)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "main of flask_newext_simple\n"
    assert f'use "python -m {real}" instead of "python -m {name}"' in result.stderr
    assert result.stderr.count("FlaskExtDeprecationWarning") == 1


def test_dash_m_runs_a_packages_main() -> None:
    """python -m flask.ext.pkg runs flask_pkg/__main__.py, whose relative
    imports reach the real package without warnings of their own.
    """
    result = _python("-m", "flask.ext.newext_package")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("main of flask_newext_package")
    assert result.stdout.endswith("sub sub\n")
    assert result.stderr.count("FlaskExtDeprecationWarning") == 1
    assert '"python -m flask_newext_package"' in result.stderr


@pytest.mark.parametrize("name", ["flask.ext.nosuchthing", "flaskext.nosuchthing"])
def test_dash_m_of_a_missing_name_says_no_module_named(name: str) -> None:
    """python -m flask.ext.nosuch fails as python -m nosuch does."""
    result = _python("-m", name)
    assert result.returncode == 1
    assert result.stderr.strip().endswith(f"No module named {name}")


def test_dash_m_fails_loudly_under_error_filter() -> None:
    """-W error: the escalated warning stops the run with its message."""
    result = _python("-W", "error", "-m", "flask.ext.newext_simple")
    assert result.returncode == 1
    assert result.stdout == ""
    assert '"python -m flask_newext_simple"' in result.stderr


def test_coverage_run_dash_m_measures_the_real_module(tmp_path: Path) -> None:
    """coverage run -m flask.ext.foo runs it; --source takes the real name."""
    data = tmp_path / ".coverage"
    env_free = {"COVERAGE_PROCESS_START": "", "COVERAGE_RCFILE": os.devnull}
    result = subprocess.run(
        [sys.executable, "-m", "coverage", "run", f"--data-file={data}"]
        + ["--source=flask_newext_package", "-m", "flask.ext.newext_package"],
        capture_output=True,
        text=True,
        env=clean_env(PYTHONPATH=str(EXTS), **env_free),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("main of flask_newext_package")
    report = subprocess.run(
        [sys.executable, "-m", "coverage", "report", f"--data-file={data}"],
        capture_output=True,
        text=True,
        env=clean_env(**env_free),
        cwd=tmp_path,
    )
    assert report.returncode == 0, report.stderr
    assert "__main__.py" in report.stdout
    assert "sub.py" in report.stdout


@pytest.mark.usefixtures("redirect")
def test_run_module_in_process_gives_the_real_code() -> None:
    """runpy.run_module("flask.ext.foo") runs flask_foo's code, not an alias."""
    namespace = runpy.run_module("flask.ext.newext_simple", run_name="__main__")
    assert namespace["Simple"].__module__ == "__main__"
    assert namespace["__file__"].endswith("flask_newext_simple.py")
    assert "flask_newext_simple" not in sys.modules
