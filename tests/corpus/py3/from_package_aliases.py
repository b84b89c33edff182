# corpus: runnable
from flask import Flask
from flask.ext import greeting as g, counter

app = Flask(__name__)
ext = g.Greeting(app)
hits = counter.Counter(app)


@app.route("/")
def index():
    return "%s (%d)" % (ext.greet("aliases"), hits.hit("/"))
