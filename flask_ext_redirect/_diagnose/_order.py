"""Order findings the way the application meets them: from its entry point
(``--app``, ``FLASK_APP``, ``wsgi.py``, ``app.py``, ``manage.py``, a
package), module by module in the order the imports run them; tests and
scripts that the application does not import go in a section of their
own, after it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from collections.abc import Sequence

from ._layout import Layout
from ._model import FileFacts
from ._model import Finding
from ._model import PHASES
from ._source import SourceImport

#: Modules that start an application, in the order they are looked for.
ENTRY_MODULES = ("wsgi", "app", "application")
_TEST_FOLDERS = frozenset({"tests", "test", "testing"})
_SCRIPT_FOLDERS = frozenset({"scripts", "bin", "tools"})


def _module_of_target(target: str, layout: Layout) -> str | None:
    """``pkg.app:create_app()``, ``app.py`` or ``pkg/app.py`` -> a module of
    the tree."""
    module = target.split(":", 1)[0].strip()
    if module.endswith(".py") or os.sep in module or "/" in module:
        wanted = os.path.normpath(module)
        for path, dotted in layout.module_of.items():
            if path == wanted or path.endswith(os.sep + wanted):
                return dotted
        module = os.path.splitext(os.path.basename(module))[0]
    return module if module in layout.path_of else None


def entry_point(
    layout: Layout,
    files: Mapping[str, FileFacts],
    app: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> str | None:
    """The module the application starts from, or None when none is found.

    :param app: ``--app MODULE[:NAME]``.
    """
    for target in (app, environ.get("FLASK_APP")):
        if target:
            module = _module_of_target(target, layout)
            if module is not None:
                return module
    for name in ENTRY_MODULES:
        if name in layout.path_of:
            return name
    if "manage" in layout.path_of:
        # A manage.py wraps the application: start from what it imports
        # (``flask --app`` does; manage.py itself is a script).
        facts = files.get(layout.path_of["manage"])
        for imp in facts.source.imports if facts and facts.source else ():
            path = layout.path_of["manage"]
            targets = layout.local_modules(path, imp.module, imp.names, imp.level)
            if targets and not imp.deferred:
                return targets[0]
        return "manage"
    packages = sorted(
        m for m, p in layout.path_of.items() if "." not in m and layout.is_package(p)
    )
    for module in packages:
        source = (
            files[layout.path_of[module]].source
            if layout.path_of[module] in files
            else None
        )
        if source is not None and (source.apps or source.factory):
            return module
    if len(packages) == 1:
        return packages[0]
    tops = [m for m in layout.path_of if "." not in m]
    return tops[0] if len(tops) == 1 else None


class Order:
    """Where each (file, line) runs, from the entry point."""

    def __init__(
        self, layout: Layout, files: Mapping[str, FileFacts], entry: str | None
    ) -> None:
        self.layout = layout
        self.files = files
        self.entry = entry
        #: (file, first line, line after the last) in the order they run.
        self.segments: list[tuple[str, int, float]] = []
        self.reached: set[str] = set()
        #: Files that run when the application starts (module-level imports
        #: from the entry point, and its factory's).
        self.eager: set[str] = set()
        if entry is not None:
            self._visit(entry)
        self.unreached = sorted(set(files) - self.reached)

    def _visit(self, module: str, eager: bool = True) -> None:
        path = self.layout.path_of[module]
        if path in self.reached:
            return
        self.reached.add(path)
        if eager:
            self.eager.add(path)
        facts = self.files.get(path)
        imports = sorted(
            facts.source.imports if facts and facts.source else (),
            key=lambda i: (i.line, i.col),
        )
        start = 0
        for imp in imports:
            if imp.deferred:
                continue
            new = self._new(path, imp)
            if not new:
                continue
            self.segments.append((path, start, imp.line))
            for target in new:
                # Under an if (``if TYPE_CHECKING:``) it may never run.
                self._visit(target, eager and not imp.conditional)
            start = imp.line
        self.segments.append((path, start, float("inf")))
        # Then what its functions import, in their order: an application
        # factory imports its blueprints when create_app() runs, right
        # after the import.
        # Only the entry point's functions count as run at start (its
        # factory); another module's lazy imports may never run (a
        # library's optional backend).
        for imp in imports:
            if imp.deferred:
                for target in self._new(path, imp):
                    self._visit(target, eager and module == self.entry)

    def _new(self, path: str, imp: SourceImport) -> list[str]:
        """The tree's modules an import runs that have not run yet."""
        targets = self.layout.local_modules(path, imp.module, imp.names, imp.level)
        return [t for t in targets if self.layout.path_of[t] not in self.reached]

    def position(self, path: str | None, line: int) -> int:
        """When a finding at ``path:line`` runs, relative to the others."""
        if path is None:
            return -1
        for index, (where, start, end) in enumerate(self.segments):
            if where == path and start <= line < end:
                return index
        if path in self.unreached:
            return len(self.segments) + self.unreached.index(path)
        return len(self.segments) + len(self.unreached)

    def outside(self, path: str | None) -> bool:
        """A test, or a script the application does not import."""
        if path is None:
            return False
        # Folders above the application's root (``tests/walkthrough/app``
        # given as PATH) say nothing: only the module's own name counts.
        dotted = self.layout.module_of.get(path)
        parts = dotted.split(".") if dotted else [os.path.basename(path)]
        if dotted:
            parts[-1] += ".py"
        name = parts[-1]
        if (
            _TEST_FOLDERS & set(parts[:-1])
            or name.startswith("test_")
            or name.endswith("_test.py")
            or name == "conftest.py"
        ):
            return True
        if self.entry is None or path in self.reached:
            return False
        facts = self.files.get(path)
        main = (
            facts is not None and facts.source is not None and facts.source.main_block
        )
        return main or bool(_SCRIPT_FOLDERS & set(parts[:-1]))


def ordered(findings: Sequence[Finding], order: Order) -> list[Finding]:
    """Blockers first; the application's before its tests and scripts; by
    phase; then in the order the application runs them."""
    for finding in findings:
        finding.outside = order.outside(finding.path)

    def key(f: Finding) -> tuple[int, int, int, int, int, int, int, str]:
        return (
            0 if f.severity == "blocker" else 1,
            1 if f.outside else 0,
            PHASES.index(f.when),
            order.position(f.path, f.line),
            0 if f.kind == "python2" else 1,
            f.line,
            f.col,
            f.subject,
        )

    return sorted(findings, key=key)
