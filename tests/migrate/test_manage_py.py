"""The ``flask-script`` fixer on manage.py files in the styles of 2013-2016
tutorials and projects (written for these tests): the stereotyped ones are
converted to Flask's CLI, everything else is refused with the hand step."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate._upgrade import upgrade_source


def up(text: str) -> tuple[str, list[str]]:
    legacy = "flask.ext" in text or "flaskext" in text
    result = upgrade_source(text, Targets("flask_"), legacy)
    ast.parse(result.text)
    again = upgrade_source(result.text, Targets("flask_"), False)
    assert again.text == result.text, "not idempotent"
    return result.text, [n.text for n in result.notes]


WRAPPER = '''\
def _script_command(name, function):
    """Register ``function`` as the command ``name``, run as Flask-Script
    ran a command: in a test request context, its return value the exit
    status (``sys.exit(result or 0)``)."""
    import functools

    other = app.cli.commands.get(name)
    if other is not None and not getattr(other, "from_manage_py", False):
        raise RuntimeError(
            "the app already has a command named %r (app.cli), which "
            "Flask-Script kept apart from this one: rename one" % name
        )

    @functools.wraps(function)
    def command():
        # A context of its own, popped before the exit: teardown handlers
        # see no error, as they did when Flask-Script ran the command.
        with app.app_context(), app.test_request_context():
            result = function()
        if result:
            raise SystemExit(result)

    app.cli.command(name)(command).from_manage_py = True
'''
#: What replaces ``manager.run()``: Flask's CLI on the same arguments, with
#: Flask-Script's default ``runserver`` kept.
MAIN = """\
    import os
    import sys

    from flask.cli import FlaskGroup

    # Flask-Script's Server: the same server is 'flask run' with these
    # options, in debug mode if Server was told so or app.debug is set.
    _servers = {
        "runserver": (app.debug, ["--without-threads"]),
    }
    if sys.argv[1:2] and sys.argv[1] in _servers:
        _debug, _options = _servers[sys.argv[1]]
        os.environ["FLASK_DEBUG"] = "1" if _debug else "0"
        sys.argv[1:2] = ["run"] + _options
    # Flask's CLI on this app, as 'python manage.py ARGS' ran Flask-Script:
    # no .env loading, app.debug as configured (FLASK_DEBUG for 'run').
    FlaskGroup(
        create_app=lambda: app,
        load_dotenv=False,
        set_debug_flag=sys.argv[1:2] == ["run"],
    ).main()
"""

BOOK = '''\
#!/usr/bin/env python
import os
from app import create_app, db
from app.models import User, Role
from flask.ext.script import Manager, Shell
from flask.ext.migrate import Migrate, MigrateCommand

app = create_app(os.getenv('FLASK_CONFIG') or 'default')
manager = Manager(app)
migrate = Migrate(app, db)


def make_shell_context():
    return dict(app=app, db=db, User=User, Role=Role)
manager.add_command("shell", Shell(make_context=make_shell_context))
manager.add_command('db', MigrateCommand)


@manager.command
def test():
    """Run the unit tests."""
    import unittest
    tests = unittest.TestLoader().discover('tests')
    unittest.TextTestRunner(verbosity=2).run(tests)


if __name__ == '__main__':
    manager.run()
'''
BOOK_CLI = (
    """\
#!/usr/bin/env python
import os
from app import create_app, db
from app.models import User, Role
from flask_migrate import Migrate

app = create_app(os.getenv('FLASK_CONFIG') or 'default')
migrate = Migrate(app, db)


@app.shell_context_processor
def make_shell_context():
    return dict(app=app, db=db, User=User, Role=Role)


