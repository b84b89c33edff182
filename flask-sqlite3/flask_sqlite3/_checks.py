"""Checks of the ``SQLITE3_*`` config values, one function per kind.

Each takes the value and the full config key (with its prefix) and returns
the value to use, or raises an error that names the key, the value given and
what is accepted.  ``init_app`` runs them all before it changes anything.
"""

from __future__ import annotations

import inspect
import math
import os
import sqlite3
import sys
from collections.abc import Mapping
from typing import Any
from typing import Callable

_ISOLATION_LEVELS = (None, "", "DEFERRED", "IMMEDIATE", "EXCLUSIVE")
_DETECT_TYPES = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES

RowFactory = Callable[[sqlite3.Cursor, "tuple[Any, ...]"], Any]


def _refuse(key: str, value: object, accepted: str) -> ValueError:
    return ValueError(f"{key} is {value!r}: {accepted}.")


def database(value: object, key: str) -> str | None:
    """A path (``str`` or :class:`os.PathLike`), a ``file:`` URI, or
    ``None``/``""``/``":memory:"`` for the app's in-memory database.
    """
    if value is None:
        return None
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if isinstance(path, str):
            return path
    raise _refuse(
        key,
        value,
        "use a path (a str or a pathlib.Path; relative paths are in the"
        " instance folder), a 'file:' URI, or None or ':memory:' for an"
        " in-memory database",
    )


def timeout(value: object, key: str) -> float:
    """Seconds to wait for a lock: a number, 0 or more, not a bool."""
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    ):
        return float(value)
    raise _refuse(key, value, "use a number of seconds, 0 or more, such as 5.0")


def detect_types(value: object, key: str) -> int:
    """0, ``sqlite3.PARSE_DECLTYPES``, ``sqlite3.PARSE_COLNAMES`` or both."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value & ~_DETECT_TYPES == 0 and value >= 0:
            return value
    raise _refuse(
        key,
        value,
        "use 0, sqlite3.PARSE_DECLTYPES, sqlite3.PARSE_COLNAMES, or both joined with |",
    )


def row_factory(value: object, key: str) -> RowFactory | None:
    """``None`` (tuples), ``sqlite3.Row`` or a callable that takes
    ``(cursor, row)``.
    """
    if value is None or value is sqlite3.Row:
        return value
    if callable(value):
        try:
            signature = inspect.signature(value)
        except (TypeError, ValueError):  # a builtin without one: trust it
            return value
        try:
            signature.bind(None, None)
        except TypeError:
            pass
        else:
            return value
    raise _refuse(
        key,
        value,
        "use sqlite3.Row (the default), None for tuples, or a function"
        " row_factory(cursor, row)",
    )


def pragmas(value: object, key: str) -> Mapping[str, object]:
    """A mapping of pragma names to values (checked by
    :func:`pragma_statements`).
    """
    if isinstance(value, Mapping):
        return value
    raise _refuse(
        key,
        value,
        "use a dict of pragma names to values, such as"
        " {'journal_mode': 'WAL'}, or {} for the default (foreign keys on)",
    )


def pragma_statements(value: Mapping[str, object], key: str) -> tuple[str, ...]:
    """The ``PRAGMA`` statements for a mapping of pragma names to values.

    :param value: ``SQLITE3_PRAGMAS`` on top of the default pragmas.
    :raises ValueError: A name is not a plain identifier or a value is not a
        plain word or number (PRAGMA takes no parameters, so they are checked
        before they go into SQL).
    """
    statements = []
    for name, setting in value.items():
        if not isinstance(name, str) or not name.replace(".", "_").isidentifier():
            raise ValueError(
                f"{key}: {name!r} is not a pragma name: use a name such as"
                " 'journal_mode' (or 'schema.name')."
            )
        if isinstance(setting, bool):
            text = "ON" if setting else "OFF"
        elif isinstance(setting, (int, float)) and math.isfinite(setting):
            text = repr(setting)
        elif isinstance(setting, str) and setting.isidentifier():
            text = setting
        else:
            raise ValueError(
                f"{key}: the value {setting!r} of {name!r} must be a"
                " number, a bool or a plain word such as 'WAL'."
            )
        statements.append(f"PRAGMA {name} = {text}")
    return tuple(statements)


def schema(value: object, key: str) -> object:
    """``None`` or a path (``str`` or :class:`os.PathLike`) of the schema
    file, relative to the app's root path; the file is read later, by
    ``init_schema``.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, os.PathLike) and isinstance(os.fspath(value), str):
        return value
    raise _refuse(
        key,
        value,
        "use the path of an SQL file (a str or a pathlib.Path; relative paths"
        " start at the app's root path), or None",
    )


def isolation_level(value: object, key: str) -> str | None:
    """``None`` or a ``BEGIN`` mode (any case)."""
    if isinstance(value, str) and value.upper() in _ISOLATION_LEVELS:
        return value.upper()
    if value is None:
        return None
    raise _refuse(
        key,
        value,
        "use 'DEFERRED' (the default), 'IMMEDIATE', 'EXCLUSIVE', or None for"
        " SQLite's autocommit mode",
    )


def switch(value: object, key: str) -> bool | None:
    """``None`` (the default), ``True`` or ``False``, and nothing else: a
    string such as ``"false"`` would be true.
    """
    if value is None or isinstance(value, bool):
        return value
    raise _refuse(key, value, "use True, False or None")


def autocommit(value: object, key: str) -> bool | None:
    """``None`` (Python's legacy transaction control), or ``True``/``False``
    on Python 3.12+.

    :raises RuntimeError: ``True`` or ``False`` before Python 3.12, whose
        :func:`sqlite3.connect` has no ``autocommit``.
    :raises ValueError: Any other value.
    """
    legacy = getattr(sqlite3, "LEGACY_TRANSACTION_CONTROL", None)  # 3.12+
    if legacy is not None and value == legacy and not isinstance(value, bool):
        value = None  # the same as leaving it unset
    result = switch(value, key)
    if result is not None and sys.version_info < (3, 12):
        raise RuntimeError(
            f"{key} = {value!r} needs Python 3.12 or newer (sqlite3.connect has"
            f" no 'autocommit' before it); this is Python"
            f" {sys.version_info[0]}.{sys.version_info[1]}. Leave it None and"
            " use ISOLATION_LEVEL, or upgrade Python."
        )
    return result
