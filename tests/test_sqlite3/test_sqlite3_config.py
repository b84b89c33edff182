"""Every SQLITE3_* config key, its default and its effect."""

from __future__ import annotations

import datetime
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from flask import Flask

from flask_sqlite3 import ConfigChangedWarning
from flask_sqlite3 import SchemaExistsError
from flask_sqlite3 import SQLite3

from .helpers import make_app
from .helpers import OPENED
from .helpers import TrackedConnection


def registered(tmp_path: Path, **config: object) -> tuple[Flask, SQLite3]:
    db = SQLite3()
    app = make_app(tmp_path, **config)
    db.init_app(app)
    return app, db


def test_defaults_are_set_with_setdefault(tmp_path: Path) -> None:
    """init_app fills in every key it reads and keeps the ones that are set."""
    app, _ = registered(tmp_path, SQLITE3_TIMEOUT=1.5)
    assert app.config["SQLITE3_DATABASE"] is None
    assert app.config["SQLITE3_TIMEOUT"] == 1.5
    assert app.config["SQLITE3_DETECT_TYPES"] == 0
    assert app.config["SQLITE3_ROW_FACTORY"] is sqlite3.Row
    assert app.config["SQLITE3_PRAGMAS"] == {"foreign_keys": "ON"}
    assert app.config["SQLITE3_SCHEMA"] is None
    assert app.config["SQLITE3_ISOLATION_LEVEL"] == "DEFERRED"
    assert app.config["SQLITE3_AUTOCOMMIT"] is None
    assert app.config["SQLITE3_CHECK_SAME_THREAD"] is None
    assert app.config["SQLITE3_RECORD_QUERIES"] is False


def test_database_relative_to_instance_folder_which_is_created(tmp_path: Path) -> None:
    """A relative path lands in the instance folder, created on first use."""
    app, db = registered(tmp_path, SQLITE3_DATABASE="data/app.sqlite")
    instance = Path(app.instance_path)
    assert not instance.exists()
    with app.app_context():
        db.connection.execute("CREATE TABLE t (x)")
    assert (instance / "data" / "app.sqlite").is_file()


def test_database_absolute_path_and_pathlike(tmp_path: Path) -> None:
    target = tmp_path / "abs.sqlite"
    app, db = registered(tmp_path, SQLITE3_DATABASE=target)
    with app.app_context():
        db.connection.execute("CREATE TABLE t (x)")
    assert target.is_file()
    assert not Path(app.instance_path).exists()


def test_database_uri(tmp_path: Path) -> None:
    """A file: URI is passed to SQLite as a URI (here: read-only)."""
    target = tmp_path / "ro.sqlite"
    with sqlite3.connect(target) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    app, db = registered(tmp_path, SQLITE3_DATABASE=f"file:{target}?mode=ro")
    with app.app_context():
        assert db.connection.execute("SELECT count(*) FROM t").fetchone()[0] == 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.connection.execute("INSERT INTO t VALUES (1)")


