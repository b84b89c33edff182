"""Alias submodules stay the real ones whatever other finders are installed:
pytest's assertion rewriter, run for real in a child pytest.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import clean_env

EXTENSION = {
    "flask_tx/__init__.py": "",
    "flask_tx/test_util.py": """\
        import sys
        sys.flask_tx_util_runs = getattr(sys, "flask_tx_util_runs", 0) + 1
        def check(value):
            assert value == 1
        """,
    "flask_plug/__init__.py": "",
    "flask_plug/helper.py": """\
        import sys
        sys.flask_plug_helper_runs = getattr(sys, "flask_plug_helper_runs", 0) + 1
        """,
}

PROJECT = {
    "conftest.py": """\
        import pytest
        pytest.register_assert_rewrite("flask.ext.tx")
        pytest_plugins = ["flask.ext.plug"]
        """,
    "test_legacy.py": """\
        import sys
        import flask.ext.tx.test_util
        import flask.ext.plug.helper
        import flask_tx.test_util
        import flask_plug.helper

        def test_one_module_each():
            assert flask.ext.tx.test_util is flask_tx.test_util
            assert sys.modules["flask.ext.tx.test_util"] is flask_tx.test_util
            assert flask.ext.plug.helper is flask_plug.helper
            assert sys.flask_tx_util_runs == 1
            assert sys.flask_plug_helper_runs == 1
        """,
    "pyproject.toml": """\
        [tool.pytest.ini_options]
        filterwarnings = ["ignore::DeprecationWarning"]
        """,
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_assertion_rewriter_does_not_run_alias_submodules_twice(
    tmp_path: Path,
) -> None:
    """register_assert_rewrite("flask.ext.tx") and pytest_plugins naming a
    flask.ext package: each submodule runs once, as the real module.
    """
    site = tmp_path / "site"
    project = tmp_path / "project"
    _write(site, EXTENSION)
    _write(project, PROJECT)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
        capture_output=True,
        text=True,
        env=clean_env(PYTHONPATH=str(site)),
        cwd=project,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
