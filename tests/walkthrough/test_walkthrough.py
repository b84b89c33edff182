"""The walk-through of docs/upgrading.rst, run for real: a flask.ext-era
application (``legacy_app/``, written for this test in the style of
2013-2015 tutorials) taken from ``pip install Flask-Ext-Redirect`` to
answering on Flask 3.1 with the redirect switched off and uninstalled.

doctor -> migrate -> migrate --upgrade -> the hand steps doctor names ->
uninstall. Every hand step is here as text the page shows too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from typing import NamedTuple

import pytest
from conftest import clean_env
from conftest import ROOT
from conftest import Venv

HERE = Path(__file__).resolve().parent
APP = HERE / "legacy_app"
PAGE = ROOT / "docs" / "upgrading.rst"
#: What the application's requirements.txt installs today, unpinned, less
#: Flask-Script (dead, and not on this machine's package index).
REQUIREMENTS = ["Flask", "Flask-SQLAlchemy", "Flask-WTF", "Flask-Login"]


class Step(NamedTuple):
    """One edit: in ``path``, ``old`` becomes ``new`` (every occurrence)."""

    path: str
    old: str
    new: str


#: What doctor names as blocking before anything is changed, with whether
#: ``migrate --upgrade`` fixes it.
BLOCKERS = {
    "flask_script": False,
    "flask_sqlalchemy.database_uri_required": False,
    "flask_sqlalchemy.config.SQLALCHEMY_COMMIT_ON_TEARDOWN": False,
    "itsdangerous.TimedJSONWebSignatureSerializer": False,
    "flask.before_first_request": False,
    "flask_login.UserMixin.is_authenticated.property": False,
    "flask_sqlalchemy.Query.paginate.positional": False,
    "flask_wtf.Form": True,
    "wtforms.TextField": True,
    "wtforms.validators.Required": True,
    "flask.send_file.attachment_filename": True,
}

#: The hand steps, by the finding that names them.
HAND: dict[str, list[Step]] = {
    "flask_sqlalchemy.database_uri_required": [
        Step(
            "config.py",
            "    SQLALCHEMY_COMMIT_ON_TEARDOWN = True\n",
            "    SQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL') or \\\n"
            "        'sqlite:///' + os.path.join(basedir, 'data.sqlite')\n",
        ),
    ],
    "flask_sqlalchemy.config.SQLALCHEMY_COMMIT_ON_TEARDOWN": [
        Step(
            "microblog/views.py",
            "        db.session.add(post)\n",
            "        db.session.add(post)\n        db.session.commit()\n",
        ),
        Step(
            "microblog/models.py",
            "        db.session.add(self)\n",
            "        db.session.add(self)\n        db.session.commit()\n",
        ),
    ],
    "itsdangerous.TimedJSONWebSignatureSerializer": [
        Step(
            "microblog/models.py",
            "from itsdangerous import TimedJSONWebSignatureSerializer as Serializer\n",
            "from itsdangerous import URLSafeTimedSerializer as Serializer\n",
        ),
        Step(
            "microblog/models.py",
            "    def generate_confirmation_token(self, expiration=3600):\n"
            "        s = Serializer(current_app.config['SECRET_KEY'], expiration)\n",
            "    def generate_confirmation_token(self):\n"
            "        s = Serializer(current_app.config['SECRET_KEY'])\n",
        ),
        Step(
            "microblog/models.py",
            "    def confirm(self, token):\n"
            "        s = Serializer(current_app.config['SECRET_KEY'])\n"
            "        try:\n"
            "            data = s.loads(token)\n",
            "    def confirm(self, token, expiration=3600):\n"
            "        s = Serializer(current_app.config['SECRET_KEY'])\n"
            "        try:\n"
            "            data = s.loads(token, max_age=expiration)\n",
        ),
    ],
    "flask.before_first_request": [
        Step(
            "microblog/views.py",
            "@app.before_first_request\n"
            "def create_tables():\n"
            "    db.create_all()\n"
            "\n"
            "\n",
            "",
        ),
        Step(
            "microblog/__init__.py",
            "from microblog import views, models\n",
            "from microblog import views, models\n"
            "\n"
            "with app.app_context():\n"
            "    db.create_all()\n",
        ),
    ],
    "flask_login.UserMixin.is_authenticated.property": [
        Step(
            "microblog/views.py",
            "current_user.is_authenticated()",
            "current_user.is_authenticated",
        ),
    ],
    "flask_sqlalchemy.Query.paginate.positional": [
        Step(
            "microblog/views.py",
            "        page, current_app.config['POSTS_PER_PAGE'], False)\n",
            "        page=page, per_page=current_app.config['POSTS_PER_PAGE'],\n"
            "        error_out=False)\n",
        ),
    ],
}

#: What ``migrate --upgrade`` does to this application, by hand, for a
#: checkout that does not have ``--upgrade`` yet.
MANAGE_PY = '''\
#!/usr/bin/env python
from microblog import app, db
from microblog.models import User, Post


@app.shell_context_processor
def make_shell_context():
    return dict(app=app, db=db, User=User, Post=Post)


@app.cli.command("createdb")
def createdb():
    """Create the database tables."""
    db.create_all()
'''

CHECK = """
from microblog import app, db
from microblog.models import User

