"""``migrate --upgrade`` beyond Python source: the requirements files
(drop Python 2 backports, raise pins to the first release that works,
swap a dead distribution for its drop-in successor, as the knowledge base
says) and the Jinja templates (Flask-Login's members that became
properties). Each file is rewritten byte for byte elsewhere, atomically,
with the same ``--diff``/``--check`` behaviour as source files."""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Sequence

from .._era import load
from .._era import TemplateChange
from .._requirements import judge
from .._requirements import read_files
from .._requirements import rewrite
from .._requirements import Verdict
from .._templates import rewrite_template
from .._templates import template_files
from .._templates import template_folders
from .._templates._folders import TEMPLATE_SUFFIXES
from ._files import CHECK
from ._files import describe_os_error
from ._files import DIFF
from ._files import Outcome
from ._files import unified_diff
from ._files import WRITE
from ._files import write_over
from ._model import Message
from ._walk import Walker

__all__ = ["upgrade_other_files"]


def _target_flask() -> str | None:
    """The installed Flask, else the newest the knowledge base knows
    first releases for."""
    from importlib import metadata

    try:
        return metadata.version("flask")
    except metadata.PackageNotFoundError:
        minors = {m for r in load().releases for m, _ in r.first_with_flask}
        return (
            max(minors, key=lambda m: tuple(map(int, m.split(".")))) if minors else None
        )


def upgrade_other_files(
    paths: Sequence[str], action: str, skip: set[str], excludes: Sequence[str] = ()
) -> tuple[list[Outcome], int]:
    """Rewrite the requirements files and templates under ``paths``.

    :param action: ``write``, ``diff`` or ``check``.
    :param skip: files the Python pass changed (a ``setup.py``): left for
        a second run, so that one run never writes a file twice.
    :param excludes: ``--exclude`` patterns.
    :return: The outcomes, and how many files were looked at.
    """
    outcomes: list[Outcome] = []
    kb = load()
    excluded = Walker(paths, excludes).excluded if excludes else None
    sources, problems = read_files(paths, excluded)
    for path, reason in problems:
        outcomes.append(Outcome(path, "error", [Message(0, reason)]))
    verdicts = judge(sources, kb, flask=_target_flask())
    for source in sources:
        if source.kind == "pipfile":
            continue
        mine = [v for v in verdicts if v.requirement.path == source.path]
        notes = [
            Message(
                v.requirement.line, f"{v.requirement.name} not rewritten: {v.refusal}"
            )
            for v in mine
            if v.refusal and v.action is None
        ]
        if source.hashed and mine:
            outcomes.append(
                Outcome(
                    source.path,
                    "error",
                    [
                        Message(
                            0,
                            "uses --hash=, so it is not rewritten: each hash pins"
                            " the old release; regenerate the file with the tool"
                            " that made it (e.g. pip-compile --generate-hashes)"
                            " after raising the pins doctor names",
                        )
                    ],
                )
            )
            continue
        actions = [v for v in mine if v.action is not None]
        if not actions:
            if notes:
                outcomes.append(Outcome(source.path, "unchanged", notes=notes))
            continue
        if os.path.realpath(source.path) in skip:
            notes.append(
                Message(
                    0,
                    "its code was rewritten in this run: run migrate --upgrade"
                    " again for its requirements",
                )
            )
            outcomes.append(Outcome(source.path, "unchanged", notes=notes))
            continue
        outcomes.append(_apply(source.path, action, _requirements(actions), notes))
    # The folders the code names, and template folders or files given.
    folders = template_folders(
        paths,
        [p for p in paths if os.path.basename(os.path.normpath(p)) == "templates"],
    )
    given = [p for p in paths if os.path.isfile(p) and p.endswith(TEMPLATE_SUFFIXES)]
    files = sorted({*template_files(folders, excluded), *given})
    changes = kb.template_changes
    for path in files:
        outcome = _apply(path, action, _template(path, changes), [])
        if outcome.status != "unchanged" or outcome.notes or outcome.errors:
            outcomes.append(outcome)
    return outcomes, len(sources) + len(files)


#: Rewrites a file's text: the new text and notes for the user.
Edit = Callable[[str], "tuple[str, list[Message]]"]


def _requirements(actions: list[Verdict]) -> Edit:
    def edit(text: str) -> tuple[str, list[Message]]:
        new, notes = rewrite(text, actions)
        return new, [Message(0, note) for note in notes]

    return edit


def _template(path: str, changes: Sequence[TemplateChange]) -> Edit:
    def edit(text: str) -> tuple[str, list[Message]]:
        new, notes = rewrite_template(path, text, changes)
        return new, [Message(line, note) for line, note in notes]

    return edit


def _apply(path: str, action: str, edit: Edit, notes: list[Message]) -> Outcome:
    try:
        st = os.stat(path)
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return Outcome(path, "error", [Message(0, describe_os_error(e))])
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return Outcome(
            path, "error", [Message(0, f"not UTF-8 ({e.reason}); left as it was")]
        )
    new, more = edit(text)
    outcome = Outcome(path, "unchanged", notes=notes + more)
    if new == text:
        return outcome
    encoding = "utf-8-sig" if bom else "utf-8"
    new_data = new.encode(encoding)
    outcome.status = "changed"
    if action == DIFF:
        outcome.diff = unified_diff(path, text, new, encoding)
    elif action == WRITE:
        write_over(outcome, path, new_data, st)
    else:
        assert action == CHECK
    return outcome
