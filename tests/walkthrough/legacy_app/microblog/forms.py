from flask.ext.wtf import Form
from wtforms import TextField, PasswordField, TextAreaField, SubmitField
from wtforms.validators import Required, Length


class LoginForm(Form):
    username = TextField('Username', validators=[Required(), Length(1, 64)])
    password = PasswordField('Password', validators=[Required()])
    submit = SubmitField('Log In')


class PostForm(Form):
    body = TextAreaField("What's on your mind?", validators=[Required()])
    submit = SubmitField('Submit')
