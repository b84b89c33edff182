"""doctor and ``migrate --upgrade`` on five flask.ext-era applications
written for this test (``apps/``), each in another shape and style of
2012-2016, judged the way issue 9 is: on Flask 3.1 and the current release
of every extension they use, doctor's first blocker is the error the
application really stops at, with its fix; the one whose obstacles are all
mechanical answers 200 after ``migrate --upgrade`` with the redirect off.

============= ======================================================
notes2012     one file: flask.ext.sqlalchemy/login, flaskext.wtf
              re-exports, before_first_request, flask.Markup
factory2015   application factory, blueprints, Flask-WTF Form, WTForms
              renames, Flask-Mail/Moment/Bootstrap, itsdangerous JWS
              tokens, Flask-Script manage.py with MigrateCommand
api2016       Flask-RESTful and Flask-HTTPAuth, werkzeug top-level
              imports, werkzeug.contrib cache and ProxyFix, send_file
i18n2013      Flask-Cache, Flask-Babel localeselector, jinja2
              contextfilter and Markup, flask.json.JSONEncoder
guestbook2014 mechanical obstacles only (CsrfProtect, werkzeug.contrib
              profiler, WTForms renames, flask.escape, evalcontextfilter,
              send_file keywords, a Flask-Script manage.py)
============= ======================================================
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import clean_env
from conftest import Venv
from walkthrough.test_walkthrough import _blockers
from walkthrough.test_walkthrough import Cli

APPS = Path(__file__).resolve().parent / "apps"
#: What the applications install today, unpinned (Flask-Script, dead, is
#: left out as in the walk-through).
REQUIREMENTS = [
    "Flask>=3.1,<3.2",
    "Flask-SQLAlchemy",
    "Flask-Login",
    "Flask-WTF",
    "Flask-Mail",
    "Flask-Moment",
    "Flask-Bootstrap",
    "Flask-Migrate",
    "Flask-RESTful",
    "Flask-HTTPAuth",
    "Flask-Babel",
    "Flask-Caching",
]

#: Imports the application and requests GET /; prints where it stopped
#: (the last frame inside the application) or the status.
PROBE = """
import importlib, json, os, sys, traceback
root = os.getcwd()
try:
    module = importlib.import_module(sys.argv[1])
    app = getattr(module, 'app', None) or module.create_app('default')
    app.config['WTF_CSRF_ENABLED'] = False
    client = app.test_client()
    status = client.get('/').status_code
except Exception as exc:
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.startswith(root + os.sep)]
    last = frames[-1]
    print(json.dumps({'path': os.path.relpath(last.filename, root),
                      'line': last.lineno, 'error': repr(exc)}))
else:
    print(json.dumps({'status': status}))
"""

#: Application folder -> (module to import, the subject doctor must name
#: first).
CASES = {
    "notes2012": ("notes", "flask.Markup"),
    "factory2015": ("app", "wtforms.TextField"),
    "api2016": ("api", "werkzeug.secure_filename"),
    "i18n2013": ("shop", "flask.json.JSONEncoder"),
    "guestbook2014": ("guestbook", "flask_wtf.csrf.CsrfProtect"),
}

GUESTBOOK_CHECK = """
from guestbook import app
app.config['WTF_CSRF_ENABLED'] = False
client = app.test_client()
assert client.get('/').status_code == 200
posted = client.post('/', data={'author': 'ann', 'message': 'hi\\nthere'})
assert posted.status_code == 200 and b'hi<br>there' in posted.data, posted.data
assert b'(1)' in posted.data, posted.data
empty = client.post('/', data={'author': '', 'message': 'x'})
assert b'(1)' in empty.data, 'DataRequired let an empty name through'
export = client.get('/export/my list')
assert export.status_code == 200, export.status_code
assert 'filename=my_list.txt' in export.headers['Content-Disposition']
assert 'max-age=60' in export.headers['Cache-Control'], export.headers
print('ok')
"""


@pytest.fixture(scope="module")
def venv(make_venv: Callable[..., Venv], dists: dict[str, Path]) -> Venv:
    """Flask-Ext-Redirect beside Flask 3.1 and today's extensions."""
    venv = make_venv("legacy-apps")
    venv.pip("install", str(dists["wheel"]), *REQUIREMENTS)
    return venv