app.config['WTF_CSRF_ENABLED'] = False
client = app.test_client()
page = client.get('/')
assert page.status_code == 200, page.status_code
with app.app_context():
    db.session.add(User(username='susan', password='cat'))
    db.session.commit()
    user = User.query.filter_by(username='susan').first()
    assert user.confirm(user.generate_confirmation_token())
login = client.post('/login', data={'username': 'susan', 'password': 'cat'})
assert login.status_code == 302, login.data
posted = client.post('/', data={'body': 'hello world'}, follow_redirects=True)
assert posted.status_code == 200 and b'hello world' in posted.data, posted.data
export = client.get('/export')
assert export.status_code == 200, export.status_code
assert 'filename=posts.txt' in export.headers['Content-Disposition']
with app.app_context():
    # Committed, not lost at the end of the request.
    user = User.query.filter_by(username='susan').first()
    assert user.posts.count() == 1 and user.confirmed
print('ok')
"""


def _apply(root: Path, steps: list[Step]) -> None:
    for step in steps:
        path = root / step.path
        text = path.read_text(encoding="utf-8")
        assert step.old in text, f"{step.path}: {step.old!r} not found"
        path.write_text(text.replace(step.old, step.new), encoding="utf-8")


def _upgrade_by_hand(root: Path) -> None:
    """The edits ``migrate --upgrade`` makes, for a checkout without it."""
    forms = root / "microblog" / "forms.py"
    text = forms.read_text(encoding="utf-8")
    text = re.sub(r"\bForm\b", "FlaskForm", text)
    text = re.sub(r"\bTextField\b", "StringField", text)
    text = re.sub(r"\bRequired\b", "DataRequired", text)
    forms.write_text(text, encoding="utf-8")
    _apply(root, [Step("microblog/views.py", "attachment_filename=", "download_name=")])
    (root / "manage.py").write_text(MANAGE_PY, encoding="utf-8")


class Cli:
    def __init__(self, venv: Venv, root: Path) -> None:
        self.venv = venv
        self.root = root

    def __call__(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.venv.path / "bin" / "flask-ext-redirect"), *args],
            cwd=self.root,
            env=clean_env(**env),
            capture_output=True,
            text=True,
        )

    def doctor(self) -> tuple[int, dict[str, Any]]:
        result = self("doctor", "--json", ".")
        assert result.returncode in (0, 1), result.stderr
        return result.returncode, json.loads(result.stdout)

    def has_upgrade(self) -> bool:
        return "--upgrade" in self("migrate", "--help").stdout


def _blockers(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["subject"]: f for f in report["findings"] if f["severity"] == "blocker"}


@pytest.fixture(scope="module")
def venv(make_venv: Callable[..., Venv], dists: dict[str, Path]) -> Venv:
    """``pip install Flask-Ext-Redirect`` beside the application's
    requirements as they install today (Flask 3.1, Flask-SQLAlchemy 3,
    Flask-WTF 1, WTForms 3, Flask-Login 0.6)."""
    venv = make_venv("walkthrough")
    venv.pip("install", str(dists["wheel"]), *REQUIREMENTS)
    return venv


@pytest.mark.venv
def test_walkthrough_from_legacy_to_green_on_flask_3(
    venv: Venv, tmp_path: Path
) -> None:
    """doctor names every blocker with its fix (the application's first one
    among them); migrate and migrate --upgrade leave exactly the hand steps
    doctor named; after them doctor finds nothing blocking, and with the
    redirect switched off and uninstalled the application answers 200, logs
    in, posts, exports and checks a token."""
    root = tmp_path / "legacy_app"
    shutil.copytree(APP, root)
    cli = Cli(venv, root)
    flask = venv.run("import flask; print(flask.__version__)").stdout.strip()
    assert flask.startswith("3.1"), flask

    # 0. The pinned 2015 requirements, rewritten (test_requirements_step.py
    # shows that they then install).
    if cli.has_upgrade():
        assert cli("migrate", "--upgrade", "requirements.txt").returncode == 1

    # 1. doctor, before the code changes.
    first = venv.run("import microblog", check=False, PYTHONPATH=str(root))
    assert "SQLALCHEMY_DATABASE_URI" in first.stderr, first.stderr
    status, report = cli.doctor()
    assert status == 1
    blockers = _blockers(report)
    assert set(BLOCKERS) <= set(blockers), sorted(blockers)
    for subject, mechanical in BLOCKERS.items():
        finding = blockers[subject]
        assert finding["fix"] and finding["path"] and finding["line"], finding
        assert finding["mechanical"] is mechanical, finding
    # The error the import stops at is the first thing doctor names for
    # the package it imports.
    in_package = [f for f in report["findings"] if f["path"] == "microblog/__init__.py"]
    assert in_package[0]["subject"] == "flask_sqlalchemy.database_uri_required"
    assert in_package[0]["when"] == "import"
    # doctor --run (the page's loop) meets it for real, and says so.
    ran = cli("doctor", "--json", ".", "--run", "microblog", "--no-requests")
    assert ran.returncode == 1, ran.stderr
    ran_report = json.loads(ran.stdout)
    (stage,) = ran_report["run"]["stages"]
    explained = stage["failure"]["explained_by"]
    assert explained["subject"] == "flask_sqlalchemy.database_uri_required"
    assert any(f["confirmed"] for f in ran_report["findings"])

    # 2. migrate: the flask.ext imports go.
    migrated = cli("migrate", ".")
    assert migrated.returncode == 1, migrated.stderr
    assert "flask.ext" not in (root / "microblog" / "views.py").read_text()

    # 3. migrate --upgrade: the mechanical changes.
    if cli.has_upgrade():
        upgraded = cli("migrate", "--upgrade", ".")
        assert upgraded.returncode == 1, upgraded.stderr
    else:
        _upgrade_by_hand(root)
    status, report = cli.doctor()
    assert status == 1
    assert set(_blockers(report)) == set(HAND), sorted(_blockers(report))
    assert not any(f["mechanical"] for f in report["findings"])

    # 4. The hand steps doctor named.
    for steps in HAND.values():
        _apply(root, steps)
    status, report = cli.doctor()
    assert status == 0, json.dumps(report["findings"], indent=1)
    ran = cli("doctor", "--json", ".", "--run", "microblog")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    stages = json.loads(ran.stdout)["run"]["stages"]
    assert [(s["stage"], s["ok"]) for s in stages] == [
        ("import", True),
        ("GET /", True),
        ("GET /export", True),
        ("GET /login", True),
        ("GET /logout", True),
    ]

    # 5. Off, then uninstalled: the application runs on its own.
    check = venv.run(CHECK, check=False, PYTHONPATH=str(root), FLASK_EXT_REDIRECT="0")
    assert check.stdout.strip() == "ok", check.stderr
    venv.pip("uninstall", "--yes", "Flask-Ext-Redirect")
    gone = venv.run("import flask_ext_redirect", check=False)
    assert gone.returncode != 0
    (root / "data.sqlite").unlink()
    check = venv.run(CHECK, check=False, PYTHONPATH=str(root))
    assert check.stdout.strip() == "ok", check.stderr
    createdb = venv.flask("--app", "manage.py", "createdb", cwd=root)
    assert createdb.returncode == 0, createdb.stderr


def test_page_shows_every_hand_step() -> None:
    """docs/upgrading.rst shows each hand step's new code and names the
    finding it answers, so the page and this test cannot drift apart."""
    page = PAGE.read_text(encoding="utf-8")
    for subject, steps in HAND.items():
        assert subject in page, subject
        for step in steps:
            for line in step.new.splitlines():
                assert line.strip() in page, (subject, line)
    for path in sorted(APP.rglob("*.py")):
        assert f"legacy_app/{path.relative_to(APP).as_posix()}" in page, path
