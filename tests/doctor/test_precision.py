"""``doctor PATH`` raises no false blocker on correct, current code (issue
13): guarded code, receivers that are not the API's object, fixes already
in the code, and config defaults that nothing in the tree uses.  Each test
also keeps the real failure of the same shape a blocker.

Judged by the shipped knowledge base against ``--flask 3.1.0`` and, for
each library, its release as the test sets it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect import _diagnose
from flask_ext_redirect._diagnose import diagnose


@pytest.fixture(autouse=True)
def current(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today's releases, whatever this venv has, and every module imported
    here installed (except the ``flask_absent*`` ones)."""
    versions = {
        "flask": "3.1.1",
        "werkzeug": "3.1.3",
        "flask-sqlalchemy": "3.1.1",
        "flask-login": "0.6.3",
        "markupsafe": "3.0.2",
        "jinja2": "3.1.6",
    }
    real = _diagnose.Environment.importable

    def version(self: Any, distribution: str) -> str | None:
        return versions.get(distribution.lower())

    def importable(self: Any, module: str) -> bool:
        return not module.startswith("flask_absent") and (
            module in ("flask_sqlalchemy", "flask_login") or real(self, module)
        )

    monkeypatch.setattr(_diagnose.Environment, "version", version)
    monkeypatch.setattr(_diagnose.Environment, "importable", importable)


def _findings(root: Path, files: dict[str, str]) -> list[Any]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    report = diagnose([str(root)], flask="3.1.0", jobs=1)
    return [f for f in report["findings"] if f.kind != "bad-distribution"]


def _blockers(findings: list[Any]) -> list[tuple[str, str, int]]:
    return sorted(
        (f.subject, Path(f.path or "").name, f.line)
        for f in findings
        if f.severity == "blocker"
    )


def _about(findings: list[Any], subject: str) -> list[tuple[str, str, int]]:
    return sorted(
        (f.severity, Path(f.path or "").name, f.line)
        for f in findings
        if f.subject == subject
    )


GET_JSON = "werkzeug.wrappers.Request.get_json.non_json"


def test_get_json_already_fixed_is_not_reported(tmp_path: Path) -> None:
    """``get_json(silent=True)`` and a call under an ``is_json`` test hold
    the fix for Werkzeug 2.1's change: nothing to report.  A bare call is
    only "to know about": whether it fails depends on the request."""
    found = _findings(
        tmp_path,
        {
            "views.py": """
            from flask import request
            from werkzeug.datastructures import MultiDict

            def a():
                return request.get_json(silent=True) or {}

            def b():
                return (
                    MultiDict(request.get_json()) if request.is_json else request.form
                )

            def c():
                if request.is_json:
                    return request.get_json()
                return None

            def d():
                return request.get_json()
            """
        },
    )
    assert _about(found, GET_JSON) == [("warning", "views.py", 18)]
    (bare,) = [f for f in found if f.subject == GET_JSON]
    assert "not JSON" in bare.doubt and "not sure" in bare.title


def test_optional_import_is_not_missing(tmp_path: Path) -> None:
    """A module imported inside ``try``/``except ImportError`` is optional:
    not a blocker "at import" when it is not installed; one imported only
    under an ``if`` is to know about; a plain import still blocks."""
    found = _findings(
        tmp_path,
        {
            "opt.py": """
            try:
                import flask_absent_optional
            except ImportError:
                flask_absent_optional = None

            def send(app):
                if app.extensions.get("mailman"):
                    from flask_absent_conditional import Mail
                    return Mail
            """,
            "hard.py": "import flask_absent_hard\n",
        },
    )
    missing = sorted(
        (f.subject, f.severity) for f in found if f.kind == "missing-module"
    )
    assert missing == [
        ("flask_absent_conditional", "warning"),
        ("flask_absent_hard", "blocker"),
    ]


def test_context_stack_behind_a_version_check_is_not_reported(tmp_path: Path) -> None:
    """``flask._request_ctx_stack`` in a compatibility module, reached only
    where an older Flask is found (a version test, a name an ImportError
    left None, a hasattr() test), is no blocker; an unguarded use is."""
    found = _findings(
        tmp_path,
        {
            "_compat.py": """
            import flask
            from importlib.metadata import version

            FLASK_VERSION = tuple(int(p) for p in version("flask").split(".")[:2])

            try:
                from flask.globals import request_ctx
            except ImportError:
                request_ctx = None

            def ctx_a():
                if request_ctx is None:
                    return flask._request_ctx_stack.top
                return request_ctx

            def ctx_b():
                if FLASK_VERSION < (2, 2):
                    return flask._request_ctx_stack.top
                return request_ctx

            def ctx_c():
                if hasattr(flask.globals, "request_ctx"):
                    ctx = flask.globals.request_ctx
                else:
                    ctx = flask._request_ctx_stack.top
                return ctx.session
            """,
            "old.py": """
            import flask

            def ctx():
                return flask._request_ctx_stack.top
            """,
        },
    )
    assert _blockers(found) == [("flask._request_ctx_stack", "old.py", 4)]


