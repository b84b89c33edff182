"""Config keys, their defaults, and the settings read from them."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Mapping
from typing import Any
from typing import Callable
from typing import TYPE_CHECKING
from typing import Union

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

_ISOLATION_LEVELS = (None, "", "DEFERRED", "IMMEDIATE", "EXCLUSIVE")


def config_prefix(name: str | None) -> str:
    """The config key prefix of a :class:`~flask_sqlite3.SQLite3` object:
    ``SQLITE3_``, or ``SQLITE3_USERS_`` for ``name="users"``.
    """
    return "SQLITE3_" if name is None else f"SQLITE3_{name.upper()}_"


RowFactory = Callable[[sqlite3.Cursor, "tuple[Any, ...]"], Any]
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

    def __init__(self, app: Flask, prefix: str, memory_uri: str | None) -> None:
        config = app.config
        database = config[f"{prefix}DATABASE"]
        #: What ``sqlite3.connect`` opens: a path or a ``file:`` URI.
        self.database: str
        #: Whether :attr:`database` is a URI.
        self.uri: bool
        if memory_uri is not None:
            self.database, self.uri = memory_uri, True
        else:
            self.database, self.uri = resolve_path(app, database)
        self.timeout = float(config[f"{prefix}TIMEOUT"])
        self.detect_types = int(config[f"{prefix}DETECT_TYPES"])
        self.row_factory: RowFactory | None = config[f"{prefix}ROW_FACTORY"]
        pragmas = {**DEFAULT_PRAGMAS, **config[f"{prefix}PRAGMAS"]}
        #: Foreign keys on or off through ``Connection.setconfig`` (Python
        #: 3.12+): the same switch as the pragma, without compiling and
        #: running a statement on every new connection.  ``None``: the
        #: pragma does it.
        self.foreign_keys: bool | None = None
        if sys.version_info >= (3, 12):
            value = pragmas.get("foreign_keys")
            if isinstance(value, str) and value.upper() in _SWITCH:
                value = _SWITCH[value.upper()]
            if isinstance(value, (bool, int)) and value in (0, 1):
                self.foreign_keys = bool(value)
                del pragmas["foreign_keys"]
        #: The ``PRAGMA`` statements run on every new connection.
        self.pragmas = pragma_statements(pragmas)
        #: ``isolation_level`` for :func:`sqlite3.connect`.
        self.isolation_level: str | None = isolation_level(
            config[f"{prefix}ISOLATION_LEVEL"], f"{prefix}ISOLATION_LEVEL"
        )
        #: ``autocommit`` for :func:`sqlite3.connect`, or ``None`` to leave
        #: Python's default (legacy transaction control).
        self.autocommit: bool | None = autocommit(
            config[f"{prefix}AUTOCOMMIT"], f"{prefix}AUTOCOMMIT"
        )
        #: ``check_same_thread``, or ``None``: off for the app context's
        #: connection, on for ``db.connect()``.
        self.check_same_thread: bool | None = optional_bool(
            config[f"{prefix}CHECK_SAME_THREAD"], f"{prefix}CHECK_SAME_THREAD"
        )
        #: Whether connections record their queries (``get_recorded_queries``).
        self.record_queries = bool(config[f"{prefix}RECORD_QUERIES"])
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
    return tuple(app.config.get(f"{prefix}{key}") for key in READ_ONCE)


def changed_keys(app: Flask, prefix: str, snapshot: tuple[object, ...]) -> list[str]:
    """The read-once keys whose value is no longer what ``init_app`` read."""
    now = config_snapshot(app, prefix)
    return [
        f"{prefix}{key}"
        for key, old, new in zip(READ_ONCE, snapshot, now)
        if old != new
    ]


def isolation_level(value: object, key: str) -> str | None:
    """Check an ``ISOLATION_LEVEL`` value: ``None`` or a ``BEGIN`` mode.

    :raises ValueError: Any other value.
    """
    if isinstance(value, str):
        value = value.upper()
    if value not in _ISOLATION_LEVELS:
        raise ValueError(
            f"{key} is {value!r}: use 'DEFERRED' (the default), 'IMMEDIATE',"
            " 'EXCLUSIVE', or None for SQLite's autocommit mode."
        )
    return value


def autocommit(value: object, key: str) -> bool | None:
    """Check an ``AUTOCOMMIT`` value: ``None`` (Python's legacy transaction
    control), or ``True``/``False`` on Python 3.12+.

    :raises RuntimeError: ``True`` or ``False`` before Python 3.12, whose
        :func:`sqlite3.connect` has no ``autocommit``.
    :raises ValueError: Any other value.
    """
    legacy = getattr(sqlite3, "LEGACY_TRANSACTION_CONTROL", None)  # 3.12+
    if legacy is not None and value == legacy and not isinstance(value, bool):
        value = None  # the same as leaving it unset
    result = optional_bool(value, key)
    if result is not None and sys.version_info < (3, 12):
        raise RuntimeError(
            f"{key} = {value!r} needs Python 3.12 or newer (sqlite3.connect has"
            f" no 'autocommit' before it); this is Python"
            f" {sys.version_info[0]}.{sys.version_info[1]}. Leave it None and"
            " use ISOLATION_LEVEL, or upgrade Python."
        )
    return result


def optional_bool(value: object, key: str) -> bool | None:
    """``None``, ``True`` or ``False``; anything else is a :exc:`ValueError`."""
    if value is None or isinstance(value, bool):
        return value
    raise ValueError(f"{key} is {value!r}: use True, False or None.")


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


def pragma_statements(pragmas: Mapping[str, object]) -> tuple[str, ...]:
    """The ``PRAGMA`` statements for a mapping of pragma names to values.

    :param pragmas: ``SQLITE3_PRAGMAS`` on top of :data:`DEFAULT_PRAGMAS`:
        setting ``{"journal_mode": "WAL"}`` keeps foreign keys on; set
        ``"foreign_keys": "OFF"`` to turn them off.
    :raises ValueError: A name is not a plain identifier or a value is not a
        plain word or number (PRAGMA takes no parameters, so they are checked
        before they go into SQL).
    """
    statements = []
    for name, value in pragmas.items():
        if not name.replace(".", "_").isidentifier():
            raise ValueError(f"SQLITE3_PRAGMAS: {name!r} is not a pragma name.")
        if isinstance(value, bool):
            text = "ON" if value else "OFF"
        elif isinstance(value, (int, float)):
            text = repr(value)
        elif isinstance(value, str) and value.isidentifier():
            text = value
        else:
            raise ValueError(
                f"SQLITE3_PRAGMAS: the value {value!r} of {name!r} must be a"
                " number, a bool or a plain word such as 'WAL'."
            )
        statements.append(f"PRAGMA {name} = {text}")
    return tuple(statements)
