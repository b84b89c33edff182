# The legacy "flaskext" namespace package, old pkgutil style.  Every
# distribution that ships flaskext/... ships this same file; extend_path
# joins all their flaskext folders on sys.path into one package.
__path__ = __import__("pkgutil").extend_path(__path__, __name__)
