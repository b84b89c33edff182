"""``send-file-kwargs``: ``send_file(attachment_filename=, cache_timeout=,
add_etags=)`` -> ``download_name=``, ``max_age=``, ``etag=``, and
``send_from_directory(filename=)`` -> ``path=``.

Flask 2.0.0 renamed these keywords and passed the old ones on to the new
ones with a deprecation warning; 2.2.0 removed the old names (Flask
changelog 2.0.0, 2.0.1, 2.2.0). Renaming a keyword that is given keeps its
value, so the call does what it did on Flask 2.0 and 2.1 (only defaults
changed between 1.1 and 2.0, and a given value overrides a default).
``send_from_directory`` passes its other keywords on to ``send_file``, so
they are renamed there too.

Calls are found by the shared scanner, which resolves the callee through
imports and scopes: ``flask.send_file``, ``helpers.send_file`` after ``from
flask import helpers``, an alias; not a parameter that shadows the name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .._model import Edit
from .._model import Unsafe
from . import register
from ._module import Module

if TYPE_CHECKING:
    from ..._scan import Call

_SEND_FILE = {
    "attachment_filename": "download_name",
    "cache_timeout": "max_age",
    "add_etags": "etag",
}
_RENAMES = {
    "send_file": _SEND_FILE,
    "send_from_directory": {"filename": "path", **_SEND_FILE},
}
_KEYWORD = re.compile(r"\b(?:attachment_filename|cache_timeout|add_etags|filename)\s*=")
_CALLED = re.compile(r"\b(?:send_file|send_from_directory)\b")
_FUNCTIONS = {
    f"{module}.{name}": renames
    for module in ("flask", "flask.helpers")
    for name, renames in _RENAMES.items()
}


# The keywords, not the functions (most calls pass none of them, and then
# there is nothing to scan for); send_from_directory for its filename=.
@register(
    "send-file-kwargs",
    markers=(
        "attachment_filename",
        "cache_timeout",
        "add_etags",
        "send_from_directory",
    ),
)
def fix(module: Module) -> list[Edit]:
    """Rename the keywords Flask 2.2 no longer takes."""
    if not _KEYWORD.search(module.text) or not _CALLED.search(module.text):
        # The scanner costs a walk of every scope; most files pass none of
        # the old keywords.
        return []
    edits: list[Edit] = []
    for call in module.scan.calls:
        renames = _FUNCTIONS.get(call.callee or "")
        if renames is None or module.skipped(call.span.lineno):
            continue
        try:
            edits += _call(module, call, renames)
        except Unsafe as e:
            module.refuse(e.line, e.text)
    return edits


def _call(module: Module, call: Call, renames: dict[str, str]) -> list[Edit]:
    """The keyword renames of one call (all or none)."""
    name = (call.callee or "").rsplit(".", 1)[1]
    given = {k.name for k in call.keywords}
    edits = []
    for keyword in call.keywords:
        new = renames.get(keyword.name or "")
        if new is None:
            continue
        if new in given:
            raise Unsafe(
                call.span.lineno,
                f"{name}() is given both '{keyword.name}' and '{new}': keep "
                "one by hand",
            )
        span = keyword.name_span
        if module.text[span.start : span.end] != keyword.name:
            raise Unsafe(call.span.lineno, f"cannot find '{keyword.name}=' here")
        edits.append(Edit(span.start, span.end, new))
    renamed = ", ".join(f"{e.new}=" for e in edits)
    if edits and not module.needs(
        "Flask>=2.0", call.span.lineno, f"{name}() with {renamed}"
    ):
        return []
    return edits
