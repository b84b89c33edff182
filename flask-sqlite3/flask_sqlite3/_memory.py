"""The in-memory default database: one per app, shared by its connections."""

from __future__ import annotations

import itertools
import os
import sqlite3
import weakref
from typing import Any

#: Numbers the in-memory databases of this process, so no two apps share one.
_counter = itertools.count(1)


def memory_uri(app_name: str) -> str:
    """A URI naming a new in-memory database, private to this process.

    A plain ``":memory:"`` gives every connection its own empty database, so
    each request would start from nothing.  SQLite's ``memdb`` VFS (SQLite
    3.36+) shares a database between the connections of one process that open
    the same name starting with ``/``, with ordinary file locking, so the busy
    timeout works as it does for a file.  The older ``mode=memory&cache=shared``
    URI also shares, but with shared-cache table locks that fail at once with
    "database table is locked" instead of waiting, so it is only the fallback.

    :param app_name: The app's import name, to make the URI readable in
        error messages and debuggers.
    """
    unique = f"flask_sqlite3-{os.getpid()}-{next(_counter)}-{app_name}"
    # Keep the name URI-safe whatever the import name contains.
    unique = "".join(c if c.isalnum() or c in "-_." else "_" for c in unique)
    if sqlite3.sqlite_version_info >= (3, 36, 0):
        return f"file:/{unique}?vfs=memdb"
    return f"file:{unique}?mode=memory&cache=shared"  # pragma: no cover


def keep_alive(app: Any, uri: str) -> sqlite3.Connection:
    """Open the connection that keeps an app's in-memory database alive.

    SQLite frees a shared in-memory database when its last connection
    closes.  This one stays open for as long as the app object exists and is
    closed when the app is garbage collected, or at interpreter exit
    (:func:`weakref.finalize` runs then), so Python 3.13 never reports it as
    an unclosed connection.

    :param app: The Flask app that owns the database.
    :param uri: The URI from :func:`memory_uri`.
    """
    # check_same_thread=False: the finalizer may run in any thread (the
    # garbage collector runs wherever it is triggered).  Nothing else uses
    # this connection.
    keeper = sqlite3.connect(uri, uri=True, check_same_thread=False)
    weakref.finalize(app, keeper.close)
    return keeper
