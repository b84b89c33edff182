"""Load run of flask_sqlite3: requests from 8 threads against a threaded
werkzeug server on 127.0.0.1, a mix of reads, writes and raising views,
sync and async (``async def`` views, run by asgiref on its event-loop
thread; Flask 2.0+ with asgiref installed, else sync only).

Run from the repository root::

    python benchmarks/bench_sqlite3_load.py            # 10,000 requests
    python benchmarks/bench_sqlite3_load.py -n 2000 --database file
    python benchmarks/bench_sqlite3_load.py --no-async  # sync views only

Checks, for each database (the in-memory default, a file, a file in WAL
mode): no connection left open, every committed write present, no
uncommitted write present, no "database is locked" (nor any other
unexpected error) under the default busy timeout.  The test suite runs the
same function with a smaller count (tests/sqlite3/test_sqlite3_load.py).
"""

from __future__ import annotations

import argparse
import http.client
import os
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from typing import Callable

from flask import Flask
from werkzeug.serving import make_server
from werkzeug.serving import WSGIRequestHandler

if __name__ == "__main__":
    # Run as a script from a checkout: import flask_sqlite3 from it.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_sqlite3 import SQLite3  # noqa: E402

#: The databases a run can use: SQLITE3_DATABASE and SQLITE3_PRAGMAS.
DATABASES: dict[str, tuple[str | None, dict[str, object]]] = {
    "memory": (None, {}),
    "file": ("load.sqlite", {}),
    "wal": ("load-wal.sqlite", {"journal_mode": "WAL", "synchronous": "NORMAL"}),
}

#: The request mix, one cycle of 10: what each kind does and the status
#: it must answer with.  With async views, a second cycle of 10 sends the
#: same kinds to their ``async def`` twins (``async-read``...).
MIX = ["read"] * 4 + ["write"] * 2 + ["read-write", "raise", "forget", "write"]
ASYNC_MIX = [f"async-{kind}" for kind in MIX]


def async_views_available() -> bool:
    """Flask 2.0+ (``ensure_sync``) with asgiref: ``async def`` views run."""
    try:
        import asgiref  # noqa: F401
    except ImportError:
        return False
    return hasattr(Flask, "ensure_sync")


EXPECTED_STATUS = {
    "read": 200,
    "write": 200,
    "read-write": 200,
    "raise": 500,
    "forget": 200,
}


class QuietHandler(WSGIRequestHandler):
    """No access log line per request."""

    def log_request(self, *args: object, **kwargs: object) -> None:
        pass


class Deliberate(Exception):
    """Raised by the /raise view, after it wrote."""


class CountingConnection(sqlite3.Connection):
    """Counts the connections opened and closed, across threads."""

    lock = threading.Lock()
    opened = 0
    closed = 0

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._closed = False
        with CountingConnection.lock:
            CountingConnection.opened += 1

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with CountingConnection.lock:
                CountingConnection.closed += 1
        super().close()


@dataclass
class Result:
    """What a load run saw, and what it checked."""

    database: str
    requests: int
    seconds: float
    with_async: bool = False
    statuses: Counter[str] = field(default_factory=Counter)
    opened: int = 0
    left_open: int = 0
    committed_missing: int = 0
    uncommitted_present: int = 0
    unexpected: list[str] = field(default_factory=list)

    @property
    def locked(self) -> int:
        return sum("locked" in e for e in self.unexpected)

    @property
    def ok(self) -> bool:
        return not (
            self.left_open
            or self.committed_missing
            or self.uncommitted_present
            or self.unexpected
        )

    def __str__(self) -> str:
        rate = self.requests / self.seconds
        views = "sync+async" if self.with_async else "sync"
        return (
            f"{self.database:>6} ({views}): {self.requests} requests in"
            f" {self.seconds:.2f} s"
            f" ({rate:.0f}/s); connections opened {self.opened}, left open"
            f" {self.left_open}; committed writes missing {self.committed_missing};"
            f" uncommitted writes present {self.uncommitted_present};"
            f" 'database is locked' {self.locked}; other unexpected errors"
            f" {len(self.unexpected) - self.locked}"
            f" -> {'OK' if self.ok else 'FAILED'}"
        )


def create_app(
    instance_path: str, database: str, with_async: bool = False
) -> tuple[Flask, SQLite3, list[str]]:
    """The app under load, and the list its unexpected errors go to."""
    path, pragmas = DATABASES[database]
    db = SQLite3(connection_class=CountingConnection)
    app = Flask("load", instance_path=instance_path)
    app.config.update(SQLITE3_DATABASE=path, SQLITE3_PRAGMAS=pragmas)
    # The deliberate errors would fill the log; failures are collected below.
    app.logger.disabled = True
    db.init_app(app)
    with app.app_context():
        db.connection.execute("CREATE TABLE IF NOT EXISTS item (key TEXT PRIMARY KEY)")
        db.connection.commit()
    unexpected: list[str] = []

    @app.teardown_request
    def record(exc: BaseException | None) -> None:
        if exc is not None and not isinstance(exc, Deliberate):
            unexpected.append(f"{type(exc).__name__}: {exc}")

    def insert(key: str) -> None:
        db.connection.execute("INSERT INTO item (key) VALUES (?)", (key,))

    @app.route("/read")
    def read() -> str:
        rows = db.connection.execute("SELECT count(*) FROM item").fetchall()
        return str(rows[0][0])

    @app.route("/write/<key>", methods=["POST"])
    def write(key: str) -> str:
        insert(key)
        db.connection.commit()
        return "ok"

    @app.route("/read-write/<key>", methods=["POST"])
    def read_write(key: str) -> str:
        # Read, then write, in one transaction: BEGIN IMMEDIATE takes the
        # write lock first, so this waits instead of failing.
        with db.transaction() as conn:
            conn.execute("SELECT count(*) FROM item").fetchall()
            conn.execute("INSERT INTO item (key) VALUES (?)", (key,))
        return "ok"

    @app.route("/raise/<key>", methods=["POST"])
    def raise_(key: str) -> str:
        insert(key)
        raise Deliberate

    @app.route("/forget/<key>", methods=["POST"])
    def forget(key: str) -> str:
        insert(key)  # never committed: rolled back at teardown
        return "ok"

    if with_async:
        add_async_views(app, db, insert)
    return app, db, unexpected


