"""Run a block of statements as one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

#: Name of the savepoints used for nested blocks.  SQLite savepoints with
#: the same name nest: ``RELEASE``/``ROLLBACK TO`` act on the innermost one.
_SAVEPOINT = "flask_sqlite3"


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Commit the block's statements together, or none of them.

    Outside a transaction the block starts one with ``BEGIN IMMEDIATE``: it
    takes the write lock at the start, so a block that reads and then writes
    waits for other writers (up to ``SQLITE3_TIMEOUT``) instead of failing
    with "database is locked" when it first writes, as a deferred ``BEGIN``
    can.  Inside an open transaction (a nested block, or statements not yet
    committed) the block is a savepoint: an error undoes the block only, and
    its work is committed with the enclosing transaction.

    :param connection: The connection to use.
    """
    if connection.in_transaction:
        connection.execute(f"SAVEPOINT {_SAVEPOINT}")
        try:
            yield connection
        except BaseException:
            connection.execute(f"ROLLBACK TO {_SAVEPOINT}")
            connection.execute(f"RELEASE {_SAVEPOINT}")
            raise
        connection.execute(f"RELEASE {_SAVEPOINT}")
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.rollback()
        raise
    try:
        connection.commit()
    except BaseException:
        # A failed COMMIT (a deferred foreign key, a busy database) leaves
        # the transaction open; end it so the connection is usable.
        connection.rollback()
        raise
