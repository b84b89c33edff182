"""``doctor`` and ``migrate --upgrade`` on requirements files, end to end
in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._era import load

Run = Callable[..., subprocess.CompletedProcess[Any]]

PINNED = (
    "# 2015\n"
    "Flask==0.10.1\n"
    "Werkzeug==0.10.4  # the debugger\n"
    "wsgiref==0.1.2\n"
    "Flask-Uploads==0.1.3\n"
)


def _app(tmp_path: Path, requirements: str = PINNED) -> Path:
    app = tmp_path / "app"
    app.mkdir()
    (app / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (app / "requirements.txt").write_text(requirements)
    return app


def test_doctor_reports_requirements_with_file_and_line(
    run_cli: Run, tmp_path: Path
) -> None:
    """The pins that stop the install come first, with file:line, and say
    which ones migrate --upgrade fixes."""
    app = _app(tmp_path)
    result = run_cli("doctor", "--json", "--flask", "3.1.0", app)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    found = [
        (f["kind"], f["subject"], f["line"], f["severity"], f["when"], f["mechanical"])
        for f in report["findings"]
        if f["kind"] == "requirement"
    ]
    assert found == [
        ("requirement", "flask", 2, "blocker", "install", True),
        ("requirement", "werkzeug", 3, "blocker", "install", True),
        ("requirement", "wsgiref", 4, "blocker", "install", True),
        ("requirement", "flask-uploads", 5, "warning", "install", True),
    ]
    assert report["files"]["requirements"] == 1


def test_migrate_upgrade_rewrites_check_and_diff_leave_it(
    run_cli: Run, tmp_path: Path
) -> None:
    """--check and --diff write nothing and exit 1; without them the file is
    rewritten, and a second run finds nothing more to do."""
    app = _app(tmp_path)
    target = app / "requirements.txt"
    check = run_cli("migrate", "--upgrade", "--check", app)
    assert check.returncode == 1 and target.read_text() == PINNED
    diff = run_cli("migrate", "--upgrade", "--diff", app)
    assert diff.returncode == 1 and target.read_text() == PINNED
    assert "-wsgiref==0.1.2\n" in diff.stdout
    assert run_cli("migrate", "--upgrade", app).returncode == 1
    # The installed Flask here is the target: Flask and Werkzeug rise to
    # their first releases beside it.
    flask = next(r for r in load().releases if r.distribution == "Flask")
    assert dict(flask.first_with_flask)
    text = target.read_text()
    assert "wsgiref" not in text
    assert "Flask-Reuploaded\n" in text
    assert text.startswith("# 2015\n")
    assert "  # the debugger\n" in text
    again = run_cli("migrate", "--upgrade", "--check", app)
    assert again.returncode == 0, again.stderr


def test_hashed_requirements_are_refused_and_left_untouched(
    run_cli: Run, tmp_path: Path
) -> None:
    """A --hash file is never rewritten: exit 2, the reason, the same bytes."""
    hashed = "wsgiref==0.1.2 \\\n    --hash=sha256:" + "0" * 64 + "\n"
    app = _app(tmp_path, hashed)
    result = run_cli("migrate", "--upgrade", app)
    assert result.returncode == 2
    assert "uses --hash=" in result.stderr
    assert (app / "requirements.txt").read_text() == hashed


SETUP_PY = """\
from setuptools import setup
setup(
    name="app",
    install_requires=[
        "Flask==0.10.1",  # web
        'Werkzeug==0.10.4',
        "wsgiref==0.1.2",
        "Flask-Login" "==0.2.11",
    ],
)
"""


@pytest.mark.skipif(
    not metadata.version("flask").startswith("3.1."),
    reason="the knowledge base's first releases are those beside Flask 3.1",
)
def test_setup_py_strings_are_raised_in_place(run_cli: Run, tmp_path: Path) -> None:
    """Plain strings of install_requires are rewritten inside their quotes;
    a backport there and an implicitly concatenated string are left, with a
    note saying why."""
    (tmp_path / "setup.py").write_text(SETUP_PY)
    result = run_cli("migrate", "--upgrade", tmp_path)
    assert result.returncode == 1, result.stderr
    assert (tmp_path / "setup.py").read_text() == SETUP_PY.replace(
        '"Flask==0.10.1"', '"Flask==3.1.0"'
    ).replace("'Werkzeug==0.10.4'", "'Werkzeug==3.1.0'")
    assert (
        "wsgiref not rewritten: only requirements files are rewritten" in result.stderr
    )
    assert "Flask-Login not rewritten: not written as one plain string" in result.stderr


@pytest.mark.skipif(
    not metadata.version("flask").startswith("3.1."),
    reason="the page shows the rewrite beside Flask 3.1",
)
def test_upgrading_page_shows_the_rewrite_the_tool_makes(
    run_cli: Run, tmp_path: Path
) -> None:
    """Step 0 of docs/upgrading.rst shows the diff migrate --upgrade prints
    for the walk-through's pinned requirements, line for line."""
    from conftest import ROOT

    pinned = ROOT / "tests" / "walkthrough" / "legacy_app" / "requirements.txt"
    (tmp_path / "requirements.txt").write_bytes(pinned.read_bytes())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "flask_ext_redirect",
            "migrate",
            "--upgrade",
            "--diff",
            "requirements.txt",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1, result.stderr
    page = (ROOT / "docs" / "upgrading.rst").read_text(encoding="utf-8")
    shown = [line.strip() for line in page.splitlines()]
    for line in result.stdout.splitlines():
        assert line.strip() in shown, line