def add_async_views(app: Flask, db: SQLite3, insert: Callable[[str], None]) -> None:
    """The same views as ``async def``: asgiref runs them on its event-loop
    thread, and Flask tears the context down on the request's thread.
    """

    @app.route("/async/read")
    async def async_read() -> str:
        rows = db.connection.execute("SELECT count(*) FROM item").fetchall()
        return str(rows[0][0])

    @app.route("/async/write/<key>", methods=["POST"])
    async def async_write(key: str) -> str:
        insert(key)
        db.connection.commit()
        return "ok"

    @app.route("/async/read-write/<key>", methods=["POST"])
    async def async_read_write(key: str) -> str:
        with db.transaction() as conn:
            conn.execute("SELECT count(*) FROM item").fetchall()
            conn.execute("INSERT INTO item (key) VALUES (?)", (key,))
        return "ok"

    @app.route("/async/raise/<key>", methods=["POST"])
    async def async_raise(key: str) -> str:
        insert(key)
        raise Deliberate

    @app.route("/async/forget/<key>", methods=["POST"])
    async def async_forget(key: str) -> str:
        insert(key)
        return "ok"


def run_load(
    requests: int,
    threads: int = 8,
    database: str = "memory",
    with_async: bool | None = None,
) -> Result:
    """Serve the app on 127.0.0.1 and send ``requests`` from ``threads``.

    :param with_async: Send half of the requests to async views; by default
        whenever :func:`async_views_available`.
    """
    if with_async is None:
        with_async = async_views_available()
    mix = MIX + ASYNC_MIX if with_async else MIX
    CountingConnection.opened = CountingConnection.closed = 0
    with tempfile.TemporaryDirectory() as instance:
        app, db, unexpected = create_app(instance, database, with_async)
        server = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler
        )
        port = server.server_port
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        lock = threading.Lock()
        statuses: Counter[str] = Counter()
        committed: set[str] = set()
        uncommitted: set[str] = set()

        def client(worker: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                for i in range(worker, requests, threads):
                    label = mix[i % len(mix)]
                    key = f"k{i}"
                    prefix = "/async" if label.startswith("async-") else ""
                    kind = label[len("async-") :] if prefix else label
                    if kind == "read":
                        conn.request("GET", f"{prefix}/read")
                    else:
                        conn.request("POST", f"{prefix}/{kind}/{key}")
                    response = conn.getresponse()
                    response.read()
                    if response.getheader("Connection", "").lower() == "close":
                        conn.close()
                    good = response.status == EXPECTED_STATUS[kind]
                    with lock:
                        statuses[f"{label} {response.status}"] += 1
                        if kind in ("write", "read-write") and good:
                            committed.add(key)
                        elif kind in ("raise", "forget"):
                            uncommitted.add(key)
                        if not good:
                            unexpected.append(f"{label} answered {response.status}")
            finally:
                conn.close()

        start = time.perf_counter()
        workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        seconds = time.perf_counter() - start
        server.shutdown()
        server.server_close()
        serving.join()
        with app.app_context():
            conn = db.connect()
            try:
                stored = {r[0] for r in conn.execute("SELECT key FROM item")}
            finally:
                conn.close()
        result = Result(database, requests, seconds, with_async, statuses)
        # Minus the two connections of the checks above, still counted.
        result.opened = CountingConnection.opened - 2
        result.left_open = CountingConnection.opened - CountingConnection.closed
        result.committed_missing = len(committed - stored)
        result.uncommitted_present = len(uncommitted & stored)
        result.unexpected = unexpected
        reads = statuses["read 200"] + statuses["async-read 200"]
        if len(committed) + len(uncommitted) + reads != requests:
            result.unexpected.append("some requests did not get their expected answer")
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--requests", type=int, default=10_000)
    parser.add_argument("-t", "--threads", type=int, default=8)
    parser.add_argument(
        "--database", choices=[*DATABASES, "all"], default="all", help="default: all"
    )
    parser.add_argument(
        "--no-async",
        dest="with_async",
        action="store_false",
        help="sync views only (by default half the requests go to async views)",
    )
    args = parser.parse_args(argv)
    if args.with_async and not async_views_available():
        print("Async views need Flask 2.0+ and asgiref (Flask[async]): sync only.")
        args.with_async = False
    names = list(DATABASES) if args.database == "all" else [args.database]
    print(
        f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version},"
        f" {args.requests} requests from {args.threads} threads per database"
    )
    failed = False
    for name in names:
        result = run_load(args.requests, args.threads, name, args.with_async)
        print(result)
        print("        answers:", dict(sorted(result.statuses.items())))
        for error in sorted(set(result.unexpected))[:5]:
            print("        unexpected:", error)
        failed = failed or not result.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
