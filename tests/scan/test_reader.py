"""The shared scanner: names resolved through imports, scope by scope, with
exact positions."""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from pathlib import Path

import pytest

from flask_ext_redirect._migrate import rewrite_source
from flask_ext_redirect._migrate import Targets
from flask_ext_redirect._scan import canonical
from flask_ext_redirect._scan import Scan
from flask_ext_redirect._scan import scan
from flask_ext_redirect._scan import Span

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "py3"


def _scan(source: str, methods: frozenset[str] | None = None) -> tuple[str, Scan]:
    text = textwrap.dedent(source)
    return text, scan(text, methods)


def _refs(source: str) -> list[tuple[str, str]]:
    """(qualname, the source text at its span) for each reference."""
    text, found = _scan(source)
    return [(r.qualname, text[r.span.start : r.span.end]) for r in found.references]


def _at(text: str, span: Span) -> str:
    return text[span.start : span.end]


def test_from_import_alias_resolves_to_the_imported_name() -> None:
    """``from flask import Markup as M`` makes ``M(...)`` a use of flask.Markup."""
    refs = _refs(
        """
        from flask import Markup as M
        x = M("<b>")
        """
    )
    assert refs == [("flask.Markup", "M")]


def test_dotted_attribute_chain_resolves_through_import_of_package() -> None:
    """``import werkzeug.contrib.fixers`` then the full dotted use resolves
    once, as the longest chain, with the span covering all of it."""
    text, found = _scan(
        """
        import werkzeug.contrib.fixers
        app.wsgi_app = werkzeug.contrib.fixers.ProxyFix(app.wsgi_app)
        """
    )
    assert [(r.qualname, _at(text, r.span)) for r in found.references] == [
        (
            "werkzeug.contrib.fixers.ProxyFix",
            "werkzeug.contrib.fixers.ProxyFix",
        )
    ]
    (call,) = [c for c in found.calls if c.callee]
    assert call.callee == "werkzeug.contrib.fixers.ProxyFix"
    assert call.args == 1
    assert found.imports[0].qualname == "werkzeug.contrib.fixers"


def test_module_alias_and_from_submodule() -> None:
    """``import flask as f`` and ``from werkzeug.contrib import fixers``."""
    refs = _refs(
        """
        import flask as f
        from werkzeug.contrib import fixers
        f.Markup; fixers.ProxyFix
        """
    )
    assert refs == [
        ("flask.Markup", "f.Markup"),
        ("werkzeug.contrib.fixers.ProxyFix", "fixers.ProxyFix"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "from flask.ext.sqlalchemy import SQLAlchemy\nSQLAlchemy\n",
        "from flaskext.sqlalchemy import SQLAlchemy\nSQLAlchemy\n",
        "from flask_sqlalchemy import SQLAlchemy\nSQLAlchemy\n",
        "import flask.ext.sqlalchemy\nflask.ext.sqlalchemy.SQLAlchemy\n",
        "import flaskext.sqlalchemy\nflaskext.sqlalchemy.SQLAlchemy\n",
        "from flask.ext import sqlalchemy as fsa\nfsa.SQLAlchemy\n",
        "from flaskext import sqlalchemy\nsqlalchemy.SQLAlchemy\n",
        "from flask import ext\next.sqlalchemy.SQLAlchemy\n",
        "import flask.ext.sqlalchemy as s\ns.SQLAlchemy\n",
    ],
)
def test_legacy_names_resolve_like_the_redirect(source: str) -> None:
    """Every spelling of the legacy import means flask_sqlalchemy, the
    module the redirect tries first."""
    (ref,) = _refs(source)
    assert ref[0] == "flask_sqlalchemy.SQLAlchemy"


def test_canonical_leaves_other_names_alone() -> None:
    """Only names under flask.ext / flaskext change."""
    assert canonical("flask.ext") == "flask.ext"
    assert canonical("flask.Markup") == "flask.Markup"
    assert canonical("flaskext") == "flaskext"
    assert canonical("flaskext.wtf.file.FileField") == "flask_wtf.file.FileField"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.py")), ids=lambda p: p.name)
