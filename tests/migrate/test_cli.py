"""The ``migrate`` command end to end, in real subprocesses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._cli import main

Run = Callable[..., "subprocess.CompletedProcess[Any]"]
Tree = Callable[[Mapping[str, "str | bytes"]], Path]

LEGACY = "from flask.ext.foo import Foo\nimport flask.ext.bar\nflask.ext.bar.x\n"
MIGRATED = "from flask_foo import Foo\nimport flask_bar\nflask_bar.x\n"


def test_rewrites_in_place_then_is_clean(run_cli: Run, tree: Tree) -> None:
    """First run rewrites and exits 1; the second finds nothing and exits 0."""
    root = tree({"app.py": LEGACY, "clean.py": "import os\n"})
    first = run_cli("migrate", "--target", "flask_", root)
    assert first.returncode == 1, first.stderr
    assert (root / "app.py").read_text() == MIGRATED
    assert "2 files scanned, 1 changed, 0 skipped, 0 errors" in first.stderr
    second = run_cli("migrate", "--target", "flask_", root)
    assert second.returncode == 0, second.stderr
    assert "0 changed" in second.stderr


def test_check_writes_nothing_and_fails(run_cli: Run, tree: Tree) -> None:
    """--check exits 1 and leaves files alone; after migrating it exits 0."""
    root = tree({"app.py": LEGACY})
    check = run_cli("migrate", "--check", "--target", "flask_", root)
    assert check.returncode == 1
    assert (root / "app.py").read_text() == LEGACY
    assert "would be rewritten" in check.stderr
    assert check.stdout == ""
    run_cli("migrate", "--target", "flask_", root)
    assert run_cli("migrate", "--check", "--target", "flask_", root).returncode == 0


def test_diff_round_trip(run_cli: Run, tree: Tree, tmp_path: Path) -> None:
    """--diff writes nothing, and its diff applied with patch gives exactly
    what an in-place run writes."""
    latin = "# -*- coding: latin-1 -*-\nfrom flask.ext.foo import a  # café\n"
    files: dict[str, str | bytes] = {
        "app.py": LEGACY,
        "pkg/crlf.py": LEGACY.replace("\n", "\r\n"),
        "pkg/latin.py": latin.encode("latin-1"),
        "pkg/last.py": "import os\nfrom flask.ext.foo import a",
        "pkg/bom.py": b"\xef\xbb\xbfimport os\nfrom flask.ext.foo import a\n",
    }
    root = tree(files)
    result = run_cli(
        "migrate", "--diff", "--target", "flask_", "app.py", "pkg", cwd=root, text=False
    )
    assert result.returncode == 1
    assert result.stdout.startswith(b"--- app.py\n+++ app.py\n")
    assert b"+import flask_bar\r\n" in result.stdout
    assert "+from flask_foo import a  # café\n".encode("latin-1") in result.stdout
    assert b"\\ No newline at end of file\n" in result.stdout
    assert b"\n \xef\xbb\xbfimport os\n" in result.stdout
    assert (root / "app.py").read_text() == LEGACY
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    subprocess.run(
        ["patch", "-p0", "--binary", "-s"],
        input=result.stdout,
        cwd=copy,
        check=True,
    )
    run_cli("migrate", "--target", "flask_", root)
    for name in files:
        assert (copy / name).read_bytes() == (root / name).read_bytes()


def test_keeps_encoding_bom_newlines_and_mode(run_cli: Run, tree: Tree) -> None:
    """Cookie encodings, BOMs, CRLF, a missing final newline and the file
    mode all survive."""
    latin = "# -*- coding: latin-1 -*-\nfrom flask.ext.foo import a  # café\n"
    root = tree(
        {
            "latin.py": latin.encode("latin-1"),
            "bom.py": b"\xef\xbb\xbf" + "from flask.ext.foo import a\n# ü\n".encode(),
            "crlf.py": b"import os\r\nfrom flask.ext.foo import a\r\nx = 1",
        }
    )
    os.chmod(root / "crlf.py", 0o751)
    assert run_cli("migrate", "--target", "flask_", root).returncode == 1
    assert (root / "latin.py").read_bytes() == latin.replace(
        "flask.ext.foo", "flask_foo"
    ).encode("latin-1")
    assert (root / "bom.py").read_bytes() == (
        b"\xef\xbb\xbf" + "from flask_foo import a\n# ü\n".encode()
    )
    assert (root / "crlf.py").read_bytes() == (
        b"import os\r\nfrom flask_foo import a\r\nx = 1"
    )
    assert (root / "crlf.py").stat().st_mode & 0o777 == 0o751
    assert sorted(p.name for p in root.iterdir()) == ["bom.py", "crlf.py", "latin.py"]


def test_keeps_owner_when_root(run_cli: Run, tree: Tree) -> None:
    """Root migrating someone else's file gives the new file the same owner."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("only root can give files away")
    root = tree({"app.py": LEGACY})
    os.chown(root / "app.py", 65534, 65534)
    assert run_cli("migrate", "--target", "flask_", root).returncode == 1
    st = (root / "app.py").stat()
    assert (st.st_uid, st.st_gid) == (65534, 65534)
    assert (root / "app.py").read_text() == MIGRATED


