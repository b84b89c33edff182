from flask.ext.wtf import Form
from wtforms import TextField, TextAreaField
from wtforms.validators import required, Length


class EntryForm(Form):
    author = TextField(u'Name', [required(), Length(max=40)])
    message = TextAreaField(u'Message', [required()])