def test_new_paginate_api_is_not_the_old_query_paginate(tmp_path: Path) -> None:
    """``db.paginate(db.select(User), page=1, per_page=20)`` is Flask-
    SQLAlchemy 3's own API on the SQLAlchemy object, not the Query method
    whose positional arguments 3.0 refused; so is the same call through
    ``from .extensions import db``.  ``User.query.paginate(1, 20)`` still
    blocks."""
    found = _findings(
        tmp_path,
        {
            "app/__init__.py": """
            from flask import Flask
            from .extensions import db

            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
            db.init_app(app)
            """,
            "app/extensions.py": """
            from flask_sqlalchemy import SQLAlchemy

            db = SQLAlchemy()

            def page(User):
                return db.paginate(db.select(User), page=1, per_page=20)
            """,
            "app/views.py": """
            from .extensions import db
            from .models import User

            def users():
                return db.paginate(db.select(User), page=1, per_page=20)

            def old():
                return User.query.filter_by(active=True).paginate(1, 20, False)
            """,
        },
    )
    assert _blockers(found) == [
        ("flask_sqlalchemy.Query.paginate.positional", "views.py", 8)
    ]


def test_library_that_creates_no_app_has_no_config_defaults(tmp_path: Path) -> None:
    """A library that makes a ``SQLAlchemy()`` but no app never configures
    one: SQLALCHEMY_DATABASE_URI "never set" is no blocker there, nor any
    other changed config default; the application that uses it gets them."""
    library = {
        "ext.py": """
        from flask import jsonify
        from flask_sqlalchemy import SQLAlchemy

        db = SQLAlchemy()

        def view():
            return jsonify(a=1)
        """
    }
    found = _findings(tmp_path / "lib", library)
    assert [f for f in found if f.kind == "changed-default"] == []
    app = {**library, "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
    found = _findings(tmp_path / "app", app)
    assert _blockers(found) == [("flask_sqlalchemy.database_uri_required", "ext.py", 2)]


def test_attributes_of_the_users_own_objects_are_not_flasks(tmp_path: Path) -> None:
    """``self.g = g`` in a ``Color`` class is not ``RequestContext.g``;
    ``settings.env`` and ``spec.module`` on objects doctor cannot type are
    at most to know about, saying why; ``app.env`` on ``app =
    Flask(...)`` and ``request.module`` still block."""
    found = _findings(
        tmp_path,
        {
            "color.py": """
            from flask import g

            class Color:
                def __init__(self, r, g, b):
                    self.g = g

                def green(self):
                    return self.g
            """,
            "settings.py": """
            import flask

            def mode(settings, spec):
                return settings.env, spec.module
            """,
            "app.py": """
            from flask import Flask, request

            app = Flask(__name__)
            print(app.env)

            def view():
                return request.module
            """,
        },
    )
    assert _blockers(found) == [
        ("flask.Flask.env", "app.py", 4),
        ("flask.Request.module", "app.py", 7),
    ]
    unsure = {
        (f.subject, Path(f.path or "").name): f
        for f in found
        if f.severity == "warning" and f.doubt
    }
    env = unsure[("flask.Flask.env", "settings.py")]
    assert "'settings' is not known to be a flask.Flask" in env.doubt
    assert ("flask.Request.module", "settings.py") in unsure
    assert not [f for f in found if f.subject == "flask.ctx.RequestContext.g"]


def test_hasattr_check_and_import_fallback_are_guards(tmp_path: Path) -> None:
    """``if hasattr(app, "before_first_request"):`` and ``try: from
    markupsafe import Markup / except ImportError: from flask import
    Markup`` cope with either release: not blockers "at import"."""
    found = _findings(
        tmp_path,
        {
            "app.py": """
            from flask import Flask

            try:
                from markupsafe import Markup
            except ImportError:
                from flask import Markup

            app = Flask(__name__)
            if hasattr(app, "before_first_request"):
                app.before_first_request(print)
            safe = Markup("<b>")
            """,
            "legacy.py": """
            from flask import Markup
            from app import app

            @app.before_first_request
            def setup():
                pass
            """,
        },
    )
    assert _blockers(found) == [
        ("flask.Markup", "legacy.py", 1),
        ("flask.before_first_request", "legacy.py", 4),
    ]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", set()),
        (
            "from flask import jsonify\nx = jsonify\n",
            {"flask.JSONIFY_PRETTYPRINT_REGULAR.default"},
        ),
        (
            "from flask import send_file\nx = send_file\n",
            {"flask.SEND_FILE_MAX_AGE_DEFAULT.default"},
        ),
        (
            "app.config['SERVER_NAME'] = 'example.com'\n",
            {"flask.SESSION_COOKIE_DOMAIN.server_name"},
        ),
    ],
    ids=["nothing", "jsonify", "send_file", "server_name"],
)
def test_config_default_only_where_the_code_uses_what_it_governs(
    tmp_path: Path, code: str, expected: set[str]
) -> None:
    """JSONIFY_PRETTYPRINT_REGULAR matters where jsonify is used,
    SEND_FILE_MAX_AGE_DEFAULT where files are sent, SESSION_COOKIE_DOMAIN
    where SERVER_NAME is set: not to every tree alike."""
    found = _findings(
        tmp_path,
        {"app.py": "from flask import Flask\napp = Flask(__name__)\n" + code},
    )
    assert {f.subject for f in found if f.kind == "changed-default"} == expected


