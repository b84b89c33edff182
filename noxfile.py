"""The version matrix: CPython 3.9-3.13 x Flask 1.1-3.1, and Flask 0.12.

``make matrix`` runs every supported combination and the Flask 0.12
sessions, ``make ci-matrix`` the four corners (oldest and newest Python, each
with the oldest and newest Flask it supports), ``make matrix
NOX_ARGS="-s beyond"`` old Flask on Pythons newer than it supports.

Interpreters are found by version: in pyenv's versions folder
(``$PYENV_ROOT``, else ``~/.pyenv``) first, then as ``python3.X`` on
``PATH``.  A missing one skips its sessions.

Each old Flask release needs the Werkzeug, Jinja2, itsdangerous and
MarkupSafe of its own time; the pins below are the newest that it imports and
runs with.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]

#: Flask series -> what to install for it.  Flask's own metadata has no
#: upper bounds on its dependencies, so each old series pins them.
FLASKS: dict[str, list[str]] = {
    "1.1": [
        "flask==1.1.4",
        "werkzeug<2.0",
        "jinja2<3.0",
        "itsdangerous<2.0",
        "markupsafe<2.1",
        "click<8.0",
    ],
    "2.0": [
        "flask~=2.0.0",
        "werkzeug<2.1",
        "jinja2<3.1",
        "itsdangerous<2.1",
        "click<8.2",
    ],
    "2.2": ["flask~=2.2.0", "werkzeug<2.3"],
    "2.3": ["flask~=2.3.0", "werkzeug<3.0"],
    "3.0": ["flask~=3.0.0", "werkzeug<3.1"],
    "3.1": ["flask~=3.1.0"],
}

#: Flask 0.12 still has its own flask.ext: the redirect must step aside.
#: Our package requires flask>=1.1, so it goes in with --no-deps.
OLD_FLASK = [
    "flask==0.12.5",
    "werkzeug<1.0",
    "jinja2<3.0",
    "itsdangerous<1.2",
    "markupsafe<2.1",
    "click<8.0",
]

#: The newest Python each Flask series supports.  Flask became compatible
#: with Python 3.12 in 2.3.3; before that, Flask and the Werkzeug of its time
#: call APIs that 3.12 deprecates (pkgutil.get_loader, ast.Str), and the
#: suite turns those warnings into errors.  The ``beyond`` sessions run the
#: redirect's own tests there anyway.
NEWEST_PYTHON_OF = {"1.1": "3.11", "2.0": "3.11", "2.2": "3.11"}


def _supports(python: str, flask: str) -> bool:
    newest = NEWEST_PYTHON_OF.get(flask, PYTHONS[-1])
    return PYTHONS.index(python) <= PYTHONS.index(newest)


SUPPORTED = [(p, f) for p in PYTHONS for f in FLASKS if _supports(p, f)]
BEYOND = [(p, f) for p in PYTHONS for f in FLASKS if not _supports(p, f)]
OLDEST_PYTHON, NEWEST_PYTHON = PYTHONS[0], PYTHONS[-1]
OLDEST_FLASK, NEWEST_FLASK = next(iter(FLASKS)), list(FLASKS)[-1]
#: CI's four corners: oldest and newest Python, each with the oldest and the
#: newest Flask it supports.
CORNERS = sorted(
    {
        (p, f)
        for p in (OLDEST_PYTHON, NEWEST_PYTHON)
        for f in (
            next(f for f in FLASKS if _supports(p, f)),
            [f for f in FLASKS if _supports(p, f)][-1],
        )
    },
    key=lambda pf: (PYTHONS.index(pf[0]), list(FLASKS).index(pf[1])),
)

nox.options.sessions = ["tests", "step_aside"]
nox.options.error_on_missing_interpreters = False


def _works(python: str) -> bool:
    # A pyenv shim exists for every installed version but fails unless that
    # version is selected: run it to know.
    try:
        return (
            subprocess.run([python, "-c", "pass"], capture_output=True).returncode == 0
        )
    except OSError:
        return False


def _find_pythons() -> None:
    """Put a directory holding each ``python3.X`` of :data:`PYTHONS` first on
    ``PATH``, where nox looks for interpreters.
    """
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    dirs = []
    for version in PYTHONS:
        in_pyenv = sorted(
            root.glob(f"versions/{version}.*/bin/python{version}"),
            key=lambda p: [
                int(n) if n.isdigit() else -1 for n in p.parts[-3].split(".")
            ],
        )
        on_path = shutil.which(f"python{version}")
        for candidate in [*reversed(in_pyenv), *([Path(on_path)] if on_path else [])]:
            if _works(str(candidate)):
                dirs.append(str(candidate.parent))
                break
    os.environ["PATH"] = os.pathsep.join(
        [*dict.fromkeys(dirs), os.environ.get("PATH", "")]
    )


_find_pythons()


def _pytest(session: nox.Session, *args: str) -> None:
    """Show what got installed, then run pytest with ``args``."""
    session.run("python", "-m", "pip", "list", "--format=freeze", silent=False)
    session.run(
        "python", "-m", "pytest", "-p", "no:cacheprovider", *args, *session.posargs
    )


def _run_suite(session: nox.Session, *, everything: bool) -> None:
    _pytest(session, *([] if everything else ["-m", "not venv"]))


@nox.session(venv_backend="venv")
@nox.parametrize("python,flask", SUPPORTED)
def tests(session: nox.Session, flask: str) -> None:
    """The suite (less the slow venv tests) on one Python with one Flask;
    newest Python with newest Flask runs everything.
    """
    session.install("-r", "requirements/tests.txt")
    session.install(".", *FLASKS[flask])
    everything = session.python == NEWEST_PYTHON and flask == NEWEST_FLASK
    _run_suite(session, everything=everything)


@nox.session(venv_backend="venv", python=PYTHONS)
def step_aside(session: nox.Session) -> None:
    """Real Flask 0.12: its own flask.ext answers and ours changes nothing."""
    session.install("pytest>=8", *OLD_FLASK)
    session.install("--no-deps", ".")
    _pytest(session, "tests/test_step_aside.py", "tests/test_legacy_flask.py")


@nox.session(venv_backend="venv")
@nox.parametrize("python,flask", BEYOND)
def beyond(session: nox.Session, flask: str) -> None:
    """Old Flask on a Python newer than it supports: the redirect's own tests
    (not flask_sqlite3's, which fail on Flask's deprecation warnings there).
    """
    session.install("-r", "requirements/tests.txt")
    session.install(".", *FLASKS[flask])
    _pytest(session, "-m", "not venv", "--ignore=tests/test_sqlite3")


@nox.session(venv_backend="venv")
@nox.parametrize("python,flask", CORNERS)
def ci(session: nox.Session, flask: str) -> None:
    """The four corners of the matrix, for CI: the suite less the venv tests
    (``make test`` runs those).
    """
    session.install("-r", "requirements/tests.txt")
    session.install(".", *FLASKS[flask])
    _run_suite(session, everything=False)


@nox.session(venv_backend="venv", python=PYTHONS)
def fuzz_migrate(session: nox.Session) -> None:
    """The codemod's differential test over every module of this Python's
    standard library (``make fuzz-migrate``; ``-- --seed N`` for another run).
    """
    session.install("--no-deps", ".")
    session.run(
        "python", "tests/migrate/differential.py", "--files", "all", *session.posargs
    )
