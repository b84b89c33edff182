"""Issue 13: doctor names the real first failure of legacy applications it
has never seen (Python 2 leftovers that parse, Flask-SQLAlchemy 3's app
context, unknown extensions, overlapping distributions, import order), and
``doctor --run`` confirms by running."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from flask_ext_redirect._diagnose import diagnose
from flask_ext_redirect._diagnose._model import Finding


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _findings(root: Path, **options: Any) -> list[Finding]:
    report = diagnose([str(root)], jobs=1, **options)
    return [f for f in report["findings"] if f.severity == "blocker"]


def _subjects(root: Path, **options: Any) -> list[str]:
    return [f.subject for f in _findings(root, **options)]


# ------------------------------------------------------------------ imports


def test_python2_stdlib_module_is_named_with_its_fix(tmp_path: Path) -> None:
    """``from urlparse import urljoin`` parses on Python 3 and fails at
    import: a blocker naming urllib.parse."""
    _tree(tmp_path, {"app.py": "from urlparse import urljoin\nimport cPickle\n"})
    found = {f.subject: f for f in _findings(tmp_path)}
    assert found["urlparse"].kind == "python2-module"
    assert "urllib.parse" in found["urlparse"].fix
    assert found["urlparse"].line == 1
    assert "pickle" in found["cPickle"].fix


def test_urllib_functions_of_python2(tmp_path: Path) -> None:
    """``from urllib import urlencode``: urllib exists, the name moved."""
    _tree(tmp_path, {"app.py": "from urllib import urlencode\n"})
    (finding,) = _findings(tmp_path)
    assert finding.subject == "urllib.urlencode"
    assert "urllib.parse.urlencode" in finding.fix


def test_implicit_relative_import_is_named(tmp_path: Path) -> None:
    """``from ormhelper import *`` inside a package found its sibling on
    Python 2 only."""
    _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/ormhelper.py": "X = 1\n",
            "pkg/models.py": "from ormhelper import *\n",
        },
    )
    (finding,) = _findings(tmp_path)
    assert finding.kind == "implicit-relative-import"
    assert (finding.path, finding.line) == (str(tmp_path / "pkg/models.py"), 1)
    assert "from .ormhelper import *" in finding.fix


def test_import_found_nowhere_blocks(tmp_path: Path) -> None:
    """A module that is neither stdlib, installed nor in the tree; inside a
    function (an optional dependency as often as not) only a warning."""
    _tree(
        tmp_path,
        {
            "app.py": "import nosuchmodule_for_doctor\n",
            "pkg/__init__.py": "",
            # A driver module importing the library it is named after is not
            # an implicit relative import of itself.
            "pkg/optional.py": "def load():\n    import optional\n    import other\n",
        },
    )
    (finding,) = _findings(tmp_path)
    assert finding.kind == "missing-module"
    assert finding.subject == "nosuchmodule_for_doctor"
    report = diagnose([str(tmp_path)], jobs=1)
    later = [
        (f.subject, f.kind, f.severity)
        for f in report["findings"]
        if f.when == "request"
    ]
    assert later == [
        ("optional", "missing-module", "warning"),
        ("other", "missing-module", "warning"),
    ]


def test_guarded_and_local_imports_are_fine(tmp_path: Path) -> None:
    """try/except ImportError expects the failure; the tree's own modules,
    absolute or relative, and the stdlib resolve."""
    _tree(
        tmp_path,
        {
            "app.py": """\
                try:
                    import cPickle as pickle
                except ImportError:
                    import pickle
                try:
                    from urlparse import urljoin
                except (ImportError, AttributeError):
                    from urllib.parse import urljoin
                import helpers
                from pkg import tools
                import json, os.path, sys
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from _typeshed import StrPath
                if sys.version_info >= (3, 99):
                    import annotationlib_of_the_future
            """,
            "helpers.py": '"""Usage:\n\nimport nosuch_in_a_docstring\n"""\n',
            "pkg/__init__.py": "from . import tools\nfrom .tools import x\n",
            "pkg/tools.py": "x = 1\n",
        },
    )
    assert _findings(tmp_path) == []


# --------------------------------------------------------------- constructs


def test_python2_builtins_and_methods(tmp_path: Path) -> None:
    """xrange at import, unicode/iteritems/has_key/string.letters in views:
    each named once with its fix."""
    _tree(
        tmp_path,
        {
            "app.py": """\
                import string
                ROWS = list(xrange(3))
                LETTERS = string.letters

                def view(d):
                    for k, v in d.iteritems():
                        pass
                    if d.has_key("x"):
                        return unicode(d)
                    return basestring
            """
        },
    )
    report = diagnose([str(tmp_path)], jobs=1)
    found = {f.subject: f for f in report["findings"]}
    blocking = {s for s, f in found.items() if f.severity == "blocker"}
    assert blocking == {"xrange", "letters", "unicode", "basestring"}
    # Methods by name on objects of unknown class: named, not blocking.
    for name in ("iteritems", "has_key"):
        assert found[name].severity == "warning" and "unknown" in found[name].doubt
    assert found["xrange"].when == "import"
    assert found["iteritems"].when == "request"
    assert found["xrange"].fix == "use range"
    assert "ascii_letters" in found["letters"].fix


def test_compat_shims_are_fine(tmp_path: Path) -> None:
    """A module that binds the name (``unicode = str``), guards it with
    NameError, branches on the version, or defines the method itself."""
    _tree(
        tmp_path,
        {
            "app.py": """\
                import sys
                try:
                    text_type = unicode
                except NameError:
                    text_type = str
                if sys.version_info[0] == 2:
                    rng = xrange
                else:
                    rng = range
                long = int
                X = long(3)

                class Bag:
                    def iteritems(self):
                        return iter(())

                def items(bag):
                    return list(bag.iteritems())

                def keys(d):
                    if hasattr(d, "iterkeys"):
                        return d.iterkeys()
                    return d.keys()

                def first(items):
                    pick = lambda x: x if x else None
                    return pick(items) if items else None
            """
        },
    )
    assert _findings(tmp_path) == []


def test_cmp_without_ordering_blocks_where_the_code_sorts(tmp_path: Path) -> None:
    """``__cmp__`` alone, and a list.sort() without a key in the project."""
    _tree(
        tmp_path,
        {
            "app.py": """\
                class Version(object):
                    def __cmp__(self, other):
                        return 0

                def latest(versions):
                    versions.sort()
                    return versions[-1]
            """
        },
    )
    (finding,) = _findings(tmp_path)
    assert finding.subject == "Version.__cmp__"
    assert "__lt__" in finding.fix


# -------------------------------------------------------------- app context

APP_CONTEXT_PACKAGE = {
    "shop/__init__.py": """\
        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy
        app = Flask(__name__)
        db = SQLAlchemy(app)
        from shop import models
    """,
    "shop/models.py": """\
        from shop import db, app

        class User(db.Model):
            id = db.Column(db.Integer, primary_key=True)

        def init():
            db.session.add(User())

        @app.cli.command()
        def createdb():
            db.create_all()

        @app.route("/")
        def index():
            return str(User.query.count())

        with app.app_context():
            db.create_all()
    """,
}


def test_app_context_fine_where_one_is_pushed(tmp_path: Path) -> None:
    """CLI commands, views and ``with app.app_context():`` are fine."""
    _tree(tmp_path, APP_CONTEXT_PACKAGE)
    assert [f for f in _findings(tmp_path) if f.kind == "app-context"] == []


def test_app_context_at_module_level(tmp_path: Path) -> None:
    """db.create_all() at module level, Model.query at import, db.session
    in a function the module calls: each names its line."""
    files = dict(APP_CONTEXT_PACKAGE)
    files["shop/models.py"] = textwrap.dedent(
        files["shop/models.py"]
    ) + textwrap.dedent(
        """\
        db.create_all()
        ADMIN = User.query.first()
        init()
        """
    )
    _tree(tmp_path, files)
    found = [f for f in _findings(tmp_path) if f.kind == "app-context"]
    assert [(f.line, f.title.split(" ")[0]) for f in found] == [
        (7, "db.session"),
        (19, "db.create_all()"),
        (20, "User.query"),
    ]
    assert all(f.when == "import" for f in found)
    assert "app.app_context()" in found[0].fix


# ------------------------------------------------------ knowledge-base uses


def test_flask_env_read_with_subscript(tmp_path: Path) -> None:
    """``os.environ["FLASK_ENV"]`` raises KeyError where it is unset: a
    blocker at import; ``.get`` only changes behaviour."""
    _tree(
        tmp_path,
        {
            "app.py": """\
                import os
                from flask import Flask
                ENV = os.environ["FLASK_ENV"]
                DEBUG = os.environ.get("FLASK_ENV") == "development"
            """
        },
    )
    # Judged against Flask 3.1 whatever the matrix session has: FLASK_ENV
    # was removed in Flask 2.3.
    report = diagnose([str(tmp_path)], flask="3.1", jobs=1)
    env = [f for f in report["findings"] if f.subject == "flask.environ.FLASK_ENV"]
    assert [(f.line, f.severity) for f in env] == [(3, "blocker"), (4, "warning")]


def test_csrf_enabled_on_a_form_subclass(tmp_path: Path) -> None:
    """``MyForm(csrf_enabled=False)`` is FlaskForm's removed keyword."""
    _tree(
        tmp_path,
        {
            "forms.py": """\
                from flask_wtf import FlaskForm
                class LoginForm(FlaskForm):
                    pass
                def make():
                    return LoginForm(csrf_enabled=False)
            """
        },
    )
    report = diagnose([str(tmp_path)], jobs=1)
    csrf = [
        f for f in report["findings"] if f.subject == "flask_wtf.FlaskForm.csrf_enabled"
    ]
    assert [(f.line, f.title.split("(")[0]) for f in csrf] == [(5, "LoginForm")]


