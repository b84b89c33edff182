# corpus: runnable
from typing import TYPE_CHECKING

from flask import Flask

if TYPE_CHECKING:
    from flask.ext.counter import Counter


def make_counter() -> "Counter":
    from flask.ext.counter import Counter
    return Counter()


class Views:
    from flask.ext.greeting import shout as _shout

    @staticmethod
    def title(text):
        return Views._shout(text)


app = Flask(__name__)
counter = make_counter()


@app.route("/")
def index():
    counter.hit("a")
    return Views.title("nested")
