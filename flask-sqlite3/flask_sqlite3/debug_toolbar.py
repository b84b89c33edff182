"""A Flask-DebugToolbar panel that lists the request's recorded queries.

.. code-block:: python

    app.config["SQLITE3_RECORD_QUERIES"] = True
    app.config["DEBUG_TB_PANELS"] = [
        "flask_debugtoolbar.panels.timer.TimerDebugPanel",
        "flask_debugtoolbar.panels.request_vars.RequestVarsDebugPanel",
        # ... the other panels you want, then:
        "flask_sqlite3.debug_toolbar.SQLite3Panel",
    ]
    DebugToolbarExtension(app)

Importing this module needs Flask-DebugToolbar; nothing else in
``flask_sqlite3`` imports it.
"""

from __future__ import annotations

from flask import current_app
from flask import has_app_context

try:
    from flask_debugtoolbar.panels import DebugPanel
except ImportError as e:  # pragma: no cover - tested where it is installed
    raise ImportError(
        "flask_sqlite3.debug_toolbar is a panel for Flask-DebugToolbar, which"
        " is not installed: install it, or take"
        " 'flask_sqlite3.debug_toolbar.SQLite3Panel' out of DEBUG_TB_PANELS."
    ) from e

from ._record import get_recorded_queries
from ._record import QueryInfo
from ._state import EXTENSION_KEY

__all__ = ["SQLite3Panel"]

_TEMPLATE = """\
{% if not recording %}
<p>No database of this app records its queries. Set
<code>SQLITE3_RECORD_QUERIES = True</code> (or
<code>SQLITE3_&lt;NAME&gt;_RECORD_QUERIES</code>) to see them here.</p>
{% else %}
<table class="flDebugTablesorter">
  <thead>
    <tr><th>(ms)</th><th>Database</th><th>Location</th><th>Query</th></tr>
  </thead>
  <tbody>
  {% for query in queries %}
    <tr class="{{ loop.cycle('flDebugOdd', 'flDebugEven') }}">
      <td>{{ '%.3f'|format(query.duration * 1000) }}</td>
      <td>{{ query.database or '(default)' }}</td>
      <td title="{{ query.location }}">{{ query.location.rsplit('/', 1)[-1] }}</td>
      <td class="flDebugSyntax"><div class="flDebugSqlWrap"><div class="flDebugSql">
        {{- query.statement }}
        {%- if query.parameters %}<br><small>{{ query.parameters }}</small>{% endif -%}
      </div></div></td>
    </tr>
  {% endfor %}
  </tbody>
</table>
{% endif %}
"""


def _recording() -> bool:
    """Whether any database of the current app records its queries."""
    if not has_app_context():
        return False
    return any(
        state.settings.record_queries
        for key, state in current_app.extensions.items()
        if key == EXTENSION_KEY or key.startswith(f"{EXTENSION_KEY}.")
    )


class SQLite3Panel(DebugPanel):
    """The statements run in the request, with their parameters, duration
    and the code that ran them (from :func:`flask_sqlite3.get_recorded_queries`).

    .. versionadded:: 1.0
    """

    name = "SQLite3"
    has_content = True

    def _queries(self) -> list[QueryInfo]:
        return get_recorded_queries()

    def nav_title(self) -> str:
        return "SQLite3"

    def nav_subtitle(self) -> str:
        if not _recording():
            return "not recording"
        count = len(self._queries())
        return f"{count} {'query' if count == 1 else 'queries'}"

    def title(self) -> str:
        return "SQLite3 queries"

    def url(self) -> str:
        return ""

    def content(self) -> str:
        template = self.jinja_env.from_string(_TEMPLATE)
        return template.render(queries=self._queries(), recording=_recording())
