"""A pytest plugin that lists the legacy imports a test run triggered.

Opt-in, never loaded by installing the package::

    python -m pytest -p flask_ext_redirect.pytest_plugin

or ``pytest_plugins = ["flask_ext_redirect.pytest_plugin"]`` in the
top-level ``conftest.py``.  Recording starts when pytest loads the plugin,
before conftest files and test modules are imported, and the terminal
summary ends with one line per distinct legacy import: file, line, legacy
name and the module to import instead.

.. versionadded:: 1.0
"""

from __future__ import annotations

import os

from ._recorder import legacy_imports
from ._recorder import record_legacy_imports

TYPE_CHECKING = False
if TYPE_CHECKING:
    import pytest
    from _pytest.terminal import TerminalReporter

# Loaded with -p, this module is imported while pytest parses its arguments:
# earlier than any hook, so imports made by conftest files count too.
record_legacy_imports(log=False)


def pytest_terminal_summary(
    terminalreporter: TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    """Write the ``legacy flask.ext imports`` section."""
    found = legacy_imports()
    if not found:
        return
    root = str(config.rootpath)
    terminalreporter.section("legacy flask.ext imports")
    for item in found:
        filename = item.filename
        if filename.startswith(root + os.sep):
            filename = filename[len(root) + 1 :]
        terminalreporter.line(
            f"{filename}:{item.lineno}: {item.legacy} -> use {item.target}"
        )
