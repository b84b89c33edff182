"""Stand-in for an extension that still installs only ``flaskext/``
(as Flask-MySQL 1.6.0 does)."""


class LegacyDB:
    def __init__(self, app=None):
        self.rows = []
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        app.extensions["legacydb"] = self

    def count(self):
        return len(self.rows)
