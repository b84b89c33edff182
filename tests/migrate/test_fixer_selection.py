"""``migrate --upgrade --only/--skip/--list-fixers`` and the same settings in
``[tool.flask-ext-redirect]``, through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from flask_ext_redirect._cli import main
from flask_ext_redirect._era import FIXER_IDS

#: One change for each of three fixers, and a legacy import.
SOURCE = """\
from flask.ext.sqlalchemy import SQLAlchemy
from werkzeug import secure_filename
from flask import Markup
"""
PLAIN = "from flask_sqlalchemy import SQLAlchemy\n"
WERKZEUG = "from werkzeug.utils import secure_filename\n"
MARKUPSAFE = "from markupsafe import Markup\n"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "app.py"
    path.write_text(SOURCE)
    return path


def migrate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["migrate", "-q", "-j", "1", "--target", "flask_", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_only_runs_the_fixers_named(
    app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--only werkzeug-imports`` rewrites that change alone: not
    MarkupSafe's, not even the flask.ext import."""
    status, _, err = migrate(
        capsys, "--upgrade", "--only", "werkzeug-imports", str(app)
    )
    assert status == 1, err
    text = app.read_text()
    assert WERKZEUG in text
    assert "from flask import Markup\n" in text
    assert "from flask.ext.sqlalchemy import SQLAlchemy\n" in text


