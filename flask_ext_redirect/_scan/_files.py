"""Scan files: walk like ``migrate``, skip what names nothing of interest,
read the rest in a process pool."""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import sys
from collections.abc import Callable
from collections.abc import Collection
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Generic
from typing import Optional
from typing import TypeVar

from .._migrate._files import decode
from .._migrate._files import describe_os_error
from .._migrate._model import Unsafe
from .._migrate._walk import Walker
from .._pool import map_files
from ._model import Scan
from ._source import scan

T = TypeVar("T")


class Prefilter:
    """A byte-level test: does a file mention any of these words at all?

    Every use the scanner resolves spells its last name out in the file
    (``Markup``, ``paginate``, a config key, an extension's module), and
    the top-level module it comes through, so a file without them cannot
    hold a use of them either.

    :param rules: Words that let a file through, each mapped to the words
        one of which must also be in the file (None: the word alone does);
        a plain list of words means each alone. ``None`` lets every file
        through. Words match whole (``g`` is not found in ``get``); a word
        starting with ``.`` matches as an attribute (``app . run``).
    :param track: Words (identifiers) to note in :attr:`mentioned` when any
        file walked holds them, whether or not it passes.
    """

    def __init__(
        self,
        rules: Mapping[str, Collection[str] | None] | Iterable[str] | None,
        track: Iterable[str] = (),
    ) -> None:
        #: Identifier words: ``word -> [(attribute pattern or None,
        #: context or None)]``.
        self.words: dict[bytes, list[tuple[re.Pattern[bytes] | None, Rule]]] = {}
        #: Other words (``flask.ext``, ``flask_``): plain substrings.
        self.substrings: list[tuple[bytes, Rule]] = []
        self.everything = rules is None
        if rules is not None:
            if not isinstance(rules, Mapping):
                rules = dict.fromkeys(rules)
            for word, context in sorted(rules.items()):
                need = (
                    None if context is None else [c.encode() for c in sorted(context)]
                )
                bare = word.lstrip(".")
                if not bare:
                    continue
                if bare.isidentifier() and bare[-1].isalnum():
                    pattern = (
                        re.compile(_word(word.encode())) if word[0] == "." else None
                    )
                    self.words.setdefault(bare.encode(), []).append((pattern, need))
                else:
                    self.substrings.append((word.encode(), need))
        self.keys = frozenset(self.words)
        self.track = frozenset(w.encode("ascii") for w in track)
        #: The tracked words some file held.
        self.mentioned: set[str] = set()

    def examine(self, data: bytes) -> tuple[bool, frozenset[str]]:
        """Whether the file may hold a use, and the tracked words it holds.

        One pass over the bytes splits them into words; the rules' words
        are looked up in that set (faster than searching for each word, and
        far faster than one pattern of all of them).
        """
        tokens = set(data.translate(_WORDS).split())
        mentioned = frozenset(w.decode("ascii") for w in self.track & tokens)
        return self._passes(data, tokens), mentioned

    def __call__(self, data: bytes) -> bool:
        """Whether the file may hold a use (and note the tracked words)."""
        passes, mentioned = self.examine(data)
        self.mentioned |= mentioned
        return passes

    def _passes(self, data: bytes, tokens: set[bytes]) -> bool:
        if self.everything:
            return True
        for raw, context in self.substrings:
            if raw in data and _holds(data, context):
                return True
        for found in self.keys & tokens:
            for pattern, context in self.words[found]:
                if (pattern is None or pattern.search(data)) and _holds(data, context):
                    return True
        return False


#: Words a rule needs besides its own (any one of them), None for none.
Rule = Optional[list[bytes]]
#: Every byte that cannot be part of an identifier becomes a space.
_WORDS = bytes(
    c if chr(c).isascii() and (chr(c).isalnum() or c == ord("_")) else 32
    for c in range(256)
)


def _holds(data: bytes, context: Rule) -> bool:
    return context is None or any(c in data for c in context)


def _word(word: bytes) -> bytes:
    """The pattern of one word: whole (``g`` is not found in ``get``); a
    word starting with ``.`` is an attribute, after a dot and any blanks."""
    end = rb"(?!\w)" if word[-1:].isalnum() else b""
    if word[:1] == b".":
        return rb"\.[ \t\\\r\n]*" + re.escape(word[1:]) + end
    return rb"(?<![\w])" + re.escape(word) + end


