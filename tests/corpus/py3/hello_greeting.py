# corpus: runnable
# A tiny app in the style of the Flask 0.10 quickstart, 2013.
from flask import Flask
from flask.ext.greeting import Greeting

app = Flask(__name__)
greeting = Greeting(app)


@app.route("/")
def index():
    return greeting.greet("world")


if __name__ == "__main__":
    app.run(debug=True)
