import importlib

EXTENSIONS = ['flask.ext.sqlalchemy', 'flask.ext.cache']


def load_plugins(app):
    for name in app.config.get('PLUGINS', []):
        module = importlib.import_module('flask.ext.admin')
        print 'loaded', name, module
    __import__('flask.ext.debugtoolbar')
