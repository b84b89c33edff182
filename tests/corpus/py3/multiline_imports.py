# corpus: runnable
from flask import (
    Flask,
    jsonify,
)
from flask.ext.greeting import (  # the greeting extension
    Greeting,
    shout,  # used in index()
)
from flask.ext.counter import Counter, \
    storage

app = Flask(__name__)
greet = Greeting(app)
hits = Counter(app, storage=storage.MemoryStorage())


@app.route("/")
def index():
    return jsonify(text=shout(greet.greet("multi")), n=hits.hit("i"))
