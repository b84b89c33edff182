# ruff: noqa: E501
# (before/after source texts read best unwrapped)
"""``migrate --upgrade`` never silently breaks code (issue 13, items 4-5):
each case ran clean before and left code that failed or meant something
else. Every result is also judged by pyflakes (no new undefined name, no
new redefinition) and the binding check."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pyflakes import api as pyflakes_api
from pyflakes import messages as pyflakes_messages
from pyflakes import reporter as pyflakes_reporter

from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._migrate._binding_check import check
from flask_ext_redirect._migrate._meanings import star_exports
from flask_ext_redirect._migrate._meanings import translate
from flask_ext_redirect._migrate._model import Rewrite
from flask_ext_redirect._migrate._releases import Releases
from flask_ext_redirect._migrate._upgrade import upgrade_source
from flask_ext_redirect._migrate._upgrade import UpgradeContext

Run = Callable[..., "subprocess.CompletedProcess[Any]"]
Tree = Callable[..., Path]


class _Collect(pyflakes_reporter.Reporter):
    def __init__(self) -> None:
        self.found: list[Any] = []

    def flake(self, message: Any) -> None:
        self.found.append(message)

    def syntaxError(self, *args: Any) -> None:  # noqa: N802 - pyflakes' API
        raise AssertionError(f"does not parse: {args}")

    def unexpectedError(self, *args: Any) -> None:  # noqa: N802
        raise AssertionError(f"pyflakes failed: {args}")


_JUDGED = (
    pyflakes_messages.UndefinedName,
    pyflakes_messages.RedefinedWhileUnused,
    pyflakes_messages.ImportStarUsage,
)


def flakes(text: str) -> set[tuple[str, str]]:
    """pyflakes' undefined names and redefinitions, without line numbers."""
    reporter = _Collect()
    pyflakes_api.check(text, "case.py", reporter)
    return {
        (type(m).__name__, str(m.message_args[0]))
        for m in reporter.found
        if isinstance(m, _JUDGED)
    }


def up(text: str, context: UpgradeContext | None = None) -> Rewrite:
    """Upgrade ``text``; the result must parse, add no pyflakes finding and
    pass the binding check against the input."""
    legacy = "flask.ext" in text or "flaskext" in text
    result = upgrade_source(text, Targets("flask_"), legacy, context=context)
    ast.parse(result.text)
    assert flakes(result.text) <= flakes(text), result.text
    if not legacy:
        assert not check(
            ast.parse(text), ast.parse(result.text), translate, star_exports
        )
    return result


# ----------------------------------------------------- 1. two scopes, one name


def test_same_name_imported_in_two_functions_keeps_both_imports() -> None:
    """The second function's import was deleted (NameError)."""
    text = (
        "def a(f):\n    from werkzeug.utils import secure_filename\n    return secure_filename(f)\n\n\n"
        "def b(f):\n    from werkzeug import secure_filename\n    return secure_filename(f)\n"
    )
    assert up(text).text == text.replace(
        "from werkzeug import secure_filename",
        "from werkzeug.utils import secure_filename",
    )


def test_same_name_imported_in_if_and_else_keeps_both_imports() -> None:
    """The else branch lost its import (an empty block: refused as 'would
    not parse ... please report this')."""
    text = (
        "import sys\nif sys.version_info > (3,):\n    from werkzeug.utils import secure_filename\n"
        "else:\n    from werkzeug import secure_filename\nprint(secure_filename)\n"
    )
    result = up(text)
    assert result.refused == []
    assert result.text.count("from werkzeug.utils import secure_filename") == 2


def test_try_except_import_fallback_is_rewritten() -> None:
    """The classic fallback was refused with 'the rewrite would not parse'."""
    text = (
        "try:\n    from werkzeug.utils import secure_filename\n"
        "except ImportError:\n    from werkzeug import secure_filename\n"
    )
    result = up(text)
    assert result.refused == []
    assert result.text == (
        "try:\n    from werkzeug.utils import secure_filename\n"
        "except ImportError:\n    from werkzeug.utils import secure_filename\n"
    )


def test_an_import_repeated_in_the_same_block_may_go() -> None:
    """Removing an import stays allowed where an earlier one of the same
    block binds the very object."""
    text = (
        "from werkzeug.utils import secure_filename\n"
        "from werkzeug import secure_filename\nsecure_filename('x')\n"
    )
    assert (
        up(text).text
        == "from werkzeug.utils import secure_filename\nsecure_filename('x')\n"
    )


