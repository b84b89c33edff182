"""Flask-SQLite3: a SQLite database for each Flask app, one connection per
app context, closed at its teardown.

.. code-block:: python

    from flask_sqlite3 import SQLite3

    db = SQLite3()

    def create_app():
        app = Flask(__name__)
        app.config["SQLITE3_DATABASE"] = "app.sqlite"  # in the instance folder
        db.init_app(app)
        return app
"""

from ._extension import SQLite3
from ._schema import SchemaError

__all__ = ["SQLite3", "SchemaError"]
