"""The shared ``flaskext`` namespace, for real: Flask-SQLite3 (which ships
``flaskext/sqlite3.py``) pip-installed beside legacy flaskext distributions
of both old styles, in any order, in one site-packages or two sys.path
entries.

- Flask-OldExt (tests/fixtures/legacy_dist): a pkgutil-style
  ``flaskext/__init__.py``, shipped as a file.
- Flask-OldNs (tests/fixtures/legacy_dist_setuptools): a pkg_resources-style
  namespace declared to setuptools, which installs a ``*-nspkg.pth`` instead
  of ``flaskext/__init__.py``.

Flask-SQLite3 ships no ``flaskext/__init__.py`` (PEP 420), so it never
overwrites another distribution's file, and uninstalling it never removes one.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Callable

import pytest
from conftest import build
from conftest import Venv

pytestmark = pytest.mark.venv

FIXTURES = Path(__file__).parents[1] / "fixtures"

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

# Each flaskext module that should be there imports; prints where from.
IMPORTS = """\
import importlib, sys, warnings
warnings.simplefilter("ignore", DeprecationWarning)
for name in sys.argv[1:]:
    print(importlib.import_module("flaskext." + name).__file__)
"""


def _imports(venv: Venv, *names: str, **env: str) -> list[str]:
    code = f"import sys; sys.argv[1:] = {list(names)!r}\n" + IMPORTS
    return venv.run(code, **env).stdout.splitlines()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def legacy_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/legacy_dist (pkgutil style) built into a wheel."""
    out = tmp_path_factory.mktemp("legacy-dist")
    (wheel,) = build(FIXTURES / "legacy_dist", out, "--wheel")
    return wheel


@pytest.fixture(scope="module")
def setuptools_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/legacy_dist_setuptools built by setuptools itself,
    from a copy (setuptools writes build/ and *.egg-info where it builds).
    """
    out = tmp_path_factory.mktemp("legacy-setuptools")
    source = shutil.copytree(FIXTURES / "legacy_dist_setuptools", out / "source")
    (wheel,) = build(source, out / "dist", "--wheel")
    return wheel


def test_legacy_init_survives_installing_and_uninstalling_ours(
    make_venv: Callable[..., Venv], dists: dict[str, Path], legacy_wheel: Path
) -> None:
    """Installing Flask-SQLite3 after a pkgutil-style legacy extension leaves
    its flaskext/__init__.py byte for byte; uninstalling Flask-SQLite3 leaves
    it in place and the legacy extension importable.
    """
    venv = make_venv("legacy-first")
    venv.pip("install", str(legacy_wheel))
    init = venv.site_packages / "flaskext" / "__init__.py"
    theirs = _digest(init)
    venv.pip("install", str(dists["sqlite3_wheel"]))
    assert _digest(init) == theirs
    flaskext = venv.site_packages / "flaskext"
    assert _imports(venv, "oldext", "sqlite3") == [
        str(flaskext / "oldext.py"),
        str(flaskext / "sqlite3.py"),
    ]
    venv.pip("uninstall", "--yes", "Flask-SQLite3")
    assert _digest(init) == theirs
    assert _imports(venv, "oldext") == [str(flaskext / "oldext.py")]
    assert venv.run("import flaskext; print(flaskext.__file__)").stdout == (f"{init}\n")


def test_ours_survives_installing_and_uninstalling_legacy(
    make_venv: Callable[..., Venv], dists: dict[str, Path], legacy_wheel: Path
) -> None:
    """The other order: the legacy extension installed after Flask-SQLite3
    and uninstalled again takes its own files only; flaskext.sqlite3 works
    throughout, and uninstalling Flask-SQLite3 then empties the namespace.
    """
    venv = make_venv("ours-first")
    venv.pip("install", str(dists["sqlite3_wheel"]))
    flaskext = venv.site_packages / "flaskext"
    venv.pip("install", str(legacy_wheel))
    assert _imports(venv, "sqlite3", "oldext") == [
        str(flaskext / "sqlite3.py"),
        str(flaskext / "oldext.py"),
    ]
    venv.pip("uninstall", "--yes", "Flask-OldExt")
    assert _imports(venv, "sqlite3") == [str(flaskext / "sqlite3.py")]
    venv.pip("uninstall", "--yes", "Flask-SQLite3")
    assert not flaskext.exists() or not [
        p for p in flaskext.rglob("*") if "__pycache__" not in p.parts
    ]


@pytest.mark.parametrize(
    "ours_first", [True, False], ids=["ours-first", "theirs-first"]
)
def test_beside_a_setuptools_namespace_distribution(
    make_venv: Callable[..., Venv],
    dists: dict[str, Path],
    setuptools_wheel: Path,
    ours_first: bool,
) -> None:
    """A pkg_resources-style extension built by setuptools (its *-nspkg.pth
    makes flaskext at start-up): both import in either install order, and
    uninstalling either leaves the other importable.
    """
    venv = make_venv(f"setuptools-{ours_first}")
    wheels = [str(dists["sqlite3_wheel"]), str(setuptools_wheel)]
    for wheel in wheels if ours_first else reversed(wheels):
        venv.pip("install", wheel)
    assert list(venv.site_packages.glob("*-nspkg.pth"))
    flaskext = venv.site_packages / "flaskext"
    assert _imports(venv, "oldns", "sqlite3") == [
        str(flaskext / "oldns.py"),
        str(flaskext / "sqlite3.py"),
    ]
    if ours_first:
        venv.pip("uninstall", "--yes", "Flask-OldNs")
        assert _imports(venv, "sqlite3") == [str(flaskext / "sqlite3.py")]
    else:
        venv.pip("uninstall", "--yes", "Flask-SQLite3")
        assert _imports(venv, "oldns") == [str(flaskext / "oldns.py")]


def test_both_distributions_and_the_redirect_in_one_site_packages(
    make_venv: Callable[..., Venv], dists: dict[str, Path], legacy_wheel: Path
) -> None:
    """With the redirect too, all three in one site-packages: the old app
    runs unchanged (flask.ext finds flaskext.oldext, and flask.ext.sqlite3 is
    flask_sqlite3), and still does after the redirect is uninstalled and
    flaskext imports are all it has.
    """
    venv = make_venv("legacy-beside")
    venv.pip(
        "install", str(dists["wheel"]), str(dists["sqlite3_wheel"]), str(legacy_wheel)
    )
    flaskext = venv.site_packages / "flaskext"
    out = venv.run(OLD_APP).stdout.splitlines()
    assert out[:2] == [str(flaskext / "oldext.py"), str(flaskext / "sqlite3.py")]
    venv.pip("uninstall", "--yes", "Flask-Ext-Redirect")
    assert _imports(venv, "oldext", "sqlite3") == out[:2]


def test_pkgutil_legacy_in_another_sys_path_entry(
    installed_venv: Venv, legacy_wheel: Path, tmp_path: Path
) -> None:
    """The pkgutil-style legacy extension in a sys.path entry before ours:
    its extend_path joins our namespace portion, so flask.ext and flaskext
    reach both.
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


