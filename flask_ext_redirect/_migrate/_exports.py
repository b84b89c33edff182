"""Which names each module of the tree is imported for.

A package ``__init__`` that re-exports ``Form`` for its submodules
(``from . import Form``) must keep binding ``Form`` when ``--upgrade``
renames it to ``FlaskForm``: the fixers keep the old name as an alias
there, and the binding check refuses a rewrite that would drop it. This
module reads every file of the run (the bytes the walk read anyway, with a
regular expression, not a parse) for ``from X import a, b`` and resolves
``X`` to a file of the tree, relative or absolute.
"""

from __future__ import annotations

import os
import re

_FROM = re.compile(
    rb"^[ \t]*from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]+"
    rb"(\([^)]*\)|[^\r\n#;]*(?:\\\r?\n[^\r\n#;]*)*)",
    re.MULTILINE,
)
_NAME = re.compile(rb"[A-Za-z_]\w*")


def _names(spec: bytes) -> set[str]:
    found = set()
    for part in re.sub(rb"#[^\n]*", b"", spec).strip(b"()\\ \t\r\n").split(b","):
        words = part.split()
        if words and _NAME.fullmatch(words[0]):
            found.add(words[0].decode("ascii", "replace"))
    return found


def _module_file(base: str, dotted: str) -> str | None:
    path = os.path.join(base, *dotted.split(".")) if dotted else base
    for candidate in (path + ".py", os.path.join(path, "__init__.py")):
        if os.path.isfile(candidate):
            return os.path.realpath(candidate)
    return None


def _roots(path: str) -> list[str]:
    """Folders an absolute import from ``path`` may start at: the folder
    above its outermost package, and each folder between."""
    roots = []
    folder = os.path.dirname(os.path.abspath(path))
    while True:
        roots.append(folder)
        if not os.path.isfile(os.path.join(folder, "__init__.py")):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return roots


def record(path: str, data: bytes, into: dict[str, set[str]]) -> None:
    """Add what ``path`` (its bytes ``data``) imports by name from modules
    of the tree to ``into`` (real path of the module -> names)."""
    if b"import" not in data:
        return
    for match in _FROM.finditer(data):
        dots, module, spec = match.groups()
        names = _names(spec)
        if not names or names == {"*"}:
            continue
        dotted = module.decode("ascii", "replace")
        if dots:
            base = os.path.dirname(os.path.abspath(path))
            for _ in range(len(dots) - 1):
                base = os.path.dirname(base)
            targets = [_module_file(base, dotted)]
        else:
            targets = [_module_file(root, dotted) for root in _roots(path)]
        for target in targets:
            if target is not None and target != os.path.realpath(path):
                into.setdefault(target, set()).update(names)


def imported_names(found: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Freeze what :func:`record` gathered, for the worker processes."""
    return {path: frozenset(names) for path, names in found.items()}
