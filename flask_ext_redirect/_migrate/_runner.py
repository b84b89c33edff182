"""Run the codemod over many files: serially for small runs, else in a
process pool."""

from __future__ import annotations

import dataclasses
import functools
import os
import stat
import sys
from collections.abc import Iterator
from collections.abc import Sequence
from typing import TextIO

from .._pool import map_files
from ._files import describe_os_error
from ._files import has_markers
from ._files import migrate_file
from ._files import Outcome
from ._files import WRITE
from ._model import Message
from ._report import Progress
from ._report import report
from ._walk import Walker


@dataclasses.dataclass
class Options:
    """How ``migrate`` runs."""

    #: ``"write"``, ``"diff"`` or ``"check"``.
    action: str = WRITE
    #: ``"auto"`` or ``"flask_"``.
    target: str = "auto"
    #: Worker processes; 0 means one per available core.
    jobs: int = 0
    excludes: Sequence[str] = ()
    quiet: bool = False
    #: Run the ``--upgrade`` fixers too.
    upgrade: bool = False
    #: ``--target dist==version``: the releases the code will run on.
    pins: tuple[tuple[str, str], ...] = ()
    #: ``--only``/``--skip``: the fixer ids to run (all when None).
    fixers: frozenset[str] | None = None


def _candidates(
    walker: Walker,
    outcomes: list[Outcome],
    progress: Progress,
    upgrade: bool = False,
    imports: dict[str, set[str]] | None = None,
) -> tuple[list[str], int]:
    """Walk, and read each file once to see whether it needs parsing (and,
    with ``imports``, what it imports from other modules of the tree)."""
    if upgrade:
        from ._exports import record
        from ._upgrade import needs_upgrade
    found: list[str] = []
    scanned = 0
    for item in walker:
        if item.kind == "error":
            outcomes.append(Outcome(item.path, "error", [_msg(item.reason)]))
            continue
        if item.kind == "skipped":
            outcomes.append(Outcome(item.path, "skipped", notes=[_msg(item.reason)]))
            continue
        if upgrade and _is_requirements(item.path):
            continue  # read by the requirements pass (_extra.py), not as Python
        scanned += 1
        progress.update(total=1)
        try:
            st = os.stat(item.path)
            if not stat.S_ISREG(st.st_mode):
                outcomes.append(
                    Outcome(item.path, "error", [_msg("not a regular file")])
                )
                progress.update(done=1)
                continue
            with open(item.path, "rb") as f:
                data = f.read()
        except OSError as e:
            outcomes.append(Outcome(item.path, "error", [_msg(describe_os_error(e))]))
            progress.update(done=1)
            continue
        if imports is not None:
            record(item.path, data, imports)
        if has_markers(data) or (upgrade and needs_upgrade(data)):
            found.append(item.path)
        else:
            progress.update(done=1)
    return found, scanned


def _is_requirements(path: str) -> bool:
    """Requirements files and templates named on the command line are for
    the pass of _extra.py, not Python."""
    from .._requirements import is_requirements_file
    from .._templates._folders import TEMPLATE_SUFFIXES

    if path.endswith(".py"):
        return False
    return is_requirements_file(path) or path.endswith(TEMPLATE_SUFFIXES)


def _msg(text: str) -> Message:
    return Message(0, text)


def _run(
    paths: list[str],
    options: Options,
    imports: dict[str, set[str]] | None = None,
) -> Iterator[Outcome]:
    exported = None
    if imports is not None:
        from ._exports import imported_names

        exported = imported_names(imports)
    job = functools.partial(
        migrate_file,
        action=options.action,
        target=options.target,
        upgrade=options.upgrade,
        fixer_ids=options.fixers,
        pins=options.pins,
        exported=exported,
    )
    yield from map_files(paths, job, options.jobs, max_chunk=16)


def _write_bytes(out: TextIO, data: bytes) -> None:
    """Write a diff's bytes as they are when the stream has a buffer."""
    buffer = getattr(out, "buffer", None)
    if buffer is not None:
        out.flush()
        buffer.write(data)
        buffer.flush()
    else:
        out.write(data.decode("utf-8", "backslashreplace"))


def migrate(
    paths: Sequence[str],
    options: Options,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Migrate files and trees; print diffs, messages and a summary.

    :param paths: Files and folders.
    :param options: What to do.
    :param out: Where diffs go (stdout by default).
    :param err: Where messages, progress and the summary go (stderr).
    :return: The exit code: 0 nothing to change, 1 files changed (or would),
        2 errors.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    progress = Progress(err, enabled=not options.quiet)
    outcomes: list[Outcome] = []
    walker = Walker(paths, options.excludes)
    try:
        imports: dict[str, set[str]] | None = {} if options.upgrade else None
        found, scanned = _candidates(
            walker, outcomes, progress, options.upgrade, imports
        )
        for outcome in _run(found, options, imports):
            progress.update(done=1)
            if outcome.diff:
                progress.close()
                _write_bytes(out, outcome.diff)
            if (
                outcome.status != "unchanged"
                or outcome.notes
                or outcome.missing
                or outcome.errors
            ):
                outcomes.append(outcome)
        if options.upgrade:
            # Requirements files and templates: see _extra.py.
            from ._extra import upgrade_other_files

            changed_code = {
                os.path.realpath(o.path) for o in outcomes if o.status == "changed"
            }
            others, looked_at = upgrade_other_files(
                paths, options.action, changed_code, options.excludes
            )
            scanned += looked_at
            for outcome in others:
                if outcome.diff:
                    progress.close()
                    _write_bytes(out, outcome.diff)
                outcomes.append(outcome)
    finally:
        progress.close()
    out.flush()
    changed, _, errors = report(outcomes, scanned, options.action, err, options.quiet)
    if errors:
        return 2
    return 1 if changed else 0