def test_timeout_is_the_busy_timeout(tmp_path: Path) -> None:
    """SQLITE3_TIMEOUT (seconds) becomes SQLite's busy timeout."""
    app, db = registered(tmp_path, SQLITE3_TIMEOUT=0.25)
    with app.app_context():
        assert db.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 250
    app, db = registered(tmp_path)
    with app.app_context():
        assert db.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_detect_types_off_by_default(tmp_path: Path) -> None:
    """Without SQLITE3_DETECT_TYPES a TIMESTAMP column reads as text."""
    app, db = registered(tmp_path)
    with app.app_context():
        db.connection.execute("CREATE TABLE t (at TIMESTAMP)")
        db.connection.execute("INSERT INTO t VALUES ('2024-05-01 12:30:00')")
        assert db.connection.execute("SELECT at FROM t").fetchone()[0] == (
            "2024-05-01 12:30:00"
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01 12:30:00", datetime.datetime(2024, 5, 1, 12, 30)),
        ("2024-05-01 12:30:00.5", datetime.datetime(2024, 5, 1, 12, 30, 0, 500000)),
        (
            "2024-05-01T12:30:00.123456",
            datetime.datetime(2024, 5, 1, 12, 30, 0, 123456),
        ),
    ],
)
def test_detect_types_reads_timestamps_without_deprecated_converters(
    tmp_path: Path, text: str, expected: datetime.datetime
) -> None:
    """Opted in, DATE and TIMESTAMP columns convert, and round-trip, with no
    DeprecationWarning on Python 3.12+ (warnings are errors here).
    """
    app, db = registered(tmp_path, SQLITE3_DETECT_TYPES=sqlite3.PARSE_DECLTYPES)
    with app.app_context():
        conn = db.connection
        conn.execute("CREATE TABLE t (at TIMESTAMP, day DATE)")
        conn.execute("INSERT INTO t VALUES (?, '2024-05-01')", (text,))
        assert tuple(conn.execute("SELECT at, day FROM t").fetchone()) == (
            expected,
            datetime.date(2024, 5, 1),
        )
        conn.execute("DELETE FROM t")
        conn.execute("INSERT INTO t VALUES (?, ?)", (expected, expected.date()))
        assert tuple(conn.execute("SELECT at, day FROM t").fetchone()) == (
            expected,
            expected.date(),
        )


def test_detect_types_colnames(tmp_path: Path) -> None:
    app, db = registered(tmp_path, SQLITE3_DETECT_TYPES=sqlite3.PARSE_COLNAMES)
    with app.app_context():
        row = db.connection.execute(
            "SELECT '2024-05-01' AS \"d [date]\", '2024-05-01' AS plain"
        ).fetchone()
    assert tuple(row) == (datetime.date(2024, 5, 1), "2024-05-01")


def test_detect_types_keeps_converters_the_app_registered(tmp_path: Path) -> None:
    """A converter registered by the app itself is not replaced."""

    def mine(value: bytes) -> str:
        return "mine"

    sqlite3.register_converter("DATE", mine)
    try:
        app, db = registered(tmp_path, SQLITE3_DETECT_TYPES=sqlite3.PARSE_DECLTYPES)
        with app.app_context():
            db.connection.execute("CREATE TABLE t (d DATE)")
            db.connection.execute("INSERT INTO t VALUES ('2024-05-01')")
            assert db.connection.execute("SELECT d FROM t").fetchone()[0] == "mine"
    finally:
        from flask_sqlite3._types import convert_date

        sqlite3.register_converter("DATE", convert_date)


def test_row_factory_default_is_row(tmp_path: Path) -> None:
    app, db = registered(tmp_path)
    with app.app_context():
        row = db.connection.execute("SELECT 1 AS one").fetchone()
    assert row["one"] == 1
    assert isinstance(row, sqlite3.Row)


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (None, (1,)),
        (
            lambda cursor, row: {d[0]: v for d, v in zip(cursor.description, row)},
            {"one": 1},
        ),
    ],
)
def test_row_factory_configurable(
    tmp_path: Path, factory: object, expected: object
) -> None:
    app, db = registered(tmp_path, SQLITE3_ROW_FACTORY=factory)
    with app.app_context():
        assert db.connection.execute("SELECT 1 AS one").fetchone() == expected


def test_foreign_keys_on_by_default(app: Flask, db: SQLite3) -> None:
    """REFERENCES is enforced without any configuration."""
    with app.app_context():
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            db.connection.execute("INSERT INTO post (author_id, body) VALUES (42, 'x')")


def test_pragmas_add_to_the_default(tmp_path: Path) -> None:
    """WAL is one setting away, and foreign keys stay on."""
    app, db = registered(
        tmp_path,
        SQLITE3_DATABASE="wal.sqlite",
        SQLITE3_PRAGMAS={
            "journal_mode": "WAL",
            "synchronous": "NORMAL",
            "cache_size": -4000,
        },
    )
    with app.app_context():
        conn = db.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -4000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_pragmas_can_turn_foreign_keys_off(tmp_path: Path) -> None:
    app, db = registered(tmp_path, SQLITE3_PRAGMAS={"foreign_keys": False})
    with app.app_context():
        assert db.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 0


