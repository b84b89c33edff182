"""Edges of the recall rules that the main recall tests do not reach:
files the prefilter skips, uses found through other modules, and what the
report says about each."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._cli import main
from flask_ext_redirect._diagnose import diagnose
from flask_ext_redirect._diagnose._model import Finding
from flask_ext_redirect._diagnose._overlap import overlapping


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _all(root: Path, **options: Any) -> list[Finding]:
    findings: list[Finding] = diagnose([str(root)], jobs=1, **options)["findings"]
    return findings


SHOP = {
    "shop/__init__.py": """\
        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy
        app = Flask(__name__)
        db = SQLAlchemy(app)
        from shop import models
    """,
    "shop/models.py": """\
        from shop import db

        class User(db.Model):
            id = db.Column(db.Integer, primary_key=True)
    """,
    "shop/search.py": "def query(text):\n    return text\n",
    "shop/cache.py": "class Cache:\n    session = 1\ncache = Cache()\n",
}


def test_app_context_uses_in_files_that_name_no_flask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script and a module that never name Flask or SQLAlchemy (skipped
    by the prefilter) still get their app-context blockers: a model
    imported from another module queried at import, ``db.engine`` at module
    level (an attribute: no call parentheses in the title), and
    ``db.create_all()`` under ``if __name__ == '__main__':``. Look-alikes
    (a function named query, another object's session) are no finding."""
    files = dict(SHOP)
    files["manage.py"] = """\
        from shop import db

        if __name__ == "__main__":
            db.create_all()
    """
    files["shop/admin.py"] = """\
        from shop.models import User
        from shop import db
        import shop.search as search
        from .cache import cache

        ADMIN = User.query.first()
        HITS = search.query("x")
        SESSION = cache.session
        ENGINE = db.engine
    """
    _tree(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    found = [
        (f.path, f.line, f.title.partition(", outside")[0])
        for f in _all(Path("."))
        if f.kind == "app-context"
    ]
    assert sorted(found) == [
        ("manage.py", 4, "db.create_all() under if __name__ == '__main__':"),
        ("shop/admin.py", 6, "User.query at module level"),
        ("shop/admin.py", 9, "db.engine at module level"),
    ]


# ------------------------------------------------------------- comments


def _report(root: Path, *args: str) -> dict[str, Any]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = main(["doctor", "-j", "1", "--flask", "3.1.0", "--format", "json",
                       *args, str(root)])  # fmt: skip
    assert status in (0, 1)
    report: dict[str, Any] = json.loads(buffer.getvalue())
    return report


def _places(report: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(f["id"], Path(f["path"]).name, f["line"]) for f in report["findings"]]


def test_comments_in_files_that_do_not_parse(tmp_path: Path) -> None:
    """In a file Python cannot tokenize (Python 2 indentation) or whose
    declared encoding is unknown, ``# doctor: ignore[unreadable]`` still
    silences the file's finding on that line; an empty ``ignore[]``
    silences nothing."""
    _tree(tmp_path, {
        "py2.py": """\
            from flask import Flask
            def f():
                    x = 1
                return x  # doctor: ignore[unreadable]
        """,
        "enc.py": (
            "# -*- coding: bogus -*-  doctor: ignore[unreadable]\n"
            "from flask import Flask\n"
        ),
        "kept.py": """\
            from flask import Flask
            def f():
                    x = 1
                return x  # doctor: ignore[]
        """,
    })  # fmt: skip
    report = _report(tmp_path)
    assert _places(report) == [("unreadable", "kept.py", 4)]
    assert report["silenced"]["by_comment"] == 2


def test_silencing_one_import_reports_the_same_module_on_its_next_line(
    tmp_path: Path,
) -> None:
    """A Python 2 module imported twice: silencing its first import moves
    the finding to the second, with that line's code; silencing both
    removes it; silencing the second leaves the first alone."""
    text = """\
        import cPickle  # doctor: ignore[python2-module.cPickle]
        import os


        def load():
            import cPickle
            return cPickle, os
    """
    _tree(tmp_path, {"app.py": text})
    report = _report(tmp_path)
    (finding,) = report["findings"]
    assert (finding["id"], finding["line"], finding["code"]) == (
        "python2-module.cPickle", 6, "import cPickle",
    )  # fmt: skip
    _tree(tmp_path, {"app.py": text.replace(
        "import cPickle\n", "import cPickle  # doctor: ignore\n"
    )})  # fmt: skip
    report = _report(tmp_path)
    assert report["findings"] == []
    assert report["silenced"]["by_comment"] == 1
    # Only the second silenced: reported at the first, the second no longer
    # listed as another place.
    _tree(
        tmp_path,
        {
            "app.py": text.replace(
                "import cPickle  # doctor: ignore[python2-module.cPickle]\n",
                "import cPickle\n",
            ).replace(
                " " * 12 + "import cPickle\n",
                " " * 12 + "import cPickle  # doctor: ignore\n",
            )
        },
    )
    (finding,) = _report(tmp_path)["findings"]
    assert (finding["line"], finding["also"]) == (1, [])


# ------------------------------------------------------------- templates


def test_templates_that_cannot_be_read_and_macros_that_are_gone(
    tmp_path: Path,
) -> None:
    """With Bootstrap-Flask required, every Flask-Bootstrap template and
    macro a template uses is named, with the macro's template and a fix
    migrate cannot apply; a template that is not UTF-8 is listed as a
    problem, not skipped in silence."""
    _tree(tmp_path, {
        "app/__init__.py": "from flask import Flask\napp = Flask(__name__)\n",
        "requirements.txt": "Bootstrap-Flask\n",
        "app/templates/page.html": """\
            {% extends "bootstrap/base.html" %}
            {% from "bootstrap/utils.html" import flashed_messages as flashes %}
            {% block content %}{{ flashes() }}{% endblock %}
        """,
    })  # fmt: skip
    (tmp_path / "app" / "templates" / "latin.html").write_bytes(b"caf\xe9 {{ x }}\n")
    report = _report(tmp_path)
    found = [
        (Path(f["path"]).name, f["line"], f["title"], f["mechanical"])
        for f in report["findings"]
        if f["kind"] == "template"
    ]
    assert [(name, line) for name, line, _, _ in found] == [
        ("page.html", 1), ("page.html", 3),
    ]  # fmt: skip
    assert "flashed_messages of bootstrap/utils.html" in found[1][2]
    assert not any(mechanical for _, _, _, mechanical in found)
    assert "(migrate --upgrade does it)" not in json.dumps(report["findings"])
    (problem,) = [p for p in report["problems"] if p["kind"] == "unreadable-template"]
    assert Path(problem["path"]).name == "latin.html"
    assert "utf-8" in problem["reason"]


# ---------------------------------------------------------- environment


def _dist(site: Path, folder: str, name: str, version: str, files: list[str],
          *, quoted: bool = False) -> None:  # fmt: skip
    info = site / folder
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    record = []
    for path in files:
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not path.endswith("__init__.py"):
            target.write_text("", encoding="utf-8")
        record.append(f'"{path}",,' if quoted else f"{path},,")
    (info / "RECORD").write_text("\n".join(record) + "\n", encoding="utf-8")


def test_overlapping_distributions_read_every_record_form(tmp_path: Path) -> None:
    """Two distributions listing the same module files are named however
    their records are written (CSV-quoted paths, a folder name that does not
    give the version, an ``__init__.py`` the other's uninstall removed);
    the same distribution again later on the path is not a second owner."""
    site, later = tmp_path / "site", tmp_path / "later"
    _dist(site, "Alpha-1.0.dist-info", "Alpha", "1.0",
          ["shared/__init__.py", "shared/mod.py"], quoted=True)  # fmt: skip
    _dist(site, "Beta-2.0.dist-info", "Beta", "2.0",
          ["shared/__init__.py", "shared/mod.py"])  # fmt: skip
    _dist(site, "odd-name-folder.dist-info", "Gamma", "3.0", ["single.py"])
    _dist(site, "Delta-4.0.dist-info", "Delta", "4.0", ["single.py"])
    _dist(later, "Alpha-9.0.dist-info", "Alpha", "9.0", ["alpha_only.py", "single.py"])
    titles = [f.title for f in overlapping(path=[str(site), str(later)])]
    assert titles == [
        "Alpha 1.0 and Beta 2.0 both install the module shared",
        "Delta 4.0 and Gamma 3.0 both install the module single",
    ]


def test_unknown_extension_requirements_as_their_metadata_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown extension imported as ``from flask.ext import NAME`` is
    found under its real module; its Flask requirement is read past other
    requirements and extras-only ones: "any release" when it pins nothing,
    a blocker when its clause excludes the Flask judged against."""
    site = tmp_path / "site"
    for name, requires in {
        "Flask_Anyflask": "Requires-Dist: Werkzeug\nRequires-Dist: Flask\n",
        "Flask_Extrasonly": (
            "Requires-Dist: Flask[async]>=9 ; extra == 'async'\n"
            "Requires-Dist: flask (==2.*)\n"
        ),
    }.items():
        module = name.lower()
        info = site / f"{name}-1.0.dist-info"
        info.mkdir(parents=True)
        (site / module).mkdir()
        (site / module / "__init__.py").write_text("", encoding="utf-8")
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n{requires}",
            encoding="utf-8",
        )
        (info / "RECORD").write_text(f"{module}/__init__.py,,\n", encoding="utf-8")
        (info / "top_level.txt").write_text(module + "\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    app = _tree(tmp_path / "app", {
        "app.py": "from flask.ext import anyflask\nimport flask_extrasonly\n",
    })  # fmt: skip
    report = diagnose([str(app)], jobs=1, flask="3.1.0")
    found = {
        f.subject: f for f in report["findings"] if f.kind == "unchecked-extension"
    }
    assert found["flask_anyflask"].severity == "warning"
    assert "requires Flask, any release" in found["flask_anyflask"].why
    assert found["flask_extrasonly"].severity == "blocker"
    assert "requires Flask ==2.*" in found["flask_extrasonly"].why


@pytest.mark.parametrize(
    ("specifier", "expected"),
    [(">=2.0,<3.0", False), ("==3.*", True), ("!=3.*", False), (">=two", None),
     (">=2.0.0rc1x!", None)],
)  # fmt: skip
def test_flask_requirement_clauses_doctor_cannot_read(
    specifier: str, expected: bool | None
) -> None:
    """Against Flask 3.1.0: a wildcard clause that excludes it is a no, a
    clause doctor cannot read is "cannot tell" (None), never a guess."""
    from flask_ext_redirect._diagnose._unknown import allows

    assert allows(specifier, "3.1.0") is expected


# ---------------------------------------------------------------- imports


def test_imports_under_an_if_above_the_package_and_from_urllib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module found nowhere but imported under an ``if`` is a warning that
    says why doctor is unsure; a relative import reaching above the
    top-level package is a blocker; ``from urllib import parse`` is fine,
    ``from urllib import parse, quote`` names the moved ``quote``."""
    _tree(tmp_path, {
        "pkg/__init__.py": "from flask import Flask\napp = Flask(__name__)\n",
        "pkg/views.py": """\
            import sys
            from urllib import parse
            from urllib import parse as p2, quote
            from ...outside import helper

            if sys.platform == "win32":
                import nosuch_windows_helper
        """,
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    found = {f.subject: f for f in _all(Path(".")) if f.path == "pkg/views.py"}
    assert set(found) == {"urllib.quote", "...outside", "nosuch_windows_helper"}
    assert (found["urllib.quote"].line, found["urllib.quote"].severity) == (
        3, "blocker",
    )  # fmt: skip
    assert "urllib.parse.quote" in found["urllib.quote"].fix
    outside = found["...outside"]
    assert (outside.line, outside.severity, outside.kind) == (
        4, "blocker", "missing-module",
    )  # fmt: skip
    assert "reaches above the top-level package" in outside.title
    helper = found["nosuch_windows_helper"]
    assert (helper.line, helper.severity) == (7, "warning")
    assert "under an if" in helper.doubt


@pytest.mark.parametrize(
    ("module", "expected"),
    [("json", True), ("sys", True), ("sqlite3", True), ("flask", False),
     ("pytest", False), ("nosuch_module_anywhere", False)],
)  # fmt: skip
def test_stdlib_is_told_apart_without_stdlib_module_names(
    monkeypatch: pytest.MonkeyPatch, module: str, expected: bool
) -> None:
    """Python 3.9 has no ``sys.stdlib_module_names``: doctor asks where the
    module would load from, and still tells the standard library from
    installed distributions and from modules found nowhere."""
    from flask_ext_redirect._diagnose import _imports

    monkeypatch.setattr(_imports, "_STDLIB", frozenset())
    assert _imports.in_stdlib.__wrapped__(module) is expected


# ------------------------------------------ files the prefilter skips


@pytest.mark.parametrize(
    ("text", "line", "kind"),
    [
        ("def f(x):\n    if x:\n\treturn 1\n    return 2\n", 3, "unreadable"),
        ('def f():\n    raise ValueError, "bad"\n', 2, "python2"),
        ("MODE = 0755\n", 1, "python2"),
        ("def f(x):\n    return `x`\n", 2, "python2"),
        ("def f(x):\n    return x <> 1\n", 2, "python2"),
        ("N = 10L\n", 1, "python2"),
        ('S = ur"x"\n', 1, "python2"),
        ("print 'hello'\n", 1, "python2"),
    ],
)
def test_python2_helpers_that_name_no_flask_are_not_skipped(
    tmp_path: Path, text: str, line: int, kind: str
) -> None:
    """A helper module that never names Flask but does not parse on Python 3
    (tabs mixed with spaces, ``raise E, msg``, octal and long literals,
    backquotes, ``<>``, ``ur''``) fails at import: doctor names it at its
    line instead of reading only its imports."""
    _tree(tmp_path, {"helpers.py": text})
    (finding,) = _all(tmp_path)
    assert (finding.kind, finding.line) == (kind, line)


def test_python3_look_alikes_in_skipped_files_are_no_finding(tmp_path: Path) -> None:
    """Octal ``0o755``, a time ``12:05``, reST ``code`` in a docstring and
    ``<>`` in a string are Python 3: no finding."""
    _tree(tmp_path, {"helpers.py": '''\
        """Use ``mode`` and `role` here; ``<>`` is gone."""
        MODE = 0o755
        AT = "12:05"
        N = 10
    '''})  # fmt: skip
    assert _all(tmp_path) == []


def test_undecodable_skipped_file_is_reported(tmp_path: Path) -> None:
    """A helper that names no Flask and is not UTF-8 (no coding line) cannot
    be imported: named as unreadable, not skipped."""
    (tmp_path / "helpers.py").write_bytes(b"NAME = 'caf\xe9'\n")
    (finding,) = _all(tmp_path)
    assert (finding.kind, finding.line) == ("unreadable", 1)


# ------------------------------------------------------------ text report


def test_text_report_counts_what_was_silenced_and_lists_problems(
    tmp_path: Path,
) -> None:
    """The text report says how many findings each way of silencing hid,
    and lists files it could not read with the reason."""
    _tree(tmp_path, {
        "app/__init__.py": """\
            from flask import Flask
            import cPickle  # doctor: ignore
            import urlparse
            app = Flask(__name__)
        """,
    })  # fmt: skip
    (tmp_path / "app" / "templates").mkdir()
    (tmp_path / "app" / "templates" / "latin.html").write_bytes(b"caf\xe9\n")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = main(["doctor", "-j", "1", "--flask", "3.1.0", "--ignore",
                       "python2-module.urlparse", str(tmp_path)])  # fmt: skip
    text = buffer.getvalue()
    assert status == 0
    assert (
        "Silenced: 1 by --select/--ignore or pyproject.toml,"
        " 1 by '# doctor: ignore' comments."
    ) in text
    (problem,) = [line for line in text.splitlines() if "latin.html" in line]
    assert ": unreadable-template: " in problem
    assert "utf-8" in problem


@pytest.mark.parametrize("how", ["one file", "excluded"])
def test_modules_beside_the_files_doctor_reads_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """``doctor app.py`` or ``doctor --exclude helpers.py .``: ``helpers``
    sits on disk beside app.py, so importing it is no missing module; a
    module that is nowhere still is."""
    _tree(tmp_path, {
        "app.py": "from flask import Flask\nimport helpers\nimport nosuch_helper\n",
        "helpers.py": "X = 1\n",
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    if how == "one file":
        findings = diagnose(["app.py"], jobs=1, flask="3.1.0")["findings"]
    else:
        findings = diagnose(["."], jobs=1, flask="3.1.0", excludes=["helpers.py"])[
            "findings"
        ]
    assert [(f.id, f.line) for f in findings] == [("missing.nosuch_helper", 3)]


def test_a_remedy_already_installed_is_no_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WTForms' ``Email()`` needs ``pip install email_validator``: named
    while email_validator is missing, not once it is importable."""
    app = _tree(tmp_path / "app", {
        "app.py": """\
            from flask_wtf import FlaskForm
            from wtforms import StringField
            from wtforms.validators import Email

            class SignUp(FlaskForm):
                email = StringField(validators=[Email()])
        """,
    })  # fmt: skip
    email = "api.wtforms.validators.Email.email_validator"

    def ids() -> list[str]:
        report = diagnose([str(app)], jobs=1, flask="3.1.0")
        return [f.id for f in report["findings"]]

    assert email in ids()
    site = tmp_path / "site"
    (site / "email_validator").mkdir(parents=True)
    (site / "email_validator" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    assert email not in ids()
