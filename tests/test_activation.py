"""Installing the distribution switches the redirect on at start-up, and
nothing else: tested in real virtual environments and fresh interpreters.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest
from conftest import EXTS
from conftest import FIXTURES
from conftest import ROOT
from conftest import Venv

pytestmark = pytest.mark.venv

START_FILES = (
    "flask_ext_redirect.pth",
    "flask_ext_redirect.start",
    "_flask_ext_redirect_startup.py",
)
FINDER = "_flask_ext_redirect_startup"
LEGACY_APP = """\
from flask.ext.newext_simple import Simple
import flask.ext.newext_package.sub
import flask_newext_simple
assert Simple.__module__ == "flask_newext_simple"
assert flask.ext.newext_package.sub.VALUE == "sub"
print("legacy app ran")
"""
COUNT_FINDERS = (
    "import sys; names = [getattr(f, '__name__', '') for f in sys.meta_path]; "
    "print(names.count('_flask_ext_redirect_startup'))"
)


def _startup_imports(venv: Venv) -> set[str]:
    """The modules a bare start of this venv's interpreter imports."""
    result = venv.run("pass", "-X", "importtime")
    return {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
        and "|" in line
        and "imported package" not in line
    }


def _assert_redirect_works(venv: Venv) -> None:
    sp = venv.site_packages
    assert (
        sp / "flask_ext_redirect.pth"
    ).read_text() == "import _flask_ext_redirect_startup\n"
    assert (
        sp / "flask_ext_redirect.start"
    ).read_text().strip() == "_flask_ext_redirect_startup:activate"
    assert venv.run(COUNT_FINDERS).stdout.strip() == "1"
    result = venv.run(LEGACY_APP, PYTHONPATH=str(EXTS))
    assert result.stdout == "legacy app ran\n"


def test_wheel_install_activates_redirect(installed_venv: Venv) -> None:
    """pip install of the wheel: old imports work with no code change."""
    _assert_redirect_works(installed_venv)
    for name in START_FILES:
        assert (installed_venv.site_packages / name).is_file()


def test_sdist_install_activates_redirect(
    make_venv: Callable[..., Venv], dists: dict[str, Path]
) -> None:
    """A wheel built from the sdist carries the start-up files too."""
    venv = make_venv("sdist")
    venv.pip("install", str(dists["sdist"]))
    _assert_redirect_works(venv)


def test_editable_install_activates_redirect(make_venv: Callable[..., Venv]) -> None:
    """pip install -e: the .pth reaches site-packages, the code stays here."""
    venv = make_venv("editable")
    venv.pip("install", "-e", str(ROOT))
    _assert_redirect_works(venv)
    origin = venv.run(
        "import _flask_ext_redirect_startup as m; print(m.__file__)"
    ).stdout
    assert Path(origin.strip()) == ROOT / "_flask_ext_redirect_startup.py"


def test_startup_imports_only_the_hook(
    installed_venv: Venv, make_venv: Callable[..., Venv]
) -> None:
    """python -X importtime: one tiny module more than a bare venv, no Flask."""
    bare = make_venv("bare")  # with pip, and whatever .pth files pip brings
    # The baseline has a .pth file of its own: from 3.13 on, site.py decodes
    # any non-empty .pth as utf-8-sig, importing encodings.utf_8_sig, which a
    # venv without .pth files (3.12+ venvs have no setuptools) never loads.
    (bare.site_packages / "baseline.pth").write_text("# site.py's work for any .pth\n")
    extra = _startup_imports(installed_venv) - _startup_imports(bare)
    assert extra == {FINDER}


def test_start_does_not_import_the_package(installed_venv: Venv) -> None:
    """Neither flask nor flask_ext_redirect is loaded by start-up."""
    code = "import sys; print(sorted(m for m in sys.modules if 'flask' in m))"
    assert installed_venv.run(code).stdout.strip() == "['_flask_ext_redirect_startup']"


@pytest.mark.parametrize("value", ["0", "false", "OFF", " no "])
def test_environment_variable_disables_activation(
    installed_venv: Venv, value: str
) -> None:
    """FLASK_EXT_REDIRECT=0 keeps the finder off; install() still works."""
    assert (
        installed_venv.run(COUNT_FINDERS, FLASK_EXT_REDIRECT=value).stdout.strip()
        == "0"
    )
    code = "import flask_ext_redirect as r; r.install(); r.install(); " + COUNT_FINDERS
    assert installed_venv.run(code, FLASK_EXT_REDIRECT=value).stdout.strip() == "1"


