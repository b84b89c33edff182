"""The version matrix: CPython 3.9-3.13 x Flask 1.1-3.1, and Flask 0.12.

``make matrix`` runs every supported combination and the Flask 0.12
sessions, ``make ci-matrix`` the four corners (oldest and newest Python, each
with the oldest and newest Flask it supports), ``make matrix
NOX_ARGS="-s beyond"`` old Flask on Pythons newer than it supports, ``make
real-extensions`` the redirect against real extensions of the flask.ext era
(``tests/real_extensions.py``).

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
#: The pins live in one file, shared with tests/test_legacy_flask_install.py.
OLD_FLASK = "requirements/flask-0.12.txt"
#: The same pins as a list, for sessions that add their own.
OLD_FLASK_PINS = [
    line.strip()
    for line in (Path(__file__).parent / OLD_FLASK).read_text().splitlines()
    if line.strip() and not line.startswith("#")
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
    session.install(".", "./flask-sqlite3", *FLASKS[flask])
    everything = session.python == NEWEST_PYTHON and flask == NEWEST_FLASK
    _run_suite(session, everything=everything)


@nox.session(venv_backend="venv", python=PYTHONS)
def step_aside(session: nox.Session) -> None:
    """Real Flask 0.12: its own flask.ext answers and ours changes nothing."""
    # One resolution, no --no-deps: the package installs beside Flask 0.12
    # and pip keeps 0.12 (tests/test_legacy_flask_install.py checks it too).
    session.install("pytest>=8", "-r", OLD_FLASK, ".")
    session.run("python", "-m", "pip", "check")
    _pytest(session, "tests/test_step_aside.py", "tests/test_legacy_flask.py")


@nox.session(venv_backend="venv")
@nox.parametrize("python,flask", BEYOND)
def beyond(session: nox.Session, flask: str) -> None:
    """Old Flask on a Python newer than it supports: the redirect's own tests
    (not flask_sqlite3's, which fail on Flask's deprecation warnings there).
    """
    session.install("-r", "requirements/tests.txt")
    session.install(".", "./flask-sqlite3", *FLASKS[flask])
    _pytest(session, "-m", "not venv", "--ignore=tests/test_sqlite3")


@nox.session(venv_backend="venv")
@nox.parametrize("python,flask", CORNERS)
def ci(session: nox.Session, flask: str) -> None:
    """The four corners of the matrix, for CI: the suite less the venv tests
    (``make test`` runs those).
    """
    session.install("-r", "requirements/tests.txt")
    session.install(".", "./flask-sqlite3", *FLASKS[flask])
    _run_suite(session, everything=False)


# --- The knowledge base, checked against reality -------------------------
#
# ``make check-knowledge`` (``nox -s knowledge``): for every API entry of
# flask_ext_redirect/_era/knowledge.json whose check is "auto", install the
# release that still has the name (``last_with``) and the one that removed
# it (``removed``), each in its own venv, and let tests/knowledge_probe.py
# assert that the name is there and gone.  Entries sharing a (project,
# release) share a session, so each release installs once.

KNOWLEDGE = Path(__file__).parent / "flask_ext_redirect" / "_era" / "knowledge.json"
#: Python 3.9 installs every release the knowledge base names (2016-2025).
KNOWLEDGE_PYTHON = "3.9"


def _load_versions_module() -> object:
    # Not "import flask_ext_redirect": the noxfile stays independent of the
    # package's import-time code.  _versions.py is stdlib only.
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "_kb_versions", KNOWLEDGE.parent / "_versions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_kb_versions = _load_versions_module()


def _older(version: str, than: str) -> bool:
    parse = _kb_versions.parse_version  # type: ignore[attr-defined]
    return bool(parse(version) < parse(than))


#: Flask and its companions as one consistent set, per era.
_FLASK_ERA = {
    "0.12": OLD_FLASK_PINS,
    "1.1": FLASKS["1.1"],
    "2.0": [*FLASKS["2.0"], "markupsafe<2.1"],
    "2.2": FLASKS["2.2"],
}


def _companions(project: str, version: str) -> list[str]:
    """What to install beside ``project==version`` so that it imports: the
    releases of its dependencies from its own time (their metadata has no
    upper bounds).
    """
    if project == "Flask":
        if _older(version, "1.0"):
            return [p for p in OLD_FLASK_PINS if not p.startswith("flask==")]
        if _older(version, "2.0"):
            return FLASKS["1.1"][1:]
        if _older(version, "2.1"):
            return FLASKS["2.0"][1:]
        if _older(version, "2.2"):
            return ["werkzeug<2.2"]
        if _older(version, "2.3"):
            return ["werkzeug<2.3"]
        if _older(version, "3.0"):
            return ["werkzeug<3.0"]
        if _older(version, "3.1"):
            return ["werkzeug<3.1"]
        return []
    if project == "Jinja2" and _older(version, "3.0"):
        return ["markupsafe<2.1"]
    if project in ("Flask-WTF", "Flask-Login"):
        first_fixed = {"Flask-WTF": "0.14.3", "Flask-Login": "0.5"}[project]
        if _older(version, first_fixed):
            # Releases of 2013-2017 import from the top of the werkzeug
            # package, which Werkzeug 1.0 removed.
            return [*_FLASK_ERA["1.1"], "werkzeug<1.0", "wtforms<3.0"]
        # Releases before 1.0 / 0.6 import what Werkzeug 2.1 removed.
        return [*_FLASK_ERA["2.0"], "wtforms<3.0"]
    if project == "Flask-Migrate":
        # MigrateCommand exists where Flask-Script imports: Flask < 2.0.
        return [
            *_FLASK_ERA["1.1"],
            "Flask-Script",
            "flask-sqlalchemy<2.6",
            "sqlalchemy<1.4",
            "alembic<1.8",
        ]
    if project in ("Flask-Babel", "Flask-Limiter"):
        return _FLASK_ERA["2.2"]
    if project == "Flask-JWT-Extended":
        # 3.x requires Flask < 2.0.
        return [*_FLASK_ERA["1.1"], *(["pyjwt<2"] if _older(version, "4") else [])]
    if project == "Flask-SQLAlchemy":
        # 2.5.1 and 3.0 run on Flask 2.2 with SQLAlchemy 1.4; 3.1 needs 2.0.
        if _older(version, "3.1"):
            return [*_FLASK_ERA["2.2"], "sqlalchemy>=1.4.18,<2.0"]
        return [*_FLASK_ERA["2.2"], "sqlalchemy>=2.0.16"]
    return []


def _knowledge_targets() -> list[tuple[str, str]]:
    import json

    apis = json.loads(KNOWLEDGE.read_text(encoding="utf-8"))["apis"]
    targets = {
        (api["project"], api[key])
        for api in apis
        if api["check"] == "auto"
        for key in ("last_with", "removed")
    }
    parse = _kb_versions.parse_version  # type: ignore[attr-defined]
    return sorted(targets, key=lambda t: (t[0].lower(), parse(t[1])))


KNOWLEDGE_TARGETS = _knowledge_targets()


@nox.session(venv_backend="venv", python=KNOWLEDGE_PYTHON)
@nox.parametrize(
    "project,version",
    KNOWLEDGE_TARGETS,
    ids=[f"{p}-{v}" for p, v in KNOWLEDGE_TARGETS],
)
def knowledge(session: nox.Session, project: str, version: str) -> None:
    """One release of one project: the knowledge base's API entries that
    name it as ``last_with`` find their name, those that name it as
    ``removed`` do not.
    """
    session.install(f"{project}=={version}", *_companions(project, version))
    session.run("python", "-m", "pip", "list", "--format=freeze", silent=False)
    session.run("python", "tests/knowledge_probe.py", str(KNOWLEDGE), project, version)


#: Where knowledge_extensions writes what it saw, one JSON file per entry.
KNOWLEDGE_RECORDS = Path(__file__).parent / ".nox" / "knowledge-records"

#: What ``make check-knowledge-short`` (and CI) checks: an extension that
#: works (with entry points), one yanked, one failing at install and one
#: failing in a submodule.
SHORT_KNOWLEDGE_EXTENSIONS = ["login", "user", "mongoalchemy", "oauthlib"]


def _extension_names() -> list[object]:
    import json

    exts = json.loads(KNOWLEDGE.read_text(encoding="utf-8"))["extensions"]
    return [
        nox.param(e["name"], tags=["knowledge-short"])
        if e["name"] in SHORT_KNOWLEDGE_EXTENSIONS
        else e["name"]
        for e in exts
        if e.get("check") == "auto"
    ]


@nox.session(venv_backend="venv", python="3.13")
def knowledge_requirements(session: nox.Session) -> None:
    """The requirements sections of the knowledge base (backports, first
    releases, drop-in successors) against what pip does on Python 3.13:
    see tests/knowledge_requirements_probe.py.
    """
    session.run("python", "tests/knowledge_requirements_probe.py", str(KNOWLEDGE))


#: What a user upgrading gets: the newest Flask and Werkzeug.
NEWEST_FLASK_PINS = ["flask>=3.1", "werkzeug>=3.1"]


@nox.session(venv_backend="venv", python=KNOWLEDGE_PYTHON)
@nox.parametrize("extension", _extension_names())
def knowledge_extensions(session: nox.Session, extension: str) -> None:
    """One extension of the knowledge base beside the newest Flask, as
    applications use it: its newest release (and its ``works_from``
    release) installs and imports with every submodule and entry point, or
    fails where the entry says; see tests/knowledge_extension_probe.py.
    The observation goes to .nox/knowledge-records/ (``python
    tests/knowledge_extension_probe.py --apply`` copies it into the entry).
    """
    session.install(*NEWEST_FLASK_PINS)
    session.run(
        "python",
        "tests/knowledge_extension_probe.py",
        str(KNOWLEDGE),
        extension,
        *NEWEST_FLASK_PINS,
        "--record",
        str(KNOWLEDGE_RECORDS),
    )


#: The extensions ``real_extensions`` installs: see tests/real_extensions.py.
REAL_EXTENSIONS = [
    "Flask-SQLAlchemy",
    "Flask-Login",
    "Flask-WTF",
    "Flask-Migrate",
    "Flask-Mail",
    "Flask-Babel",
    "Flask-Caching",
    "Flask-Cors",
    "Flask-RESTful",
    "Flask-Admin",
    "Flask-Bootstrap",
    "Flask-Moment",
    "Flask-HTTPAuth",
    "Flask-Limiter",
    "Flask-Session",
    "Flask-DebugToolbar",
    "Flask-Bcrypt",
    "Flask-Principal",
    "Flask-Compress",
    "Flask-SocketIO",
    "Flask-PageDown",
    "Flask-Marshmallow",
    "Flask-JWT-Extended",
    "Flask-Assets",
    "Flask-Security-Too",
]

#: What ``-- --short`` checks (tests/real_extensions.py SHORT).
SHORT_EXTENSIONS = ["Flask-SQLAlchemy", "Flask-WTF", "Flask-Login", "Flask-Bcrypt"]


@nox.session(venv_backend="venv", python=NEWEST_PYTHON)
def real_extensions(session: nox.Session) -> None:
    """Every submodule of 25 real extensions, imported through flask.ext and
    directly in fresh interpreters: one module, one execution, one warning.
    ``-- --short`` (what CI runs) checks four of them and installs only
    those, ``-- --only Flask-Admin`` one.
    """
    short = "--short" in session.posargs
    session.install(
        *FLASKS[NEWEST_FLASK], *(SHORT_EXTENSIONS if short else REAL_EXTENSIONS)
    )
    session.install(".")
    session.run("python", "-m", "pip", "list", "--format=freeze", silent=False)
    session.run("python", "tests/real_extensions.py", *session.posargs)


@nox.session(venv_backend="venv", python=PYTHONS)
def fuzz_migrate(session: nox.Session) -> None:
    """The codemod's differential test over every module of this Python's
    standard library (``make fuzz-migrate``; ``-- --seed N`` for another run).
    """
    session.install("--no-deps", ".")
    session.run(
        "python", "tests/migrate/differential.py", "--files", "all", *session.posargs
    )


# --- doctor's precision over correct code ---------------------------------

#: requirements/doctor-precision.txt: Flask and the pinned current releases
#: of popular extensions (tests/doctor/precision.py).
PRECISION_PINS = "requirements/doctor-precision.txt"
#: What ``-- --short`` (CI) installs: Flask and the extensions of
#: tests/doctor/precision.py SHORT, and Flask-Babel, which Flask-Admin's
#: own tests (installed with it) import.
PRECISION_SHORT = {
    "flask",
    "werkzeug",
    "flask-sqlalchemy",
    "flask-admin",
    "flask-security-too",
    "flask-restx",
    "flask-principal",
    "flask-babel",
}


@nox.session(venv_backend="venv", python=NEWEST_PYTHON)
def doctor_precision(session: nox.Session) -> None:
    """``doctor`` over the current releases of popular extensions and over
    the example apps and test suites of their source distributions: no
    blocker anywhere.  ``-- --short`` (what CI runs) checks five installed
    extensions only; ``-- --show`` prints each blocker.
    """
    short = "--short" in session.posargs
    pins = [
        line.strip()
        for line in Path(PRECISION_PINS).read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    if short:
        pins = [p for p in pins if p.partition("==")[0].lower() in PRECISION_SHORT]
    session.install(*pins)
    session.install("--no-deps", ".")
    session.run("python", "-m", "pip", "list", "--format=freeze", silent=False)
    script = "tests/doctor/precision.py"
    args = list(session.posargs)
    if not short:
        sdists = Path(session.cache_dir) / "doctor-precision-sdists"
        wanted = session.run("python", script, "--print-sdists", silent=True)
        session.run(
            "python", "-m", "pip", "download", "--quiet", "--no-deps",
            "--no-binary", ":all:", "--dest", str(sdists),
            *str(wanted).split(),
        )  # fmt: skip
        args += ["--sdists", str(sdists)]
    session.run("python", script, *args)


@nox.session(venv_backend="venv", python=NEWEST_PYTHON)
def fuzz_upgrade(session: nox.Session) -> None:
    """``migrate --upgrade`` over 49 releases of Flask extensions of
    2012-2017, judged by pyflakes, the parser (Python 2.7 for Python 2
    files) and the binding check (``make fuzz-upgrade``; ``-- --short``, what
    CI runs, takes six). The releases are downloaded into
    ~/.cache/flask-ext-redirect/upgrade-corpus, never into the tree.
    """
    session.install("pyflakes>=3", "setuptools>=70.1", "wheel")
    session.install("--no-deps", ".")
    session.run("python", "tests/migrate/fuzz_upgrade.py", *session.posargs)
