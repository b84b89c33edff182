"""What a legacy import that fails undoes, and what one that finds nothing
says.  Loaded on first use, by the loader (:mod:`flask_ext_redirect._redirect`): imports
that succeed never need it.
"""

from __future__ import annotations

import sys

from ._names import is_self_or_parent
from ._names import PREFIXES


def forget_aliases_of(target: str) -> None:
    """Undo what a failed import of ``target`` left behind under alias names.

    An extension can import itself through ``flask.ext`` before it fails
    (``import flask.ext.broken.b`` in ``flask_broken/__init__.py``): those
    nested imports registered aliases of a module that is now dead.  They are
    removed, with their attributes on their parents, so that the next import
    of the alias runs the extension again and fails again, as it should.
    """
    for alias, module in list(sys.modules.items()):
        if not alias.startswith(PREFIXES):
            continue
        real = getattr(module, "__name__", alias)
        if real != alias and is_self_or_parent(target, real):
            del sys.modules[alias]
            parent_name, _, child = alias.rpartition(".")
            parent = sys.modules.get(parent_name)
            if parent is not None and getattr(parent, child, None) is module:
                delattr(parent, child)


def missing_message(fullname: str, names: tuple[str, ...]) -> str:
    """The "No module named" message for ``fullname``, naming where the
    redirect looked (``names``) and what to install.
    """
    ext = fullname.rpartition(".")[2]
    looked_in = " and ".join(repr(name) for name in names)
    return (
        f"No module named {fullname!r}: Flask-Ext-Redirect looked for"
        f" {looked_in} and found neither. Install the extension that"
        f" provides it, for example 'pip install Flask-{ext.capitalize()}'."
    )


def raise_if_imported(fullname: str, names: tuple[str, ...]) -> None:
    """Raise :exc:`ModuleNotFoundError` saying where the redirect looked
    (``names``) when the finder was asked by an import; return when asked by
    :func:`importlib.util.find_spec`, which answers ``None``.
    """
    if _called_by_import():
        raise ModuleNotFoundError(missing_message(fullname, names), name=fullname)


def _called_by_import() -> bool:
    # Whether the finder was called by an import (importlib's
    # ``_find_and_load_unlocked``), not by importlib.util.find_spec().
    frame = sys._getframe(1)
    while frame.f_globals.get("__name__") in _OWN_FRAMES:
        frame = frame.f_back  # type: ignore[assignment]
    outer = frame.f_back
    return (
        frame.f_code.co_name == "_find_spec"
        and outer is not None
        and outer.f_code.co_name == "_find_and_load_unlocked"
    )


# The modules between the import system and _called_by_import().
_OWN_FRAMES = (__name__, "flask_ext_redirect._redirect", "_flask_ext_redirect_startup")
