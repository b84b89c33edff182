"""Request loop: flask_sqlite3's ``db.connection`` against the Flask
tutorial's hand-made ``get_db``/``close_db`` on ``g``.

Run from the repository root::

    python benchmarks/bench_sqlite3_requests.py [--rounds 41] [--requests 500]

Both apps serve the same view from the same database file (a list of the
10 newest of 100 posts, as the tutorial's blog index does), called as WSGI
apps in one process.  Rounds alternate which app goes first; the figure per
app is the median of its per-request times over the rounds.  The ratio is
tutorial time / extension time: 1.00 or more means the extension is no
slower.

Two pairings are measured:

* defaults: each as a user gets it.  The tutorial connects with
  ``detect_types=PARSE_DECLTYPES`` (and a ``timestamp`` converter) and
  leaves foreign keys off, so its ``FOREIGN KEY`` is not enforced; the
  extension converts nothing by default and turns foreign keys on.
* same work: both convert types and enforce foreign keys: the extension
  with ``SQLITE3_DETECT_TYPES = PARSE_DECLTYPES``, the tutorial's
  ``get_db`` with the ``PRAGMA foreign_keys = ON`` it would need.  What is
  left is the cost of each one's own code.

Wall-clock times on a shared machine swing widely; ``--instructions`` adds
instruction counts per request from valgrind's callgrind, which do not.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any
from typing import Callable

from flask import current_app
from flask import Flask
from flask import g
from werkzeug.test import EnvironBuilder

if __name__ == "__main__":
    # Run as a script from a checkout: import flask_sqlite3 from it.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask_sqlite3 import SQLite3  # noqa: E402

QUERY = (
    "SELECT p.id, title, body, created, author_id, username"
    " FROM post p JOIN user u ON p.author_id = u.id"
    " ORDER BY created DESC LIMIT 10"
)

SCHEMA = """\
CREATE TABLE user (id INTEGER PRIMARY KEY AUTOINCREMENT,
                   username TEXT UNIQUE NOT NULL, password TEXT NOT NULL);
CREATE TABLE post (id INTEGER PRIMARY KEY AUTOINCREMENT,
                   author_id INTEGER NOT NULL,
                   created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
                   title TEXT NOT NULL, body TEXT NOT NULL,
                   FOREIGN KEY (author_id) REFERENCES user (id));
