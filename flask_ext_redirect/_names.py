"""The one rule that maps ``flask.ext.<name>`` to a real module.

The finder lives in the start-up module, which must not import this package;
the rule is defined there and shared from here with the rest of the package
(the migration codemod and ``doctor`` rewrite and report by the same rule).
"""

from _flask_ext_redirect_startup import candidates
from _flask_ext_redirect_startup import locate

__all__ = ["candidates", "locate"]
