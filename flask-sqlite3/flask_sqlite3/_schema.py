"""Create the tables from the ``SQLITE3_SCHEMA`` file."""

from __future__ import annotations

import os
import sqlite3
from typing import TYPE_CHECKING

from ._transaction import rollback

if TYPE_CHECKING:
    from flask import Flask


class SchemaError(RuntimeError):
    """``SQLITE3_SCHEMA`` is not set, or its file cannot be read or run.

    .. versionadded:: 1.0
    """


class SchemaExistsError(SchemaError):
    """The database already has a table, view, index or trigger that the
    schema file creates.  Nothing was changed.

    .. versionadded:: 1.0
    """


def schema_path(app: Flask, prefix: str = "SQLITE3_") -> str:
    """The schema file configured for ``app``; relative to ``app.root_path``,
    where the app's code and ``app.open_resource`` files are.

    :param app: The app.
    :param prefix: The database's config prefix.
    :raises SchemaError: ``SQLITE3_SCHEMA`` is not set.
    """
    key = f"{prefix}SCHEMA"
    schema = app.config.get(key)
    if not schema:
        raise SchemaError(
            f"{key} is not set. Set it to the SQL file that creates"
            " your tables, relative to the app's root path, for example"
            f" app.config['{key}'] = 'schema.sql'."
        )
    return os.path.join(app.root_path, os.fspath(schema))


def run_schema(
    connection: sqlite3.Connection, path: str, *, drop: bool = False
) -> None:
    """Run the SQL file at ``path`` in one transaction.

    Either every statement is applied or none is: the script runs between
    ``BEGIN IMMEDIATE`` and ``COMMIT``, so it must not contain transaction
    statements of its own.  (With ``autocommit=False``, where Python keeps a
    transaction open, it runs in that one and is committed with it.)

    :param connection: The connection to run it on.
    :param path: The SQL file.
    :param drop: Drop every table and view first (their indexes and
        triggers go with them), in the same transaction.
    :raises SchemaExistsError: The database already has a table, view,
        index or trigger that the file creates; nothing was changed.
    :raises SchemaError: The file cannot be read or the SQL fails; the
        database is left as it was.
    """
    try:
        with open(path, encoding="utf-8") as f:
            sql = f.read()
    except OSError as e:
        raise SchemaError(f"Cannot read the schema file {path!r}: {e}") from e
    implicit = getattr(connection, "autocommit", None) is False
    if connection.in_transaction and not implicit:
        raise SchemaError(
            "Commit or roll back the open transaction before creating the schema."
        )
    # The list is read before the transaction starts: an object created in
    # between is not dropped, and the schema then fails as a whole.
    drops = drop_statements(connection) if drop else ""
    # executescript() commits first (legacy transaction control) and runs its
    # text as given, so the transaction has to be part of the text.  The
    # newline ends a trailing "--" comment; the lone ";" a last statement
    # without one.  Deferred foreign keys let tables go in any order.
    body = f"PRAGMA defer_foreign_keys = ON;\n{drops}{sql}\n;\n"
    script = body if implicit else f"BEGIN IMMEDIATE;\n{body}COMMIT;"
    try:
        connection.executescript(script)
        if implicit:
            connection.commit()
    except sqlite3.Error as e:
        if connection.in_transaction:
            rollback(connection)
        if isinstance(e, sqlite3.OperationalError) and "already exists" in str(e):
            raise SchemaExistsError(
                f"The database already has what the schema file {path!r}"
                f" creates ({e}); nothing was changed. To start again from an"
                " empty database, run 'flask sqlite3 init --drop' (or call"
                " db.init_schema(drop=True)): it drops every table and view"
                " first, with all their data."
            ) from e
        raise SchemaError(
            f"The schema file {path!r} failed, nothing was changed:"
            f" {type(e).__name__}: {e}"
        ) from e
    if connection.in_transaction and not implicit:
        # An unterminated string or /* comment swallowed the COMMIT.
        rollback(connection)
        raise SchemaError(
            f"The schema file {path!r} ends inside a string or comment;"
            " nothing was changed."
        )


def drop_statements(connection: sqlite3.Connection) -> str:
    """``DROP`` statements for every view and table of the main database.

    Views go first, then virtual tables (which drop their own shadow
    tables), then the other tables; SQLite's own ``sqlite_*`` tables stay.
    """
    rows = connection.execute(
        "SELECT type, name, sql FROM sqlite_master"
        " WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()

    def order(row: tuple[str, str, str | None]) -> int:
        kind, _, sql = row
        if kind == "view":
            return 0
        return 1 if (sql or "").upper().startswith("CREATE VIRTUAL") else 2

    statements = []
    for kind, name, _ in sorted(rows, key=order):
        quoted = '"' + name.replace('"', '""') + '"'
        statements.append(f"DROP {kind.upper()} IF EXISTS {quoted};\n")
    return "".join(statements)