def test_flask_security_renames_and_breadcrumbs(tmp_path: Path) -> None:
    """Flask-Security 5's renamed validators and removed encrypt_password;
    Flask-Breadcrumbs, dead with Flask-Menu >= 1.0."""
    _tree(
        tmp_path,
        {
            "app.py": """\
                from flask_security.forms import Required
                from flask_security.utils import encrypt_password
                from flask_breadcrumbs import Breadcrumbs
            """
        },
    )
    report = diagnose([str(tmp_path)], jobs=1)
    subjects = {f.subject: f for f in report["findings"]}
    assert "RequiredLocalize" in subjects["flask_security.forms.Required"].fix
    assert "hash_password" in subjects["flask_security.utils.encrypt_password"].fix
    assert "Flask-Menu" in subjects["flask_breadcrumbs"].fix


# ------------------------------------------------------------- environment


def _dist(site: Path, name: str, files: dict[str, str], requires: str = "") -> None:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n{requires}",
        encoding="utf-8",
    )
    record = [f"{name}-1.0.dist-info/METADATA,,", f"{name}-1.0.dist-info/RECORD,,"]
    for path, text in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        record.append(f"{path},,")
    (info / "RECORD").write_text("\n".join(record) + "\n", encoding="utf-8")


def test_distributions_that_overwrite_each_other(tmp_path: Path) -> None:
    """python-bcrypt beside bcrypt: both records hold bcrypt/__init__.py;
    found from the records, not a list. A shared namespace declaration
    (flaskext/__init__.py) is not a conflict."""
    from flask_ext_redirect._diagnose._overlap import overlapping

    site = tmp_path / "site"
    _dist(site, "python_bcrypt", {"bcrypt/__init__.py": "", "bcrypt/_old.py": ""})
    _dist(site, "bcrypt", {"bcrypt/__init__.py": "", "bcrypt/_bcrypt.py": ""})
    ns = "__import__('pkg_resources').declare_namespace(__name__)\n"
    _dist(site, "Flask_A", {"flaskext/__init__.py": ns, "flaskext/a.py": ""})
    _dist(site, "Flask_B", {"flaskext/__init__.py": ns, "flaskext/b.py": ""})
    (finding,) = overlapping(path=[str(site)])
    assert finding.kind == "overlapping-distributions"
    assert "bcrypt 1.0 and python_bcrypt 1.0" in finding.title
    assert "module bcrypt" in finding.title
    assert (
        overlapping(path=[str(site)], skip=[frozenset({"python-bcrypt", "bcrypt"})])
        == []
    )