# ------------------------------------------- 2. FlaskForm here, Form there


def test_form_in_one_function_flaskform_in_another() -> None:
    """``Form`` was renamed and its import deleted (NameError)."""
    text = (
        "def a():\n    from flask_wtf import FlaskForm\n    return FlaskForm\n\n\n"
        "def b():\n    from flask_wtf import Form\n    return Form\n"
    )
    assert up(text).text == (
        "def a():\n    from flask_wtf import FlaskForm\n    return FlaskForm\n\n\n"
        "def b():\n    from flask_wtf import FlaskForm\n    return FlaskForm\n"
    )


# ------------------------------------- 3. names other modules of the tree import


def test_package_init_keeps_the_names_its_submodules_import(
    run_cli: Run, tree: Tree
) -> None:
    """``__init__`` renamed ``Form``; ``from . import Form`` in a submodule
    then failed (ImportError): only ``__all__`` was looked at."""
    root = tree(
        {
            "pkg/__init__.py": "from flask.ext.wtf import Form, TextField, Required\n",
            "pkg/forms.py": "from . import Form, TextField, Required\n\n\nclass F(Form):\n    name = TextField('n', [Required()])\n",
            "pkg/views.py": "from pkg import Form\n",
        }
    )
    result = run_cli("migrate", "--upgrade", root / "pkg")
    assert result.returncode == 1, result.stderr
    assert (root / "pkg/__init__.py").read_text() == (
        "from flask_wtf import FlaskForm as Form\n"
        "from wtforms import StringField as TextField\n"
        "from wtforms.validators import DataRequired as Required\n"
    )
    assert "is imported from this module by other modules of the tree" in result.stderr


def test_a_module_imported_from_two_levels_up_keeps_its_names(
    run_cli: Run, tree: Tree
) -> None:
    """``from ..forms import Form`` in a subpackage imports ``Form`` from
    pkg/forms.py: that module keeps the name (a star import of it, which
    names nothing, does not count, and a module with no import at all is
    skipped)."""
    root = tree(
        {
            "pkg/__init__.py": "",
            "pkg/forms.py": "from flask_wtf import Form\n\n\nclass F(Form):\n    pass\n",
            "pkg/admin/__init__.py": "from ..forms import *\n",
            "pkg/admin/views.py": "from ..forms import Form\n",
            "pkg/admin/plain.py": "X = 1\n",
        }
    )
    result = run_cli("migrate", "--upgrade", root / "pkg")
    assert result.returncode == 1, result.stderr
    assert (root / "pkg/forms.py").read_text() == (
        "from flask_wtf import FlaskForm as Form\n\n\nclass F(Form):\n    pass\n"
    )
    assert "is imported from this module by other modules of the tree" in result.stderr


def test_binding_check_refuses_dropping_an_imported_name() -> None:
    """The check itself: a module-level name other modules import must stay."""
    before = ast.parse("from flask_wtf import Form\n")
    after = ast.parse("from flask_wtf import FlaskForm\n")
    problems = check(before, after, translate, star_exports, frozenset({"Form"}))
    assert [p.line for p in problems] == [1]
    assert "no longer be importable" in problems[0].text
    assert check(before, after, translate, star_exports) == []


# ------------------------------------------------------------ 4. star imports


def test_star_import_after_form_keeps_the_name() -> None:
    """``from wtforms import *`` rebinds ``Form``: renaming it to
    ``FlaskForm`` made the class a Flask-WTF form (CSRF, a request)."""
    text = "from flask_wtf import Form\nfrom wtforms import *\n\n\nclass F(Form):\n    pass\n"
    result = up(text)
    assert "class F(Form):" in result.text
    assert result.text.startswith("from flask_wtf import FlaskForm as Form\n")


def test_binding_check_sees_a_star_import_rebinding_a_renamed_name() -> None:
    """The check itself: the rename changes which star name reaches the read."""
    before = ast.parse("from flask_wtf import Form\nfrom wtforms import *\nForm\n")
    after = ast.parse(
        "from flask_wtf import FlaskForm\nfrom wtforms import *\nFlaskForm\n"
    )
    problems = check(before, after, translate, star_exports)
    assert [p.line for p in problems] == [3]
    assert "from wtforms import *" in problems[0].text
    assert problems[0].culprits == (1, 2)