def test_same_names_before_and_after_migrate(path: Path) -> None:
    """A corpus module scanned before and after ``migrate`` yields the same
    qualified names on the same lines."""
    text = path.read_text(encoding="utf-8")
    try:
        before = scan(text)
    except SyntaxError:
        pytest.skip(f"needs a newer Python than {sys.version_info[:2]}")
    after = scan(rewrite_source(text, Targets("flask_")).text)

    def references(found: Scan) -> list[tuple[int, str]]:
        return [(r.span.lineno, r.qualname) for r in found.references]

    def imports(found: Scan) -> set[tuple[int, str]]:
        return {(i.span.lineno, i.qualname) for i in found.imports}

    assert references(before) == references(after)
    # ``import flask.ext.foo`` becomes ``import flask, flask_foo`` where the
    # module relies on the name ``flask``: that is the only new import.
    extra = imports(after) - imports(before)
    assert imports(before) <= imports(after)
    assert {name for _, name in extra} <= {"flask", "flaskext"}


def test_parameter_named_like_import_shadows_it() -> None:
    """A parameter called ``Markup`` is not flask.Markup inside that function."""
    refs = _refs(
        """
        from flask import Markup
        def render(Markup):
            return Markup("x")
        def other():
            return Markup("y")
        """
    )
    assert refs == [("flask.Markup", "Markup")]
    text, found = _scan(
        """
        from flask import Markup
        def render(Markup):
            return Markup("x")
        def other():
            return Markup("y")
        """
    )
    assert [r.span.lineno for r in found.references] == [6]


def test_local_assignment_anywhere_in_function_shadows_import() -> None:
    """Python makes a name local to the whole function when it is assigned
    anywhere in it, even after the use."""
    refs = _refs(
        """
        from flask import escape
        def f(items):
            for escape in items:
                pass
            return escape
        def g():
            escape = str
            return escape
        def h():
            return escape
        """
    )
    assert len(refs) == 1


def test_comprehension_variable_shadows_only_inside() -> None:
    """``[Markup for Markup in xs]`` uses a comprehension variable; the
    first iterable is still read outside."""
    refs = _refs(
        """
        from flask import Markup
        xs = [Markup for Markup in Markup.escape(y)]
        z = Markup
        """
    )
    assert refs == [
        ("flask.Markup.escape", "Markup.escape"),
        ("flask.Markup", "Markup"),
    ]


def test_global_declaration_reaches_module_import() -> None:
    """``global Markup`` inside a function that assigns it still resolves
    to the module's import."""
    refs = _refs(
        """
        from flask import Markup
        def f():
            global Markup
            Markup("x")
            Markup = None
        """
    )
    assert refs == [("flask.Markup", "Markup")]


def test_nonlocal_reads_the_enclosing_function_not_the_module() -> None:
    """``nonlocal Markup`` names the enclosing function's variable, which
    shadows the module's import there, as symtable says."""
    refs = _refs(
        """
        from flask import Markup
        def factory():
            Markup = str
            def inner():
                nonlocal Markup
                return Markup("x")
            return inner
        """
    )
    assert refs == []


def test_parenthesized_annotation_does_not_shadow_the_import() -> None:
    """``(Markup): int`` with no value binds nothing (unlike ``Markup: int``),
    so the function still reads the module's import, as symtable says."""
    refs = _refs(
        """
        from flask import Markup
        def shown():
            (Markup): int
            return Markup("x")
        def hidden():
            Markup: int
            return Markup("x")
        """
    )
    assert refs == [("flask.Markup", "Markup")]


def test_nonlocal_assignment_leaves_the_module_import_alone() -> None:
    """Assigning a ``nonlocal`` name rebinds the enclosing function's
    variable, not the module's import of the same name."""
    refs = _refs(
        """
        from flask import Markup
        def factory():
            from flask import Markup
            def inner():
                nonlocal Markup
                Markup = None
            return inner
        def other():
            def later():  # read after inner, against the final bindings
                return Markup("x")
            return later
        """
    )
    assert refs == [("flask.Markup", "Markup")]


def test_nested_function_sees_enclosing_function_import() -> None:
    """An import in a function is seen by functions nested in it, not by
    the module."""
    text, found = _scan(
        """
        def factory():
            from flask import Markup
            def inner():
                return Markup("x")
            return inner
        Markup("not an import here")
        """
    )
    assert [(r.qualname, r.span.lineno) for r in found.references] == [
        ("flask.Markup", 5)
    ]


