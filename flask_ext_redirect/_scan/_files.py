"""Scan files: walk like ``migrate``, skip what names nothing of interest,
read the rest in a process pool."""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import sys
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from typing import Generic
from typing import TypeVar

from .._migrate._files import decode
from .._migrate._files import describe_os_error
from .._migrate._model import Unsafe
from .._migrate._runner import cpu_count
from .._migrate._runner import SERIAL_LIMIT
from .._migrate._walk import Walker
from ._model import Scan
from ._source import scan

T = TypeVar("T")


class Prefilter:
    """A byte-level test: does a file mention any of these words at all?

    Every use the scanner resolves spells its last name out in the file
    (``Markup``, ``paginate``, a config key, an extension's module), so a
    file holding none of the words cannot hold a use of them either.

    :param words: Names to look for; ``None`` lets every file through.
    :param track: Words to note in :attr:`mentioned` when any file walked
        holds them, whether or not it passes (a plain substring test each).
    """

    def __init__(self, words: Iterable[str] | None, track: Iterable[str] = ()) -> None:
        self.words = None if words is None else sorted(set(words))
        self.track = [(w, w.encode("ascii")) for w in sorted(set(track))]
        #: The tracked words some file held.
        self.mentioned: set[str] = set()
        self.pattern: re.Pattern[bytes] | None = None
        if self.words is not None:
            # Longest first, so alternation is not cut short by a prefix.
            ordered = sorted(self.words, key=lambda w: (-len(w), w))
            self.pattern = re.compile(
                b"|".join(re.escape(w.encode("ascii")) for w in ordered)
            )

    def __call__(self, data: bytes) -> bool:
        for word, raw in self.track:
            if word not in self.mentioned and raw in data:
                self.mentioned.add(word)
        if self.words is None:
            return True
        return self.pattern is not None and self.pattern.search(data) is not None


@dataclasses.dataclass
class FileScan:
    """One file, scanned (or why it could not be)."""

    path: str
    #: The decoded text ("" when it could not be read).
    text: str = ""
    scan: Scan | None = None
    #: Why it was not scanned: unreadable, undecodable, not Python 3.
    error: str | None = None
    #: The line the error is on (0: the whole file).
    error_line: int = 0
    #: It does not parse, but shows Python 2 constructs.
    python2: bool = False


def scan_file(path: str, methods: frozenset[str] | None = None) -> FileScan:
    """Read, decode and scan one file; never raises for the file's sake."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return FileScan(path, error=describe_os_error(e))
    return scan_bytes(path, data, methods)


def scan_bytes(
    path: str, data: bytes, methods: frozenset[str] | None = None
) -> FileScan:
    """Decode and scan a file's bytes (BOM, PEP 263 cookie, else UTF-8)."""
    try:
        text, _ = decode(data)
    except Unsafe as e:
        return FileScan(path, error=e.text, error_line=e.line)
    result = FileScan(path, text)
    try:
        result.scan = scan(text, methods)
    except SyntaxError as e:
        result.error = f"not Python 3: {e.msg}"
        result.error_line = e.lineno or 0
        result.python2 = _looks_like_python2(text)
    except ValueError as e:  # null bytes
        result.error = f"cannot parse: {e}"
    except RecursionError:
        result.error = "too deeply nested to read"
    return result


def _looks_like_python2(text: str) -> bool:
    from .._migrate._py2 import py2_lines
    from .._migrate._py2 import tokens

    try:
        return bool(py2_lines(tokens(text)))
    except Exception:  # tokenize.TokenError, SyntaxError: broken, not 2
        return False


@dataclasses.dataclass(frozen=True)
class Job(Generic[T]):
    """What to do with each file: scan it, then ``analyse`` the scan in the
    same worker (so only the answer travels back, not the whole scan).

    ``analyse`` must be a module-level function (or a ``partial`` of one)
    so process pools can send it.
    """

    analyse: Callable[[FileScan], T]
    methods: frozenset[str] | None = None

    def __call__(self, path: str) -> T:
        return self.analyse(scan_file(path, self.methods))


@dataclasses.dataclass(frozen=True)
class Walked:
    """What the walk itself says about paths it did not scan."""

    path: str
    #: ``"error"`` or ``"skipped"``.
    kind: str
    reason: str


@dataclasses.dataclass
class Tree(Generic[T]):
    """What :func:`scan_paths` found."""

    #: ``analyse`` of each file scanned, in walk order.
    results: list[T]
    #: Paths the walk could not follow.
    problems: list[Walked]
    #: Python files met, scanned or not.
    seen: int
    #: Names of the modules and packages under the paths (each file's
    #: stem and each folder's name): what the tree can import of its own.
    modules: set[str]


def candidates(
    paths: Sequence[str],
    prefilter: Prefilter,
    excludes: Sequence[str] = (),
    modules: set[str] | None = None,
) -> tuple[list[str], list[Walked], int]:
    """Walk the paths and keep the files the prefilter lets through.

    :param modules: When given, receives the module and package names met.
    :return: Files to scan, what the walk could not follow, and how many
        Python files it met.
    """
    found: list[str] = []
    problems: list[Walked] = []
    seen = 0
    for item in Walker(paths, excludes):
        if item.kind != "file":
            problems.append(Walked(item.path, item.kind, item.reason))
            continue
        seen += 1
        if modules is not None:
            folder, name = os.path.split(item.path)
            modules.add(os.path.splitext(name)[0])
            modules.add(os.path.basename(folder))
        try:
            st = os.stat(item.path)
            if not stat.S_ISREG(st.st_mode):
                problems.append(Walked(item.path, "error", "not a regular file"))
                continue
            with open(item.path, "rb") as f:
                data = f.read()
        except OSError as e:
            problems.append(Walked(item.path, "error", describe_os_error(e)))
            continue
        if prefilter(data):
            found.append(item.path)
    return found, problems, seen


def run(paths: Sequence[str], job: Callable[[str], T], jobs: int = 0) -> Iterator[T]:
    """``job(path)`` for each path, in order: serially for a few files, else
    in worker processes (``jobs``: how many, 0 for one per core)."""
    jobs = jobs or cpu_count()
    if jobs <= 1 or len(paths) < SERIAL_LIMIT:
        for path in paths:
            yield job(path)
        return
    import concurrent.futures
    import multiprocessing

    jobs = min(jobs, len(paths))
    context = (
        multiprocessing.get_context("fork")
        if sys.platform.startswith("linux")
        else None
    )
    chunk = max(1, min(16, len(paths) // (jobs * 4)))
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
        yield from pool.map(job, paths, chunksize=chunk)


def scan_paths(
    paths: Sequence[str],
    analyse: Callable[[FileScan], T],
    *,
    prefilter: Prefilter | None = None,
    methods: frozenset[str] | None = None,
    excludes: Sequence[str] = (),
    jobs: int = 0,
) -> Tree[T]:
    """Scan every Python file under ``paths`` that passes ``prefilter`` and
    return ``analyse`` of each scan, in walk order, with what the walk saw.
    """
    modules: set[str] = set()
    files, problems, seen = candidates(
        paths, prefilter or Prefilter(None), excludes, modules
    )
    job = Job(analyse, methods)
    return Tree(list(run(files, job, jobs)), problems, seen, modules)
