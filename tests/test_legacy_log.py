"""Recording the legacy imports a deployment still runs: opt-in, through the
logging module, once per legacy name and importing line; and the pytest
plugin that lists them after a test run.  All in real child interpreters,
started as a deployment would start them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import clean_env
from conftest import EXTS
from conftest import ROOT

#: An application module: two legacy imports, one of them run three times
#: by a loop that forgets it in between (as a reload or a retry would).
APP = """\
import sys
import flask.ext.newext_simple
for _ in range(3):
    sys.modules.pop("flask.ext.newext_package.sub", None)
    import flask.ext.newext_package.sub
import flask_newext_simple
"""

#: A logging configuration an operator might use: one line per record, with
#: the structured fields the recorder attaches.
LOGGING = """\
import logging
logging.basicConfig(
    level=logging.INFO,
    format="%(name)s|%(levelname)s|%(legacy_name)s|%(target)s|%(importer)s|%(importer_lineno)s",
)
"""


def _run(tmp_path: Path, main: str, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / "main.py").write_text(textwrap.dedent(main))
    path = os.pathsep.join([str(tmp_path), str(EXTS), str(ROOT)])
    return subprocess.run(
        [sys.executable, "main.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(PYTHONPATH=path, **env),
    )


def _records(stderr: str) -> list[list[str]]:
    return [
        line.split("|")
        for line in stderr.splitlines()
        if line.startswith("flask_ext_redirect.legacy|")
    ]


def test_env_var_logs_each_legacy_import_once_with_its_importer(tmp_path: Path) -> None:
    """FLASK_EXT_REDIRECT_LOG=1 logs every distinct legacy import with the
    importing file and line, once each, on logger flask_ext_redirect.legacy."""
    result = _run(
        tmp_path,
        LOGGING + "import warnings\nwarnings.simplefilter('ignore')\nimport app\n",
        FLASK_EXT_REDIRECT_LOG="1",
    )
    assert result.returncode == 0, result.stderr
    app = str(tmp_path / "app.py")
    assert _records(result.stderr) == [
        [
            "flask_ext_redirect.legacy",
            "WARNING",
            "flask.ext.newext_simple",
            "flask_newext_simple",
            app,
            "2",
        ],
        [
            "flask_ext_redirect.legacy",
            "WARNING",
            "flask.ext.newext_package",
            "flask_newext_package",
            app,
            "5",
        ],
        [
            "flask_ext_redirect.legacy",
            "WARNING",
            "flask.ext.newext_package.sub",
            "flask_newext_package.sub",
            app,
            "5",
        ],
    ]


def test_log_message_names_the_import_and_its_replacement(tmp_path: Path) -> None:
    """Without any logging configuration, the record still reaches stderr
    (logging's last-resort handler), readable by a person."""
    result = _run(
        tmp_path,
        "import warnings\nwarnings.simplefilter('ignore')\nimport app\n",
        FLASK_EXT_REDIRECT_LOG="1",
    )
    assert result.returncode == 0, result.stderr
    app = tmp_path / "app.py"
    assert (
        f"legacy import 'flask.ext.newext_simple' at {app}:2"
        " (use 'flask_newext_simple' instead)"
    ) in result.stderr.splitlines()


def test_nothing_is_recorded_or_loaded_unless_asked(tmp_path: Path) -> None:
    """Off by default: no record, and no logger is even created."""
    result = _run(
        tmp_path,
        """\
        import logging, warnings
        warnings.simplefilter("ignore")
        import app
        import flask_ext_redirect
        made = "flask_ext_redirect.legacy" in logging.Logger.manager.loggerDict
        print(made, flask_ext_redirect.legacy_imports())
        """,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "False ()\n"
    assert "legacy import" not in result.stderr


def test_env_var_is_read_at_the_first_legacy_import(tmp_path: Path) -> None:
    """The variable is read lazily: set by the program after start-up and
    before its first legacy import, it still switches recording on."""
    result = _run(
        tmp_path,
        LOGGING
        + "import os, warnings\nwarnings.simplefilter('ignore')\n"
        + "os.environ['FLASK_EXT_REDIRECT_LOG'] = '1'\nimport app\n",
    )
    assert result.returncode == 0, result.stderr
    assert len(_records(result.stderr)) == 3


def test_record_legacy_imports_switches_recording_on_in_code(tmp_path: Path) -> None:
    """record_legacy_imports() records, and legacy_imports() returns each
    distinct import once, with its importer's file and line."""
    result = _run(
        tmp_path,
        """\
        import warnings
        warnings.simplefilter("ignore")
        import flask_ext_redirect
        flask_ext_redirect.record_legacy_imports(log=False)
        import app
        for item in flask_ext_redirect.legacy_imports():
            print(item.legacy, item.target, item.filename == app.__file__, item.lineno)
        """,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "flask.ext.newext_simple flask_newext_simple True 2",
        "flask.ext.newext_package flask_newext_package True 5",
        "flask.ext.newext_package.sub flask_newext_package.sub True 5",
    ]
    assert "legacy import" not in result.stderr  # log=False: collected only


def test_recording_survives_warnings_turned_into_errors(tmp_path: Path) -> None:
    """Under -W error the import is recorded before the warning is raised."""
    result = _run(
        tmp_path,
        """\
        import flask_ext_redirect
        flask_ext_redirect.record_legacy_imports(log=False)
        try:
            import flask.ext.newext_simple
        except Exception as e:
            pass
        print([i.legacy for i in flask_ext_redirect.legacy_imports()])
        """,
        PYTHONWARNINGS="error::DeprecationWarning",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "['flask.ext.newext_simple']\n"


TEST_FILE = """\
import flask.ext.newext_simple


def test_one():
    import flask.ext.newext_package.sub
    assert flask.ext.newext_package.sub.__name__ == "flask_newext_package.sub"
"""


def _pytest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_legacy_app.py").write_text(TEST_FILE)
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nfilterwarnings =\n    ignore::DeprecationWarning\n"
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(PYTHONPATH=os.pathsep.join([str(EXTS), str(ROOT)])),
    )


def test_pytest_plugin_lists_the_legacy_imports_of_the_run(tmp_path: Path) -> None:
    """-p flask_ext_redirect.pytest_plugin adds a terminal summary section
    listing each legacy import the run triggered, with file:line."""
    result = _pytest(tmp_path, "-p", "flask_ext_redirect.pytest_plugin")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "legacy flask.ext imports" in out
    section = out[out.index("legacy flask.ext imports") :].splitlines()[1:4]
    assert section == [
        "test_legacy_app.py:1: flask.ext.newext_simple -> use flask_newext_simple",
        "test_legacy_app.py:5: flask.ext.newext_package -> use flask_newext_package",
        "test_legacy_app.py:5: flask.ext.newext_package.sub"
        " -> use flask_newext_package.sub",
    ]


def test_pytest_plugin_is_opt_in(tmp_path: Path) -> None:
    """Installing the package does not load the plugin into every pytest run."""
    result = _pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "legacy flask.ext imports" not in result.stdout


def test_pytest_plugin_says_nothing_without_legacy_imports(tmp_path: Path) -> None:
    """A run that triggered no legacy import gets no section."""
    (tmp_path / "test_clean.py").write_text(
        "def test_one():\n    import flask_newext_simple\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]
        + ["-p", "flask_ext_redirect.pytest_plugin", "test_clean.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(PYTHONPATH=os.pathsep.join([str(EXTS), str(ROOT)])),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "legacy flask.ext imports" not in result.stdout


def test_records_compare_by_value() -> None:
    """Two records of the same import are equal, hash alike and show every
    field; a different line is a different record."""
    from flask_ext_redirect import LegacyImport

    a = LegacyImport("flask.ext.foo", "flask_foo", "/app/views.py", 3)
    b = LegacyImport("flask.ext.foo", "flask_foo", "/app/views.py", 3)
    c = LegacyImport("flask.ext.foo", "flask_foo", "/app/views.py", 4)
    assert a == b and hash(a) == hash(b) and len({a, b, c}) == 2
    assert a != c and a != ("flask.ext.foo", "flask_foo", "/app/views.py", 3)
    assert repr(a) == ("LegacyImport('flask.ext.foo', 'flask_foo', '/app/views.py', 3)")
