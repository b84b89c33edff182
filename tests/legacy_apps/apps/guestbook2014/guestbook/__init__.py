# -*- coding: utf-8 -*-
from flask import Flask
from flask.ext.wtf.csrf import CsrfProtect
from werkzeug.contrib.profiler import ProfilerMiddleware

app = Flask(__name__)
app.config.from_pyfile('settings.cfg', silent=True)
app.config.setdefault('SECRET_KEY', 'guestbook')
csrf = CsrfProtect(app)
if app.config.get('PROFILE'):
    app.wsgi_app = ProfilerMiddleware(app.wsgi_app, restrictions=[30])

from guestbook import views  # noqa
