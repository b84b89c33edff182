from flask.ext.wtf import Form
from flask.ext.wtf.file import FileField, FileAllowed
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(Form):
    email = StringField("Email", validators=[DataRequired(), Email()])
    password = PasswordField("Password", validators=[DataRequired()])


class PostForm(Form):
    title = StringField("Title", validators=[Length(max=200)])
    body = TextAreaField("Body")
    image = FileField("Image", validators=[FileAllowed(["jpg", "png"])])
