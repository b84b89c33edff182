"""What ``init_app`` stores in ``app.extensions["sqlite3"]`` (or
``app.extensions["sqlite3.<name>"]`` for a named database)."""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import Protocol
from typing import TYPE_CHECKING

from ._config import Settings

if TYPE_CHECKING:
    from flask import Flask

#: The key in ``app.extensions`` of the unnamed database.
EXTENSION_KEY = "sqlite3"


def extension_key(name: str | None) -> str:
    """The key in ``app.extensions``: ``sqlite3``, or ``sqlite3.users`` for
    ``SQLite3(name="users")``.
    """
    return EXTENSION_KEY if name is None else f"{EXTENSION_KEY}.{name}"


NOT_REGISTERED = (
    "'SQLite3' is not registered on this app. Did you forget to call 'init_app'?"
)


class Extension(Protocol):
    """What is used of the :class:`~flask_sqlite3.SQLite3` object that owns
    a state.  A protocol, so that this module need not import
    ``_extension``, which imports it.
    """

    #: The database's name, ``None`` for the unnamed one.
    name: str | None

    def init_schema(
        self, connection: sqlite3.Connection | None = None, *, drop: bool = False
    ) -> None: ...


class State:
    """The per-app state of the extension: settings, and the connection
    that keeps an in-memory default database alive.
    """

    __slots__ = ("extension", "settings", "keeper", "config_checked", "_folder_ready")

    def __init__(
        self,
        extension: Extension,
        settings: Settings,
        keeper: sqlite3.Connection | None,
    ) -> None:
        #: The :class:`~flask_sqlite3.SQLite3` object registered on the app.
        self.extension = extension
        #: The connection settings, read from the config by ``init_app``.
        self.settings = settings
        #: Keeps the in-memory default database alive, or ``None``.
        self.keeper = keeper
        #: Whether the config was compared with :attr:`settings` (at the
        #: first connection).
        self.config_checked = False
        self._folder_ready = settings.uri

    def open(
        self, factory: type[sqlite3.Connection], *, for_context: bool
    ) -> sqlite3.Connection:
        """Open a new connection with the app's settings.

        :param factory: The connection class to create.
        :param for_context: Whether it is the app context's connection, which
            may be used by the thread that runs an async view and closed by
            the request's thread; unless ``CHECK_SAME_THREAD`` says
            otherwise, it is opened without the same-thread check.
        """
        settings = self.settings
        if not self._folder_ready:
            # The instance folder is not created by Flask; create it (and any
            # folder below it in the configured path) on first use.
            os.makedirs(os.path.dirname(settings.database), exist_ok=True)
            self._folder_ready = True
        check_same_thread = settings.check_same_thread
        if check_same_thread is None:
            check_same_thread = not for_context
        connection = sqlite3.connect(
            settings.database,
            check_same_thread=check_same_thread,
            factory=factory,
            **settings.options,
        )
        try:
            connection.row_factory = settings.row_factory
            if sys.version_info >= (3, 12) and settings.foreign_keys is not None:
                connection.setconfig(
                    sqlite3.SQLITE_DBCONFIG_ENABLE_FKEY, settings.foreign_keys
                )
            for statement in settings.pragmas:
                connection.execute(statement)
        except BaseException:
            connection.close()
            raise
        return connection


def get_state(app: Flask, name: str | None = None) -> State:
    """The extension's state on ``app``.

    :param app: The app.
    :param name: The database's name; the unnamed one when not given.
    :raises RuntimeError: ``init_app`` was not called for ``app``.
    """
    try:
        return app.extensions[extension_key(name)]  # type: ignore[no-any-return]
    except KeyError:
        if name is None:
            raise RuntimeError(NOT_REGISTERED) from None
        raise RuntimeError(
            f"No 'SQLite3' object named {name!r} is registered on this app. Did"
            f" you forget to call 'init_app' on 'SQLite3(name={name!r})'?"
        ) from None
