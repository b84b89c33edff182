"""``flaskext.<name>`` where no ``flaskext`` package is installed at all:
Flask-Ext-Redirect alone (Flask-SQLite3, which ships a ``flaskext``
portion, is a distribution of its own), in real child interpreters.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import clean_env

# The child runs without site (-S), so no installed flaskext portion (this
# checkout's Flask-SQLite3, editable or not) is on its path: only a copy of
# the redirect, a folder of the test's and the standard library, then the
# start-up module switches the redirect on as its .pth line would.
PRELUDE = """\
import sys, warnings
sys.path[:0] = sys.argv[1:3]
import _flask_ext_redirect_startup
warnings.simplefilter("always")
"""


def _redirect_copy(folder: Path) -> Path:
    """The redirect alone, copied into its own folder."""
    import _flask_ext_redirect_startup
    import flask_ext_redirect

    site = folder / "site"
    shutil.copytree(
        Path(flask_ext_redirect.__file__).parent,
        site / "flask_ext_redirect",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(_flask_ext_redirect_startup.__file__, site)
    return site


def _run(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    site = _redirect_copy(folder.parent / f"{folder.name}-redirect")
    return subprocess.run(
        [sys.executable, "-S", "-c", PRELUDE + code, str(site), str(folder)],
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
