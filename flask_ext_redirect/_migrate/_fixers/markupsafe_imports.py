"""``markupsafe-imports``: ``flask.Markup``/``escape`` and
``jinja2.Markup``/``escape`` come from MarkupSafe.

Both packages only re-exported MarkupSafe's own objects (``from markupsafe
import Markup, escape``), so importing them from ``markupsafe`` is the same
object. Flask 2.3.0 deprecated the re-exports and 3.0.0 removed them (Flask
changelog 2.3.0, 3.0.0); Jinja 3.0.0 deprecated and 3.1.0 removed them
(Jinja changelog 3.0.0, 3.1.0). ``markupsafe.soft_unicode`` was renamed
``soft_str`` in 2.0.0 and removed in 2.1.0 (MarkupSafe changelog 2.0.0,
2.1.0).

``werkzeug.utils.escape`` is refused: it is not MarkupSafe's.
"""

from __future__ import annotations

from .._model import Edit
from . import _moves
from . import register
from ._module import Module
from ._moves import Move
from ._moves import Refuse

TABLE: _moves.Table = {
    "markupsafe": {
        "soft_unicode": Move("markupsafe", "soft_str", needs="MarkupSafe>=2.0")
    },
    "werkzeug.utils": {
        "escape": Refuse(
            "werkzeug.utils.escape is not markupsafe.escape: it returned str "
            "(not Markup), left ' unescaped and turned None into '' (Werkzeug "
            "2.0 utils.escape); use markupsafe.escape or html.escape after "
            "checking its callers, by hand"
        )
    },
    "flask": {
        "Markup": Move("markupsafe", "Markup"),
        "escape": Move("markupsafe", "escape"),
    },
    "jinja2": {
        "Markup": Move("markupsafe", "Markup"),
        "escape": Move("markupsafe", "escape"),
    },
}


@register(
    "markupsafe-imports",
    markers=("Markup", "escape", "soft_unicode"),
    quick=_moves.quick_for(TABLE),
)
def fix(module: Module) -> list[Edit]:
    """Import ``Markup`` and ``escape`` from ``markupsafe``."""
    return _moves.rewrite(module, TABLE)
