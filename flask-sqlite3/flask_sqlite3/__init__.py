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

from ._extension import ConfigChangedWarning
from ._extension import SQLite3
from ._record import get_recorded_queries
from ._record import QueryInfo
from ._schema import SchemaError
from ._schema import SchemaExistsError

__all__ = [
    "ConfigChangedWarning",
    "QueryInfo",
    "SQLite3",
    "SchemaError",
    "SchemaExistsError",
    "get_recorded_queries",
]