@pytest.mark.parametrize(
    "pragmas",
    [
        {"foreign_keys; DROP TABLE x": "ON"},
        {"journal_mode": "WAL; DROP TABLE x"},
        {"x": None},
    ],
)
def test_pragmas_refuse_anything_but_names_and_plain_values(
    tmp_path: Path, pragmas: dict[str, object]
) -> None:
    """Bad pragmas fail in init_app, not at the first request."""
    app = make_app(tmp_path, SQLITE3_PRAGMAS=pragmas)
    with pytest.raises(ValueError, match="SQLITE3_PRAGMAS"):
        SQLite3(app)


def test_config_changed_after_init_app_warns_and_has_no_effect(tmp_path: Path) -> None:
    """Settings are fixed when init_app runs; a key changed later has no
    effect, and the first connection says so with a warning naming it.
    """
    app, db = registered(tmp_path, SQLITE3_TIMEOUT=1)
    app.config["SQLITE3_TIMEOUT"] = 9
    with app.app_context():
        with pytest.warns(ConfigChangedWarning, match="SQLITE3_TIMEOUT changed"):
            connection = db.connection
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 1000


def test_unchanged_config_does_not_warn(tmp_path: Path) -> None:
    """The same values set again (config.from_object after init_app) are no
    change: no warning.
    """
    app, db = registered(tmp_path, SQLITE3_PRAGMAS={"journal_mode": "WAL"})
    app.config["SQLITE3_PRAGMAS"] = {"journal_mode": "WAL"}
    with app.app_context():
        db.connection  # noqa: B018 - filterwarnings=error fails on a warning


def test_failing_pragma_closes_the_new_connection(tmp_path: Path) -> None:
    """A pragma that fails (WAL needs a lock another connection holds) raises,
    and the half-made connection is closed, not leaked.
    """
    db = SQLite3(connection_class=TrackedConnection)
    app = make_app(
        tmp_path,
        SQLITE3_DATABASE="locked.sqlite",
        SQLITE3_TIMEOUT=0,
        SQLITE3_PRAGMAS={"journal_mode": "WAL"},
    )
    db.init_app(app)
    with app.app_context():
        holder = db.connection  # WAL now, and the lock below blocks the switch
        holder.execute("PRAGMA journal_mode = DELETE")
        holder.execute("BEGIN EXCLUSIVE")
        OPENED.clear()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            db.connect()
        assert len(OPENED) == 1
        assert OPENED[0].closed


def test_isolation_level_is_passed_to_the_connections(tmp_path: Path) -> None:
    """SQLITE3_ISOLATION_LEVEL reaches connection.isolation_level; None is
    SQLite's autocommit mode (no implicit BEGIN).
    """
    app, db = registered(tmp_path, SQLITE3_ISOLATION_LEVEL="immediate")
    with app.app_context():
        assert db.connection.isolation_level == "IMMEDIATE"
    app, db = registered(tmp_path, SQLITE3_ISOLATION_LEVEL=None)
    with app.app_context():
        db.connection.execute("CREATE TABLE t (x)")
        db.connection.execute("INSERT INTO t VALUES (1)")
        assert not db.connection.in_transaction


def test_bad_isolation_level_is_refused_at_init_app(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="SQLITE3_ISOLATION_LEVEL is 'sometimes'"):
        registered(tmp_path, SQLITE3_ISOLATION_LEVEL="sometimes")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="autocommit exists")
@pytest.mark.parametrize("value", [True, False])
def test_autocommit_before_python_312_is_refused(tmp_path: Path, value: bool) -> None:
    """On Python < 3.12 SQLITE3_AUTOCOMMIT = True/False is refused at
    init_app, saying why, rather than ignored.
    """
    with pytest.raises(RuntimeError, match="SQLITE3_AUTOCOMMIT.*Python 3.12"):
        registered(tmp_path, SQLITE3_AUTOCOMMIT=value)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="autocommit is 3.12+")
