import os

try:
    from flask.ext.cache import Cache
except ImportError:
    from flask_cache import Cache
from flask.ext.mail import Mail, Message
from flask.ext.babel import Babel, gettext as _, lazy_gettext

cache = Cache(config={"CACHE_TYPE": os.environ.get("CACHE_TYPE", "simple")})
mail = Mail()
babel = Babel()


def send_welcome(user):
    msg = Message(_("Welcome!"), recipients=[user.email])
    msg.body = lazy_gettext("Thanks for signing up.")
    mail.send(msg)


@cache.memoize(timeout=60)
def expensive(n):
    return sum(range(n))
