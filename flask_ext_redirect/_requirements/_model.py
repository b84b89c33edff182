"""What a requirements source says, one requirement at a time, with where
each piece sits in the file (so that a rewrite touches only those bytes)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Spec:
    """One version clause, e.g. ``==0.10.1``: ``start``/``end`` are the
    offsets of the version in the file's text."""

    op: str
    version: str
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class Requirement:
    """One requirement of a requirements source."""

    path: str
    line: int
    #: As written, e.g. ``Flask-SQLAlchemy``.
    name: str
    specs: tuple[Spec, ...]
    #: The environment marker as written (after ``;``), or ``""``.
    marker: str = ""
    #: The text of the line (or string), for the report.
    text: str = ""
    #: Offsets of the whole requirement in the file's text, so a rewrite can
    #: drop it (with its line, for requirements files).
    start: int = 0
    end: int = 0
    #: ``"requirements"``, ``"setup.py"``, ``"pyproject"`` or ``"pipfile"``.
    source: str = "requirements"
    #: Whether ``migrate --upgrade`` may rewrite this requirement in place.
    writable: bool = True
    #: Offsets of the version clauses (``==0.10.1``, ``(>=1,<2)``), empty
    #: when there are none.
    specs_start: int = 0
    specs_end: int = 0

    @property
    def key(self) -> str:
        """The normalized name (PEP 503), for comparisons."""
        return normalize(self.name)

    def pinned(self) -> str | None:
        """The version of a lone ``==`` pin (no wildcard), else ``None``."""
        if (
            len(self.specs) == 1
            and self.specs[0].op in ("==", "===")
            and ("*" not in self.specs[0].version)
        ):
            return self.specs[0].version
        return None


@dataclasses.dataclass
class Source:
    """One file read: its requirements and what could not be read."""

    path: str
    kind: str
    requirements: list[Requirement] = dataclasses.field(default_factory=list)
    #: Line and reason of each part left unread.
    problems: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    #: Files a requirements file names with ``-r`` or ``-c``.
    includes: list[str] = dataclasses.field(default_factory=list)
    #: The file uses ``--hash=``: pip checks every download against it, so
    #: it is never rewritten.
    hashed: bool = False


def normalize(name: str) -> str:
    """PEP 503's normal form: lower case, runs of ``-_.`` as one ``-``."""
    out: list[str] = []
    for char in name.lower():
        if char in "-_.":
            if not out or out[-1] != "-":
                out.append("-")
        else:
            out.append(char)
    return "".join(out)
