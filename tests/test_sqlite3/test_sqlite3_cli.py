"""flask sqlite3 init, through app.test_cli_runner()."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from flask_sqlite3 import SchemaError
from flask_sqlite3 import SQLite3

from .helpers import make_app


def tables(app: Flask, db: SQLite3) -> list[str]:
    with app.app_context():
        rows = db.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        return [r[0] for r in rows]


def file_app(tmp_path: Path, **config: object) -> tuple[Flask, SQLite3]:
    db = SQLite3()
    app = make_app(tmp_path, SQLITE3_DATABASE="app.sqlite", **config)
    db.init_app(app)
    return app, db


def test_init_creates_the_schema(tmp_path: Path, schema_file: Path) -> None:
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    result = app.test_cli_runner().invoke(args=["sqlite3", "init"])
    assert result.exit_code == 0, result.output
    assert "Initialized the database" in result.output
    assert tables(app, db) == ["author", "post"]


def test_schema_path_is_relative_to_root_path(tmp_path: Path) -> None:
    app, db = file_app(tmp_path, SQLITE3_SCHEMA="schema.sql")
    app.root_path = str(tmp_path / "pkg")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "schema.sql").write_text("CREATE TABLE t (x);")
    assert app.test_cli_runner().invoke(args=["sqlite3", "init"]).exit_code == 0
    assert tables(app, db) == ["t"]


def test_init_without_schema_is_a_clear_error(tmp_path: Path) -> None:
    app, db = file_app(tmp_path)
    result = app.test_cli_runner().invoke(args=["sqlite3", "init"])
    assert result.exit_code == 1
    assert "SQLITE3_SCHEMA is not set" in result.output
    assert "Traceback" not in result.output


def test_init_with_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(tmp_path / "nope.sql"))
    result = app.test_cli_runner().invoke(args=["sqlite3", "init"])
    assert result.exit_code == 1
    assert "Cannot read the schema file" in result.output


def test_init_with_bad_sql_changes_nothing(tmp_path: Path) -> None:
    """A failing statement halfway through leaves no table behind."""
    schema = tmp_path / "bad.sql"
    schema.write_text("CREATE TABLE good (x);\nCREAT TABLE bad (y);\n")
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema))
    result = app.test_cli_runner().invoke(args=["sqlite3", "init"])
    assert result.exit_code == 1
    assert "failed, nothing was changed" in result.output
    assert "syntax error" in result.output
    assert tables(app, db) == []


def test_init_with_unterminated_comment_changes_nothing(tmp_path: Path) -> None:
    schema = tmp_path / "open.sql"
    schema.write_text("CREATE TABLE good (x);\n/* never closed\n")
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema))
    result = app.test_cli_runner().invoke(args=["sqlite3", "init"])
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
    assert tables(app, db) == []


def test_init_accepts_trailing_comment_and_missing_semicolon(tmp_path: Path) -> None:
    schema = tmp_path / "loose.sql"
    schema.write_text("CREATE TABLE a (x);\nCREATE TABLE b (y) -- last one")
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema))
    assert app.test_cli_runner().invoke(args=["sqlite3", "init"]).exit_code == 0
    assert tables(app, db) == ["a", "b"]


def test_init_on_memory_default_says_it_is_temporary(
    tmp_path: Path, schema_file: Path
) -> None:
    """On the in-memory default the command works, for this process only."""
    db = SQLite3()
    app = make_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    db.init_app(app)
    result = app.test_cli_runner().invoke(args=["sqlite3", "init"])
    assert result.exit_code == 0
    assert "in-memory" in result.output
    assert tables(app, db) == ["author", "post"]


def test_init_schema_raises_schema_error(tmp_path: Path) -> None:
    app, db = file_app(tmp_path)
    with app.app_context():
        try:
            db.init_schema()
        except SchemaError as e:
            assert "SQLITE3_SCHEMA" in str(e)
        else:  # pragma: no cover
            raise AssertionError("no SchemaError")


def test_init_schema_on_a_given_connection(tmp_path: Path, schema_file: Path) -> None:
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    with app.app_context():
        db.init_schema(db.connection)
        assert not db.connection.in_transaction
    assert tables(app, db) == ["author", "post"]


def test_init_schema_refuses_an_open_transaction(
    tmp_path: Path, schema_file: Path
) -> None:
    """Running the schema would commit pending work; it refuses instead."""
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    with app.app_context():
        db.connection.execute("CREATE TABLE pending (x)")
        db.connection.execute("INSERT INTO pending VALUES (1)")
        with pytest.raises(SchemaError, match="open transaction"):
            db.init_schema(db.connection)
        assert db.connection.in_transaction
