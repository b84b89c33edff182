"""``flask-wtf-renames``: ``CsrfProtect`` -> ``CSRFProtect`` and
``flask_wtf.html5`` -> ``wtforms.fields``.

Flask-WTF 0.14 renamed ``CsrfProtect`` to ``CSRFProtect`` (the same class
under a new name) and 1.0.0 removed the old name and the
``flask_wtf.html5`` re-exports of WTForms' HTML5 fields (Flask-WTF
changelog 0.14, 1.0.0); WTForms 3.0.0 has those fields in
``wtforms.fields`` (WTForms changelog 3.0.0).
"""

from __future__ import annotations

from .._model import Edit
from . import _moves
from . import register
from ._module import Module
from ._moves import Move
from ._moves import SameName

TABLE: _moves.Table = {
    "flask_wtf": {
        "CsrfProtect": Move("flask_wtf", "CSRFProtect", needs="Flask-WTF>=0.14")
    },
    "flask_wtf.csrf": {
        "CsrfProtect": Move("flask_wtf.csrf", "CSRFProtect", needs="Flask-WTF>=0.14"),
    },
    "flask_wtf.html5": SameName("wtforms.fields", needs="WTForms>=3.0"),
}


@register(
    "flask-wtf-renames",
    markers=("flask_wtf",),
    quick=lambda t: "CsrfProtect" in t or "html5" in t,
)
def fix(module: Module) -> list[Edit]:
    """Use Flask-WTF's current names."""
    return _moves.rewrite(module, TABLE)
