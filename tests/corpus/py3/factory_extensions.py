# corpus: runnable
"""Application factory with a central extensions block (Flask 0.10 era)."""
from flask import Flask, jsonify
from flask.ext.greeting import Greeting, shout
from flask.ext.counter import Counter

greeting = Greeting()
counter = Counter()


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})
    greeting.init_app(app)
    counter.init_app(app)

    @app.route("/")
    def index():
        hits = counter.hit("index")
        return jsonify(message=shout(greeting.greet("factory")), hits=hits)

    return app


app = create_app({"TESTING": True})
