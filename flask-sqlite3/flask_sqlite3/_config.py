"""Config keys, their defaults, and the settings read from them."""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import Any
from typing import Callable
from typing import TYPE_CHECKING
from typing import TypeVar
from typing import Union

from . import _checks as checks
from ._checks import RowFactory
from ._memory import memory_uri

if TYPE_CHECKING:
    from flask import Flask

#: ``SQLITE3_PRAGMAS`` is applied on top of these.  Foreign keys are off in
#: SQLite unless every connection turns them on, which surprises everyone who
#: writes ``REFERENCES``.
DEFAULT_PRAGMAS: dict[str, object] = {"foreign_keys": "ON"}

#: Each config key (after the ``SQLITE3_`` or ``SQLITE3_<NAME>_`` prefix)
#: and its default, set with ``setdefault`` by ``init_app``.
DEFAULTS: dict[str, object] = {
    # None (or ":memory:"): an in-memory database that lives as long as the app.
    "DATABASE": None,
    # Seconds to wait for a lock before "database is locked"; Python's default.
    "TIMEOUT": 5.0,
    # 0, or sqlite3.PARSE_DECLTYPES and/or sqlite3.PARSE_COLNAMES.
    "DETECT_TYPES": 0,
    "ROW_FACTORY": sqlite3.Row,
    "PRAGMAS": DEFAULT_PRAGMAS,
    "SCHEMA": None,
    # Python's default: BEGIN (deferred) before the first write.
    "ISOLATION_LEVEL": "DEFERRED",
    # None: Python's legacy transaction control; True/False need Python 3.12.
    "AUTOCOMMIT": None,
    # None: off for the app context's connection, on for db.connect().
    "CHECK_SAME_THREAD": None,
    "RECORD_QUERIES": False,
}

#: The config keys that the settings are read from once, by ``init_app``.
READ_ONCE = tuple(key for key in DEFAULTS if key != "SCHEMA")


def config_prefix(name: str | None) -> str:
    """The config key prefix of a :class:`~flask_sqlite3.SQLite3` object:
    ``SQLITE3_``, or ``SQLITE3_USERS_`` for ``name="users"``.
    """
    return "SQLITE3_" if name is None else f"SQLITE3_{name.upper()}_"


_T = TypeVar("_T")
PathLike = Union[str, "os.PathLike[str]"]

_MEMORY_NAMES = (None, "", ":memory:")

_SWITCH = {
    "ON": True,
    "TRUE": True,
    "YES": True,
    "OFF": False,
    "FALSE": False,
    "NO": False,
}


