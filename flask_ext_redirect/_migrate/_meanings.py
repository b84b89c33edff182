"""The fixers' tables as the binding check reads them: what each old
object is called after the rewrite, and what a star import binds."""

from __future__ import annotations

import functools
import importlib

from ._fixers import ORDER
from ._fixers._moves import Move
from ._fixers._moves import SameName
from ._fixers._moves import Table


@functools.cache
def _tables() -> tuple[Table, ...]:
    found = []
    for name in ORDER:
        table = getattr(
            importlib.import_module(f"{__package__}._fixers.{name}"), "TABLE", None
        )
        if table is not None:
            found.append(table)
    return tuple(found)


def _step(dotted: str) -> str:
    """One rename of the longest prefix of ``dotted`` a table moves."""
    parts = dotted.split(".")
    for i in range(len(parts), 1, -1):
        module, name, rest = ".".join(parts[: i - 1]), parts[i - 1], parts[i:]
        for table in _tables():
            entries = table.get(module)
            if entries is None or name not in entries:
                continue
            entry = entries[name]
            if isinstance(entry, Move) and (entry.module, entry.name) != (module, name):
                return ".".join([entry.module, entry.name, *rest])
    return dotted


def _star(meaning: str) -> str:
    """``*wtforms.fields.html5:EmailField`` -> ``wtforms.fields.EmailField``;
    ``*wtforms:TextField`` -> ``*wtforms:StringField``."""
    module, _, name = meaning[1:].partition(":")
    for table in _tables():
        entries = table.get(module)
        if isinstance(entries, SameName) and not entries.refuse:
            # Rewritten to name what it binds (``from wtforms.fields import
            # EmailField``) where the names are known.
            if entries.exports is not None:
                return f"{entries.module}.{name}"
            return f"*{entries.module}:{name}"
        if (
            entries is not None
            and not isinstance(entries, SameName)
            and name in entries
        ):
            entry = entries[name]
            if isinstance(entry, Move) and entry.module == module:
                return f"*{module}:{entry.name}"
    return meaning


@functools.lru_cache(maxsize=4096)
def translate(meaning: str) -> tuple[str, ...]:
    """What ``meaning`` (a dotted name, or a star binding) may be called
    after the rewrite: itself, then each rename in turn (a rename may be
    refused, by the target check for one, and a chain stop there:
    ``flask_wtf.TextField``, ``wtforms.TextField``, ``wtforms.StringField``)."""
    steps = [meaning]
    for _ in range(5):
        new = _star(meaning) if meaning.startswith("*") else _step(meaning)
        if new == meaning:
            break
        steps.append(new)
        meaning = new
    return tuple(steps)


@functools.lru_cache(maxsize=256)
def star_exports(module: str) -> frozenset[str] | None:
    """The names ``from module import *`` binds, where a table knows them."""
    for table in _tables():
        entries = table.get(module)
        if isinstance(entries, SameName) and entries.exports is not None:
            return entries.exports
    return None
