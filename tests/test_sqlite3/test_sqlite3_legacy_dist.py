"""Both resolution paths for real: a legacy-layout distribution (only
flaskext/oldext.py) pip-installed beside this package in a virtual
environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from conftest import build
from conftest import Venv

pytestmark = pytest.mark.venv

LEGACY_DIST = Path(__file__).parents[1] / "fixtures" / "legacy_dist"

# An old app: both kinds of extension through flask.ext, warnings on.
OLD_APP = """\
import warnings
warnings.simplefilter("error")
warnings.simplefilter("ignore", DeprecationWarning)
import flaskext
from flask.ext.oldext import OldExt
from flask.ext.sqlite3 import SQLite3
import flask.ext.oldext, flask.ext.sqlite3, flaskext.oldext, flaskext.sqlite3
import flask_sqlite3
assert flask.ext.oldext is flaskext.oldext, flask.ext.oldext
assert flask.ext.sqlite3 is flask_sqlite3, flask.ext.sqlite3
assert SQLite3 is flask_sqlite3.SQLite3 is flaskext.sqlite3.SQLite3
assert OldExt.__module__ == "flaskext.oldext"
print(flaskext.oldext.__file__)
print(flaskext.sqlite3.__file__)
print(repr(list(flaskext.__path__)))
"""


@pytest.fixture(scope="module")
def legacy_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/legacy_dist built into a wheel."""
    (wheel,) = build(LEGACY_DIST, tmp_path_factory.mktemp("legacy-dist"), "--wheel")
    return wheel


def test_both_distributions_in_one_site_packages(
    make_venv: Callable[..., Venv], dists: dict[str, Path], legacy_wheel: Path
) -> None:
    """pip installs both into one site-packages/flaskext folder: flask.ext
    finds flaskext.oldext there, and flask.ext.sqlite3 is flask_sqlite3.
    Uninstalling the old extension leaves flaskext.sqlite3 working.
    """
    venv = make_venv("legacy-beside")
    venv.pip("install", str(dists["wheel"]), str(legacy_wheel))
    flaskext = venv.site_packages / "flaskext"
    out = venv.run(OLD_APP).stdout.splitlines()
    assert out[0] == str(flaskext / "oldext.py")
    assert out[1] == str(flaskext / "sqlite3.py")

    venv.pip("uninstall", "--yes", "Flask-OldExt")
    result = venv.run("import flaskext.oldext", check=False)
    assert "No module named 'flaskext.oldext'" in result.stderr
    # pip removed the shared flaskext/__init__.py with the old extension;
    # flaskext is then an implicit namespace package, and still works.
    assert not (flaskext / "__init__.py").exists()
    venv.run(
        "import warnings; warnings.simplefilter('ignore', DeprecationWarning)\n"
        "import flaskext.sqlite3, flask_sqlite3\n"
        "assert flaskext.sqlite3.SQLite3 is flask_sqlite3.SQLite3"
    )


def test_distributions_in_two_sys_path_entries(
    installed_venv: Venv, legacy_wheel: Path, tmp_path: Path
) -> None:
    """The old extension in another sys.path entry: pkgutil.extend_path
    joins both flaskext folders into one package, and flask.ext reaches each.
    """
    target = tmp_path / "other-site"
    installed_venv.pip(
        "install", "--no-deps", "--target", str(target), str(legacy_wheel)
    )
    out = installed_venv.run(OLD_APP, PYTHONPATH=str(target)).stdout.splitlines()
    ours = installed_venv.site_packages / "flaskext"
    assert out[0] == str(target / "flaskext" / "oldext.py")
    assert out[1] == str(ours / "sqlite3.py")
    assert str(target / "flaskext") in out[2] and str(ours) in out[2]