def test_class_body_names_are_not_seen_by_methods() -> None:
    """A class attribute named like an import does not shadow it in methods."""
    text, found = _scan(
        """
        from flask import Markup
        class View:
            Markup = None
            x = Markup
            def get(self):
                return Markup("x")
        """
    )
    assert [r.span.lineno for r in found.references] == [7]


def test_function_sees_import_below_it() -> None:
    """Function bodies run after the module: an import placed after the
    ``def`` still resolves inside it."""
    refs = _refs(
        """
        def page():
            return escape("x")
        from flask import escape
        """
    )
    assert refs == [("flask.escape", "escape")]


def test_rebinding_at_module_level_ends_the_import() -> None:
    """``Markup = str`` after the import: later uses are no longer flask's."""
    text, found = _scan(
        """
        from flask import Markup
        a = Markup
        Markup = str
        b = Markup
        """
    )
    assert [r.span.lineno for r in found.references] == [3]


def test_import_fallback_in_except_keeps_the_import() -> None:
    """``try: from x import A`` / ``except ImportError: A = None`` still
    uses the import afterwards."""
    refs = _refs(
        """
        try:
            from flask.ext.cache import Cache
        except ImportError:
            Cache = None
        cache = Cache()
        """
    )
    assert refs == [("flask_cache.Cache", "Cache")]


def test_assignment_alias_resolves() -> None:
    """``Form = FlaskForm`` makes ``Form`` an alias of the import."""
    refs = _refs(
        """
        from flask_wtf import FlaskForm
        Form = FlaskForm
        class F(Form):
            pass
        """
    )
    assert refs[-1] == ("flask_wtf.FlaskForm", "Form")


def test_star_import_resolves_unbound_names() -> None:
    """With one ``from m import *``, an otherwise unbound name is ``m.name``;
    builtins are not."""
    refs = _refs(
        """
        from flask.ext.wtf import *
        class F(Form):
            name = TextField("Name", validators=[Required()])
            n = len([])
        """
    )
    assert refs == [
        ("flask_wtf.Form", "Form"),
        ("flask_wtf.TextField", "TextField"),
        ("flask_wtf.Required", "Required"),
    ]


def test_relative_imports_stay_relative() -> None:
    """``from .models import db`` does not pretend to know the package."""
    text, found = _scan(
        """
        from .models import db
        from . import views
        db.Model
        """
    )
    assert [i.qualname for i in found.imports] == [".models.db", ".views"]
    assert found.references == []


def test_call_keywords_with_positions() -> None:
    """Keyword names and their exact spans, positional count, ``**kw``."""
    text, found = _scan(
        """
        from flask import send_file
        send_file(
            path, "x",
            attachment_filename="a.txt",  cache_timeout=0, **extra)
        """
    )
    (call,) = found.calls
    assert call.callee == "flask.send_file"
    assert call.args == 2
    assert [k.name for k in call.keywords] == [
        "attachment_filename",
        "cache_timeout",
        None,
    ]
    assert [_at(text, k.name_span) for k in call.keywords] == [
        "attachment_filename",
        "cache_timeout",
        "**extra",
    ]
    assert _at(text, call.keywords[0].span) == 'attachment_filename="a.txt"'
    assert call.star_kwargs and not call.star_args
    assert call.keywords[1].name_span.lineno == 5


def test_method_uses_on_any_object() -> None:
    """``app.before_first_request`` and ``query.paginate(1, 20)`` are found
    by name, with positional count, when asked for."""
    text, found = _scan(
        """
        @app.before_first_request
        def setup():
            pass
        page = Post.query.order_by(Post.id).paginate(1, 20, error_out=False)
        """,
        methods=frozenset({"before_first_request", "paginate"}),
    )
    assert [(m.name, m.args, m.keywords) for m in found.methods] == [
        ("before_first_request", None, ()),
        ("paginate", 2, ("error_out",)),
    ]
    assert _at(text, found.methods[1].name_span) == "paginate"
    assert [c.method for c in found.calls] == ["paginate"]


def test_methods_filter_limits_what_is_recorded() -> None:
    """Without the name in the filter, no method use is recorded."""
    _, found = _scan("x.order_by(1).all()\n", methods=frozenset({"paginate"}))
    assert found.methods == [] and found.calls == []
    _, found = _scan("x.order_by(1).all()\n")
    assert [m.name for m in found.methods] == ["order_by", "all"]


