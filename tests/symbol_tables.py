"""CPython's own symbol tables, the reference both name-resolution models
(the codemod's scopes and the scanner's) are checked against."""

from __future__ import annotations

import ast
import collections
import symtable
import warnings
from collections.abc import Iterator
from pathlib import Path


def function_tables(text: str) -> dict[tuple[str, int], symtable.SymbolTable]:
    """The symbol table of every function in ``text``, by its name and line
    (functions whose name and line are not unique are left out)."""
    found: dict[tuple[str, int], symtable.SymbolTable] = {}
    seen: collections.Counter[tuple[str, int]] = collections.Counter()
    stack = [symtable.symtable(text, "<module>", "exec")]
    while stack:
        table = stack.pop()
        stack.extend(table.get_children())
        if table.get_type() != "function":
            continue
        key = (table.get_name(), table.get_lineno())
        seen[key] += 1
        found[key] = table
    return {k: v for k, v in found.items() if seen[k] == 1}


def stdlib_modules(seed: int, count: int) -> Iterator[tuple[Path, str]]:
    """Modules of the running Python's standard library (the differential
    test's seeded choice) that this Python parses, quietly."""
    from migrate.differential import cases

    for path, text in cases(seed, count):
        if text is None:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        yield path, text
