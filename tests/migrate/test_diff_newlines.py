"""``--diff`` applies with ``patch`` and ``git apply`` whatever the file's
newlines (issue 8 item 5); a file with CR-only line ends gets a note instead
of a patch those tools would reject."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._migrate._files import unified_diff

Run = Callable[..., subprocess.CompletedProcess[Any]]
Tree = Callable[[dict[str, bytes]], Path]

SOURCE = "import os\nimport flask.ext.foo\n\nx = flask.ext.foo.X\ny = 1\n"
STYLES = {
    "lf.py": SOURCE.encode(),
    "crlf.py": SOURCE.replace("\n", "\r\n").encode(),
    "mixed.py": b"import os\r\nimport flask.ext.foo\n\r\nx = flask.ext.foo.X\ny = 1",
    "cr-inside.py": b"import os\nimport flask.ext.foo\n# a\rb\nx = flask.ext.foo.X\n",
    "cr-mixed.py": b"import os\rimport flask.ext.foo\nx = flask.ext.foo.X\r\ny\r",
}
CR_ONLY = {
    "cr.py": SOURCE.replace("\n", "\r").encode(),
    "cr-last.py": b"import flask.ext.foo\rx = flask.ext.foo.X",
}


def _diff(run_cli: Run, root: Path) -> subprocess.CompletedProcess[Any]:
    result = run_cli(
        "migrate", "--diff", "--target", "flask_", ".", cwd=root, text=False
    )
    assert result.returncode == 1, result.stderr
    return result


@pytest.mark.parametrize("tool", ["patch", "git"])
def test_diff_applies_for_every_newline_style(
    tool: str, run_cli: Run, tree: Tree, tmp_path: Path
) -> None:
    """The diff of LF, CRLF and mixed files (bare CRs included) applied by
    patch / git apply gives, byte for byte, what an in-place run writes."""
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    root = tree(STYLES)
    diff = _diff(run_cli, root).stdout
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    if tool == "patch":
        command = ["patch", "-p0", "--binary", "-s"]
    else:
        command = ["git", "apply", "-p0", "--unsafe-paths", "--whitespace=nowarn"]
    subprocess.run(command, input=diff, cwd=copy, check=True, capture_output=True)
    run_cli("migrate", "--target", "flask_", root)
    for name in STYLES:
        assert (copy / name).read_bytes() == (root / name).read_bytes(), name


def test_cr_only_files_get_a_note_not_a_patch(run_cli: Run, tree: Tree) -> None:
    """Files whose only line ends are CRs are not shown as a patch (patch
    and git apply would read them as one line): a note says so, and they
    still count as files that would change."""
    root = tree({**CR_ONLY, "lf.py": STYLES["lf.py"]})
    result = _diff(run_cli, root)
    assert b"cr.py" not in result.stdout
    assert b"cr-last.py" not in result.stdout
    assert b"--- ./lf.py" in result.stdout
    stderr = result.stderr.decode()
    for name in CR_ONLY:
        assert f"{name}: would be rewritten" in stderr
        assert f"{name}: note: no diff shown" in stderr
    assert (root / "cr.py").read_bytes() == CR_ONLY["cr.py"]


def test_unified_diff_splits_lines_as_patch_does() -> None:
    """A carriage return inside a line is part of that line in the diff."""
    old = "a\rb\nimport flask.ext.foo\n"
    new = "a\rb\nimport flask_foo\n"
    diff = unified_diff("m.py", old, new)
    assert b" a\rb\n-import flask.ext.foo\n+import flask_foo\n" in diff
