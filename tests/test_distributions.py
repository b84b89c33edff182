"""The repository's two distributions, installed and uninstalled for real:
Flask-Ext-Redirect (the import hook) and Flask-SQLite3 (the extension, with
its legacy ``flaskext.sqlite3`` twin).  Each works alone, both work together,
and uninstalling either, in either order, leaves the other working and
nothing of its own behind.  Wheel, sdist and editable installs alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from conftest import EXTS
from conftest import ROOT
from conftest import SQLITE3_PROJECT
from conftest import Venv

pytestmark = pytest.mark.venv

REDIRECT = "Flask-Ext-Redirect"
SQLITE3 = "Flask-SQLite3"

# The extension used the way an app uses it, by both of its names.
USES_SQLITE3 = """\
import warnings
import flask
import flask_sqlite3
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import flaskext.sqlite3
assert flaskext.sqlite3.SQLite3 is flask_sqlite3.SQLite3
assert [w.category.__name__ for w in caught] == ["DeprecationWarning"], caught
app = flask.Flask("app")
db = flask_sqlite3.SQLite3(app)
with app.app_context():
    assert db.connection.execute("select 41 + 1").fetchone()[0] == 42
print("sqlite3 ok")
"""

# No import hook: flask.ext does not exist, and no finder of ours is on
# sys.meta_path.
NO_HOOK = """\
import sys
import flask
assert not any("flask_ext_redirect" in repr(f) for f in sys.meta_path), sys.meta_path
try:
    import flask.ext.sqlite3
except ModuleNotFoundError as e:
    print(e)
else:
    raise AssertionError("flask.ext.sqlite3 imported without the redirect")
try:
    import flask_ext_redirect
except ModuleNotFoundError:
    print("no redirect")
"""

# The redirect, with the extension missing: a legacy import of a fixture
# extension works, flask.ext.sqlite3 says what to install.
USES_REDIRECT = """\
import warnings
warnings.simplefilter("ignore", DeprecationWarning)
from flask.ext.newext_simple import Simple
assert Simple.__module__ == "flask_newext_simple"
try:
    import flask.ext.sqlite3
except ModuleNotFoundError as e:
    print(e)
"""

# What each distribution leaves in site-packages (its .dist-info aside).
REDIRECT_FILES = (
    "flask_ext_redirect",
    "flask_ext_redirect.pth",
    "flask_ext_redirect.start",
    "_flask_ext_redirect_startup.py",
)
SQLITE3_FILES = ("flask_sqlite3", "flaskext")


def _install(venv: Venv, kind: str, dists: dict[str, Path], name: str) -> None:
    if kind == "editable":
        venv.pip("install", "-e", str(ROOT if name == REDIRECT else SQLITE3_PROJECT))
    else:
        prefix = "" if name == REDIRECT else "sqlite3_"
        venv.pip("install", str(dists[prefix + kind]))


def _pth_files(venv: Venv) -> set[str]:
    """The .pth files in site-packages, less those of a new venv (pip's
    setuptools brings distutils-precedence.pth on some Pythons).
    """
    made_with_venv = {"distutils-precedence.pth"}
    return {p.name for p in venv.site_packages.glob("*.pth")} - made_with_venv


def _start_up_code(venv: Venv) -> list[str]:
    """The lines of our .pth files that run code at start-up (``import``
    lines); path lines, as editable installs write, run nothing.
    """
    return [
        f"{name}: {line}"
        for name in sorted(_pth_files(venv))
        for line in (venv.site_packages / name).read_text().splitlines()
        if line.startswith(("import ", "import\t"))
    ]


def _assert_sqlite3_alone(venv: Venv, kind: str) -> None:
    """The extension works, and nothing of the redirect is there."""
    assert venv.run(USES_SQLITE3).stdout == "sqlite3 ok\n"
    out = venv.run(NO_HOOK).stdout
    assert "No module named 'flask.ext'" in out
    assert "no redirect" in out
    assert _start_up_code(venv) == []
    if kind != "editable":
        assert _pth_files(venv) == set()
    for name in REDIRECT_FILES:
        assert not (venv.site_packages / name).exists(), name


def _assert_redirect_alone(venv: Venv) -> None:
    """The redirect works; the extension is gone and the redirect says so."""
    out = venv.run(USES_REDIRECT, PYTHONPATH=str(EXTS)).stdout
    assert out.startswith("No module named 'flask.ext.sqlite3'"), out
    assert _start_up_code(venv) == [
        "flask_ext_redirect.pth: import _flask_ext_redirect_startup"
    ]
    for name in SQLITE3_FILES:
        assert not (venv.site_packages / name).exists(), name


def _assert_both(venv: Venv) -> None:
    """Old code gets the extension through flask.ext."""
    assert venv.run(USES_SQLITE3).stdout == "sqlite3 ok\n"
    code = (
        "import warnings; warnings.simplefilter('ignore', DeprecationWarning)\n"
        "import flask.ext.sqlite3, flask_sqlite3\n"
        "assert flask.ext.sqlite3 is flask_sqlite3"
    )
    venv.run(code)


def _assert_neither(venv: Venv) -> None:
    sp = venv.site_packages
    for name in (*REDIRECT_FILES, *SQLITE3_FILES):
        assert not (sp / name).exists(), name
    assert not [p.name for p in sp.glob("flask_sqlite3*.dist-info")]
    assert not [p.name for p in sp.glob("flask_ext_redirect*.dist-info")]
    assert venv.run("import flask").returncode == 0


@pytest.mark.parametrize("kind", ["wheel", "sdist", "editable"])
def test_extension_first_then_redirect_then_uninstall_extension(
    make_venv: Callable[..., Venv], dists: dict[str, Path], kind: str
) -> None:
    """Flask-SQLite3 alone brings no import hook and no .pth; adding the
    redirect makes flask.ext.sqlite3 work; uninstalling the extension leaves
    the redirect working, then uninstalling the redirect leaves nothing.
    """
    venv = make_venv(f"sqlite3-first-{kind}")
    _install(venv, kind, dists, SQLITE3)
    _assert_sqlite3_alone(venv, kind)
    _install(venv, kind, dists, REDIRECT)
    _assert_both(venv)
    venv.pip("uninstall", "--yes", SQLITE3)
    _assert_redirect_alone(venv)
    venv.pip("uninstall", "--yes", REDIRECT)
    _assert_neither(venv)


@pytest.mark.parametrize("kind", ["wheel", "sdist", "editable"])
def test_redirect_first_then_extension_then_uninstall_redirect(
    make_venv: Callable[..., Venv], dists: dict[str, Path], kind: str
) -> None:
    """The migration path of the docs: with both installed, uninstalling the
    redirect leaves the extension working (no ModuleNotFoundError), and no
    hook; uninstalling the extension then leaves nothing.
    """
    venv = make_venv(f"redirect-first-{kind}")
    _install(venv, kind, dists, REDIRECT)
    _assert_redirect_alone(venv)
    _install(venv, kind, dists, SQLITE3)
    _assert_both(venv)
    venv.pip("uninstall", "--yes", REDIRECT)
    _assert_sqlite3_alone(venv, kind)
    venv.pip("uninstall", "--yes", SQLITE3)
    _assert_neither(venv)
