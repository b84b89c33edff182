"""``jinja2-pass-decorators``: ``contextfunction``/``contextfilter`` and
friends -> ``pass_context``, ``pass_eval_context``, ``pass_environment``.

Jinja 3.0.0 replaced the six decorators by three that work for functions,
filters and tests alike, and deprecated the old ones; 3.1.0 removed them
(Jinja changelog 3.0.0, 3.1.0). Each old decorator marks the callable to be
passed the same first argument as its new one.
"""

from __future__ import annotations

from .._model import Edit
from . import _moves
from . import register
from ._module import Module
from ._moves import Move

_NEW = {
    "contextfunction": "pass_context",
    "contextfilter": "pass_context",
    "evalcontextfunction": "pass_eval_context",
    "evalcontextfilter": "pass_eval_context",
    "environmentfunction": "pass_environment",
    "environmentfilter": "pass_environment",
}
_ENTRIES = {old: Move("jinja2", new, needs="Jinja2>=3.0") for old, new in _NEW.items()}

TABLE: _moves.Table = {
    "jinja2": _ENTRIES,
    "jinja2.utils": _ENTRIES,
    "jinja2.filters": _ENTRIES,
}


@register(
    "jinja2-pass-decorators",
    markers=("contextf", "environmentf"),
)
def fix(module: Module) -> list[Edit]:
    """Use Jinja's ``pass_*`` decorators."""
    return _moves.rewrite(module, TABLE)
