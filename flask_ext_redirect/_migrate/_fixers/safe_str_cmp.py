"""``safe-str-cmp``: ``werkzeug.security.safe_str_cmp`` is refused with the
hand step.

Werkzeug 2.0.0 deprecated and 2.1.0 removed it for ``hmac.compare_digest``
(Werkzeug changelog 2.1.0). They are not interchangeable: ``safe_str_cmp``
encoded ``str`` arguments to UTF-8 first, while ``compare_digest`` raises
``TypeError`` for non-ASCII ``str`` and for a ``str`` compared with
``bytes``. Which one the arguments are is not visible in the source, so no
rewrite is provably the same.
"""

from __future__ import annotations

from .._model import Edit
from . import _moves
from . import register
from ._module import Module
from ._moves import Refuse

_WHY = Refuse(
    "werkzeug.security.safe_str_cmp (removed in Werkzeug 2.1.0) encoded str "
    "arguments to UTF-8; hmac.compare_digest raises TypeError for non-ASCII "
    "str or str against bytes: write hmac.compare_digest(a.encode(), "
    "b.encode()) (or with bytes as they are) by hand"
)

TABLE: _moves.Table = {
    "werkzeug.security": {"safe_str_cmp": _WHY},
    "werkzeug": {"safe_str_cmp": _WHY},
}


# "werkzeug" for the byte filter (every file that reaches for safe_str_cmp
# imports from werkzeug, and that marker is there anyway).
@register("safe-str-cmp", markers=("werkzeug",), quick=lambda t: "safe_str_cmp" in t)
def fix(module: Module) -> list[Edit]:
    """Refuse ``safe_str_cmp``, naming the hand step."""
    return _moves.rewrite(module, TABLE)