def _probe(venv: Venv, root: Path, module: str, **env: str) -> dict[str, Any]:
    result = subprocess.run(
        [str(venv.path / "bin" / "python"), "-c", PROBE, module],
        cwd=root,
        env=clean_env(PYTHONPATH=str(root), **env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return found


def _parses(root: Path) -> None:
    for path in sorted(root.rglob("*.py")):
        ast.parse(path.read_bytes(), str(path))


@pytest.mark.venv
@pytest.mark.parametrize("name", sorted(CASES))
def test_doctor_names_the_first_blocker(venv: Venv, tmp_path: Path, name: str) -> None:
    """Before anything changes, the application stops where doctor's first
    blocker says, and doctor gives the fix; migrate --upgrade --diff
    changes nothing on disk, and after migrate --upgrade every file parses
    and doctor has nothing mechanical left to name."""
    module, first = CASES[name]
    root = tmp_path / name
    shutil.copytree(APPS / name, root)
    cli = Cli(venv, root)
    stopped = _probe(venv, root, module)
    assert "status" not in stopped, stopped
    status, report = cli.doctor()
    assert status == 1
    blockers = [f for f in report["findings"] if f["severity"] == "blocker"]
    assert blockers[0]["subject"] == first, [b["subject"] for b in blockers]
    assert blockers[0]["fix"], blockers[0]
    at = [
        f
        for f in blockers
        if (f["path"], f["line"]) == (stopped["path"], stopped["line"])
    ]
    assert at and at[0]["subject"] == first, (stopped, blockers)

    before = {p: p.read_bytes() for p in root.rglob("*.py")}
    diff = cli("migrate", "--upgrade", "--diff", ".")
    assert diff.returncode in (1, 2), diff.stderr
    assert {p: p.read_bytes() for p in root.rglob("*.py")} == before
    upgraded = cli("migrate", "--upgrade", ".")
    assert upgraded.returncode in (1, 2), upgraded.stderr
    _parses(root)
    if upgraded.returncode == 2:
        # Refused (werkzeug.contrib.cache has no mechanical target): that
        # import stays as it was, and the error says what to do; the rest of
        # the file, its flask.ext imports included, is rewritten.
        assert "cachelib" in upgraded.stderr, upgraded.stderr
        after = b"".join(p.read_bytes() for p in root.rglob("*.py"))
        assert b"from werkzeug.contrib.cache import" in after
        assert b"flask.ext" not in after
    _, report = cli.doctor()
    assert not [f["subject"] for f in report["findings"] if f["mechanical"]]


@pytest.mark.venv
def test_mechanical_only_app_answers_after_upgrade(venv: Venv, tmp_path: Path) -> None:
    """guestbook2014's obstacles are all mechanical: after migrate
    --upgrade, with the redirect off and no hand edit, it answers 200,
    validates, renders, exports, and its manage.py command runs under
    ``flask``; doctor then finds nothing blocking."""
    root = tmp_path / "guestbook2014"
    shutil.copytree(APPS / "guestbook2014", root)
    cli = Cli(venv, root)
    _, report = cli.doctor()
    for finding in _blockers(report).values():
        # Flask-Script's manage.py: converted when its shape is the usual one.
        assert finding["mechanical"] or "migrate --upgrade" in finding["fix"], finding
    assert "status" not in _probe(venv, root, "guestbook", FLASK_EXT_REDIRECT="0")
    upgraded = cli("migrate", "--upgrade", ".")
    assert upgraded.returncode == 1, upgraded.stderr
    check = venv.run(
        GUESTBOOK_CHECK, check=False, PYTHONPATH=str(root), FLASK_EXT_REDIRECT="0"
    )
    assert check.stdout.strip() == "ok", check.stderr
    clear = subprocess.run(
        [str(venv.path / "bin" / "flask"), "--app", "manage.py", "clear"],
        cwd=root,
        env=clean_env(FLASK_EXT_REDIRECT="0"),
        capture_output=True,
        text=True,
    )
    assert clear.returncode == 0, clear.stderr
    status, report = cli.doctor()
    assert status == 0, json.dumps(report["findings"], indent=1)
