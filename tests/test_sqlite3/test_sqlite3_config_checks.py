"""Every SQLITE3_* value is checked at init_app: a refused one raises an
error that names the key, the value given and what the key accepts, and
leaves the app and the disk as they were.
"""

from __future__ import annotations

import math
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from flask_sqlite3 import SQLite3

from .helpers import make_app

# (key, refused value, part of what the message says is accepted)
REFUSED: list[tuple[str, object, str]] = [
    ("DATABASE", b"a.db", "a path"),
    ("DATABASE", 123, "a path"),
    ("DATABASE", ["a.db"], "a path"),
    ("TIMEOUT", "abc", "a number of seconds"),
    ("TIMEOUT", "5", "a number of seconds"),
    ("TIMEOUT", -1, "0 or more"),
    ("TIMEOUT", math.nan, "a number of seconds"),
    ("TIMEOUT", True, "a number of seconds"),
    ("TIMEOUT", None, "a number of seconds"),
    ("DETECT_TYPES", 8, "sqlite3.PARSE_DECLTYPES"),
    ("DETECT_TYPES", "1", "sqlite3.PARSE_DECLTYPES"),
    ("DETECT_TYPES", True, "sqlite3.PARSE_DECLTYPES"),
    ("ROW_FACTORY", "dict", "a function row_factory(cursor, row)"),
    ("ROW_FACTORY", len, "a function row_factory(cursor, row)"),
    ("ROW_FACTORY", lambda row: row, "a function row_factory(cursor, row)"),
    ("PRAGMAS", None, "a dict of pragma names"),
    ("PRAGMAS", "journal_mode=WAL", "a dict of pragma names"),
    ("PRAGMAS", [("journal_mode", "WAL")], "a dict of pragma names"),
    ("SCHEMA", 123, "the path of an SQL file"),
    ("SCHEMA", b"schema.sql", "the path of an SQL file"),
    ("ISOLATION_LEVEL", "sometimes", "'DEFERRED'"),
    ("ISOLATION_LEVEL", 1, "'DEFERRED'"),
    ("CHECK_SAME_THREAD", "false", "True, False or None"),
    ("CHECK_SAME_THREAD", 0, "True, False or None"),
    ("RECORD_QUERIES", "false", "True, False or None"),
    ("RECORD_QUERIES", "true", "True, False or None"),
    ("RECORD_QUERIES", 1, "True, False or None"),
    ("AUTOCOMMIT", "false", "True, False or None"),
]


def _label(value: object) -> str:
    """A test id that is the same in every process (xdist compares them)."""
    if callable(value):
        return getattr(value, "__name__", type(value).__name__)
    return repr(value)


def _ids(case: tuple[str, object, str]) -> str:
    return f"{case[0]}={_label(case[1])}"


def _state(app: Flask) -> tuple[Any, ...]:
    return (
        dict(app.config),
        dict(app.extensions),
        list(app.teardown_appcontext_funcs),
        sorted(app.cli.commands),
    )


@pytest.mark.parametrize(("key", "value", "accepted"), REFUSED, ids=map(_ids, REFUSED))
@pytest.mark.parametrize("name", [None, "users"])
def test_bad_value_is_refused_at_init_app_and_nothing_is_changed(
    tmp_path: Path, key: str, value: object, accepted: str, name: str | None
) -> None:
    """init_app names the key (with its prefix), the value given and what
    it accepts, and changes nothing: no config default, no extension entry,
    no teardown, no command, no instance folder or database file.
    """
    prefix = "SQLITE3_" if name is None else f"SQLITE3_{name.upper()}_"
    config: dict[str, object] = {f"{prefix}{key}": value}
    if key != "DATABASE":
        config[f"{prefix}DATABASE"] = "app.sqlite"
    app = make_app(tmp_path, **config)
    before = _state(app)
    db = SQLite3(name=name)
    with pytest.raises(ValueError) as info:
        db.init_app(app)
    message = str(info.value)
    assert message.startswith(f"{prefix}{key} is {value!r}: "), message
    assert accepted in message
    assert _state(app) == before
    assert not Path(app.instance_path).exists()
    # The same object still works once the value is fixed.
    app.config[f"{prefix}{key}"] = {
        "DATABASE": "app.sqlite",
        "PRAGMAS": {},
    }.get(key)
    if key == "TIMEOUT":
        app.config[f"{prefix}{key}"] = 5
    elif key == "DETECT_TYPES":
        app.config[f"{prefix}{key}"] = 0
    db.init_app(app)
    with app.app_context():
        assert db.connection.execute("SELECT 1").fetchone()[0] == 1


@pytest.mark.parametrize(
    "pragmas",
    [{1: "ON"}, {"journal_mode": math.inf}],
    ids=["name-not-a-string", "infinite-value"],
)
def test_bad_pragma_is_refused_with_the_key(
    tmp_path: Path, pragmas: dict[object, object]
) -> None:
    """A pragma name that is not a string, or a value that is no plain
    number, is refused under the key with its prefix.
    """
    app = make_app(tmp_path, SQLITE3_USERS_PRAGMAS=pragmas)
    with pytest.raises(ValueError, match=re.escape("SQLITE3_USERS_PRAGMAS: ")):
        SQLite3(app, name="users")
    assert "sqlite3.users" not in app.extensions


def test_record_queries_false_string_does_not_turn_recording_on(
    tmp_path: Path,
) -> None:
    """SQLITE3_RECORD_QUERIES="false" used to switch recording on; it is
    refused like SQLITE3_CHECK_SAME_THREAD="false".
    """
    for key in ("SQLITE3_RECORD_QUERIES", "SQLITE3_CHECK_SAME_THREAD"):
        app = make_app(tmp_path, **{key: "false"})
        with pytest.raises(ValueError, match=f"{key} is 'false': use True"):
            SQLite3(app)


def _pair(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> tuple[Any, ...]:
    return ("row", *row)


class _Record:
    def __init__(self, cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> None:
        self.values = row


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("DATABASE", ":memory:"),
        ("DATABASE", ""),
        ("DATABASE", Path("p.sqlite")),
        ("DATABASE", "file:{tmp_path}/u.sqlite?mode=rwc"),
        ("TIMEOUT", 0),
        ("TIMEOUT", 2),
        ("TIMEOUT", 0.5),
        ("DETECT_TYPES", sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES),
        ("ROW_FACTORY", None),
        ("ROW_FACTORY", _pair),
        ("ROW_FACTORY", _Record),
        ("PRAGMAS", {}),
        ("SCHEMA", Path("schema.sql")),
        ("ISOLATION_LEVEL", "immediate"),
        ("ISOLATION_LEVEL", None),
        ("CHECK_SAME_THREAD", True),
        ("RECORD_QUERIES", None),
        ("RECORD_QUERIES", True),
    ],
    ids=lambda v: v if isinstance(v, str) else _label(v),
)
def test_accepted_values_pass_init_app_and_serve_queries(
    tmp_path: Path, key: str, value: object
) -> None:
    """What the docs list as accepted passes init_app and a query runs."""
    if isinstance(value, str):
        value = value.format(tmp_path=tmp_path)
    app = make_app(tmp_path, **{f"SQLITE3_{key}": value})
    app.root_path = str(tmp_path)
    db = SQLite3(app)
    with app.app_context():
        assert db.connection.execute("SELECT 1").fetchone() is not None
    assert app.config[f"SQLITE3_{key}"] == value
