"""More than one database per app: SQLite3(name=...)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask

from flask_sqlite3 import SQLite3

from .helpers import make_app


def two_databases(tmp_path: Path, **config: object) -> tuple[Flask, SQLite3, SQLite3]:
    main = SQLite3()
    users = SQLite3(name="users")
    app = make_app(tmp_path, **config)
    main.init_app(app)
    users.init_app(app)
    return app, main, users


def test_named_database_has_its_own_keys_and_extension_entry(tmp_path: Path) -> None:
    """SQLite3(name="users") reads SQLITE3_USERS_*, lives in
    app.extensions["sqlite3.users"], beside the unnamed one.
    """
    app, main, users = two_databases(
        tmp_path, SQLITE3_DATABASE="main.sqlite", SQLITE3_USERS_DATABASE="users.sqlite"
    )
    assert app.extensions["sqlite3"].extension is main
    assert app.extensions["sqlite3.users"].extension is users
    assert app.config["SQLITE3_USERS_TIMEOUT"] == 5.0
    assert app.config["SQLITE3_USERS_SCHEMA"] is None
    with app.app_context():
        assert main.connection is not users.connection
        main.connection.execute("CREATE TABLE m (x)")
        users.connection.execute("CREATE TABLE u (x)")
    instance = Path(app.instance_path)
    with closing(main.connect(app)) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["m"]
    assert (instance / "main.sqlite").is_file()
    assert (instance / "users.sqlite").is_file()


def test_named_in_memory_databases_are_separate(tmp_path: Path) -> None:
    """Two in-memory defaults on one app are two databases."""
    app, main, users = two_databases(tmp_path)
    with app.app_context():
        main.connection.execute("CREATE TABLE m (x)")
        tables = users.connection.execute("SELECT name FROM sqlite_master")
        assert tables.fetchall() == []


def test_named_database_closed_at_teardown(tmp_path: Path) -> None:
    """Each database's context connection closes when the context ends."""
    app, main, users = two_databases(tmp_path)
    with app.app_context():
        a, b = main.connection, users.connection
    for connection in (a, b):
        with pytest.raises(Exception, match="closed"):
            connection.execute("SELECT 1")


def test_same_name_twice_is_refused_and_names_are_checked(tmp_path: Path) -> None:
    app, main, users = two_databases(tmp_path)
    with pytest.raises(RuntimeError, match="named 'users' is already registered"):
        SQLite3(app, name="users")
    with pytest.raises(RuntimeError, match="share the config keys SQLITE3_USERS_"):
        SQLite3(app, name="Users")
    with pytest.raises(ValueError, match="starts with a letter"):
        SQLite3(name="user-db")


def test_unregistered_named_database_is_a_clear_error(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    SQLite3().init_app(app)
    with app.app_context(), pytest.raises(RuntimeError, match="named 'users'"):
        SQLite3(name="users").connection  # noqa: B018


def test_cli_init_of_a_named_database(tmp_path: Path) -> None:
    """flask sqlite3 init --name users runs SQLITE3_USERS_SCHEMA."""
    schema = tmp_path / "users.sql"
    schema.write_text("CREATE TABLE account (id INTEGER PRIMARY KEY);")
    app, main, users = two_databases(
        tmp_path,
        SQLITE3_USERS_DATABASE="users.sqlite",
        SQLITE3_USERS_SCHEMA=str(schema),
    )
    runner = app.test_cli_runner()
    result = runner.invoke(args=["sqlite3", "init", "--name", "users"])
    assert result.exit_code == 0, result.output
    with closing(users.connect(app)) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master").fetchall()
        assert [r[0] for r in rows] == ["account"]
    result = runner.invoke(args=["sqlite3", "init", "--name", "nope"])
    assert result.exit_code == 1
    assert "named 'nope'" in result.output


def test_repr_names_the_database() -> None:
    assert repr(SQLite3(name="users")) == "<SQLite3 'users'>"