def test_manual_install_under_dash_S(installed_venv: Venv) -> None:
    """python -S runs no .pth: install() by hand works there."""
    sp = installed_venv.site_packages
    code = (
        f"import sys; sys.path.append({str(sp)!r})\n"
        "import flask_ext_redirect\n"
        "flask_ext_redirect.install()\n"
        f"sys.path.insert(0, {str(EXTS)!r})\n"
        "import flask.ext.newext_simple\n"
        "print(flask.ext.newext_simple.__name__)\n"
    )
    assert installed_venv.run(code, "-S").stdout.strip() == "flask_newext_simple"


def test_start_file_entry_point_installs_once(installed_venv: Venv) -> None:
    """The PEP 829 entry point resolves, and with or without the .pth line
    having run, the finder is there exactly once.
    """
    sp = installed_venv.site_packages
    entry = (sp / "flask_ext_redirect.start").read_text().strip()
    # What site.py does with a .start file (PEP 829), done twice over.
    run_start_file = (
        f"import pkgutil\nfor _ in range(2): pkgutil.resolve_name({entry!r})()\n"
    )
    with_pth = installed_venv.run(run_start_file + COUNT_FINDERS)
    assert with_pth.stdout.strip() == "1"
    without_pth = installed_venv.run(
        f"import sys; sys.path.append({str(sp)!r})\n" + run_start_file + COUNT_FINDERS,
        "-S",
    )
    assert without_pth.stdout.strip() == "1"


def test_half_removed_install_starts_silently(
    make_venv: Callable[..., Venv], dists: dict[str, Path]
) -> None:
    """With the package folder gone, Python starts and says nothing, and
    flask.ext imports fail as any missing module does.
    """
    venv = make_venv("half-removed")
    venv.pip("install", "--no-deps", str(dists["wheel"]))
    import shutil

    shutil.rmtree(venv.site_packages / "flask_ext_redirect")
    started = venv.run("pass")
    assert (started.stdout, started.stderr) == ("", "")
    failed = venv.run(
        "import flask.ext.newext_simple",
        check=False,
        PYTHONPATH=os.pathsep.join([str(EXTS), str(FIXTURES / "fakeflask" / "modern")]),
    )
    assert failed.returncode == 1
    assert (
        failed.stderr.strip().splitlines()[-1]
        == "ModuleNotFoundError: No module named 'flask.ext'"
    )


def test_uninstall_leaves_nothing_behind(
    make_venv: Callable[..., Venv], dists: dict[str, Path]
) -> None:
    """pip uninstall removes the .pth, the .start and the hook module."""
    venv = make_venv("uninstall")
    venv.pip("install", "--no-deps", str(dists["wheel"]))
    sp = venv.site_packages
    assert all((sp / name).exists() for name in START_FILES)
    venv.pip("uninstall", "--yes", "Flask-Ext-Redirect")
    assert [name for name in START_FILES if (sp / name).exists()] == []
    assert not (sp / "flask_ext_redirect").exists()
    assert venv.run(COUNT_FINDERS).stdout.strip() == "0"


EDITABLE_EXTENSION = {
    "pyproject.toml": (
        '[build-system]\nrequires = ["setuptools>=64"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "Flask-Editext"\nversion = "1.0"\n\n'
        '[tool.setuptools]\npackages = ["flask_editext"]\n'
    ),
    "flask_editext/__init__.py": 'VALUE = "editable"\n',
}

EDITABLE_CHECK = """\
import sys
import flask_ext_redirect
finders = [getattr(f, "__module__", "") for f in sys.meta_path]
assert any(n.startswith("__editable___") for n in finders), finders
assert flask_ext_redirect.extensions()["editext"] == "flask_editext"
import flask.ext
assert "editext" in dir(flask.ext)
assert "flask_editext" not in sys.modules
from flask.ext.editext import VALUE
print(VALUE)
"""


def test_setuptools_editable_extension_is_listed(
    make_venv: Callable[..., Venv], dists: dict[str, Path], tmp_path: Path
) -> None:
    """An extension installed with pip install -e (flat layout: setuptools
    serves it with an __editable___*_finder on sys.meta_path, not sys.path)
    is in extensions() and dir(flask.ext), and imports through flask.ext.
    """
    project = tmp_path / "flask-editext"
    for name, text in EDITABLE_EXTENSION.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    venv = make_venv("editable-extension")
    venv.pip("install", str(dists["wheel"]))
    venv.pip("install", "setuptools>=70.1")  # bdist_wheel built in
    venv.pip("install", "--no-build-isolation", "-e", str(project))
    assert venv.run(EDITABLE_CHECK, "-W", "ignore").stdout == "editable\n"