def test_config_keys_every_spelling() -> None:
    """Subscripts, ``get``/``setdefault``, ``update(K=...)``, ``update({...})``
    and ``class Config`` attributes."""
    text, found = _scan(
        """
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
        x = current_app.config['SECRET_KEY']
        del app.config["OLD"]
        app.config.get("DEBUG", False)
        app.config.setdefault("MAIL_SERVER", "localhost")
        app.config.update(WTF_CSRF_ENABLED=False, TESTING=True)
        app.config.update({"SQLALCHEMY_TRACK_MODIFICATIONS": False})
        class ProductionConfig(object):
            SQLALCHEMY_ECHO = True
            helper = 1
        class Other:
            NOT_CONFIG = 1
        something["NOT_A_CONFIG"] = 1
        """
    )
    assert [(k.key, k.access) for k in found.config_keys] == [
        ("SQLALCHEMY_DATABASE_URI", "write"),
        ("SECRET_KEY", "read"),
        ("OLD", "delete"),
        ("DEBUG", "get"),
        ("MAIL_SERVER", "setdefault"),
        ("WTF_CSRF_ENABLED", "update"),
        ("TESTING", "update"),
        ("SQLALCHEMY_TRACK_MODIFICATIONS", "update"),
        ("SQLALCHEMY_ECHO", "class"),
    ]
    assert _at(text, found.config_keys[0].span) == '"SQLALCHEMY_DATABASE_URI"'
    assert _at(text, found.config_keys[5].span) == "WTF_CSRF_ENABLED"


def test_class_bases_resolved() -> None:
    """``class LoginForm(Form)`` names flask_wtf.Form; unknown bases are None."""
    text, found = _scan(
        """
        from flask.ext.wtf import Form
        class LoginForm(Form, Mixin):
            pass
        """
    )
    (cls,) = found.classes
    assert cls.name == "LoginForm"
    assert [b.qualname for b in cls.bases] == ["flask_wtf.Form", None]
    assert _at(text, cls.bases[0].span) == "Form"


def test_positions_count_characters_not_bytes() -> None:
    """A non-ASCII string before a use: columns and offsets are characters."""
    text, found = _scan('x = "héllo wörld"; y = flask.Markup\nimport flask\n')
    (ref,) = [r for r in found.references if r.span.lineno == 1] or [None]
    assert ref is None  # flask is imported after line 1 runs
    text, found = _scan('import flask\nx = "héllo wörld"; y = flask.Markup\n')
    (ref,) = found.references
    assert _at(text, ref.span) == "flask.Markup"
    assert ref.span.col == text.splitlines()[1].index("flask")


def test_positions_with_crlf_and_multiline_imports() -> None:
    """CRLF line ends and a parenthesised import: each alias's span."""
    text = "from flask import (\r\n    Markup,\r\n    escape as esc)\r\nesc(1)\r\n"
    found = scan(text)
    assert [_at(text, i.name_span) for i in found.imports] == [
        "Markup",
        "escape as esc",
    ]
    assert [(r.qualname, r.span.lineno) for r in found.references] == [
        ("flask.escape", 4)
    ]
    assert _at(text, found.imports[0].span).startswith("from flask import (")


def test_dynamic_imports_are_imports() -> None:
    """``importlib.import_module("flask.ext.foo")`` and ``__import__`` count."""
    text, found = _scan(
        """
        import importlib
        mod = importlib.import_module("flask.ext.babel")
        other = __import__("flaskext.cache")
        """
    )
    dynamic = [i for i in found.imports if i.dynamic]
    assert [i.qualname for i in dynamic] == ["flask_babel", "flask_cache"]
    assert _at(text, dynamic[0].name_span) == '"flask.ext.babel"'


def test_lambda_and_walrus_and_async() -> None:
    """Lambda parameters shadow; async functions are read like functions."""
    refs = _refs(
        """
        from flask import escape
        f = lambda escape: escape(1)
        async def view():
            return escape(2)
        if (n := escape(3)):
            pass
        """
    )
    assert [r[1] for r in refs] == ["escape", "escape"]


def test_decorators_and_defaults_are_read_in_the_enclosing_scope() -> None:
    """``@flask_login.login_required`` and a default argument value."""
    refs = _refs(
        """
        import flask_login
        from flask import Markup
        @flask_login.login_required
        def view(wrap=Markup):
            pass
        """
    )
    assert refs == [
        ("flask_login.login_required", "flask_login.login_required"),
        ("flask.Markup", "Markup"),
    ]


