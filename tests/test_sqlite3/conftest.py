"""Fixtures for the flask_sqlite3 tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from flask_sqlite3 import SQLite3

from .helpers import make_app
from .helpers import OPENED
from .helpers import SCHEMA
from .helpers import TrackedConnection


@pytest.fixture(autouse=True)
def _forget_tracked() -> Iterator[None]:
    OPENED.clear()
    yield
    OPENED.clear()


@pytest.fixture
def db() -> SQLite3:
    """A fresh, unregistered extension object."""
    return SQLite3(connection_class=TrackedConnection)


@pytest.fixture
def schema_file(tmp_path: Path) -> Path:
    path = tmp_path / "schema.sql"
    path.write_text(SCHEMA)
    return path


@pytest.fixture
def app(tmp_path: Path, schema_file: Path, db: SQLite3) -> Flask:
    """An app registered with ``db``, in-memory default database, schema
    created.
    """
    app = make_app(tmp_path, SQLITE3_SCHEMA=str(schema_file))
    db.init_app(app)
    with app.app_context():
        db.init_schema()
    return app
