"""Find an application's Jinja template folders from its code: the
``template_folder`` of each ``Flask(...)`` (``templates`` by default) and
``Blueprint(...)`` call, resolved against the calling file's folder as
Flask resolves it against the module's root path."""

from __future__ import annotations

import ast
import os
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence

__all__ = ["TEMPLATE_SUFFIXES", "python_files", "template_files", "template_folders"]

#: Files in a template folder that are read as templates.
TEMPLATE_SUFFIXES = (".html", ".htm", ".xml", ".jinja", ".jinja2", ".j2", ".txt")
_SKIP_DIRS = frozenset({"build", "node_modules", "__pycache__", "site-packages"})


def python_files(paths: Sequence[str]) -> Iterator[str]:
    for path in paths:
        if os.path.isfile(path):
            if path.endswith(".py"):
                yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".")
                and d not in _SKIP_DIRS
                and not os.path.exists(os.path.join(folder, d, "pyvenv.cfg"))
            )
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.join(folder, name)


def _folders_in(path: str) -> Iterator[str]:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return
    if b"Flask(" not in data and b"Blueprint(" not in data:
        return
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError):
        return  # Python 2 code: doctor reports it elsewhere
    here = os.path.dirname(path)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in ("Flask", "Blueprint"):
            continue
        folder: str | None = "templates" if name == "Flask" else None
        for keyword in node.keywords:
            if keyword.arg == "template_folder":
                value = keyword.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    folder = value.value
                else:
                    folder = None  # computed: not known statically
        if folder is not None:
            yield os.path.normpath(os.path.join(here, folder))


def template_folders(paths: Sequence[str], given: Sequence[str] = ()) -> list[str]:
    """The template folders the code under ``paths`` names that exist, and
    the folders ``given`` explicitly, each once."""
    found: dict[str, str] = {}
    for path in python_files(paths):
        for folder in _folders_in(path):
            if os.path.isdir(folder):
                found.setdefault(os.path.realpath(folder), folder)
    for folder in given:
        found.setdefault(os.path.realpath(folder), folder)
    return list(found.values())


def template_files(
    folders: Sequence[str], skip: Callable[[str], bool] | None = None
) -> list[str]:
    """The template files under ``folders``, sorted, each once.

    :param skip: leaves out the files it is true for (``--exclude``).
    """
    files: dict[str, None] = {}
    for top in folders:
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                path = os.path.join(folder, name)
                if name.endswith(TEMPLATE_SUFFIXES) and not (skip and skip(path)):
                    files[path] = None
    return sorted(files)
