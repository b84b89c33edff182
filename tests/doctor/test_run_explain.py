"""``doctor --run``: how each failure the child reports is explained (a
static finding confirmed, else the knowledge-base entry its message names,
else shown as it is), and how the run reads in the text report."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._diagnose import _child
from flask_ext_redirect._diagnose._model import Finding
from flask_ext_redirect._diagnose._run import explain
from flask_ext_redirect._diagnose._run import run_lines
from flask_ext_redirect._era import load


def _report(
    message: str,
    *,
    type_: str = "ImportError",
    frames: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    frames = frames or [
        {"path": "site.py", "line": 3, "code": "", "own": False},
    ]
    return {
        "target": "app",
        "timeout": 60.0,
        "timed_out": False,
        "exit_code": 0,
        "stderr": "",
        "stages": [
            {
                "stage": "import",
                "ok": False,
                "failure": {
                    "type": type_,
                    "module": "builtins",
                    "message": message,
                    "at": frames[-1],
                    "frames": frames,
                },
            }
        ],
    }


def _explained(message: str, type_: str = "ImportError") -> dict[str, Any]:
    report = _report(message, type_=type_)
    explain(report, [], load())
    failure: dict[str, Any] = report["stages"][0]["failure"]
    return failure


@pytest.mark.parametrize(
    ("type_", "message", "subject"),
    [
        ("ImportError", "cannot import name 'Markup' from 'flask' (x.py)",
         "flask.Markup"),
        ("ModuleNotFoundError", "No module named 'werkzeug.contrib.cache'",
         "werkzeug.contrib.cache"),
        ("AttributeError", "'Flask' object has no attribute 'before_first_request'",
         "flask.before_first_request"),
        ("AttributeError", "module 'flask' has no attribute 'escape'", "flask.escape"),
        # The receiver's class is not the entry's owner (a subclass): the
        # method or attribute by its name.
        ("AttributeError", "'MyApp' object has no attribute 'json_encoder'",
         "flask.Flask.json_encoder"),
        ("TypeError", "send_file() got an unexpected keyword argument"
         " 'attachment_filename'", "flask.send_file.attachment_filename"),
        ("RuntimeError", "Either 'SQLALCHEMY_DATABASE_URI' or 'SQLALCHEMY_BINDS'"
         " must be set.", "flask_sqlalchemy.database_uri_required"),
    ],
)  # fmt: skip
def test_a_failure_is_explained_by_the_entry_its_message_names(
    type_: str, message: str, subject: str
) -> None:
    """With no static finding at the failing place, the knowledge-base entry
    the exception's message names explains it, with that entry's fix and
    why, in the JSON and in the text report."""
    kb = load()
    (api,) = [a for a in kb.apis if a.id == subject]
    report = _report(message, type_=type_)
    explain(report, [], kb)
    explained = report["stages"][0]["failure"]["explained_by"]
    assert explained == {
        "finding": None,
        "subject": subject,
        "fix": api.replacement,
        "why": api.why,
        "source": api.source,
    }
    text = "\n".join(run_lines(report))
    assert f"explained by {subject}: {api.why}; fix: {api.replacement}" in text
    assert "shown as it is" not in text


def _finding(kind: str, subject: str, path: str, line: int) -> Finding:
    return Finding(
        severity="blocker",
        when="import",
        kind=kind,
        subject=subject,
        title=f"{subject} is gone",
        why="removed",
        fix=f"stop using {subject}",
        path=path,
        line=line,
    )


def test_a_failure_at_a_findings_place_confirms_it() -> None:
    """The failing frame of the application's own code is where a static
    finding is: that finding is confirmed and the text report says so, with
    the line of code that failed."""
    frames = [
        {"path": "app.py", "line": 2, "code": "from flask import Markup", "own": True},
        {"path": "flask/__init__.py", "line": 9, "code": "", "own": False},
    ]
    report = _report("cannot import name 'Markup' from 'flask'", frames=frames)
    report["stages"][0]["failure"]["at"] = frames[0]
    finding = _finding("removed-api", "flask.Markup", "app.py", 2)
    other = _finding("removed-api", "flask.escape", "app.py", 7)
    explain(report, [finding, other], load())
    assert (finding.confirmed, other.confirmed) == (True, False)
    lines = run_lines(report)
    assert "  import: failed at app.py:2" in lines
    assert "      from flask import Markup" in lines
    assert (
        "      confirmed: flask.Markup (app.py:2); fix: stop using flask.Markup"
    ) in lines


def test_an_application_context_error_confirms_the_app_context_finding() -> None:
    """ "Working outside of application context" raised in a library confirms
    doctor's app-context finding, wherever that finding is."""
    report = _report("Working outside of application context.", type_="RuntimeError")
    finding = _finding("app-context", "flask_sqlalchemy.create_all", "models.py", 12)
    explain(report, [finding], load())
    assert finding.confirmed
    explained = report["stages"][0]["failure"]["explained_by"]
    assert explained["finding"] == "models.py:12"


