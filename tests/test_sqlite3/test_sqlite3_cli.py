"""flask sqlite3 init, through app.test_cli_runner()."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from flask_sqlite3 import SchemaError
from flask_sqlite3 import SchemaExistsError
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


def rows(app: Flask, db: SQLite3, table: str) -> list[tuple[object, ...]]:
    with app.app_context():
        return [tuple(r) for r in db.connection.execute(f"SELECT * FROM {table}")]


def test_init_on_existing_schema_says_so_and_changes_nothing(
    tmp_path: Path, schema_file: Path
) -> None:
    """A second init: exit 1, a message naming --drop, the data untouched."""
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["sqlite3", "init"]).exit_code == 0
    with app.app_context():
        db.connection.execute("INSERT INTO author (name) VALUES ('ada')")
        db.connection.commit()
    result = runner.invoke(args=["sqlite3", "init"])
    assert result.exit_code == 1
    assert "already has what the schema file" in result.output
    assert "table author already exists" in result.output
    assert "flask sqlite3 init --drop" in result.output
    assert "Traceback" not in result.output
    assert rows(app, db, "author") == [(1, "ada")]


def test_init_drop_starts_again_from_the_schema(
    tmp_path: Path, schema_file: Path
) -> None:
    """--drop (confirmed) drops tables with rows that reference each other,
    views, indexes and triggers, and creates the schema again.
    """
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["sqlite3", "init"]).exit_code == 0
    with app.app_context():
        db.connection.executescript(
            "INSERT INTO author (name) VALUES ('ada');"
            "INSERT INTO post (author_id, body) VALUES (1, 'hi');"
            "CREATE VIEW recent AS SELECT body FROM post;"
            "CREATE INDEX post_body ON post (body);"
            "CREATE TABLE counter (id INTEGER PRIMARY KEY AUTOINCREMENT);"
            "INSERT INTO counter DEFAULT VALUES;"
        )
    result = runner.invoke(args=["sqlite3", "init", "--drop"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Drop every table" in result.output
    # SQLite's own AUTOINCREMENT table stays, emptied with the dropped table.
    assert tables(app, db) == ["author", "post", "sqlite_sequence"]
    assert rows(app, db, "sqlite_sequence") == []
    assert rows(app, db, "author") == []


def test_init_drop_declined_changes_nothing(tmp_path: Path, schema_file: Path) -> None:
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    runner = app.test_cli_runner()
    runner.invoke(args=["sqlite3", "init"])
    with app.app_context():
        db.connection.execute("INSERT INTO author (name) VALUES ('ada')")
        db.connection.commit()
    result = runner.invoke(args=["sqlite3", "init", "--drop"], input="n\n")
    assert result.exit_code == 1
    assert rows(app, db, "author") == [(1, "ada")]


def test_init_drop_is_all_or_nothing(tmp_path: Path, schema_file: Path) -> None:
    """A schema that fails after the drop: nothing is dropped either."""
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    runner = app.test_cli_runner()
    runner.invoke(args=["sqlite3", "init"])
    with app.app_context():
        db.connection.execute("INSERT INTO author (name) VALUES ('ada')")
        db.connection.commit()
    schema_file.write_text(schema_file.read_text() + "CREATE TABLE broken (;\n")
    result = runner.invoke(args=["sqlite3", "init", "--drop", "--yes"])
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
    assert rows(app, db, "author") == [(1, "ada")]


def test_init_schema_drop_from_code(tmp_path: Path, schema_file: Path) -> None:
    """db.init_schema(drop=True) does the same; without drop it raises
    SchemaExistsError (a SchemaError).
    """
    app, db = file_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    with app.app_context():
        db.init_schema()
        with pytest.raises(SchemaExistsError):
            db.init_schema()
        db.init_schema(drop=True)
    assert tables(app, db) == ["author", "post"]
