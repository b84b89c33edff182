"""The context's connection and the app's teardown functions, wherever they
were registered; and errors outside an app context.
"""

from __future__ import annotations

import gc
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask

from flask_sqlite3 import SQLite3

from .helpers import assert_silent_under_dev_mode
from .helpers import make_app
from .helpers import OPENED
from .helpers import TrackedConnection


def test_teardown_registered_before_init_app_can_use_the_connection(
    tmp_path: Path,
) -> None:
    """A teardown_appcontext function registered before init_app runs before
    the extension closes the connection: it uses the same connection, and
    nothing is reopened or left open.
    """
    db = SQLite3(connection_class=TrackedConnection)
    app = make_app(tmp_path)
    seen: list[sqlite3.Connection] = []

    @app.teardown_appcontext
    def audit(exc: BaseException | None) -> None:
        seen.append(db.connection)
        db.connection.execute("SELECT 1")

    db.init_app(app)
    with app.app_context():
        first = db.connection
    assert seen == [first]
    assert len(OPENED) == 1 and OPENED[0].closed


def test_connection_after_teardown_is_closed_when_the_context_goes(
    tmp_path: Path,
) -> None:
    """Code that runs after the extension's teardown (another extension that
    puts its teardown first too) gets a working connection, which is rolled
    back and closed when the context goes: nothing stays open or locked.
    """
    database = tmp_path / "late.db"
    with closing(sqlite3.connect(database)) as setup, setup:
        setup.execute("CREATE TABLE late (x)")
    db = SQLite3(connection_class=TrackedConnection)
    app = make_app(tmp_path, SQLITE3_DATABASE=str(database))
    db.init_app(app)
    late_connections: list[sqlite3.Connection] = []

    def late(exc: BaseException | None) -> None:
        late_connections.append(db.connection)
        db.connection.execute("INSERT INTO late VALUES (1)")  # never committed

    app.teardown_appcontext_funcs.insert(0, late)  # runs after the extension's
    with app.app_context():
        first = db.connection
        first.execute("SELECT 1")
    gc.collect()
    assert len(late_connections) == 1 and late_connections[0] is not first
    assert len(OPENED) == 2 and all(c.closed for c in OPENED)
    with closing(sqlite3.connect(database, timeout=0)) as check:
        assert check.execute("SELECT count(*) FROM late").fetchone() == (0,)
        check.execute("BEGIN IMMEDIATE")  # not locked by a leftover writer
        check.rollback()


def test_stream_with_context_reads_the_database_to_the_end(tmp_path: Path) -> None:
    """A streamed response wrapped in stream_with_context reads the database
    while it streams (Flask 3.1 tears the context down when the view returns
    and again when the stream ends), and its connection is closed after.
    """
    from flask import Response
    from flask import stream_with_context

    db = SQLite3(connection_class=TrackedConnection)
    app = make_app(tmp_path)
    db.init_app(app)
    with app.app_context():
        db.connection.executescript(
            "CREATE TABLE post (title TEXT); INSERT INTO post VALUES ('a'), ('b');"
        )

    def titles():  # type: ignore[no-untyped-def]
        for row in db.connection.execute("SELECT title FROM post"):
            yield row[0] + "\n"

    @app.route("/posts")
    def posts() -> Response:
        return Response(stream_with_context(titles()))

    assert app.test_client().get("/posts").data == b"a\nb\n"
    gc.collect()
    assert OPENED and all(c.closed for c in OPENED)


def test_teardown_before_init_app_leaves_no_resource_warning(tmp_path: Path) -> None:
    """In a real interpreter with -X dev and warnings as errors (Python 3.13
    reports unclosed connections): nothing reported.
    """
    code = (
        "import gc, flask, flask_sqlite3\n"
        "app = flask.Flask('t')\n"
        "db = flask_sqlite3.SQLite3()\n"
        "@app.teardown_appcontext\n"
        "def audit(exc):\n"
        "    db.connection.execute('SELECT 1')\n"
        "db.init_app(app)\n"
        "for _ in range(3):\n"
        "    with app.app_context():\n"
        "        db.connection.execute('SELECT 1')\n"
        "gc.collect()\n"
    )
    assert_silent_under_dev_mode(code)


def test_init_schema_outside_app_context_is_the_extensions_error(
    app: Flask, db: SQLite3
) -> None:
    """init_schema() without an app context says what to do, in the
    extension's words.
    """
    with pytest.raises(RuntimeError, match=r"'db.init_schema\(\)'.*app_context"):
        db.init_schema()
