"""What docs/sqlite3.rst and docs/deployment.rst say that their ``>>>``
examples cannot show, checked in real subprocesses: the page's example app
with the schema.sql it shows, ``flask sqlite3 init`` through ``FLASK_APP``
(every Flask) and ``--app`` (Flask 2.2+), ``flask shell`` losing uncommitted
writes, and worker processes forked from one app.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import clean_env
from conftest import ROOT

PAGE = ROOT / "docs" / "sqlite3.rst"


def _block(page: Path, caption: str) -> str:
    """The code block of ``page`` with ``:caption: <caption>``."""
    text = page.read_text(encoding="utf-8")
    match = re.search(
        rf"^\.\. code-block:: \w+\n {{4}}:caption: {re.escape(caption)}\n\n"
        rf"((?: {{4}}.*\n|\n)+)",
        text,
        re.M,
    )
    assert match is not None, caption
    return textwrap.dedent(match.group(1))


def _flask_version() -> tuple[int, ...]:
    from importlib.metadata import version

    return tuple(int(n) for n in re.findall(r"\d+", version("flask"))[:2])


def _run(
    args: list[str], cwd: Path, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=clean_env(**env),
        timeout=120,
    )


@pytest.fixture
def myapp(tmp_path: Path) -> Path:
    """The page's example package, myapp/__init__.py and myapp/schema.sql,
    written as the page shows them; returns the folder that holds it.
    """
    package = tmp_path / "myapp"
    package.mkdir()
    (package / "__init__.py").write_text(_block(PAGE, "myapp/__init__.py"))
    (package / "schema.sql").write_text(_block(PAGE, "myapp/schema.sql"))
    return tmp_path


SERVE_INDEX = """\
from myapp import create_app, db
app = create_app()
with app.app_context():
    db.connection.execute("INSERT INTO post (title) VALUES ('Hello')")
    db.connection.commit()
response = app.test_client().get("/")
print(response.status_code, response.get_data(as_text=True))
"""


def test_page_example_runs_with_its_schema_through_flask_app(myapp: Path) -> None:
    """``FLASK_APP=myapp flask sqlite3 init`` (the form for Flask 1.1-2.1,
    read by every Flask) creates the page's schema, and the page's app
    serves from it.
    """
    result = _run(["-m", "flask", "sqlite3", "init"], myapp, FLASK_APP="myapp")
    assert result.returncode == 0, result.stderr
    assert "Initialized the database from schema.sql." in result.stdout
    assert (myapp / "instance" / "app.sqlite").is_file()
    served = _run(["-c", SERVE_INDEX], myapp)
    assert served.stdout == "200 Hello\n", served.stderr


def test_app_option_is_flask_2_2_and_newer(myapp: Path) -> None:
    """``flask --app myapp sqlite3 init`` works from Flask 2.2 on; older
    Flask has no such option, as the page says.
    """
    result = _run(["-m", "flask", "--app", "myapp", "sqlite3", "init"], myapp)
    if _flask_version() >= (2, 2):
        assert result.returncode == 0, result.stderr
        assert "Initialized the database" in result.stdout
    else:
        assert result.returncode == 2
        assert "no such option: --app" in result.stderr.lower()


def test_flask_shell_rolls_back_what_was_not_committed(myapp: Path) -> None:
    """A write typed into ``flask shell`` is lost at exit unless committed."""
    init = _run(["-m", "flask", "sqlite3", "init"], myapp, FLASK_APP="myapp")
    assert init.returncode == 0, init.stderr
    insert = "db.connection.execute(\"INSERT INTO post (title) VALUES ('{}')\")\n"
    sessions = [
        "from myapp import db\n" + insert.format("not committed"),
        "from myapp import db\n"
        + insert.format("committed")
        + "db.connection.commit()\n",
    ]
    for typed in sessions:
        result = _run(["-m", "flask", "shell"], myapp, typed, FLASK_APP="myapp")
        assert result.returncode == 0, result.stderr
    titles = _run(
        [
            "-c",
            "import sqlite3; c = sqlite3.connect('instance/app.sqlite');"
            " print(c.execute('SELECT title FROM post').fetchall()); c.close()",
        ],
        myapp,
    )
    assert titles.stdout == "[('committed',)]\n", titles.stderr


FORKED_WORKERS = """\
import os, sys
from flask import Flask
from flask_sqlite3 import SQLite3

db = SQLite3()
app = Flask("myapp", instance_path=os.path.abspath("instance"))
if sys.argv[1] != "memory":
    app.config["SQLITE3_DATABASE"] = "app.sqlite"
db.init_app(app)                      # gunicorn --preload: in the master
with app.app_context():
    db.connection.executescript("CREATE TABLE post (title TEXT);")
pid = os.fork()                       # a worker
if pid == 0:
    with app.app_context():
        db.connection.execute("INSERT INTO post VALUES ('from a worker')")
        db.connection.commit()
    os._exit(0)
os.waitpid(pid, 0)
with app.app_context():
    print(db.connection.execute("SELECT count(*) FROM post").fetchone()[0])
"""


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork()")
@pytest.mark.parametrize(("database", "seen"), [("memory", "0"), ("file", "1")])
def test_forked_workers_share_a_file_not_the_in_memory_default(
    tmp_path: Path, database: str, seen: str
) -> None:
    """A worker forked from the app's process (gunicorn --preload) writes to
    a copy of the in-memory default that no other process sees, and to a
    file database that every process sees.
    """
    result = _run(["-c", FORKED_WORKERS, database], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{seen}\n"
