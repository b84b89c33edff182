"""Find the knowledge base's APIs in one scanned file (runs in workers)."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable

from .._era import Api
from .._era import KnowledgeBase
from .._era import load
from .._scan import Call
from .._scan import FileScan
from .._scan import Scan
from ._light import source_of
from ._model import FileFacts
from ._model import ImportFact
from ._model import Use

#: Words that mark a file importing some extension at all.
_EXTENSION_WORDS = ("flask_", "flaskext", "flask.ext")


def _root(dotted: str) -> str:
    return dotted.partition(".")[0]


class Index:
    """The knowledge base's APIs arranged for look-up by what the scanner
    reports: qualified names, method names, callees' keywords, config keys.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        #: ``module.name`` (``module`` for a module that is gone): uses of
        #: the name itself or of anything under it.
        self.names: dict[str, list[Api]] = {}
        #: Attribute names used on objects the scanner cannot resolve.
        self.methods: dict[str, list[Api]] = {}
        #: A callable's qualified name: its changed keywords.
        self.keywords: dict[str, list[Api]] = {}
        #: A method's name: its changed keywords.
        self.method_keywords: dict[str, list[Api]] = {}
        self.config: dict[str, list[Api]] = {}
        #: Changed defaults named by a config key: checked project-wide.
        self.defaults: list[Api] = []
        #: Changed behaviour of a callable or method (``paginate`` takes
        #: keywords only, ``is_authenticated`` is no longer called): by the
        #: called name.
        self.called: dict[str, list[Api]] = {}
        #: Changed behaviour of ``<owner>.<attribute>`` (``user_agent.browser``):
        #: by the attribute's name.
        self.dotted: dict[str, list[Api]] = {}
        #: The prefilter's rules: a word, and the words one of which must
        #: also be in the file (None: the word alone lets it through).
        self.rules: dict[str, frozenset[str] | None] = {}
        for word in _EXTENSION_WORDS:
            self.rule(word)
        for ext in kb.extensions:
            for module in (ext.module, *ext.legacy_modules):
                # flaskext.* and flask.ext.* are all let through above.
                if not module.startswith(_EXTENSION_WORDS):
                    self.rule(module)
        #: Config keys whose default changed: only whether some file names
        #: them matters.
        self.default_keys: set[str] = set()
        for api in kb.apis:
            self.add(api)
        # Where an application is created, and what a changed config
        # default governs: read to judge the tree (see GOVERNED_BY).
        self.rule("Flask", {"flask"})
        for name in _GOVERNING:
            if "." in name:
                self.rule(name.rpartition(".")[2], {name.partition(".")[0]})
        #: Modules that method names and config keys need imported.
        self.needs = frozenset(
            _needs(api)
            for apis in (*self.methods.values(), *self.method_keywords.values(),
                         *self.config.values(), *self.called.values(),
                         *self.dotted.values())
            for api in apis
        )  # fmt: skip
        self.method_names = frozenset(
            (*self.methods, *self.method_keywords, *self.called, *self.dotted)
        )

    def rule(self, word: str, context: Iterable[str] | None = None) -> None:
        """Let files holding ``word`` through (and one of ``context``)."""
        if not word:
            return
        if word in self.rules and self.rules[word] is None:
            return
        if context is None:
            self.rules[word] = None
        else:
            self.rules[word] = frozenset((*(self.rules.get(word) or ()), *context))

    def add(self, api: Api) -> None:
        modules = (api.module, *api.also_in)
        name = api.name
        # A name resolves through an import of its module, so the file
        # spells the module's top-level name too (or the legacy prefix).
        roots = {c for m in modules for c in _spellings(_root(m))}
        if api.kind in ("import", "attribute") and api.owner is None:
            for module in modules:
                key = f"{module}.{name}" if name else module
                self.names.setdefault(key, []).append(api)
            self.rule(name or api.module.rpartition(".")[2], roots)
        elif api.kind in ("method", "attribute") and name:
            self.methods.setdefault(name, []).append(api)
            if api.owner:
                self.names.setdefault(f"{api.owner}.{name}", []).append(api)
            # Always used as an attribute (``app.before_first_request``).
            self.rule("." + name)
        elif api.kind == "keyword" and name and api.owner:
            owner_module, _, last = api.owner.rpartition(".")
            for module in (owner_module, *api.also_in):
                self.keywords.setdefault(f"{module}.{last}", []).append(api)
            # ``Class.method``: called on instances the scanner can't type.
            if owner_module and owner_module.rpartition(".")[2][:1].isupper():
                self.method_keywords.setdefault(last, []).append(api)
            # The call spells the callable's name (or imports it by name).
            self.rule(name, {last})
        elif api.kind == "config" and name:
            self.config.setdefault(name, []).append(api)
            self.rule(name)
        elif api.kind == "default" and name:
            if name.isupper():
                self.defaults.append(api)
                self.default_keys.add(name)
            elif "." in name:
                owner, _, attr = name.rpartition(".")
                self.dotted.setdefault(attr, []).append(api)
                self.rule("." + attr, {owner.rpartition(".")[2]})
            elif api.id.endswith(".call"):
                # ``@jwt_required`` where ``@jwt_required()`` is now needed:
                # the name used without a call.
                self.names.setdefault(f"{api.module}.{name}", []).append(api)
                self.rule(name)
            else:
                # Called: a function of ``module`` (``Email()``), or a
                # method of its objects (``query.paginate(1, 20)``).
                self.called.setdefault(name, []).append(api)
                self.rule(name)

    def lookup(self, qualname: str) -> Iterable[Api]:
        """APIs that ``qualname`` is, or lies under."""
        parts = qualname.split(".")
        for n in range(len(parts), 0, -1):
            yield from self.names.get(".".join(parts[:n]), ())


