from datetime import date
from decimal import Decimal

from flask import Flask, request, g
from flask.json import JSONEncoder
from flask.ext.cache import Cache
from flask.ext.babel import Babel, gettext as _

app = Flask(__name__)
app.config.from_object('shop.settings')
cache = Cache(app)
babel = Babel(app)


class ShopJSONEncoder(JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, date):
            return o.isoformat()
        return JSONEncoder.default(self, o)


app.json_encoder = ShopJSONEncoder


@babel.localeselector
def get_locale():
    user = getattr(g, 'user', None)
    if user is not None:
        return user.locale
    return request.accept_languages.best_match(['de', 'fr', 'en'])


import shop.filters
import shop.views
