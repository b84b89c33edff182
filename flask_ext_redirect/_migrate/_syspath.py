"""The application's view of :data:`sys.path`, for choosing targets.

``migrate`` rewrites each legacy name to the module it resolves to for the
application, so it must look where the application's imports look.  Python
puts a first entry on :data:`sys.path` that depends on how a command was
started: the ``bin`` folder of the ``flask-ext-redirect`` script, the working
directory for ``python -m flask_ext_redirect``.  Neither is the
application's: an application runs from its own folder, the one that holds
its top-level modules and packages (``python app.py``, ``flask --app``,
``gunicorn --chdir``).  So that entry is replaced, for the run, by the
import root of each path being migrated: the first folder at or above it
that is not a package, the rule Flask's CLI uses to import ``--app``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager


def import_root(path: str) -> str:
    """The folder that must be on :data:`sys.path` to import ``path``: its
    folder (a folder itself for a folder), then out of every package
    (a folder with ``__init__.py``) that contains it.

    :param path: A file or folder being migrated.
    """
    folder = os.path.abspath(path)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        parent = os.path.dirname(folder)
        if parent == folder:  # pragma: no cover - a package at /
            break
        folder = parent
    return folder


def _launch_entry() -> bool:
    """Whether Python put the script's folder or the working directory
    first on :data:`sys.path` (not under ``-P`` or ``-I``)."""
    return not (sys.flags.isolated or getattr(sys.flags, "safe_path", False))


@contextmanager
def application_path(paths: Sequence[str]) -> Iterator[None]:
    """Within the block, :data:`sys.path` starts with the import roots of
    ``paths`` in place of the entry the command was started with.

    :param paths: The files and folders given to ``migrate``.
    """
    saved = sys.path[:]
    roots = list(dict.fromkeys(import_root(p) for p in paths))
    rest = sys.path[1:] if _launch_entry() and sys.path else sys.path[:]
    sys.path[:] = roots + [p for p in rest if p not in roots]
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path[:] = saved
        importlib.invalidate_caches()
