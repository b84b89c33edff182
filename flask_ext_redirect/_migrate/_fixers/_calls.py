"""Find the calls of an imported function, and rename their keywords."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from .._model import Edit
from .._model import Unsafe
from ._module import Module


def calls_of(module: Module, qualnames: set[str]) -> list[tuple[ast.Call, str]]:
    """Calls whose function is one of ``qualnames`` (``"flask.send_file"``),
    reached through ``from m import f [as g]`` or ``import m [as x]``, where
    that import is the name's only binding. Returns each call with the
    qualified name it calls."""
    locals_: dict[str, str] = {}
    modules: dict[str, str] = {}
    wanted_modules = {q.rsplit(".", 1)[0] for q in qualnames}
    for node in module.names.imports:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in qualnames:
                    locals_[alias.asname or alias.name] = full
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in wanted_modules:
                    modules[alias.asname or alias.name] = alias.name
    bound = module.names.bound
    found: list[tuple[ast.Call, str]] = []
    if not locals_ and not modules:
        return found
    for call in module.names.calls:
        func = call.func
        if isinstance(func, ast.Name) and func.id in locals_:
            if len(bound.get(func.id, [])) == 1:
                found.append((call, locals_[func.id]))
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in modules
        ):
            full = f"{modules[func.value.id]}.{func.attr}"
            if full in qualnames:
                found.append((call, full))
    return found


def rename_keywords(
    module: Module, call: ast.Call, renames: Mapping[str, str], what: str
) -> list[Edit]:
    """Edits renaming keyword arguments of one call.

    :raise Unsafe: when the call passes both the old and the new name.
    """
    given = {k.arg for k in call.keywords if k.arg}
    edits = []
    for keyword in call.keywords:
        new = renames.get(keyword.arg or "")
        if new is None:
            continue
        if new in given:
            raise Unsafe(
                call.lineno,
                f"{what}() is given both '{keyword.arg}' and '{new}': keep one by hand",
            )
        start, _ = module.span(keyword)
        end = start + len(keyword.arg or "")
        if module.text[start:end] != keyword.arg:
            raise Unsafe(call.lineno, f"cannot find '{keyword.arg}=' in the text here")
        edits.append(Edit(start, end, new))
    return edits
