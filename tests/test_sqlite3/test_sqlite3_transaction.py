"""db.transaction(): one block, one transaction."""

from __future__ import annotations

import sqlite3

import pytest
from flask import Flask

from flask_sqlite3 import SQLite3


class Boom(Exception):
    pass


def names(db: SQLite3) -> list[str]:
    with db.connect() as conn:
        result = [
            r["name"] for r in conn.execute("SELECT name FROM author ORDER BY id")
        ]
    conn.close()
    return result


def test_block_is_committed(app: Flask, db: SQLite3) -> None:
    with app.app_context():
        with db.transaction() as conn:
            assert conn is db.connection
            assert conn.in_transaction
            conn.execute("INSERT INTO author (name) VALUES ('ada')")
        assert not db.connection.in_transaction
        assert names(db) == ["ada"]


def test_block_is_rolled_back_when_it_raises(app: Flask, db: SQLite3) -> None:
    with app.app_context():
        with pytest.raises(Boom), db.transaction() as conn:
            conn.execute("INSERT INTO author (name) VALUES ('ada')")
            raise Boom
        assert not db.connection.in_transaction
        assert names(db) == []


def test_block_takes_the_write_lock_first(app: Flask, db: SQLite3) -> None:
    """BEGIN IMMEDIATE: another writer cannot start while the block runs."""
    with app.app_context(), db.transaction():
        with db.connect() as other:
            other.execute("PRAGMA busy_timeout = 0")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.close()


def test_nested_block_is_a_savepoint(app: Flask, db: SQLite3) -> None:
    """A failing inner block undoes only itself; the outer one commits."""
    with app.app_context():
        with db.transaction() as conn:
            conn.execute("INSERT INTO author (name) VALUES ('outer')")
            with pytest.raises(Boom), db.transaction():
                conn.execute("INSERT INTO author (name) VALUES ('inner')")
                raise Boom
            with db.transaction():
                conn.execute("INSERT INTO author (name) VALUES ('inner2')")
        assert names(db) == ["outer", "inner2"]


def test_block_after_uncommitted_write_commits_both(app: Flask, db: SQLite3) -> None:
    """A write not yet committed, then a block: both are stored when the
    request ends (the block once was a savepoint and teardown lost both).
    """

    @app.route("/", methods=["POST"])
    def index() -> str:
        db.connection.execute("INSERT INTO author (name) VALUES ('before')")
        with db.transaction() as conn:
            conn.execute("INSERT INTO author (name) VALUES ('inside')")
        return "ok"

    assert app.test_client().post("/").status_code == 200
    with app.app_context():
        assert names(db) == ["before", "inside"]


def test_raising_block_after_uncommitted_write_undoes_only_itself(
    app: Flask, db: SQLite3
) -> None:
    """If the outermost block raises, its own statements are undone and the
    earlier uncommitted ones stay pending: a later commit() stores them.
    """
    with app.app_context():
        conn = db.connection
        conn.execute("INSERT INTO author (name) VALUES ('before')")
        with pytest.raises(Boom), db.transaction():
            conn.execute("INSERT INTO author (name) VALUES ('inside')")
            raise Boom
        assert conn.in_transaction
        conn.commit()
        assert names(db) == ["before"]


def test_nested_block_commits_with_the_outermost(app: Flask, db: SQLite3) -> None:
    """Only the outermost block commits: when it raises after an inner block
    ended, the inner block's work goes too.
    """
    with app.app_context():
        conn = db.connection
        with pytest.raises(Boom), db.transaction():
            with db.transaction():
                conn.execute("INSERT INTO author (name) VALUES ('inner')")
            assert conn.in_transaction
            raise Boom
        assert names(db) == []


def test_failed_commit_rolls_back(app: Flask, db: SQLite3) -> None:
    """A COMMIT that fails (deferred foreign key) leaves no open transaction."""
    with app.app_context():
        conn = db.connection
        with pytest.raises(sqlite3.IntegrityError), db.transaction():
            conn.execute("PRAGMA defer_foreign_keys = ON")
            conn.execute("INSERT INTO post (author_id, body) VALUES (42, 'x')")
        assert not conn.in_transaction
        assert conn.execute("SELECT count(*) FROM post").fetchone()[0] == 0


def test_transaction_on_a_given_connection(app: Flask, db: SQLite3) -> None:
    with app.app_context():
        conn = db.connect()
        try:
            with db.transaction(conn) as same:
                assert same is conn
                conn.execute("INSERT INTO author (name) VALUES ('x')")
        finally:
            conn.close()
        assert names(db) == ["x"]
