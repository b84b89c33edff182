"""``doctor PATH``: findings from the code and what is installed, judged by
a knowledge base of the test's own (so the shipped one can grow freely)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect import _diagnose
from flask_ext_redirect._diagnose import diagnose
from flask_ext_redirect._era import from_mapping
from flask_ext_redirect._era import KnowledgeBase


def _api(**fields: Any) -> dict[str, Any]:
    entry = {
        "project": "Flask",
        "kind": "import",
        "module": "flask",
        "name": None,
        "removed": "2.3.0",
        "last_with": "2.2.5",
        "replacement": "nothing",
        "new": None,
        "fix": "manual",
        "fixer": None,
        "breaks_on": "import",
        "why": "it is gone",
        "source": "Flask changelog",
        "check": "auto",
    }
    entry.update(fields)
    return entry


KB: KnowledgeBase = from_mapping(
    {
        "schema": 1,
        "extensions": [
            {
                "name": "script",
                "module": "flask_script",
                "legacy_modules": ["flaskext.script"],
                "distribution": "Flask-Script",
                "install": "Flask-Script",
                "status": "dead",
                "why": "imports flask._compat, removed in Flask 2.0.0",
                "breaks_on": "import",
                "replacement": "Flask's own CLI",
                "source": "Flask-Script 2.0.6",
            },
            {
                "name": "wtf",
                "module": "flask_wtf",
                "legacy_modules": ["flaskext.wtf"],
                "distribution": "Flask-WTF",
                "install": "Flask-WTF",
                "status": "works",
                "source": "Flask-WTF changelog",
            },
            {
                "name": "pytestplug",
                "module": "flask_pytestplug",
                "legacy_modules": [],
                "distribution": "pytest",
                "status": "works-from",
                "works_from": "999.0",
                "source": "made up for the test",
            },
        ],
        "apis": [
            _api(
                id="flask.before_first_request",
                kind="method",
                name="before_first_request",
                owner="flask.Flask",
                replacement="run setup code where the app is created",
            ),
            _api(
                id="flask.send_file.attachment_filename",
                kind="keyword",
                name="attachment_filename",
                owner="flask.send_file",
                removed="2.2.0",
                last_with="2.1.3",
                replacement="download_name=",
                new="download_name",
                fix="mechanical",
                fixer="send-file-kwargs",
                breaks_on="call",
            ),
            _api(
                id="itsdangerous.TimedJSONWebSignatureSerializer",
                project="itsdangerous",
                module="itsdangerous",
                name="TimedJSONWebSignatureSerializer",
                removed="2.1.0",
                last_with="2.0.1",
                replacement="itsdangerous.URLSafeTimedSerializer",
            ),
            _api(
                id="itsdangerous.future_thing",
                project="itsdangerous",
                module="itsdangerous",
                name="future_thing",
                removed="99.0",
                last_with="98.0",
            ),
            _api(
                id="werkzeug.contrib",
                project="Werkzeug",
                module="werkzeug.contrib",
                removed="1.0.0",
                last_with="0.16.1",
                replacement="werkzeug.middleware",
            ),
            _api(
                id="fakelib.gone",
                project="Fake-Lib-Not-Installed",
                module="fakelib",
                name="gone",
                removed="1.0",
                last_with="0.9",
            ),
            _api(
                id="flask_wtf.Form",
                project="Flask-WTF",
                kind="attribute",
                module="flask_wtf",
                name="Form",
                removed="1.0.0",
                last_with="0.15.1",
                new="flask_wtf.FlaskForm",
                replacement="flask_wtf.FlaskForm",
                fix="mechanical",
                fixer="flask-wtf-form",
                breaks_on="request",
            ),
            _api(
                id="flask_sqlalchemy.SQLALCHEMY_COMMIT_ON_TEARDOWN",
                project="Flask-SQLAlchemy",
                kind="config",
                module="flask_sqlalchemy",
                name="SQLALCHEMY_COMMIT_ON_TEARDOWN",
                removed="3.0.0",
                last_with="2.5.1",
                breaks_on="request",
                why="ignored: changes are lost",
                probe="True",
            ),
            _api(
                id="flask.config.JSON_SORT_KEYS",
                kind="config",
                name="JSON_SORT_KEYS",
                breaks_on="request",
                why="the config key is silently ignored",
                probe="True",
            ),
            _api(
                id="flask_sqlalchemy.SQLALCHEMY_DATABASE_URI",
                project="Flask-SQLAlchemy",
                kind="default",
                module="flask_sqlalchemy",
                name="SQLALCHEMY_DATABASE_URI",
                removed="3.0.0",
                last_with="2.5.1",
                replacement="set SQLALCHEMY_DATABASE_URI",
                breaks_on="import",
                probe="True",
            ),
        ],
        "bad_distributions": [
            {
                "distribution": "pytest",
                "conflicts_with": "pluggy",
                "why": "made up: both are installed in the test venv",
                "fix": "uninstall one",
                "source": "the test",
            }
        ],
    }
)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())


def _run(root: Path, flask: str | None = "3.1.0", **kw: Any) -> list[Any]:
    report = diagnose([str(root)], flask=flask, jobs=1, kb=KB, **kw)
    return [f for f in report["findings"] if f.kind != "bad-distribution"]


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Releases the report takes as installed, whatever this venv has (the
    matrix runs these tests beside Flask 1.1 and its old companions too).
    """
    versions: dict[str, str] = {}
    real = _diagnose.Environment.version

    def version(self: Any, distribution: str) -> str | None:
        if distribution.lower() in versions:
            return versions[distribution.lower()]
        return real(self, distribution)

    monkeypatch.setattr(_diagnose.Environment, "version", version)
    return versions


