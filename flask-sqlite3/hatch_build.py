"""Hatchling build hook of the sdist: it carries exactly the files git tracks.

Hatchling alone ships what its include patterns match on disk, less what the
project root's ``.gitignore`` excludes, so a file that a run left behind
(``examples/instance/guestbook.sqlite``, ignored only by the ``.gitignore``
beside it) would be published.  Here the sdist's own selection is empty
(``only-include`` names this file alone) and the hook adds, file by file:

- in a git checkout: every file ``git ls-files`` lists (tracked, still on
  disk), and a list of them, ``sdist-files.txt``;
- in an unpacked sdist (no git, a ``PKG-INFO``): the files its
  ``sdist-files.txt`` lists, so an sdist built from an sdist is the same.

Anywhere else it stops with an error that says so.  The same file sits in
the root of each distribution's project folder (``flask-sqlite3/`` has a
copy, which a test holds identical).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: Lists the sdist's files, one relative path a line; read back when an
#: sdist is built from an unpacked sdist.
MANIFEST = "sdist-files.txt"


class TrackedFilesHook(BuildHookInterface):
    """Puts the files git tracks, and only those, into the sdist."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        files = tracked_files(self.root)
        if files is not None:
            for name in untracked_files(self.root):
                self.app.display_warning(
                    f"not in the sdist: {name} (git does not track it; git add"
                    " it to ship it)"
                )
        else:
            files = unpacked_sdist_files(self.root)
        if files is None:
            raise RuntimeError(
                f"cannot build the sdist of {self.root}: it carries the files "
                "git tracks, and this is neither a git checkout of the project "
                f"nor an unpacked sdist (with PKG-INFO and {MANIFEST}); "
                "build it from a git clone"
            )
        files = [name for name in files if name != MANIFEST]
        self._manifest_dir = tempfile.mkdtemp(prefix="sdist-files-")
        manifest = os.path.join(self._manifest_dir, MANIFEST)
        with open(manifest, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(f"{name}\n" for name in files)
        force_include = build_data["force_include"]
        for name in files:
            force_include[os.path.join(self.root, *name.split("/"))] = name
        force_include[manifest] = MANIFEST

    def finalize(
        self, version: str, build_data: dict[str, Any], artifact_path: str
    ) -> None:
        shutil.rmtree(self._manifest_dir, ignore_errors=True)


def tracked_files(root: str) -> list[str] | None:
    """The files under ``root`` that git tracks and that exist (a deleted,
    not yet committed file is left out), as ``/``-separated paths relative to
    ``root``; None when ``root`` is not in a git checkout or its
    ``pyproject.toml`` is not tracked (an unpacked sdist inside someone
    else's repository).
    """
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--", "."],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    names = sorted({name for name in out.decode().split("\0") if name})
    if "pyproject.toml" not in names:
        return None
    return [name for name in names if os.path.isfile(os.path.join(root, name))]


def untracked_files(root: str) -> list[str]:
    """The files under ``root`` that git neither tracks nor ignores: new
    work not yet added, which the sdist leaves out.
    """
    out = subprocess.run(
        ["git", "ls-files", "-z", "--others", "--exclude-standard", "--", "."],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    return sorted(name for name in out.decode().split("\0") if name)


def unpacked_sdist_files(root: str) -> list[str] | None:
    """The files an unpacked sdist's manifest lists; None if ``root`` is not
    an unpacked sdist of this project.
    """
    manifest = os.path.join(root, MANIFEST)
    if not os.path.isfile(os.path.join(root, "PKG-INFO")) or not os.path.isfile(
        manifest
    ):
        return None
    with open(manifest, encoding="utf-8") as f:
        return [line for line in f.read().splitlines() if line]
