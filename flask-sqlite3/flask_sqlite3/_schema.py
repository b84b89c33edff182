"""Create the tables from the ``SQLITE3_SCHEMA`` file."""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


class SchemaError(RuntimeError):
    """``SQLITE3_SCHEMA`` is not set, or its file cannot be read or run.

    .. versionadded:: 1.0
    """


def schema_path(app: Flask) -> str:
    """The schema file configured for ``app``; relative to ``app.root_path``,
    where the app's code and ``app.open_resource`` files are.

    :param app: The app.
    :raises SchemaError: ``SQLITE3_SCHEMA`` is not set.
    """
    schema = app.config.get("SQLITE3_SCHEMA")
    if not schema:
        raise SchemaError(
            "SQLITE3_SCHEMA is not set. Set it to the SQL file that creates"
            " your tables, relative to the app's root path, for example"
            " app.config['SQLITE3_SCHEMA'] = 'schema.sql'."
        )
    return os.path.join(app.root_path, os.fspath(schema))


def run_schema(connection: sqlite3.Connection, path: str) -> None:
    """Run the SQL file at ``path`` in one transaction.

    Either every statement is applied or none is: the script runs between
    ``BEGIN IMMEDIATE`` and ``COMMIT``, so it must not contain transaction
    statements of its own.

    :param connection: The connection to run it on.
    :param path: The SQL file.
    :raises SchemaError: The file cannot be read or the SQL fails; the
        database is left as it was.
    """
    try:
        with open(path, encoding="utf-8") as f:
            sql = f.read()
    except OSError as e:
        raise SchemaError(f"Cannot read the schema file {path!r}: {e}") from e
    if connection.in_transaction:
        raise SchemaError(
            "Commit or roll back the open transaction before creating the schema."
        )
    try:
        # executescript() commits first and runs its text as given, so the
        # transaction has to be part of the text.  The newline ends a
        # trailing "--" comment; the lone ";" a last statement without one.
        connection.executescript(f"BEGIN IMMEDIATE;\n{sql}\n;\nCOMMIT;")
    except sqlite3.Error as e:
        if connection.in_transaction:
            connection.rollback()
        raise SchemaError(
            f"The schema file {path!r} failed, nothing was changed:"
            f" {type(e).__name__}: {e}"
        ) from e
    if connection.in_transaction:
        # An unterminated string or /* comment swallowed the COMMIT.
        connection.rollback()
        raise SchemaError(
            f"The schema file {path!r} ends inside a string or comment;"
            " nothing was changed."
        )