def test_html5_star_import_binds_only_its_own_names() -> None:
    """``from wtforms.fields import *`` binds more (``FileField``), which
    replaced the Flask-WTF ``FileField`` imported before it."""
    text = (
        "from flask_wtf.file import FileField\nfrom wtforms.fields.html5 import *\n\n"
        "f = FileField()\ne = EmailField()\n"
    )
    result = up(text).text
    assert "from wtforms.fields import (\n    DateField,\n" in result
    assert "FileField" not in result.split("\n", 1)[1].split("f = ")[0]
    assert result.endswith("f = FileField()\ne = EmailField()\n")


def test_html5_star_imports_in_a_re_exporting_module() -> None:
    """Flask-WTF's own html5 module re-exports two star imports: every name
    they bound stays bound."""
    text = "from wtforms.fields.html5 import *\nfrom wtforms.widgets.html5 import *\n"
    result = up(text)
    assert result.refused == []
    assert "    URLField,\n" in result.text
    assert "    WeekInput,\n" in result.text


# ------------------------------------------------------- 5. module-style names


def test_module_style_wtforms_names() -> None:
    """``wtforms.TextField(..., [wtforms.validators.Required()])`` was an
    internal error ('overlapping edits')."""
    text = 'import wtforms\n\nf = wtforms.TextField("a", [wtforms.validators.Required()])\n'
    result = up(text)
    assert result.refused == []
    assert (
        result.text
        == 'import wtforms\n\nf = wtforms.StringField("a", [wtforms.validators.DataRequired()])\n'
    )


# ------------------------------------------------------ 6. false "removed" notes


def test_no_removed_note_for_a_changed_default() -> None:
    """generate_password_hash and Email are still there: the knowledge base
    entries are about a default and an extra dependency, not removals."""
    text = "from werkzeug import generate_password_hash\nfrom flask_wtf import Email\nprint(generate_password_hash, Email)\n"
    result = up(text)
    assert not [n for n in result.notes if "was removed" in n.text], result.notes


# -------------------------------------------------------------- 7. target check


def test_send_file_keywords_refused_for_flask_1_1() -> None:
    """``download_name=`` is a TypeError on Flask 1.1."""
    text = 'from flask import send_file\n\n\ndef v():\n    return send_file("x", attachment_filename="y")\n'
    result = up(text, UpgradeContext(releases=Releases((("flask", "1.1.4"),))))
    assert result.text == text
    assert [(m.line, m.text) for m in result.refused] == [
        (
            5,
            "--upgrade (send-file-kwargs): send_file() with download_name= needs Flask>=2.0, but --target gives Flask 1.1.4",
        )
    ]
    on_2 = up(text, UpgradeContext(releases=Releases((("Flask", "2.0"),))))
    assert "download_name=" in on_2.text


def test_flaskform_refused_for_old_flask_wtf_but_other_names_move() -> None:
    """The target check refuses one name; the rest of the import moves."""
    text = "from flask_wtf import Form, TextField\n"
    result = up(text, UpgradeContext(releases=Releases((("flask-wtf", "0.12"),))))
    assert (
        result.text == "from flask_wtf import Form\nfrom wtforms import StringField\n"
    )
    assert any("needs Flask-WTF>=0.13" in m.text for m in result.refused)


def test_star_import_of_html5_left_for_wtforms_2() -> None:
    """``from flask_wtf.html5 import *`` becomes a star import of
    wtforms.fields only where WTForms 3 is the target (the fixer's table:
    the html5 fields are in wtforms.fields from 3.0): for WTForms 2.3.3 it
    stays, and the refusal names the requirement."""
    text = "from flask_wtf.html5 import *\nx = EmailField()\n"
    result = up(text, UpgradeContext(releases=Releases((("wtforms", "2.3.3"),))))
    assert result.text == text
    assert [m.text for m in result.refused] == [
        "--upgrade (flask-wtf-renames): rewriting 'from flask_wtf.html5 import *'"
        " to import from 'wtforms.fields' needs WTForms>=3.0, but --target gives"
        " WTForms 2.3.3"
    ]


def test_target_on_the_command_line(run_cli: Run, tree: Tree) -> None:
    """``--target flask==1.1`` is the release the code will run on; a bad
    value is a usage error that says what is expected."""
    text = 'from flask import send_file\nsend_file("x", cache_timeout=3)\n'
    root = tree({"app.py": text})
    result = run_cli("migrate", "--upgrade", "--target", "flask==1.1", root)
    assert result.returncode == 2
    assert (root / "app.py").read_text() == text
    assert (
        "app.py:2: error: refused: --upgrade (send-file-kwargs): send_file() with max_age= needs Flask>=2.0, but --target gives Flask 1.1"
        in result.stderr
    )
    bad = run_cli("migrate", "--upgrade", "--target", "flask>2", root)
    assert bad.returncode == 2
    assert "not 'auto', 'flask_' or a release such as 'flask==2.3'" in bad.stderr


