"""Choose what a legacy module name becomes, by the finder's own rule."""

from __future__ import annotations

from .._names import candidates
from .._names import locate

#: ``--target`` values: follow what is installed, or force the new names.
AUTO = "auto"
NEW = "flask_"


class Targets:
    """Answer "what does this legacy name become?" with one cached look-up
    per extension.

    :param mode: :data:`AUTO` to rewrite to what resolves where the command
        runs, :data:`NEW` to always use ``flask_<name>``.
    """

    def __init__(self, mode: str = AUTO) -> None:
        self.mode = mode
        self._found: dict[str, str | None] = {}

    def _locate(self, ext: str) -> str | None:
        if ext not in self._found:
            try:
                self._found[ext] = locate(ext)
            except Exception:
                # A broken ``flaskext/__init__.py`` of someone else's: then
                # ``flaskext.<ext>`` can't be imported either.
                self._found[ext] = None
        return self._found[ext]

    def for_flask_ext(self, ext: str) -> tuple[str, bool]:
        """The module that replaces ``flask.ext.<ext>``.

        :param ext: The extension name.
        :return: The new dotted name, and whether neither candidate is
            installed (the new name is then used, and the summary says so).
        """
        new, old = candidates(ext)
        if self.mode == NEW:
            return new, False
        found = self._locate(ext)
        if found is None:
            return new, True
        return (old if found == old else new), False

    def for_flaskext(self, ext: str) -> str | None:
        """The module that replaces ``flaskext.<ext>``, or None to keep it.

        ``flaskext.foo`` is renamed only when ``flask_foo`` is importable:
        some extensions (Flask-MySQL) still install only ``flaskext/``.

        :param ext: The extension name.
        """
        new = candidates(ext)[0]
        if self.mode == NEW or self._locate(ext) == new:
            return new
        return None