def test_removed_import_is_named_with_its_fix_and_line(
    tmp_path: Path, installed: dict[str, str]
) -> None:
    """``from itsdangerous import TimedJSONWebSignatureSerializer`` on
    itsdangerous 2.2 blocks at import, at that line."""
    installed["itsdangerous"] = "2.2.0"
    _write(
        tmp_path,
        {
            "tokens.py": """
            import os
            from itsdangerous import TimedJSONWebSignatureSerializer as S

            def token(user):
                return S("k").dumps({"id": user})
            """
        },
    )
    (finding,) = _run(tmp_path)
    assert finding.severity == "blocker" and finding.when == "import"
    assert finding.subject == "itsdangerous.TimedJSONWebSignatureSerializer"
    assert (Path(finding.path).name, finding.line) == ("tokens.py", 2)
    assert "removed in itsdangerous 2.1.0" in finding.title
    assert finding.fix == "itsdangerous.URLSafeTimedSerializer"
    assert finding.also == [5]
    assert finding.code.startswith("from itsdangerous import")


def test_not_yet_removed_is_a_warning(tmp_path: Path) -> None:
    """An API removed in a later release than the installed one warns."""
    _write(tmp_path, {"a.py": "import itsdangerous\nitsdangerous.future_thing\n"})
    (finding,) = _run(tmp_path)
    assert finding.severity == "warning"
    assert "breaks on itsdangerous 99.0" in finding.title


def test_uninstalled_project_counts_as_the_newest(tmp_path: Path) -> None:
    """A name from a library that is not installed: a fresh install lacks
    it, so it blocks."""
    _write(tmp_path, {"a.py": "from fakelib import gone\n"})
    missing, removed = _run(tmp_path)
    assert (missing.kind, missing.fix) == (
        "missing-module",
        "pip install Fake-Lib-Not-Installed",
    )
    assert removed.kind == "removed-api"
    assert "not installed" in removed.title


def test_method_use_needs_the_owner_imported_somewhere(tmp_path: Path) -> None:
    """``@app.before_first_request`` counts where the project imports flask
    (in another file), and not in a project that never does."""
    _write(
        tmp_path / "with_flask",
        {
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            "hooks.py": """
            from app import app

            @app.before_first_request
            def setup():
                pass
            """,
        },
    )
    _write(tmp_path / "without", {"x.py": "thing.before_first_request()\n"})
    (finding,) = _run(tmp_path / "with_flask")
    assert finding.subject == "flask.before_first_request"
    assert (Path(finding.path).name, finding.line, finding.when) == (
        "hooks.py",
        3,
        "import",
    )
    assert _run(tmp_path / "without") == []


