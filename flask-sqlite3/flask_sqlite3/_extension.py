"""The :class:`SQLite3` extension object."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from contextlib import closing
from typing import TYPE_CHECKING

from flask import current_app
from flask import g
from flask import has_app_context

from ._cli import cli
from ._config import DEFAULTS
from ._config import is_memory
from ._config import Settings
from ._memory import keep_alive
from ._memory import memory_uri
from ._schema import run_schema
from ._schema import schema_path
from ._state import EXTENSION_KEY
from ._state import get_state
from ._state import State
from ._transaction import transaction
from ._types import register_types

if TYPE_CHECKING:
    from flask import Flask

#: Where the connection of the current app context is kept on :data:`flask.g`.
G_NAME = "_sqlite3_connection"

_OUTSIDE_CONTEXT = (
    "'db.connection' was used outside an application context. It is one"
    " connection per app context: use it in a view, a CLI command, or inside"
    " 'with app.app_context():'. In a thread of your own, use"
    " 'db.connect(app)' and close the connection yourself."
)


class SQLite3:
    """A SQLite database for each Flask app, one connection per app context.

    One object serves any number of apps (the application factory pattern):
    create it at module level and call :meth:`init_app` in the factory.  It
    never stores an app; each app's settings live in
    ``app.extensions["sqlite3"]``.

    :param app: Call :meth:`init_app` with this app right away.
    :param connection_class: The :class:`sqlite3.Connection` subclass to
        create, passed to :func:`sqlite3.connect` as ``factory``.

    .. versionadded:: 1.0
    """

    def __init__(
        self,
        app: Flask | None = None,
        *,
        connection_class: type[sqlite3.Connection] = sqlite3.Connection,
    ) -> None:
        #: The class of the connections this extension opens.
        self.connection_class = connection_class
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Register the extension on ``app``.

        Sets the ``SQLITE3_*`` config defaults, reads the settings (later
        config changes are not seen), closes each app context's connection
        at its teardown and adds the ``flask sqlite3`` commands.

        :param app: The app.
        :raises RuntimeError: The app is already registered.
        """
        if EXTENSION_KEY in app.extensions:
            raise RuntimeError(
                "A 'SQLite3' instance is already registered on this app. Call"
                " 'init_app' once per app, and use one SQLite3 object for it."
            )
        for key, default in DEFAULTS.items():
            app.config.setdefault(key, default)
        memory = keeper = None
        if is_memory(app.config["SQLITE3_DATABASE"]):
            memory = memory_uri(app.import_name)
        settings = Settings(app, memory)
        if settings.detect_types:
            register_types()
        if memory is not None:
            keeper = keep_alive(app, memory)
        app.extensions[EXTENSION_KEY] = State(self, settings, keeper)
        app.teardown_appcontext(_close_connection)
        app.cli.add_command(cli)

    @property
    def connection(self) -> sqlite3.Connection:
        """The connection of the current app context.

        Opened on first use, closed when the app context ends (after each
        request and CLI command), also when the view raised.  Work not
        committed by then is rolled back, never committed.

        :raises RuntimeError: There is no app context, or the current app is
            not registered.
        """
        if not has_app_context():
            raise RuntimeError(_OUTSIDE_CONTEXT)
        connection: sqlite3.Connection | None = g.get(G_NAME)
        if connection is None:
            connection = self._state(current_app).open(self.connection_class)
            setattr(g, G_NAME, connection)
        return connection

    def connect(self, app: Flask | None = None) -> sqlite3.Connection:
        """Open a new connection with the app's settings.

        For scripts and threads of your own: the caller closes it, for
        example ``with contextlib.closing(db.connect(app)) as conn:``.

        :param app: The app whose database to open; the current app when
            not given.
        :raises RuntimeError: No app was given and there is no app context,
            or the app is not registered.
        """
        if app is None:
            if not has_app_context():
                raise RuntimeError(
                    "'db.connect()' needs an app: pass it, 'db.connect(app)',"
                    " or call it inside an application context."
                )
            app = current_app._get_current_object()  # type: ignore[attr-defined]
        return self._state(app).open(self.connection_class)

    def transaction(
        self, connection: sqlite3.Connection | None = None
    ) -> AbstractContextManager[sqlite3.Connection]:
        """Run a block in one transaction: committed when the block ends,
        rolled back if it raises.

        .. code-block:: python

            with db.transaction() as conn:
                conn.execute("UPDATE account SET balance = balance - 10 WHERE id = 1")
                conn.execute("UPDATE account SET balance = balance + 10 WHERE id = 2")

        The block starts with ``BEGIN IMMEDIATE``, taking the write lock
        first, so it waits for other writers rather than failing with
        "database is locked".  Nested in an open transaction, it is a
        savepoint that is committed with the enclosing transaction.

        :param connection: The connection to use; :attr:`connection` when
            not given.
        """
        return transaction(self.connection if connection is None else connection)

    def init_schema(self, connection: sqlite3.Connection | None = None) -> None:
        """Run the ``SQLITE3_SCHEMA`` file, all or nothing, as
        ``flask sqlite3 init`` does.

        :param connection: The connection to use; a new one, closed
            afterwards, when not given.
        :raises flask_sqlite3.SchemaError: No schema is configured, or its file
            cannot be read or fails; the database is left as it was.
        """
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        path = schema_path(app)
        if connection is not None:
            run_schema(connection, path)
            return
        with closing(self.connect(app)) as new:
            run_schema(new, path)

    def _state(self, app: Flask) -> State:
        state = get_state(app)
        if state.extension is not self:
            raise RuntimeError(
                "This app is registered with another 'SQLite3' object; use"
                " that one (one SQLite3 object per app)."
            )
        return state

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def _close_connection(exc: BaseException | None) -> None:
    """Close the app context's connection; roll back what is uncommitted.

    Closing alone would also discard uncommitted work (SQLite never commits
    on close); the explicit rollback says so, and works the same for
    connection subclasses that override ``close``.
    """
    connection: sqlite3.Connection | None = g.pop(G_NAME, None)
    if connection is None:
        return
    try:
        connection.rollback()
    except sqlite3.ProgrammingError:
        pass  # the app closed it already
    finally:
        connection.close()