def test_only_changed_files_are_written(run_cli: Run, tree: Tree) -> None:
    """Files without legacy imports keep their inode and mtime."""
    root = tree(
        {"app.py": LEGACY, "other.py": "import flask\n", "notes.py": "# flaskext\n"}
    )
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.iterdir()}
    run_cli("migrate", "--target", "flask_", root)
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.iterdir()}
    assert after["other.py"] == before["other.py"]
    assert after["notes.py"] == before["notes.py"]
    assert after["app.py"] != before["app.py"]


def test_unparsed_without_markers(run_cli: Run, tree: Tree) -> None:
    """A broken file that never mentions flask.ext is not even parsed."""
    root = tree({"broken.py": "def (:\n"})
    result = run_cli("migrate", root)
    assert result.returncode == 0
    assert "1 file scanned" in result.stderr


def test_skips_vcs_venvs_build_and_hidden(run_cli: Run, tree: Tree) -> None:
    """.git, venvs, build/, node_modules and hidden folders are not entered."""
    root = tree(
        {
            ".git/hooks/x.py": LEGACY,
            "venv/pyvenv.cfg": "home = /usr\n",
            "venv/lib/site.py": LEGACY,
            "env2/pyvenv.cfg": "",
            "env2/m.py": LEGACY,
            "build/lib/app.py": LEGACY,
            "node_modules/x/y.py": LEGACY,
            ".tox/t.py": LEGACY,
            "src/app.py": LEGACY,
            "src/gen/skip_me.py": LEGACY,
            "src/keep.txt": LEGACY,
        }
    )
    result = run_cli("migrate", "--target", "flask_", "--exclude", "gen", root)
    assert result.returncode == 1
    assert "1 file scanned, 1 changed" in result.stderr
    assert (root / "src/app.py").read_text() == MIGRATED
    for name in [
        "venv/lib/site.py",
        "env2/m.py",
        "build/lib/app.py",
        "src/gen/skip_me.py",
    ]:
        assert (root / name).read_text() == LEGACY


def test_exclude_matches_names_and_paths(run_cli: Run, tree: Tree) -> None:
    """--exclude takes globs on file names and on paths."""
    root = tree({"a/test_x.py": LEGACY, "a/b.py": LEGACY, "c/d.py": LEGACY})
    result = run_cli(
        "migrate", "--check", "--exclude", "test_*.py", "--exclude", "c/*", root
    )
    assert "1 file scanned" in result.stderr


def test_exclude_applies_to_files_named_explicitly(run_cli: Run, tree: Tree) -> None:
    """pre-commit passes file names: a folder pattern still excludes them."""
    root = tree({"app/migrations/0001.py": LEGACY, "app/views.py": LEGACY})
    result = run_cli(
        "migrate",
        "--check",
        "--exclude",
        "migrations",
        "app/migrations/0001.py",
        "app/views.py",
        cwd=root,
    )
    assert "1 file scanned, 1 would change" in result.stderr