def test_judged_against_flask_option(tmp_path: Path) -> None:
    """``--flask 2.2.5`` makes before_first_request a warning, 2.3 a blocker."""
    _write(
        tmp_path,
        {"app.py": "import flask\napp = flask.Flask(__name__)\n"
         "app.before_first_request(print)\n"},
    )  # fmt: skip
    assert [f.severity for f in _run(tmp_path, flask="2.2.5")] == ["warning"]
    assert [f.severity for f in _run(tmp_path, flask="2.3.0")] == ["blocker"]


def test_keyword_in_a_view_fails_at_request_and_is_mechanical(tmp_path: Path) -> None:
    """``send_file(attachment_filename=...)`` inside a view: request time,
    and ``migrate --upgrade`` fixes it."""
    _write(
        tmp_path,
        {
            "views.py": """
            from flask import send_file

            def download():
                return send_file("x", attachment_filename="x.txt")
            """
        },
    )
    (finding,) = _run(tmp_path)
    assert finding.when == "request"
    assert finding.mechanical
    assert "migrate --upgrade fixes this" in finding.fix
    assert (finding.line, finding.col) == (4, 26)


def test_module_gone_matches_any_import_under_it(tmp_path: Path) -> None:
    """``from werkzeug.contrib.fixers import ProxyFix``: werkzeug.contrib
    is gone (Werkzeug 3 installed here)."""
    _write(tmp_path, {"wsgi.py": "from werkzeug.contrib.fixers import ProxyFix\n"})
    (finding,) = _run(tmp_path)
    assert finding.subject == "werkzeug.contrib"
    assert finding.severity == "blocker"


def test_dead_extension_and_missing_extension(tmp_path: Path) -> None:
    """``from flask.ext.script import Manager``: Flask-Script is not
    installed, and would not work anyway; the fix says both."""
    _write(tmp_path, {"manage.py": "from flask.ext.script import Manager\n"})
    (finding,) = _run(tmp_path)
    assert finding.kind == "missing-module"
    assert finding.subject == "flask_script"
    assert finding.fix.startswith("pip install Flask-Script; but it does not work")
    assert "'flask.ext.script' resolves to it" in finding.why


def test_dead_extension_installed(tmp_path: Path) -> None:
    """A dead extension that is installed is named dead, with the
    replacement (a local stand-in module plays the installed one)."""
    _write(tmp_path, {"manage.py": "from flask_script import Manager\n"})
    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "flask_script.py").write_text("Manager = None\n")
    sys.path.insert(0, str(tmp_path / "ext"))
    try:
        findings = diagnose([str(tmp_path / "manage.py")], flask="3.1.0", jobs=1, kb=KB)
    finally:
        sys.path.remove(str(tmp_path / "ext"))
    (finding,) = [f for f in findings["findings"] if f.kind == "dead-extension"]
    assert finding.fix == "Flask's own CLI"
    assert finding.when == "import"


def test_too_old_extension_release(tmp_path: Path) -> None:
    """An installed extension older than the release that works blocks with
    the upgrade command (the test KB says pytest's 'extension' works from
    999.0)."""
    _write(tmp_path, {"a.py": "import flask_pytestplug\n"})
    (tmp_path / "flask_pytestplug.py").write_text("")
    (finding,) = _run(tmp_path / "a.py", excludes=())
    assert finding.kind == "missing-module"  # not importable from here
    sys.path.insert(0, str(tmp_path))
    try:
        (finding,) = _run(tmp_path / "a.py")
    finally:
        sys.path.remove(str(tmp_path))
    assert finding.kind == "old-extension"
    assert finding.fix == "pip install -U 'pytest>=999.0'"


