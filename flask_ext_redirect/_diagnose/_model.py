"""Plain data of ``doctor PATH``: what each file showed, and the findings."""

from __future__ import annotations

import dataclasses

from ._ids import finding_id

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


@dataclasses.dataclass(frozen=True)
class ImportFact:
    """An import statement's target, canonical (``flask_wtf.Form``)."""

    qualname: str
    line: int
    col: int
    deferred: bool
    #: The module as written (``flask.ext.wtf``).
    written: str


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
    #: ``"removed-config"``.
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
