"""``werkzeug-contrib``: the ``werkzeug.contrib`` and ``werkzeug.wsgi``
middleware that moved to ``werkzeug.middleware``.

Werkzeug 0.15.0 moved ``SharedDataMiddleware``, ``DispatcherMiddleware``
and ``ProxyMiddleware`` (from ``werkzeug.wsgi``) and ``ProfilerMiddleware``
and ``LintMiddleware`` (from ``werkzeug.contrib``) to ``werkzeug.middleware``,
leaving the old names as deprecated aliases; 1.0.0 removed the aliases and
``werkzeug.contrib`` (Werkzeug changelog 0.15.0, 1.0.0).

Refused, with the hand step:

- ``ProxyFix``: the new one trusts one header per ``x_*`` count and takes
  the last of several values; ``num_proxies`` of the old one maps to
  ``x_for`` only, and its handling of ``X-Forwarded-Proto``/``-Host``
  differs (Werkzeug changelog 0.15.0, 0.15.6). Which headers to trust is a
  deployment decision.
- ``ProfilerMiddleware(app, stream=None)``: ``None`` meant stdout before
  0.15 and means "no output" after (Werkzeug 1.0 ``ProfilerMiddleware``
  docs).
- the rest of ``werkzeug.contrib``, which went to other distributions
  (``cachelib``, ``secure-cookie``) or away.
"""

from __future__ import annotations

import ast
import re

from .._model import Edit
from . import _moves
from . import register
from ._module import Module
from ._moves import Move
from ._moves import Refuse
from ._moves import SameName

_PROXY_FIX = Refuse(
    "werkzeug.contrib.fixers.ProxyFix has no exact equivalent: use "
    "werkzeug.middleware.proxy_fix.ProxyFix(app, x_for=N, x_proto=1, "
    "x_host=1) with the counts of the headers your proxies set (Werkzeug "
    "0.15.0/0.15.6 changelog: num_proxies maps to x_for only, and several "
    "header values are handled differently)"
)
_PROFILER = Move(
    "werkzeug.middleware.profiler", "ProfilerMiddleware", needs="Werkzeug>=0.15"
)


_MODULES = re.compile(r"\b(?:contrib|wsgi)\b")


def _gone(what: str) -> SameName:
    return SameName(refuse=f"{what} (Werkzeug 1.0.0 removed werkzeug.contrib)")


TABLE: _moves.Table = {
    "werkzeug.wsgi": {
        "SharedDataMiddleware": Move(
            "werkzeug.middleware.shared_data",
            "SharedDataMiddleware",
            needs="Werkzeug>=0.15",
        ),
        "DispatcherMiddleware": Move(
            "werkzeug.middleware.dispatcher",
            "DispatcherMiddleware",
            needs="Werkzeug>=0.15",
        ),
        "ProxyMiddleware": Move(
            "werkzeug.middleware.http_proxy", "ProxyMiddleware", needs="Werkzeug>=0.15"
        ),
    },
    "werkzeug.contrib.fixers": {
        "ProxyFix": _PROXY_FIX,
        "CGIRootFix": Refuse(
            "CGIRootFix was removed in Werkzeug 1.0.0 without a replacement; "
            "set SCRIPT_NAME in the server instead"
        ),
        "PathInfoFromRequestUriFix": Refuse(
            "PathInfoFromRequestUriFix was removed in Werkzeug 1.0.0 without "
            "a replacement"
        ),
        "HeaderRewriterFix": Refuse(
            "HeaderRewriterFix was removed in Werkzeug 1.0.0: set the headers "
            "in an after_request handler"
        ),
        "InternetExplorerFix": Refuse(
            "InternetExplorerFix was removed in Werkzeug 1.0.0 without a replacement"
        ),
    },
    "werkzeug.contrib.profiler": {
        "ProfilerMiddleware": _PROFILER,
        "MergeStream": Refuse(
            "MergeStream was removed in Werkzeug 1.0.0: write a small class "
            "whose write() writes to each stream"
        ),
    },
    "werkzeug.contrib.lint": {
        "LintMiddleware": Move(
            "werkzeug.middleware.lint", "LintMiddleware", needs="Werkzeug>=0.15"
        )
    },
    "werkzeug.contrib.cache": _gone(
        "werkzeug.contrib.cache became the cachelib distribution: pip install "
        "cachelib and import the cache classes from cachelib"
    ),
    "werkzeug.contrib.securecookie": _gone(
        "werkzeug.contrib.securecookie became the secure-cookie distribution"
    ),
    "werkzeug.contrib.sessions": _gone(
        "werkzeug.contrib.sessions became the secure-cookie distribution"
    ),
    "werkzeug.contrib.atom": _gone(
        "werkzeug.contrib.atom has no replacement in Werkzeug: generate the "
        "feed with a template or a feed library"
    ),
    "werkzeug.contrib.wrappers": _gone(
        "the werkzeug.contrib.wrappers mixins were merged into Request and "
        "Response or removed"
    ),
    "werkzeug.contrib.iterio": _gone("werkzeug.contrib.iterio was removed"),
    "werkzeug.contrib.limiter": _gone(
        "werkzeug.contrib.limiter was removed: use werkzeug.wsgi.LimitedStream"
        " or the server's request size limit"
    ),
    "werkzeug.contrib.jsrouting": _gone("werkzeug.contrib.jsrouting was removed"),
}


def _check_profiler_calls(module: Module) -> bool:
    """``stream=None`` changed meaning; so may anything that can be None.

    :return: Whether every call is safe (else each unsafe one is refused,
        and so are the imports of ``ProfilerMiddleware``).
    """
    safe = True
    wanted = {
        c.span.start
        for c in module.scan.calls
        if c.callee == "werkzeug.contrib.profiler.ProfilerMiddleware"
    }
    for call in module.names.calls:
        if module.span(call)[0] not in wanted:
            continue
        stream: ast.expr | None = call.args[1] if len(call.args) > 1 else None
        for keyword in call.keywords:
            if keyword.arg in ("stream", None):
                stream = keyword.value
        if any(isinstance(a, ast.Starred) for a in call.args):
            stream = call.args[0]
        if stream is not None and not isinstance(stream, (ast.Attribute, ast.Call)):
            safe = False
            module.refuse(
                call.lineno,
                "ProfilerMiddleware's stream=None meant stdout before Werkzeug "
                "0.15 and means no output since; pass the stream explicitly "
                "(sys.stdout) and move the import by hand",
            )
    return safe


@register(
    "werkzeug-contrib",
    markers=("werkzeug",),
    quick=lambda t: _MODULES.search(t) is not None,
)
def fix(module: Module) -> list[Edit]:
    """Import the middleware from ``werkzeug.middleware``."""
    if "ProfilerMiddleware" in module.text and not _check_profiler_calls(module):
        why = Refuse(
            "ProfilerMiddleware's stream=None meant stdout before Werkzeug 0.15: "
            "a call below was refused, so its import stays as it is too"
        )
        profiler = {**TABLE["werkzeug.contrib.profiler"], "ProfilerMiddleware": why}
        return _moves.rewrite(module, {**TABLE, "werkzeug.contrib.profiler": profiler})
    return _moves.rewrite(module, TABLE)