def test_static_folder_is_what_send_file_max_age_governs(tmp_path: Path) -> None:
    """An application with a ``static`` folder serves files: the changed
    SEND_FILE_MAX_AGE_DEFAULT concerns it."""
    (tmp_path / "static").mkdir()
    found = _findings(
        tmp_path, {"app.py": "from flask import Flask\napp = Flask(__name__)\n"}
    )
    assert {f.subject for f in found if f.kind == "changed-default"} == {
        "flask.SEND_FILE_MAX_AGE_DEFAULT.default"
    }


def test_method_keyword_needs_its_receiver_too(tmp_path: Path) -> None:
    """``db.create_all(app=app)`` blocks where ``db`` is a SQLAlchemy(),
    here or through ``from models import db``; on an object of unknown
    class it is to know about; on another class's object, nothing."""
    found = _findings(
        tmp_path,
        {
            "models.py": """
            from flask_sqlalchemy import SQLAlchemy

            db = SQLAlchemy()
            db.create_all(app=None)
            """,
            "setup.py": """
            import flask_sqlalchemy
            from models import db

            class Schema:
                def create_all(self, app):
                    pass

                def build(self, app):
                    self.create_all(app=app)

            def main(engine):
                db.create_all(app=1)
                engine.create_all(app=1)
            """,
        },
    )
    subject = "flask_sqlalchemy.SQLAlchemy.create_all.app"
    assert _about(found, subject) == [
        ("blocker", "models.py", 4),
        ("blocker", "setup.py", 12),
    ]
    assert [(f.line, f.also) for f in found if f.subject == subject] == [
        (4, []),
        (12, [13]),
    ]


def test_jwt_required_import_is_not_its_uncalled_use(tmp_path: Path) -> None:
    """``from flask_jwt_extended import jwt_required`` then
    ``@jwt_required()``: current code, nothing to report; ``@jwt_required``
    uncalled still is."""
    found = _findings(
        tmp_path,
        {
            "new.py": """
            from flask_jwt_extended import jwt_required

            @jwt_required()
            def view():
                pass
            """,
            "old.py": """
            from flask_jwt_extended import jwt_required

            @jwt_required
            def view():
                pass
            """,
        },
    )
    subject = "flask_jwt_extended.jwt_required.call"
    assert [
        (Path(f.path or "").name, f.line) for f in found if f.subject == subject
    ] == [("old.py", 3)]


def test_model_imported_absolutely_still_has_a_query(tmp_path: Path) -> None:
    """``from models import Post`` then ``Post.query.paginate(1, 20)``: the
    receiver resolves through the import to a model's query, which blocks;
    a class another library defines (``Link.from_json(...)``) is not
    Flask's Config."""
    found = _findings(
        tmp_path,
        {
            "models.py": "import flask_sqlalchemy\n",
            "views.py": """
            import flask
            from models import Post
            from pip._internal.models.link import Link

            def index(page):
                link = Link.from_json({})
                return Post.query.order_by(Post.id).paginate(page, 20, False)
            """,
        },
    )
    assert _blockers(found) == [
        ("flask_sqlalchemy.Query.paginate.positional", "views.py", 7)
    ]
    assert not [f for f in found if f.subject == "flask.Config.from_json"]


def test_app_made_by_a_factory_is_a_flask(tmp_path: Path) -> None:
    """``app = create_app()``, the factory returning a ``Flask(...)``, in
    the same module or imported (absolutely or relatively): ``app`` is a
    Flask, so ``@app.before_first_request`` still blocks at import; a
    factory returning something else makes it no Flask."""
    found = _findings(
        tmp_path,
        {
            "pkg/__init__.py": """
            from flask import Flask

            def create_app():
                app = Flask(__name__)
                return app

            app = create_app()

            @app.before_first_request
            def one():
                pass
            """,
            "pkg/wsgi.py": """
            from .factory import make
            from pkg import create_app

            app = create_app()
            other = make()

            @app.before_first_request
            def two():
                pass

            @other.before_first_request
            def three():
                pass
            """,
            "pkg/factory.py": """
            class Registry:
                pass

            def make():
                return Registry()
            """,
        },
    )
    assert _blockers(found) == [
        ("flask.before_first_request", "__init__.py", 9),
        ("flask.before_first_request", "wsgi.py", 7),
    ]
