"""Converted manage.py files run for real: ``python manage.py COMMAND`` and
``flask --app manage.py COMMAND`` in subprocesses with Flask installed (this
venv's), against a real SQLite file, compared with what Flask-Script 2.0.6
did (``Manager.run``: ``sys.exit(result or 0)``; ``Command.__call__``: the
command inside ``app.test_request_context()``; ``Manager.command`` returns
the function itself). Flask-Script does not import on Flask >= 2.0, so its
documented behaviour is the reference."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import clean_env
from conftest import Venv

from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate import Unsafe
from flask_ext_redirect._migrate._fixers import fixers
from flask_ext_redirect._migrate._upgrade import upgrade_source

#: The interpreter that runs the converted files: this venv's, or one with
#: another Flask (``MANAGE_PY_PYTHON=/path/to/python``, e.g. Flask 1.1 or
#: 2.0, to check the written code there).
PYTHON = os.environ.get("MANAGE_PY_PYTHON") or sys.executable

HEAD = """\
import sqlite3

from flask import Flask, url_for
from flask_script import Manager, Server

app = Flask(__name__)
manager = Manager(app)
DB = "data.sqlite"


@app.route("/")
def index():
    return "home"


@app.route("/boom")
def boom():
    raise ZeroDivisionError("boom")
