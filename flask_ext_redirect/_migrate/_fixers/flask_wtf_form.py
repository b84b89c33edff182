"""``flask-wtf-form``: ``flask_wtf.Form`` -> ``flask_wtf.FlaskForm``, and
the WTForms names old Flask-WTF re-exported -> WTForms.

Flask-WTF 0.13 renamed ``Form`` to ``FlaskForm``; from 1.0.0 ``Form`` is
plain ``wtforms.Form``, so ``validate_on_submit()`` and CSRF protection are
gone and views fail only when a request arrives (Flask-WTF changelog 0.13,
1.0.0). Before 0.9.0 ``flask_wtf`` (``flaskext.wtf``) re-exported WTForms'
fields and validators; 0.9.0 stopped ("Instead of importing Fields from
Flask-WTF, you need to import them from the original wtforms", Flask-WTF
upgrade notes 0.9.0). Those go to ``wtforms`` / ``wtforms.validators``
under the same name (``wtforms-renames`` then renames the ones WTForms 3
dropped); ``FileField``, ``FileAllowed`` and ``FileRequired`` go to
``flask_wtf.file``.
"""

from __future__ import annotations

from .._model import Edit
from . import _moves
from . import register
from ._module import Module
from ._moves import Move

_FIELDS = (
    "BooleanField DecimalField DateField DateTimeField FieldList FloatField "
    "FormField IntegerField RadioField SelectField SelectMultipleField "
    "StringField TextField TextAreaField PasswordField HiddenField "
    "SubmitField Field Label"
)
_VALIDATORS = (
    "DataRequired Required InputRequired Optional Length Email EqualTo "
    "NumberRange Regexp URL AnyOf NoneOf IPAddress MacAddress UUID "
    "ValidationError StopValidation data_required required input_required "
    "optional length email equal_to number_range regexp url any_of none_of "
    "ip_address mac_address"
)

TABLE: _moves.Table = {
    "flask_wtf": {
        "Form": Move("flask_wtf", "FlaskForm", needs="Flask-WTF>=0.13"),
        "validators": Move("wtforms", "validators"),
        "widgets": Move("wtforms", "widgets"),
        "FileField": Move("flask_wtf.file", "FileField"),
        "FileAllowed": Move("flask_wtf.file", "FileAllowed"),
        "FileRequired": Move("flask_wtf.file", "FileRequired"),
        **{name: Move("wtforms", name) for name in _FIELDS.split()},
        **{name: Move("wtforms.validators", name) for name in _VALIDATORS.split()},
    },
    "flask_wtf.form": {
        "Form": Move("flask_wtf.form", "FlaskForm", needs="Flask-WTF>=0.13")
    },
}


@register("flask-wtf-form", markers=("flask_wtf",), quick=_moves.quick_for(TABLE))
def fix(module: Module) -> list[Edit]:
    """Subclass ``FlaskForm``; import WTForms' names from WTForms."""
    return _moves.rewrite(module, TABLE)