def test_except_handler_name_and_with_target_shadow() -> None:
    """``except E as Markup`` and ``with x as Markup`` rebind in functions."""
    refs = _refs(
        """
        from flask import Markup
        def f():
            with open("x") as Markup:
                return Markup
        """
    )
    assert refs == []


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs 3.10")
def test_match_capture_shadows() -> None:
    """A ``case Markup:`` capture in a function makes the name local."""
    refs = _refs(
        """
        from flask import Markup
        def f(x):
            match x:
                case [Markup]:
                    return Markup
        """
    )
    assert refs == []


def test_import_inside_try_in_function_2012_style() -> None:
    """An old-style optional import inside a function still resolves."""
    refs = _refs(
        """
        def create_app():
            try:
                from flask.ext.debugtoolbar import DebugToolbarExtension
            except ImportError:
                DebugToolbarExtension = None
            if DebugToolbarExtension:
                DebugToolbarExtension(app)
        """
    )
    assert refs == [
        ("flask_debugtoolbar.DebugToolbarExtension", "DebugToolbarExtension"),
        ("flask_debugtoolbar.DebugToolbarExtension", "DebugToolbarExtension"),
    ]


def test_syntax_error_for_python2() -> None:
    """Python 2 source does not parse: the caller is told, not given half."""
    with pytest.raises(SyntaxError):
        scan("print 'hello'\n")


def test_deferred_marks_what_runs_only_when_called() -> None:
    """Module-level uses run at import; uses inside functions (and classes
    nested in them, and lambdas) run when called."""
    _, found = _scan(
        """
        from flask import Markup
        a = Markup(1)
        class View:
            b = Markup(2)
            def get(self):
                return Markup(3)
        def factory():
            class Inner:
                c = Markup(4)
        f = lambda: Markup(5)
        """
    )
    assert [(r.span.lineno, r.deferred) for r in found.references] == [
        (3, False),
        (5, False),
        (7, True),
        (10, True),
        (11, True),
    ]
    assert [c.deferred for c in found.calls] == [False, False, True, True, True]


def test_bindings_nested_in_compound_statements_are_local() -> None:
    """Assignments deep in if/while/try/with blocks, except-as names and
    walrus targets make the name local to the whole function."""
    refs = _refs(
        """
        from flask import escape, Markup, g
        def f(items):
            escape(1)
            while items:
                try:
                    pass
                except ValueError as Markup:
                    pass
                else:
                    with open("x") as (a, [b, *g]):
                        if True:
                            escape = str
            return Markup, g
        def h(items):
            if (escape := items):
                return escape
        def k():
            return escape, Markup, g
        """
    )
    assert refs == [
        ("flask.escape", "escape"),
        ("flask.Markup", "Markup"),
        ("flask.g", "g"),
    ]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.py")), ids=lambda p: p.name)
def test_scanner_finds_every_line_migrate_rewrites(path: Path) -> None:
    """One reader for both tools: every line ``migrate`` changes in a corpus
    module holds a legacy import or legacy dotted name the scanner found."""
    text = path.read_text(encoding="utf-8")
    try:
        found = scan(text)
    except SyntaxError:
        pytest.skip(f"needs a newer Python than {sys.version_info[:2]}")
    new = rewrite_source(text, Targets("flask_")).text
    old_lines, new_lines = text.splitlines(), new.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = {
        n for n, (a, b) in enumerate(zip(old_lines, new_lines), start=1) if a != b
    }
    legacy: set[int] = set()
    for imp in found.imports:
        if imp.written.startswith(("flask.ext", "flaskext")) or (
            imp.written == "flask" and imp.name == "ext"
        ):
            legacy.update(range(imp.span.lineno, imp.span.end_lineno + 1))
    for ref in found.references:
        source = text[ref.span.start : ref.span.end]
        if "flask.ext" in source or "flaskext" in source:
            legacy.update(range(ref.span.lineno, ref.span.end_lineno + 1))
    assert changed <= legacy, sorted(changed - legacy)


