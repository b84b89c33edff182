"""Which files a run looks at."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._migrate._walk import Walker


def _found(
    paths: list[str], excludes: tuple[str, ...] = ()
) -> list[tuple[str, str, str]]:
    return [(f.path, f.kind, f.reason) for f in Walker(paths, excludes)]


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("gen", "src/gen/a.py", True),
        ("gen", "src/generated/a.py", False),
        ("test_*.py", "pkg/test_app.py", True),
        ("test_*.py", "test_dir/app.py", False),
        ("src/*/models.py", "x/src/app/models.py", True),
        ("src/*/models.py", "src/a/b/models.py", False),
        ("src/**/models.py", "src/a/b/models.py", True),
        ("**/legacy", "a/b/legacy/x.py", True),
        ("mod?.py", "mod1.py", True),
        ("mod[0-4].py", "mod5.py", False),
        ("mod[!0-4].py", "mod5.py", True),
        ("a[b", "a[b", True),
    ],
)
def test_exclude_patterns(pattern: str, path: str, matches: bool) -> None:
    """Globs match whole components; ** crosses folders."""
    assert Walker(["."], [pattern]).excluded(path) is matches


def test_files_named_twice_are_visited_once(tmp_path: Path) -> None:
    """A file given directly and inside a given folder, or through a link
    inside the folder, is looked at once."""
    (tmp_path / "a.py").write_text("")
    os.symlink(tmp_path / "a.py", tmp_path / "b.py")
    found = _found([str(tmp_path / "a.py"), str(tmp_path)])
    assert found == [(str(tmp_path / "a.py"), "file", "")]


def test_broken_link_is_skipped(tmp_path: Path) -> None:
    """A dangling *.py link is reported as skipped, not as an error."""
    os.symlink(tmp_path / "gone.py", tmp_path / "dangling.py")
    os.symlink(tmp_path / "gone", tmp_path / "dangling-dir")
    assert _found([str(tmp_path)]) == [
        (str(tmp_path / "dangling.py"), "skipped", "broken symbolic link")
    ]


def test_unreadable_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that can't be listed is reported and the walk goes on.

    (Root may list anything, so the failure is injected.)
    """
    (tmp_path / "locked").mkdir()
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "m.py").write_text("")
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert _found([str(tmp_path)]) == [
        (str(tmp_path / "locked"), "error", "Permission denied"),
        (str(tmp_path / "open" / "m.py"), "file", ""),
    ]


def test_linked_folder_inside_is_followed_once(tmp_path: Path) -> None:
    """A link to a folder inside the tree adds nothing twice; a link to a
    non-Python file outside says nothing."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "m.py").write_text("")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("")
    os.symlink(outside, tmp_path / "notes.txt")
    assert _found([str(tmp_path)]) == [(str(tmp_path / "alias" / "m.py"), "file", "")]


def test_excluded_path_given_directly(tmp_path: Path) -> None:
    """--exclude applies to paths named on the command line too."""
    (tmp_path / "skip.py").write_text("")
    assert _found([str(tmp_path / "skip.py")], ("skip.py",)) == []


@pytest.mark.parametrize(
    "spelling", ["a", "a/", "./a", "./a/", "a//", "./a/.", "ABS", "ABS/", "ABS/../a"]
)
@pytest.mark.parametrize("given", [".", "./", "project-abs", "sub/.."])
def test_exclude_spellings_match_alike(
    spelling: str, given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--exclude a, a/, ./a and the folder's absolute path all skip the
    folder, however the path to walk is spelled (issue 8 item 7)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.py").write_text("")
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.py").write_text("")
    monkeypatch.chdir(tmp_path)
    pattern = spelling.replace("ABS", str(tmp_path / "a"))
    top = str(tmp_path) if given == "project-abs" else given
    found = [os.path.basename(f.path) for f in Walker([top], [pattern])]
    assert found == ["b.py"]


@pytest.mark.parametrize("spelling", ["a/x.py", "./a/x.py", "ABS"])
def test_exclude_spellings_of_a_file(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file given on the command line is excluded by any spelling of it."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.py").write_text("")
    monkeypatch.chdir(tmp_path)
    pattern = spelling.replace("ABS", str(tmp_path / "a" / "x.py"))
    assert list(Walker(["a/x.py", "./a/x.py"], [pattern])) == []


def test_absolute_exclude_is_anchored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An absolute pattern names one place, not a name at any depth."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "a").mkdir()
    (tmp_path / "a" / "a" / "x.py").write_text("")
    (tmp_path / "a" / "y.py").write_text("")
    monkeypatch.chdir(tmp_path / "a")
    found = [f.path for f in Walker(["."], [str(tmp_path / "a" / "a")])]
    assert found == [os.path.join(".", "y.py")]


@pytest.mark.parametrize("given", ["src", "./src", "src/", "."])
@pytest.mark.parametrize("spelling", ["src/gen", "./src/gen/", "gen"])
def test_exclude_with_folders_counts_from_the_working_directory(
    given: str, spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate src --exclude src/gen`` skips src/gen, as ``migrate .`` does."""
    (tmp_path / "src" / "gen").mkdir(parents=True)
    (tmp_path / "src" / "gen" / "a.py").write_text("")
    (tmp_path / "src" / "b.py").write_text("")
    monkeypatch.chdir(tmp_path)
    found = [os.path.basename(f.path) for f in Walker([given], [spelling])]
    assert found == ["b.py"]


@pytest.mark.parametrize("spelling", ["a", "a/", "./a", "./a/"])
def test_cli_exclude_spellings(
    spelling: str,
    run_cli: Callable[..., subprocess.CompletedProcess[Any]],
    tree: Callable[[dict[str, str]], Path],
) -> None:
    """``migrate --check --exclude ./a .`` skips a/ like ``a`` and ``a/``."""
    root = tree({"a/x.py": "import flask.ext.foo\n", "b.py": "import os\n"})
    result = run_cli("migrate", "--check", "--exclude", spelling, ".", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "1 file scanned, 0 would change" in result.stderr
