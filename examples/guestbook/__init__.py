"""A guestbook: a small Flask app on the SQLite3 extension, imported the old
way, through ``flask.ext``.

Run it from the repository root (``make run`` does this), then open
http://127.0.0.1:5000::

    flask --app examples/guestbook run

(Flask < 2.2 has no ``--app``: ``FLASK_APP=examples/guestbook flask run``.)
``python -m guestbook``, run in ``examples/``, starts the same server.

The entries go to ``examples/instance/guestbook.sqlite``: a file in
the instance folder, so that what visitors wrote is still there after a
restart, which is what anyone expects of a guestbook.  The tables are created
on the first start.  Delete the file to start over.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

# The import this project keeps working: flask.ext.sqlite3 is flask_sqlite3.
# It warns (FlaskExtDeprecationWarning) so that the code can be updated.
from flask.ext.sqlite3 import SQLite3

db = SQLite3()

#: The longest name and message accepted.
MAX_NAME = 80
MAX_MESSAGE = 2000


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The application factory.

    :param test_config: Config to use on top of the defaults (tests).
    """
    app = Flask(__name__)
    app.config.from_mapping(
        SQLITE3_DATABASE="guestbook.sqlite",  # in the instance folder
        SQLITE3_SCHEMA="schema.sql",  # next to this file
    )
    if test_config is not None:
        app.config.update(test_config)
    db.init_app(app)
    with app.app_context():
        # schema.sql uses CREATE TABLE IF NOT EXISTS: the first start creates
        # the tables, later starts keep the entries.
        db.init_schema()
    app.add_url_rule("/", "index", index, methods=["GET", "POST"])
    return app


def index() -> Any:
    """List the entries; add one on POST, then redirect (POST-redirect-GET)."""
    errors: dict[str, str] = {}
    form = {"name": "", "message": ""}
    if request.method == "POST":
        form = {k: request.form.get(k, "").strip() for k in form}
        errors = validate(form)
        if not errors:
            with db.transaction() as conn:
                conn.execute(
                    "INSERT INTO entry (name, message) VALUES (?, ?)",
                    (form["name"], form["message"]),
                )
            # 303: the browser follows with a GET, so reloading the page
            # does not post the entry again.
            return redirect(url_for("index"), code=303)
    entries = db.connection.execute(
        "SELECT name, message, created FROM entry ORDER BY id DESC LIMIT 100"
    ).fetchall()
    status = 400 if errors else 200
    return render_template(
        "index.html", entries=entries, form=form, errors=errors
    ), status


def validate(form: dict[str, str]) -> dict[str, str]:
    """Messages for the fields that are not acceptable, by field name."""
    errors = {}
    if not form["name"]:
        errors["name"] = "Please give your name."
    elif len(form["name"]) > MAX_NAME:
        errors["name"] = f"Please keep your name under {MAX_NAME} characters."
    if not form["message"]:
        errors["message"] = "Please write a message."
    elif len(form["message"]) > MAX_MESSAGE:
        errors["message"] = f"Please keep it under {MAX_MESSAGE} characters."
    return errors
