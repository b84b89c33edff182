# corpus: runnable
# Uses an extension that is still only installed under flaskext/, like
# Flask-MySQL; the migration must keep that import working.
from flask import Flask
from flaskext.legacydb import LegacyDB
from flask.ext.greeting import Greeting

app = Flask(__name__)
db = LegacyDB(app)
greeting = Greeting(app)


@app.route("/")
def index():
    return greeting.greet("%d rows" % db.count())
