"""``wtforms-renames``: the names WTForms 3.0 dropped, where a same-behaviour
name exists.

- ``TextField`` was a deprecated subclass of ``StringField`` adding nothing
  (WTForms 2.x ``fields/simple.py``); 3.0.0 removed it.
- ``validators.Required`` was kept "for those who require that the
  class-name of required be 'Required'": a subclass of ``DataRequired``
  adding only a deprecation warning (WTForms 2.x ``validators.py``); 3.0.0
  removed it. ``DataRequired`` behaves the same.
- ``validators.required`` was ``Required``; 3.0.0 removed it (the other
  lower-case aliases, ``email``, ``length``, ..., are still there).
- ``wtforms.fields.html5`` and ``wtforms.widgets.html5`` were merged into
  ``wtforms.fields`` and ``wtforms.widgets`` (WTForms changelog 3.0.0a1:
  widgets are HTML5 by default).
- ``wtforms.ext`` (deprecated in WTForms 2.0, removed in 3.0.0) is
  refused: ``wtforms.ext.sqlalchemy`` became the WTForms-SQLAlchemy
  distribution, whose releases have changed since (a new dependency to
  choose a version of), and the other modules have no drop-in target.
"""

from __future__ import annotations

from .._model import Edit
from . import _moves
from . import register
from ._module import Module
from ._moves import Move
from ._moves import SameName

_TEXT = {"TextField": Move("wtforms", "StringField", needs="WTForms>=2.0")}

#: ``required = Required`` (so ``DataRequired``) is the one lower-case alias
#: WTForms 3.0.0 dropped; ``email``, ``length`` and the others are still
#: there (established by installing 2.3.3 and 3.0.0: the knowledge base).
_ALIASES = {"required": "DataRequired"}


#: ``__all__`` of ``wtforms.fields.html5`` and ``wtforms.widgets.html5``
#: (WTForms 2.3.3): what their star imports bound.
HTML5_FIELDS = frozenset(
    "DateField DateTimeField DateTimeLocalField DecimalField DecimalRangeField "
    "EmailField IntegerField IntegerRangeField SearchField TelField "
    "URLField".split()
)
HTML5_WIDGETS = frozenset(
    "ColorInput DateInput DateTimeInput DateTimeLocalInput EmailInput "
    "MonthInput NumberInput RangeInput SearchInput TelInput TimeInput "
    "URLInput WeekInput".split()
)


def _refuse(what: str) -> SameName:
    return SameName(
        refuse=f"{what}; WTForms 3.0.0 removed wtforms.ext: rewrite by hand"
    )


TABLE: _moves.Table = {
    "wtforms": _TEXT,
    "wtforms.fields": {
        "TextField": Move("wtforms.fields", "StringField", needs="WTForms>=2.0")
    },
    "wtforms.fields.simple": {
        "TextField": Move("wtforms.fields", "StringField", needs="WTForms>=2.0")
    },
    "wtforms.validators": {
        "Required": Move("wtforms.validators", "DataRequired", needs="WTForms>=2.0"),
        **{
            alias: Move("wtforms.validators", name, needs="WTForms>=2.0")
            for alias, name in _ALIASES.items()
        },
    },
    "wtforms.fields.html5": SameName(
        "wtforms.fields", needs="WTForms>=3.0", exports=HTML5_FIELDS
    ),
    "wtforms.widgets.html5": SameName(
        "wtforms.widgets", needs="WTForms>=3.0", exports=HTML5_WIDGETS
    ),
    "wtforms.ext.sqlalchemy.fields": _refuse(
        "wtforms.ext.sqlalchemy became the WTForms-SQLAlchemy distribution, "
        "whose releases changed since: pip install WTForms-SQLAlchemy and "
        "import from wtforms_sqlalchemy.fields"
    ),
    "wtforms.ext.sqlalchemy.orm": _refuse(
        "wtforms.ext.sqlalchemy became the WTForms-SQLAlchemy distribution, "
        "whose releases changed since: pip install WTForms-SQLAlchemy and "
        "import from wtforms_sqlalchemy.orm"
    ),
    "wtforms.ext.csrf": _refuse(
        "wtforms.ext.csrf became the 'csrf' option of Form.Meta (wtforms.csrf)"
    ),
    "wtforms.ext.csrf.form": _refuse("wtforms.ext.csrf became wtforms.csrf and Meta"),
    "wtforms.ext.csrf.session": _refuse(
        "wtforms.ext.csrf.session became wtforms.csrf.session with Meta options"
    ),
    "wtforms.ext.i18n.form": _refuse(
        "wtforms.ext.i18n became the 'locales' option of Form.Meta"
    ),
    "wtforms.ext.dateutil.fields": _refuse(
        "wtforms.ext.dateutil has no replacement in WTForms"
    ),
    "wtforms.ext.appengine.db": _refuse(
        "wtforms.ext.appengine became the WTForms-Appengine distribution"
    ),
    "wtforms.ext.django.orm": _refuse(
        "wtforms.ext.django became the WTForms-Django distribution"
    ),
}


@register("wtforms-renames", markers=("wtforms",), quick=_moves.quick_for(TABLE))
def fix(module: Module) -> list[Edit]:
    """Use the names WTForms 3 has."""
    return _moves.rewrite(module, TABLE)
