"""Knowledge-base entries found by what the recall reader sees rather than
by the scanner: environment variables Flask stopped using
(``os.environ["FLASK_ENV"]``), and ``csrf_enabled=`` passed to any form
class (a ``FlaskForm`` subclass is called by its own name)."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence

from .._era import Api
from .._era import KnowledgeBase
from ._model import FileFacts
from ._model import Finding

#: The entry a ``csrf_enabled=`` keyword meets.
CSRF_ENTRY = "flask_wtf.FlaskForm.csrf_enabled"
#: Entries about environment variables have ids under this prefix.
ENVIRON_PREFIX = "flask.environ."


def _environ_entries(kb: KnowledgeBase) -> dict[str, Api]:
    return {
        api.name: api
        for api in kb.apis
        if api.id.startswith(ENVIRON_PREFIX) and api.name
    }


def kb_uses(
    files: Sequence[FileFacts],
    kb: KnowledgeBase,
    imported: set[str],
    finding_for: Callable[[Api, bool], Finding | None],
) -> list[Finding]:
    """Findings for environment reads and ``csrf_enabled=`` keywords.

    :param imported: Top-level modules the project imports.
    :param finding_for: The judge's finding for an entry (None: cured or
        not applicable on these versions).
    """
    environ = _environ_entries(kb)
    try:
        csrf: Api | None = kb.api(CSRF_ENTRY)
    except KeyError:
        csrf = None
    found: list[Finding] = []
    for facts in files:
        source = facts.source
        if source is None:
            continue
        for spot in source.environ:
            api = environ.get(spot.what)
            if api is None:
                continue
            finding = finding_for(api, spot.deferred)
            if finding is None:
                continue
            if spot.detail == "subscript":
                finding.title += (
                    ": reading it with [] raises KeyError where it is unset"
                )
            else:
                # .get() returns None: behaviour changes, nothing raises.
                finding.severity = "warning"
                finding.kind = "changed-default"
            finding.when = "request" if spot.deferred else "import"
            _place(finding, facts, spot.line, spot.col)
            found.append(finding)
        if csrf is not None and "flask_wtf" in imported:
            for spot in source.csrf:
                finding = finding_for(csrf, spot.deferred)
                if finding is None:
                    continue
                # "flask_wtf.FlaskForm(csrf_enabled=...): removed in ...",
                # called by the subclass's own name.
                _, _, rest = finding.title.partition(": ")
                finding.title = f"{spot.what}(csrf_enabled=...), a FlaskForm: {rest}"
                _place(finding, facts, spot.line, spot.col)
                found.append(finding)
    return found


def _place(finding: Finding, facts: FileFacts, line: int, col: int) -> None:
    finding.path = facts.path
    finding.line = line
    finding.col = col
    finding.code = facts.lines.get(line, "")