def test_only_takes_lists(app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Comma-separated and repeated ``--only`` add up."""
    args = ["--only", "flask-ext,werkzeug-imports", "--only", "markupsafe-imports"]
    status, _, err = migrate(capsys, "--upgrade", *args, str(app))
    assert status == 1, err
    assert app.read_text() == PLAIN + WERKZEUG + MARKUPSAFE


def test_skip_leaves_the_fixers_named(
    app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--skip`` runs every other fixer; ``--skip flask-ext`` leaves the
    legacy import and still upgrades the rest."""
    status, _, err = migrate(
        capsys, "--upgrade", "--skip", "markupsafe-imports", str(app)
    )
    assert status == 1, err
    assert app.read_text() == PLAIN + WERKZEUG + "from flask import Markup\n"
    app.write_text(SOURCE)
    status, _, err = migrate(capsys, "--upgrade", "--skip", "flask-ext", str(app))
    assert status == 1, err
    assert app.read_text() == (
        "from flask.ext.sqlalchemy import SQLAlchemy\n" + WERKZEUG + MARKUPSAFE
    )


def test_list_fixers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--list-fixers`` needs no PATH and lists each fixer id once, with
    whether ``--only``/``--skip`` leave it on and what it rewrites."""
    status, out, _ = migrate(capsys, "--list-fixers", "--skip", "flask-script")
    assert status == 0
    rows = [line.split(None, 2) for line in out.splitlines()]
    assert [row[0] for row in rows] == list(FIXER_IDS)
    states = {row[0]: row[1] for row in rows}
    assert states["flask-script"] == "off"
    assert {s for i, s in states.items() if i != "flask-script"} == {"on"}
    assert all(len(row) == 3 and row[2] for row in rows), out
    described = dict((row[0], row[2]) for row in rows)
    assert described["flask-wtf-form"].startswith(
        "flask_wtf.Form -> flask_wtf.FlaskForm"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--upgrade", "--only", "werkzeug"], "--only: unknown fixer 'werkzeug'"),
        (["--upgrade", "--skip", "nope"], "--skip: unknown fixer 'nope'"),
        (["--only", "werkzeug-imports"], "add --upgrade"),
        (["--skip", "werkzeug-imports"], "add --upgrade"),
        (
            ["--upgrade", "--only", "safe-str-cmp", "--skip", "safe-str-cmp"],
            "leave no fixer to run",
        ),
    ],
)
def test_selection_errors_change_nothing(
    app: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """An unknown fixer, ``--only``/``--skip`` without ``--upgrade``, or a
    selection of nothing: exit 2, the message, and the file untouched."""
    status, out, err = migrate(capsys, *args, str(app))
    assert (status, out) == (2, "")
    assert message in err
    assert app.read_text() == SOURCE


def test_path_is_required_without_list_fixers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``migrate`` alone is still a usage error."""
    with pytest.raises(SystemExit) as info:
        main(["migrate", "--upgrade"])
    assert info.value.code == 2
    assert "required: PATH" in capsys.readouterr().err


def _config(folder: Path, table: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f"[tool.flask-ext-redirect]\n{table}\n")
    return path


def test_config_upgrade_and_skip(app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``upgrade = true``, ``target`` and ``skip`` in pyproject.toml apply
    to a plain ``migrate PATH``; ``--skip`` on the command line replaces
    the file's ``skip``."""
    _config(
        app.parent, 'upgrade = true\nskip = ["markupsafe-imports"]\ntarget = "flask_"'
    )
    status = main(["migrate", "-q", "-j", "1", str(app)])
    assert status == 1, capsys.readouterr().err
    assert app.read_text() == PLAIN + WERKZEUG + "from flask import Markup\n"
    app.write_text(SOURCE)
    status = main(["migrate", "-q", "-j", "1", "--skip", "werkzeug-imports", str(app)])
    assert status == 1, capsys.readouterr().err
    assert (
        app.read_text() == PLAIN + "from werkzeug import secure_filename\n" + MARKUPSAFE
    )


def test_config_only_is_for_upgrade_runs(
    app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``only`` in the file does not stop a plain ``migrate`` (the pre-commit
    hook) from rewriting flask.ext imports."""
    _config(app.parent, 'only = ["werkzeug-imports"]')
    status, _, err = migrate(capsys, str(app))
    assert status == 1, err
    assert app.read_text() == PLAIN + SOURCE.split("\n", 1)[1]


@pytest.mark.parametrize(
    "table, key, message",
    [
        ('only = ["werkzeug"]', "only", "unknown fixer 'werkzeug'"),
        ("skip = 1", "skip", "must be a list of strings, got 1"),
        ('target = "flask"', "target", "must be 'auto' or 'flask_', got 'flask'"),
        ("upgrade = 1", "upgrade", "must be true or false, got 1"),
        ("exclude = [true]", "exclude", "must be a list of strings, got [True]"),
        ("colour = true", "colour", "unknown key"),
    ],
)
def test_config_errors(
    app: Path,
    capsys: pytest.CaptureFixture[str],
    table: str,
    key: str,
    message: str,
) -> None:
    """A wrong key or value in the file: exit 2 naming file and key, file
    untouched."""
    path = _config(app.parent, table)
    status = main(["migrate", "-q", str(app)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"{path}: [tool.flask-ext-redirect] {key!r}: {message}" in err
    assert app.read_text() == SOURCE


def test_config_exclude_from_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A spanning ``exclude`` pattern starts from the file's folder, run
    from another folder; a plain name matches at any depth."""
    project = tmp_path / "project"
    (project / "pkg" / "gen").mkdir(parents=True)
    (project / "pkg" / "vendor").mkdir()
    for name in ("pkg/app.py", "pkg/gen/made.py", "pkg/vendor/lib.py"):
        (project / name).write_text(SOURCE)
    _config(project, 'exclude = ["pkg/gen", "vendor"]')
    monkeypatch.chdir(tmp_path)
    status = main(["migrate", "-q", "-j", "1", "--target", "flask_", "project"])
    assert status == 1, capsys.readouterr().err
    assert (project / "pkg" / "app.py").read_text().startswith(PLAIN)
    assert (project / "pkg" / "gen" / "made.py").read_text() == SOURCE
    assert (project / "pkg" / "vendor" / "lib.py").read_text() == SOURCE


def test_a_skipped_fixer_does_not_run_in_a_later_round(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What one fixer writes can be another's to rewrite (Flask-WTF's
    ``TextField`` becomes WTForms' ``TextField``, then ``StringField``);
    a skipped fixer is not called back for it."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "forms.py"
    path.write_text("from flask_wtf import TextField\n")
    status, _, err = migrate(
        capsys, "--upgrade", "--skip", "wtforms-renames", str(path)
    )
    assert status == 1, err
    assert path.read_text() == "from wtforms import TextField\n"
    path.write_text("from flask_wtf import TextField\n")
    status, _, err = migrate(capsys, "--upgrade", str(path))
    assert status == 1, err
    assert path.read_text() == "from wtforms import StringField\n"


def test_python2_file_without_the_plain_rewrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Python 2 file with ``--skip flask-ext`` is left as it was, with a
    note that says why (the fixers need Python 3)."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "old.py"
    source = "from flask.ext.sqlalchemy import SQLAlchemy\nprint 'x'\n"
    path.write_text(source)
    status = main(["migrate", "-j", "1", "--upgrade", "--skip", "flask-ext", str(path)])
    err = capsys.readouterr().err
    assert status == 0, err
    assert path.read_text() == source
    assert "Python 2 source: left as it was" in err


def test_config_and_isolated_options(
    app: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--config FILE`` reads that file; ``--isolated`` reads none (the
    nearest pyproject.toml would have turned ``--upgrade`` on)."""
    _config(app.parent, "upgrade = true")
    status = main(
        ["migrate", "-q", "-j", "1", "--isolated", "--target", "flask_", str(app)]
    )
    assert status == 1, capsys.readouterr().err
    assert app.read_text() == PLAIN + SOURCE.split("\n", 1)[1]
    app.write_text(SOURCE)
    other = tmp_path / "elsewhere.toml"
    other.write_text(
        '[tool.flask-ext-redirect]\nupgrade = true\nonly = ["markupsafe-imports"]\n'
    )
    status = main(["migrate", "-q", "-j", "1", "--config", str(other), str(app)])
    assert status == 1, capsys.readouterr().err
    assert app.read_text() == SOURCE.replace("from flask import Markup\n", MARKUPSAFE)


def test_no_upgrade_overrides_the_file(
    app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--no-upgrade`` turns off ``upgrade = true`` of pyproject.toml: the
    plain rewrite alone."""
    _config(app.parent, "upgrade = true")
    status, _, err = migrate(capsys, "--no-upgrade", str(app))
    assert status == 1, err
    assert app.read_text() == PLAIN + SOURCE.split("\n", 1)[1]
