"""``migrate --upgrade`` on requirements files and templates: what it
refuses, and the files it must leave exactly as they were."""

from __future__ import annotations

import errno
import os
import re
import subprocess
from collections.abc import Callable
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._era import load
from flask_ext_redirect._migrate import _extra
from flask_ext_redirect._migrate import _files
from flask_ext_redirect._migrate._extra import upgrade_other_files
from flask_ext_redirect._migrate._files import WRITE
from flask_ext_redirect._migrate._model import Message

Run = Callable[..., "subprocess.CompletedProcess[Any]"]
Tree = Callable[[Mapping[str, "str | bytes"]], Path]

LOGIN_TEMPLATE = "{% if current_user.is_authenticated() %}hi{% endif %}\n"


# The requirements judge follows the Flask installed here (not --target):
# these claims are about pins too old for Flask 3.x.
_FLASK_3 = pytest.mark.skipif(
    int(metadata.version("flask").split(".")[0]) < 3,
    reason="requirements are judged against the installed Flask; needs Flask 3",
)


@_FLASK_3
def test_setup_py_rewritten_for_its_code_gets_its_pins_on_the_next_run(
    run_cli: Run, tree: Tree
) -> None:
    """A setup.py whose imports change in this run keeps its old pin (one run
    never writes a file twice) and says to run again; the next run raises
    the pin."""
    root = tree(
        {
            "setup.py": "from setuptools import setup\n"
            "from flask.ext.sqlalchemy import SQLAlchemy\n\n"
            'setup(name="x", install_requires=["Werkzeug==0.10.4"])\n'
        }
    )
    first = run_cli("migrate", "--upgrade", root)
    assert first.returncode == 1, first.stderr
    text = (root / "setup.py").read_text()
    assert "from flask_sqlalchemy import SQLAlchemy" in text
    assert "Werkzeug==0.10.4" in text
    assert "run migrate --upgrade again for its requirements" in first.stderr
    second = run_cli("migrate", "--upgrade", root)
    assert second.returncode == 1, second.stderr
    assert "again for its requirements" not in second.stderr
    raised = re.search(r'"Werkzeug==([0-9.]+)"', (root / "setup.py").read_text())
    assert raised is not None and raised.group(1) != "0.10.4"
    assert run_cli("migrate", "--upgrade", "--check", root).returncode == 0


@_FLASK_3
def test_refused_requirements_are_named_and_the_file_left(
    run_cli: Run, tree: Tree
) -> None:
    """A file with only refusals (a range, a dead distribution whose successor
    needs code changes) is not touched; each refusal is a note with its line
    and reason, and nothing counts as changed."""
    text = "Flask-Cache==0.13.1\nWerkzeug>=0.9,<1.0\n"
    root = tree({"requirements.txt": text})
    done = run_cli("migrate", "--upgrade", root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "requirements.txt").read_text() == text
    assert "requirements.txt:1: note: Flask-Cache not rewritten: " in done.stderr
    assert (
        "requirements.txt:2: note: Werkzeug not rewritten: its version range is"
        " not a single '==' pin" in done.stderr
    )
    assert "0 changed" in done.stderr


def test_requirements_file_not_utf8_is_an_error_and_left(
    run_cli: Run, tree: Tree
) -> None:
    """A requirements file in another encoding is reported (exit 2) with the
    reason, and left byte for byte; the other files are still rewritten."""
    latin1 = "# caf\xe9\nwsgiref==0.1.2\n".encode("latin-1")
    root = tree(
        {"requirements.txt": latin1, "dev-requirements.txt": "wsgiref==0.1.2\n"}
    )
    done = run_cli("migrate", "--upgrade", root)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "requirements.txt: error: not UTF-8: invalid continuation byte" in (
        done.stdout + done.stderr
    )
    assert (root / "requirements.txt").read_bytes() == latin1
    assert (root / "dev-requirements.txt").read_text() == ""


