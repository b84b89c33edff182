"""The one rule that says where ``flask.ext.<name>`` lives.

Placeholder until the lead's module lands on main; the API is the same.
"""

from __future__ import annotations

import importlib.util


def candidates(ext: str) -> tuple[str, str]:
    """The modules ``flask.ext.<ext>`` may be, in resolution order.

    :param ext: The extension name after ``flask.ext.``.
    """
    return ("flask_" + ext, "flaskext." + ext)


def locate(ext: str) -> str | None:
    """The first candidate that can be imported, without importing it.

    :param ext: The extension name after ``flask.ext.``.
    """
    for name in candidates(ext):
        try:
            if importlib.util.find_spec(name) is not None:
                return name
        except (ImportError, ValueError):
            continue
    return None
