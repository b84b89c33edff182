"""``[tool.flask-ext-redirect]`` in ``pyproject.toml``: a project's settings
for ``migrate`` and ``doctor``.

The file is found as ruff finds its own: from the folder holding the paths
given (their common folder), upwards, the first ``pyproject.toml`` that has
the table; a ``pyproject.toml`` without it is passed over. Unknown keys and
values of the wrong type are errors that name the file and the key.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.9 and 3.10
    import tomli as tomllib

__all__ = ["TABLE", "Config", "ConfigError", "find", "load", "read"]

#: The table, as written in the file.
TABLE = "tool.flask-ext-redirect"


class ConfigError(ValueError):
    """The configuration file cannot be used; the message says where and why."""


@dataclasses.dataclass
class Config:
    """The settings of one ``[tool.flask-ext-redirect]`` table (all unset
    when there is none)."""

    #: The file they come from.
    path: str | None = None
    #: Both commands: glob patterns to skip, as ``--exclude``.
    exclude: list[str] = dataclasses.field(default_factory=list)
    #: Both commands: ``-j``.
    jobs: int | None = None
    #: ``doctor``: ids or id prefixes to report (``--select``).
    select: list[str] | None = None
    #: ``doctor``: ids or id prefixes to leave out (``--ignore``).
    ignore: list[str] = dataclasses.field(default_factory=list)
    #: ``doctor``: judge against this Flask release (``--flask``).
    flask: str | None = None
    #: ``migrate``: ``"auto"`` or ``"flask_"`` (``--target``).
    target: str | None = None
    #: ``migrate``: run the ``--upgrade`` fixers too.
    upgrade: bool | None = None
    #: ``migrate --upgrade``: run only these fixers (``--only``).
    only: list[str] | None = None
    #: ``migrate --upgrade``: never run these fixers (``--skip``).
    skip: list[str] = dataclasses.field(default_factory=list)

    def where(self, key: str) -> str:
        """How an error names a key of this file."""
        return f"{self.path}: [{TABLE}] {key!r}"

    def excludes(self) -> list[str]:
        """``exclude`` as ``--exclude`` takes it: a pattern spanning folders
        (``tests/fixtures``) starts from the folder of the file, whatever
        folder the command runs in; a plain name (``gen``) matches at any
        depth, as on the command line."""
        base = os.path.dirname(self.path or "")
        out = []
        for pattern in self.exclude:
            spanning = "/" in pattern.strip("/") and not pattern.startswith("**")
            if spanning and not os.path.isabs(pattern):
                pattern = os.path.join(base, pattern)
            out.append(pattern)
        return out


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _jobs(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


#: Key -> (test of the value, what the error says it must be).
KEYS: dict[str, tuple[Any, str]] = {
    "exclude": (_strings, "a list of strings"),
    "jobs": (_jobs, "a whole number, 0 or more"),
    "select": (_strings, "a list of strings"),
    "ignore": (_strings, "a list of strings"),
    "flask": (lambda v: isinstance(v, str) and v, "a version string"),
    "target": (lambda v: v in ("auto", "flask_"), "'auto' or 'flask_'"),
    "upgrade": (lambda v: isinstance(v, bool), "true or false"),
    "only": (_strings, "a list of strings"),
    "skip": (_strings, "a list of strings"),
}


def read(path: str) -> dict[str, Any] | None:
    """The table from one file, or None when the file has none.

    :raise ConfigError: the file cannot be read or is not TOML.
    """
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    tool = data.get("tool")
    if not isinstance(tool, dict) or "flask-ext-redirect" not in tool:
        return None
    table = tool["flask-ext-redirect"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{TABLE}] must be a table")
    return table


def find(paths: Sequence[str]) -> tuple[str, dict[str, Any]] | None:
    """The nearest ``pyproject.toml`` with the table, from the paths' common
    folder upwards, with the table.

    :param paths: What the command was given (the working directory when
        empty).
    """
    folders = []
    for path in paths or ["."]:
        path = os.path.abspath(path)
        folders.append(path if os.path.isdir(path) else os.path.dirname(path))
    try:
        folder = os.path.commonpath(folders)
    except ValueError:  # pragma: no cover - paths on different drives
        folder = folders[0]
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate):
            table = read(candidate)
            if table is not None:
                return candidate, table
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load(paths: Sequence[str], explicit: str | None = None) -> Config:
    """The configuration for a command run on ``paths``.

    :param paths: The command's paths.
    :param explicit: ``--config FILE``: this file, not the nearest one.
    :raise ConfigError: the file is not TOML, or the table has an unknown
        key or a value of the wrong type.
    """
    if explicit is not None:
        if not os.path.isfile(explicit):
            raise ConfigError(f"--config: {explicit}: no such file")
        table = read(explicit)
        if table is None:
            raise ConfigError(f"--config: {explicit}: has no [{TABLE}] table")
        found: tuple[str, dict[str, Any]] | None = (explicit, table)
    else:
        found = find(paths)
    if found is None:
        return Config()
    path, table = found
    config = Config(path=os.path.abspath(path))
    for key, value in table.items():
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{config.where(key)}: unknown key (known keys: {known})")
        test, expected = KEYS[key]
        if not test(value):
            raise ConfigError(
                f"{config.where(key)}: must be {expected}, got {_toml(value)}"
            )
        setattr(config, key, list(value) if isinstance(value, list) else value)
    return config


def _toml(value: object) -> str:
    """A value as the file spells it, for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    return repr(value)