def test_ours_in_another_sys_path_entry_than_pkgutil_legacy(
    make_venv: Callable[..., Venv],
    dists: dict[str, Path],
    legacy_wheel: Path,
    tmp_path: Path,
) -> None:
    """Flask-SQLite3 in a sys.path entry before the legacy extension's
    site-packages: the legacy flaskext/__init__.py is the package, and its
    extend_path finds our portion.
    """
    venv = make_venv("ours-elsewhere")
    venv.pip("install", str(legacy_wheel), "flask>=1.1")
    target = tmp_path / "ours"
    venv.pip(
        "install", "--no-deps", "--target", str(target), str(dists["sqlite3_wheel"])
    )
    assert _imports(venv, "sqlite3", "oldext", PYTHONPATH=str(target)) == [
        str(target / "flaskext" / "sqlite3.py"),
        str(venv.site_packages / "flaskext" / "oldext.py"),
    ]


PKG_RESOURCES_PYPROJECT = """\
[project]
name = "Flask-OldPr"
version = "0.1"
[build-system]
requires = ["hatchling>=1.26"]
build-backend = "hatchling.build"
[tool.hatch.build.targets.wheel]
packages = ["flaskext"]
"""


def test_pkg_resources_init_elsewhere_needs_the_redirect(
    make_venv: Callable[..., Venv], dists: dict[str, Path], tmp_path: Path
) -> None:
    """The one arrangement a namespace portion cannot join: a legacy
    ``flaskext/__init__.py`` calling pkg_resources' declare_namespace (as
    eggs and ``setup.py install`` left it), in another sys.path entry than
    Flask-SQLite3.  pkg_resources skips portions without ``__init__.py``, so
    flaskext.sqlite3 is not found, loudly; with the redirect on, it is
    flask_sqlite3 itself.
    """
    project = tmp_path / "oldpr"
    shutil.copytree(
        FIXTURES / "legacy_dist_setuptools" / "flaskext", project / "flaskext"
    )
    (project / "flaskext" / "oldns.py").rename(project / "flaskext" / "oldpr.py")
    (project / "pyproject.toml").write_text(PKG_RESOURCES_PYPROJECT)
    (wheel,) = build(project, tmp_path / "dist", "--wheel")
    venv = make_venv("pkg-resources-elsewhere")
    venv.pip("install", "setuptools", str(wheel), str(dists["wheel"]))
    target = tmp_path / "ours"
    venv.pip(
        "install", "--no-deps", "--target", str(target), str(dists["sqlite3_wheel"])
    )
    code = (
        "import warnings; warnings.simplefilter('ignore')\n"
        "import flaskext.oldpr, flask_sqlite3\n"
        "try:\n"
        "    import flaskext.sqlite3\n"
        "except ModuleNotFoundError as e:\n"
        "    print(e)\n"
        "else:\n"
        "    print(flaskext.sqlite3 is flask_sqlite3)\n"
    )
    off = venv.run(code, PYTHONPATH=str(target), FLASK_EXT_REDIRECT="0").stdout
    assert off == "No module named 'flaskext.sqlite3'\n"
    assert venv.run(code, PYTHONPATH=str(target)).stdout == "True\n"