_INDEXES: dict[int, tuple[KnowledgeBase, Index]] = {}


def index_of(kb: KnowledgeBase) -> Index:
    """One index per knowledge base and process (keyed by identity: hashing
    the whole knowledge base would cost more than the look-up saves)."""
    found = _INDEXES.get(id(kb))
    if found is None or found[0] is not kb:
        found = _INDEXES[id(kb)] = (kb, Index(kb))
    return found[1]


def _spellings(root: str) -> tuple[str, ...]:
    """How a file may spell a top-level module: ``flask_foo`` also as
    ``flask.ext.foo`` or ``flaskext.foo``."""
    if root.startswith("flask_"):
        return (root, "flask.ext", "flaskext")
    return (root,)


def _needs(api: Api) -> str:
    return _root(api.owner or api.module)


def facts(scanned: FileScan, kb: KnowledgeBase | None = None) -> FileFacts:
    """Everything ``doctor`` needs from one file."""
    # ``./app/views.py`` (PATH ``.``) is reported as ``app/views.py``.
    path = os.path.normpath(scanned.path)
    result = FileFacts(path, scanned.error, scanned.error_line, scanned.python2)
    result.source = source_of(scanned)
    if scanned.scan is None:
        return result
    index = index_of(kb or load())
    _collect(index, scanned.scan, result, scanned.text)
    if result.uses or result.imports:
        lines = scanned.text.splitlines()
        wanted = {u.line for u in result.uses} | {i.line for i in result.imports}
        result.lines = {
            n: lines[n - 1].strip() for n in sorted(wanted) if 0 < n <= len(lines)
        }
    return result


_EXAMPLE = re.compile(r"\b(\w+)\(([^()]*)\)")
_KEYWORD = re.compile(r"(\w+)\s*=")


def example_keywords(api: Api) -> frozenset[str]:
    """The keywords of the failing call the entry's ``why`` gives as its
    example: ``generate_password_hash(pw, method='sha256') raises ...``
    changed only for calls that pass ``method``."""
    for match in _EXAMPLE.finditer(api.why):
        if match.group(1) == api.name:
            return frozenset(_KEYWORD.findall(match.group(2)))
    return frozenset()


