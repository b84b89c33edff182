# corpus: runnable
"""A blueprint module that reaches extension submodules by dotted name."""
import flask
from flask import Blueprint
from flask.ext.counter.storage import MemoryStorage as Storage
import flask.ext.counter as counting

bp = Blueprint("stats", __name__)
counter = counting.Counter(storage=Storage())


@bp.route("/")
def index():
    return flask.jsonify(hits=counter.hit("/"))


app = flask.Flask(__name__)
app.register_blueprint(bp)
