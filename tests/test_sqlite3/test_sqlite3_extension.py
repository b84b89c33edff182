"""The SQLite3 extension: connections, lifetime, registration, config."""

from __future__ import annotations

import gc
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask
from flask import g

from flask_sqlite3 import SQLite3

from .helpers import assert_silent_under_dev_mode
from .helpers import is_closed
from .helpers import make_app
from .helpers import OPENED
from .helpers import TrackedConnection


class Boom(Exception):
    pass


def test_connection_is_lazy_and_one_per_app_context(app: Flask, db: SQLite3) -> None:
    """Nothing opens until first use; one app context reuses one connection."""
    OPENED.clear()  # the fixture's schema connection
    with app.app_context():
        assert "_sqlite3_connection" not in g
        assert OPENED == []
        first = db.connection
        assert db.connection is first
        assert g._sqlite3_connection is first
    with app.app_context():
        assert db.connection is not first


def test_connection_closed_at_app_context_teardown(app: Flask, db: SQLite3) -> None:
    """Leaving the app context closes the real connection."""
    with app.app_context():
        connection = db.connection
        assert not is_closed(connection)
    assert is_closed(connection)


def test_connection_closed_after_request(app: Flask, db: SQLite3) -> None:
    """A request's connection is closed once the request is over."""
    seen: list[sqlite3.Connection] = []

    @app.route("/")
    def index() -> str:
        seen.append(db.connection)
        return str(db.connection.execute("SELECT count(*) FROM author").fetchone()[0])

    assert app.test_client().get("/").data == b"0"
    assert len(seen) == 1
    assert is_closed(seen[0])


@pytest.mark.parametrize("propagate", [True, False])
def test_connection_closed_and_rolled_back_when_view_raises(
    app: Flask, db: SQLite3, propagate: bool
) -> None:
    """A raising view's connection is closed, its writes never applied."""
    app.config["PROPAGATE_EXCEPTIONS"] = propagate
    seen: list[sqlite3.Connection] = []

    @app.route("/fail")
    def fail() -> str:
        seen.append(db.connection)
        db.connection.execute("INSERT INTO author (name) VALUES ('ghost')")
        raise Boom

    client = app.test_client()
    if propagate:
        with pytest.raises(Boom):
            client.get("/fail")
    else:
        assert client.get("/fail").status_code == 500
    assert is_closed(seen[0])
    with app.app_context():
        assert db.connection.execute("SELECT count(*) FROM author").fetchone()[0] == 0


def test_uncommitted_work_rolled_back_at_normal_teardown(
    app: Flask, db: SQLite3
) -> None:
    """Teardown never commits: forgotten commit() means nothing was written."""

    @app.route("/forgot", methods=["POST"])
    def forgot() -> str:
        db.connection.execute("INSERT INTO author (name) VALUES ('lost')")
        return "ok"

    @app.route("/kept", methods=["POST"])
    def kept() -> str:
        db.connection.execute("INSERT INTO author (name) VALUES ('kept')")
        db.connection.commit()
        return "ok"

    client = app.test_client()
    client.post("/forgot")
    client.post("/kept")
    with app.app_context():
        names = [r["name"] for r in db.connection.execute("SELECT name FROM author")]
    assert names == ["kept"]


def test_request_inside_pushed_app_context(app: Flask, db: SQLite3) -> None:
    """Whether a request reuses a pushed app context (Flask < 3.2) or pushes
    its own (3.2), every connection is closed once both are gone.
    """

    @app.route("/")
    def index() -> str:
        return str(len(db.connection.execute("SELECT * FROM author").fetchall()))

    with app.app_context():
        outer = db.connection
        assert app.test_client().get("/").data == b"0"
        assert not is_closed(outer)
    assert OPENED and all(c.closed for c in OPENED)


def test_teardown_tolerates_connection_closed_by_the_view(
    app: Flask, db: SQLite3
) -> None:
    """A view that closes the connection itself does not break teardown."""

    @app.route("/")
    def index() -> str:
        db.connection.close()
        return "closed"

    assert app.test_client().get("/").data == b"closed"


def test_outside_app_context_is_a_clear_error(db: SQLite3, app: Flask) -> None:
    """No app context: RuntimeError that says what to do, never None."""
    with pytest.raises(
        RuntimeError, match=r"outside an application context.*app_context"
    ):
        db.connection  # noqa: B018
    with pytest.raises(RuntimeError, match=r"db.connect\(app\)"):
        db.connect()


def test_unregistered_app_is_a_clear_error(tmp_path: Path, db: SQLite3) -> None:
    """An app that never called init_app says so."""
    app = make_app(tmp_path)
    message = (
        r"'SQLite3' is not registered on this app. Did you forget to call 'init_app'\?"
    )
    with app.app_context():
        with pytest.raises(RuntimeError, match=message):
            db.connection  # noqa: B018
    with pytest.raises(RuntimeError, match=message):
        db.connect(app)