def test_parallel_run_matches_serial(run_cli: Run, tree: Tree) -> None:
    """-j 2 over many files gives the same bytes as -j 1."""
    files = {f"m{i:03}.py": LEGACY.replace("foo", f"foo{i}") for i in range(60)}
    one = tree(files)
    two = one.parent / "two"
    shutil.copytree(one, two)
    r1 = run_cli("migrate", "-j", "1", "--target", "flask_", one)
    r2 = run_cli("migrate", "-j", "2", "--target", "flask_", two)
    assert r1.returncode == r2.returncode == 1
    assert r1.stderr.replace(str(one), "X") == r2.stderr.replace(str(two), "X")
    for name in files:
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_no_progress_bar_when_piped(run_cli: Run, tree: Tree) -> None:
    """Piped stderr gets no carriage-return progress output."""
    root = tree({f"m{i}.py": "x = 1\n" for i in range(300)})
    result = run_cli("migrate", root)
    assert "\r" not in result.stderr


def test_resolves_by_what_is_installed(
    run_cli: Run, tree: Tree, tmp_path: Path
) -> None:
    """Auto target: flask_ when importable, flaskext.x when only that is,
    flask_ (with a note) when neither; flaskext.x kept without flask_x."""
    site = tmp_path / "site"
    (site / "flaskext").mkdir(parents=True)
    (site / "flaskext" / "__init__.py").write_text(
        "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n"
    )
    (site / "flaskext" / "oldonly.py").write_text("")
    (site / "flask_newone.py").write_text("")
    source = (
        "from flask.ext.newone import a\n"
        "from flask.ext.oldonly import b\n"
        "from flask.ext.nowhere import c\n"
        "from flaskext.oldonly import d\n"
    )
    root = tree({"app.py": source})
    result = run_cli("migrate", root, extra_path=[site])
    assert result.returncode == 1, result.stderr
    assert (root / "app.py").read_text() == (
        "from flask_newone import a\n"
        "from flaskext.oldonly import b\n"
        "from flask_nowhere import c\n"
        "from flaskext.oldonly import d\n"
    )
    assert "app.py:4: note: kept 'flaskext.oldonly'" in result.stderr
    assert (
        "not installed here, so rewritten to the new names: flask_nowhere"
        in result.stderr
    )


def test_python_m_and_main_agree(run_cli: Run) -> None:
    """python -m flask_ext_redirect and main() both show the help."""
    result = run_cli("--help")
    assert result.returncode == 0
    assert "migrate" in result.stdout and "doctor" in result.stdout
    with pytest.raises(SystemExit) as info:
        main(["migrate"])
    assert info.value.code == 2


def test_in_process_main(tree: Tree, capsys: pytest.CaptureFixture[str]) -> None:
    """main() returns the exit status rather than exiting."""
    root = tree({"app.py": LEGACY})
    assert main(["migrate", "-q", "--check", "--target", "flask_", str(root)]) == 1
    err = capsys.readouterr().err
    assert err == "1 file scanned, 1 would change, 0 skipped, 0 errors\n"


def test_doctor_text_and_json(run_cli: Run, tmp_path: Path) -> None:
    """doctor lists extensions with their resolution; --json parses."""
    import json

    result = run_cli("doctor")
    assert result.returncode == 0
    assert "flask.ext redirect:" in result.stdout
    data = json.loads(run_cli("doctor", "--json").stdout)
    assert {"python", "flask", "shim", "extensions"} <= set(data)
    assert data["python"] == ".".join(map(str, sys.version_info[:3]))


@pytest.mark.parametrize("value", ["two", "-1"])
def test_bad_jobs_value(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    """-j takes a count of 0 or more; anything else is a usage error."""
    with pytest.raises(SystemExit) as info:
        main(["migrate", "-j", value, "."])
    assert info.value.code == 2
    assert "argument -j/--jobs" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version names the program and a version."""
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("flask-ext-redirect ")


def test_interrupt_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C ends the run with the shell's status for SIGINT, no traceback."""
    from flask_ext_redirect._migrate import _runner

    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(_runner, "migrate", interrupted)
    assert main(["migrate", "."]) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_closed_pipe_is_quiet(tree: Tree) -> None:
    """--diff into a reader that stops early ends without a traceback."""
    root = tree({f"m{i:03}.py": LEGACY * 20 for i in range(300)})
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask_ext_redirect",
            "migrate",
            "--diff",
            "-j",
            "1",
            str(root),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in err
