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

#: Each config key and its default, set with ``setdefault`` by ``init_app``.
DEFAULTS: dict[str, object] = {
    # None (or ":memory:"): an in-memory database that lives as long as the app.
    "SQLITE3_DATABASE": None,
    # Seconds to wait for a lock before "database is locked"; Python's default.
    "SQLITE3_TIMEOUT": 5.0,
    # 0, or sqlite3.PARSE_DECLTYPES and/or sqlite3.PARSE_COLNAMES.
    "SQLITE3_DETECT_TYPES": 0,
    "SQLITE3_ROW_FACTORY": sqlite3.Row,
    "SQLITE3_PRAGMAS": DEFAULT_PRAGMAS,
    "SQLITE3_SCHEMA": None,
}

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
    )

    def __init__(self, app: Flask, memory_uri: str | None) -> None:
        config = app.config
        database = config["SQLITE3_DATABASE"]
        #: What ``sqlite3.connect`` opens: a path or a ``file:`` URI.
        self.database: str
        #: Whether :attr:`database` is a URI.
        self.uri: bool
        if memory_uri is not None:
            self.database, self.uri = memory_uri, True
        else:
            self.database, self.uri = resolve_path(app, database)
        self.timeout = float(config["SQLITE3_TIMEOUT"])
        self.detect_types = int(config["SQLITE3_DETECT_TYPES"])
        self.row_factory: RowFactory | None = config["SQLITE3_ROW_FACTORY"]
        pragmas = {**DEFAULT_PRAGMAS, **config["SQLITE3_PRAGMAS"]}
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
