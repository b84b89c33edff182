"""Files the tool must not damage: a clear message, exit 2, file untouched,
and the run goes on with the other files."""

from __future__ import annotations

import builtins
import os
import subprocess
from collections.abc import Callable
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._migrate._files import migrate_file

Run = Callable[..., "subprocess.CompletedProcess[Any]"]
Tree = Callable[[Mapping[str, "str | bytes"]], Path]

LEGACY = "from flask.ext.foo import Foo\n"
MIGRATED = "from flask_foo import Foo\n"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _assert_fault(
    result: subprocess.CompletedProcess[str], root: Path, message: str
) -> None:
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "1 error" in result.stderr
    # The healthy file beside the faulty one was still migrated.
    assert (root / "good.py").read_text() == MIGRATED


def test_syntax_error(run_cli: Run, tree: Tree) -> None:
    """A Python 3 file that doesn't parse is reported with its line."""
    bad = LEGACY + "def broken(:\n    pass\n"
    root = tree({"bad.py": bad, "good.py": LEGACY})
    result = run_cli("migrate", "--target", "flask_", root)
    _assert_fault(result, root, f"{root / 'bad.py'}:2: error: syntax error")
    assert (root / "bad.py").read_text() == bad


def test_null_bytes(run_cli: Run, tree: Tree) -> None:
    """A file with a NUL byte (Python refuses it on every version, as a
    ValueError before 3.12's tokenizer) is reported and left untouched."""
    bad = (LEGACY + "x = 1\0\n").encode()
    root = tree({"bad.py": bad, "good.py": LEGACY})
    result = run_cli("migrate", "--target", "flask_", root)
    _assert_fault(result, root, f"{root / 'bad.py'}")
    assert "null bytes" in result.stderr
    assert (root / "bad.py").read_bytes() == bad


def test_inconsistent_dedent_is_not_python_2_either(run_cli: Run, tree: Tree) -> None:
    """A dedent to no enclosing level fails in Python 2 too: the error says
    both, with the line."""
    bad = LEGACY + "if x:\n        a = 1\n    b = 2\n"
    root = tree({"bad.py": bad, "good.py": LEGACY})
    result = run_cli("migrate", "--target", "flask_", root)
    _assert_fault(result, root, f"{root / 'bad.py'}:4: error: syntax error")
    assert "not Python 2 either: unindent does not match" in result.stderr
    assert (root / "bad.py").read_text() == bad


def test_undecodable_bytes(run_cli: Run, tree: Tree) -> None:
    """Bytes that aren't valid in the file's encoding: reported, untouched."""
    bad = b"from flask.ext.foo import Foo\n# caf\xe9\n"
    root = tree({"bad.py": bad, "good.py": LEGACY})
    result = run_cli("migrate", "--target", "flask_", root)
    _assert_fault(
        result, root, f"{root / 'bad.py'}:2: error: cannot decode byte 0xe9 as utf-8"
    )
    assert (root / "bad.py").read_bytes() == bad


def test_unknown_encoding_cookie(run_cli: Run, tree: Tree) -> None:
    """A coding cookie naming no codec is an error, not a guess."""
    bad = b"# -*- coding: klingon -*-\nfrom flask.ext.foo import Foo\n"
    root = tree({"bad.py": bad, "good.py": LEGACY})
    result = run_cli("migrate", "--target", "flask_", root)
    _assert_fault(result, root, "unknown encoding")
    assert (root / "bad.py").read_bytes() == bad


def test_read_only_file(run_cli: Run, tree: Tree) -> None:
    """A file without write permission is respected, even for root:
    reported, not replaced (renaming over it would need no permission)."""
    root = tree({"ro.py": LEGACY, "good.py": LEGACY})
    os.chmod(root / "ro.py", 0o444)
    result = run_cli("migrate", "--target", "flask_", root)
    _assert_fault(result, root, f"{root / 'ro.py'}: error: read-only file")
    assert (root / "ro.py").read_text() == LEGACY
    assert (root / "ro.py").stat().st_mode & 0o777 == 0o444
    # --check only reads: a read-only file that would change is exit 1.
    os.chmod(root / "good.py", 0o644)
    check = run_cli("migrate", "--check", "--target", "flask_", root / "ro.py")
    assert check.returncode == 1


