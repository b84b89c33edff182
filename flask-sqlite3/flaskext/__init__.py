"""The legacy ``flaskext`` namespace package of old Flask extensions."""

__path__ = __import__("pkgutil").extend_path(__path__, __name__)
