"""The :class:`SQLite3` extension object."""

from __future__ import annotations

import re
import sqlite3
import warnings
import weakref
from contextlib import AbstractContextManager
from contextlib import closing
from typing import Callable
from typing import NoReturn
from typing import TYPE_CHECKING
from typing import TypeVar

from flask import current_app
from flask import g
from flask import has_app_context

from ._cli import cli
from ._config import changed_keys
from ._config import config_prefix
from ._config import DEFAULTS
from ._config import Settings
from ._memory import keep_alive
from ._record import recording_class
from ._schema import run_schema
from ._schema import schema_path
from ._state import extension_key
from ._state import get_state
from ._state import State
from ._transaction import rollback
from ._transaction import transaction
from ._types import register_types

if TYPE_CHECKING:
    from flask import Flask

#: Where the connection of the current app context is kept on :data:`flask.g`
#: (``_sqlite3_<name>_connection`` for a named database).
G_NAME = "_sqlite3_connection"

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

OnConnect = Callable[[sqlite3.Connection], object]
F = TypeVar("F", bound=OnConnect)


class ConfigChangedWarning(UserWarning):
    """A ``SQLITE3_*`` key was changed after ``init_app`` read it: the change
    has no effect.

    .. versionadded:: 1.0
    """


class _Closed:
    """What teardown leaves on :data:`flask.g` in place of the connection."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<connection closed by flask_sqlite3 at teardown>"


CLOSED = _Closed()


def _discard(connection: sqlite3.Connection) -> None:
    """Roll back what is uncommitted, then close."""
    try:
        if connection.in_transaction:
            rollback(connection)
    except sqlite3.ProgrammingError as e:
        if "closed" not in str(e):
            raise  # pragma: no cover - any other misuse is not ours to hide
        # the app closed it already
    finally:
        connection.close()


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
    :param name: A second (third...) database of the same apps: its config
        keys are ``SQLITE3_<NAME>_DATABASE`` and so on, its state is
        ``app.extensions["sqlite3.<name>"]``, its CLI is ``flask sqlite3 init
        --name <name>``.  A letter, then letters, digits or ``_``.
    :param connection_class: The :class:`sqlite3.Connection` subclass to
        create, passed to :func:`sqlite3.connect` as ``factory``.

    .. versionadded:: 1.0
    """

    def __init__(
        self,
        app: Flask | None = None,
        *,
        name: str | None = None,
        connection_class: type[sqlite3.Connection] = sqlite3.Connection,
    ) -> None:
        if name is not None and not _NAME.match(name):
            raise ValueError(
                f"SQLite3(name={name!r}): a name starts with a letter and has"
                " only letters, digits and '_', as it becomes part of config"
                " keys (SQLITE3_<NAME>_DATABASE)."
            )
        #: The database's name, ``None`` for the unnamed one.
        self.name = name
        #: The class of the connections this extension opens.
        self.connection_class = connection_class
        #: The functions :meth:`on_connect` registered, in order.
        self.on_connect_functions: list[OnConnect] = []
        self._key = extension_key(name)
        self._prefix = config_prefix(name)
        self._g_name = G_NAME if name is None else f"_sqlite3_{name}_connection"
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Register the extension on ``app``.

        Sets the ``SQLITE3_*`` config defaults, reads the settings (later
        config changes have no effect, and the first connection warns with
        :exc:`ConfigChangedWarning` if there were any), closes each app
        context's connection at its teardown and adds the ``flask sqlite3``
        commands.

        Every ``SQLITE3_*`` value is checked first: if one is refused,
        nothing was changed (no config default set, nothing registered, no
        file created).

        :param app: The app.
        :raises ValueError: A ``SQLITE3_*`` value is not one its key
            accepts; the message names the key, the value given and what the
            key accepts.
        :raises RuntimeError: The app is already registered, or
            ``SQLITE3_AUTOCOMMIT`` is set on a Python before 3.12.
        """
        if self._key in app.extensions:
            what = (
                "A 'SQLite3' instance"
                if self.name is None
                else (f"A 'SQLite3' instance named {self.name!r}")
            )
            raise RuntimeError(
                f"{what} is already registered on this app. Call 'init_app'"
                " once per app, and use one SQLite3 object for it (give a"
                " second database its own name: SQLite3(name='users'))."
            )
        prefix = self._prefix
        for key, other in app.extensions.items():
            if (
                key.startswith("sqlite3.")
                and config_prefix(other.extension.name) == prefix
            ):
                raise RuntimeError(
                    f"SQLite3(name={self.name!r}) would share the config keys"
                    f" {prefix}* with SQLite3(name={other.extension.name!r}),"
                    " already registered on this app: give it another name."
                )
        # Every value is checked before anything changes: a bad one leaves
        # the app (config, extensions, teardown) and the disk as they were.
        suffix = "" if self.name is None else f"-{self.name}"
        settings = Settings(app, prefix, f"{app.import_name}{suffix}")
        for key, default in DEFAULTS.items():
            app.config.setdefault(f"{prefix}{key}", default)
        if settings.detect_types:
            register_types()
        keeper = keep_alive(app, settings.database) if settings.memory else None
        app.extensions[self._key] = State(self, settings, keeper)
        # Registered through Flask (which refuses once the app has served),
        # then moved first: teardown functions run in reverse order, so the
        # connection is closed after every other one, including those
        # registered before init_app, has run.
        app.teardown_appcontext(self._close_connection)
        funcs = app.teardown_appcontext_funcs
        funcs.insert(0, funcs.pop())
        app.cli.add_command(cli)

    @property
    def connection(self) -> sqlite3.Connection:
        """The connection of the current app context.

        Opened on first use, closed when the app context ends (after each
        request and CLI command), also when the view raised.  Work not
        committed by then is rolled back, never committed.

        It belongs to the app context, which one thread runs at a time: the
        request's thread, or for an async view asgiref's event-loop thread
        while the request's thread waits.  So it is opened without the
        same-thread check (``SQLITE3_CHECK_SAME_THREAD``); never hand it to
        another thread (``asyncio.to_thread``, an executor): use
        :meth:`connect` there.

        Used again after teardown in the same context (a teardown function
        that runs after the extension's, or a stream that Flask 3.1 tears
        down twice), it opens a new connection, which the next teardown
        closes, or failing that the end of the context.

        :raises RuntimeError: There is no app context, or the current app is
            not registered.
        """
        # The namespace behind the g proxy: one proxy look-up, then dict
        # operations (this runs for every use of db.connection).
        try:
            g_object = g._get_current_object()
        except RuntimeError:
            raise RuntimeError(_OUTSIDE_CONTEXT) from None
        namespace = g_object.__dict__
        connection = namespace.get(self._g_name)  # a Connection, CLOSED or None
        if connection is None or connection is CLOSED:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            reopened = connection is CLOSED
            connection = self._open(app, for_context=True)
            namespace[self._g_name] = connection
            if reopened:
                # Teardown ran, yet the context is in use again: Flask 3.1's
                # stream_with_context tears down when the view returns and
                # again when the stream ends, and a teardown function that
                # runs after ours may read the database.  A second teardown
                # closes this connection; where none comes, it is closed
                # (uncommitted work rolled back) when the context's g goes.
                weakref.finalize(g_object, _discard, connection)
        return connection  # type: ignore[no-any-return]

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
        return self._open(app, for_context=False)

    def on_connect(self, function: F) -> F:
        """Register a function to call with every new connection, after the
        configured pragmas: for ``create_function``, ``create_collation``,
        ``enable_load_extension``/``load_extension``, more pragmas.

        .. code-block:: python

            @db.on_connect
            def add_functions(conn):
                conn.create_function("slugify", 1, slugify, deterministic=True)

        Functions run in the order registered, for :attr:`connection` and
        :meth:`connect` alike.  If one raises, the connection is closed and
        the error goes to the code that asked for the connection.  Usable as
        a decorator; returns ``function``.

        .. versionadded:: 1.0
        """
        self.on_connect_functions.append(function)
        return function

    def init_connection(self, connection: sqlite3.Connection) -> None:
        """Called with every new connection, after the configured pragmas;
        runs the :meth:`on_connect` functions.  Override it in a subclass
        for the same purpose (call ``super()`` to keep the functions).

        :param connection: The new connection.

        .. versionadded:: 1.0
        """
        for function in self.on_connect_functions:
            function(connection)

    def _open(self, app: Flask, *, for_context: bool) -> sqlite3.Connection:
        state: State | None = app.extensions.get(self._key)
        if state is None or state.extension is not self:
            self._not_ours(app)
        if not state.config_checked:
            state.config_checked = True
            changed = changed_keys(app, self._prefix, state.settings.snapshot)
            if changed:
                warnings.warn(
                    f"{', '.join(changed)} changed after init_app() read the"
                    " config: the change has no effect. Set the SQLITE3_* keys"
                    " before calling init_app().",
                    ConfigChangedWarning,
                    stacklevel=3,
                )
        factory = self.connection_class
        recording = state.settings.record_queries
        if recording:
            factory = recording_class(factory)
        connection = state.open(factory, for_context=for_context)
        try:
            self.init_connection(connection)
        except BaseException:
            connection.close()
            raise
        if recording:
            # Set-up statements are not recorded, only the app's own.
            connection._flask_sqlite3_name = self.name  # type: ignore[attr-defined]
            connection._flask_sqlite3_recording = True  # type: ignore[attr-defined]
        return connection

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
        "database is locked".  The outermost block also commits statements
        run before it and not yet committed (if it raises, only its own are
        undone).  Nested in another block, it is a savepoint that is
        committed with the outermost one.

        .. versionchanged:: 1.0
            The outermost block commits uncommitted statements run before
            it, which were rolled back at teardown before.

        :param connection: The connection to use; :attr:`connection` when
            not given.
        """
        return transaction(self.connection if connection is None else connection)

    def init_schema(
        self, connection: sqlite3.Connection | None = None, *, drop: bool = False
    ) -> None:
        """Run the ``SQLITE3_SCHEMA`` file, all or nothing, as
        ``flask sqlite3 init`` does.

        :param connection: The connection to use; a new one, closed
            afterwards, when not given.
        :param drop: Drop every table and view first, with all their data,
            in the same transaction.
        :raises flask_sqlite3.SchemaExistsError: The database already has
            what the file creates; nothing was changed.
        :raises flask_sqlite3.SchemaError: No schema is configured, or its file
            cannot be read or fails; the database is left as it was.
        :raises RuntimeError: There is no app context.

        .. versionchanged:: 1.0
            The ``drop`` parameter.
        """
        if not has_app_context():
            raise RuntimeError(
                "'db.init_schema()' was called outside an application context."
                " Call it inside 'with app.app_context():', or run"
                " 'flask sqlite3 init'."
            )
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        path = schema_path(app, self._prefix)
        if connection is not None:
            run_schema(connection, path, drop=drop)
            return
        with closing(self.connect(app)) as new:
            run_schema(new, path, drop=drop)

    def _not_ours(self, app: Flask) -> NoReturn:
        """Raise the error for an app that this object is not registered on."""
        get_state(app, self.name)  # raises if no SQLite3 object is registered
        raise RuntimeError(
            "This app is registered with another 'SQLite3' object; use"
            " that one (one SQLite3 object per app)."
        )

    def _close_connection(self, exc: BaseException | None) -> None:
        """Close the app context's connection; roll back what is uncommitted.

        Closing alone would also discard uncommitted work (SQLite never
        commits on close); the explicit rollback says so, and works the same
        for connection subclasses that override ``close``.  Afterwards the
        context remembers the close (see :attr:`connection`).
        """
        namespace = g._get_current_object().__dict__
        connection = namespace.get(self._g_name)
        namespace[self._g_name] = CLOSED
        if connection is None or connection is CLOSED:
            return
        _discard(connection)

    def __repr__(self) -> str:
        if self.name is None:
            return f"<{type(self).__name__}>"
        return f"<{type(self).__name__} {self.name!r}>"
