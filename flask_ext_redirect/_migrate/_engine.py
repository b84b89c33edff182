"""Pick the engine for a source text: ``ast`` when it parses, else Python 2."""

from __future__ import annotations

import ast
import sys
import tokenize
import warnings

from . import _py2
from . import _py3
from ._model import Rewrite
from ._model import Unsafe
from ._targets import Targets


def rewrite_source(text: str, targets: Targets | None = None) -> Rewrite:
    """Rewrite every legacy ``flask.ext`` / ``flaskext`` import in ``text``.

    Python 3 source goes through ``ast``; source that doesn't parse but
    shows Python 2 constructs where parsing failed goes through
    ``tokenize``. Anything else is a syntax error.

    :param text: Decoded source, newlines untranslated.
    :param targets: How to choose new names; follows what is installed by
        default.
    :raise Unsafe: when the text cannot be rewritten safely; the message
        says why and where.
    """
    if targets is None:
        targets = Targets()
    try:
        with warnings.catch_warnings():
            # Invalid escapes and the like in the user's code are not ours
            # to report.
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError as e:
        error = e
    except ValueError as e:  # null bytes
        raise Unsafe(0, f"cannot parse: {e}") from e
    else:
        result = _py3.rewrite(text, tree, targets)
        # The tree of a large file is most of the memory a run needs: let
        # it go before the new text is parsed to check it.
        del tree
        _py3.check_parses(text, result.text)
        return result
    line = error.lineno or 0
    version = "{}.{}".format(*sys.version_info[:2])
    message = f"syntax error (Python {version}): {error.msg}"
    try:
        toks = _py2.tokens(text)
    except tokenize.TokenError as e:
        where = e.args[1][0] if len(e.args) > 1 else "?"
        raise Unsafe(
            line,
            f"syntax error (Python {version}): {error.msg}; not Python 2 "
            f"either: {e.args[0]} at line {where}",
        ) from e
    except SyntaxError as e:
        raise Unsafe(
            line,
            f"syntax error (Python {version}): {error.msg}; not Python 2 "
            f"either: {e.msg} at line {e.lineno}",
        ) from e
    # Python 2 if it holds a construct only Python 2 has. Parsers stop at
    # different places (3.11 trips over 0777 on line 20 before a backtick on
    # line 14), so anywhere in the file counts.
    if not _py2.py2_lines(toks):
        raise Unsafe(line, message)
    return _py2.rewrite(text, toks, targets)