# ------------------------------------------------------- 8. the wrong binding


@pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 695 needs 3.12")
def test_type_parameter_named_like_a_renamed_import() -> None:
    """``def make[Form](x: Form)``: the type parameter was renamed too."""
    text = "from flask_wtf import Form\n\n\ndef make[Form](x: Form) -> Form:\n    return x\n\n\nclass F(Form):\n    pass\n"
    result = up(text)
    assert "def make[Form](x: Form) -> Form:" in result.text
    assert result.text.startswith("from flask_wtf import FlaskForm as Form\n")


def test_parameter_shadowing_a_module_alias() -> None:
    """A parameter named ``werkzeug`` is not the module: its attribute is
    left alone; the module-level use is rewritten."""
    text = 'import werkzeug\n\n\ndef f(werkzeug):\n    return werkzeug.secure_filename("x")\n\n\nprint(werkzeug.secure_filename("y"))\n'
    result = up(text)
    assert result.refused == []
    assert 'return werkzeug.secure_filename("x")' in result.text
    assert 'print(werkzeug.utils.secure_filename("y"))' in result.text


# ------------------------------------------------------ 10. refusals are small


def test_a_refusal_keeps_one_statement_and_every_refusal_is_reported() -> None:
    """ProxyFix and werkzeug.contrib.cache no longer block the flask.ext
    rewrite nor the other fixes; both refusals come in one run."""
    text = (
        "from flask.ext.sqlalchemy import SQLAlchemy\n"
        "from werkzeug.contrib.fixers import ProxyFix\n"
        "from werkzeug.contrib.cache import SimpleCache\n"
        "from werkzeug import secure_filename\n"
    )
    result = up(text)
    assert result.text == (
        "from flask_sqlalchemy import SQLAlchemy\n"
        "from werkzeug.contrib.fixers import ProxyFix\n"
        "from werkzeug.contrib.cache import SimpleCache\n"
        "from werkzeug.utils import secure_filename\n"
    )
    assert [m.line for m in result.refused] == [2, 3]
    assert "ProxyFix has no exact equivalent" in result.refused[0].text
    assert "cachelib" in result.refused[1].text


# -------------------------------------------------- 11. comments, Python 2


def test_comments_of_a_split_multiline_import_stay_with_their_names() -> None:
    """The comment of a name that moves to another import went away."""
    text = "from flask_wtf import (\n    Form,  # the base form\n    # a comment of its own\n    TextField,  # text\n)\n"
    assert up(text).text == (
        "from flask_wtf import (\n    FlaskForm,  # the base form\n    # a comment of its own\n)\n"
        "from wtforms import StringField  # text\n"
    )


def test_python2_files_are_named_in_the_summary(run_cli: Run, tree: Tree) -> None:
    """A Python 2 file gets the plain rewrite; the summary says the fixers
    skipped it instead of counting it as upgraded."""
    root = tree({"old.py": "from flask.ext.wtf import Form\nprint 'x'\n"})
    result = run_cli("migrate", "--upgrade", "--check", root)
    assert "1 Python 2 file: only the flask.ext imports" in result.stderr


# ---------------------------------------------------------- the binding check


def test_binding_check_sees_an_import_removed_from_one_branch() -> None:
    before = ast.parse(
        "if x:\n    from werkzeug.utils import secure_filename\nelse:\n"
        "    from werkzeug import secure_filename\n    pass\n"
    )
    after = ast.parse(
        "if x:\n    from werkzeug.utils import secure_filename\nelse:\n    pass\n"
    )
    problems = check(before, after, translate, star_exports)
    assert [p.line for p in problems] == [4]


def test_binding_check_sees_a_new_undefined_name() -> None:
    before = ast.parse("def f():\n    from flask_wtf import Form\n    return Form\n")
    after = ast.parse("def f():\n    return FlaskForm\n")
    problems = check(before, after, translate, star_exports)
    assert any("no longer be bound" in p.text for p in problems)


