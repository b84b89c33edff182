"""List the extensions that ``flask.ext`` can reach."""

from __future__ import annotations

import pkgutil

from ._redirect import locate

_NEW_PREFIX = "flask_"
_OWN_NAMES = frozenset({"ext_redirect"})


def extensions() -> dict[str, str]:
    """Every extension importable as ``flask.ext.<name>``, and the module
    each name resolves to, sorted by name.

    Both kinds are found: ``flask_<name>`` modules and packages on
    :data:`sys.path`, and modules of the legacy ``flaskext`` namespace.
    Nothing is imported but the ``flaskext`` package itself.

    For example ``{"oldext": "flaskext.oldext", "sqlite3": "flask_sqlite3"}``.
    """
    names = {
        info.name[len(_NEW_PREFIX) :]
        for info in pkgutil.iter_modules()
        if info.name.startswith(_NEW_PREFIX)
    }
    names.update(info.name for info in pkgutil.iter_modules(_flaskext_path()))
    found = {}
    for name in sorted(names - _OWN_NAMES):
        module = locate(name)
        if module is not None:
            found[name] = module
    return found


def _flaskext_path() -> list[str]:
    try:
        import flaskext
    except ModuleNotFoundError as e:
        if e.name != "flaskext":
            raise
        return []
    return list(flaskext.__path__)
