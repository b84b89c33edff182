"""Read, decode, rewrite, encode and atomically replace one file."""

from __future__ import annotations

import dataclasses
import difflib
import errno
import io
import os
import stat
import sys
import tempfile
import tokenize
from collections.abc import Mapping

from ._engine import rewrite_source
from ._model import Message
from ._model import Unsafe
from ._releases import Releases
from ._targets import Targets

#: What ``migrate`` does with a file that would change.
WRITE = "write"
DIFF = "diff"
CHECK = "check"

#: Only files holding one of these are decoded and parsed at all.
MARKERS = (b"flask.ext", b"flaskext")


@dataclasses.dataclass
class Outcome:
    """What happened to one file."""

    path: str
    #: ``"unchanged"``, ``"changed"``, ``"kept"`` (legacy imports left on
    #: purpose), ``"skipped"`` (not looked at) or ``"error"``.
    status: str
    errors: list[Message] = dataclasses.field(default_factory=list)
    notes: list[Message] = dataclasses.field(default_factory=list)
    #: With ``--diff``: the unified diff, in the file's own encoding so
    #: that ``patch`` applies it to the file's bytes.
    diff: bytes = b""
    missing: set[str] = dataclasses.field(default_factory=set)
    #: ``--upgrade`` met Python 2 source: its fixers skipped the file.
    python2: bool = False


def describe_os_error(e: OSError) -> str:
    """A short message for an ``OSError`` met while reading or writing."""
    if e.errno == errno.ELOOP:
        return "symbolic link loop"
    return e.strerror or str(e)


def has_markers(data: bytes) -> bool:
    """Whether the raw bytes mention a legacy name at all."""
    return any(marker in data for marker in MARKERS)


