"""The recall rules, run after the judge's own: what the knowledge base
alone does not name but stops the application all the same."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._app_context import outside_app_context
from ._imports import unresolved_imports
from ._kb_uses import kb_uses
from ._layout import Layout
from ._model import FileFacts
from ._model import Finding
from ._overlap import overlapping
from ._python2 import python2_constructs
from ._unknown import unchecked_extensions

if TYPE_CHECKING:
    from ._judge import Judge

#: Top-level modules of this project: never missing, never unchecked.
_SELF = frozenset({"flask_ext_redirect", "flask_sqlite3", "flaskext"})


def recall(
    judge: Judge, files: Sequence[FileFacts], imported: set[str]
) -> list[Finding]:
    """The recall rules' findings, less those the judge already made at the
    same place about the same thing."""
    kb = judge.kb
    layout = Layout(f.path for f in files)

    def judged(root: str) -> bool:
        return (
            root in _SELF
            or root.startswith("flask_")
            or root in judge.projects
            or kb.extension_for_module(root) is not None
        )

    def in_kb(root: str) -> bool:
        return (
            root in _SELF
            or kb.extension_for_module(root) is not None
            or kb.extension_for_module("flask.ext." + root[len("flask_") :]) is not None
        )

    found = [
        *unresolved_imports(files, layout, judge.env, judged),
        *python2_constructs(files),
        *outside_app_context(files, layout, judge.env),
        *kb_uses(files, kb, imported, judge.api_finding),
        *unchecked_extensions(files, judge.env, in_kb),
    ]
    covered = [
        frozenset((bad.distribution, bad.conflicts_with))
        for bad in kb.bad_distributions
    ]
    found += overlapping(skip=covered)
    made = {(f.path, f.line, f.subject) for f in judge.findings}
    return [f for f in found if (f.path, f.line, f.subject) not in made]