def test_unknown_extension_is_listed_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed extension the knowledge base lacks is never silently
    fine: "not checked", with its release and its Flask requirement, and a
    blocker where that requirement excludes the Flask judged against."""
    site = tmp_path / "site"
    _dist(
        site,
        "Flask_Oldmenu",
        {"flask_oldmenu/__init__.py": ""},
        "Requires-Dist: Flask (<2.3.0,>=2.0.0)\n"
        "Requires-Dist: pytest ; extra == 'tests'\n",
    )
    _dist(
        site,
        "Flask_Newthing",
        {"flask_newthing/__init__.py": ""},
        "Requires-Dist: flask>=2\n",
    )
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    app = _tree(
        tmp_path / "app", {"app.py": "import flask_oldmenu\nimport flask_newthing\n"}
    )
    report = diagnose([str(app)], jobs=1, flask="3.1.0")
    found = {
        f.subject: f for f in report["findings"] if f.kind == "unchecked-extension"
    }
    assert found["flask_oldmenu"].severity == "blocker"
    assert "Flask_Oldmenu 1.0" in found["flask_oldmenu"].title
    assert "<2.3.0,>=2.0.0" in found["flask_oldmenu"].why
    assert found["flask_newthing"].severity == "warning"
    assert "not checked" in found["flask_newthing"].title


@pytest.mark.parametrize(
    ("specifier", "version", "expected"),
    [(">=2.0,<2.3", "3.1.0", False), (">=2", "3.1.0", True), ("~=2.2", "2.9", True),
     ("~=2.2", "3.0", False), ("==2.*", "2.3.3", True), ("!=3.1.0", "3.1.0", False),
     ("<<2", "3.0", None)],
)  # fmt: skip
def test_requirement_specifiers(
    specifier: str, version: str, expected: bool | None
) -> None:
    """The Flask requirement of an unknown extension, read as pip would."""
    from flask_ext_redirect._diagnose._unknown import allows

    assert allows(specifier, version) is expected


# ------------------------------------------------------------------- order

ORDERED = {
    "tests/test_views.py": "import nosuchmodule_for_tests\n",
    "aaa_script.py": "import urllib2\nif __name__ == '__main__':\n    pass\n",
    "wsgi.py": "from blog import app\n",
    "blog/__init__.py": (
        "from flask import Flask\napp = Flask(__name__)\nfrom blog import views\n"
    ),
    "blog/views.py": "from blog import models\nimport cPickle\n",
    "blog/models.py": "from urlparse import urljoin\n",
}


def test_findings_follow_the_import_order(tmp_path: Path) -> None:
    """From wsgi.py: blog, blog.views, then blog.models (imported on views'
    first line) fails first; tests and scripts come after, apart."""
    _tree(tmp_path, ORDERED)
    report = diagnose([str(tmp_path)], jobs=1)
    assert report["entry"] == "wsgi"
    found = [(Path(f.path).name, f.subject, f.outside) for f in report["findings"]
             if f.severity == "blocker"]  # fmt: skip
    assert found == [
        ("models.py", "urlparse", False),
        ("views.py", "cPickle", False),
        ("aaa_script.py", "urllib2", True),
    ]
    # A test's own dependency, not the application's: named, not blocking.
    (test,) = [f for f in report["findings"] if f.subject == "nosuchmodule_for_tests"]
    assert test.severity == "warning" and test.outside and test.doubt


def test_entry_from_option_and_flask_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--app`` and ``FLASK_APP`` name the entry point."""
    _tree(tmp_path, {**ORDERED, "other.py": "import Queue\n"})
    assert diagnose([str(tmp_path)], jobs=1, app="other:app")["entry"] == "other"
    monkeypatch.setenv("FLASK_APP", "other.py")
    report = diagnose([str(tmp_path)], jobs=1)
    assert report["entry"] == "other"
    assert report["findings"][0].subject == "Queue"


