"""Opt-in recording of queries (``SQLITE3_RECORD_QUERIES``), in the spirit
of Flask-SQLAlchemy's ``record_queries``.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from typing import Any

from flask import g
from flask import has_app_context

#: Where the current app context's recorded queries are kept on :data:`flask.g`.
G_QUERIES = "_sqlite3_queries"

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_SQLITE3_DIR = os.path.dirname(os.path.abspath(sqlite3.__file__))


@dataclass(frozen=True)
class QueryInfo:
    """One statement that a recording connection ran.

    .. versionadded:: 1.0
    """

    #: The SQL text, as passed to ``execute``.
    statement: str
    #: The parameters as passed: a sequence or a mapping; for
    #: ``executemany``, the list of them; for ``executescript``, ``None``.
    parameters: Any
    #: :func:`time.perf_counter` when the statement started and returned.
    start_time: float
    end_time: float
    #: Where the code that ran it is: ``"path/to/views.py:42 (index)"``.
    location: str
    #: The ``name`` of the :class:`~flask_sqlite3.SQLite3` object (``None``
    #: for the unnamed one).
    database: str | None

    @property
    def duration(self) -> float:
        """Seconds the statement took (``execute`` only: fetching the rows
        of a ``SELECT`` is not included).
        """
        return self.end_time - self.start_time


def get_recorded_queries() -> list[QueryInfo]:
    """The queries recorded in the current app context, oldest first, for
    every database of the app with ``SQLITE3_RECORD_QUERIES`` (or
    ``SQLITE3_<NAME>_RECORD_QUERIES``) on.  An empty list outside an app
    context or when recording is off.

    .. code-block:: python

        def test_index_runs_one_query(app):
            with app.test_client() as client:  # keeps the request's context
                client.get("/")
                assert len(get_recorded_queries()) == 1

    .. versionadded:: 1.0
    """
    if not has_app_context():
        return []
    return g.get(G_QUERIES, [])  # type: ignore[no-any-return]


def _caller() -> str:
    """The first frame outside this package and :mod:`sqlite3`."""
    frame = sys._getframe(2)
    while frame is not None:
        path = os.path.dirname(os.path.abspath(frame.f_code.co_filename))
        if path != _PACKAGE_DIR and path != _SQLITE3_DIR:
            code = frame.f_code
            return f"{code.co_filename}:{frame.f_lineno} ({code.co_name})"
        frame = frame.f_back  # type: ignore[assignment]
    return "<unknown>"  # pragma: no cover - the test runner's frames are there


def _record(
    cursor: sqlite3.Cursor, statement: str, parameters: Any, start: float
) -> None:
    end = time.perf_counter()
    connection = cursor.connection
    if not getattr(connection, "_flask_sqlite3_recording", False):
        return  # the connection's own set-up: pragmas, on_connect functions
    if not has_app_context():
        return  # a thread of the app's own, without a context: nowhere to keep it
    queries = g.get(G_QUERIES)
    if queries is None:
        queries = []
        setattr(g, G_QUERIES, queries)
    database = getattr(connection, "_flask_sqlite3_name", None)
    queries.append(QueryInfo(statement, parameters, start, end, _caller(), database))


class RecordingCursor(sqlite3.Cursor):
    """A cursor that records each statement it runs on :data:`flask.g`."""

    def execute(self, sql: str, parameters: Any = (), /) -> RecordingCursor:
        start = time.perf_counter()
        try:
            return super().execute(sql, parameters)
        finally:
            _record(self, sql, parameters, start)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> RecordingCursor:
        # A generator could be read once only: record what was run.
        seq_of_parameters = list(seq_of_parameters)
        start = time.perf_counter()
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            _record(self, sql, seq_of_parameters, start)

    def executescript(self, sql_script: str, /) -> sqlite3.Cursor:
        start = time.perf_counter()
        try:
            return super().executescript(sql_script)
        finally:
            _record(self, sql_script, None, start)


class _RecordingMixin:
    """Route the connection's shortcuts through :class:`RecordingCursor`."""

    def cursor(self, factory: Any = RecordingCursor) -> Any:
        return super().cursor(factory)  # type: ignore[misc]

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, sql_script: str, /) -> Any:
        return self.cursor().executescript(sql_script)


_classes: dict[type[sqlite3.Connection], type[sqlite3.Connection]] = {}


def recording_class(base: type[sqlite3.Connection]) -> type[sqlite3.Connection]:
    """A subclass of ``base`` whose statements are recorded.

    Only apps with recording on get it, so the others pay nothing.  A cursor
    made with a ``factory`` of your own is not recorded.

    :param base: The extension's ``connection_class``.
    """
    try:
        return _classes[base]
    except KeyError:
        cls = type(f"Recording{base.__name__}", (_RecordingMixin, base), {})
        return _classes.setdefault(base, cls)