def decode(data: bytes) -> tuple[str, str]:
    """Decode source bytes as Python does: BOM, PEP 263 cookie, else UTF-8.

    :return: The text (newlines untranslated, BOM removed) and the encoding
        to write it back with (``utf-8-sig`` keeps the BOM).
    :raise Unsafe: on an unknown encoding or undecodable bytes.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as e:
        raise Unsafe(getattr(e, "lineno", None) or 1, str(e)) from e
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise Unsafe(
            line, f"cannot decode byte {data[e.start]:#04x} as {encoding}"
        ) from e


def unified_diff(path: str, old: str, new: str, encoding: str = "utf-8") -> bytes:
    """A unified diff of two texts, marking a missing final newline.

    :param encoding: The file's encoding; the diff's lines are encoded
        with it (a BOM stays on the first line, where the file has it), its
        headers with the file system's.
    """
    if encoding == "utf-8-sig":
        encoding = "utf-8"
        old, new = "\ufeff" + old, "\ufeff" + new
    header = os.fsencode(path)
    lines = [b"--- " + header + b"\n", b"+++ " + header + b"\n"]
    # Lines as patch and git apply see them: ended by LF only (a CR before
    # it, or anywhere else, is part of the line).
    diff = difflib.unified_diff(_lf_lines(old), _lf_lines(new), lineterm="\n")
    for line in list(diff)[2:]:
        lines.append(line.encode(encoding))
        if not line.endswith("\n"):
            lines.append(b"\n\\ No newline at end of file\n")
    return b"".join(lines)


def _lf_lines(text: str) -> list[str]:
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def cr_only(text: str) -> bool:
    """Whether the text's line ends are all bare CRs (old Mac style):
    ``patch`` and ``git apply`` would read such a file as one line."""
    return "\r" in text and "\n" not in text


def is_read_only(st: os.stat_result, path: str) -> bool:
    """Whether the file's permissions say "don't write me".

    Root may write anything, and renaming over a file needs no write
    permission on it, so the mode bits are checked explicitly.
    """
    return not (st.st_mode & 0o222) or not os.access(path, os.W_OK)


def replace(path: str, data: bytes, st: os.stat_result) -> None:
    """Atomically replace ``path`` (or what it links to) with ``data``.

    The new content goes to a temporary file beside the old one, gets the
    old one's permissions (and owner, when allowed), is flushed to disk and
    renamed over it, so a crash leaves either the old file or the new one.
    """
    real = os.path.realpath(path)
    folder, name = os.path.split(real)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp made it 0o600; give it the old file's mode (and owner, when
        # root runs this on someone else's file).
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown") and hasattr(os, "geteuid") and os.geteuid() == 0:
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:  # pragma: no cover - e.g. rootless containers
                pass
        now = os.stat(real)
        if (now.st_mtime_ns, now.st_size, now.st_ino) != (
            st.st_mtime_ns,
            st.st_size,
            st.st_ino,
        ):
            raise Unsafe(0, "file changed while being migrated; not replaced")
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:  # pragma: no cover
            pass
        raise


def write_over(outcome: Outcome, path: str, data: bytes, st: os.stat_result) -> None:
    """Write ``data`` over the file at ``path`` (stat ``st`` when read) by
    :func:`replace`; a read-only file, a file changed meanwhile or an OS
    error leaves it as it was and makes ``outcome`` an error saying why.
    """
    if is_read_only(st, path):
        outcome.status = "error"
        outcome.errors.append(
            Message(0, "read-only file, not rewritten (make it writable first)")
        )
        return
    try:
        replace(path, data, st)
    except Unsafe as e:
        outcome.status = "error"
        outcome.errors.append(Message(e.line, e.text))
    except OSError as e:
        outcome.status = "error"
        outcome.errors.append(Message(0, f"cannot write: {describe_os_error(e)}"))


def migrate_file(
    path: str,
    action: str,
    target: str,
    upgrade: bool = False,
    fixer_ids: frozenset[str] | None = None,
    pins: tuple[tuple[str, str], ...] = (),
    exported: Mapping[str, frozenset[str]] | None = None,
) -> Outcome:
    """Rewrite one file; never raises, so one file can't stop a run.

    An unexpected exception (a bug) is reported as an error of this file,
    which is left as it was: the write is the last step and is atomic.

    :param path: The file.
    :param action: :data:`WRITE`, :data:`DIFF` or :data:`CHECK`.
    :param target: ``"auto"`` or ``"flask_"``, see :class:`.Targets`.
    :param upgrade: Run the ``--upgrade`` fixers after the import rewrite.
    :param fixer_ids: With ``upgrade``: the fixers selected by ``--only``
        and ``--skip`` (all when None).
    :param pins: ``--target dist==version`` releases (target check).
    :param exported: Real path -> the names other modules of the tree
        import from that module.
    """
    try:
        names = (exported or {}).get(os.path.realpath(path), frozenset())
        return _migrate_file(path, action, target, upgrade, fixer_ids, pins, names)
    except Exception as e:
        text = f"internal error, file left as it was: {type(e).__name__}: {e}"
        return Outcome(path, "error", [Message(0, text)])


def _migrate_file(
    path: str,
    action: str,
    target: str,
    upgrade: bool,
    fixer_ids: frozenset[str] | None = None,
    pins: tuple[tuple[str, str], ...] = (),
    exported: frozenset[str] = frozenset(),
) -> Outcome:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return Outcome(path, "error", [Message(0, "not a regular file")])
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return Outcome(path, "error", [Message(0, describe_os_error(e))])
    legacy = has_markers(data)
    if not legacy and not (upgrade and _needs_upgrade(data)):
        return Outcome(path, "unchanged")
    try:
        text, encoding = decode(data)
        if upgrade:
            from ._upgrade import upgrade_source
            from ._upgrade import UpgradeContext

            context = UpgradeContext(exported, _releases(pins))
            result = upgrade_source(text, _targets(target), legacy, fixer_ids, context)
        else:
            result = rewrite_source(text, _targets(target))
        new_data = result.text.encode(encoding)
    except Unsafe as e:
        return Outcome(path, "error", [Message(e.line, e.text)])
    except UnicodeEncodeError as e:  # pragma: no cover - we only add ASCII
        return Outcome(path, "error", [Message(0, str(e))])
    outcome = Outcome(path, "unchanged", notes=list(result.kept) + result.notes)
    outcome.missing = result.missing
    outcome.errors += [Message(m.line, f"refused: {m.text}") for m in result.refused]
    outcome.python2 = upgrade and result.dialect == "py2"
    if new_data == data:
        if result.kept:
            outcome.status = "kept"
        return outcome
    outcome.status = "changed"
    if action == DIFF:
        if cr_only(text):
            outcome.notes.append(
                Message(
                    0,
                    "no diff shown: the file's lines end in CR only, which "
                    "patch and git apply read as one line; run without "
                    "--diff to rewrite it",
                )
            )
        else:
            outcome.diff = unified_diff(path, text, result.text, encoding)
    elif action == WRITE:
        write_over(outcome, path, new_data, st)
    return outcome


def _needs_upgrade(data: bytes) -> bool:
    # Imported on first use: plain ``migrate`` never loads the fixers.
    from ._upgrade import needs_upgrade

    return needs_upgrade(data)


_RELEASES: dict[tuple[tuple[str, str], ...], Releases] = {}


def _releases(pins: tuple[tuple[str, str], ...]) -> Releases:
    """One :class:`Releases` per set of pins and process (cached look-ups)."""
    if pins not in _RELEASES:
        _RELEASES[pins] = Releases(pins)
    return _RELEASES[pins]


_TARGETS: dict[tuple[str, tuple[str, ...]], Targets] = {}


def _targets(mode: str) -> Targets:
    """One :class:`Targets` per mode, :data:`sys.path` and process, so
    look-ups are cached."""
    key = (mode, tuple(sys.path))
    if key not in _TARGETS:
        _TARGETS[key] = Targets(mode)
    return _TARGETS[key]