@pytest.mark.parametrize("value", [True, False])
def test_autocommit_teardown_and_transaction(tmp_path: Path, value: bool) -> None:
    """SQLITE3_AUTOCOMMIT reaches the connections; in either mode
    db.transaction() commits, and an uncommitted write is rolled back at
    teardown (commit()/rollback() do nothing with autocommit=True).
    """
    app, db = registered(
        tmp_path, SQLITE3_DATABASE="ac.sqlite", SQLITE3_AUTOCOMMIT=value
    )
    with app.app_context():
        assert db.connection.autocommit is value  # type: ignore[attr-defined]
        db.connection.execute("CREATE TABLE t (x)")
        with db.transaction() as conn:
            conn.execute("INSERT INTO t VALUES ('kept')")
        db.connection.execute("BEGIN" if value else "SELECT 1")
        db.connection.execute("INSERT INTO t VALUES ('lost')")
        assert db.connection.in_transaction
    with sqlite3.connect(Path(app.instance_path) / "ac.sqlite") as conn:
        assert conn.execute("SELECT x FROM t").fetchall() == [("kept",)]
    conn.close()


def test_check_same_thread_default_and_setting(tmp_path: Path) -> None:
    """By default the context's connection may be closed by another thread
    (async views) while db.connect() keeps Python's check; True or False
    applies to both.
    """

    def usable_elsewhere(connection: sqlite3.Connection) -> bool:
        errors: list[Exception] = []

        def use() -> None:
            try:
                connection.execute("SELECT 1")
            except sqlite3.ProgrammingError as e:
                errors.append(e)

        thread = threading.Thread(target=use)
        thread.start()
        thread.join()
        return not errors

    for setting, context, own in [
        (None, True, False),
        (True, False, False),
        (False, True, True),
    ]:
        app, db = registered(tmp_path, SQLITE3_CHECK_SAME_THREAD=setting)
        with app.app_context():
            assert usable_elsewhere(db.connection) is context
            conn = db.connect()
            try:
                assert usable_elsewhere(conn) is own
            finally:
                conn.close()


@pytest.mark.skipif(sys.version_info < (3, 12), reason="autocommit is 3.12+")
@pytest.mark.parametrize("value", [True, False])
def test_autocommit_init_schema_and_drop(
    tmp_path: Path, schema_file: Path, value: bool
) -> None:
    """init_schema() creates the tables, refuses a second time and drops
    with drop=True, whatever SQLITE3_AUTOCOMMIT says.
    """
    app, db = registered(
        tmp_path,
        SQLITE3_DATABASE="ac.sqlite",
        SQLITE3_AUTOCOMMIT=value,
        SQLITE3_SCHEMA=str(schema_file),
    )
    with app.app_context():
        db.init_schema()
        with pytest.raises(SchemaExistsError):
            db.init_schema()
        db.init_schema(drop=True)
    with sqlite3.connect(Path(app.instance_path) / "ac.sqlite") as conn:
        names = conn.execute("SELECT name FROM sqlite_master ORDER BY name")
        assert [r[0] for r in names] == ["author", "post"]
    conn.close()


@pytest.mark.parametrize("key", ["SQLITE3_CHECK_SAME_THREAD", "SQLITE3_AUTOCOMMIT"])
def test_bad_switch_value_is_refused_at_init_app(tmp_path: Path, key: str) -> None:
    """A string where True/False/None belongs is refused, not read as true."""
    with pytest.raises(ValueError, match=f"{key} is 'yes': use True, False or None"):
        registered(tmp_path, **{key: "yes"})


@pytest.mark.skipif(sys.version_info < (3, 12), reason="autocommit is 3.12+")
def test_autocommit_legacy_constant_is_the_default(tmp_path: Path) -> None:
    """sqlite3.LEGACY_TRANSACTION_CONTROL means what None means."""
    legacy = sqlite3.LEGACY_TRANSACTION_CONTROL  # type: ignore[attr-defined,unused-ignore]
    app, db = registered(tmp_path, SQLITE3_AUTOCOMMIT=legacy)
    with app.app_context():
        assert db.connection.autocommit == legacy  # type: ignore[attr-defined,unused-ignore]