"""

COMMANDS = '''

@manager.command
def init_db():
    """Create the table."""
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
        return 0


@manager.command
def setup():
    """Everything a new checkout needs."""
    init_db()
    print("setup done")


@manager.command
def check():
    try:
        print("checking")
        return 0
    except:
        print("error branch")
        return 1


@manager.command
def status():
    return 3


@manager.command
def complain():
    return "cannot do that"


def link():
    return url_for("index", _external=True)


@manager.command
def show_link():
    print(link())


if __name__ == "__main__":
    manager.run()
'''


def convert(text: str) -> tuple[str, list[str]]:
    result = upgrade_source(text, Targets("flask_"), False)
    return result.text, [n.text for n in result.notes]


def run(
    root: Path, *args: str, how: str = "python"
) -> subprocess.CompletedProcess[str]:
    """``python manage.py ARGS``, or with ``how="flask"`` the flask command
    on the file (``FLASK_APP``: ``--app`` is Flask 2.2+)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    if how == "flask":
        env["FLASK_APP"] = "manage.py"
        args = ("-m", "flask", *args)
    else:
        args = ("manage.py", *args)
    return subprocess.run(
        [PYTHON, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def manage(tmp_path: Path) -> Path:
    text, _ = convert(HEAD + COMMANDS)
    (tmp_path / "manage.py").write_text(text, encoding="utf-8")
    return tmp_path


def rows(root: Path) -> list[tuple[int]]:
    conn = sqlite3.connect(root / "data.sqlite")
    try:
        return list(conn.execute("SELECT x FROM t"))
    finally:
        conn.close()


@pytest.mark.parametrize("how", ["python", "flask"])
def test_the_command_runs_and_commits(manage: Path, how: str) -> None:
    """'python manage.py init_db' runs the command (it was a silent exit-0
    no-op), and what it wrote in 'with conn:' before 'return 0' is
    committed (a SystemExit raised there rolled it back)."""
    done = run(manage, "init_db", how=how)
    assert done.returncode == 0, done.stderr
    assert rows(manage) == [(1,)]


@pytest.mark.parametrize("how", ["python", "flask"])
def test_a_command_calling_a_command_works(manage: Path, how: str) -> None:
    """setup() calls init_db(): it is still a plain function, not a click
    command that parses sys.argv."""
    done = run(manage, "setup", how=how)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "setup done\n"
    assert rows(manage) == [(1,)]


@pytest.mark.parametrize("how", ["python", "flask"])
def test_return_in_try_with_a_bare_except_takes_no_error_branch(
    manage: Path, how: str
) -> None:
    """'return 0' in 'try:' with a bare 'except:' returns; it does not
    raise into the handler."""
    done = run(manage, "check", how=how)
    assert (done.returncode, done.stdout) == (0, "checking\n"), done.stderr


@pytest.mark.parametrize(
    ("command", "code", "stderr"),
    [("status", 3, ""), ("complain", 1, "cannot do that\n"), ("init_db", 0, "")],
)
@pytest.mark.parametrize("how", ["python", "flask"])
def test_return_values_are_exit_statuses(
    manage: Path, command: str, code: int, stderr: str, how: str
) -> None:
    """A command's return value is the exit status, as sys.exit(result or
    0) made it: 3 is 3, a string is printed and exits 1."""
    done = run(manage, command, how=how)
    assert done.returncode == code, done.stderr
    assert done.stderr == stderr


def test_a_helper_needing_a_request_context_works(manage: Path) -> None:
    """A helper the command calls uses url_for(..., _external=True): the
    command runs in a test request context, as Flask-Script's did."""
    done = run(manage, "show_link")
    assert (done.returncode, done.stdout) == (0, "http://localhost/\n"), done.stderr


def test_unknown_commands_fail_loudly(manage: Path) -> None:
    """'python manage.py nosuch' exits 2 with a message, as argparse made
    Flask-Script do; it is not a silent success."""
    done = run(manage, "nosuch")
    assert done.returncode == 2
    assert "nosuch" in done.stderr


def test_help_lists_the_commands_with_their_docstrings(manage: Path) -> None:
    """'python manage.py --help' lists the commands by the names they had."""
    done = run(manage, "--help")
    assert done.returncode == 0, done.stderr
    assert re.search(r"\n  init_db +Create the table\.\n", done.stdout)
    assert "show_link" in done.stdout


@pytest.mark.parametrize(
    "guard",
    [
        "if __name__ == '__main__': manager.run()\n",
        "if __name__ == '__main__':\n  print('configured')\n  manager.run()\n"
        "  print('never: Manager.run() exits')\n",
    ],
    ids=["one line", "statements around"],
)
def test_main_blocks_of_other_shapes(tmp_path: Path, guard: str) -> None:
    """The __main__ block on one line, or with statements before and after
    manager.run(): what ran before still runs, what never ran still does
    not, and the command runs."""
    source = (
        "from flask import Flask\nfrom flask_script import Manager\n"
        "app = Flask(__name__)\nmanager = Manager(app)\n\n"
        "@manager.command  # says hi\ndef hi():\n    print('hi')\n\n" + guard
    )
    text, _ = convert(source)
    assert "# says hi\ndef hi():" in text
    (tmp_path / "manage.py").write_text(text, encoding="utf-8")
    done = run(tmp_path, "hi")
    expected = "hi\n" if "configured" not in guard else "configured\nhi\n"
    assert (done.returncode, done.stdout) == (0, expected), done.stderr


def test_a_command_the_app_already_has_is_an_error(tmp_path: Path) -> None:
    """The app's own module registers 'init_db' on app.cli too: Flask-Script
    kept the two apart; the converted file says so at import instead of
    replacing one with the other."""
    (tmp_path / "app.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\n\n"
        "@app.cli.command('init_db')\ndef init_db():\n    print('app')\n",
        encoding="utf-8",
    )
    text, _ = convert(
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\n\n@manager.command\ndef init_db():\n"
        "    print('manage.py')\n\nif __name__ == '__main__':\n    manager.run()\n"
    )
    (tmp_path / "manage.py").write_text(text, encoding="utf-8")
    done = run(tmp_path, "init_db")
    assert done.returncode == 1
    assert "the app already has a command named 'init_db'" in done.stderr


def test_renamed_commands_run_flasks(tmp_path: Path) -> None:
    """Shell and ShowUrls added under other names ('console', 'urls') run
    'flask shell' (with the context function's names) and 'flask routes';
    MigrateCommand under 'migrate' is 'flask db' (Flask-Migrate's plugin,
    not installed here: the mapping and the note are checked)."""
    source = HEAD + (
        "from flask_script.commands import ShowUrls\n"
        "from flask_script import Shell\n"
        "from flask_migrate import MigrateCommand\n\n"
        "def context():\n    return {'answer': 42}\n\n"
        "manager.add_command('console', Shell(make_context=context))\n"
        "manager.add_command('urls', ShowUrls())\n"
        "manager.add_command('migrate', MigrateCommand)\n\n"
        "if __name__ == '__main__':\n    manager.run()\n"
    )
    text, notes = convert(source)
    assert '_renamed = {"console": "shell", "urls": "routes", "migrate": "db"}' in text
    assert (
        "flask-script: 'migrate' (MigrateCommand) is 'flask --app THIS_FILE db' now"
        in notes
    )
    assert (
        "flask-script: 'console' (Shell) is 'flask --app THIS_FILE shell' now" in notes
    )
    (tmp_path / "manage.py").write_text(
        text.replace("from flask_migrate import MigrateCommand\n", ""), encoding="utf-8"
    )
    urls = run(tmp_path, "urls")
    assert urls.returncode == 0, urls.stderr
    assert "index" in urls.stdout and "/boom" in urls.stdout
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    shell = subprocess.run(
        [PYTHON, "manage.py", "console"],
        cwd=tmp_path,
        env=env,
        input="print(answer * 2)\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shell.returncode == 0, shell.stderr
    assert "84" in shell.stdout + shell.stderr


@pytest.mark.parametrize("how", ["python", "flask"])
def test_teardown_sees_a_clean_exit_whatever_the_status(
    tmp_path: Path, how: str
) -> None:
    """Flask-Script popped the command's context before sys.exit(): a
    teardown_appcontext that commits only without an error (as
    SQLALCHEMY_COMMIT_ON_TEARDOWN did) commits, also for 'return 3'."""
    source = (
        "import sqlite3\nfrom flask import Flask, g\nfrom flask_script import Manager\n"
        "app = Flask(__name__)\nmanager = Manager(app)\n\n"
        "@app.teardown_appcontext\ndef finish(exc):\n"
        "    conn = g.pop('conn', None)\n"
        "    if conn is not None:\n"
        "        if exc is None:\n            conn.commit()\n"
        "        conn.close()\n\n"
        "@manager.command\ndef add():\n"
        "    g.conn = sqlite3.connect('data.sqlite')\n"
        "    g.conn.execute('CREATE TABLE IF NOT EXISTS t (x)')\n"
        "    g.conn.execute('INSERT INTO t VALUES (1)')\n"
        "    return 3\n\n"
        "if __name__ == '__main__':\n    manager.run()\n"
    )
    text, _ = convert(source)
    (tmp_path / "manage.py").write_text(text, encoding="utf-8")
    done = run(tmp_path, "add", how=how)
    assert done.returncode == 3, done.stderr
    assert rows(tmp_path) == [(1,)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as page:
            return page.status, page.read().decode()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.read().decode()


def _serve(root: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    return subprocess.Popen(
        [PYTHON, "manage.py", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # The reloader's child serves: stop the whole group.
        start_new_session=True,
    )


def _wait(url: str, server: subprocess.Popen[str]) -> None:
    for _ in range(600):  # up to a minute on a busy machine
        if server.poll() is not None:
            out = server.stdout.read() if server.stdout else ""
            pytest.fail(f"the server exited {server.returncode}: {out}")
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the server did not start")


@pytest.mark.parametrize(
    ("server", "debugger"),
    [
        ("Server(use_debugger=True, use_reloader=False)", True),
        ("Server(use_debugger=True)", True),  # and the reloader, as before
        ("Server()", False),
    ],
)
def test_runserver_starts_the_same_server(
    tmp_path: Path, server: str, debugger: bool
) -> None:
    """'python manage.py runserver --port N' (a Procfile line) starts the
    server; with Server(use_debugger=True) an error shows the debugger, as
    app.run(debug=True) did, and without it a plain 500."""
    source = (
        HEAD + f"manager.add_command('runserver', {server})\n\n"
        "if __name__ == '__main__':\n    manager.run()\n"
    )
    text, _ = convert(source)
    (tmp_path / "manage.py").write_text(text, encoding="utf-8")
    port = _free_port()
    proc = _serve(tmp_path, "runserver", "--port", str(port))
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/", proc)
        assert _get(base + "/") == (200, "home")
        code, body = _get(base + "/boom")
        assert code == 500
        assert ("Werkzeug Debugger" in body) is debugger, body[:300]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=10)


REFUSED = {
    "a command named like flask run": (
        "@manager.command\ndef run():\n    pass\n",
        "command 'run' has the name of Flask's own 'flask run'",
        2,
    ),
    "a command named like flask shell": (
        "@manager.command\ndef shell():\n    pass\n",
        "Flask's own 'flask shell'",
        2,
    ),
    "a command named like flask routes": (
        "@manager.command\ndef routes():\n    pass\n",
        "Flask's own 'flask routes'",
        2,
    ),
    "a command named like Flask-Migrate's flask db": (
        "@manager.command\ndef db():\n    pass\n",
        "Flask-Migrate's 'flask db'",
        2,
    ),
    "Server added as shell": (
        "manager.add_command('shell', Server())\n",
        "Flask's own 'flask shell'",
        1,
    ),
    "a command with *args": (
        "@manager.command\ndef tail(*args):\n    pass\n",
        "command 'tail' takes parameters",
        2,
    ),
    "a command with another decorator": (
        "import functools\n\n@manager.command\n@functools.lru_cache()\n"
        "def cached():\n    pass\n",
        "command 'cached' has other decorators",
        5,
    ),
    "a name given twice": (
        "@manager.command\ndef urls():\n    pass\n\n"
        "from flask_script.commands import ShowUrls\n"
        "manager.add_command('urls', ShowUrls())\n",
        "command 'urls' is defined twice",
        6,
    ),
    "two shells": (
        "from flask_script import Shell\n\n@manager.shell\ndef one():\n"
        "    return {}\n\ndef two():\n    return {}\n\n"
        "manager.add_command('shell', Shell(make_context=two))\n",
        "command 'shell' is defined twice",
        10,
    ),
    "a prompt helper": (
        "from flask_script import prompt_bool\n\n@manager.command\n"
        "def drop():\n    if prompt_bool('Sure'):\n        pass\n",
        "'prompt_bool' from flask_script is used",
        5,
    ),
    "the app has click commands already": (
        "@app.cli.command()\ndef other():\n    pass\n\n"
        "@manager.command\ndef mine():\n    pass\n",
        "'app.cli' already has commands here",
        1,
    ),
    "a module-level name the wrapper needs": (
        "_script_command = None\n\n@manager.command\ndef mine():\n    pass\n",
        "'_script_command' is bound here",
        1,
    ),
    "a module-level name the main block needs": (
        "_servers = []\n\nif __name__ == '__main__':\n    manager.run()\n",
        "'_servers' is bound here",
        1,
    ),
    "sys bound to something else": (
        "sys = None\n\nif __name__ == '__main__':\n    manager.run()\n",
        "'sys' is bound to something other than sys, which the __main__ block",
        1,
    ),
    "FlaskGroup from elsewhere": (
        "from myproject.cli import FlaskGroup\n\n"
        "if __name__ == '__main__':\n    manager.run()\n",
        "'FlaskGroup' is bound to something other than flask.cli.FlaskGroup",
        1,
    ),
    "manager.run with a default command": (
        "if __name__ == '__main__':\n    manager.run(default_command='runserver')\n",
        "'manager' is used in a way this fixer does not convert",
        2,
    ),
    "a command starting the server with app.run()": (
        "@manager.command\ndef serve():\n    app.run(port=8000)\n",
        "'app.run()' in a function: under Flask's CLI it does nothing",
        3,
    ),
    "app bound again after Manager(app)": (
        "app = Flask('other')\n",
        "'app' is bound again after Manager(app)",
        1,
    ),
    "an async command": (
        "@manager.command\nasync def fetch():\n    pass\n",
        "'manager' is used in a way this fixer does not convert",
        1,
    ),
    "a sub-manager": (
        "db_manager = Manager(usage='db')\nmanager.add_command('dbm', db_manager)\n",
        "expected exactly one",
        0,
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_refuses_what_it_cannot_prove_the_same(case: str) -> None:
    """Each shape whose meaning would change is refused, with the reason
    and the line."""
    tail, why, line = REFUSED[case]
    with pytest.raises(Unsafe) as info:
        convert(HEAD + "\n" + tail)
    assert why in info.value.text
    # ``line`` counts from the first line of ``tail`` (0: the whole file).
    assert info.value.line == (line and len(HEAD.splitlines()) + 1 + line)


def test_refuses_the_name_of_an_installed_flask_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 'flask.commands' entry point installed where migrate runs (as
    Flask-Assets registers 'assets') takes the command's name: refused."""
    dist = tmp_path / "flask_assets_like-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: flask-assets-like\nVersion: 1.0\n",
        encoding="utf-8",
    )
    (dist / "entry_points.txt").write_text(
        "[flask.commands]\nassets = flask_assets_like:cli\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    # Every fixer registered (in order) before one is imported by name: an
    # import of a fixer module first would leave fixers() with that one only.
    fixers()
    from flask_ext_redirect._migrate._fixers.flask_script import _installed_plugins

    _installed_plugins.cache_clear()
    try:
        with pytest.raises(Unsafe) as info:
            convert(HEAD + "\n@manager.command\ndef assets():\n    pass\n")
    finally:
        _installed_plugins.cache_clear()
    # The distribution's name (Python 3.10+) or the entry point's target.
    assert re.search(
        r"the installed (flask-assets-like|flask_assets_like:cli)'s 'flask assets'",
        info.value.text,
    )


def test_server_use_debugger_is_debug_mode_in_the_note() -> None:
    """Server(use_debugger=True) ran app.run(debug=True): the note says
    'flask --debug run', not 'flask run --debugger' (no debugger without
    debug mode)."""
    _, notes = convert(
        HEAD + "manager.add_command('runserver', Server('0.0.0.0', 8080,"
        " use_debugger=True, use_reloader=False))\n"
    )
    note = next(n for n in notes if "runserver" in n)
    assert "'flask --app THIS_FILE --debug run --host 0.0.0.0 --port 8080" in note
    assert "--debugger" not in note


@pytest.mark.venv
def test_flask_migrate_2_test_apps_run_after_conversion(
    make_venv: Callable[..., Venv], tmp_path: Path
) -> None:
    """Real code nobody here wrote: Flask-Migrate 2.0.0's test applications
    (Flask-Script managers with MigrateCommand, from its sdist), converted
    and run as its own tests ran them, 'python app.py db init/migrate/
    upgrade', on Flask 3.1 with Flask-Migrate 4 and Flask-SQLAlchemy 3: the
    migration creates the table in the SQLite file."""
    venv = make_venv("flask-migrate")
    venv.pip("install", "Flask>=3.1,<3.2", "Flask-Migrate>=4", "Flask-SQLAlchemy>=3.1")
    venv.pip(
        "download",
        "--no-deps",
        "--no-binary",
        ":all:",
        "-d",
        str(tmp_path),
        "Flask-Migrate==2.0.0",
    )
    with tarfile.open(tmp_path / "Flask-Migrate-2.0.0.tar.gz") as sdist:
        member = sdist.extractfile("Flask-Migrate-2.0.0/tests/app.py")
        assert member is not None
        original = member.read().decode("utf-8")
    assert "manager.add_command('db', MigrateCommand)" in original
    text, notes = convert(original)
    assert "flask_script" not in text and "MigrateCommand" not in text
    root = tmp_path / "app"
    root.mkdir()
    (root / "app.py").write_text(text, encoding="utf-8")
    for step in (["init"], ["migrate"], ["upgrade"]):
        done = subprocess.run(
            [str(venv.python), "app.py", "db", *step],
            cwd=root,
            env=clean_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(next(root.rglob("app.db")))
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert {"user", "alembic_version"} <= tables
