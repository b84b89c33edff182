"""Flask-Script's ``Server(...)`` command as ``flask run`` options.

``Server.__call__`` (Flask-Script 2.0.6 ``commands.py``) ran
``app.run(debug=use_debugger, use_debugger=use_debugger,
use_reloader=use_reloader, threaded=threaded, ...)``, with ``use_debugger``
defaulting to ``app.debug`` and ``use_reloader`` to ``use_debugger``.
``flask run`` takes the debugger and reloader defaults from the debug mode
(``--debug`` or ``FLASK_DEBUG``), so debug mode, not ``--debugger``, is
what ``use_debugger=True`` means: without it Flask handles an error itself
and the debugger never shows.
"""

from __future__ import annotations

import ast

#: ``Server.__init__`` parameters in order, with their defaults
#: (Flask-Script 2.0.6 ``commands.py``).
_SERVER_PARAMS: dict[str, object] = {
    "host": "127.0.0.1",
    "port": 5000,
    "use_debugger": None,
    "use_reloader": None,
    "threaded": False,
    "processes": 1,
    "passthrough_errors": False,
    "ssl_crt": None,
    "ssl_key": None,
}


def server_options(call: ast.Call) -> tuple[bool | None, list[str]] | None:
    """What ``Server(...)`` was given, as the debug mode it ran in (None:
    ``app.debug``, read when it starts) and the ``flask run`` options that
    start the same server; None when some argument has no literal
    equivalent.

    ``Server.__call__`` ran ``app.run(debug=use_debugger, ...)`` with
    ``use_debugger`` defaulting to ``app.debug`` and ``use_reloader`` to
    ``use_debugger``; ``flask run`` takes both defaults from the debug mode,
    which the ``__main__`` block sets through ``FLASK_DEBUG``. ``Server``
    ran single-threaded unless ``threaded=True``; ``flask run`` threads by
    default, hence ``--without-threads``.
    """
    given = dict(_SERVER_PARAMS)
    if len(call.args) > len(_SERVER_PARAMS):
        return None
    for name, arg in zip(_SERVER_PARAMS, call.args):
        if not isinstance(arg, ast.Constant):
            return None
        given[name] = arg.value
    for keyword in call.keywords:
        if (
            keyword.arg not in _SERVER_PARAMS
            or not isinstance(keyword.value, ast.Constant)
            or keyword.arg in list(_SERVER_PARAMS)[: len(call.args)]
        ):
            return None
        given[keyword.arg] = keyword.value.value
    host, port = given["host"], given["port"]
    debug, reload = given["use_debugger"], given["use_reloader"]
    crt, key = given["ssl_crt"], given["ssl_key"]
    if (
        not isinstance(host, str)
        or not _is_int(port)
        or given["processes"] != 1
        or given["passthrough_errors"] is not False
        or given["threaded"] not in (True, False)
        or debug not in (True, False, None)
        or reload not in (True, False, None)
        or not all(v is None or isinstance(v, str) for v in (crt, key))
    ):
        return None
    options = []
    if host != _SERVER_PARAMS["host"]:
        options += ["--host", host]
    if port != _SERVER_PARAMS["port"]:
        options += ["--port", str(port)]
    if reload is not None and reload is not debug:
        # Otherwise the reloader follows the debug mode in both.
        options.append("--reload" if reload else "--no-reload")
    if given["threaded"] is not True:
        options.append("--without-threads")
    if isinstance(crt, str) and isinstance(key, str):
        # Server used TLS only when given both.
        options += ["--cert", crt, "--key", key]
    assert debug is None or isinstance(debug, bool)
    return debug, options


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def server_note(name: str, debug: bool | None, options: list[str], main: bool) -> str:
    flags = "".join(f" {o}" for o in options)
    group = " --debug" if debug else ""
    command = f"'flask --app THIS_FILE{group} run{flags}'"
    if debug is None:
        command += (
            ", plus --debug where the app's DEBUG setting is true (Server "
            "followed app.debug; 'flask run' follows --debug or FLASK_DEBUG)"
        )
    elif debug:
        command += " (--debug: Flask >= 2.2; FLASK_DEBUG=1 before)"
    if main:
        return (
            f"'python manage.py {name}' still starts the same server (its "
            f"__main__ block runs 'flask run{flags}' in the debug mode Server "
            f"had); with the flask command: {command}"
        )
    return f"'{name}' (Server) is {command} now"
