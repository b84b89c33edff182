"""Plain data passed between the engines, the file layer and the report."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``; offsets count characters."""

    start: int
    end: int
    new: str


@dataclasses.dataclass(frozen=True)
class Message:
    """Something to tell the user about one line of one file."""

    #: 1-based line number, 0 when the message is about the whole file.
    line: int
    text: str


class Unsafe(Exception):
    """The file cannot be rewritten safely; it is left exactly as it was."""

    def __init__(self, line: int, text: str) -> None:
        super().__init__(text)
        self.line = line
        self.text = text


@dataclasses.dataclass
class Rewrite:
    """What an engine made of one source text."""

    text: str
    #: Lines whose legacy imports were kept on purpose (``flaskext.foo``
    #: with no ``flask_foo`` installed).
    kept: list[Message] = dataclasses.field(default_factory=list)
    #: Extensions rewritten to ``flask_<name>`` although neither candidate is
    #: installed where the command runs.
    missing: set[str] = dataclasses.field(default_factory=set)
    #: ``"py3"`` or ``"py2"``: which engine did the work.
    dialect: str = "py3"
    #: What ``--upgrade`` fixers want the user to know (hand steps left).
    notes: list[Message] = dataclasses.field(default_factory=list)
    #: What ``--upgrade`` refused (a statement, a use, a call), with why and
    #: what to do; the rest of the file is rewritten.
    refused: list[Message] = dataclasses.field(default_factory=list)
