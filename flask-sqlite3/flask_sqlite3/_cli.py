"""The ``flask sqlite3`` commands."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ._schema import SchemaError
from ._state import get_state

#: Added to ``app.cli`` by ``init_app``.  A group keeps the commands out of
#: the way of an app's own ``init-db``.
cli = AppGroup("sqlite3", help="Manage the app's SQLite database (Flask-SQLite3).")


@cli.command("init")
def init_command() -> None:
    """Create the tables: run the SQLITE3_SCHEMA file in one transaction."""
    state = get_state(current_app)
    try:
        state.extension.init_schema()
    except SchemaError as e:
        raise click.ClickException(str(e)) from e
    if state.keeper is not None:
        click.echo(
            "Note: SQLITE3_DATABASE is not set, so this is the app's in-memory"
            " database, which lasts only as long as this process.",
            err=True,
        )
    click.echo(f"Initialized the database from {current_app.config['SQLITE3_SCHEMA']}.")
