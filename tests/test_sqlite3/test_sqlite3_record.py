"""SQLITE3_RECORD_QUERIES and get_recorded_queries()."""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

from flask import Flask

from flask_sqlite3 import get_recorded_queries
from flask_sqlite3 import SQLite3

from .helpers import make_app
from .helpers import TrackedConnection


def recording_app(tmp_path: Path, **config: object) -> tuple[Flask, SQLite3]:
    db = SQLite3(connection_class=TrackedConnection)
    app = make_app(tmp_path, SQLITE3_RECORD_QUERIES=True, **config)
    db.init_app(app)
    with app.app_context():
        db.connection.execute("CREATE TABLE t (x)")
        db.connection.commit()
    return app, db


def test_queries_are_recorded_with_parameters_duration_and_caller(
    tmp_path: Path,
) -> None:
    """Each execute/executemany/executescript, through the connection or a
    cursor, is recorded with its statement, parameters, duration and the
    caller's file:line.
    """
    app, db = recording_app(tmp_path)
    with app.app_context():
        assert get_recorded_queries() == []
        conn = db.connection
        line = sys._getframe().f_lineno + 1
        conn.execute("INSERT INTO t VALUES (?)", (1,))
        conn.executemany("INSERT INTO t VALUES (?)", ((n,) for n in (2, 3)))
        cursor = conn.cursor()
        cursor.execute("SELECT x FROM t WHERE x > :n", {"n": 1})
        assert [r[0] for r in cursor.fetchall()] == [2, 3]
        conn.executescript("DELETE FROM t;")
        queries = get_recorded_queries()
    statements = [(q.statement, q.parameters) for q in queries]
    assert statements == [
        ("INSERT INTO t VALUES (?)", (1,)),
        ("INSERT INTO t VALUES (?)", [(2,), (3,)]),
        ("SELECT x FROM t WHERE x > :n", {"n": 1}),
        ("DELETE FROM t;", None),
    ]
    first = queries[0]
    assert first.location == (
        f"{__file__}:{line}"
        " (test_queries_are_recorded_with_parameters_duration_and_caller)"
    )
    assert all(q.duration >= 0 and q.end_time >= q.start_time for q in queries)
    assert all(q.database is None for q in queries)
    assert isinstance(conn, TrackedConnection)


def test_queries_are_per_app_context(tmp_path: Path) -> None:
    """A request's queries are its own; a new context starts empty."""
    app, db = recording_app(tmp_path)

    @app.route("/")
    def index() -> str:
        db.connection.execute("SELECT count(*) FROM t").fetchone()
        return str(len(get_recorded_queries()))

    client = app.test_client()
    assert client.get("/").data == b"1"
    assert client.get("/").data == b"1"


def test_failed_statement_is_recorded_too(tmp_path: Path) -> None:
    app, db = recording_app(tmp_path)
    with app.app_context():
        try:
            db.connection.execute("SELECT nope FROM t")
        except sqlite3.OperationalError:
            pass
        assert [q.statement for q in get_recorded_queries()] == ["SELECT nope FROM t"]


def test_recording_is_off_by_default(tmp_path: Path) -> None:
    """Without the key, connections are the plain class and record nothing."""
    db = SQLite3()
    app = make_app(tmp_path)
    db.init_app(app)
    assert app.config["SQLITE3_RECORD_QUERIES"] is False
    with app.app_context():
        assert type(db.connection) is sqlite3.Connection
        db.connection.execute("SELECT 1")
        assert get_recorded_queries() == []
    assert get_recorded_queries() == []  # outside a context too


def test_named_database_records_its_name(tmp_path: Path) -> None:
    db = SQLite3(name="users")
    app = make_app(tmp_path, SQLITE3_USERS_RECORD_QUERIES=True)
    db.init_app(app)
    with app.app_context():
        db.connection.execute("SELECT 1")
        assert [q.database for q in get_recorded_queries()] == ["users"]


def test_documented_test_pattern_sees_the_requests_queries(tmp_path: Path) -> None:
    """``with client:`` keeps the last request's context: the documented
    way for a test to read a request's queries.
    """
    app, db = recording_app(tmp_path)

    @app.route("/")
    def index() -> str:
        return str(db.connection.execute("SELECT count(*) FROM t").fetchone()[0])

    with app.test_client() as client:
        client.get("/")
        queries = get_recorded_queries()
    assert [q.statement for q in queries] == ["SELECT count(*) FROM t"]


def test_connection_outside_an_app_context_records_nothing(tmp_path: Path) -> None:
    """db.connect(app) in a thread of the app's own: statements run, and
    there is no context to record them in (no error either).
    """
    app, db = recording_app(tmp_path)
    results: list[object] = []

    def worker() -> None:
        conn = db.connect(app)
        try:
            results.append(conn.execute("SELECT count(*) FROM t").fetchone()[0])
        finally:
            conn.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert results == [0]