def _called(api: Api, call: Call) -> bool:
    """Whether a call meets a changed default of kind "default" found by
    the name called: with positional arguments where the entry is about
    them (``.positional``: ``paginate(1, 20)``), with one of the keywords of
    its example call where it gives any, else any call."""
    if api.id.endswith(".positional"):
        return call.args > 0
    keywords = example_keywords(api)
    if keywords:
        return any(k.name in keywords for k in call.keywords)
    return True


#: Objects of a library the application reaches through a name it
#: imports: the name -> the class of the object.
PROXIES = {
    "flask.request": "flask.Request",
    "flask.globals.request": "flask.Request",
    "flask.current_app": "flask.Flask",
    "flask.globals.current_app": "flask.Flask",
    "flask._request_ctx_stack.top": "flask.ctx.RequestContext",
    "flask.globals.request_ctx": "flask.ctx.RequestContext",
    "flask.g": "flask.ctx._AppCtxGlobals",
    "flask.session": "flask.sessions.SecureCookieSession",
    "flask_login.current_user": "flask_login.UserMixin",
}
#: A receiver spelled this way is a Flask-SQLAlchemy query: a model's
#: ``query`` property, ``db.session.query(...)``, and what their
#: query-building methods return.
_QUERY = re.compile(
    r"(^|\.)(query|session\.query\(\))"
    r"(\.(filter|filter_by|order_by|join|outerjoin|options|limit|offset|distinct"
    r"|group_by|having|where|with_entities|select_from|execution_options"
    r"|params|union|yield_per)\(\))*$"
)
#: Changed behaviours whose fix the code can already hold: the keywords
#: that opt out, and the names a test guarding the call mentions; and,
#: when the failure depends on what a request brings, why doctor cannot
#: be sure of it (then no blocker).
_FIXED_BY: dict[str, tuple[frozenset[str], frozenset[str], str]] = {
    "werkzeug.wrappers.Request.get_json.non_json": (
        frozenset({"silent", "force"}),
        frozenset({"is_json", "mimetype", "content_type"}),
        "it fails only for requests that are not JSON, and doctor cannot see"
        " which requests reach the view; an endpoint that expects JSON is"
        " right to refuse others",
    ),
}


def owner_of(api: Api) -> str | None:
    """The class whose objects the entry's name belongs to
    (``flask.Flask`` for ``before_first_request``,
    ``flask_sqlalchemy.Query`` for ``paginate``); None for a function or
    a module-level name."""
    dotted = api.owner
    if api.kind == "default" and dotted is None and api.name:
        # ``flask_sqlalchemy.Query.paginate.positional``.
        head, found, _ = api.id.partition(f".{api.name}.")
        dotted = head if found else None
        if dotted is not None and not _is_class(dotted):
            return None
        return dotted
    if dotted is None:
        return None
    if api.kind == "keyword" and not _is_class(dotted):
        # ``flask_sqlalchemy.SQLAlchemy.create_all``: its class.
        head = dotted.rpartition(".")[0]
        return head if _is_class(head) else None
    return dotted if _is_class(dotted) else None


def _is_class(dotted: str) -> bool:
    return dotted.rpartition(".")[2][:1].isupper()


def _receiver_type(path: str, typed: str | None) -> str | None:
    if typed is not None:
        return typed
    if _QUERY.search(path):
        return "flask_sqlalchemy.Query"
    return None


def _by_name(
    api: Api,
    line: int,
    col: int,
    deferred: bool,
    guard: str,
    *,
    head: str | None = None,
    path: str = "",
    typed: str | None = None,
) -> Use:
    """A use found by a name that objects of another class may have too:
    with what doctor knows of the receiver (``head``: what it resolves to
    through imports; ``typed``: the class it was made from)."""
    if head is not None:
        # ``from models import Post``: ``Post.query`` is a query still.
        typed = PROXIES.get(head) or _receiver_type(head, None)
        ref = None if typed is not None else head
        path = head
    else:
        typed = _receiver_type(path, typed)
        ref = typed if typed is not None and typed.startswith("from:") else None
        if ref is not None:
            typed = None
    return Use(
        api.id,
        line,
        col,
        deferred,
        _needs(api),
        guard=guard,
        receiver=path or "?",
        receiver_type=typed,
        receiver_ref=ref,
    )