def _cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "flask_ext_redirect", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=240,
    )


def test_text_report_sections(tmp_path: Path) -> None:
    """Tests and scripts get their own heading after the application's."""
    _tree(tmp_path, ORDERED)
    out = _cli("doctor", "-j", "1", ".", cwd=tmp_path).stdout
    assert (
        out.index("At import")
        < out.index("In tests and scripts")
        < out.index("nosuchmodule_for_tests")
    )


def test_unencodable_file_name_on_an_ascii_stream(tmp_path: Path) -> None:
    """``PYTHONIOENCODING=ascii doctor .`` with a file named é.py: escaped,
    never a UnicodeEncodeError."""
    _tree(tmp_path, {"é.py": "import urlparse\n"})
    done = _cli("doctor", "-j", "1", ".", cwd=tmp_path, PYTHONIOENCODING="ascii")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "\\xe9.py:1" in done.stdout


# --------------------------------------------------------------------- run

RUN_APPS = {
    "broken_import": {
        "app.py": (
            "from flask import Flask\nfrom urlparse import urljoin\n"
            "app = Flask(__name__)\n"
        ),
    },
    "broken_request": {
        "app.py": """\
            from flask import Flask
            app = Flask(__name__)

            @app.route("/")
            def index():
                return "ok"

            @app.route("/rows")
            def rows():
                return ",".join(str(i) for i in xrange(3))

            @app.route("/user/<name>")
            def user(name):
                return name

            app.run()
        """,
    },
    "clean": {
        "app.py": """\
            from flask import Flask
            app = Flask(__name__)

            @app.route("/")
            def index():
                return "ok"
        """,
    },
    "unexplained": {
        "app.py": """\
            from flask import Flask
            app = Flask(__name__)

            @app.route("/")
            def index():
                return {}["missing"]
        """,
    },
    "slow": {"app.py": "import time\ntime.sleep(60)\n"},
}


