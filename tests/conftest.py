"""Fixtures shared by the whole suite.

In-process tests get the finder and the fixture extensions through
``redirect``; start-up and packaging tests get real virtual environments
through ``make_venv`` and the distributions built once per session.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from typing import Callable

import pytest

import flask_ext_redirect

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXTS = FIXTURES / "exts"

# Names whose modules the redirect tests import and must forget afterwards.
_TEST_PREFIXES = (
    "flask.ext",
    "flaskext",
    "flask_newext",
    "flask_both",
    "flask_broken",
    "flask_selfimport",
    "flask_ns",
    "missing_dependency_of",
)


@pytest.fixture
def redirect(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The finder installed, the fixture extensions importable, and every
    module the test imported forgotten afterwards, so each test sees first
    imports.  Legacy-import warnings are ignored unless a test asks for them.
    """
    saved = dict(sys.modules)
    was_installed = flask_ext_redirect.is_installed()
    monkeypatch.syspath_prepend(str(EXTS))
    _forget(lambda name: name.startswith(_TEST_PREFIXES))
    flask_ext_redirect.install()
    import flask

    had_ext = hasattr(flask, "ext")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", flask_ext_redirect.FlaskExtDeprecationWarning)
        yield
    _forget(lambda name: name not in saved or name.startswith(_TEST_PREFIXES))
    sys.modules.update({k: v for k, v in saved.items() if k.startswith(_TEST_PREFIXES)})
    if not had_ext and hasattr(flask, "ext"):
        del flask.ext
    if not was_installed:
        flask_ext_redirect.uninstall()


def _forget(condition: Callable[[str], bool]) -> None:
    for name in [name for name in sys.modules if condition(name)]:
        del sys.modules[name]
    for attr in (
        "flask_newext_package_runs",
        "flask_newext_package_sub_runs",
        "flask_newext_package_main_runs",
    ):
        if hasattr(sys, attr):
            delattr(sys, attr)


# --- real distributions and virtual environments ----------------------------


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a child interpreter: nothing that would import
    this checkout or change start-up, plus ``extra``.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"}
        and not k.startswith("FLASK_EXT_REDIRECT")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(extra)
    return env


class Venv:
    """A real virtual environment made with the venv module."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.python = path / "bin" / "python"

    @property
    def site_packages(self) -> Path:
        out = self.run("import sysconfig; print(sysconfig.get_paths()['purelib'])")
        return Path(out.stdout.strip())

    def pip(self, *args: str) -> None:
        subprocess.run(
            [str(self.python), "-m", "pip", "--quiet", *args],
            check=True,
            env=clean_env(),
            capture_output=True,
        )

    def run(
        self, code: str, *args: str, check: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """Run ``python [args] -c code`` in a fresh interpreter of this venv."""
        result = subprocess.run(
            [str(self.python), *args, "-c", code],
            env=clean_env(**env),
            capture_output=True,
            text=True,
            cwd=self.path,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
            )
        return result

    def flask(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run this venv's ``flask`` command with ``args`` in ``cwd``."""
        return subprocess.run(
            [str(self.path / "bin" / "flask"), *args],
            cwd=cwd,
            env=clean_env(),
            capture_output=True,
            text=True,
        )


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[Any]]:
    """Run ``python -m flask_ext_redirect`` in a subprocess, this checkout
    first on its path and the redirect's switch unset."""

    def run(
        *args: str | os.PathLike[str],
        cwd: Path | None = None,
        extra_path: list[Path] | None = None,
        check: bool = False,
        text: bool = True,
    ) -> subprocess.CompletedProcess[Any]:
        env = dict(os.environ)
        path = [str(p) for p in extra_path or []] + [str(ROOT)]
        env["PYTHONPATH"] = os.pathsep.join(path)
        env.pop("FLASK_EXT_REDIRECT", None)
        return subprocess.run(
            [sys.executable, "-m", "flask_ext_redirect", *map(str, args)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=text,
            timeout=120,
            check=check,
        )

    return run


@pytest.fixture(scope="session")
def make_venv(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Venv]:
    """Make a new virtual environment (with pip) under a session temp dir.

    ensurepip, the slow part of ``python -m venv``, runs once per session
    (per xdist worker): every other venv with pip gets a copy of that first
    venv's site-packages, which is what ensurepip would have put there (pip,
    and setuptools on the Pythons whose ensurepip brings it).
    """
    seeded: list[Path] = []

    def make(name: str, *, with_pip: bool = True) -> Venv:
        path = tmp_path_factory.mktemp("venv") / name
        subprocess.run(
            [sys.executable, "-m", "venv", "--without-pip", str(path)],
            check=True,
            env=clean_env(),
        )
        venv = Venv(path)
        if with_pip:
            if not seeded:
                seed = tmp_path_factory.mktemp("venv") / "seed"
                subprocess.run(
                    [sys.executable, "-m", "venv", str(seed)],
                    check=True,
                    env=clean_env(),
                )
                seeded.append(Venv(seed).site_packages)
            shutil.copytree(seeded[0], venv.site_packages, dirs_exist_ok=True)
        return venv

    return make


def build(project: Path, out: Path, *formats: str) -> list[Path]:
    """Build ``project`` with ``python -m build`` (``--wheel``, ``--sdist``,
    or both when none is given) into ``out``; return what was made.
    """
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", *formats]
        + ["--outdir", str(out), str(project)],
        check=True,
        capture_output=True,
        env=clean_env(),
    )
    return sorted(out.iterdir())


#: The Flask-SQLite3 project folder: flask_sqlite3 and flaskext.sqlite3.
SQLITE3_PROJECT = ROOT / "flask-sqlite3"


@pytest.fixture(scope="session")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both distributions of this checkout, built once per session, each
    wheel from its sdist as ``make dist`` does: ``{"wheel": ..., "sdist":
    ...}`` of Flask-Ext-Redirect, ``{"sqlite3_wheel": ..., "sqlite3_sdist":
    ...}`` of Flask-SQLite3.
    """
    built = {}
    for prefix, project in (("", ROOT), ("sqlite3_", SQLITE3_PROJECT)):
        out = tmp_path_factory.mktemp(f"dist-{prefix or 'redirect'}")
        build(project, out)
        (built[f"{prefix}wheel"],) = out.glob("*.whl")
        (built[f"{prefix}sdist"],) = out.glob("*.tar.gz")
    return built


@pytest.fixture(scope="session")
def installed_venv(make_venv: Callable[..., Venv], dists: dict[str, Path]) -> Venv:
    """A venv with both built wheels (and Flask) installed.  Don't change it."""
    venv = make_venv("wheel")
    venv.pip("install", str(dists["wheel"]), str(dists["sqlite3_wheel"]))
    return venv