def test_local_modules_are_not_missing(tmp_path: Path) -> None:
    """An application's own ``flask_helpers`` package is not an extension
    to install."""
    _write(
        tmp_path,
        {
            "app.py": "from flask_helpers import thing\n",
            "flask_helpers/__init__.py": "thing = 1\n",
        },
    )
    assert _run(tmp_path) == []


def test_config_key_removed_and_default_changed(tmp_path: Path) -> None:
    """A removed config key is reported where set; a changed default where
    the extension is imported, when the app never sets the key."""
    (tmp_path / "flask_sqlalchemy.py").write_text("")  # stands in, importable
    _write(
        tmp_path / "app",
        {
            "wsgi.py": "from flask import Flask\napp = Flask(__name__)\n",
            "models.py": "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n",
            "config.py": """
            class Config(object):
                SQLALCHEMY_COMMIT_ON_TEARDOWN = True
            """,
        },
    )
    sys.path.insert(0, str(tmp_path))
    try:
        # The test's knowledge base has no Flask-SQLAlchemy entry: the
        # stand-in is also "not checked" (issue 13), which is not the point here.
        findings = [
            f for f in _run(tmp_path / "app") if f.kind != "unchecked-extension"
        ]
        kinds = sorted((f.kind, Path(f.path).name, f.line) for f in findings)
        assert kinds == [
            ("changed-default", "models.py", 1),
            ("removed-config", "config.py", 2),
        ]
        (tmp_path / "app" / "settings.py").write_text(
            "SQLALCHEMY_DATABASE_URI = 'sqlite://'\n"
            "app.config['SQLALCHEMY_DATABASE_URI'] = SQLALCHEMY_DATABASE_URI\n"
        )
        kinds2 = [
            f.kind for f in _run(tmp_path / "app") if f.kind != "unchecked-extension"
        ]
        assert kinds2 == ["removed-config"]
    finally:
        sys.path.remove(str(tmp_path))


def test_ignored_config_key_is_a_warning_unless_data_is_lost(tmp_path: Path) -> None:
    """A config key a release ignores changes behaviour: a warning; one
    whose loss loses data (the previous test) blocks."""
    _write(
        tmp_path, {"settings.py": "import flask\napp.config['JSON_SORT_KEYS'] = 1\n"}
    )
    (finding,) = _run(tmp_path)
    assert (finding.kind, finding.severity, finding.line) == (
        "removed-config",
        "warning",
        2,
    )


def test_order_is_the_order_things_fail(tmp_path: Path) -> None:
    """Environment first, then import time (by file and line), then request
    time, then warnings."""
    _write(
        tmp_path,
        {
            "a.py": """
            from flask import send_file
            def view():
                return send_file("x", attachment_filename="y")
            """,
            "b.py": "import itsdangerous\nitsdangerous.future_thing\n"
            "from werkzeug.contrib.cache import SimpleCache\n",
            "c.py": "from fakelib import gone\n",
        },
    )
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1, kb=KB)
    order = [
        (f.when, f.severity, f.path and Path(f.path).name) for f in report["findings"]
    ]
    assert order == [
        ("install", "blocker", None),
        ("import", "blocker", "b.py"),
        ("import", "blocker", "c.py"),
        ("import", "blocker", "c.py"),
        ("request", "blocker", "a.py"),
        ("import", "warning", "b.py"),
    ]


def test_python2_file_blocks_with_port_advice(tmp_path: Path) -> None:
    """A Python 2 file is a blocker that says to port it first."""
    _write(tmp_path, {"old.py": "from flask.ext.wtf import Form\nprint 'x'\n"})
    port, missing, form = _run(tmp_path)
    assert port.kind == "python2" and port.line == 2
    assert "port the file to Python 3" in port.fix
    # Its imports still count: Flask-WTF is not installed here, and its
    # Form is not what it was.
    assert (missing.kind, missing.subject, missing.line) == (
        "missing-module",
        "flask_wtf",
        1,
    )
    assert (form.subject, form.line) == ("flask_wtf.Form", 1)