def test_exclude_reaches_requirements_and_templates(
    run_cli: Run, tmp_path: Path
) -> None:
    """--exclude leaves requirements files and templates alone as it does
    Python files, in doctor and in migrate --upgrade."""
    app = _app(tmp_path)
    (app / "templates").mkdir()
    (app / "templates" / "a.html").write_text("{{ current_user.is_active() }}\n")
    report = json.loads(
        run_cli(
            "doctor",
            "--json",
            "--exclude",
            "requirements.txt",
            "--exclude",
            "templates",
            app,
        ).stdout
    )
    assert [
        f for f in report["findings"] if f["kind"] in ("requirement", "template")
    ] == []
    result = run_cli(
        "migrate",
        "--upgrade",
        "--check",
        "--exclude",
        "requirements.txt",
        "--exclude",
        "templates",
        app,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib")
def test_pipfile_is_read_never_written(run_cli: Run, tmp_path: Path) -> None:
    """doctor names a Pipfile's backport and says it is a hand step (then
    pipenv lock); migrate --upgrade leaves the Pipfile as it was."""
    pipfile = tmp_path / "Pipfile"
    text = '[packages]\nflask = ">=1"\nwsgiref = "*"\n'
    pipfile.write_text(text)
    report = json.loads(run_cli("doctor", "--json", tmp_path).stdout)
    (finding,) = [f for f in report["findings"] if f["kind"] == "requirement"]
    assert (finding["subject"], finding["line"], finding["mechanical"]) == (
        "wsgiref",
        3,
        False,
    )
    assert "pipenv lock" in finding["fix"]
    assert run_cli("migrate", "--upgrade", tmp_path).returncode == 0
    assert pipfile.read_text() == text


def test_json_with_requirements_problems_follows_the_schema(
    run_cli: Run, tmp_path: Path
) -> None:
    """A hashed file, an unknown line and an unparsable template are listed
    as problems the shipped JSON schema names."""
    from importlib import resources

    import jsonschema

    app = _app(tmp_path, "wsgiref==0.1.2 --hash=sha256:00\n-r missing.txt\n~~~\n")
    (app / "templates").mkdir()
    (app / "templates" / "bad.html").write_text("{% if %}\n")
    data = json.loads(run_cli("doctor", "--json", app).stdout)
    kinds = {p["kind"] for p in data["problems"]}
    assert kinds == {
        "hashed-requirements",
        "unreadable-requirements",
        "requirements",
        "unparsed-template",
    }
    schema = json.loads(
        resources.files("flask_ext_redirect._diagnose")
        .joinpath("doctor-report.schema.json")
        .read_text("utf-8")
    )
    jsonschema.Draft7Validator(schema).validate(data)
