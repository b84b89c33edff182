# -*- coding: utf-8 -*-
"""A Flask 0.9 app, 2012, Python 2.7."""
import os
import sys

from flask import Flask, render_template
from flask.ext.sqlalchemy import SQLAlchemy
from flask.ext.login import LoginManager

app = Flask(__name__)
app.config.from_object('config')
db = SQLAlchemy(app)
lm = LoginManager()
lm.init_app(app)

try:
    import simplejson as json
except ImportError, e:
    print >>sys.stderr, "simplejson missing:", e
    import json


@app.route('/')
def index():
    print "index requested"
    return render_template('index.html', title=u'Accueil — é')

if __name__ == '__main__':
    print 'Running on port %d' % int(os.environ.get('PORT', 5000))
    app.run(debug=True)
