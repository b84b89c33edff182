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


def test_block_inside_uncommitted_work_is_part_of_it(app: Flask, db: SQLite3) -> None:
    """After an implicit transaction began, the block is a savepoint of it:
    it commits nothing, and rolling back the transaction undoes it too.
    """
    with app.app_context():
        conn = db.connection
        conn.execute("INSERT INTO author (name) VALUES ('before')")
        with db.transaction():
            conn.execute("INSERT INTO author (name) VALUES ('inside')")
        assert conn.in_transaction
        conn.rollback()
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
