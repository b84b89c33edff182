"""What ``init_app`` stores in ``app.extensions["sqlite3"]``."""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import Protocol
from typing import TYPE_CHECKING

from ._config import Settings

if TYPE_CHECKING:
    from flask import Flask

#: The key in ``app.extensions``.
EXTENSION_KEY = "sqlite3"

NOT_REGISTERED = (
    "'SQLite3' is not registered on this app. Did you forget to call 'init_app'?"
)


class Extension(Protocol):
    """What is used of the :class:`~flask_sqlite3.SQLite3` object that owns
    a state.  A protocol, so that this module need not import
    ``_extension``, which imports it.
    """

    def init_schema(self, connection: sqlite3.Connection | None = None) -> None: ...


class State:
    """The per-app state of the extension: settings, and the connection
    that keeps an in-memory default database alive.
    """

    __slots__ = ("extension", "settings", "keeper", "_folder_ready")

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
        self._folder_ready = settings.uri

    def open(self, factory: type[sqlite3.Connection]) -> sqlite3.Connection:
        """Open a new connection with the app's settings.

        :param factory: The connection class to create.
        """
        settings = self.settings
        if not self._folder_ready:
            # The instance folder is not created by Flask; create it (and any
            # folder below it in the configured path) on first use.
            os.makedirs(os.path.dirname(settings.database), exist_ok=True)
            self._folder_ready = True
        connection = sqlite3.connect(
            settings.database,
            timeout=settings.timeout,
            detect_types=settings.detect_types,
            uri=settings.uri,
            factory=factory,
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


def get_state(app: Flask) -> State:
    """The extension's state on ``app``.

    :param app: The app.
    :raises RuntimeError: ``init_app`` was not called for ``app``.
    """
    try:
        return app.extensions[EXTENSION_KEY]  # type: ignore[no-any-return]
    except KeyError:
        raise RuntimeError(NOT_REGISTERED) from None