def test_template_not_utf8_is_an_error_and_left(run_cli: Run, tree: Tree) -> None:
    """A template in another encoding is reported with the reason (exit 2),
    and left as it was."""
    latin1 = ("{# caf\xe9 #}" + LOGIN_TEMPLATE).encode("latin-1")
    root = tree({"templates/index.html": latin1})
    done = run_cli("migrate", "--upgrade", root / "templates")
    out = done.stdout + done.stderr
    assert done.returncode == 2, out
    assert (
        "index.html: error: not UTF-8 (invalid continuation byte); left as it was"
        in out
    )
    assert (root / "templates" / "index.html").read_bytes() == latin1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_read_only_files_are_refused_not_rewritten(run_cli: Run, tree: Tree) -> None:
    """A read-only requirements file or template is named as read-only
    (exit 2) and keeps its content, even for root, who could write it."""
    root = tree(
        {"requirements.txt": "wsgiref==0.1.2\n", "templates/a.html": LOGIN_TEMPLATE}
    )
    for name in ("requirements.txt", "templates/a.html"):
        (root / name).chmod(0o444)
    done = run_cli("migrate", "--upgrade", root, root / "templates")
    out = done.stdout + done.stderr
    assert done.returncode == 2, out
    assert out.count("read-only file, not rewritten (make it writable first)") == 2
    assert (root / "requirements.txt").read_text() == "wsgiref==0.1.2\n"
    assert (root / "templates" / "a.html").read_text() == LOGIN_TEMPLATE


def test_bom_is_kept_in_a_rewritten_template(tree: Tree) -> None:
    """A template that starts with a UTF-8 BOM keeps it when rewritten."""
    root = tree({"templates/a.html": b"\xef\xbb\xbf" + LOGIN_TEMPLATE.encode()})
    outcomes, looked_at = upgrade_other_files([str(root / "templates")], WRITE, set())
    assert [o.status for o in outcomes] == ["changed"]
    assert looked_at == 1
    assert (root / "templates" / "a.html").read_bytes() == (
        b"\xef\xbb\xbf{% if current_user.is_authenticated %}hi{% endif %}\n"
    )


def test_file_edited_during_the_run_is_not_overwritten(tree: Tree) -> None:
    """When the user saves a file while migrate works on it, the user's
    version is kept and the file is named as changed meanwhile."""
    root = tree({"requirements.txt": "wsgiref==0.1.2\n"})
    path = str(root / "requirements.txt")

    def edit_meanwhile(text: str) -> tuple[str, list[Message]]:
        with open(path, "a") as f:
            f.write("Flask==3.1.0\n")
        return "", []

    outcome = _extra._apply(path, WRITE, edit_meanwhile, [])
    assert outcome.status == "error"
    assert [m.text for m in outcome.errors] == [
        "file changed while being migrated; not replaced"
    ]
    assert (root / "requirements.txt").read_text() == "wsgiref==0.1.2\nFlask==3.1.0\n"
    assert [p.name for p in root.iterdir()] == ["requirements.txt"]


def test_file_gone_or_disk_full_is_an_error_not_a_crash(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file removed before it is read, or a write that fails (disk full),
    is reported with the system's reason; the old content stays."""
    root = tree({"requirements.txt": "wsgiref==0.1.2\n"})
    path = str(root / "requirements.txt")
    gone = _extra._apply(str(root / "gone.txt"), WRITE, lambda t: (t, []), [])
    assert gone.status == "error"
    assert "No such file or directory" in gone.errors[0].text

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_files, "replace", disk_full)
    full = _extra._apply(path, WRITE, lambda t: ("", []), [])
    assert full.status == "error"
    assert full.errors[0].text.startswith("cannot write: ")
    assert os.strerror(errno.ENOSPC) in full.errors[0].text
    assert (root / "requirements.txt").read_text() == "wsgiref==0.1.2\n"


def test_without_flask_installed_pins_follow_the_newest_known_flask(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where Flask is not installed, old pins are judged against the newest
    Flask the knowledge base knows, so they are still raised."""
    real_version = metadata.version

    def no_flask(name: str) -> str:
        if name.lower() == "flask":
            raise metadata.PackageNotFoundError(name)
        return real_version(name)

    monkeypatch.setattr(metadata, "version", no_flask)
    newest = max(
        (m for r in load().releases for m, _ in r.first_with_flask),
        key=lambda m: tuple(map(int, m.split("."))),
    )
    assert _extra._target_flask() == newest
    root = tree({"requirements.txt": "Werkzeug==0.10.4\n"})
    outcomes, _ = upgrade_other_files([str(root)], WRITE, set())
    assert [o.status for o in outcomes] == ["changed"]
    assert (root / "requirements.txt").read_text() != "Werkzeug==0.10.4\n"
