"""``migrate --upgrade``: the fixers, run after the import rewrite.

The plain rewrite goes first (``flask.ext.wtf`` becomes ``flask_wtf``);
then each fixer whose markers occur runs on the text the previous one left,
re-parsed after every change, so ``from flask.ext.wtf import Form`` ends as
``from flask_wtf import FlaskForm`` in one run and every step is checked to
parse. Fixers change Python 3 source only: a Python 2 file gets the plain
rewrite and a note that it must be ported first.
"""

from __future__ import annotations

import ast
import functools
import warnings

from ._engine import rewrite_source
from ._fixers import fixers
from ._fixers import Module
from ._model import Message
from ._model import Rewrite
from ._model import Unsafe
from ._source import apply_edits
from ._targets import Targets

#: What a Python 2 file is told; the fixers need Python 3 source.
PY2_NOTE = (
    "Python 2 source: only the flask.ext imports were rewritten; the "
    "--upgrade fixers need Python 3 source, so port this file to Python 3 "
    "first (e.g. with pyupgrade or 2to3), then run 'migrate --upgrade' again"
)


@functools.cache
def markers() -> tuple[bytes, ...]:
    """Bytes at least one fixer needs to see in a file to do anything."""
    found: list[bytes] = []
    for fixer in fixers():
        for marker in fixer.markers:
            data = marker.encode("ascii")
            if data not in found:
                found.append(data)
    return tuple(found)


def needs_upgrade(data: bytes) -> bool:
    """Whether any fixer could have something to do in these bytes."""
    return any(marker in data for marker in markers())


def _parse(text: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text)


def upgrade_source(text: str, targets: Targets, legacy: bool = True) -> Rewrite:
    """The plain rewrite (when ``legacy``), then every fixer.

    :param text: Decoded source.
    :param targets: For the plain rewrite.
    :param legacy: Whether the text mentions ``flask.ext``/``flaskext``
        (the plain rewrite is skipped otherwise, as ``migrate`` does).
    :raise Unsafe: when the plain rewrite or a fixer refuses the file.
    """
    tree: ast.Module | None = None
    if legacy:
        result = rewrite_source(text, targets)
    else:
        try:
            tree = _parse(text)
        except (SyntaxError, ValueError):
            # Let the engine tell Python 2 from a syntax error.
            result = rewrite_source(text, targets)
        else:
            result = Rewrite(text)
    if result.dialect == "py2":
        result.kept.append(Message(0, PY2_NOTE))
        return result
    text = result.text
    if tree is None:
        tree = _parse(text)
    module: Module | None = None
    for fixer in fixers():
        if not any(marker in text for marker in fixer.markers):
            continue
        # One module (and one walk of its tree) until a fixer changes it.
        if module is None:
            module = Module(text, tree)
        module.notes = []
        try:
            edits = fixer.run(module)
        except Unsafe as e:
            raise Unsafe(e.line, f"--upgrade ({fixer.id}): {e.text}") from e
        result.notes.extend(
            Message(n.line, f"{fixer.id}: {n.text}") for n in module.notes
        )
        if not edits:
            continue
        new = apply_edits(text, edits)
        if new == text:
            continue
        try:
            tree = _parse(new)
        except SyntaxError as e:  # pragma: no cover - a bug if it happens
            raise Unsafe(
                e.lineno or 0,
                f"--upgrade ({fixer.id}): the rewrite would not parse "
                f"({e.msg}); file left as it was, please report this",
            ) from e
        text = new
        module = None
    result.text = text
    return result