def test_refusal_by_the_binding_check_keeps_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the check finds a problem, the statements behind it are left
    alone and the rest is still rewritten."""
    from flask_ext_redirect._migrate._fixers import _moves

    def wrongly_imported_before(module: Any, node: ast.ImportFrom, target: Any) -> bool:
        return node.lineno == 3  # a stand-in for a bug in the fixers

    monkeypatch.setattr(_moves, "_imported_before", wrongly_imported_before)
    text = (
        "from werkzeug import cached_property\n"
        "def b(f):\n    from werkzeug import secure_filename\n    return secure_filename(f)\n"
        "from werkzeug.utils import secure_filename\n"
    )
    result = upgrade_source(text, Targets("flask_"), False)
    assert result.text.startswith("from werkzeug.utils import cached_property\n")
    assert "    from werkzeug import secure_filename\n" in result.text
    assert [m.line for m in result.refused] == [3]
    assert "would be removed here" in result.refused[0].text


# ------------------------------------------- the binding model against CPython


def _binding_resolutions(text: str) -> dict[tuple[str, int, str], str]:
    """For each name read directly in a ``def``: local, free or global, by
    the binding check's model."""
    from flask_ext_redirect._migrate._bindings import build
    from flask_ext_redirect._migrate._bindings import owner

    model = build(ast.parse(text))
    found: dict[tuple[str, int, str], str] = {}
    for scope in model.scopes:
        node = scope.node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for name in scope.loads:
            target = owner(scope, name.id, model.scopes)
            if target is scope:
                kind = "local"
            elif target is None or target.kind == "module":
                kind = "global"
            else:
                kind = "free"
            found[(node.name, node.lineno, name.id)] = kind
    return found


def test_binding_model_agrees_with_symtable_on_the_stdlib() -> None:
    """For every name read directly in a ``def`` of real modules, the binding
    check's scopes and CPython's symtable agree on local, free or global."""
    import warnings

    from symbol_tables import function_tables
    from symbol_tables import stdlib_modules

    compared = 0
    for path, text in stdlib_modules(11, 40):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = function_tables(text)
        ours = _binding_resolutions(text)
        for (name, line), table in tables.items():
            for sym in table.get_symbols():
                key = (name, line, sym.get_name())
                if key not in ours or key[2] == "__class__":
                    continue
                # is_local() first: is_global() is also true of the locals
                # of a function named "top", symtable's name for the module.
                theirs = (
                    "free" if sym.is_free() else "local" if sym.is_local() else "global"
                )
                assert (path, key, ours[key]) == (path, key, theirs)
                compared += 1
    assert compared > 1000


def test_binding_check_follows_python_scoping() -> None:
    """Reads in class keywords, nested comprehensions, walrus targets, match
    captures, ``global`` functions, lambdas and handlers resolve as Python
    resolves them: the rename goes through and every judge agrees."""
    text = (
        "from werkzeug import secure_filename\n"
        "import re\n\n\n"
        "class A(object, metaclass=secure_filename):\n"
        "    x = [secure_filename(a) for a in range(3) for b in secure_filename(a)]\n\n\n"
        "def f(items):\n"
        "    global re\n"
        "    if any((y := secure_filename(i)) for i in items):\n"
        "        return y\n"
        "    g = lambda q=secure_filename: secure_filename(q)\n"
        "    try:\n"
        "        return g\n"
        "    except ValueError as e:\n"
        "        return e, re\n"
    )
    if sys.version_info >= (3, 10):
        text += (
            "\n\ndef m(v):\n"
            "    match v:\n"
            "        case [secure, *rest]:\n"
            "            return secure_filename(secure), rest\n"
            "        case {'k': other, **more}:\n"
            "            return other, more\n"
        )
    result = up(text)
    assert result.refused == []
    assert result.text.startswith("from werkzeug.utils import secure_filename\n")


def test_binding_check_sees_a_new_unbound_name_in_a_restructured_file() -> None:
    """A fixer that rewrites code, not names (Flask-Script's manage.py), is
    judged by the names it leaves unbound."""
    before = ast.parse("from flask_script import Manager\nmanager = Manager(app)\n")
    after = ast.parse("manager.run()\n")
    problems = check(before, after, translate, star_exports, restructured=True)
    assert [(p.line, p.text) for p in problems] == [
        (1, "'manager' would not be bound where it is read (NameError)")
    ]


