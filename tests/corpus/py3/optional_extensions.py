# corpus: runnable
"""Optional extensions: degrade gracefully when one is missing."""
from flask import Flask

try:
    from flask.ext.greeting import Greeting
except ImportError:  # pragma: no cover
    Greeting = None

try:
    from flask.ext.nonexistent_cache import Cache
except ImportError:
    Cache = None

app = Flask(__name__)
greeting = Greeting(app) if Greeting else None
cache = Cache(app) if Cache else None


@app.route("/")
def index():
    if greeting is None:
        return "no greeting"
    return greeting.greet("optional")