def test_fifo_is_not_read(run_cli: Run, tree: Tree) -> None:
    """A named pipe called *.py is reported, never opened (it would block)."""
    root = tree({"good.py": LEGACY})
    os.mkfifo(root / "pipe.py")
    result = run_cli("migrate", "--target", "flask_", root)
    _assert_fault(result, root, f"{root / 'pipe.py'}: error: not a regular file")
    explicit = run_cli("migrate", root / "pipe.py")
    assert explicit.returncode == 2
    assert "not a regular file" in explicit.stderr


def test_unreadable_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A file that can't be opened gives an error outcome, nothing written.

    Tests run as root, for whom permissions don't stop reads, so the
    failure is injected where the file is opened.
    """
    path = tmp_path / "secret.py"
    path.write_text(LEGACY)
    real_open = builtins.open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", deny)
    outcome = migrate_file(str(path), "write", "flask_")
    monkeypatch.undo()
    assert outcome.status == "error"
    assert outcome.errors[0].text == "Permission denied"
    assert path.read_text() == LEGACY


def test_unreadable_file_as_another_user(run_cli: Run, tmp_path: Path) -> None:
    """With a real permission denial (running the CLI as 'nobody')."""
    if os.geteuid() != 0:
        pytest.skip("needs root to switch user")
    root = tmp_path / "shared"
    root.mkdir()
    tmp_path.chmod(0o755)
    (root / "secret.py").write_text(LEGACY)
    (root / "secret.py").chmod(0o600)
    root.chmod(0o777)
    import sys

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "flask_ext_redirect", "migrate", str(root)],
            capture_output=True,
            text=True,
            env=env,
            user=65534,
            group=65534,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"cannot run as nobody here: {e}")
    if "Permission denied" in result.stderr and "flask_ext_redirect" in result.stderr:
        pytest.skip("nobody cannot read the interpreter or the package here")
    assert result.returncode == 2, result.stderr
    assert f"{root / 'secret.py'}: error: Permission denied" in result.stderr
    assert (root / "secret.py").read_text() == LEGACY


def test_symlink_loop(run_cli: Run, tree: Tree) -> None:
    """Links pointing at each other: 'symbolic link loop', exit 2."""
    root = tree({"good.py": LEGACY})
    os.symlink(root / "b.py", root / "a.py")
    os.symlink(root / "a.py", root / "b.py")
    before = _snapshot(root)
    result = run_cli("migrate", "--target", "flask_", root)
    _assert_fault_loop(result, root)
    assert {k: v for k, v in _snapshot(root).items() if k != "good.py"} == {
        k: v for k, v in before.items() if k != "good.py"
    }
    explicit = run_cli("migrate", root / "a.py")
    assert explicit.returncode == 2
    assert "symbolic link loop" in explicit.stderr


def _assert_fault_loop(result: subprocess.CompletedProcess[str], root: Path) -> None:
    assert result.returncode == 2, result.stderr
    assert "symbolic link loop" in result.stderr
    assert (root / "good.py").read_text() == MIGRATED


def test_folder_link_to_ancestor(run_cli: Run, tree: Tree) -> None:
    """A folder link back up the tree is reported, not walked forever, and
    each real file is migrated once."""
    root = tree({"good.py": LEGACY, "pkg/mod.py": LEGACY})
    os.symlink(root, root / "pkg" / "up")
    result = run_cli("migrate", "--target", "flask_", root)
    assert result.returncode == 2
    assert f"{root / 'pkg' / 'up'}: error: symbolic link loop" in result.stderr
    assert "2 files scanned, 2 changed" in result.stderr
    assert (root / "pkg" / "mod.py").read_text() == MIGRATED


def test_links_outside_are_not_followed(
    run_cli: Run, tree: Tree, tmp_path: Path
) -> None:
    """Nothing outside the given paths is written, even through links."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "ext.py").write_text(LEGACY)
    root = tree({"good.py": LEGACY})
    os.symlink(outside / "ext.py", root / "linked.py")
    os.symlink(outside, root / "linkdir")
    result = run_cli("migrate", "--target", "flask_", root)
    assert result.returncode == 1, result.stderr
    assert (outside / "ext.py").read_text() == LEGACY
    assert "links outside the given paths" in result.stderr
    assert (root / "good.py").read_text() == MIGRATED