class Settings:
    """The connection settings of one app, read once from its config."""

    __slots__ = (
        "memory",
        "database",
        "uri",
        "timeout",
        "detect_types",
        "row_factory",
        "foreign_keys",
        "pragmas",
        "isolation_level",
        "autocommit",
        "check_same_thread",
        "record_queries",
        "snapshot",
        "options",
    )

    def __init__(self, app: Flask, prefix: str, memory_name: str) -> None:
        """Read and check the settings; change nothing.

        :param app: The app whose config is read.
        :param prefix: The config key prefix (``SQLITE3_``).
        :param memory_name: Names the in-memory database, if the config asks
            for one (:func:`~flask_sqlite3._memory.memory_uri`).

        :raises ValueError: A value is not one the key accepts; the message
            names the key, the value and what it accepts.
        :raises RuntimeError: ``AUTOCOMMIT`` needs a newer Python.
        """

        def value(key: str) -> object:
            return app.config.get(f"{prefix}{key}", DEFAULTS[key])

        def check(key: str, check: Callable[[Any, str], _T]) -> _T:
            return check(value(key), f"{prefix}{key}")

        database = check("DATABASE", checks.database)
        self.timeout = check("TIMEOUT", checks.timeout)
        self.detect_types = check("DETECT_TYPES", checks.detect_types)
        self.row_factory: RowFactory | None = check("ROW_FACTORY", checks.row_factory)
        pragmas = {**DEFAULT_PRAGMAS, **check("PRAGMAS", checks.pragmas)}
        #: Foreign keys on or off through ``Connection.setconfig`` (Python
        #: 3.12+): the same switch as the pragma, without compiling and
        #: running a statement on every new connection.  ``None``: the
        #: pragma does it.
        self.foreign_keys: bool | None = None
        #: The ``PRAGMA`` statements run on every new connection.
        self.pragmas = checks.pragma_statements(pragmas, f"{prefix}PRAGMAS")
        if sys.version_info >= (3, 12):
            setting = pragmas.get("foreign_keys")
            if isinstance(setting, str) and setting.upper() in _SWITCH:
                setting = _SWITCH[setting.upper()]
            if isinstance(setting, (bool, int)) and setting in (0, 1):
                self.foreign_keys = bool(setting)
                del pragmas["foreign_keys"]
                self.pragmas = checks.pragma_statements(pragmas, f"{prefix}PRAGMAS")
        check("SCHEMA", checks.schema)  # read by init_schema, checked now
        #: ``isolation_level`` for :func:`sqlite3.connect`.
        self.isolation_level = check("ISOLATION_LEVEL", checks.isolation_level)
        #: ``autocommit`` for :func:`sqlite3.connect`, or ``None`` to leave
        #: Python's default (legacy transaction control).
        self.autocommit = check("AUTOCOMMIT", checks.autocommit)
        #: ``check_same_thread``, or ``None``: off for the app context's
        #: connection, on for ``db.connect()``.
        self.check_same_thread = check("CHECK_SAME_THREAD", checks.switch)
        #: Whether connections record their queries (``get_recorded_queries``).
        self.record_queries = bool(check("RECORD_QUERIES", checks.switch))
        #: Whether :attr:`database` is the app's in-memory database.
        self.memory = is_memory(database)
        #: What ``sqlite3.connect`` opens: a path or a ``file:`` URI.
        self.database: str
        #: Whether :attr:`database` is a URI.
        self.uri: bool
        if database is None or self.memory:
            self.database, self.uri = memory_uri(memory_name), True
        else:
            self.database, self.uri = resolve_path(app, database)
        #: The config values these settings were read from, to tell when the
        #: config was changed after ``init_app``.
        self.snapshot = config_snapshot(app, prefix)
        #: Keyword arguments for :func:`sqlite3.connect`, but for
        #: ``check_same_thread`` and ``factory``.  ``autocommit`` only when
        #: set: before Python 3.12 ``connect`` has no such argument.
        self.options: dict[str, Any] = {
            "timeout": self.timeout,
            "detect_types": self.detect_types,
            "isolation_level": self.isolation_level,
            "uri": self.uri,
        }
        if self.autocommit is not None:
            self.options["autocommit"] = self.autocommit


def config_snapshot(app: Flask, prefix: str) -> tuple[object, ...]:
    """The values of the keys read once by ``init_app``, compared by value."""
    return tuple(app.config.get(f"{prefix}{key}", DEFAULTS[key]) for key in READ_ONCE)


def changed_keys(app: Flask, prefix: str, snapshot: tuple[object, ...]) -> list[str]:
    """The read-once keys whose value is no longer what ``init_app`` read."""
    now = config_snapshot(app, prefix)
    return [
        f"{prefix}{key}"
        for key, old, new in zip(READ_ONCE, snapshot, now)
        if old != new
    ]


def is_memory(database: object) -> bool:
    """Whether ``SQLITE3_DATABASE`` asks for the app's in-memory database."""
    return database in _MEMORY_NAMES


def resolve_path(app: Flask, database: PathLike) -> tuple[str, bool]:
    """Where a configured database is: ``(path or URI, is_uri)``.

    A ``file:`` URI is used as it is; a relative path is relative to the
    app's instance folder, like everything else an app writes.

    :param app: The app whose instance folder relative paths start from.
    :param database: The ``SQLITE3_DATABASE`` value.
    """
    database = os.fspath(database)
    if database.startswith("file:"):
        return database, True
    return os.path.join(app.instance_path, database), False