def _fixed(api: Api, call: Call) -> tuple[bool, str]:
    """Whether the call already holds the entry's fix, and when not, why
    doctor cannot be sure it fails."""
    fix = _FIXED_BY.get(api.id)
    if fix is None:
        return False, ""
    keywords, tests, doubt = fix
    if any(k.name in keywords for k in call.keywords) or call.conditions & tests:
        return True, ""
    return False, doubt


def _collect(index: Index, scan: Scan, result: FileFacts, text: str) -> None:
    uses = result.uses
    called_at = {call.func_span.start for call in scan.calls}
    result.instances = dict(scan.instances)
    for imp in scan.imports:
        if imp.level:
            continue
        span = imp.span
        written = imp.written
        if written in ("flask.ext", "flaskext") and imp.name:
            written = f"{written}.{imp.name}"
        result.imports.append(
            ImportFact(
                imp.qualname,
                span.lineno,
                span.col,
                imp.deferred,
                written,
                guard=imp.guard,
                conditional=imp.conditional,
            )
        )
        name_span = imp.name_span
        for api in index.lookup(imp.qualname):
            if api.kind == "default" and api.id.endswith(".call"):
                continue  # the name used uncalled is the change, not its import
            uses.append(
                Use(
                    api.id,
                    name_span.lineno,
                    name_span.col,
                    imp.deferred,
                    guard=imp.guard,
                )
            )
    for ref in scan.references:
        if ref.qualname in _GOVERNING:
            result.used.add(ref.qualname)
        for api in index.lookup(ref.qualname):
            if api.kind == "default" and api.id.endswith(".call"):
                # ``@jwt_required`` where ``@jwt_required()`` is now needed.
                if ref.span.start in called_at:
                    continue
            uses.append(
                Use(
                    api.id, ref.span.lineno, ref.span.col, ref.deferred, guard=ref.guard
                )
            )
        # ``from app import app`` resolves ``app.before_first_request`` to
        # ``app.app.before_first_request``: still a method use by name.
        if ref.via == "attribute":
            head, _, name = ref.qualname.rpartition(".")
            line, col = ref.span.end_lineno, ref.span.end_col - len(name)
            for api in index.methods.get(name, ()):
                if f"{head}.{name}" in index.names:
                    continue  # the entry by its qualified name says it
                uses.append(
                    _by_name(api, line, col, ref.deferred, ref.guard, head=head)
                )
            for api in index.dotted.get(name, ()):
                if head.endswith((api.name or "").rpartition(".")[0]):
                    uses.append(
                        Use(
                            api.id,
                            line,
                            col,
                            ref.deferred,
                            _needs(api),
                            guard=ref.guard,
                        )
                    )
    for method in scan.methods:
        span = method.name_span
        for api in index.methods.get(method.name, ()):
            uses.append(
                _by_name(
                    api,
                    span.lineno,
                    span.col,
                    method.deferred,
                    method.guard,
                    path=method.receiver_path,
                    typed=method.receiver_type,
                )
            )
        for api in index.dotted.get(method.name, ()):
            owner = (api.name or "").rpartition(".")[0]
            receiver = text[method.span.start : span.start].rstrip(" \t.\\\r\n")
            if receiver.endswith(owner):
                uses.append(
                    Use(
                        api.id,
                        span.lineno,
                        span.col,
                        method.deferred,
                        _needs(api),
                        guard=method.guard,
                    )
                )
    for call in scan.calls:
        # ``query.paginate(1, 20)``, ``current_user.is_authenticated()``.
        name = call.method or (call.callee or "").rpartition(".")[2]
        for api in index.called.get(name, ()):
            if not _called(api, call):
                continue
            fixed, doubt = _fixed(api, call)
            if fixed:
                continue
            line = call.func_span.end_lineno
            col = call.func_span.end_col - len(name)
            if call.callee == f"{api.module}.{name}" or owner_of(api) is None:
                # The function itself needs no more proof.
                sure = call.callee == f"{api.module}.{name}"
                use = Use(
                    api.id,
                    line,
                    col,
                    call.deferred,
                    None if sure else _needs(api),
                    guard=call.guard,
                )
            elif call.callee is not None:
                use = _by_name(
                    api,
                    line,
                    col,
                    call.deferred,
                    call.guard,
                    head=call.callee.rpartition(".")[0],
                )
            else:
                use = _by_name(
                    api,
                    line,
                    col,
                    call.deferred,
                    call.guard,
                    path=call.receiver_path,
                    typed=call.receiver_type,
                )
            uses.append(dataclasses.replace(use, doubt=doubt))
        needs = None
        changed = index.keywords.get(call.callee or "", ())
        if not changed:
            # A method, on a receiver unknown or resolved to something that
            # is not the owner (``from app import db``; ``db.paginate``).
            name = call.method or (call.callee or "").rpartition(".")[2]
            changed = index.method_keywords.get(name, ())
            needs = "*"
        for api in changed:
            for keyword in call.keywords:
                if keyword.name != api.name:
                    continue
                span = keyword.name_span
                if not needs:
                    uses.append(
                        Use(
                            api.id,
                            span.lineno,
                            span.col,
                            call.deferred,
                            guard=call.guard,
                        )
                    )
                elif call.callee is not None:
                    uses.append(
                        _by_name(
                            api,
                            span.lineno,
                            span.col,
                            call.deferred,
                            call.guard,
                            head=call.callee.rpartition(".")[0],
                        )
                    )
                else:
                    uses.append(
                        _by_name(
                            api,
                            span.lineno,
                            span.col,
                            call.deferred,
                            call.guard,
                            path=call.receiver_path,
                            typed=call.receiver_type,
                        )
                    )
    for key in scan.config_keys:
        result.config_keys.add(key.key)
        for api in index.config.get(key.key, ()):
            uses.append(
                Use(api.id, key.span.lineno, key.span.col, key.deferred, _needs(api))
            )
    # ``Flask(__name__)``, or a class of its own made from Flask's.
    result.creates_app = any(c.callee in _FLASK_CLASSES for c in scan.calls) or any(
        base.qualname in _FLASK_CLASSES for cls in scan.classes for base in cls.bases
    )


