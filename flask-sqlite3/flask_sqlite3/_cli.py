"""The ``flask sqlite3`` commands."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ._config import config_prefix
from ._schema import SchemaError
from ._state import get_state

#: Added to ``app.cli`` by ``init_app``.  A group keeps the commands out of
#: the way of an app's own ``init-db``.
cli = AppGroup("sqlite3", help="Manage the app's SQLite database (Flask-SQLite3).")


@cli.command("init")
@click.option(
    "--name",
    default=None,
    help="The database of SQLite3(name=NAME); the unnamed one by default.",
)
@click.option(
    "--drop",
    is_flag=True,
    help="Drop every table and view first, with all their data (in the same"
    " transaction as the schema).",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask before --drop.")
def init_command(name: str | None, drop: bool, yes: bool) -> None:
    """Create the tables: run the SQLITE3_SCHEMA file in one transaction."""
    try:
        state = get_state(current_app, name)
    except RuntimeError as e:
        raise click.ClickException(str(e)) from e
    prefix = config_prefix(name)
    if drop and not yes:
        click.confirm(
            f"Drop every table and view of {state.settings.database}, with all"
            " their data, and create the schema again?",
            abort=True,
        )
    try:
        state.extension.init_schema(drop=drop)
    except SchemaError as e:
        raise click.ClickException(str(e)) from e
    if state.keeper is not None:
        click.echo(
            f"Note: {prefix}DATABASE is not set, so this is the app's in-memory"
            " database, which lasts only as long as this process.",
            err=True,
        )
    what = "Dropped everything and initialized" if drop else "Initialized"
    click.echo(f"{what} the database from {current_app.config[f'{prefix}SCHEMA']}.")