def test_shadowed_name_is_not_reported(tmp_path: Path) -> None:
    """A parameter named like the removed import hides it: nothing found."""
    _write(
        tmp_path,
        {
            "a.py": """
            def sign(TimedJSONWebSignatureSerializer):
                return TimedJSONWebSignatureSerializer("k")
            """
        },
    )
    assert _run(tmp_path) == []


def test_text_report_groups_by_phase(tmp_path: Path) -> None:
    """The text groups blockers by when they fail and gives each its
    file:line, why and fix."""
    _write(tmp_path, {"b.py": "from werkzeug.contrib.cache import SimpleCache\n"})
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1, kb=KB)
    out = io.StringIO()
    _diagnose.write_text(report, out)
    text = out.getvalue()
    assert "In the environment (before any code runs)" in text
    assert "At import (the application does not start)" in text
    assert f"{tmp_path / 'b.py'}:1\n" in text
    assert "werkzeug.contrib: removed in Werkzeug 1.0.0" in text
    assert "fix: werkzeug.middleware" in text
    assert "Flask 3.1.0 (from --flask)" in text


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flask_ext_redirect", "doctor", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_json_and_exit_status(tmp_path: Path) -> None:
    """``doctor PATH --json`` follows the documented layout and exits 1 when
    something blocks, 0 when nothing does (the shipped knowledge base)."""
    _write(tmp_path / "bad", {"manage.py": "from flask.ext.script import Manager\n"})
    _write(tmp_path / "good", {"app.py": "from flask import Flask\n"})
    result = _cli("bad", "--json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == 1 and data["blocking"] is True
    assert set(data) == {
        "schema",
        "paths",
        "judged_against",
        "flask_from_option",
        "files",
        "blocking",
        "findings",
        "silenced",
        "problems",
        "entry",
        "run",
    }
    (finding,) = [f for f in data["findings"] if f["subject"] == "flask_script"]
    assert finding["path"] == "bad/manage.py" and finding["line"] == 1
    result = _cli("good", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Nothing found that stops this application" in result.stdout


def test_cli_errors(tmp_path: Path) -> None:
    """A missing path, a bad --flask, and --flask without PATH exit 2."""
    assert _cli("nope", cwd=tmp_path).returncode == 2
    bad = _cli(".", "--flask", "three", cwd=tmp_path)
    assert bad.returncode == 2 and "--flask" in bad.stderr
    assert _cli("--flask", "3.1", cwd=tmp_path).returncode == 2


def test_without_path_the_environment_report_is_unchanged(tmp_path: Path) -> None:
    """``doctor`` alone still prints the environment report."""
    result = _cli(cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("Python ")
    assert "flask.ext redirect:" in result.stdout


@pytest.mark.parametrize("jobs", [1, 2])
def test_processes_give_the_same_report(tmp_path: Path, jobs: int) -> None:
    """Thirty files scanned in worker processes: the same findings as one
    process."""
    for i in range(30):
        (tmp_path / f"m{i:02}.py").write_text(
            "from werkzeug.contrib.cache import SimpleCache\n"
        )
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=jobs, kb=KB)
    found = [(Path(f.path).name, f.line) for f in report["findings"] if f.path]
    assert found == [(f"m{i:02}.py", 1) for i in range(30)]


def test_shipped_knowledge_base_changed_defaults(tmp_path: Path) -> None:
    """The shipped entries of kind "default": positional ``paginate`` and
    a called ``is_authenticated`` block at request time; keyword
    ``paginate``, a user agent's browser (a warning) and an app that sets
    SQLALCHEMY_DATABASE_URI are told apart."""
    _write(
        tmp_path,
        {
            "wsgi.py": "from flask import Flask\napp = Flask(__name__)\n",
            "models.py": """
            from flask_sqlalchemy import SQLAlchemy
            from flask_login import current_user
            db = SQLAlchemy()
            def page(n):
                a = Post.query.paginate(n, 20, False)
                b = Post.query.paginate(page=n, per_page=20)
                if current_user.is_authenticated():
                    pass
                if current_user.is_authenticated:
                    pass
            """,
            "ua.py": """
            from flask import request
            def view():
                return request.user_agent.browser
            """,
        },
    )
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1)
    found = {
        (f.subject, f.severity, f.when, f.line)
        for f in report["findings"]
        if f.kind == "changed-default" and f.path
    }
    assert (
        "flask_sqlalchemy.Query.paginate.positional",
        "blocker",
        "request",
        5,
    ) in found
    assert (
        "flask_login.UserMixin.is_authenticated.property",
        "blocker",
        "request",
        7,
    ) in found
    assert ("werkzeug.user_agent.parsing", "warning", "request", 3) in found
    assert ("flask_sqlalchemy.database_uri_required", "blocker", "import", 1) in found
    assert not [s for s in found if s[3] in (6, 9)]
    (tmp_path / "config.py").write_text("SQLALCHEMY_DATABASE_URI = 'sqlite://'\n")
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1)
    assert "flask_sqlalchemy.database_uri_required" not in {
        f.subject for f in report["findings"]
    }


