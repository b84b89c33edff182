"""Templates: found from the code, read with Jinja's parser, judged
against the knowledge base, and the Flask-Login properties rewritten."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask_ext_redirect._era import load
from flask_ext_redirect._templates import judge_templates
from flask_ext_redirect._templates import read_template
from flask_ext_redirect._templates import rewrite_template
from flask_ext_redirect._templates import template_files
from flask_ext_redirect._templates import template_folders

Run = Callable[..., subprocess.CompletedProcess[Any]]

BASE = """\
{% extends "bootstrap/base.html" %}
{% import "bootstrap/wtf.html" as wtf %}
{% from "bootstrap/utils.html" import flashed_messages as flashes %}
{% block content %}
  {% if current_user.is_authenticated() %}{{ current_user.name }}{% endif %}
  {{ flashes() }}
  {{ wtf.quick_form(form) }}
  {{ post.body|markdown }}
{% endblock %}
"""


def _judge(text: str, *, present: tuple[str, ...] = (), code: list[str] | None = None):  # type: ignore[no-untyped-def]
    facts = [read_template("t.html", text)]
    verdicts = judge_templates(
        facts, load(), present=lambda d: d in present, python_files=code or []
    )
    return [(v.change.id, v.line, v.mechanical) for v in verdicts]


def test_property_calls_are_found_with_their_line() -> None:
    """is_authenticated() and friends are found where called; the property
    used as one is not, and neither is another variable's method."""
    text = (
        "{% if current_user.is_authenticated %}a{% endif %}\n"
        "{% if current_user.is_active() and not current_user.is_anonymous() %}"
        "{% endif %}\n"
        "{{ user.is_authenticated() }}{{ current_user.is_active(x) }}\n"
    )
    assert _judge(text) == [
        ("flask_login.current_user.is_active.call", 2, True),
        ("flask_login.current_user.is_anonymous.call", 2, True),
        ("flask_login.current_user.is_active.call", 3, False),
    ]


def test_bootstrap_templates_only_where_bootstrap_flask_provides_them() -> None:
    """Flask-Bootstrap's templates are reported only where Bootstrap-Flask
    (which has none of them) is installed or required."""
    assert _judge(BASE) == [("flask_login.current_user.is_authenticated.call", 5, True)]
    assert _judge(BASE, present=("Bootstrap-Flask",)) == [
        ("flask_bootstrap.template.base", 1, False),
        ("flask_bootstrap.template.wtf", 2, False),
        ("flask_login.current_user.is_authenticated.call", 5, True),
        ("flask_bootstrap.macro.flashed_messages", 6, False),
        ("flask_bootstrap.macro.quick_form", 7, False),
    ]


def test_dead_extension_filter_only_where_the_code_imports_it(tmp_path: Path) -> None:
    """|markdown is gone only where the dead Flask-Markdown provides it; an
    application with a filter of its own (or Flask-Misaka) is left alone."""
    dead = tmp_path / "dead.py"
    dead.write_text("from flaskext.markdown import Markdown\n")
    own = tmp_path / "own.py"
    own.write_text("from flask_misaka import Misaka\n")
    text = "{{ post.body|markdown }}\n{% filter markdown %}x{% endfilter %}\n"
    assert _judge(text, code=[str(own)]) == []
    assert _judge(text, code=[str(dead)]) == [
        ("flask_markdown.filter.markdown", 1, False),
        ("flask_markdown.filter.markdown", 2, False),
    ]


def test_folders_come_from_flask_and_blueprint_calls(tmp_path: Path) -> None:
    """Flask's default templates/ folder, a Blueprint's template_folder, and
    a folder given explicitly; a computed folder is not guessed."""
    pkg = tmp_path / "app"
    (pkg / "templates").mkdir(parents=True)
    (pkg / "admin" / "tpl").mkdir(parents=True)
    (pkg / "unused" / "templates").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (pkg / "admin" / "__init__.py").write_text(
        "import flask\nbp = flask.Blueprint('admin', __name__, template_folder='tpl')\n"
        "other = flask.Blueprint('x', __name__, template_folder=NAME)\n"
    )
    (pkg / "templates" / "index.html").write_text("")
    (pkg / "admin" / "tpl" / "list.html").write_text("")
    (pkg / "templates" / "style.css").write_text("")
    folders = template_folders([str(pkg)])
    files = [Path(f).relative_to(pkg).as_posix() for f in template_files(folders)]
    assert files == ["admin/tpl/list.html", "templates/index.html"]