"""


def make_database(path: str) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO user (username, password) VALUES ('ada', 'x')")
    conn.executemany(
        "INSERT INTO post (author_id, title, body) VALUES (1, ?, ?)",
        [(f"Post {n}", "Lorem ipsum dolor sit amet. " * 20) for n in range(100)],
    )
    conn.commit()
    conn.close()


def render(posts: list[Any]) -> str:
    return "\n".join(
        f"{p['title']} by {p['username']} on {p['created']}" for p in posts
    )


def tutorial_app(path: str, foreign_keys: bool = False) -> Flask:
    """The Flask tutorial's flaskr/db.py, as written there (``foreign_keys``
    adds the pragma that enforcing its FOREIGN KEY would need).
    """
    # The tutorial registers this because Python 3.12 deprecated the default.
    sqlite3.register_converter(
        "timestamp", lambda v: datetime.datetime.fromisoformat(v.decode())
    )
    app = Flask("tutorial")
    app.config["DATABASE"] = path

    def get_db() -> sqlite3.Connection:
        if "db" not in g:
            g.db = sqlite3.connect(
                current_app.config["DATABASE"], detect_types=sqlite3.PARSE_DECLTYPES
            )
            g.db.row_factory = sqlite3.Row
            if foreign_keys:
                g.db.execute("PRAGMA foreign_keys = ON")
        return g.db  # type: ignore[no-any-return]

    def close_db(e: BaseException | None = None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    app.teardown_appcontext(close_db)

    @app.route("/")
    def index() -> str:
        return render(get_db().execute(QUERY).fetchall())

    return app


def extension_app(path: str, **config: object) -> Flask:
    """The same app on flask_sqlite3."""
    db = SQLite3()
    app = Flask("extension")
    app.config.update(SQLITE3_DATABASE=path, **config)
    db.init_app(app)

    @app.route("/")
    def index() -> str:
        return render(db.connection.execute(QUERY).fetchall())

    return app


def per_request(app: Flask, requests: int) -> float:
    """Seconds per request for ``requests`` GET / through the WSGI app."""
    environ = EnvironBuilder(path="/").get_environ()

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        assert status == "200 OK", status
        return None

    wsgi: Callable[..., Any] = app.wsgi_app
    start = time.perf_counter()
    for _ in range(requests):
        body = wsgi(dict(environ), start_response)
        for _chunk in body:
            pass
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return (time.perf_counter() - start) / requests


def compare(
    name: str, apps: dict[str, Flask], rounds: int, requests: int
) -> dict[str, float]:
    times: dict[str, list[float]] = {label: [] for label in apps}
    labels = list(apps)
    for label in labels:  # warm up
        per_request(apps[label], requests // 10)
    for n in range(rounds):
        order = labels if n % 2 == 0 else labels[::-1]
        for label in order:
            gc.collect()
            times[label].append(per_request(apps[label], requests))
    medians = {label: statistics.median(t) for label, t in times.items()}
    tutorial, extension = medians["tutorial"], medians["extension"]
    spread = {label: (min(t) * 1e6, max(t) * 1e6) for label, t in times.items()}
    print(f"{name}:")
    for label in labels:
        low, high = spread[label]
        print(
            f"  {label:>9}: median {medians[label] * 1e6:7.1f} us/request"
            f"  (rounds {low:.1f}-{high:.1f})"
        )
    # Each round measures both apps back to back, so the ratio within a
    # round is immune to the machine getting slower or faster over the run.
    paired = statistics.median(
        t / e for t, e in zip(times["tutorial"], times["extension"])
    )
    print(
        f"  ratio tutorial/extension: {tutorial / extension:.3f} (of the medians),"
        f" {paired:.3f} (median of the {rounds} per-round ratios); goal >= 1.00"
    )
    return medians


VARIANTS: dict[str, Callable[[str], Flask]] = {
    "tutorial": tutorial_app,
    "tutorial-fk": lambda path: tutorial_app(path, foreign_keys=True),
    "extension": extension_app,
    "extension-decltypes": lambda path: extension_app(
        path, SQLITE3_DETECT_TYPES=sqlite3.PARSE_DECLTYPES
    ),
}


def instructions(variant: str, path: str, requests: int) -> int:
    """Instructions executed by a child process that serves ``requests``
    requests with ``variant``, counted by valgrind's callgrind.
    """
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            os.path.abspath(__file__),
            "--child",
            variant,
            "--database",
            path,
            "--requests",
            str(requests),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=True,
    )
    match = re.search(r"Collected : (\d+)", result.stderr)
    assert match, result.stderr
    return int(match.group(1))


def compare_instructions(path: str, low: int, high: int) -> None:
    """Instructions per request: (count at ``high`` - count at ``low``)
    / (``high`` - ``low``), so start-up and warm-up cancel out.
    """
    print(f"instructions per request (callgrind, {high} - {low} requests):")
    per: dict[str, float] = {}
    for variant in VARIANTS:
        counts = [instructions(variant, path, n) for n in (low, high)]
        per[variant] = (counts[1] - counts[0]) / (high - low)
        print(f"  {variant:>19}: {per[variant]:10.0f}")
    for name, tutorial, extension in (
        ("defaults", "tutorial", "extension"),
        ("same work", "tutorial-fk", "extension-decltypes"),
    ):
        print(
            f"  ratio {name} ({tutorial}/{extension}):"
            f" {per[tutorial] / per[extension]:.3f}; goal >= 1.00"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=41)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count instructions with valgrind (deterministic; slow)",
    )
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        app = VARIANTS[args.child](args.database)
        per_request(app, args.requests)
        return 0
    from importlib.metadata import version

    flask_version = version("flask")
    print(
        f"Python {sys.version.split()[0]}, Flask {flask_version},"
        f" SQLite {sqlite3.sqlite_version}; {args.rounds} rounds of"
        f" {args.requests} requests per app, interleaved"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "flaskr.sqlite")
        make_database(path)
        compare(
            "defaults",
            {"tutorial": tutorial_app(path), "extension": extension_app(path)},
            args.rounds,
            args.requests,
        )
        compare(
            "same work (tutorial with foreign keys on, extension with"
            " SQLITE3_DETECT_TYPES = PARSE_DECLTYPES)",
            {
                "tutorial": tutorial_app(path, foreign_keys=True),
                "extension": extension_app(
                    path, SQLITE3_DETECT_TYPES=sqlite3.PARSE_DECLTYPES
                ),
            },
            args.rounds,
            args.requests,
        )
        if args.instructions:
            if shutil.which("valgrind") is None:
                print("valgrind not found: no instruction counts")
                return 1
            compare_instructions(path, 100, 600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