#: What creates a Flask application.
_FLASK_CLASSES = frozenset({"flask.Flask", "flask.app.Flask"})
_SEND = ("send_file", "send_from_directory")
#: Changed config defaults -> what the code must use for the default to
#: matter: names it refers to, ``config:KEY`` (a key it names), or
#: ``static`` (a ``static`` folder an application serves).
GOVERNED_BY: dict[str, frozenset[str]] = {
    "flask.JSONIFY_PRETTYPRINT_REGULAR.default": frozenset(
        {"flask.jsonify", "flask.json.jsonify", "flask.helpers.jsonify"}
    ),
    "flask.SEND_FILE_MAX_AGE_DEFAULT.default": frozenset(
        {f"flask.{n}" for n in _SEND}
        | {f"flask.helpers.{n}" for n in _SEND}
        | {"static"}
    ),
    "flask.SESSION_COOKIE_DOMAIN.server_name": frozenset({"config:SERVER_NAME"}),
    "flask_sqlalchemy.SQLALCHEMY_TRACK_MODIFICATIONS.default": frozenset(
        f"flask_sqlalchemy.{m}{n}"
        for m in ("", "track_modifications.")
        for n in ("models_committed", "before_models_committed")
    ),
    "flask_sqlalchemy.SQLALCHEMY_RECORD_QUERIES.default": frozenset(
        {
            "flask_sqlalchemy.get_debug_queries",
            "flask_sqlalchemy.record_queries.get_recorded_queries",
        }
    ),
}
_GOVERNING = frozenset(n for names in GOVERNED_BY.values() for n in names)