def test_link_given_explicitly_keeps_the_link(run_cli: Run, tree: Tree) -> None:
    """A link named on the command line: its target is rewritten, the link
    stays a link."""
    root = tree({"real.py": LEGACY})
    os.symlink("real.py", root / "alias.py")
    result = run_cli("migrate", "--target", "flask_", root / "alias.py")
    assert result.returncode == 1
    assert (root / "alias.py").is_symlink()
    assert (root / "real.py").read_text() == MIGRATED


def test_missing_path(run_cli: Run, tmp_path: Path) -> None:
    """A path that doesn't exist is an error."""
    result = run_cli("migrate", tmp_path / "nope.py")
    assert result.returncode == 2
    assert "No such file or directory" in result.stderr


def test_unsafe_code_left_untouched(run_cli: Run, tree: Tree) -> None:
    """A file with one construct that can't be rewritten is not partly
    rewritten: it is reported with its line and left as it was."""
    bad = LEGACY + "from flask.ext import *\n"
    root = tree({"bad.py": bad, "good.py": LEGACY})
    result = run_cli("migrate", "--target", "flask_", root)
    _assert_fault(result, root, f"{root / 'bad.py'}:2: error:")
    assert (root / "bad.py").read_text() == bad


def test_no_temporary_files_left(run_cli: Run, tree: Tree) -> None:
    """Atomic replace leaves no temporary file behind."""
    root = tree({"a.py": LEGACY, "ro.py": LEGACY})
    os.chmod(root / "ro.py", 0o400)
    run_cli("migrate", "--target", "flask_", root)
    assert sorted(p.name for p in root.iterdir()) == ["a.py", "ro.py"]


def test_internal_error_is_one_file_error(
    monkeypatch: pytest.MonkeyPatch, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug hit on one file is reported for that file; the others are
    migrated and the file is untouched."""
    from flask_ext_redirect._migrate import _files
    from flask_ext_redirect._migrate import rewrite_source as real
    from flask_ext_redirect._migrate._runner import migrate
    from flask_ext_redirect._migrate._runner import Options

    def flaky(text: str, targets: object) -> object:
        if "boom" in text:
            raise RuntimeError("boom")
        return real(text, targets)  # type: ignore[arg-type]

    monkeypatch.setattr(_files, "rewrite_source", flaky)
    root = tree({"bad.py": LEGACY + "# boom\n", "good.py": LEGACY})
    status = migrate([str(root)], Options(target="flask_", jobs=1))
    err = capsys.readouterr().err
    assert status == 2
    assert "bad.py: error: internal error, file left as it was: RuntimeError" in err
    assert (root / "bad.py").read_text() == LEGACY + "# boom\n"
    assert (root / "good.py").read_text() == MIGRATED


def test_file_changed_while_migrating(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """If the file changes between reading and replacing, the newer content
    wins: nothing is replaced, no temporary file is left."""
    from flask_ext_redirect._migrate import _files
    from flask_ext_redirect._migrate import rewrite_source as real

    path = tmp_path / "busy.py"
    path.write_text(LEGACY)

    def meddling(text: str, targets: object) -> object:
        with open(path, "a") as f:
            f.write("# an editor saved meanwhile\n")
        return real(text, targets)  # type: ignore[arg-type]

    monkeypatch.setattr(_files, "rewrite_source", meddling)
    outcome = migrate_file(str(path), "write", "flask_")
    assert outcome.status == "error"
    assert outcome.errors[0].text == "file changed while being migrated; not replaced"
    assert path.read_text() == LEGACY + "# an editor saved meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["busy.py"]


def test_failed_rename(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A failing rename (full disk, lost mount) is an error of that file;
    the old file stays and the temporary file is removed."""
    path = tmp_path / "app.py"
    path.write_text(LEGACY)

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    outcome = migrate_file(str(path), "write", "flask_")
    monkeypatch.undo()
    assert outcome.status == "error"
    assert outcome.errors[0].text == "cannot write: No space left on device"
    assert path.read_text() == LEGACY
    assert [p.name for p in tmp_path.iterdir()] == ["app.py"]


def test_fifo_given_to_migrate_file(tmp_path: Path) -> None:
    """The per-file step checks the file type itself, too."""
    os.mkfifo(tmp_path / "pipe.py")
    outcome = migrate_file(str(tmp_path / "pipe.py"), "write", "flask_")
    assert (outcome.status, outcome.errors[0].text) == ("error", "not a regular file")
