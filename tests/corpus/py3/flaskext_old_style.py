# The very first extension layout (Flask 0.6-0.7, 2010-2011): everything
# lived in the flaskext namespace.
from flaskext.sqlalchemy import SQLAlchemy
from flaskext.wtf import Form, TextField, Required
from flaskext import openid
import flaskext.cache

db = SQLAlchemy()
oid = openid.OpenID()
cache = flaskext.cache.Cache()


class SearchForm(Form):
    q = TextField("q", validators=[Required()])