def _scanner_locals(text: str) -> dict[tuple[str, int], frozenset[str]]:
    """The names the scanner takes as local to each ``def``, by its name
    and line."""
    from flask_ext_redirect._scan._reader import _function_names

    found: dict[tuple[str, int], frozenset[str]] = {}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            segment = ast.get_source_segment(text, node) or ""
            local_names, _, _ = _function_names(node.args, node.body, ":=" in segment)
            found[(node.name, node.lineno)] = local_names
    return found


def _symtable_locals(text: str) -> dict[tuple[str, int], frozenset[str]]:
    """The same from CPython's symbol tables."""
    from symbol_tables import function_tables

    inlined = _comprehension_targets(text)
    return {
        key: frozenset(
            s.get_name()
            for s in table.get_symbols()
            if s.is_local() and s.get_name() not in inlined.get(key, ())
        )
        for key, table in function_tables(text).items()
    }


def _comprehension_targets(text: str) -> dict[tuple[str, int], set[str]]:
    """Per function, the names bound by its comprehensions only.  From Python
    3.12 (PEP 709) symtable lists them among the function's locals, though
    they stay invisible to the function's own code."""
    import ast

    found: dict[tuple[str, int], set[str]] = {}
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        own: set[str] = set()
        comprehended: set[str] = set()
        stack: list[ast.AST] = list(node.body)
        while stack:
            child = stack.pop()
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                own.add(child.name)
                continue
            if isinstance(child, (ast.ClassDef, ast.Lambda)):
                if isinstance(child, ast.ClassDef):
                    own.add(child.name)
                continue
            if isinstance(child, ast.comprehension):
                comprehended.update(
                    n.id for n in ast.walk(child.target) if isinstance(n, ast.Name)
                )
                stack.append(child.iter)
                stack.extend(child.ifs)
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                own.add(child.id)
                continue
            stack.extend(ast.iter_child_nodes(child))
        found[(node.name, node.lineno)] = comprehended - own
    return found


_MANGLED = re.compile(r"_[A-Za-z0-9]\w*?__\w*[A-Za-z0-9]_?\Z")


def _private(name: str) -> bool:
    return name.startswith("__") and not name.endswith("__")


def test_function_locals_agree_with_symtable_on_the_stdlib() -> None:
    """For every ``def`` of real modules, the names the scanner takes as
    local (shadowing imports) are the ones CPython's symtable calls local:
    the check the codemod's scope model has too."""
    import warnings

    from symbol_tables import stdlib_modules

    compared = 0
    for path, text in stdlib_modules(11, 40):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = _symtable_locals(text)
            ours = _scanner_locals(text)
        for key, names in ours.items():
            if key in theirs:
                # symtable lists private names inside classes mangled
                # (__kw as _Spam__kw): compare the rest.
                mine = {n for n in names if not _private(n)}
                cpython = {n for n in theirs[key] if not _MANGLED.match(n)}
                assert (path, key, mine) == (path, key, cpython)
                compared += 1
    assert compared > 500


# --- guards and receivers (issue 13: doctor's precision) -----------------


def _guards(source: str) -> dict[str, str]:
    """What each import, reference, call and attribute use is guarded by,
    by its source text."""
    text, found = _scan(source)
    guards: dict[str, str] = {}
    for item in (*found.imports, *found.references, *found.calls, *found.methods):
        guards.setdefault(_at(text, item.span), item.guard)
    return guards


def test_guards_try_except_importerror_and_its_fallback() -> None:
    """``try`` bodies whose handler catches ImportError (or AttributeError,
    a bare except) are guarded, and so is the ``except ImportError``
    fallback and every later use of a name it binds; an ``except
    KeyError`` guards nothing."""
    guards = _guards(
        """
        try:
            from markupsafe import Markup
        except ImportError:
            from flask import Markup
        try:
            from flask import escape
        except KeyError:
            pass
        safe = Markup("<b>")
        """
    )
    assert guards["from markupsafe import Markup"] == "try/except ImportError"
    assert guards["from flask import Markup"] == "the except ImportError fallback"
    assert guards["Markup"] == "the except ImportError fallback"
    assert guards["from flask import escape"] == ""


