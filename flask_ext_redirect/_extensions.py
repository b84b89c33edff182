"""Listing what ``flask.ext`` reaches: :func:`flask_ext_redirect.extensions`
and ``dir(flask.ext)``.  Loaded when first asked, not with the redirect.
"""

from __future__ import annotations

import sys

from ._names import EXT_PACKAGE
from ._names import locate


def extensions() -> dict[str, str]:
    """Every extension importable as ``flask.ext.<name>``, and the module
    each name resolves to, sorted by name.

    Both kinds are found: ``flask_<name>`` modules and packages (PEP 420
    namespace packages too), and modules of the legacy ``flaskext``
    namespace, for example ``{"oldext": "flaskext.oldext", "sqlite3":
    "flask_sqlite3"}``.  Names are gathered from :data:`sys.path`, from the
    finders on :data:`sys.meta_path` that can list modules (``iter_modules``)
    and from every installed distribution's ``top_level.txt`` or ``RECORD``
    (setuptools' editable installs serve their modules by a finder of their
    own); each is then looked up as an import would.  Nothing is imported
    but the ``flaskext`` package itself, whose errors propagate
    (``dir(flask.ext)`` leaves those names out instead).
    """
    return found_extensions(strict=True)


def dir_of_ext_package() -> list[str]:
    """``dir(flask.ext)``: its attributes and every reachable extension.
    Never raises: what cannot be looked up is left out.
    """
    names = set(vars(sys.modules[EXT_PACKAGE]))
    try:
        names.update(found_extensions(strict=False))
    except Exception:  # pragma: no cover - found_extensions(strict=False) catches
        pass
    return sorted(names)


def found_extensions(strict: bool) -> dict[str, str]:
    """What :func:`flask_ext_redirect.extensions` returns.  ``strict``: let
    errors of the ``flaskext`` package and of lookups propagate; otherwise
    leave those names out.
    """
    new, old = _listed_names()
    try:
        old.update(_iter_module_names(_flaskext_path()))
    except Exception:
        if strict:
            raise
    names = {name[len("flask_") :] for name in new if name.startswith("flask_")}
    names.update(old)
    found = {}
    for name in sorted(names):
        try:
            module = locate(name)
        except Exception:
            if strict:
                raise
            continue
        if module is not None:
            found[name] = module
    return found


def _listed_names() -> tuple[set[str], set[str]]:
    """Top-level module names, and names in the ``flaskext`` namespace,
    that anything installed may serve (candidates, checked by the caller).
    """
    import os

    top = set(_iter_module_names(None))
    for entry in sys.path:
        # PEP 420 namespace packages: directories without __init__.py, which
        # pkgutil.iter_modules() leaves out.
        try:
            with os.scandir(entry or ".") as it:
                top.update(e.name for e in it if e.name.startswith("flask_"))
        except (OSError, TypeError):
            continue
    old: set[str] = set()
    for top_name, child in _distribution_names():
        if child is None:
            top.add(top_name)
        elif top_name == "flaskext":
            old.add(child)
    return top, old


def _distribution_names() -> set[tuple[str, str | None]]:
    """``(top, None)`` for each top-level name an installed distribution
    declares, ``(top, child)`` for what it installs in a package ``top``.
    """
    from importlib import metadata

    found: set[tuple[str, str | None]] = set()
    for dist in metadata.distributions():
        try:
            top_level = dist.read_text("top_level.txt")
            files = dist.files if top_level is None or "flaskext" in top_level else ()
        except Exception:  # unreadable metadata: not ours to report
            continue
        for line in (top_level or "").split():
            found.add((line, None))
        for file in files or ():
            parts = file.parts
            name = parts[0].rpartition(".py")[0] if len(parts) == 1 else parts[0]
            if name:
                found.add((name, None))
            if len(parts) > 1 and parts[0] == "flaskext":
                child = parts[1]
                child = child.rpartition(".py")[0] if len(parts) == 2 else child
                if child:
                    found.add(("flaskext", child))
    return found


def _iter_module_names(path: list[str] | None) -> list[str]:
    """What pkgutil.iter_modules(path) lists (for ``None``: the finders on
    sys.meta_path that have ``iter_modules()``, then sys.path), skipping any
    finder whose listing fails: a listing is a hint, each name is checked.
    """
    import pkgutil

    importers: list[object]
    if path is None:
        importers = list(pkgutil.iter_importers())
    else:
        importers = [pkgutil.get_importer(entry) for entry in path]
    names: list[str] = []
    for importer in importers:
        try:
            names.extend(name for name, _ in pkgutil.iter_importer_modules(importer))  # type: ignore[attr-defined]
        except Exception:
            continue
    return names


def _flaskext_path() -> list[str]:
    try:
        __import__("flaskext")
    except ModuleNotFoundError as e:
        if e.name != "flaskext":
            raise
        return []
    return list(sys.modules["flaskext"].__path__)
