# -*- coding: utf-8 -*-
import re

from flask.ext.wtf import Form, TextField, PasswordField, validators
from flaskext.babel import gettext

SLUG = re.compile(ur'^[\w-]+$', re.UNICODE)


class SignupForm(Form):
    name = TextField(u'Name', [validators.Length(min=2)])
    password = PasswordField(u'Password', [validators.Required()])

    def validate_name(self, field):
        if not SLUG.match(field.data):
            raise validators.ValidationError, gettext(u'Invalid name')
