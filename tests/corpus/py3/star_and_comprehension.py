# corpus: runnable
# A star import, and a comprehension used as an object (both made
# flask-ext-migrate 1.0.1 abort).
from flask import Flask
from flask.ext.greeting import *

app = Flask(__name__)
greeting = Greeting(app)
WORDS = ["spam", "eggs", "spam"]
SPAM = [word for word in WORDS].count("spam")


@app.route("/")
def index():
    return shout(greeting.greet("%d spam" % SPAM))
