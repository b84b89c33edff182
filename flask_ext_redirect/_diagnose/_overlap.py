"""Installed distributions that overwrite each other's files: found from
what each one's record (``RECORD``, ``installed-files.txt``, ``SOURCES``)
says it installed, not from a list. Two distributions that both hold
``bcrypt/__init__.py`` (``python-bcrypt`` and ``bcrypt``) leave whichever
was installed last, and the other's users break."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from collections.abc import Sequence
from pathlib import Path

from ._model import Finding

if sys.version_info >= (3, 10):
    from importlib import metadata
else:  # pragma: no cover - 3.9 only
    try:
        import importlib_metadata as metadata
    except ImportError:
        from importlib import metadata

#: Files every distribution may share without harm.
_SHARED = re.compile(
    r"(^|/)__pycache__/|\.dist-info/|\.egg-info/|^\.\./|\.pth$|\.data/"
)


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _files(dist: metadata.Distribution) -> set[str]:
    """The module files a distribution's record lists (read as text: the
    ``dist.files`` objects cost more than the whole comparison)."""
    try:
        record = dist.read_text("RECORD")
        if record is not None and '"' not in record:
            paths: Iterable[str] = (
                line.partition(",")[0] for line in record.splitlines()
            )
        else:
            paths = (f.as_posix() for f in dist.files or ())
        return {
            p
            for p in paths
            if p.endswith((".py", ".so", ".pyd")) and not _SHARED.search(p)
        }
    except Exception:  # a broken record: nothing to compare
        return set()


def _label(dist: metadata.Distribution) -> tuple[str, str]:
    """Name and version, from the ``Name-1.0.dist-info`` folder where there
    is one (parsing every METADATA file costs seconds in a big
    environment), else from the metadata."""
    folder = os.path.basename(str(getattr(dist, "_path", "")))
    if folder.endswith(".dist-info") and folder.count("-") == 1:
        name, _, version = folder[: -len(".dist-info")].partition("-")
        return name, version
    return dist.metadata["Name"] or "", dist.version


def _namespace(dist: metadata.Distribution, file: str) -> bool:
    """Whether a shared ``__init__.py`` only declares a namespace package
    (``flaskext/__init__.py`` of every old ``flaskext.*`` extension)."""
    if not file.endswith("/__init__.py"):
        return False
    try:
        where = Path(str(dist.locate_file(file)))
        text = where.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "declare_namespace" in text or "extend_path" in text


def overlapping(
    path: Sequence[str] | None = None, skip: Iterable[frozenset[str]] = ()
) -> list[Finding]:
    """Pairs of installed distributions that hold the same module files.

    :param path: Where to look (``sys.path`` by default).
    :param skip: Pairs of distribution names another finding already covers.
    """
    covered = {frozenset(_key(n) for n in pair) for pair in skip}
    owners: dict[str, list[tuple[str, str]]] = {}
    located: dict[str, metadata.Distribution] = {}
    seen: set[str] = set()
    dists = (
        metadata.distributions(path=list(path))
        if path is not None
        else metadata.distributions()
    )
    for dist in dists:
        name, version = _label(dist)
        key = _key(name)
        if not name or key in seen:
            continue  # the first on the path wins, as for imports
        seen.add(key)
        for file in _files(dist):
            owners.setdefault(file, []).append((name, version))
            located.setdefault(file, dist)
    pairs: dict[frozenset[str], tuple[list[tuple[str, str]], set[str]]] = {}
    for file, dists_of in owners.items():
        if len(dists_of) < 2 or _namespace(located[file], file):
            continue
        pair = frozenset(_key(n) for n, _ in dists_of)
        entry = pairs.setdefault(pair, (sorted(dists_of), set()))
        entry[1].add(file.split("/")[0].removesuffix(".py"))
    found = []
    for pair, (dists_of, modules) in sorted(pairs.items(), key=lambda p: sorted(p[0])):
        if pair in covered:
            continue
        names = " and ".join(f"{n} {v}" for n, v in dists_of)
        module = ", ".join(sorted(modules))
        found.append(
            Finding(
                severity="blocker",
                when="install",
                kind="overlapping-distributions",
                subject=" ".join(sorted(pair)),
                title=f"{names} both install the module {module}",
                why=(
                    "their records list the same files: whichever was installed"
                    " last overwrote the other's, and code written for the other"
                    " gets the wrong module (uninstalling either one removes the"
                    " files of both)"
                ),
                fix=(
                    f"pip uninstall -y {' '.join(n for n, _ in dists_of)}, then"
                    " install only the one the code was written for"
                ),
                source="the distributions' installed-file records (importlib.metadata)",
            )
        )
    return found