@dataclasses.dataclass
class FileScan:
    """One file, scanned (or why it could not be)."""

    path: str
    #: The decoded text ("" when it could not be read).
    text: str = ""
    scan: Scan | None = None
    #: Why it was not scanned: unreadable, undecodable, not Python 3. A
    #: Python 2 file's :attr:`scan` then holds its imports only.
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
        version = "{}.{}".format(*sys.version_info[:2])
        result.error = f"does not parse on Python {version}: {e.msg}"
        result.error_line = e.lineno or 0
        result.python2 = _looks_like_python2(text)
        if result.python2:
            # Not scanned, but its imports still say what it needs.
            from ._py2 import py2_imports

            result.scan = Scan(imports=py2_imports(text))
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
class Walked:
    """What the walk itself says about paths it did not scan."""

    path: str
    #: ``"error"`` or ``"skipped"``.
    kind: str
    reason: str


@dataclasses.dataclass(frozen=True)
class Answer(Generic[T]):
    """What a worker sends back for one file."""

    #: ``analyse`` of the scan; None when the prefilter skipped the file.
    result: T | None
    #: The prefilter's tracked words the file holds.
    mentioned: frozenset[str] = frozenset()
    #: The file could not be read.
    problem: Walked | None = None


@dataclasses.dataclass(frozen=True)
class Job(Generic[T]):
    """What to do with each file, in a worker: read it, ask the prefilter,
    scan it and ``analyse`` the scan there (so only the answer travels
    back, not the whole scan).

    ``analyse`` must be a module-level function (or a ``partial`` of one)
    so process pools can send it.
    """

    analyse: Callable[[FileScan], T]
    prefilter: Prefilter
    methods: frozenset[str] | None = None
    #: What to make of a file the prefilter skips (its path and bytes);
    #: None: nothing.
    skipped: Callable[[str, bytes], T | None] | None = None

    def __call__(self, path: str) -> Answer[T]:
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode):
                return Answer(None, problem=Walked(path, "error", "not a regular file"))
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            return Answer(None, problem=Walked(path, "error", describe_os_error(e)))
        passes, mentioned = self.prefilter.examine(data)
        if not passes:
            if self.skipped is not None:
                return Answer(self.skipped(path, data), mentioned)
            return Answer(None, mentioned)
        return Answer(self.analyse(scan_bytes(path, data, self.methods)), mentioned)


@dataclasses.dataclass
class Tree(Generic[T]):
    """What :func:`scan_paths` found."""

    #: ``analyse`` of each file scanned, in walk order.
    results: list[T]
    #: Paths the walk could not follow, files that could not be read.
    problems: list[Walked]
    #: Python files met, scanned or not.
    seen: int
    #: Names of the modules and packages under the paths (each file's
    #: stem and each folder's name): what the tree can import of its own.
    modules: set[str]
    #: The prefilter's tracked words that some file holds.
    mentioned: set[str] = dataclasses.field(default_factory=set)


def walk(
    paths: Sequence[str], excludes: Sequence[str] = ()
) -> tuple[list[str], list[Walked], set[str]]:
    """The Python files under ``paths`` (``migrate``'s walker), what the
    walk could not follow, and the module and package names met."""
    files: list[str] = []
    problems: list[Walked] = []
    modules: set[str] = set()
    for item in Walker(paths, excludes):
        if item.kind != "file":
            problems.append(Walked(item.path, item.kind, item.reason))
            continue
        files.append(item.path)
        folder, name = os.path.split(item.path)
        modules.add(os.path.splitext(name)[0])
        modules.add(os.path.basename(folder))
    return files, problems, modules


def scan_paths(
    paths: Sequence[str],
    analyse: Callable[[FileScan], T],
    *,
    prefilter: Prefilter | None = None,
    methods: frozenset[str] | None = None,
    excludes: Sequence[str] = (),
    jobs: int = 0,
    skipped: Callable[[str, bytes], T | None] | None = None,
) -> Tree[T]:
    """Scan every Python file under ``paths`` that passes ``prefilter`` and
    return ``analyse`` of each scan, in walk order, with what the walk saw.

    The walk runs here; reading, the prefilter, scanning and ``analyse``
    run in worker processes.
    """
    files, problems, modules = walk(paths, excludes)
    job = Job(analyse, prefilter or Prefilter(None), methods, skipped)
    tree: Tree[T] = Tree([], problems, len(files), modules)
    # Most files are skipped after one read: big chunks keep the traffic
    # between processes down.
    for answer in map_files(files, job, jobs, max_chunk=64):
        tree.mentioned |= answer.mentioned
        if answer.problem is not None:
            tree.problems.append(answer.problem)
        elif answer.result is not None:
            tree.results.append(answer.result)
    return tree
