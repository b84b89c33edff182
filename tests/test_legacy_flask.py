"""Where Flask still has its own flask.ext (0.8-0.12), the redirect steps
aside and changes nothing.  A stand-in Flask with the old layout is enough
to prove the rule; the nox matrix proves it again with real Flask 0.12.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import clean_env
from conftest import EXTS
from conftest import FIXTURES
from conftest import ROOT

CHECK = textwrap.dedent(
    """
    import sys
    import _flask_ext_redirect_startup as finder
    import flask_ext_redirect

    flask_ext_redirect.install()
    import flask.ext

    assert flask.ext.OWN_FLASK_EXT, "Flask's own flask.ext was replaced"
    assert flask.ext.__loader__ is not sys.modules["flask_ext_redirect._redirect"]
    assert finder.find_spec("flask.ext.newext_simple") is None
    assert finder.find_spec("flaskext.newext_simple") is None
    try:
        import flaskext.newext_simple
    except ModuleNotFoundError:
        pass
    else:
        raise AssertionError("flaskext.newext_simple was redirected")
    import flaskext.oldext_simple  # the namespace itself still works

    print("stepped aside")
    """
)


def test_steps_aside_for_flask_with_its_own_ext() -> None:
    """flask.ext and flaskext.* are left to the old Flask."""
    path = [str(FIXTURES / "fakeflask" / "legacy"), str(ROOT), str(EXTS)]
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        capture_output=True,
        text=True,
        env=clean_env(PYTHONPATH=os.pathsep.join(path), FLASK_EXT_REDIRECT="0"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "stepped aside\n"


def test_steps_aside_before_flask_is_imported() -> None:
    """The check works from the installed layout alone, Flask not yet imported."""
    code = (
        "import sys, flask_ext_redirect; flask_ext_redirect.install()\n"
        "from flask_ext_redirect._redirect import _flask_has_own_ext\n"
        "print(_flask_has_own_ext(), 'flask' in sys.modules)\n"
    )
    for layout, expected in (("legacy", "True False"), ("modern", "False False")):
        path = [str(FIXTURES / "fakeflask" / layout), str(ROOT)]
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=clean_env(PYTHONPATH=os.pathsep.join(path), FLASK_EXT_REDIRECT="0"),
        )
        assert result.stdout.strip() == expected, result.stderr
