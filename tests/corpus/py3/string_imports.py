# corpus: runnable
"""Plugin loading by name, as some 2014 CMS projects did."""
import importlib

from flask import Flask

EXTENSIONS = ("greeting",)

app = Flask(__name__)
greeting_module = importlib.import_module("flask.ext.greeting")
__import__("flask.ext.counter")
counter_module = importlib.import_module('flask.ext.counter')


@app.route("/")
def index():
    ext = greeting_module.Greeting(word="loaded")
    return ext.greet("plugin")
