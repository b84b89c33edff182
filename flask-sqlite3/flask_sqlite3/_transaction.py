"""Run a block of statements as one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

#: Name of the savepoints used for nested blocks.  SQLite savepoints with
#: the same name nest: ``RELEASE``/``ROLLBACK TO`` act on the innermost one.
_SAVEPOINT = "flask_sqlite3"

#: How many ``transaction()`` blocks are open on each connection (by id;
#: an entry lives only while a block runs, so the id cannot be reused).
_depth: dict[int, int] = {}


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Commit the block's statements together, or none of them.

    The outermost block commits when it ends, and what it commits includes
    statements run before it and not yet committed: code that wrote, then
    ran a block that returned, has every reason to think its writes are
    stored (Python's own ``with connection:`` commits them too).  If the
    block raises, only the block's statements are undone; earlier
    uncommitted ones stay pending, as they were.

    With nothing pending, the block starts with ``BEGIN IMMEDIATE``: it
    takes the write lock at the start, so a block that reads and then writes
    waits for other writers (up to ``SQLITE3_TIMEOUT``) instead of failing
    with "database is locked" when it first writes, as a deferred ``BEGIN``
    can.  A block nested in another is a savepoint: an error undoes the
    inner block only, and its work is committed with the outermost block.

    :param connection: The connection to use.
    """
    key = id(connection)
    depth = _depth.get(key, 0)
    _depth[key] = depth + 1
    try:
        if depth:
            yield from _savepoint(connection)
        elif connection.in_transaction:
            # Pending work (always so with autocommit=False, where Python
            # keeps a transaction open): the block joins it, then commits.
            yield from _savepoint(connection)
            commit(connection)
        else:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                rollback(connection)
                raise
            commit(connection)
    finally:
        if depth:
            _depth[key] = depth
        else:
            del _depth[key]


def _savepoint(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    connection.execute(f"SAVEPOINT {_SAVEPOINT}")
    try:
        yield connection
    except BaseException:
        connection.execute(f"ROLLBACK TO {_SAVEPOINT}")
        connection.execute(f"RELEASE {_SAVEPOINT}")
        raise
    connection.execute(f"RELEASE {_SAVEPOINT}")


def commit(connection: sqlite3.Connection) -> None:
    """Commit the open transaction, whatever the connection's transaction
    control; if the ``COMMIT`` fails, roll back and raise.
    """
    try:
        if getattr(connection, "autocommit", None) is True:
            # autocommit=True (Python 3.12+): commit() does nothing.
            if connection.in_transaction:
                connection.execute("COMMIT")
        else:
            connection.commit()
    except BaseException:
        # A failed COMMIT (a deferred foreign key, a busy database) leaves
        # the transaction open; end it so the connection is usable.
        rollback(connection)
        raise


def rollback(connection: sqlite3.Connection) -> None:
    """Roll back the open transaction, whatever the connection's
    transaction control.
    """
    if getattr(connection, "autocommit", None) is True:
        # autocommit=True (Python 3.12+): rollback() does nothing.
        if connection.in_transaction:
            connection.execute("ROLLBACK")
    else:
        connection.rollback()
