"""Helpers shared by the flask_sqlite3 tests."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from flask import Flask

SCHEMA = """\
CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES author (id),
    body TEXT NOT NULL
);
"""


class TrackedConnection(sqlite3.Connection):
    """A connection that records that it was closed, whichever thread asks.

    ``sqlite3`` refuses any use of a connection from another thread before it
    checks whether it is closed, so tests that open connections in server
    threads check this flag instead.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.closed = False
        OPENED.append(self)

    def close(self) -> None:
        self.closed = True
        super().close()


#: Every TrackedConnection opened in the current test.
OPENED: list[TrackedConnection] = []


def is_closed(connection: sqlite3.Connection) -> bool:
    """Whether ``connection`` was closed: using it raises ProgrammingError."""
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError as e:
        assert "closed" in str(e)
        return True
    return False


def make_app(tmp_path: Path, name: str = "app", /, **config: object) -> Flask:
    """A Flask app with its instance folder under ``tmp_path``."""
    app = Flask(name, instance_path=str(tmp_path / f"instance-{name}"))
    app.config.update(TESTING=True, **config)
    return app


def assert_silent_under_dev_mode(code: str) -> None:
    """Run ``code`` in a real interpreter with ``-X dev`` and warnings as
    errors (Python 3.13 reports unclosed connections): it must succeed and
    print nothing to stderr.
    """
    result = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", "-c", code],
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
