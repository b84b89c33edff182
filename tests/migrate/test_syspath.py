"""``flask-ext-redirect migrate`` and ``python -m flask_ext_redirect migrate``
resolve names against the same sys.path: the application's, whose first
entry is the import root of the paths being migrated, not the folder the
command happened to start from.  Both entry points run in real subprocesses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flask_ext_redirect._migrate._syspath import import_root

#: Keeps flaskext.local unless flask_local is importable; becomes
#: flask_local for flask.ext.local either way, with a "not installed" note
#: when it is not.
APP = "from flaskext.local import Local\nfrom flask.ext.local import helper\n"
SEEN = "from flask_local import Local\nfrom flask_local import helper\n"


def _env() -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")
    }
    env.pop("FLASK_EXT_REDIRECT", None)
    return env


def _script() -> str:
    script = Path(sys.executable).with_name("flask-ext-redirect")
    if not script.exists():  # pragma: no cover - a venv without the script
        pytest.skip("the flask-ext-redirect script is not installed beside python")
    return str(script)


def _both(cwd: Path, *args: str) -> tuple[str, str]:
    """The diff of ``migrate --diff ARGS`` by each entry point, run in cwd."""
    outs = []
    for command in ([_script()], [sys.executable, "-m", "flask_ext_redirect"]):
        result = subprocess.run(
            [*command, "migrate", "--diff", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=_env(),
        )
        assert result.returncode in (0, 1), result.stderr
        outs.append(result.stdout + result.stderr)
    return outs[0], outs[1]


def test_both_entry_points_see_a_local_module_in_the_folder(tmp_path: Path) -> None:
    """A flask_local.py beside the code counts for both entry points."""
    (tmp_path / "flask_local.py").write_text("class Local: pass\nhelper = 1\n")
    (tmp_path / "app.py").write_text(APP)
    script, module = _both(tmp_path, "app.py")
    assert script == module
    assert "+from flask_local import Local" in script
    assert "not installed" not in script


def test_local_module_counts_when_run_from_elsewhere(tmp_path: Path) -> None:
    """Migrating proj/pkg/views.py from another folder still sees
    proj/flask_local.py: the import root of a package module is above it."""
    proj = tmp_path / "proj"
    (proj / "pkg").mkdir(parents=True)
    (proj / "flask_local.py").write_text("class Local: pass\nhelper = 1\n")
    (proj / "pkg" / "__init__.py").write_text("")
    (proj / "pkg" / "views.py").write_text(APP)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script, module = _both(elsewhere, str(proj / "pkg" / "views.py"))
    assert script == module
    assert "+from flask_local import Local" in script


def test_working_directory_alone_does_not_count(tmp_path: Path) -> None:
    """A flask_local.py in the folder the command runs from, but outside the
    migrated code's import root, counts for neither entry point."""
    (tmp_path / "flask_local.py").write_text("class Local: pass\n")
    code = tmp_path / "code"
    code.mkdir()
    (code / "app.py").write_text(APP)
    script, module = _both(tmp_path, "code")
    assert script == module
    assert "flaskext.local" in script  # kept, with a note
    assert "+from flask_local import helper" in script


def test_import_root_walks_out_of_packages(tmp_path: Path) -> None:
    """A file's import root is the first folder above it that is not a
    package, as Flask's own CLI finds it for --app."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "__init__.py").write_text("")
    (tmp_path / "a" / "b" / "__init__.py").write_text("")
    (tmp_path / "a" / "b" / "m.py").write_text("")
    (tmp_path / "plain.py").write_text("")
    assert import_root(str(tmp_path / "a" / "b" / "m.py")) == str(tmp_path)
    assert import_root(str(tmp_path / "a" / "b")) == str(tmp_path)
    assert import_root(str(tmp_path / "plain.py")) == str(tmp_path)
    assert import_root(str(tmp_path)) == str(tmp_path)
