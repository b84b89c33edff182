"""The one rule that maps ``flask.ext.<name>`` to a real module.

The redirect defines it; the migration codemod and ``doctor`` rewrite and
report by the very same rule, from here.
"""

from ._redirect import candidates
from ._redirect import locate

__all__ = ["candidates", "locate"]
