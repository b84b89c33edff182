"""``markupsafe-imports``: ``flask.Markup``/``escape`` and
``jinja2.Markup``/``escape`` come from MarkupSafe.

Both packages only re-exported MarkupSafe's own objects (``from markupsafe
import Markup, escape``), so importing them from ``markupsafe`` is the same
object. Flask 2.3.0 deprecated the re-exports and 3.0.0 removed them (Flask
changelog 2.3.0, 3.0.0); Jinja 3.0.0 deprecated and 3.1.0 removed them
(Jinja changelog 3.0.0, 3.1.0).
"""

from __future__ import annotations

from .._model import Edit
from . import _moves
from . import register
from ._module import Module
from ._moves import Move

TABLE: _moves.Table = {
    "flask": {
        "Markup": Move("markupsafe", "Markup"),
        "escape": Move("markupsafe", "escape"),
    },
    "jinja2": {
        "Markup": Move("markupsafe", "Markup"),
        "escape": Move("markupsafe", "escape"),
    },
}


@register("markupsafe-imports", markers=("Markup", "escape"))
def fix(module: Module) -> list[Edit]:
    """Import ``Markup`` and ``escape`` from ``markupsafe``."""
    return _moves.rewrite(module, TABLE)
