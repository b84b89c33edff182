"""The Flask-DebugToolbar panel (where Flask-DebugToolbar installs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from flask_sqlite3 import SQLite3

from .helpers import make_app

# Flask-DebugToolbar 0.16 imports flask.globals.request_ctx (Flask 2.2+):
# older Flask installs it, then fails to import it.
flask_debugtoolbar = pytest.importorskip(
    "flask_debugtoolbar",
    reason="Flask-DebugToolbar is not installed or needs a newer Flask",
    exc_type=ImportError,
)

PANEL = "flask_sqlite3.debug_toolbar.SQLite3Panel"


def toolbar_app(tmp_path: Path, **config: object) -> tuple[Flask, SQLite3]:
    db = SQLite3()
    app = make_app(
        tmp_path,
        SECRET_KEY="test",
        DEBUG_TB_ENABLED=True,
        DEBUG_TB_INTERCEPT_REDIRECTS=False,
        DEBUG_TB_PANELS=[PANEL],
        **config,
    )
    db.init_app(app)
    flask_debugtoolbar.DebugToolbarExtension(app)

    @app.route("/")
    def index() -> str:
        db.connection.execute("CREATE TABLE IF NOT EXISTS t (x)")
        db.connection.execute("SELECT x FROM t WHERE x = ?", ("<b>bold</b>",))
        return "<html><body>page</body></html>"

    return app, db


def test_panel_shows_the_requests_queries(tmp_path: Path) -> None:
    """The toolbar in the page has the panel, with each statement, its
    parameters (escaped) and the view's file:line.
    """
    app, _ = toolbar_app(tmp_path, SQLITE3_RECORD_QUERIES=True)
    html = app.test_client().get("/").get_data(as_text=True)
    assert "flDebugSQLite3Panel" in html
    assert "2 queries" in html
    assert "CREATE TABLE IF NOT EXISTS t (x)" in html
    assert "SELECT x FROM t WHERE x = ?" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    assert "test_sqlite3_debug_toolbar.py:" in html


def test_panel_says_how_to_turn_recording_on(tmp_path: Path) -> None:
    app, _ = toolbar_app(tmp_path)
    html = app.test_client().get("/").get_data(as_text=True)
    assert "not recording" in html
    assert "SQLITE3_RECORD_QUERIES = True" in html
