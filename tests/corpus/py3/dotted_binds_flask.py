# corpus: runnable
# "import flask.ext.x" also bound the name flask; this module relies on it.
import flask.ext.greeting

app = flask.Flask(__name__)
ext = flask.ext.greeting.Greeting(app)


@app.route("/")
def index():
    return flask.jsonify(text=ext.greet("bound"))
