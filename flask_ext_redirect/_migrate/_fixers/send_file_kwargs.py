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
"""

from __future__ import annotations

from .._model import Edit
from . import register
from ._calls import calls_of
from ._calls import rename_keywords
from ._module import Module

_SEND_FILE = {
    "attachment_filename": "download_name",
    "cache_timeout": "max_age",
    "add_etags": "etag",
}
_RENAMES = {
    "send_file": _SEND_FILE,
    "send_from_directory": {"filename": "path", **_SEND_FILE},
}
_FUNCTIONS = {
    f"{module}.{name}" for module in ("flask", "flask.helpers") for name in _RENAMES
}


@register("send-file-kwargs", markers=("send_file", "send_from_directory"))
def fix(module: Module) -> list[Edit]:
    """Rename the keywords Flask 2.2 no longer takes."""
    edits: list[Edit] = []
    for call, qualname in calls_of(module, _FUNCTIONS):
        name = qualname.rsplit(".", 1)[1]
        edits += rename_keywords(module, call, _RENAMES[name], name)
    return edits
