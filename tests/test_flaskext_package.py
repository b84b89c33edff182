"""``flaskext.<name>`` where no ``flaskext`` package is installed at all:
Flask-Ext-Redirect alone (Flask-SQLite3, which ships a ``flaskext``
portion, is a distribution of its own), in real child interpreters.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import clean_env

# Runs with the fixture folder first on sys.path and every flaskext portion
# of this checkout's editable Flask-SQLite3 install taken off it.
PRELUDE = """\
import sys, warnings
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("flask-sqlite3")]
sys.path.insert(0, sys.argv[1])
warnings.simplefilter("always")
"""


def _run(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + code, str(folder)],
        capture_output=True,
        text=True,
        env=clean_env(),
    )


def _extension(folder: Path) -> Path:
    (folder / "flask_lonely.py").write_text("RUNS = 1\n")
    return folder


def test_flaskext_name_resolves_without_a_flaskext_package(tmp_path: Path) -> None:
    """import flaskext.lonely is flask_lonely, with one warning, although no
    flaskext package exists: the redirect provides an empty one.
    """
    result = _run(
        "import importlib.util\n"
        "assert importlib.util.find_spec('flaskext.lonely') is not None\n"
        "import flaskext.lonely, flask_lonely\n"
        "assert flaskext.lonely is flask_lonely\n"
        "import flaskext\n"
        "assert list(flaskext.__path__) == [], flaskext.__path__\n"
        "print('ok')\n",
        _extension(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"
    assert result.stderr.count("FlaskExtDeprecationWarning") == 1
    assert 'use "import flask_lonely" instead of "import flaskext.lonely"' in (
        result.stderr
    )


def test_missing_flaskext_name_is_not_found(tmp_path: Path) -> None:
    """flaskext.nosuch without a flaskext package: ModuleNotFoundError, and
    find_spec answers None.
    """
    result = _run(
        "import importlib.util\n"
        "assert importlib.util.find_spec('flaskext.nosuch') is None\n"
        "try:\n"
        "    import flaskext.nosuch\n"
        "except ModuleNotFoundError as e:\n"
        "    print(e.name)\n",
        _extension(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "flaskext.nosuch\n"


def test_a_real_flaskext_namespace_wins(tmp_path: Path) -> None:
    """Where a flaskext folder exists (a PEP 420 portion with its own
    module), it is the package, and its module is the real one.
    """
    _extension(tmp_path)
    (tmp_path / "flaskext").mkdir()
    (tmp_path / "flaskext" / "lonely.py").write_text("OWN = 1\n")
    result = _run(
        "import flaskext.lonely\n"
        "assert flaskext.lonely.OWN == 1\n"
        "assert flaskext.lonely.__name__ == 'flaskext.lonely'\n"
        "import flaskext\n"
        "print(len(list(flaskext.__path__)))\n",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1\n"
    assert "FlaskExtDeprecationWarning" not in result.stderr