def test_when_nothing_can_be_left_alone_only_the_plain_rewrite_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A problem the check cannot pin on a statement refuses the fixers'
    changes to the file, and says so; the flask.ext imports are rewritten."""
    from flask_ext_redirect._migrate import _binding_check
    from flask_ext_redirect._migrate import _upgrade

    monkeypatch.setattr(
        _upgrade, "check", lambda *a, **k: [_binding_check.Problem(0, "a stand-in", ())]
    )
    text = "from flask.ext.wtf import Form\n"
    result = upgrade_source(text, Targets("flask_"), True)
    assert result.text == "from flask_wtf import Form\n"
    assert [m.line for m in result.refused] == [0, 0]
    assert "only the flask.ext imports were rewritten" in result.refused[-1].text


def test_releases_follow_what_is_installed_unless_pinned() -> None:
    """The target check reads the installed release, a pin wins over it,
    and a distribution that is neither is not judged."""
    import importlib.metadata

    flask = importlib.metadata.version("flask")
    assert Releases().missing("Flask>=1.0") is None
    assert Releases().missing("Flask>=99.0") == (
        f"Flask {flask} is installed here (upgrade it first, or pass "
        "--target flask==99.0 if the code will run on that)"
    )
    assert Releases((("flask", "99.1"),)).missing("Flask>=99.0") is None
    assert Releases().missing("No-Such-Distribution-Here>=1.0") is None


def test_target_release_with_a_suffix_compares_by_its_numbers() -> None:
    """A release candidate or post release given to --target counts as its
    release numbers: 2.0.0rc1 has Flask 2.0's API, 1.1.4.post1 does not."""
    assert Releases((("flask", "2.0.0rc1"),)).missing("Flask>=2.0") is None
    assert Releases((("flask", "1.1.4.post1"),)).missing("Flask>=2.0") == (
        "--target gives Flask 1.1.4.post1"
    )


def test_binding_check_refuses_a_rewrite_that_adds_a_scope_or_a_read() -> None:
    """The check itself: a rewrite that adds a function, or a read of a
    name, is not a renaming, and is refused as such."""
    before = ast.parse("from flask_wtf import Form\nx = Form\n")
    scoped = ast.parse(
        "from flask_wtf import FlaskForm\ndef f():\n    pass\nx = FlaskForm\n"
    )
    assert [p.text for p in check(before, scoped, translate, star_exports)] == [
        "the rewrite changed the scopes of the module"
    ]
    more = ast.parse("from flask_wtf import FlaskForm\nx = FlaskForm\ny = x\n")
    assert [p.text for p in check(before, more, translate, star_exports)] == [
        "the rewrite changed which names are read"
    ]


def test_binding_check_names_a_star_import_that_may_rebind() -> None:
    """Where a star import of an unknown module may bind the renamed name
    after the rewrite, the problem names that star import and its line."""
    before = ast.parse("from flask_wtf import Form\nfrom mystery import *\nx = Form\n")
    after = ast.parse(
        "from mystery import *\nfrom flask_wtf import FlaskForm\nx = FlaskForm\n"
    )
    problems = check(before, after, translate, star_exports)
    assert problems, "a star import that may rebind the name was not seen"
    assert any("from mystery import *" in p.text for p in problems), problems


def test_parenthesized_annotation_without_value_binds_nothing() -> None:
    """``(name): int`` with no value leaves ``name`` global, as in CPython
    (symtable on Python 3.13's test_grammar found the model calling it
    local)."""
    text = "def f():\n    (no_such_global): int\n    print(no_such_global)\n"
    assert _binding_resolutions(text)[("f", 1, "no_such_global")] == "global"
    text = "def f():\n    x: int\n    print(x)\n"
    assert _binding_resolutions(text)[("f", 1, "x")] == "local"


def test_python2_except_and_raise_forms_are_told_from_python3_errors() -> None:
    """``except (A, B), e:`` and ``raise E, (args)`` mark a Python 2 file
    (the flask.ext rewrite runs, in the Python 2 dialect); a Python 3 file
    whose only commas in except/raise are inside brackets, and whose
    syntax error is elsewhere, is an error naming its line."""
    from flask_ext_redirect._migrate._engine import rewrite_source
    from flask_ext_redirect._migrate._model import Unsafe

    for text in (
        "from flask.ext.foo import X\ntry:\n    pass\n"
        "except (IOError, OSError), e:\n    pass\n",
        'from flask.ext.foo import X\nraise ValueError, ("a", 1)\n',
    ):
        result = rewrite_source(text)
        assert result.dialect == "py2"
        assert result.text.startswith("from flask_foo import X\n")
    py3 = (
        "from flask.ext.foo import X\ntry:\n    pass\n"
        "except errors(IOError, OSError):\n    raise ValueError('a', 1) from None\n"
        "def broken(:\n    pass\n"
    )
    with pytest.raises(Unsafe) as refused:
        rewrite_source(py3)
    assert refused.value.line == 6
    assert refused.value.text.startswith("syntax error (Python ")
