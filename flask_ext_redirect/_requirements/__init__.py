"""The application's requirements: ``doctor`` reads them, ``migrate
--upgrade`` rewrites them where the knowledge base says the change is safe.

Files are found under the paths given (``requirements*.txt``, ``*.txt``
under a ``requirements/`` folder, ``setup.py``, ``pyproject.toml``,
``Pipfile``), read statically (a ``setup.py`` is parsed, never run) and
judged from the knowledge base alone: nothing is fetched.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence

from ._judge import judge
from ._judge import Verdict
from ._model import Requirement
from ._model import Source
from ._parse import read_source
from ._rewrite import rewrite

__all__ = [
    "Requirement",
    "Source",
    "Verdict",
    "find_files",
    "is_requirements_file",
    "judge",
    "read_files",
    "rewrite",
]

#: Folders never entered, as the code walk skips them.
_SKIP_DIRS = frozenset(
    {"build", "node_modules", "__pycache__", "site-packages", "dist"}
)


def is_requirements_file(path: str) -> bool:
    """Whether the file's name makes it a requirements source."""
    name = os.path.basename(path)
    if name in ("setup.py", "pyproject.toml", "Pipfile"):
        return True
    if fnmatch.fnmatch(name, "requirements*.txt") or fnmatch.fnmatch(
        name, "*requirements.txt"
    ):
        return True
    parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
    return parent == "requirements" and name.endswith((".txt", ".in"))


def find_files(
    paths: Sequence[str], skip: Callable[[str], bool] | None = None
) -> list[str]:
    """The requirements sources under ``paths`` (files named on the command
    line count when their name is one), sorted, each once.

    :param skip: leaves out the files it is true for (``--exclude``).
    """
    found: dict[str, None] = {}
    for path in paths:
        if os.path.isfile(path):
            if is_requirements_file(path):
                found[path] = None
            continue
        for file in _walk(path):
            found[file] = None
    return sorted(f for f in found if skip is None or not skip(f))


def _walk(top: str) -> Iterator[str]:
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in _SKIP_DIRS
            and not os.path.exists(os.path.join(folder, d, "pyvenv.cfg"))
        )
        for name in sorted(files):
            path = os.path.join(folder, name)
            if is_requirements_file(path):
                yield path


def read_files(
    paths: Sequence[str], skip: Callable[[str], bool] | None = None
) -> tuple[list[Source], list[tuple[str, str]]]:
    """Read every requirements source under ``paths`` and the files their
    ``-r``/``-c`` lines include.

    :param skip: leaves out the files it is true for (``--exclude``).

    :return: The sources, and ``(path, reason)`` for files that could not
        be read.
    """
    sources: list[Source] = []
    problems: list[tuple[str, str]] = []
    todo = find_files(paths, skip)
    seen: set[str] = set()
    while todo:
        path = todo.pop(0)
        real = os.path.realpath(path)
        if real in seen:
            continue
        seen.add(real)
        try:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8-sig")
        except OSError as e:
            problems.append((path, e.strerror or str(e)))
            continue
        except UnicodeDecodeError as e:
            problems.append((path, f"not UTF-8: {e.reason} at byte {e.start}"))
            continue
        source = read_source(path, text)
        sources.append(source)
        todo.extend(source.includes)
    return sources, problems