"""
    + WRAPPER
    + '''

def test():
    """Run the unit tests."""
    import unittest
    tests = unittest.TestLoader().discover('tests')
    unittest.TextTestRunner(verbosity=2).run(tests)


_script_command("test", test)


if __name__ == '__main__':
'''
    + MAIN
)

CONVERTED = {
    "book style: shell context, migrate, test command": (BOOK, BOOK_CLI),
    "2013 flaskext style with runserver and a create_db command": (
        "from flaskext.script import Manager, Server\n"
        "from myapp import app, db\n\n"
        "manager = Manager(app)\n"
        "manager.add_command('runserver', Server())\n\n\n"
        "@manager.command\n"
        "def create_db():\n"
        "    db.create_all()\n\n\n"
        "if __name__ == '__main__':\n"
        "    manager.run()\n",
        # Blank lines left by deleted statements: two in a row at most.
        "from myapp import app, db\n\n\n" + WRAPPER + "\n\ndef create_db():\n"
        "    db.create_all()\n\n\n"
        '_script_command("create_db", create_db)\n\n\n'
        "if __name__ == '__main__':\n" + MAIN,
    ),
    "CRLF, flask_script spelled new style, decorated context function": (
        "from flask_script import Manager, Shell\r\n"
        "from flask_migrate import MigrateCommand, Migrate\r\n"
        "from project import app, db\r\n"
        "migrate = Migrate(app, db)\r\n"
        "manager = Manager(app)\r\n"
        "manager.add_command('db', MigrateCommand)\r\n\r\n"
        "def _context():\r\n"
        "    return {'db': db}\r\n\r\n"
        "manager.add_command('shell', Shell(make_context=_context))\r\n\r\n"
        "@manager.command\r\n"
        "def seed():\r\n"
        "    '''Seed the database.'''\r\n"
        "    db.session.add(object())\r\n"
        "    db.session.commit()\r\n"
        "\r\n"
        'if __name__ == "__main__":\r\n'
        "    manager.run()\r\n",
        (
            "from flask_migrate import Migrate\n"
            "from project import app, db\n"
            "migrate = Migrate(app, db)\n\n"
            "@app.shell_context_processor\n"
            "def _context():\n"
            "    return {'db': db}\n\n\n" + WRAPPER + "\n\ndef seed():\n"
            "    '''Seed the database.'''\n"
            "    db.session.add(object())\n"
            "    db.session.commit()\n\n\n"
            '_script_command("seed", seed)\n\n'
            'if __name__ == "__main__":\n' + MAIN
        ).replace("\n", "\r\n"),
    ),
    "cookiecutter style: app chosen in if/else, @manager.shell, exit status, urls": (
        "import os\n"
        "from flask_migrate import MigrateCommand\n"
        "from flask_script import Manager, Server\n"
        "from flask_script.commands import ShowUrls\n"
        "from project.app import create_app\n"
        "from project.settings import DevConfig, ProdConfig\n\n"
        "if os.environ.get('PROJECT_ENV') == 'prod':\n"
        "    app = create_app(ProdConfig)\n"
        "else:\n"
        "    app = create_app(DevConfig)\n"
        "manager = Manager(app)\n\n\n"
        "@manager.shell\n"
        "def _make_context():\n"
        "    return {'app': app}\n\n\n"
        "@manager.command\n"
        "def test():\n"
        "    import pytest\n"
        "    def unused():\n"
        "        return 3\n"
        "    exit_code = pytest.main(['tests', '--verbose'])\n"
        "    return exit_code\n\n\n"
        "manager.add_command('server', Server())\n"
        "manager.add_command('db', MigrateCommand)\n"
        "manager.add_command('urls', ShowUrls())\n\n"
        "if __name__ == '__main__':\n"
        "    manager.run()\n",
        "import os\n"
        "from project.app import create_app\n"
        "from project.settings import DevConfig, ProdConfig\n\n"
        "if os.environ.get('PROJECT_ENV') == 'prod':\n"
        "    app = create_app(ProdConfig)\n"
        "else:\n"
        "    app = create_app(DevConfig)\n\n\n"
        "@app.shell_context_processor\n"
        "def _make_context():\n"
        "    return {'app': app}\n\n\n" + WRAPPER + "\n\n"
        "def test():\n"
        "    import pytest\n"
        "    def unused():\n"
        "        return 3\n"
        "    exit_code = pytest.main(['tests', '--verbose'])\n"
        # Untouched: the wrapper exits with the value, as Flask-Script did.
        "    return exit_code\n\n\n"
        '_script_command("test", test)\n\n\n'
        "if __name__ == '__main__':\n"
        + MAIN.replace(
            '        "runserver"',
            '        "server": (app.debug, ["--without-threads"]),\n'
            '        "runserver"',
        ).replace(
            "    # Flask's CLI on",
            "    # Flask-Script's commands that Flask's CLI has under other names.\n"
            '    _renamed = {"urls": "routes"}\n'
            "    if sys.argv[1:2] and sys.argv[1] in _renamed:\n"
            "        sys.argv[1] = _renamed[sys.argv[1]]\n"
            "    # Flask's CLI on",
        ),
    ),
    "no main guard, commands only": (
        "from flask.ext.script import Manager\nfrom app import app\n"
        "manager = Manager(app)\n\n@manager.command\ndef hello():\n"
        "    print('hello')\n",
        "from app import app\n\n" + WRAPPER + "\n\ndef hello():\n"
        "    print('hello')\n\n\n"
        '_script_command("hello", hello)\n',
    ),
}


@pytest.mark.parametrize("case", CONVERTED, ids=list(CONVERTED))
def test_converts(case: str) -> None:
    """A stereotyped manage.py becomes Flask CLI code, with a note on how
    to run it."""
    before, after = CONVERTED[case]
    text, notes = up(before)
    assert text == after
    assert any("flask --app THIS_FILE COMMAND" in n for n in notes)


REFUSED = {
    "@manager.option with arguments": (
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\n\n"
        "@manager.option('-n', '--name', dest='name', default='admin')\n"
        "def create_user(name):\n    pass\n",
        "@manager.option on 'create_user'",
    ),
    "a command with parameters": (
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\n\n@manager.command\ndef add(email, admin=False):\n"
        "    pass\n",
        "takes parameters",
    ),
    "Server with an option flask run lacks": (
        "from flask_script import Manager, Server\nfrom app import app\n"
        "manager = Manager(app)\n"
        "manager.add_command('runserver', Server(host='0.0.0.0', processes=4))\n",
        "Server(...) options for 'runserver' that 'flask run' has no flag for",
    ),
    "Server with options from variables": (
        "from flask_script import Manager, Server\nfrom app import app\n"
        "PORT = 8000\nmanager = Manager(app)\n"
        "manager.add_command('runserver', Server(port=PORT))\n",
        "not written as literals",
    ),
    "Server with a positional option from a variable": (
        "from flask_script import Manager, Server\nfrom app import app\n"
        "HOST = '0.0.0.0'\nmanager = Manager(app)\n"
        "manager.add_command('runserver', Server(HOST))\n",
        "not written as literals",
    ),
    "Server with more positional arguments than it takes": (
        "from flask_script import Manager, Server\nfrom app import app\n"
        "manager = Manager(app)\nmanager.add_command('runserver',"
        " Server('h', 1, True, True, 1, False, False, None, None, 1, 2, 3, 4))\n",
        "Server(...) options for 'runserver'",
    ),
    "flask_script imported inside a try block": (
        "from app import app\ntry:\n    from flask_script import Manager\n"
        "except ImportError:\n    raise\nmanager = Manager(app)\n",
        "flask_script is imported inside a block",
    ),
    "a Manager that is not Flask-Script's": (
        "from flask_script import Server\nfrom app import Manager, app\n"
        "manager = Manager(app)\n",
        "no Manager is imported",
    ),
    "an app bound only inside a function": (
        "from flask_script import Manager\nfrom flask import Flask\n"
        "def setup():\n    app = Flask(__name__)\nmanager = Manager(app)\n",
        "'app' is not a module-level name",
    ),
    "a manager bound twice": (
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\n"
        "if DEBUG:\n    manager = None\n",
        "'manager' is bound more than once",
    ),
    "a command function bound twice": (
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\n"
        "@manager.command\ndef hello():\n    print('hi')\nhello = 1\n",
        "'hello' is bound more than once",
    ),
    "a shell context function with parameters": (
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\n"
        "@manager.shell\ndef ctx(x):\n    return {}\n",
        "the shell context function takes arguments",
    ),
    "add_command with keywords": (
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\n"
        "manager.add_command(name='x', command=None)\n",
        "add_command() with unusual arguments",
    ),
    "add_command with a command object from a variable": (
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\n"
        "manager.add_command('s', SERVER)\n",
        "adds a command this fixer cannot convert",
    ),
    "a Command subclass": (
        "from flask_script import Manager, Command\nfrom app import app\n"
        "manager = Manager(app)\n\nclass Hello(Command):\n"
        "    def run(self):\n        print('hi')\n\n"
        "manager.add_command('hello', Hello())\n",
        "subclasses Flask-Script's Command",
    ),
    "an application factory": (
        "from flask_script import Manager\nfrom app import create_app\n"
        "manager = Manager(create_app)\n"
        "manager.add_option('-c', '--config', dest='config', required=False)\n",
        "application factory",
    ),
    "an app imported under another name": (
        "from flask_script import Manager\nfrom app import make\n"
        "manager = Manager(make)\n",
        "not an application factory",
    ),
    "manager used elsewhere": (
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\nmanager.add_option('-c', dest='c')\n",
        "used in a way this fixer does not convert",
    ),
    "Shell with a banner": (
        "from flask_script import Manager, Shell\nfrom app import app\n"
        "manager = Manager(app)\ndef ctx():\n    return {}\n"
        "manager.add_command('shell', Shell(make_context=ctx, banner='hi'))\n",
        "Shell(...) other than",
    ),
    "MigrateCommand used elsewhere": (
        "from flask_script import Manager\nfrom flask_migrate import MigrateCommand\n"
        "from app import app\nmanager = Manager(app)\n"
        "manager.add_command('db', MigrateCommand)\nprint(MigrateCommand)\n",
        "MigrateCommand is used other than",
    ),
    "a sub-manager": (
        "from flask_script import Manager\nfrom app import app\n"
        "manager = Manager(app)\nusers = Manager(usage='users')\n"
        "manager.add_command('users', users)\n",
        "expected exactly one",
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_refuses(case: str) -> None:
    """Shapes that need judgement are refused, naming the hand step."""
    text, why = REFUSED[case]
    # A refusal leaves the conversion undone and is listed (the rest of the
    # file would still be upgraded).
    result = upgrade_source(text, Targets("flask_"), False)
    refused = [m.text for m in result.refused if "(flask-script)" in m.text]
    assert refused, result.text
    assert "Flask-Script manage.py not converted" in refused[0]
    assert why in refused[0]


def test_other_flask_script_users_get_a_note() -> None:
    """A module that uses Flask-Script without building a Manager (a
    commands module) is not a manage.py: left alone, with the hand step."""
    text = (
        "from flask_script import Command, Option\n\n\n"
        "class Hello(Command):\n    option_list = (Option('--name'),)\n"
    )
    new, notes = up(text)
    assert new == text
    assert notes == [
        "flask-script: uses Flask-Script, which does not import on Flask >= 2.0"
        " (flask._compat is gone): rewrite its commands with @app.cli.command()"
        " (click) by hand"
    ]


def test_server_options_become_a_flask_run_note() -> None:
    """Server(host, port, use_debugger=...) is removed, and the note gives
    the flask run command that starts the same server: in debug mode when
    use_debugger=True (Server ran app.run(debug=use_debugger)),
    single-threaded unless threaded=True."""
    text, notes = up(
        "from flask_script import Manager, Server\nfrom app import app\n"
        "manager = Manager(app)\n"
        "manager.add_command('runserver', Server('0.0.0.0', 8080,"
        " use_debugger=True, use_reloader=False))\n"
        "manager.add_command('serve', Server(threaded=True))\n"
    )
    assert text == "from app import app\n"
    assert (
        "flask-script: 'runserver' (Server) is 'flask --app THIS_FILE --debug run"
        " --host 0.0.0.0 --port 8080 --no-reload --without-threads' (--debug:"
        " Flask >= 2.2; FLASK_DEBUG=1 before) now"
    ) in notes
    assert "flask-script: 'serve' (Server) is 'flask --app THIS_FILE run'" in (notes[1])


def test_server_with_a_certificate_and_key_runs_with_tls() -> None:
    """Server(ssl_crt=..., ssl_key=...) served HTTPS: the note's flask run
    command passes both as --cert and --key."""
    text, notes = up(
        "from flask_script import Manager, Server\nfrom app import app\n"
        "manager = Manager(app)\n"
        "manager.add_command('runserver', Server(ssl_crt='c.pem', ssl_key='k.pem'))\n"
    )
    assert text == "from app import app\n"
    assert notes[0].startswith(
        "flask-script: 'runserver' (Server) is 'flask --app THIS_FILE run"
        " --without-threads --cert c.pem --key k.pem', plus --debug where"
    )


def test_upgrading_page_shows_the_real_conversion() -> None:
    """docs/upgrading.rst shows the walk-through's manage.py as the fixer
    converts it, so the page cannot drift from the code."""
    root = Path(__file__).resolve().parents[2]
    page = (root / "docs" / "upgrading.rst").read_text(encoding="utf-8")
    start = page.index("    from microblog import app, db\n")
    end = page.index("\n\n``python manage.py createdb``", start)
    shown = textwrap.dedent(page[start:end]) + "\n"
    legacy = root / "tests" / "walkthrough" / "legacy_app" / "manage.py"
    text, _ = up(legacy.read_text(encoding="utf-8"))
    assert text == "#!/usr/bin/env python\n\n" + shown
