"""Stand-in for a new-style extension module (``flask_greeting``)."""


class Greeting:
    def __init__(self, app=None, word="hello"):
        self.word = word
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.extensions["greeting"] = self

    def greet(self, name):
        return "%s, %s" % (self.word, name)


def shout(text):
    return text.upper()
