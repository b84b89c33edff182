"""The code the ``flask-script`` fixer writes into a converted ``manage.py``.

Two pieces keep a converted file doing what Flask-Script did (Flask-Script
2.0.6, ``flask_script/__init__.py`` and ``commands.py``):

- every command stays a plain function (``@manager.command`` returned the
  function itself, so other code may call it) and is registered through a
  wrapper that runs it as ``Command.__call__`` did, inside an
  ``app.test_request_context()`` with an application context of its own,
  and exits with its return value as ``Manager.run`` did
  (``sys.exit(result or 0)``) once those contexts are popped, so teardown
  handlers see a clean exit as they did (a ``SystemExit`` raised inside
  them made ``SQLALCHEMY_COMMIT_ON_TEARDOWN`` skip its commit); a command of the same
  name that the app already has on ``app.cli`` (registered elsewhere) is
  an error at import, not silently replaced;
- ``python manage.py ARGS`` runs Flask's CLI on the same arguments, with
  Flask-Script's ``runserver`` (``Server``), ``urls`` (``ShowUrls``) and
  the names ``Shell`` and ``MigrateCommand`` were added under mapped to the
  Flask commands that do the same.
"""

from __future__ import annotations

import json

#: Names the written code binds at module level; a module that binds one
#: of them itself is refused.
HELPER = "_script_command"
MAIN_NAMES = ("_servers", "_renamed", "_debug", "_options")
#: What the main block imports (name -> module, attribute): a module may
#: bind these names only by importing the same thing.
MAIN_IMPORTS: dict[str, tuple[str, str | None]] = {
    "os": ("os", None),
    "sys": ("sys", None),
    "FlaskGroup": ("flask.cli", "FlaskGroup"),
}

_HELPER_TEXT = '''\
def {helper}(name, function):
    """Register ``function`` as the command ``name``, run as Flask-Script
    ran a command: in a test request context, its return value the exit
    status (``sys.exit(result or 0)``)."""
    import functools

    other = {app}.cli.commands.get(name)
    if other is not None and not getattr(other, "from_manage_py", False):
        raise RuntimeError(
            "the app already has a command named %r (app.cli), which "
            "Flask-Script kept apart from this one: rename one" % name
        )

    @functools.wraps(function)
    def command():
        # A context of its own, popped before the exit: teardown handlers
        # see no error, as they did when Flask-Script ran the command.
        with {app}.app_context(), {app}.test_request_context():
            result = function()
        if result:
            raise SystemExit(result)

    {app}.cli.command(name)(command).from_manage_py = True
'''


def helper(app: str, newline: str) -> str:
    """The wrapper function, followed by two blank lines."""
    text = _HELPER_TEXT.format(helper=HELPER, app=app)
    return text.replace("\n", newline) + newline * 2


def register(name: str, function: str) -> str:
    """The statement registering ``function`` as the command ``name``."""
    return f"{HELPER}({json.dumps(name)}, {function})"


def main_block(
    app: str,
    servers: dict[str, tuple[bool | None, list[str]]],
    renamed: dict[str, str],
    indent: str,
    unit: str,
    newline: str,
) -> str:
    """The statements replacing ``manager.run()``, at ``indent``, without
    the final newline.

    :param servers: Server command name -> (debug mode if given, else None
        for ``app.debug``; the ``flask run`` options).
    :param renamed: Flask-Script command name -> Flask's name for it.
    :param unit: One level of indentation.
    """
    lines = ["import os", "import sys", "", "from flask.cli import FlaskGroup", ""]
    if servers:
        entries = [
            f"{unit}{json.dumps(name)}: "
            f"({f'{app}.debug' if debug is None else debug}, {json.dumps(options)}),"
            for name, (debug, options) in servers.items()
        ]
        lines += [
            "# Flask-Script's Server: the same server is 'flask run' with these",
            "# options, in debug mode if Server was told so or app.debug is set.",
            "_servers = {",
            *entries,
            "}",
            "if sys.argv[1:2] and sys.argv[1] in _servers:",
            f"{unit}_debug, _options = _servers[sys.argv[1]]",
            f'{unit}os.environ["FLASK_DEBUG"] = "1" if _debug else "0"',
            f'{unit}sys.argv[1:2] = ["run"] + _options',
        ]
    if renamed:
        pairs = ", ".join(
            f"{json.dumps(old)}: {json.dumps(new)}" for old, new in renamed.items()
        )
        lines += [
            "# Flask-Script's commands that Flask's CLI has under other names.",
            f"_renamed = {{{pairs}}}",
            "if sys.argv[1:2] and sys.argv[1] in _renamed:",
            f"{unit}sys.argv[1] = _renamed[sys.argv[1]]",
        ]
    lines += [
        "# Flask's CLI on this app, as 'python manage.py ARGS' ran Flask-Script:",
        "# no .env loading, app.debug as configured (FLASK_DEBUG for 'run').",
        "FlaskGroup(",
        f"{unit}create_app=lambda: {app},",
        f"{unit}load_dotenv=False,",
        f'{unit}set_debug_flag=sys.argv[1:2] == ["run"],',
        ").main()",
    ]
    return newline.join(f"{indent}{line}" if line else "" for line in lines)
