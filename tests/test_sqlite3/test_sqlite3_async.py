"""Async views (Flask 2.0+ with asgiref): the same connection lifetime as
sync views, although asgiref runs the view on its event-loop thread and
Flask tears the context down on the request's thread.
"""

from __future__ import annotations

import http.client
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from contextlib import contextmanager

import pytest
from flask import Flask

from flask_sqlite3 import SQLite3

from .helpers import OPENED
from .helpers import TrackedConnection

pytest.importorskip("asgiref", reason="async views need Flask[async] (asgiref)")
if not hasattr(Flask, "ensure_sync"):  # pragma: no cover - Flask 1.1
    pytest.skip("Flask < 2.0 has no async views", allow_module_level=True)


class Boom(Exception):
    pass


def authors(app: Flask, db: SQLite3) -> list[str]:
    with closing(db.connect(app)) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM author ORDER BY id")]


def add_async_views(app: Flask, db: SQLite3, threads: list[int]) -> None:
    @app.route("/read")
    async def read() -> str:
        threads.append(threading.get_ident())
        return str(db.connection.execute("SELECT count(*) FROM author").fetchone()[0])

    @app.route("/write/<name>", methods=["POST"])
    async def write(name: str) -> str:
        db.connection.execute("INSERT INTO author (name) VALUES (?)", (name,))
        db.connection.commit()
        return "ok"

    @app.route("/forget/<name>", methods=["POST"])
    async def forget(name: str) -> str:
        db.connection.execute("INSERT INTO author (name) VALUES (?)", (name,))
        return "not committed"

    @app.route("/raise/<name>", methods=["POST"])
    async def raise_(name: str) -> str:
        db.connection.execute("INSERT INTO author (name) VALUES (?)", (name,))
        raise Boom

    @app.route("/transaction/<name>", methods=["POST"])
    async def in_transaction(name: str) -> str:
        with db.transaction() as conn:
            conn.execute("INSERT INTO author (name) VALUES (?)", (name,))
        return "ok"


def assert_writer_not_locked_out(app: Flask, db: SQLite3) -> None:
    """Another writer gets the write lock at once: nothing was left open."""
    with closing(db.connect(app)) as other:
        other.execute("PRAGMA busy_timeout = 0")
        other.execute("BEGIN IMMEDIATE")
        other.rollback()


def test_async_view_reads_through_test_client(app: Flask, db: SQLite3) -> None:
    """An async view gets a working connection, closed after the request
    although it was opened on asgiref's event-loop thread.
    """
    threads: list[int] = []
    add_async_views(app, db, threads)
    OPENED.clear()
    response = app.test_client().get("/read")
    assert response.status_code == 200, response.data
    assert response.data == b"0"
    assert threads and threads[0] != threading.get_ident()
    assert len(OPENED) == 1 and OPENED[0].closed


def test_async_view_commit_is_stored(app: Flask, db: SQLite3) -> None:
    """What an async view commits is in the database afterwards."""
    add_async_views(app, db, [])
    client = app.test_client()
    assert client.post("/write/ada").status_code == 200
    assert client.post("/transaction/bob").status_code == 200
    assert authors(app, db) == ["ada", "bob"]
    assert all(c.closed for c in OPENED)


def test_async_view_uncommitted_write_is_rolled_back_and_unlocked(
    app: Flask, db: SQLite3
) -> None:
    """An async view that never commits: its write is rolled back at
    teardown, and other writers are not locked out until garbage collection.
    """
    add_async_views(app, db, [])
    assert app.test_client().post("/forget/ghost").status_code == 200
    assert_writer_not_locked_out(app, db)
    assert authors(app, db) == []
    assert all(c.closed for c in OPENED)


@pytest.mark.parametrize("propagate", [True, False])
def test_async_view_that_raises_is_rolled_back_and_closed(
    app: Flask, db: SQLite3, propagate: bool
) -> None:
    """A raising async view: its own exception reaches the caller (not a
    thread error from teardown), its write is undone, its connection closed.
    """
    app.config["PROPAGATE_EXCEPTIONS"] = propagate
    add_async_views(app, db, [])
    client = app.test_client()
    if propagate:
        with pytest.raises(Boom):
            client.post("/raise/ghost")
    else:
        assert client.post("/raise/ghost").status_code == 500
    assert_writer_not_locked_out(app, db)
    assert authors(app, db) == []
    assert all(c.closed for c in OPENED)


def test_connection_opened_by_sync_hook_is_used_by_async_view(
    app: Flask, db: SQLite3
) -> None:
    """A before_request function (request thread) opens the connection, the
    async view (event-loop thread) uses the same one: one connection.
    """
    seen: list[sqlite3.Connection] = []

    @app.before_request
    def open_early() -> None:
        seen.append(db.connection)
        db.connection.execute("INSERT INTO author (name) VALUES ('early')")

    @app.route("/")
    async def index() -> str:
        seen.append(db.connection)
        db.connection.commit()
        return "ok"

    OPENED.clear()
    assert app.test_client().get("/").status_code == 200
    assert seen[0] is seen[1]
    assert OPENED[0] is seen[0] and OPENED[0].closed
    assert authors(app, db) == ["early"]


@contextmanager
def waitress_serving(app: Flask) -> Iterator[int]:
    waitress = pytest.importorskip("waitress")
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    closing = threading.Event()

    def serve() -> None:
        # close() from this thread closes the sockets the server's poll loop
        # is waiting on: what that loop raises then is shutdown, not a
        # failure (seen on a loaded machine); anything before is raised.
        try:
            server.run()
        except Exception:
            if not closing.is_set():
                raise

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.effective_port
    finally:
        closing.set()
        server.close()
        thread.join(10)


def test_async_views_under_waitress(app: Flask, db: SQLite3) -> None:
    """A real server, real threads: async views answer 200, commits are
    stored, uncommitted writes are not, and every connection is closed.
    """
    db2 = SQLite3(connection_class=TrackedConnection)
    served = Flask("served", instance_path=app.instance_path)
    served.config.update(SQLITE3_DATABASE="async.sqlite")
    db2.init_app(served)
    with served.app_context():
        db2.connection.execute("CREATE TABLE author (id INTEGER PRIMARY KEY, name)")
        db2.connection.commit()
    add_async_views(served, db2, [])
    with waitress_serving(served) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            answers = []
            for method, path in [
                ("POST", "/write/ada"),
                ("POST", "/forget/ghost"),
                ("POST", "/transaction/bob"),
                ("GET", "/read"),
            ]:
                conn.request(method, path)
                response = conn.getresponse()
                answers.append((response.status, response.read()))
        finally:
            conn.close()
    assert answers == [(200, b"ok"), (200, b"not committed"), (200, b"ok"), (200, b"2")]
    assert_writer_not_locked_out(served, db2)
    assert authors(served, db2) == ["ada", "bob"]
    assert all(c.closed for c in OPENED)
