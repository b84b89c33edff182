"""A small application in the style of 2014 tutorials (written for this
test), upgraded with ``migrate --upgrade`` and run on Flask 3.1, Flask-WTF
1.x and WTForms 3 in a real virtual environment, with the redirect absent:
it answers 200 and its manage.py commands run under ``flask``."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import Venv

Run = Callable[..., "subprocess.CompletedProcess[Any]"]
Tree = Callable[[Mapping[str, "str | bytes"]], Path]

APP = """\
# -*- coding: utf-8 -*-
import io

from flask import Flask, Markup, render_template_string, send_file
from flask.ext.wtf import Form
from jinja2 import contextfilter
from werkzeug import secure_filename
from wtforms import TextField, validators

app = Flask(__name__)
app.config['SECRET_KEY'] = 'not secret'
app.config['WTF_CSRF_ENABLED'] = False


class NameForm(Form):
    name = TextField(u'Name', [validators.Required()])


@contextfilter
def shout(context, value):
    return Markup(u'<b>%s</b>') % value.upper()


app.jinja_env.filters['shout'] = shout


@app.route('/', methods=['GET', 'POST'])
def index():
    form = NameForm()
    if form.validate_on_submit():
        name = secure_filename(form.name.data)
        return render_template_string(u'{{ name|shout }}', name=name)
    return render_template_string(u'<form>{{ form.name() }}</form>', form=form)


@app.route('/download')
def download():
    data = io.BytesIO(b'a,b\\n')
    return send_file(data, mimetype='text/csv', as_attachment=True,
                     attachment_filename='data.csv', cache_timeout=0)
"""

MANAGE = '''\
#!/usr/bin/env python
from flask.ext.script import Manager, Server, Shell

from app import app

manager = Manager(app)


def make_shell_context():
    return dict(app=app)


manager.add_command('shell', Shell(make_context=make_shell_context))
manager.add_command('runserver', Server())


@manager.command
def hello():
    """Say hello."""
    print('hello from manage.py')


@manager.command
def check():
    """Fail the way a CI step would."""
    return 3


if __name__ == '__main__':
    manager.run()
'''

CHECK = """
from app import app
import manage
assert manage.app.shell_context_processors
client = app.test_client()
page = client.get('/')
assert page.status_code == 200, page.status_code
posted = client.post('/', data={'name': 'bob'})
assert posted.status_code == 200 and b'<b>BOB</b>' in posted.data, posted.data
empty = client.post('/', data={'name': ''})
assert b'<b>' not in empty.data, 'DataRequired did not reject an empty name'
download = client.get('/download')
assert download.status_code == 200
assert 'filename=data.csv' in download.headers['Content-Disposition']
assert 'max-age=0' in download.headers['Cache-Control'], download.headers
print('ok')
"""


@pytest.fixture(scope="module")
def flask3(make_venv: Callable[..., Venv]) -> Venv:
    """Flask 3.1, Flask-WTF and WTForms 3 as a user upgrading gets them;
    neither Flask-Script nor this project installed."""
    venv = make_venv("flask3-app")
    venv.pip("install", "Flask>=3.1,<3.2", "Flask-WTF>=1.2", "WTForms>=3.1")
    return venv


@pytest.mark.venv
def test_legacy_app_runs_on_flask_3_after_upgrade(
    flask3: Venv, run_cli: Run, tree: Tree
) -> None:
    """Before: the app does not import. After migrate --upgrade: every
    request answers as the app meant it to, manage.py's commands run as
    'flask --app manage.py hello' (with the exit status they returned),
    and a second run changes nothing."""
    root = tree({"app.py": APP, "manage.py": MANAGE})
    before = flask3.run("import app", check=False, PYTHONPATH=str(root))
    assert before.returncode != 0
    result = run_cli("migrate", "--upgrade", "--target", "flask_", root)
    assert result.returncode == 1, result.stderr
    assert "2 files scanned, 2 changed, 0 skipped, 0 errors" in result.stderr
    assert "flask --app THIS_FILE COMMAND" in result.stderr
    check = flask3.run(CHECK, check=False, PYTHONPATH=str(root))
    assert check.stdout.strip() == "ok", check.stderr
    hello = flask3.flask("--app", "manage.py", "hello", cwd=root)
    assert hello.stdout == "hello from manage.py\n", hello.stderr
    # Flask-Script exited with the command's return value; so does flask.
    status = flask3.flask("--app", "manage.py", "check", cwd=root)
    assert status.returncode == 3, status.stderr
    again = run_cli("migrate", "--upgrade", "--target", "flask_", root)
    assert again.returncode == 0, again.stderr
