"""db.on_connect and SQLite3.init_connection: code run on every new
connection.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask

from flask_sqlite3 import SQLite3

from .helpers import make_app
from .helpers import OPENED
from .helpers import TrackedConnection


def test_on_connect_functions_run_for_every_connection(tmp_path: Path) -> None:
    """A registered function (create_function, a collation) is there on the
    context's connection and on db.connect(), in registration order.
    """
    db = SQLite3()
    calls: list[str] = []

    @db.on_connect
    def functions(conn: sqlite3.Connection) -> None:
        calls.append("functions")
        conn.create_function("shout", 1, lambda s: s.upper() + "!")

    @db.on_connect
    def collation(conn: sqlite3.Connection) -> None:
        calls.append("collation")
        conn.create_collation("reverse", lambda a, b: (a < b) - (a > b))

    assert functions is not None  # the decorator returns the function
    app = make_app(tmp_path)
    db.init_app(app)
    with app.app_context():
        assert db.connection.execute("SELECT shout('hi')").fetchone()[0] == "HI!"
        rows = db.connection.execute(
            "SELECT x FROM (SELECT 'a' AS x UNION SELECT 'b')"
            " ORDER BY x COLLATE reverse"
        )
        assert [r[0] for r in rows] == ["b", "a"]
    with closing(db.connect(app)) as conn:
        assert conn.execute("SELECT shout('x')").fetchone()[0] == "X!"
    assert calls == ["functions", "collation"] * 2


def test_on_connect_runs_after_the_pragmas(tmp_path: Path) -> None:
    """The hook sees the configured pragmas already applied, and its own
    pragmas stay.
    """
    db = SQLite3()
    seen: list[int] = []

    @db.on_connect
    def pragmas(conn: sqlite3.Connection) -> None:
        seen.append(conn.execute("PRAGMA foreign_keys").fetchone()[0])
        conn.execute("PRAGMA cache_size = -4000")

    app = make_app(tmp_path)
    db.init_app(app)
    with app.app_context():
        assert db.connection.execute("PRAGMA cache_size").fetchone()[0] == -4000
    assert seen == [1]


def test_failing_on_connect_closes_the_connection(tmp_path: Path) -> None:
    """A hook that raises: the error reaches the caller, the new connection
    is closed, and the next use tries again.
    """
    db = SQLite3(connection_class=TrackedConnection)
    fail = [True]

    @db.on_connect
    def flaky(conn: sqlite3.Connection) -> None:
        if fail[0]:
            raise sqlite3.OperationalError("no such extension")

    app = make_app(tmp_path)
    db.init_app(app)
    with app.app_context():
        with pytest.raises(sqlite3.OperationalError, match="no such extension"):
            db.connection  # noqa: B018
        assert OPENED[0].closed
        fail[0] = False
        assert db.connection is OPENED[1]


def test_init_connection_can_be_overridden(app: Flask, tmp_path: Path) -> None:
    """A subclass's init_connection runs for each connection; super() keeps
    the registered functions.
    """

    class MyDB(SQLite3):
        def init_connection(self, connection: sqlite3.Connection) -> None:
            connection.create_function("seven", 0, lambda: 7)
            super().init_connection(connection)

    db = MyDB()
    db.on_connect(lambda conn: conn.create_function("eight", 0, lambda: 8))
    other = make_app(tmp_path, "other")
    db.init_app(other)
    with other.app_context():
        assert tuple(db.connection.execute("SELECT seven(), eight()").fetchone()) == (
            7,
            8,
        )
