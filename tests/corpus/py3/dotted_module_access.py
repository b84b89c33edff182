# corpus: runnable
# Old code that imported the extension module itself and used the full
# dotted path everywhere (seen in several 2012 tutorials).
import flask
import flask.ext.greeting
import flask.ext.counter.storage

app = flask.Flask(__name__)
greeter = flask.ext.greeting.Greeting(app, word="hi")
store = flask.ext.counter.storage.MemoryStorage()


@app.route("/")
def index():
    store.incr("x")
    return flask.ext.greeting.shout(greeter.greet("dotted"))
