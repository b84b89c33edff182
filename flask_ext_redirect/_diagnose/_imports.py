"""Imports that resolve to nothing here: not the standard library, not
installed, not a module of the tree. Python 2's standard-library names
and implicit relative imports are named with their fix; an import in a
``try`` whose handler catches ImportError is expected to fail and is not
reported."""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
import sysconfig
from collections.abc import Callable
from collections.abc import Sequence

from ._environment import Environment
from ._layout import Layout
from ._model import FileFacts
from ._model import Finding
from ._py2_names import STDLIB_RENAMES
from ._py2_names import URLLIB_MOVES
from ._skim import precise
from ._source import SourceImport

#: The ``source`` of a finding about an import that resolves to nothing
#: (a module the knowledge base does not know): how sure it is depends on
#: whether the application imports the file (:func:`settle`).
RESOLUTION = (
    "import resolution: not the standard library, not installed, not in the tree"
)
_SOURCE_PY3 = 'Python 3.0 "What\'s New" and PEP 3108 (standard library reorganisation)'
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()))


@functools.cache
def in_stdlib(root: str) -> bool:
    """Whether a top-level module is the standard library's (Python 3.9
    has no ``sys.stdlib_module_names``: ask where it would load from)."""
    if _STDLIB:
        return root in _STDLIB
    if root in sys.builtin_module_names:
        return True
    try:
        spec = importlib.util.find_spec(root)
    except (ImportError, ValueError):
        return False
    origin = spec.origin if spec is not None else None
    if origin in (None, "built-in", "frozen"):
        return spec is not None and origin is not None
    stdlib = sysconfig.get_paths()["stdlib"]
    return (
        os.path.abspath(origin).startswith(os.path.join(stdlib, ""))
        and "site-packages" not in origin
    )


def _when(imp: SourceImport) -> str:
    return "request" if imp.deferred else "import"


def unresolved_imports(
    files: Sequence[FileFacts],
    layout: Layout,
    env: Environment,
    known: Callable[[str], bool],
) -> list[Finding]:
    """Findings for imports of modules that exist nowhere here.

    :param known: Whether another rule already judges a top-level module
        (extensions and the knowledge base's libraries).
    """
    found: dict[tuple[str, str], Finding] = {}
    for facts in files:
        source = facts.source
        if source is None or facts.python2:
            continue
        if source.approximate and any(
            _judge(facts.path, imp, layout, env, known) for imp in source.imports
        ):
            # Read by pattern: before naming an import, read it properly
            # (is it guarded? in a function? in a string?).
            source = facts.source = precise(facts.path, source)
        for imp in source.imports:
            if imp.guarded:
                continue
            finding = _judge(facts.path, imp, layout, env, known)
            if finding is None:
                continue
            if imp.conditional and finding.source == RESOLUTION:
                finding.severity = "warning"
                finding.doubt = (
                    "imported under an if: doctor cannot tell whether that branch runs"
                )
            if imp.deferred and finding.kind != "python2-module":
                # Inside a function, unguarded: an optional dependency as
                # often as a mistake (a library's driver import); it fails
                # only when that function runs.
                finding.severity = "warning"
            key = (facts.path, finding.subject)
            if key in found:
                if imp.line != found[key].line:
                    found[key].also.append(imp.line)
                continue
            finding.path = facts.path
            finding.line = imp.line
            finding.col = imp.col
            found[key] = finding
    return list(found.values())


def _judge(
    path: str,
    imp: SourceImport,
    layout: Layout,
    env: Environment,
    known: Callable[[str], bool],
) -> Finding | None:
    if imp.level:
        target = layout.absolute(path, imp.module, imp.level)
        # A folder without __init__.py may be a namespace package inside a
        # regular one (flask/sansio): only a package's file can be sure.
        if target is None and layout.sibling("__init__", path):
            return Finding(
                severity="blocker",
                when=_when(imp),
                kind="missing-module",
                subject="." * imp.level + imp.module,
                title=(
                    f"relative import {'.' * imp.level}{imp.module} reaches above"
                    " the top-level package"
                ),
                why="ImportError: attempted relative import beyond top-level package",
                fix="import from the package by its absolute name",
            )
        return None
    root = imp.module.partition(".")[0]
    if not root:
        return None
    if root == "__future__" or in_stdlib(root):
        if imp.module == "urllib":
            moved = [n for n in imp.names if n in URLLIB_MOVES]
            if moved:
                return _py2(
                    "urllib." + moved[0],
                    f"urllib.{moved[0]} is Python 2's: Python 3 moved it",
                    "; ".join(f"{n}: {URLLIB_MOVES[n]}" for n in moved),
                    imp,
                )
        return None
    if layout.top_level(root, path) or known(root) or env.importable(root):
        return None
    own = os.path.splitext(os.path.basename(path))[0]
    if root != own and layout.sibling(root, path):
        names = ", ".join(imp.names) if imp.names else ""
        new = (
            f"from .{imp.module} import {names}"
            if names
            else f"from . import {imp.module}"
        )
        return Finding(
            severity="blocker",
            when=_when(imp),
            kind="implicit-relative-import",
            subject=root,
            title=(
                f"'{root}' is a module of this package: Python 3 does not look"
                " for it beside the importing file"
            ),
            why=(
                f"ModuleNotFoundError: No module named '{root}' (Python 2's"
                " implicit relative imports are gone: PEP 328)"
            ),
            fix=f"{new} (or the absolute name of the package)",
            source='PEP 328; Python 3.0 "What\'s New"',
        )
    if root in STDLIB_RENAMES:
        return _py2(
            root,
            f"'{root}' is Python 2's standard library: Python 3 has no such module",
            f"import {STDLIB_RENAMES[root]} instead",
            imp,
        )
    return Finding(
        severity="blocker",
        when=_when(imp),
        kind="missing-module",
        subject=root,
        title=f"{root} is imported but found nowhere here",
        why=(
            f"no module named '{root}' is installed, in the standard library,"
            " or in the tree doctor read"
        ),
        fix=(
            f"install the distribution that provides '{root}' (or add the"
            " module, or give doctor the folder that holds it)"
        ),
        source=RESOLUTION,
    )


def settle(findings: Sequence[Finding], reached: Callable[[str | None], bool]) -> None:
    """An unresolved import blocks only in a file the application imports
    from its entry point; in a test or script, or a module no entry point
    reaches (a library's optional backend), it is a dependency of its own:
    a warning that says so (in place).

    :param reached: Whether the application imports a file (and it is not
        a test or script).
    """
    for finding in findings:
        if finding.source == RESOLUTION and finding.severity == "blocker":
            if not reached(finding.path):
                finding.severity = "warning"
                finding.doubt = (
                    "the application does not import this file, as far as doctor"
                    " sees from its entry point: an optional dependency, or a"
                    " test's or script's own"
                )


def _py2(subject: str, title: str, fix: str, imp: SourceImport) -> Finding:
    return Finding(
        severity="blocker",
        when=_when(imp),
        kind="python2-module",
        subject=subject,
        title=title,
        why=f"ModuleNotFoundError or ImportError on Python 3 ({_SOURCE_PY3})",
        fix=fix,
        source=_SOURCE_PY3,
    )