def _run(tmp_path: Path, name: str, *args: str) -> tuple[int, dict[str, Any]]:
    root = _tree(tmp_path / name, RUN_APPS[name])
    done = _cli("doctor", "--json", "-j", "1", ".", "--run", "app", *args, cwd=root)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_run_confirms_an_import_failure(tmp_path: Path) -> None:
    """The import stage fails where the static finding is: confirmed."""
    status, report = _run(tmp_path, "broken_import")
    assert status == 1
    (stage,) = report["run"]["stages"]
    assert stage["stage"] == "import" and not stage["ok"]
    failure = stage["failure"]
    assert (failure["type"], failure["at"]["path"], failure["at"]["line"]) == (
        "ModuleNotFoundError", "app.py", 2,
    )  # fmt: skip
    assert failure["explained_by"]["subject"] == "urlparse"
    assert [
        f["confirmed"] for f in report["findings"] if f["subject"] == "urlparse"
    ] == [True]


def test_run_confirms_a_request_failure(tmp_path: Path) -> None:
    """Flask.run is a no-op; / answers, /rows fails at its own line, rules
    with arguments are not requested."""
    status, report = _run(tmp_path, "broken_request")
    assert status == 1
    stages = {s["stage"]: s for s in report["run"]["stages"]}
    assert set(stages) == {"import", "GET /", "GET /rows"}
    assert stages["GET /"]["status"] == 200
    failure = stages["GET /rows"]["failure"]
    assert (failure["type"], failure["at"]["line"]) == ("NameError", 10)
    assert failure["explained_by"]["subject"] == "xrange"
    _, imported = _run(tmp_path / "again", "broken_request", "--no-requests")
    assert [s["stage"] for s in imported["run"]["stages"]] == ["import"]


def test_run_clean_and_unexplained(tmp_path: Path) -> None:
    """A clean application exits 0; an error nothing explains is shown as
    it is, never hidden."""
    status, report = _run(tmp_path, "clean")
    assert status == 0
    assert all(s["ok"] for s in report["run"]["stages"])
    status, report = _run(tmp_path, "unexplained")
    assert status == 1
    (failed,) = [s for s in report["run"]["stages"] if not s["ok"]]
    assert failed["failure"]["type"] == "KeyError"
    assert "explained_by" not in failed["failure"]
    root = tmp_path / "unexplained"
    text = _cli("doctor", "-j", "1", ".", "--run", "app", cwd=root).stdout
    assert "KeyError: 'missing'" in text and "shown as it is" in text


def test_run_timeout(tmp_path: Path) -> None:
    """An application that does not finish importing is stopped."""
    status, report = _run(tmp_path, "slow", "--timeout", "3")
    assert status == 1
    assert report["run"]["timed_out"] is True


def test_every_finding_kind_is_documented() -> None:
    """docs/doctor.rst has an entry for every kind the rules report."""
    import re

    root = Path(__file__).resolve().parents[2]
    source = "".join(
        p.read_text(encoding="utf-8")
        for p in (root / "flask_ext_redirect" / "_diagnose").glob("*.py")
    )
    kinds = set(re.findall(r'kind="([a-z0-9-]+)"', source))
    kinds |= set(re.findall(r'kind = "([a-z0-9-]+)"', source))
    page = (root / "docs" / "doctor.rst").read_text(encoding="utf-8")
    assert {"python2-construct", "app-context", "unchecked-extension"} <= kinds
    assert [k for k in sorted(kinds) if f"\n``{k}``\n" not in page] == []


def test_lambdas_and_conditional_expressions_in_functions(tmp_path: Path) -> None:
    """A file read for its statements only (no Python 2 word in it) with a
    lambda or a conditional expression in a function: read, not a crash
    (the precision corpus met it in site-packages)."""
    _tree(
        tmp_path,
        {
            "app.py": """\
                from flask_wtf import FlaskForm
                pick = lambda x: x if x else None

                @decorate(key=lambda item: item)
                def order(items):
                    key = (lambda x: x) if items else None
                    return sorted(items, key=key)
            """
        },
    )
    assert [f for f in _findings(tmp_path) if f.kind != "missing-module"] == []
