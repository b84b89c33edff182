# ruff: noqa: E501
# (before/after source texts read best unwrapped)
"""Each ``migrate --upgrade`` fixer: what it rewrites, byte for byte, and
what it refuses."""

from __future__ import annotations

import ast
import sys

import pytest

from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate._model import Message
from flask_ext_redirect._migrate._upgrade import upgrade_source


def up(text: str) -> str:
    """Upgrade ``text`` and check the result parses and is a fixed point."""
    legacy = "flask.ext" in text or "flaskext" in text
    new = upgrade_source(text, Targets("flask_"), legacy).text
    ast.parse(new)
    assert upgrade_source(new, Targets("flask_"), False).text == new, "not idempotent"
    return new


def refused(text: str) -> Message:
    """The first refusal of upgrading ``text`` (there must be one)."""
    legacy = "flask.ext" in text or "flaskext" in text
    result = upgrade_source(text, Targets("flask_"), legacy)
    assert result.refused, f"nothing refused; got:\n{result.text}"
    return result.refused[0]


# ------------------------------------------------------------ flask-wtf-form

CASES = {
    "flask_wtf Form and its uses": (
        "from flask_wtf import Form\n\n\nclass LoginForm(Form):\n    pass\n",
        "from flask_wtf import FlaskForm\n\n\nclass LoginForm(FlaskForm):\n    pass\n",
    ),
    "flask.ext.wtf in one run with the plain rewrite": (
        "from flask.ext.wtf import Form\nclass F(Form): pass\n",
        "from flask_wtf import FlaskForm\nclass F(FlaskForm): pass\n",
    ),
    "an alias keeps its local name": (
        "from flask_wtf import Form as BaseForm\nclass F(BaseForm): pass\n",
        "from flask_wtf import FlaskForm as BaseForm\nclass F(BaseForm): pass\n",
    ),
    "attribute of the module": (
        "import flask_wtf\nclass F(flask_wtf.Form): pass\n",
        "import flask_wtf\nclass F(flask_wtf.FlaskForm): pass\n",
    ),
    "Flask-WTF 0.8 re-exports go to WTForms, renamed there": (
        "from flask.ext.wtf import Form, TextField, Required, validators\n"
        "class F(Form):\n"
        "    name = TextField('n', [Required(), validators.Length(3)])\n",
        "from flask_wtf import FlaskForm\n"
        "from wtforms import StringField, validators\n"
        "from wtforms.validators import DataRequired\n"
        "class F(FlaskForm):\n"
        "    name = StringField('n', [DataRequired(), validators.Length(3)])\n",
    ),
    "file fields go to flask_wtf.file": (
        "from flask_wtf import Form, FileField\nclass F(Form):\n    f = FileField()\n",
        "from flask_wtf import FlaskForm\nfrom flask_wtf.file import FileField\n"
        "class F(FlaskForm):\n    f = FileField()\n",
    ),
    # ------------------------------------------------------ flask-wtf-renames
    "CsrfProtect": (
        "from flask_wtf.csrf import CsrfProtect\ncsrf = CsrfProtect()\n",
        "from flask_wtf.csrf import CSRFProtect\ncsrf = CSRFProtect()\n",
    ),
    "flask_wtf.html5": (
        "from flask_wtf.html5 import EmailField\n",
        "from wtforms.fields import EmailField\n",
    ),
    # -------------------------------------------------------- wtforms-renames
    "TextField and validators.Required": (
        "from wtforms import TextField, TextAreaField, validators\n"
        "a = TextField('a', [validators.Required()])\nb = TextAreaField()\n",
        "from wtforms import StringField, TextAreaField, validators\n"
        "a = StringField('a', [validators.DataRequired()])\nb = TextAreaField()\n",
    ),
    "lower-case required alias": (
        "from wtforms.validators import required, Length\nv = [required(), Length(1)]\n",
        "from wtforms.validators import DataRequired, Length\n"
        "v = [DataRequired(), Length(1)]\n",
    ),
    "star import from wtforms.validators": (
        "from wtforms.validators import *\nv = [Required(), Email()]\n",
        "from wtforms.validators import *\nv = [DataRequired(), Email()]\n",
    ),
    "html5 fields module": (
        "from wtforms.fields.html5 import EmailField, URLField\n",
        "from wtforms.fields import EmailField, URLField\n",
    ),
    "html5 star import: the names it bound, by name": (
        "from wtforms.fields.html5 import *\ne = EmailField()\n",
        "from wtforms.fields import (\n    DateField,\n    DateTimeField,\n    DateTimeLocalField,\n"
        "    DecimalField,\n    DecimalRangeField,\n    EmailField,\n    IntegerField,\n"
        "    IntegerRangeField,\n    SearchField,\n    TelField,\n    URLField,\n)\ne = EmailField()\n",
    ),
    # ------------------------------------------------------- werkzeug-imports
    "from werkzeug import X, grouped by module": (
        "from werkzeug import secure_filename, generate_password_hash, "
        "check_password_hash, cached_property\n",
        "from werkzeug.utils import secure_filename, cached_property\n"
        "from werkzeug.security import generate_password_hash, check_password_hash\n",
    ),
    "werkzeug.X through import werkzeug": (
        "import werkzeug\n\nh = werkzeug.Headers()\nf = werkzeug.FileStorage\n",
        "import werkzeug\nimport werkzeug.datastructures\n\n"
        "h = werkzeug.datastructures.Headers()\nf = werkzeug.datastructures.FileStorage\n",
    ),
    "what Werkzeug still has at the top stays": (
        "from werkzeug import run_simple, Request, Response, Client\n",
        "from werkzeug import run_simple, Request, Response, Client\n",
    ),
    "a same-module rename through a dotted chain": (
        "import wtforms\nv = wtforms.validators.Required()\n",
        "import wtforms\nv = wtforms.validators.DataRequired()\n",
    ),
    "werkzeug submodule imports stay": (
        "from werkzeug import exceptions, routing\n",
        "from werkzeug import exceptions, routing\n",
    ),
    "moved middleware goes to werkzeug.middleware": (
        "from werkzeug import SharedDataMiddleware\n",
        "from werkzeug.middleware.shared_data import SharedDataMiddleware\n",
    ),
    # ------------------------------------------------------- werkzeug-contrib
    "ProfilerMiddleware and wsgi middleware": (
        "from werkzeug.contrib.profiler import ProfilerMiddleware\n"
        "from werkzeug.wsgi import DispatcherMiddleware, get_current_url\n"
        "app.wsgi_app = ProfilerMiddleware(app.wsgi_app, restrictions=[30])\n",
        "from werkzeug.middleware.profiler import ProfilerMiddleware\n"
        "from werkzeug.wsgi import get_current_url\n"
        "from werkzeug.middleware.dispatcher import DispatcherMiddleware\n"
        "app.wsgi_app = ProfilerMiddleware(app.wsgi_app, restrictions=[30])\n",
    ),
    "ProfilerMiddleware given sys.stderr": (
        "from werkzeug.contrib.profiler import ProfilerMiddleware\n"
        "w = ProfilerMiddleware(a, sys.stderr)\n",
        "from werkzeug.middleware.profiler import ProfilerMiddleware\n"
        "w = ProfilerMiddleware(a, sys.stderr)\n",
    ),
    # ----------------------------------------------------- markupsafe-imports
    "flask.Markup among other flask names": (
        "from flask import Flask, Markup, render_template\nx = Markup('<b>')\n",
        "from flask import Flask, render_template\nfrom markupsafe import Markup\n"
        "x = Markup('<b>')\n",
    ),
    "one name per line keeps the comments": (
        "from flask import (\n    Flask,  # the app\n    Markup,  # html\n"
        "    escape,\n)\n",
        "from flask import (\n    Flask,  # the app\n)\nfrom markupsafe import Markup, escape  # html\n",
    ),
    "jinja2 names with an alias": (
        "from jinja2 import Markup as M, escape\n",
        "from markupsafe import Markup as M, escape\n",
    ),
    "an aliased module": (
        "import flask as f\nimport jinja2\nm = f.Markup('')\nj = jinja2.Markup\n",
        "import flask as f\nimport markupsafe\nimport jinja2\n"
        "m = markupsafe.Markup('')\nj = markupsafe.Markup\n",
    ),
    "flask.escape through import flask": (
        "import flask\n\ndef f(x):\n    return flask.escape(x)\n",
        "import flask\nimport markupsafe\n\ndef f(x):\n    return markupsafe.escape(x)\n",
    ),
    "indented import, CRLF, no final newline": (
        "try:\r\n    from flask import Markup, g\r\nexcept ImportError:\r\n    raise",
        "try:\r\n    from flask import g\r\n    from markupsafe import Markup\r\n"
        "except ImportError:\r\n    raise",
    ),
    # ------------------------------------------------- jinja2-pass-decorators
    "contextfilter and friends": (
        "from jinja2 import contextfilter, environmentfunction\n\n"
        "@contextfilter\ndef f(ctx, v):\n    pass\n\n@environmentfunction\ndef g(env):\n"
        "    pass\n",
        "from jinja2 import pass_context, pass_environment\n\n"
        "@pass_context\ndef f(ctx, v):\n    pass\n\n@pass_environment\ndef g(env):\n"
        "    pass\n",
    ),
    # ------------------------------------------------------- send-file-kwargs
    "send_file keywords": (
        "from flask import send_file\n"
        "r = send_file(f, as_attachment=True,\n"
        "              attachment_filename='a.csv', cache_timeout=0, add_etags=False)\n",
        "from flask import send_file\n"
        "r = send_file(f, as_attachment=True,\n"
        "              download_name='a.csv', max_age=0, etag=False)\n",
    ),
    "send_from_directory filename and forwarded keywords": (
        "import flask\nr = flask.send_from_directory(d, filename=n, cache_timeout=60)\n",
        "import flask\nr = flask.send_from_directory(d, path=n, max_age=60)\n",
    ),
    "through a module alias, and a shadowing parameter left alone": (
        "from flask import helpers, send_file\n"
        "def v(send_file):\n    return send_file(x, cache_timeout=1)\n"
        "r = helpers.send_file(x, cache_timeout=1)\n",
        "from flask import helpers, send_file\n"
        "def v(send_file):\n    return send_file(x, cache_timeout=1)\n"
        "r = helpers.send_file(x, max_age=1)\n",
    ),
    "positional arguments and other functions are left alone": (
        "from flask import send_from_directory\nfrom x import send_file\n"
        "send_from_directory(d, n)\nsend_file(f, cache_timeout=1)\n",
        "from flask import send_from_directory\nfrom x import send_file\n"
        "send_from_directory(d, n)\nsend_file(f, cache_timeout=1)\n",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_rewrites(case: str) -> None:
    """The fixers turn the old code into exactly this, and a second run
    changes nothing."""
    before, after = CASES[case]
    assert up(before) == after


REFUSALS = {
    "a moved name from a star import": (
        "from flask import *\nx = Markup('')\n",
        "import it by name first",
    ),
    "ProxyFix": (
        "from werkzeug.contrib.fixers import ProxyFix\napp.wsgi_app = ProxyFix(app.wsgi_app)\n",
        "x_for=N, x_proto=1, x_host=1",
    ),
    "ProfilerMiddleware with stream=None": (
        "from werkzeug.contrib.profiler import ProfilerMiddleware\n"
        "w = ProfilerMiddleware(app, stream=None)\n",
        "stream=None meant stdout",
    ),
    "a module name bound twice in one scope before a moved attribute": (
        "import flask\nif x:\n    flask = other\nflask.Markup('')\n",
        "'flask' is bound more than once in this scope",
    ),
    "ProxyFix through a module alias": (
        "import werkzeug.contrib.fixers as fixers\nw = fixers.ProxyFix(app)\n",
        "x_for=N, x_proto=1, x_host=1",
    ),
    "a moved attribute whose module is imported in a function": (
        "def page():\n    import flask\n    return flask.Markup('<b>')\n",
        "not at module level",
    ),
    "the new module's name is taken": (
        "import flask\nmarkupsafe = None\nx = flask.escape('')\n",
        "'markupsafe' is already a name",
    ),
    "a star import of a module that is gone": (
        "from werkzeug.contrib.cache import *\n",
        "cachelib",
    ),
    "a refused name used through a star import": (
        "from werkzeug.contrib.fixers import *\napp.wsgi_app = ProxyFix(app.wsgi_app)\n",
        "x_for=N, x_proto=1, x_host=1",
    ),
    "ProxyFix through a dotted import": (
        "import werkzeug.contrib.fixers\n"
        "app.wsgi_app = werkzeug.contrib.fixers.ProxyFix(app.wsgi_app)\n",
        "x_for=N, x_proto=1, x_host=1",
    ),
    "a moved middleware through a dotted import": (
        "import werkzeug.contrib.profiler\n"
        "w = werkzeug.contrib.profiler.ProfilerMiddleware(app, sys.stderr)\n",
        "is imported as a dotted name",
    ),
    "werkzeug.contrib.cache": (
        "from werkzeug.contrib.cache import SimpleCache\n",
        "cachelib",
    ),
    "wtforms.ext.sqlalchemy": (
        "from wtforms.ext.sqlalchemy.fields import QuerySelectField\n",
        "pip install WTForms-SQLAlchemy",
    ),
    "wtforms.ext.csrf": (
        "from wtforms.ext.csrf.session import SessionSecureForm\n",
        "wtforms.csrf.session",
    ),
    "both old and new keywords": (
        "from flask import send_file\nsend_file(f, cache_timeout=1, max_age=2)\n",
        "both 'cache_timeout' and 'max_age'",
    ),
    "a comment between names that must split": (
        "from flask import (Flask,  # app\n    Markup, g)\n",
        "split this import by hand",
    ),
    "a comment inside 'name as other' that must split": (
        "from flask import (Flask, Markup as  # escaping\n    M, g)\n",
        "split this import by hand",
    ),
    "a comment before 'as' that must split": (
        "from flask_wtf import (Form  # base\n    as F, TextField)\n",
        "split this import by hand",
    ),
    "an import sharing its line": (
        "import os; from flask import Flask, Markup\n",
        "shares its line",
    ),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_refuses(case: str) -> None:
    """What is not provably the same is refused with the line and why."""
    text, why = REFUSALS[case]
    error = refused(text)
    assert why in error.text
    assert error.line >= 1
    assert error.text.startswith("--upgrade (")


def test_flask_ext_import_refusal_names_the_fixer() -> None:
    """A refusal names its fixer, so the user knows which rule stopped."""
    error = refused(
        "from flask.ext.wtf import Form\nfrom werkzeug.contrib.cache import X\n"
    )
    assert error.text.startswith("--upgrade (werkzeug-contrib):")


KEPT_NAMES = {
    "a renamed name bound twice (a compat try/except)": (
        "try:\n    from flask_wtf import FlaskForm as Form\nexcept ImportError:\n"
        "    from flask_wtf import Form\nclass F(Form):\n    pass\n",
        "try:\n    from flask_wtf import FlaskForm as Form\nexcept ImportError:\n"
        "    from flask_wtf import FlaskForm as Form\nclass F(Form):\n    pass\n",
        "'Form' is also bound at line 2",
    ),
    "a renamed name re-exported": (
        "from flask_wtf import Form\n__all__ = ['Form']\n",
        "from flask_wtf import FlaskForm as Form\n__all__ = ['Form']\n",
        "'Form' is re-exported through __all__",
    ),
    "a renamed name used through a string": (
        "from flask_wtf import Form\nbase = getattr(mod, 'Form')\n",
        "from flask_wtf import FlaskForm as Form\nbase = getattr(mod, 'Form')\n",
        "the string 'Form' appears",
    ),
    "a rename that would collide": (
        "from wtforms import TextField\nStringField = 1\nf = TextField()\n",
        "from wtforms import StringField as TextField\nStringField = 1\nf = TextField()\n",
        "'StringField' is already a name in this module",
    ),
    "a shadowed parameter": (
        "from flask_wtf import Form\ndef f(Form):\n    return Form\nclass G(Form): pass\n",
        "from flask_wtf import FlaskForm as Form\ndef f(Form):\n    return Form\n"
        "class G(Form): pass\n",
        "'Form' is also bound at line 2",
    ),
    "moved to another module too": (
        "from flask_wtf import Form, TextField\nTextField = TextField\n",
        "from flask_wtf import FlaskForm\nfrom wtforms import StringField as TextField\n"
        "TextField = TextField\n",
        # Line 3 of the text wtforms-renames read (flask-wtf-form wrote it).
        "'TextField' is also bound at line 3",
    ),
    "a renamed name rebound by a global statement": (
        "from flask_wtf import Form\ndef f():\n    global Form\n    return Form\n",
        "from flask_wtf import FlaskForm as Form\ndef f():\n    global Form\n"
        "    return Form\n",
        "'Form' is also bound at line 3",
    ),
    "a renamed name rebound by except ... as": (
        "from flask_wtf import Form\ntry:\n    pass\nexcept Exception as Form:\n"
        "    pass\n",
        "from flask_wtf import FlaskForm as Form\ntry:\n    pass\n"
        "except Exception as Form:\n    pass\n",
        "'Form' is also bound at line 4",
    ),
    "a renamed name rebound by a match capture": (
        "from flask_wtf import Form\ndef f(x):\n    match x:\n        case [*Form]:\n"
        "            pass\n",
        "from flask_wtf import FlaskForm as Form\ndef f(x):\n    match x:\n"
        "        case [*Form]:\n            pass\n",
        "'Form' is also bound at line 4",
    ),
    "a rename onto a name bound to something else": (
        "from werkzeug.wrappers import BaseResponse\nfrom app import Response\n",
        "from werkzeug.wrappers import Response as BaseResponse\n"
        "from app import Response\n",
        "'Response' is already a name in this module",
    ),
}


@pytest.mark.parametrize("case", KEPT_NAMES, ids=list(KEPT_NAMES))
def test_keeps_the_local_name_where_renaming_uses_is_unsafe(case: str) -> None:
    """Where renaming the uses could change what a name means (bound
    twice, re-exported, spelled in a string, a taken new name), the import
    binds the new object under the old name and no use changes; a note
    says why."""
    before, after, why = KEPT_NAMES[case]
    if "match x:" in before and sys.version_info < (3, 10):
        pytest.skip("match statements parse from Python 3.10 on")
    result = upgrade_source(before, Targets("flask_"), legacy=False)
    assert result.text == after
    assert any(why in n.text and "keeping the name" in n.text for n in result.notes)
    assert up(before) == after


def test_removed_later_gets_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name moved to a module whose later release removed it too is
    rewritten, with a note from the knowledge base naming the release."""
    from flask_ext_redirect import _era

    kb = _era.from_mapping(
        {
            "schema": 1,
            "extensions": [],
            "bad_distributions": [],
            "apis": [
                {
                    "id": "werkzeug.urls.url_quote",
                    "project": "Werkzeug",
                    "kind": "import",
                    "module": "werkzeug.urls",
                    "name": "url_quote",
                    "removed": "3.0.0",
                    "last_with": "2.3.8",
                    "replacement": "urllib.parse.quote",
                    "new": None,
                    "fix": "manual",
                    "fixer": None,
                    "breaks_on": "import",
                    "why": "removed",
                    "source": "Werkzeug 3.0.0 changelog",
                    "check": "auto",
                }
            ],
        }
    )
    monkeypatch.setattr(_era, "load", lambda: kb)
    result = upgrade_source(
        "from werkzeug import url_quote\n", Targets("flask_"), legacy=False
    )
    assert result.text == "from werkzeug.urls import url_quote\n"
    assert [n.text for n in result.notes] == [
        "werkzeug-imports: werkzeug.urls.url_quote was removed in Werkzeug 3.0.0:"
        " urllib.parse.quote"
    ]


MORE = {
    "lower-case validator aliases WTForms 3 kept stay": (
        "from wtforms.validators import email, length, optional\n",
        "from wtforms.validators import email, length, optional\n",
    ),
    "wtforms.widgets.html5": (
        "from wtforms.widgets.html5 import NumberInput\n",
        "from wtforms.widgets import NumberInput\n",
    ),
    "BaseResponse beside Response: one import, same class": (
        "from werkzeug.wrappers import BaseResponse, Response\n"
        "class R(BaseResponse):\n    pass\nr = Response('x')\n",
        "from werkzeug.wrappers import Response\n"
        "class R(Response):\n    pass\nr = Response('x')\n",
    ),
    "BaseResponse from the top-level package goes straight to Response": (
        "from werkzeug import BaseResponse\nclass R(BaseResponse):\n    pass\n",
        "from werkzeug.wrappers import Response\nclass R(Response):\n    pass\n",
    ),
    "an import made redundant by the rename goes away": (
        "from werkzeug.wrappers import Response\n"
        "from werkzeug.wrappers import BaseResponse\nx = (Response, BaseResponse)\n",
        "from werkzeug.wrappers import Response\nx = (Response, Response)\n",
    ),
    "soft_unicode": (
        "from markupsafe import soft_unicode\ns = soft_unicode(1)\n",
        "from markupsafe import soft_str\ns = soft_str(1)\n",
    ),
    "a dotted use split by a comment": (
        "import wtforms.fields\nx = (wtforms.fields  # the old name\n    .TextField)\n",
        "import wtforms.fields\nx = (wtforms.fields  # the old name\n    .StringField)\n",
    ),
    "a dotted use spelled with spaces": (
        "import wtforms.fields\nx = wtforms . fields . TextField\n",
        "import wtforms.fields\nx = wtforms . fields . StringField\n",
    ),
    "a split import that ends the file without a newline stays without one": (
        "from flask_wtf import Form, TextField",
        "from flask_wtf import FlaskForm\nfrom wtforms import StringField",
    ),
    "CsrfProtect from the package": (
        "from flask_wtf import CsrfProtect\ncsrf = CsrfProtect(app)\n",
        "from flask_wtf import CSRFProtect\ncsrf = CSRFProtect(app)\n",
    ),
}


@pytest.mark.parametrize("case", MORE, ids=list(MORE))
def test_rewrites_more(case: str) -> None:
    """Renames onto a name that already means the same object, and the
    knowledge base's further mechanical renames."""
    before, after = MORE[case]
    assert up(before) == after


MORE_REFUSALS = {
    "a moved dotted use split by a comment": (
        "import werkzeug.contrib.fixers\n"
        "x = (werkzeug.contrib  # c\n  .fixers.ProxyFix)\n",
        "x_for=N, x_proto=1, x_host=1",
    ),
    "an import to split that shares its line with other code": (
        "from flask_wtf import Form, TextField; x = 1\n",
        "the statement shares its line with other code",
    ),
    "a renamed attribute split by a comment": (
        "import wtforms\nx = (wtforms  # c\n    .TextField)\n",
        "cannot rewrite 'wtforms.TextField' here",
    ),
    "werkzeug.utils.escape is not markupsafe.escape": (
        "from werkzeug.utils import escape\n",
        "returned str",
    ),
    "safe_str_cmp is not hmac.compare_digest": (
        "from werkzeug.security import safe_str_cmp\nok = safe_str_cmp(a, b)\n",
        "hmac.compare_digest(a.encode(), b.encode())",
    ),
}


@pytest.mark.parametrize("case", MORE_REFUSALS, ids=list(MORE_REFUSALS))
def test_refuses_more(case: str) -> None:
    """Names the knowledge base calls replaceable but that behave
    differently are refused with the hand step."""
    text, why = MORE_REFUSALS[case]
    assert why in refused(text).text


@pytest.mark.parametrize("case", {**CASES, **MORE}, ids=list({**CASES, **MORE}))
def test_quick_text_checks_hide_nothing(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixers' cheap text checks (run before parsing) only skip work
    that would have changed nothing: without them the result is the same."""
    from flask_ext_redirect._migrate import _fixers

    before, _ = {**CASES, **MORE}[case]
    expected = up(before)
    monkeypatch.setattr(
        _fixers.Fixer,
        "wants",
        lambda self, text: any(m in text for m in self.markers),
    )
    assert up(before) == expected


def test_notes_name_lines_of_the_written_file() -> None:
    """A note from an early round follows the lines later rounds insert,
    so file:line points at the file as written."""
    result = upgrade_source(
        "from flask import Markup, g\nfrom flask_wtf import Form\n__all__ = ['Form']\n",
        Targets("flask_"),
        legacy=False,
    )
    assert result.text.splitlines()[2] == "from flask_wtf import FlaskForm as Form"
    assert [n.line for n in result.notes] == [3]


def test_refusal_names_the_line_of_the_file_as_it_is() -> None:
    """A refusal found after earlier rewrites moved lines (a split import,
    an inserted one) names the line of the untouched file."""
    text = (
        "from flask.ext import (wtf,\n"
        "    sqlalchemy)\n"
        "from flask import Markup, g\n"
        "from werkzeug import escape\n"
    )
    error = refused(text)
    assert error.line == 4, error.text
