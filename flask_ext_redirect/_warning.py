# The warning every legacy import emits: its own module, so that the package
# (``import flask_ext_redirect``), the loader and the error class built on it
# import it from below without loading the resolver.
from __future__ import annotations


class FlaskExtDeprecationWarning(DeprecationWarning):
    """An import used ``flask.ext.<name>`` or an aliased ``flaskext.<name>``.

    The message gives the import to use instead.  It is a
    :exc:`DeprecationWarning`, so Python shows it for code run as
    ``__main__`` and under test runners, and the usual filters silence it.
    """


# Named, and pickled, as what it is: flask_ext_redirect's.
FlaskExtDeprecationWarning.__module__ = "flask_ext_redirect"
