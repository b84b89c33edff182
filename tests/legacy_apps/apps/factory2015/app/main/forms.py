from flask.ext.wtf import Form
from wtforms import TextField, SubmitField
from wtforms.validators import Required, Length


class NameForm(Form):
    name = TextField('What is your name?', validators=[Required(), Length(1, 64)])
    submit = SubmitField('Submit')
