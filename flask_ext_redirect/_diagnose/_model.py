"""Plain data of ``doctor PATH``: what each file showed, and the findings."""

from __future__ import annotations

import dataclasses

from ._ids import finding_id
from ._source import SourceFacts

#: When a finding stops the application, in the order things happen.
PHASES = ("install", "import", "request")


@dataclasses.dataclass(frozen=True)
class Use:
    """A use of a knowledge-base API entry in one file."""

    api: str
    line: int
    col: int
    #: Runs only when a function is called.
    deferred: bool
    #: The module (top-level) the project must import for this use to be
    #: the API's: method names and config keys are only names.
    needs: str | None = None
    #: Why it may never run or fails harmlessly (see :attr:`.Call.guard`):
    #: such a use is never reported.
    guard: str = ""
    #: For an attribute or method found by its name: the receiver as
    #: written (``""``: the use needs none, or is the API's by its
    #: qualified name).
    receiver: str = ""
    #: The class the receiver is an instance of, where known.
    receiver_type: str | None = None
    #: What the receiver resolves to through imports, for the judge to
    #: follow into the project's own modules (``app.app``, or
    #: ``from:.extensions.db`` relative to the file).
    receiver_ref: str | None = None
    #: Why doctor cannot be sure the use fails, besides its receiver
    #: (``""``: it is).
    doubt: str = ""


@dataclasses.dataclass(frozen=True)
class ImportFact:
    """An import statement's target, canonical (``flask_wtf.Form``)."""

    qualname: str
    line: int
    col: int
    deferred: bool
    #: The module as written (``flask.ext.wtf``).
    written: str
    #: Inside ``try``/``except ImportError`` or another guard: a module
    #: missing there is no failure.
    guard: str = ""
    #: Inside an ``if`` branch: imported only when its test holds.
    conditional: bool = False


@dataclasses.dataclass
class FileFacts:
    """What one file showed; small, so worker processes send it back cheaply."""

    path: str
    error: str | None = None
    error_line: int = 0
    python2: bool = False
    uses: list[Use] = dataclasses.field(default_factory=list)
    imports: list[ImportFact] = dataclasses.field(default_factory=list)
    #: Config keys the file names (set, read or mentioned).
    config_keys: set[str] = dataclasses.field(default_factory=set)
    #: Source lines of the uses and imports, by line number, for the report.
    lines: dict[int, str] = dataclasses.field(default_factory=dict)
    #: What the recall rules read (every file, also those the prefilter skips).
    source: SourceFacts | None = None
    #: The prefilter skipped it: only :attr:`source` was read.
    light: bool = False
    #: Module-level names bound to instances (see :attr:`.Scan.instances`).
    instances: dict[str, str] = dataclasses.field(default_factory=dict)
    #: The file creates a Flask application (``Flask(...)``): a tree where
    #: none does is judged as a library.
    creates_app: bool = False
    #: What the file uses that a changed config default governs: the
    #: qualified names it refers to (``flask.jsonify``).
    used: set[str] = dataclasses.field(default_factory=set)


@dataclasses.dataclass
class Finding:
    """One thing that stops (or will stop) the application, and its fix."""

    #: ``"blocker"`` or ``"warning"``.
    severity: str
    #: One of :data:`PHASES`: when it fails.
    when: str
    #: ``"bad-distribution"``, ``"python2"``, ``"unreadable"``,
    #: ``"missing-module"``, ``"dead-extension"``, ``"old-extension"``,
    #: ``"removed-api"``, ``"deprecated-api"``, ``"changed-default"``,
    #: ``"removed-config"``; the recall rules': ``"python2-module"``,
    #: ``"implicit-relative-import"``, ``"python2-construct"``,
    #: ``"app-context"``, ``"overlapping-distributions"``,
    #: ``"unchecked-extension"``.
    kind: str
    #: The API id, extension module or distribution concerned.
    subject: str
    #: What breaks, in one line.
    title: str
    why: str
    fix: str
    path: str | None = None
    line: int = 0
    col: int = 0
    #: The source line, stripped.
    code: str = ""
    #: ``migrate --upgrade`` rewrites it.
    mechanical: bool = False
    #: Changelog (project and version) the knowledge base cites.
    source: str = ""
    #: Further lines of the same file with the same finding.
    also: list[int] = dataclasses.field(default_factory=list)
    #: In a test or script the application does not import.
    outside: bool = False
    #: ``doctor --run`` hit it.
    confirmed: bool = False
    #: Why doctor is not sure (an attribute found by its name on an object
    #: it cannot type, a failure that depends on the request): such a
    #: finding is never a blocker.  ``""``: the code shows it.
    doubt: str = ""
    #: The id, where the check that made the finding gives one; see
    #: :attr:`id`.
    rule: str = ""

    @property
    def id(self) -> str:
        """Stable id for ``--select``/``--ignore`` and ``# doctor:
        ignore[...]`` (docs/workflow.rst): :attr:`rule` when given, else
        made from :attr:`kind` and :attr:`subject` by :func:`._ids.finding_id`
        (so it follows them when a check changes them after the fact)."""
        return self.rule or finding_id(self.kind, self.subject)

    def sort_key(self) -> tuple[int, int, str, int, int, int, str]:
        """Blockers first, then the order they fail in, then file and line
        (a file that does not compile at all before what is in it)."""
        return (
            0 if self.severity == "blocker" else 1,
            PHASES.index(self.when),
            self.path or "",
            0 if self.kind == "python2" else 1,
            self.line,
            self.col,
            self.subject,
        )