def test_rewrite_drops_only_the_call_parentheses() -> None:
    """Byte-exact elsewhere; a call with arguments and a line where a comment
    holds the same text are left, with a note."""
    text = (
        "{% if current_user . is_authenticated( ) %}\r\n"
        "{# current_user.is_active() #}{{ current_user.is_active() }}\r\n"
        "{{ current_user.is_anonymous(1) }}{{ current_user.is_anonymous() }}\r\n"
        "{% endif %}"
    )
    new, notes = rewrite_template("t.html", text, load().template_changes)
    assert new == (
        "{% if current_user . is_authenticated %}\r\n"
        "{# current_user.is_active() #}{{ current_user.is_active() }}\r\n"
        "{{ current_user.is_anonymous(1) }}{{ current_user.is_anonymous }}\r\n"
        "{% endif %}"
    )
    assert [line for line, _ in notes] == [3, 2]


def test_unparsable_template_is_left_and_named() -> None:
    """A template Jinja cannot parse is not rewritten."""
    text = "{% if current_user.is_authenticated() %}\n"
    new, notes = rewrite_template("t.html", text, load().template_changes)
    assert new == text
    assert notes and "not parsed" in notes[0][1]


def _app(tmp_path: Path) -> Path:
    app = tmp_path / "app"
    (app / "templates").mkdir(parents=True)
    (app / "__init__.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (app / "templates" / "base.html").write_text(BASE)
    (app / "templates" / "ok.html").write_text(
        "{% if current_user.is_authenticated %}{{ url_for('index') }}{% endif %}\n"
    )
    return app


def test_doctor_reports_template_lines(run_cli: Run, tmp_path: Path) -> None:
    """doctor names the template file and line, at request time; a correct
    template gets nothing."""
    app = _app(tmp_path)
    result = run_cli("doctor", "--json", app)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    found = [
        (Path(f["path"]).name, f["line"], f["when"], f["mechanical"])
        for f in report["findings"]
        if f["kind"] == "template"
    ]
    assert found == [("base.html", 5, "request", True)]
    assert report["files"]["templates"] == 2


def test_migrate_upgrade_rewrites_templates(run_cli: Run, tmp_path: Path) -> None:
    """migrate --upgrade fixes the property call in place; --check then
    passes and the other template is untouched."""
    app = _app(tmp_path)
    ok = (app / "templates" / "ok.html").read_bytes()
    assert run_cli("migrate", "--upgrade", "--check", app).returncode == 1
    assert run_cli("migrate", "--upgrade", app).returncode == 1
    text = (app / "templates" / "base.html").read_text()
    assert text == BASE.replace("is_authenticated()", "is_authenticated")
    assert (app / "templates" / "ok.html").read_bytes() == ok
    assert run_cli("migrate", "--upgrade", "--check", app).returncode == 0


def test_migrate_takes_a_template_file_or_folder_given(
    run_cli: Run, tmp_path: Path
) -> None:
    """A template named on the command line (or a folder named templates) is
    rewritten without any code naming it, and is never parsed as Python."""
    folder = tmp_path / "templates"
    folder.mkdir()
    page = folder / "page.html"
    page.write_text("<form>{{ current_user.is_anonymous() }}</form>\n")
    result = run_cli("migrate", "--upgrade", page)
    assert result.returncode == 1, result.stderr
    assert page.read_text() == "<form>{{ current_user.is_anonymous }}</form>\n"
    page.write_text("{{ current_user.is_active() }}\n")
    assert run_cli("migrate", "--upgrade", folder).returncode == 1
    assert page.read_text() == "{{ current_user.is_active }}\n"


def test_without_jinja2_templates_are_named_not_read(tmp_path: Path) -> None:
    """Where Jinja2 cannot be imported, ``migrate --upgrade`` still rewrites
    the Python files and says why a template was left; it does not crash
    (the fuzz-upgrade session, which installs the tool without Flask, did)."""
    import sys

    app = _app(tmp_path)
    (app / "views.py").write_text("from werkzeug import secure_filename\n")
    code = (
        "import sys\n"
        "sys.modules['jinja2'] = None\n"
        "from flask_ext_redirect._cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "migrate", "--upgrade", "-j", "1", str(app)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    views = (app / "views.py").read_text()
    assert "from werkzeug.utils import secure_filename" in views
    assert (app / "templates" / "base.html").read_text() == BASE
    assert "Jinja2 is not installed here" in result.stdout + result.stderr