def test_guards_hasattr_version_flag_and_type_checking_tests() -> None:
    """An ``if`` (both branches) or conditional expression testing
    hasattr/getattr, a version, a feature flag set by a guarded import or
    ``TYPE_CHECKING`` guards what it decides; ``and`` guards its right
    side; another test guards nothing."""
    guards = _guards(
        """
        import typing
        import flask
        try:
            from flask.globals import request_ctx
        except ImportError:
            request_ctx = None
        if typing.TYPE_CHECKING:
            import flask_sqlalchemy_lite
        if hasattr(app, "before_first_request"):
            pass
        else:
            app.before_first_request(f)
        if WERKZEUG_VERSION < (2, 1):
            flask.json_available
        ctx = flask._request_ctx_stack.top if request_ctx is None else request_ctx
        ok = hasattr(flask, "escape") and flask.escape
        if app.debug:
            flask.signals_available
        """
    )
    assert guards["import flask_sqlalchemy_lite"] == "if TYPE_CHECKING"
    assert guards["app.before_first_request"] == "a hasattr() check"
    assert guards["flask.json_available"] == "a version check"
    assert guards["flask._request_ctx_stack.top"].startswith("a check of request_ctx")
    assert guards["flask.escape"] == "a hasattr() check"
    assert guards["flask.signals_available"] == ""


def test_guard_reaches_function_bodies_defined_under_it() -> None:
    """A function defined under a version test runs only where it holds:
    its body is guarded too, read after the module as ever; what follows
    ``pytest.importorskip("x")`` is guarded."""
    guards = _guards(
        """
        import flask
        import pytest
        if flask_version < (2, 2):
            def top():
                return flask._request_ctx_stack.top
        def test_uploads():
            pytest.importorskip("flask_uploads")
            from flask_uploads import UploadSet
        """
    )
    assert guards["flask._request_ctx_stack.top"] == "a version check"
    assert guards["from flask_uploads import UploadSet"] == "pytest.importorskip()"


def test_receiver_types_from_assignments_and_classes() -> None:
    """``app = Flask(...)`` makes ``app`` a flask.Flask; ``self`` in a
    class of Flask's is one too; in a class with no base outside this
    module it is ``local:Name``; in a class with an unknown base it is
    unknown; relative imports are left for the caller (``from:``)."""
    text, found = _scan(
        """
        from flask import Flask
        from .extensions import db

        class MyApp(Flask):
            def hook(self):
                self.before_first_request(f)

        class Color(object):
            def __init__(self, g):
                self.g = g

        class Other(Base):
            def run(self):
                self.env

        app = Flask(__name__)
        app.before_first_request(f)
        mine = MyApp(__name__)
        mine.env
        db.paginate(1)
        Post.query.filter_by(x=1).paginate(1, 20)
        """,
        methods=frozenset({"before_first_request", "g", "env", "paginate"}),
    )
    types = {
        (_at(text, m.span), m.receiver_type, m.receiver_path, m.store)
        for m in found.methods
    }
    assert types == {
        ("self.before_first_request", "flask.Flask", "self", False),
        ("self.g", "local:Color", "self", True),
        ("self.env", None, "self", False),
        ("app.before_first_request", "flask.Flask", "app", False),
        ("mine.env", "flask.Flask", "mine", False),
        ("db.paginate", "from:.extensions.db", "db", False),
        (
            "Post.query.filter_by(x=1).paginate",
            None,
            "Post.query.filter_by()",
            False,
        ),
    }
    assert found.instances == {
        "db": "from:.extensions.db",
        "app": "flask.Flask",
        "mine": "flask.Flask",
    }


def test_conditions_name_what_enclosing_tests_mention() -> None:
    """A call under ``if request.is_json`` (or in a conditional expression
    testing it) carries ``is_json`` among its conditions."""
    _, found = _scan(
        """
        from flask import request
        a = request.get_json() if request.is_json else request.form
        if request.mimetype == "application/json":
            b = request.get_json()
        c = request.get_json()
        """
    )
    conditions = [sorted(c.conditions) for c in found.calls]
    assert conditions == [["is_json", "request"], ["mimetype", "request"], []]


def test_tests_that_are_not_guards() -> None:
    """A call named like a flag (``has_request_context()``) and a version
    word outside a comparison guard nothing."""
    guards = _guards(
        """
        import flask
        if flask.has_request_context():
            flask.json_available
        if request.args.get("api_version"):
            flask.signals_available
        if api.version:
            flask.escape
        """
    )
    assert guards["flask.json_available"] == ""
    assert guards["flask.signals_available"] == ""
    assert guards["flask.escape"] == ""