def test_second_init_app_is_a_clear_error(app: Flask, db: SQLite3) -> None:
    """Registering twice on one app fails, with either object."""
    with pytest.raises(RuntimeError, match="already registered"):
        db.init_app(app)
    with pytest.raises(RuntimeError, match="already registered"):
        SQLite3(app)


def test_other_extension_object_is_refused(app: Flask) -> None:
    """An app registered with one SQLite3 object refuses another."""
    other = SQLite3()
    with app.app_context(), pytest.raises(RuntimeError, match="another 'SQLite3'"):
        other.connection  # noqa: B018


def test_init_app_never_stores_the_app(tmp_path: Path) -> None:
    """The extension keeps no app: state lives in app.extensions."""
    db = SQLite3()
    app = make_app(tmp_path)
    db.init_app(app)
    assert app not in vars(db).values()
    assert app.extensions["sqlite3"].extension is db


def test_one_object_serves_many_apps_with_their_own_databases(tmp_path: Path) -> None:
    """Application factory: one module-level object, several apps and
    databases in one process, each app seeing only its own.
    """
    db = SQLite3()

    def create_app(name: str, **config: object) -> Flask:
        app = make_app(tmp_path, name, **config)
        db.init_app(app)
        return app

    apps = [
        create_app("file1", SQLITE3_DATABASE="one.sqlite"),
        create_app("file2", SQLITE3_DATABASE="two.sqlite"),
        create_app("mem1"),
        create_app("mem2"),
    ]
    for app in apps:
        with app.app_context():
            db.connection.execute("CREATE TABLE who (name TEXT)")
            db.connection.execute("INSERT INTO who VALUES (?)", (app.name,))
            db.connection.commit()
    for app in apps:
        with app.app_context():
            rows = db.connection.execute("SELECT name FROM who").fetchall()
            assert [r["name"] for r in rows] == [app.name]
    assert (tmp_path / "instance-file1" / "one.sqlite").is_file()
    assert (tmp_path / "instance-file2" / "two.sqlite").is_file()


def test_memory_default_shared_by_connections_and_threads(
    app: Flask, db: SQLite3
) -> None:
    """The in-memory default is one database for all connections of an app,
    including db.connect() in another thread.
    """
    with app.app_context():
        db.connection.execute("INSERT INTO author (name) VALUES ('ada')")
        db.connection.commit()
    found: list[object] = []

    def worker() -> None:
        with closing(db.connect(app)) as conn:
            found.append(conn.execute("SELECT name FROM author").fetchone()["name"])

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert found == ["ada"]


@pytest.mark.parametrize("value", [None, ":memory:", ""])
def test_memory_database_lives_as_long_as_the_app(
    tmp_path: Path, value: object
) -> None:
    """The keeper connection closes when the app is garbage collected."""
    db = SQLite3()
    app = make_app(tmp_path, SQLITE3_DATABASE=value)
    db.init_app(app)
    keeper = app.extensions["sqlite3"].keeper
    with app.app_context():
        db.connection.execute("CREATE TABLE t (x)")
    with app.app_context():
        assert db.connection.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    assert not is_closed(keeper)
    del app
    gc.collect()
    assert is_closed(keeper)


def test_file_database_has_no_keeper(tmp_path: Path) -> None:
    db = SQLite3()
    app = make_app(tmp_path, SQLITE3_DATABASE="app.sqlite")
    db.init_app(app)
    assert app.extensions["sqlite3"].keeper is None


def test_connect_opens_new_configured_connections(app: Flask, db: SQLite3) -> None:
    """db.connect() is a new connection each time, with the app's settings."""
    with app.app_context():
        with closing(db.connect()) as a, closing(db.connect()) as b:
            assert a is not b
            assert a is not db.connection
            assert isinstance(a, TrackedConnection)
            assert a.row_factory is sqlite3.Row
            assert a.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_connection_class_option(app: Flask, db: SQLite3) -> None:
    with app.app_context():
        assert type(db.connection) is TrackedConnection


def test_repr() -> None:
    assert repr(SQLite3()) == "<SQLite3>"


def test_no_resource_warning_at_interpreter_exit() -> None:
    """An app still alive at exit (a module-level app) closes its in-memory
    database's keeper then: nothing is reported, even with -X dev.
    """
    code = (
        "import flask, flask_sqlite3\n"
        "app = flask.Flask('exit')\n"
        "db = flask_sqlite3.SQLite3(app)\n"
        "with app.app_context():\n"
        "    db.connection.execute('CREATE TABLE t (x)')\n"
        "    leaked = db.connect()\n"  # the test's own, closed below
        "    leaked.close()\n"
    )
    assert_silent_under_dev_mode(code)
