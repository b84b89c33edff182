"""What the user sees: a progress bar on a terminal, messages, a summary."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TextIO

from ._files import Outcome
from ._files import WRITE


class Progress:
    """A one-line progress bar on stderr, for terminals and long runs only.

    It appears after a quarter of a second, redraws at most ten times a
    second and erases itself when done; piped output never sees it.
    """

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and stream.isatty()
        self.started = time.monotonic()
        self.drawn = 0.0
        self.done = 0
        self.total = 0
        self.shown = False

    def update(self, done: int = 0, total: int = 0) -> None:
        """Count ``done`` more files; ``total`` grows as the walk finds them."""
        self.done += done
        self.total += total
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < 0.25 or now - self.drawn < 0.1:
            return
        self.drawn = now
        total = max(self.total, self.done, 1)
        width = 30
        filled = width * self.done // total
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{total} files")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Erase the bar."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def report(
    outcomes: Iterable[Outcome],
    scanned: int,
    action: str,
    stream: TextIO,
    quiet: bool = False,
) -> tuple[int, int, int]:
    """Print per-file messages and the summary line.

    :return: How many files changed (or would), were skipped, had errors.
    """
    changed = skipped = errors = refused = python2 = 0
    missing: set[str] = set()
    for outcome in sorted(outcomes, key=lambda o: o.path):
        missing |= outcome.missing
        python2 += outcome.python2
        if outcome.errors and outcome.status != "error":
            # Refusals of --upgrade: the rest of the file was rewritten.
            refused += 1
        if outcome.status == "changed":
            changed += 1
            if not quiet:
                verb = "rewritten" if action == WRITE else "would be rewritten"
                stream.write(f"{outcome.path}: {verb}\n")
        elif outcome.status in ("skipped", "kept"):
            skipped += 1
        elif outcome.status == "error":
            errors += 1
        for message in outcome.errors:
            where = f"{outcome.path}:{message.line}" if message.line else outcome.path
            stream.write(f"{where}: error: {message.text}\n")
        if not quiet:
            for message in outcome.notes:
                where = (
                    f"{outcome.path}:{message.line}" if message.line else outcome.path
                )
                stream.write(f"{where}: note: {message.text}\n")
    if missing and not quiet:
        names = ", ".join(f"flask_{name}" for name in sorted(missing))
        stream.write(
            f"note: not installed here, so rewritten to the new names: {names}"
            " (install them before running the code)\n"
        )
    verb = "changed" if action == WRITE else "would change"
    extra = ""
    if refused:
        extra += f", {plural(refused, 'file')} with refused rewrites (see above)"
    if python2:
        extra += (
            f"; {plural(python2, 'Python 2 file')}: only the flask.ext imports"
            " (the --upgrade fixers need Python 3 source)"
        )
    stream.write(
        f"{plural(scanned, 'file')} scanned, {changed} {verb}, "
        f"{skipped} skipped, {plural(errors, 'error')}{extra}\n"
    )
    return changed, skipped, errors + refused
