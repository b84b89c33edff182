"""Which module each file of the tree is, as Python finds it: a folder
with ``__init__.py`` is a package; the first folder up without one is
where ``sys.path`` must point (the application's root)."""

from __future__ import annotations

import os
from collections.abc import Iterable


def _is_package(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "__init__.py"))


class Layout:
    """The modules of a tree of files.

    :param paths: The Python files, as the walk gave them.
    """

    def __init__(self, paths: Iterable[str]) -> None:
        #: File -> dotted module name.
        self.module_of: dict[str, str] = {}
        #: Dotted module name -> file.
        self.path_of: dict[str, str] = {}
        #: File -> the folder ``sys.path`` needs for it.
        self.root_of: dict[str, str] = {}
        for path in paths:
            folder, name = os.path.split(os.path.normpath(path))
            stem = os.path.splitext(name)[0]
            parts = [] if stem == "__init__" else [stem]
            while folder and _is_package(folder):
                folder, package = os.path.split(folder)
                parts.insert(0, package)
            if not parts or not all(p.isidentifier() for p in parts):
                continue
            dotted = ".".join(parts)
            self.module_of[path] = dotted
            self.root_of[path] = folder
            # A module met twice (two roots) keeps the first.
            self.path_of.setdefault(dotted, path)
        #: Folders that are roots of some file.
        self.roots = set(self.root_of.values())
        self._top = {m.partition(".")[0] for m in self.path_of}
        #: Names looked for on disk beside the roots, and whether found.
        self._found: dict[str, bool] = {}

    def is_package(self, path: str) -> bool:
        return os.path.basename(path) == "__init__.py"

    def package_of(self, path: str) -> str:
        """The package a file's relative imports start from."""
        dotted = self.module_of.get(path, "")
        if self.is_package(path):
            return dotted
        return dotted.rpartition(".")[0]

    def top_level(self, name: str, path: str) -> bool:
        """Whether ``name`` is a top-level module of the tree, or sits on
        disk beside the root of ``path`` (a file the walk left out)."""
        if name in self.path_of:
            return True
        root = self.root_of.get(path, os.path.dirname(path))
        if root not in self.roots and self._on_disk(name, root):
            return True
        if name not in self._found:
            self._found[name] = any(self._on_disk(name, base) for base in self.roots)
        return self._found[name]

    @staticmethod
    def _on_disk(name: str, base: str) -> bool:
        where = os.path.join(base, name)
        return os.path.isfile(where + ".py") or os.path.isdir(where)

    def sibling(self, name: str, path: str) -> bool:
        """Whether ``name`` is a module beside ``path`` in its package (what
        Python 2's implicit relative import found)."""
        folder = os.path.dirname(path)
        if not _is_package(folder):
            return False
        where = os.path.join(folder, name)
        return os.path.isfile(where + ".py") or _is_package(where)

    def absolute(self, path: str, module: str, level: int) -> str | None:
        """A relative import's absolute module name (None: above the top)."""
        if not level:
            return module
        package = self.package_of(path).split(".") if self.package_of(path) else []
        if level - 1 > len(package):
            return None
        base = package[: len(package) - (level - 1)]
        return ".".join([*base, module] if module else base)

    def local_modules(
        self, path: str, module: str, names: tuple[str, ...], level: int
    ) -> list[str]:
        """The tree's modules an import runs, in the order it runs them
        (``import a.b.c`` runs ``a``, ``a.b``, ``a.b.c``; ``from a import b``
        also ``a.b`` where that is a module), implicit relative imports
        included."""
        target = self.absolute(path, module, level)
        if target is None:
            return []
        if not level and target.partition(".")[0] not in self.top_names():
            package = self.package_of(path)
            if package and f"{package}.{target}" in self.path_of:
                target = f"{package}.{target}"  # Python 2's implicit relative
        parts = target.split(".") if target else []
        found = [
            ".".join(parts[:n])
            for n in range(1, len(parts) + 1)
            if ".".join(parts[:n]) in self.path_of
        ]
        for name in names:
            sub = f"{target}.{name}" if target else name
            if sub in self.path_of:
                found.append(sub)
        return found

    def top_names(self) -> set[str]:
        """The tree's top-level module names."""
        return self._top
