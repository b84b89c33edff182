"""extensions.py, written with module imports (the "explicit is better" style)."""
import flask.ext.sqlalchemy
import flask.ext.login as login
import flask.ext.bcrypt, os
import flask.ext.debugtoolbar

db = flask.ext.sqlalchemy.SQLAlchemy()
login_manager = login.LoginManager()
bcrypt = flask.ext.bcrypt.Bcrypt()
toolbar = flask.ext.debugtoolbar.DebugToolbarExtension()

SECRET = os.environ.get("SECRET_KEY", "dev")


def init(app: "flask.Flask") -> None:
    for ext in (db, login_manager, bcrypt, toolbar):
        ext.init_app(app)