def test_flask_option_stands_for_an_installed_flask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --flask, Flask is not reported missing where doctor runs
    without it; without --flask it is, with the distribution to install."""
    from flask_ext_redirect._diagnose import _environment

    real = _environment.Environment.importable

    def importable(self: Any, module: str) -> bool:
        return module != "flask" and real(self, module)

    monkeypatch.setattr(_environment.Environment, "importable", importable)
    monkeypatch.setattr(
        _environment.Environment,
        "version",
        lambda self, dist: self.flask_override if dist == "Flask" else None,
    )
    # (send_file's keyword lets the file through the prefilter.)
    _write(
        tmp_path,
        {"app.py": "from flask import send_file\nsend_file(attachment_filename=1)\n"},
    )

    def missing(flask: str | None) -> list[Any]:
        return [f for f in _run(tmp_path, flask=flask) if f.kind == "missing-module"]

    assert missing("3.1.0") == []
    (finding,) = missing(None)
    assert (finding.subject, finding.fix) == ("flask", "pip install Flask")


def test_changed_default_only_for_the_calls_its_example_names(
    tmp_path: Path, installed: dict[str, str]
) -> None:
    """The shipped entry for generate_password_hash is about plain methods
    (its example passes method=): a call without it is fine, one with it
    blocks on Werkzeug 3.1 where a user registers (request time)."""
    installed["werkzeug"] = "3.1.3"
    _write(
        tmp_path,
        {
            "models.py": """
            from werkzeug.security import generate_password_hash
            def set_password(user, password):
                user.a = generate_password_hash(password)
                user.b = generate_password_hash(password, method='sha256')
            """
        },
    )
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1)
    found = [
        (f.subject, f.severity, f.when, f.line)
        for f in report["findings"]
        if f.subject.startswith("werkzeug.security")
    ]
    assert found == [
        (
            "werkzeug.security.generate_password_hash.plain_methods",
            "blocker",
            "request",
            4,
        )
    ]


def test_the_name_entry_wins_over_its_module_entry_on_one_line(tmp_path: Path) -> None:
    """``from werkzeug.contrib.fixers import ProxyFix`` meets the shipped
    entries for the module and for ProxyFix: only ProxyFix's is reported,
    with its own fix."""
    _write(tmp_path, {"wsgi.py": "from werkzeug.contrib.fixers import ProxyFix\n"})
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1)
    subjects = [f.subject for f in report["findings"] if f.path]
    assert "werkzeug.contrib.fixers.ProxyFix" in subjects
    assert "werkzeug.contrib.fixers" not in subjects


def test_failure_moves_to_request_time_from_a_later_release(tmp_path: Path) -> None:
    """An entry whose failure moved from import to request time in a later
    release (WTForms 3.1.0's Email() without email_validator) is judged by
    the installed release: at import before it, when a request comes from
    it on."""
    kb = from_mapping(
        {
            "schema": 1,
            "extensions": [],
            "apis": [
                _api(
                    id="flask.Thing.needs_lib",
                    kind="default",
                    name="Thing",
                    removed="2.0.0",
                    last_with="1.1.4",
                    why="Thing() raises when the form is validated",
                    probe="True",
                    request_from="3.0.0",
                )
            ],
            "bad_distributions": [],
        }
    )
    _write(tmp_path, {"forms.py": "from flask import Thing\nx = Thing()\n"})

    def when(flask: str) -> str:
        report = diagnose([str(tmp_path)], flask=flask, jobs=1, kb=kb)
        (finding,) = [f for f in report["findings"] if f.path]
        return str(finding.when)

    assert when("2.3.3") == "import"
    assert when("3.1.0") == "request"


def test_restful_request_parser_default_location_blocks_at_request(
    tmp_path: Path, installed: dict[str, str]
) -> None:
    """Flask-RESTful's RequestParser reads request.json by default, which
    Werkzeug >= 2.1 refuses for a request that is not JSON (a plain GET
    answers 415): the shipped knowledge base names it at request time."""
    installed["werkzeug"] = "3.1.3"
    _write(
        tmp_path,
        {
            "api.py": """
            from flask_restful import Resource, reqparse
            parser = reqparse.RequestParser()
            parser.add_argument('q', type=str)
            """
        },
    )
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1)
    found = {
        (f.subject, f.severity, f.when, f.line): f
        for f in report["findings"]
        if f.path and f.subject.startswith("flask_restful")
    }
    key = ("flask_restful.reqparse.RequestParser.location", "blocker", "request", 2)
    assert key in found, sorted(found)
    assert "location=" in found[key].fix


def test_wtforms_names_imported_from_flask_wtf_block_at_import(
    tmp_path: Path,
) -> None:
    """``from flaskext.wtf import TextField, Required`` (Flask-WTF < 0.9
    re-exported WTForms): on today's Flask-WTF the import fails, and doctor
    says so, with migrate --upgrade as the fix."""
    _write(
        tmp_path,
        {"forms.py": "from flaskext.wtf import Form, PasswordField, Required\n"},
    )
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1)
    found = {f.subject: f for f in report["findings"] if f.path}
    for subject in ("flask_wtf.PasswordField", "flask_wtf.Required"):
        assert found[subject].when == "import", subject
        assert found[subject].mechanical, subject
    assert "wtforms.validators.Required" in found["flask_wtf.Required"].fix


def test_flask_script_finding_says_upgrade_converts_manage_py(tmp_path: Path) -> None:
    """Flask-Script is dead, but migrate --upgrade converts a manage.py of
    the usual shape: doctor's fix says so, so nobody converts it by hand
    first."""
    _write(tmp_path, {"manage.py": "from flask.ext.script import Manager\n"})
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1)
    (finding,) = [f for f in report["findings"] if f.subject == "flask_script"]
    assert finding.severity == "blocker"
    assert "migrate --upgrade converts a stereotyped manage.py" in finding.fix


def test_flask_cache_replacement_names_the_new_cache_types(tmp_path: Path) -> None:
    """Flask-Cache is dead; its replacement Flask-Caching 2 refuses
    CACHE_TYPE 'simple' (backends are named by class), so doctor's fix
    says what the old names became."""
    _write(tmp_path, {"app.py": "from flask.ext.cache import Cache\n"})
    report = diagnose([str(tmp_path)], flask="3.1.0", jobs=1)
    (finding,) = [f for f in report["findings"] if f.subject == "flask_cache"]
    assert "'simple' is 'SimpleCache'" in finding.fix


def _shipped_findings(tmp_path: Path, code: str, stand_in: str = "") -> list[Any]:
    """doctor with the shipped knowledge base on ``app.py``; ``stand_in``
    names a module to play an installed extension."""
    from flask_ext_redirect._era import load

    _write(tmp_path, {"app.py": code})
    ext_dir = tmp_path / "ext"
    ext_dir.mkdir()
    if stand_in:
        (ext_dir / stand_in).mkdir()
        (ext_dir / stand_in / "__init__.py").write_text("")
    sys.path.insert(0, str(ext_dir))
    try:
        report = diagnose([str(tmp_path / "app.py")], flask="3.1.0", jobs=1, kb=load())
    finally:
        sys.path.remove(str(ext_dir))
    return [f for f in report["findings"] if f.kind != "bad-distribution"]


def test_shipped_oauthlib_client_import_is_a_blocker(tmp_path: Path) -> None:
    """``from flask_oauthlib.client import OAuth`` with Flask-OAuthlib
    installed: a blocker at import naming werkzeug.urls.url_quote, not
    silence (importing the bare package works, the client does not)."""
    findings = _shipped_findings(
        tmp_path, "from flask_oauthlib.client import OAuth\n", "flask_oauthlib"
    )
    (finding,) = [f for f in findings if f.subject == "flask_oauthlib"]
    assert finding.kind == "dead-extension"
    assert finding.severity == "blocker" and finding.when == "import"
    assert "url_quote" in finding.why


def test_shipped_yanked_extension_fix_is_the_exact_pin(tmp_path: Path) -> None:
    """Flask-User not installed: the fix is the exact pin (every release is
    yanked) and does not call it dead."""
    findings = _shipped_findings(tmp_path, "from flask_user import UserManager\n")
    (finding,) = [f for f in findings if f.subject == "flask_user"]
    assert finding.fix.startswith("pip install Flask-User==1.0.2.2 (every release")
    assert "does not work" not in finding.fix


def test_shipped_uninstallable_extension_is_not_told_to_install(
    tmp_path: Path,
) -> None:
    """Flask-MongoAlchemy not installed: it fails to install beside Flask 3,
    so the fix says why and what to use instead, not "pip install"."""
    findings = _shipped_findings(tmp_path, "import flask_mongoalchemy\n")
    (finding,) = [f for f in findings if f.subject == "flask_mongoalchemy"]
    assert finding.fix.startswith("Flask-MongoAlchemy does not install beside")
    assert "pymongo==2.8.1" in finding.fix


def test_partial_extension_reports_only_its_failing_submodule(
    tmp_path: Path,
) -> None:
    """An extension whose package imports but one submodule does not
    (Flask-Testing's Python 2 flask_testing.twill): importing the package is
    fine, importing the submodule is a blocker naming it."""
    kb = from_mapping(
        {
            "schema": 1,
            "extensions": [
                {
                    "name": "partly",
                    "module": "flask_partly",
                    "legacy_modules": [],
                    "distribution": "Flask-Partly",
                    "status": "partial",
                    "fails_at": "flask_partly.twill",
                    "why": "flask_partly.twill imports StringIO (Python 2)",
                    "source": "Flask-Partly 1.0",
                }
            ],
            "apis": [],
            "bad_distributions": [],
        }
    )
    _write(
        tmp_path,
        {
            "uses_package.py": "from flask_partly import TestCase\n",
            "uses_twill.py": "from flask_partly.twill import Twill\n",
        },
    )
    (tmp_path / "ext" / "flask_partly").mkdir(parents=True)
    (tmp_path / "ext" / "flask_partly" / "__init__.py").write_text("")
    (tmp_path / "ext" / "flask_partly" / "twill.py").write_text("")
    sys.path.insert(0, str(tmp_path / "ext"))
    try:
        fine, broken = (
            diagnose([str(tmp_path / name)], flask="3.1.0", jobs=1, kb=kb)
            for name in ("uses_package.py", "uses_twill.py")
        )
        fine_findings = [f for f in fine["findings"] if f.kind != "bad-distribution"]
        (finding,) = [f for f in broken["findings"] if f.kind == "dead-extension"]
    finally:
        sys.path.remove(str(tmp_path / "ext"))
    assert fine_findings == []
    assert finding.subject == "flask_partly" and finding.id == "ext.flask_partly"
    assert finding.title.startswith("flask_partly.twill (Flask-Partly)")
    assert finding.severity == "blocker"
    assert "StringIO" in finding.why
