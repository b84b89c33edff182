"""Find the Python files under the paths given on the command line."""

from __future__ import annotations

import dataclasses
import errno
import os
import posixpath
import re
import stat
from collections.abc import Iterator
from collections.abc import Sequence

from ._files import describe_os_error

#: Folder names never entered (hidden folders and virtual environments,
#: recognised by their ``pyvenv.cfg``, are skipped as well).
SKIP_DIRS = frozenset({"build", "node_modules", "__pycache__", "site-packages"})
#: File name endings that are Python source.
SUFFIXES = (".py", ".pyi", ".pyw")


@dataclasses.dataclass(frozen=True)
class Found:
    """A path the walk met: a file to look at, or one it could not follow."""

    path: str
    #: ``"file"``, ``"skipped"`` (with a reason) or ``"error"``.
    kind: str
    reason: str = ""


class Walker:
    """Walk paths without leaving them, following no link outside them,
    visiting each file once and reporting symbolic link loops.

    :param paths: Files and folders given by the user.
    :param excludes: Glob patterns matched against each path and its name.
    """

    def __init__(self, paths: Sequence[str], excludes: Sequence[str] = ()) -> None:
        self.paths = list(paths)
        #: Compiled relative patterns, with how many components each spans
        #: (None when ``**`` makes that open).
        self.patterns: list[tuple[re.Pattern[str], int | None]] = []
        #: Compiled absolute patterns (``/srv/app/gen``, ``../gen``).
        self.anchored: list[re.Pattern[str]] = []
        for glob in excludes:
            kind, norm = normalize_pattern(glob)
            if kind == "anchored":
                self.anchored.append(_compile(norm))
            else:
                width = None if "**" in norm else norm.count("/") + 1
                self.patterns.append((_compile(norm), width))
        #: Whether some relative pattern spans several components.
        self.multi = any(width != 1 for _, width in self.patterns)
        self.roots: list[str] = []
        self.seen_files: set[tuple[int, int]] = set()
        self.seen_dirs: set[tuple[int, int]] = set()

    def excluded(self, path: str, top: str = "") -> bool:
        """Whether an ``--exclude`` pattern matches the path.

        Patterns match whole path components, as in ``.gitignore``: ``gen``
        or ``test_*.py`` match a name at any depth (and so everything under
        a folder of that name, even for files named on the command line),
        ``pkg/gen/*`` a run of components, ``**`` any number of folders.
        """
        if self.anchored:
            parts = _components(os.path.abspath(path))
            for pattern in self.anchored:
                if any(
                    pattern.match("/".join(parts[:k])) for k in range(1, len(parts) + 1)
                ):
                    return True
        if not self.patterns:
            return False
        rel = os.path.relpath(path, top) if top else os.path.normpath(path)
        spellings = [_components(rel)]
        if self.multi:
            # ``src/gen`` names a place from the working directory too,
            # whichever folder the walk started from (``migrate src``).
            here = os.path.relpath(os.path.abspath(path))
            if here != ".." and not here.startswith(".." + os.sep):
                spellings.append(_components(here))
        for parts in spellings:
            for pattern, width in self.patterns:
                if width is None:
                    runs = [
                        "/".join(parts[i:j])
                        for i in range(len(parts))
                        for j in range(i + 1, len(parts) + 1)
                    ]
                else:
                    runs = [
                        "/".join(parts[i : i + width])
                        for i in range(len(parts) - width + 1)
                    ]
                if any(pattern.match(run) for run in runs):
                    return True
        return False

    def inside(self, real: str) -> bool:
        """Whether a resolved path lies under one of the given paths."""
        return any(
            real == root or real.startswith(root.rstrip(os.sep) + os.sep)
            for root in self.roots
        )

    def __iter__(self) -> Iterator[Found]:
        self.roots = [os.path.realpath(p) for p in self.paths]
        for path in self.paths:
            if self.excluded(path):
                continue
            try:
                st = os.stat(path)
            except OSError as e:
                yield Found(path, "error", describe_os_error(e))
                continue
            if stat.S_ISDIR(st.st_mode):
                yield from self.walk(path, st)
            elif self.first_visit(st):
                yield Found(path, "file")

    def first_visit(self, st: os.stat_result) -> bool:
        key = (st.st_dev, st.st_ino)
        if key in self.seen_files:
            return False
        self.seen_files.add(key)
        return True

    def walk(self, top: str, top_st: os.stat_result) -> Iterator[Found]:
        """Depth first, in name order, yielding files before subfolders."""
        self.seen_dirs.add((top_st.st_dev, top_st.st_ino))
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as e:
                yield Found(folder, "error", describe_os_error(e))
                continue
            subdirs: list[str] = []
            for entry in entries:
                path = entry.path
                if self.excluded(path, top):
                    continue
                link = False
                try:
                    link = entry.is_symlink()
                    is_dir = entry.is_dir()  # follows links
                    st = entry.stat()
                except OSError as e:
                    if link:
                        if e.errno == errno.ELOOP:
                            yield Found(path, "error", "symbolic link loop")
                        elif path.endswith(SUFFIXES):
                            yield Found(path, "skipped", "broken symbolic link")
                        continue
                    yield Found(path, "error", describe_os_error(e))
                    continue
                if link and not self.inside(os.path.realpath(path)):
                    if is_dir or path.endswith(SUFFIXES):
                        yield Found(path, "skipped", "links outside the given paths")
                    continue
                if is_dir:
                    if self.skip_dir(entry.name, path):
                        continue
                    key = (st.st_dev, st.st_ino)
                    if key in self.seen_dirs:
                        if link and self.is_ancestor(path, folder):
                            yield Found(
                                path,
                                "error",
                                "symbolic link loop (points to a folder "
                                "that contains it)",
                            )
                        continue
                    self.seen_dirs.add(key)
                    subdirs.append(path)
                elif entry.name.endswith(SUFFIXES):
                    if not stat.S_ISREG(st.st_mode):
                        yield Found(path, "error", "not a regular file")
                    elif self.first_visit(st):
                        yield Found(path, "file")
            stack.extend(reversed(subdirs))

    @staticmethod
    def is_ancestor(link: str, folder: str) -> bool:
        target = os.path.realpath(link)
        here = os.path.realpath(folder)
        return here == target or here.startswith(target.rstrip(os.sep) + os.sep)

    @staticmethod
    def skip_dir(name: str, path: str) -> bool:
        """Hidden folders, ``.git``, ``build``, ``node_modules`` and venvs."""
        return (
            name.startswith(".")
            or name in SKIP_DIRS
            or os.path.exists(os.path.join(path, "pyvenv.cfg"))
        )


def _components(path: str) -> list[str]:
    return [p for p in path.replace(os.sep, "/").split("/") if p not in ("", ".")]


def normalize_pattern(glob: str) -> tuple[str, str]:
    """Spell an ``--exclude`` pattern one way.

    ``a``, ``a/``, ``./a`` and ``./a/.`` are the same relative pattern
    (``"relative", "a"``), matched at any depth; an absolute pattern, or
    one that climbs out with ``..``, names one place
    (``"anchored", "srv/app/a"``, from the root).
    """
    glob = glob.replace(os.sep, "/")
    norm = posixpath.normpath(glob)
    if os.path.isabs(glob) or norm == ".." or norm.startswith("../"):
        return "anchored", "/".join(_components(os.path.abspath(glob)))
    return "relative", "/".join(_components(norm))


def _compile(glob: str) -> re.Pattern[str]:
    """A glob as a regex where ``*`` stays within one path component."""
    out = []
    i = 0
    glob = glob.replace(os.sep, "/").strip("/")
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[" and "]" in glob[i + 2 :]:
            end = glob.index("]", i + 2)
            body = glob[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append(f"[{body}]")
            i = end + 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")
