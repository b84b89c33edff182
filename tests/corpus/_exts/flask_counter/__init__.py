"""Stand-in for a new-style extension package with a submodule."""

from flask_counter.storage import MemoryStorage


class Counter:
    def __init__(self, app=None, storage=None):
        self.storage = storage or MemoryStorage()
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.extensions["counter"] = self

    def hit(self, key):
        return self.storage.incr(key)