def test_an_unknown_failure_is_shown_as_it_is() -> None:
    """A message that names nothing doctor knows gets no explanation: the
    text report shows the error as it is, never a guess."""
    failure = _explained("'NoneType' object is not subscriptable", "TypeError")
    assert "explained_by" not in failure


def test_the_text_report_of_a_run_that_timed_out_or_never_started() -> None:
    """A run stopped by --timeout says so with the limit; a child that died
    before importing shows its exit code and the end of its stderr."""
    timed_out = {"target": "app", "timeout": 2.5, "timed_out": True,
                 "exit_code": None, "stages": [], "stderr": ""}  # fmt: skip
    assert run_lines(timed_out)[-1] == (
        "  stopped after 2.5 s (--timeout): the application did not finish"
        " starting or answering"
    )
    stderr = "".join(f"line {i}\n" for i in range(20)) + "Fatal Python error: boom"
    died = {"target": "app", "timeout": 60.0, "timed_out": False,
            "exit_code": 134, "stages": [], "stderr": stderr}  # fmt: skip
    lines = run_lines(died)
    assert "  the child process failed before importing (exit 134):" in lines
    assert lines[-1] == "      Fatal Python error: boom"
    assert "      line 13" in lines and "      line 12" not in lines


# ------------------------------------------------------------ the child


def _module(tmp_path: Path, name: str, text: str) -> Any:
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(text), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(name, None)


def test_the_child_finds_the_application_as_flask_run_would(tmp_path: Path) -> None:
    """Without a NAME the child takes ``app``/``application``, else any Flask
    object in the module, else calls ``create_app``/``make_app``; with one it
    evaluates it (``create_app('dev')``) as ``flask --app`` does."""
    named = _module(tmp_path, "named_app", """\
        from flask import Flask
        web = Flask("web")
    """)  # fmt: skip
    assert _child._application(named, None).name == "web"
    factory = _module(tmp_path, "factory_app", """\
        from flask import Flask
        def make_app(env="prod"):
            return Flask(env)
    """)  # fmt: skip
    assert _child._application(factory, None).name == "prod"
    assert _child._application(factory, "make_app('dev')").name == "dev"
    assert _child._application(factory, "make_app").name == "prod"
    empty = _module(tmp_path, "no_app", "VALUE = 1\n")
    with pytest.raises(LookupError, match="give --run MODULE:NAME"):
        _child._application(empty, None)


def _cli(root: Path, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "flask_ext_redirect", "doctor", "--json", "-j", "1",
         ".", "--run", *args],
        cwd=root, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_run_by_file_path_reports_a_syntax_error_at_its_line(tmp_path: Path) -> None:
    """``--run pkg/app.py`` imports ``pkg.app``; a syntax error there is
    reported at the file and line of the error itself, not inside importlib."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "app.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\nif True\n    pass\n",
        encoding="utf-8",
    )
    report = _cli(tmp_path, "pkg/app.py")
    (stage,) = report["run"]["stages"]
    failure = stage["failure"]
    assert failure["type"] == "SyntaxError"
    assert (failure["at"]["path"], failure["at"]["line"]) == (
        str(Path("pkg", "app.py")), 3,
    )  # fmt: skip


def test_run_names_a_factory_and_requests_its_rules(tmp_path: Path) -> None:
    """``--run app:create_app('dev')`` calls the factory with its argument;
    the static route and rules with arguments or without GET are not
    requested."""
    (tmp_path / "app.py").write_text(
        textwrap.dedent("""\
            from flask import Flask

            def create_app(name):
                app = Flask(name, static_folder=".")
                app.add_url_rule("/", "index", lambda: name)
                app.add_url_rule("/post", "post", lambda: "", methods=["POST"])
                app.add_url_rule("/<x>", "item", lambda x: x)
                return app
        """),
        encoding="utf-8",
    )  # fmt: skip
    report = _cli(tmp_path, "app:create_app('dev')")
    stages = [(s["stage"], s["ok"], s.get("status")) for s in report["run"]["stages"]]
    assert stages == [("import", True, None), ("GET /", True, 200)]


def test_text_report_marks_a_finding_the_run_confirmed(tmp_path: Path) -> None:
    """In the text report, a finding the run met says so under it, and the
    run's section names the finding it confirmed."""
    (tmp_path / "app.py").write_text(
        "from flask import Flask\nfrom urlparse import urljoin\n"
        "app = Flask(__name__)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "flask_ext_redirect", "doctor", "-j", "1", ".",
         "--run", "app", "--no-requests"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "confirmed: doctor --run met it" in done.stdout
    assert "confirmed: urlparse (app.py:2); fix: " in done.stdout
